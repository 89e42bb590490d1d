"""SmolLM2 over TGI and OpenAI routes, on each engine (xllamacpp, the default; llama-cpp-python,
the heavy tier): real token streaming, limits, stop; document QA."""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.util
import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import httpx
import pytest

from playground.local import create_app, start_server
from playground.local.adapters import llm
from tests.local.helpers import SPECS, WAIT, asset_b64, need

pytestmark = pytest.mark.slow
CHAT = "local/smollm2-135m-instruct"
MESSAGES = [{"role": "user", "content": "Write a short poem about the sea."}]
ENGINE_MODULES = {llm.XLLAMACPP: "xllamacpp", llm.LLAMA_CPP: "llama_cpp"}


@pytest.fixture(scope="module", params=list(ENGINE_MODULES))
def llm_client(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    """A local server whose chat model runs on one engine."""
    need(CHAT)
    if importlib.util.find_spec(ENGINE_MODULES[request.param]) is None:
        pytest.skip(f"{request.param} is not installed")
    spec = dataclasses.replace(SPECS[CHAT], load=partial(llm.engine, request.param))
    with (
        start_server(app=create_app([spec])) as server,
        httpx.Client(base_url=server.url, timeout=300, headers=WAIT) as http,
    ):
        yield http


def _events(response: httpx.Response) -> list[str]:
    assert response.headers["content-type"].startswith("text/event-stream")
    lines = [line for line in response.iter_lines() if line]
    assert all(line.startswith("data: ") for line in lines)
    return [line.removeprefix("data: ") for line in lines]


@pytest.mark.parametrize("path", ["/v1/chat/completions", f"/models/{CHAT}/v1/chat/completions"])
def test_chat_streams_tokens_and_stops_at_max_tokens(llm_client: httpx.Client, path: str) -> None:
    need(CHAT)
    body = {"model": "dummy", "messages": MESSAGES, "max_tokens": 12, "stream": True}
    body["stream_options"] = {"include_usage": True}
    with llm_client.stream("POST", path, json=body) as response:
        events = _events(response)
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" and c["model"] == CHAT for c in chunks)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    content = [c["choices"][0]["delta"].get("content") for c in chunks[1:] if c["choices"]]
    pieces = [piece for piece in content if piece]
    assert len(pieces) >= 8
    finals = [c for c in chunks if c["choices"] and c["choices"][0]["finish_reason"]]
    assert [f["choices"][0]["finish_reason"] for f in finals] == ["length"]
    assert chunks[-1]["usage"]["completion_tokens"] == 12


def test_chat_without_streaming(llm_client: httpx.Client) -> None:
    need(CHAT)
    body = {"messages": MESSAGES, "max_tokens": 200, "temperature": 0, "seed": 1}
    reply = llm_client.post("/v1/chat/completions", json=body).json()
    [choice] = reply["choices"]
    assert choice["message"]["role"] == "assistant"
    assert len(choice["message"]["content"].split()) > 5
    assert choice["finish_reason"] in ("stop", "length")
    assert reply["usage"]["total_tokens"] == sum(
        reply["usage"][k] for k in ("prompt_tokens", "completion_tokens")
    )
    again = llm_client.post("/v1/chat/completions", json=body).json()
    assert again["choices"][0]["message"] == choice["message"]


def test_tgi_generate_stream(llm_client: httpx.Client) -> None:
    need(CHAT)
    body = {
        "inputs": "The capital of France is",
        "parameters": {"max_new_tokens": 8, "details": True},
    }
    with llm_client.stream("POST", "/generate_stream", json=body) as response:
        events = [json.loads(e) for e in _events(response)]
    assert [e["index"] for e in events] == list(range(1, len(events) + 1))
    assert len(events) == 8
    assert all(e["generated_text"] is None for e in events[:-1])
    final = events[-1]
    assert final["generated_text"] == "".join(e["token"]["text"] for e in events)
    assert final["details"]["finish_reason"] == "length"
    assert final["details"]["generated_tokens"] == 8
    token = events[0]["token"]
    assert isinstance(token["id"], int)
    assert token["logprob"] <= 0
    assert token["special"] is False


def test_tgi_generate_and_compat_routes(llm_client: httpx.Client) -> None:
    need(CHAT)
    body = {"inputs": "Paris is", "parameters": {"max_new_tokens": 5, "details": True}}
    single = llm_client.post("/generate", json=body).json()
    assert isinstance(single["generated_text"], str)
    assert single["details"]["generated_tokens"] == len(single["details"]["tokens"]) == 5
    listed = llm_client.post(f"/models/{CHAT}", json=body).json()
    assert listed[0]["generated_text"] == single["generated_text"]
    full = llm_client.post(
        "/",
        json={"inputs": "Paris is", "parameters": {"max_new_tokens": 3, "return_full_text": True}},
    ).json()
    assert full[0]["generated_text"].startswith("Paris is")


def test_a_stop_sequence_ends_generation_and_stays_in_the_text(llm_client: httpx.Client) -> None:
    need(CHAT)
    body = {"inputs": "Count: one, two,", "parameters": {"max_new_tokens": 12, "details": True}}
    free = llm_client.post("/generate", json=body).json()
    tokens = [t["text"] for t in free["details"]["tokens"]]
    word = next(t for t in tokens[3:] if t.strip())  # greedy: the same text comes again
    body["parameters"]["stop"] = [word]
    stopped = llm_client.post("/generate", json=body).json()
    assert stopped["generated_text"].endswith(word)
    assert stopped["generated_text"] in free["generated_text"]
    assert stopped["details"]["finish_reason"] == "stop_sequence"


def test_generation_validation_errors(llm_client: httpx.Client) -> None:
    need(CHAT)
    too_long = llm_client.post(
        "/generate", json={"inputs": "hi " * 3000, "parameters": {"max_new_tokens": 10}}
    )
    assert too_long.status_code == 422
    assert "Input validation error" in too_long.json()["error"]
    bad_tokens = llm_client.post(
        "/generate", json={"inputs": "hi", "parameters": {"max_new_tokens": 0}}
    )
    assert bad_tokens.status_code == 422
    no_messages = llm_client.post("/v1/chat/completions", json={"messages": []})
    assert no_messages.status_code == 422
    images = [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]
    assert llm_client.post("/v1/chat/completions", json={"messages": images}).status_code == 422


def test_document_question_answering_on_the_invoice(client: httpx.Client) -> None:
    need("local/docqa-ocr-smollm2")
    image = asset_b64("invoice.png")
    cases = {"What is the total due?": "$1,234.56", "What is the invoice number?": "4521"}
    for question, expected in cases.items():
        body = {"inputs": {"image": image, "question": question}}
        [answer] = client.post("/models/local/docqa-ocr-smollm2", json=body).json()
        assert answer["answer"] == expected
        assert 0 < answer["score"] <= 1
        assert answer["start"] == answer["end"]
    legacy = client.post(
        "/models/local/docqa-ocr-smollm2",
        json={"image": image, "question": "What is the invoice number?"},
    )
    assert legacy.json()[0]["answer"] == "4521"


def test_openai_completions_route(llm_client: httpx.Client) -> None:
    need(CHAT)
    body = {"model": CHAT, "prompt": "The sea is", "max_tokens": 4}
    reply = llm_client.post("/v1/completions", json=body).json()
    assert reply["object"] == "text_completion"
    assert reply["choices"][0]["finish_reason"] == "length"
    with llm_client.stream(
        "POST", f"/models/{CHAT}/v1/completions", json=body | {"stream": True}
    ) as r:
        events = _events(r)
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e)["choices"][0] for e in events[:-1]]
    assert [c["finish_reason"] for c in chunks] == [None] * 4 + ["length"]


