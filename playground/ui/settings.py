"""App settings from the environment and the command line. Immutable and shared by all users."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from playground.client.targets import default_inference_endpoint

__all__ = ["Settings", "parse_settings"]

TARGET_KINDS = ("local", "hf", "custom")


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    """host/port: where the app listens. target: the default target kind. custom_url: default
    endpoint URL for the custom target. hf_token: the host's token (a Space secret), used for the
    Hugging Face target when a visitor gives none; never sent to the page. public: a public
    demo (custom URLs can't reach private addresses, uploads are capped). local_server: start
    the embedded local server. concurrency: events run at once per tab."""

    host: str = "127.0.0.1"
    port: int = 7860
    target: str = "local"
    custom_url: str = ""
    hf_endpoint: str = field(default_factory=default_inference_endpoint)
    hf_token: str | None = field(default=None, repr=False)
    timeout: float = 120.0
    public: bool = False
    local_server: bool = True
    local_url: str | None = None
    concurrency: int = 32
    max_upload_mb: int = 25
    tasks: tuple[str, ...] = ()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Run the Inference Playground.")
    parser.add_argument("--host", default=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "7860")))
    parser.add_argument(
        "--target",
        choices=TARGET_KINDS,
        default=os.environ.get("PLAYGROUND_TARGET"),
        help="default target: the embedded local server, Hugging Face, or a URL",
    )
    parser.add_argument(
        "--url",
        default=os.environ.get("PLAYGROUND_URL", ""),
        help="endpoint URL for the custom target (TGI, TEI, OpenAI-compatible...)",
    )
    parser.add_argument(
        "--timeout", type=float, default=float(os.environ.get("PLAYGROUND_TIMEOUT", "120"))
    )
    parser.add_argument(
        "--public",
        action="store_true",
        default=_flag("PLAYGROUND_PUBLIC"),
        help="public demo: block private addresses, cap uploads",
    )
    parser.add_argument(
        "--no-local",
        action="store_true",
        default=_flag("PLAYGROUND_NO_LOCAL"),
        help="don't start the embedded local server",
    )
    parser.add_argument(
        "--local-url",
        default=os.environ.get("PLAYGROUND_LOCAL_URL"),
        help="use an already running local server instead of starting one",
    )
    parser.add_argument(
        "--concurrency", type=int, default=int(os.environ.get("PLAYGROUND_CONCURRENCY", "32"))
    )
    parser.add_argument(
        "--tasks",
        default=os.environ.get("PLAYGROUND_TASKS", ""),
        help="comma-separated task ids to show (default: all)",
    )
    return parser


def parse_settings(argv: Sequence[str] | None = None) -> Settings:
    """Settings from the command line, falling back to environment variables. The token comes
    only from the environment (`HF_TOKEN`), never from the command line."""
    args = _parser().parse_args(argv)
    token = os.environ.get("HF_TOKEN", "").strip() or None
    target = args.target or ("custom" if args.url else "hf" if token else "local")
    return Settings(
        host=args.host,
        port=args.port,
        target=target,
        custom_url=args.url,
        hf_token=token,
        timeout=args.timeout,
        public=args.public,
        local_server=not args.no_local,
        local_url=args.local_url,
        concurrency=max(1, args.concurrency),
        tasks=tuple(task.strip() for task in args.tasks.split(",") if task.strip()),
    )
