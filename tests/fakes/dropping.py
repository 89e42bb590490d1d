"""A loopback HTTP/1.1 server for one connection-level fault: a stream that ends abnormally,
after which the server drops the keep-alive connection without having said so.

llama-cpp-python's server does this when generation fails inside a stream (200, an empty or
partial chunked body with no `[DONE]` and no finish_reason, then EOF, no `Connection: close`);
when its FIN loses the race with the client's next request, that request gets no answer. This
server makes the race certain: after such a stream it keeps the connection until the next
request arrives on it, then closes it unanswered. Everything else (`GET /v1/models`, chat
completions without `stream`) gets a normal keep-alive answer.

    with DroppingServer() as url:   # "http://127.0.0.1:PORT/v1"
        ...
"""

from __future__ import annotations

import json
import socket
import threading
from typing import Any, BinaryIO

__all__ = ["DroppingServer"]

MODEL = "dropping-model"
_CHUNK = {
    "id": "chatcmpl-dropping",
    "object": "chat.completion.chunk",
    "created": 1700000000,
    "model": MODEL,
    "choices": [{"index": 0, "delta": {"content": "Hel"}, "finish_reason": None}],
}
_COMPLETION = {
    "id": "chatcmpl-dropping",
    "object": "chat.completion",
    "created": 1700000000,
    "model": MODEL,
    "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "Hello"}, "finish_reason": "stop"}
    ],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
}


class DroppingServer:
    """Counts the connections it accepted (`connections`) and the requests it left unanswered
    (`dropped`)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.connections = 0
        self.dropped = 0
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/v1"

    def __exit__(self, *exc_info: object) -> None:
        self.sock.close()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn, conn.makefile("rb") as reader:
            broken = False
            while (request := _read_request(reader)) is not None:
                if broken:
                    self.dropped += 1
                    return  # closes the connection: this request gets no answer
                path, body = request
                if path.endswith("/models"):
                    conn.sendall(_json({"object": "list", "data": [{"id": MODEL}]}))
                elif body.get("stream"):
                    conn.sendall(_abnormal_stream())
                    broken = True
                else:
                    conn.sendall(_json(_COMPLETION))


def _read_request(reader: BinaryIO) -> tuple[str, dict[str, Any]] | None:
    line = reader.readline()
    if not line:
        return None
    path = line.split()[1].decode()
    length = 0
    while (header := reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = header.decode().partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    raw = reader.read(length) if length else b""
    return path, json.loads(raw) if raw else {}


def _json(payload: Any) -> bytes:
    body = json.dumps(payload).encode()
    head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
    return f"{head}content-length: {len(body)}\r\n\r\n".encode() + body


def _abnormal_stream() -> bytes:
    event = f"data: {json.dumps(_CHUNK)}\n\n".encode()
    head = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n"
    return head + b"\r\n" + f"{len(event):x}\r\n".encode() + event + b"\r\n0\r\n\r\n"
