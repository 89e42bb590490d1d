"""`python -m playground.local --host 127.0.0.1 --port 8080`"""

from __future__ import annotations

import argparse
import os

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
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    serve(args.host, args.port, args.log_level, hold=args.load_timeout)


if __name__ == "__main__":
    main()