def test_a_dropped_stream_stops_generating(llm_client: httpx.Client) -> None:
    need(CHAT)
    body = {"inputs": "Write a very long story.", "parameters": {"max_new_tokens": 1000}}
    with llm_client.stream("POST", "/generate_stream", json=body) as response:
        lines = response.iter_lines()
        assert next(lines).startswith("data: ")
    started = time.monotonic()
    quick = llm_client.post("/generate", json={"inputs": "Hi", "parameters": {"max_new_tokens": 2}})
    assert quick.status_code == 200
    assert time.monotonic() - started < 5


def test_xllamacpp_listens_on_no_tcp_port() -> None:
    """xllamacpp always starts llama.cpp's HTTP server: it must be a Unix socket in a private
    folder, behind a key, and open no TCP port."""
    need(CHAT)
    if importlib.util.find_spec("xllamacpp") is None:
        pytest.skip("xllamacpp is not installed")
    from playground.local.adapters.xllama import XLlama

    before = _tcp_listeners()
    model = XLlama()
    assert _tcp_listeners() == before
    socket_path = model.server.listening_address.removeprefix("unix://")
    assert socket_path != model.server.listening_address
    assert stat.S_IMODE(os.stat(os.path.dirname(socket_path)).st_mode) == 0o700
    with httpx.Client(transport=httpx.HTTPTransport(uds=socket_path)) as anonymous:
        assert anonymous.post("http://x/tokenize", json={"content": "hi"}).status_code == 401
    assert model.tokenize("hi")
    model.http.close()


