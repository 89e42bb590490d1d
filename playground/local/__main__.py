"""`python -m playground.local --host 127.0.0.1 --port 8080`"""

from __future__ import annotations

import argparse
import os
import threading
import time

from .manager import DEFAULT_HOLD
from .server import serve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m playground.local",
        description="Serve the playground's local models over the HF inference, TGI and "
        "OpenAI wire protocols.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on")
    parser.add_argument("--log-level", default="info", help="uvicorn log level")
    parser.add_argument(
        "--load-timeout",
        type=float,
        default=DEFAULT_HOLD,
        help="seconds a request for a cold model is held while it loads before a 503 "
        "(x-wait-for-model: true waits longer, false not at all)",
    )
    parser.add_argument("--fd", type=int, help="serve on this inherited listening socket")
    parser.add_argument("--parent", type=int, help="exit when this process is gone")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    if args.parent:
        threading.Thread(target=_exit_with_parent, args=(args.parent,), daemon=True).start()
    serve(args.host, args.port, args.log_level, hold=args.load_timeout, fd=args.fd)


def _exit_with_parent(parent: int) -> None:
    """A supervised server must not outlive its supervisor, even one killed with SIGKILL."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


if __name__ == "__main__":
    main()