def _tcp_listeners() -> set[str]:
    """Inodes of this process's listening TCP sockets, from /proc/net/tcp and tcp6."""
    own = set()
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            own.add(os.readlink(f"/proc/self/fd/{fd}"))
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and f"socket:[{fields[9]}]" in own:
                found.add(fields[9])
    return found


def test_the_legacy_conversational_task_keeps_the_conversation(llm_client: httpx.Client) -> None:
    need(CHAT)
    first = {"inputs": {"text": "Hi! What is your name?"}, "parameters": {"max_length": 30}}
    reply = llm_client.post(f"/models/{CHAT}", json=first).json()
    assert reply["generated_text"].strip()
    assert reply["conversation"] == {
        "past_user_inputs": ["Hi! What is your name?"],
        "generated_responses": [reply["generated_text"]],
    }
    assert reply["warnings"] == []
    second = {
        "inputs": {"text": "Tell me a joke.", **reply["conversation"]},
        "parameters": {"max_length": 30, "max_time": 5, "seed": 1},
    }
    again = llm_client.post(f"/models/{CHAT}/pipeline/conversational", json=second).json()
    assert again["conversation"]["past_user_inputs"] == [
        "Hi! What is your name?",
        "Tell me a joke.",
    ]
    assert again["conversation"]["generated_responses"][-1] == again["generated_text"]
    assert again["warnings"] == ["The local model ignores the parameter 'max_time'."]
    odd = {"inputs": {"text": "Hi", "past_user_inputs": [], "generated_responses": ["x"]}}
    assert llm_client.post(f"/models/{CHAT}", json=odd).status_code == 422


def test_usage_counts_tokens_when_characters_span_several(llm_client: httpx.Client) -> None:
    """A Japanese character can take two tokens that llama.cpp streams as one piece: usage and
    TGI's details count the model's tokens, not the pieces."""
    need(CHAT)
    prompt = "Write an emoji-filled tweet about cats 🐱🎉 in Japanese: "
    parameters = {"max_new_tokens": 12, "temperature": 1.0, "seed": 7, "details": True}
    body = {"inputs": prompt, "parameters": parameters}
    reply = llm_client.post(f"/models/{CHAT}", json=body).json()
    details = (reply[0] if isinstance(reply, list) else reply)["details"]
    assert details["finish_reason"] == "length"
    assert details["generated_tokens"] == 12
    assert len(details["tokens"]) <= 12


@pytest.mark.parametrize("name", list(ENGINE_MODULES))
def test_a_loaded_engine_leaves_quietly_at_exit(name: str) -> None:
    """A process that loaded the chat model exits without llama_cpp's TypeError from a
    `__del__` run after its module was torn down, or an unclosed socket to xllamacpp."""
    need(CHAT)
    if importlib.util.find_spec(ENGINE_MODULES[name]) is None:
        pytest.skip(f"{name} is not installed")
    script = (
        "from playground.local.adapters.llm import engine, Sampling\n"
        f"print(len(engine({name!r}).tokens('Hello there', Sampling())))\n"
    )
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-c", script],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) > 0
    # (llama_cpp leaves two /dev/null files of its own open at import: not ours to close.)
    assert "Traceback" not in done.stderr and "unclosed <socket" not in done.stderr, done.stderr
