"""App settings from the environment and the command line. Immutable and shared by all users."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from playground.client.targets import default_inference_endpoint

__all__ = ["DEFAULT_LOCAL_PORT", "Settings", "parse_settings"]

TARGET_KINDS = ("local", "hf", "custom")
# Where the embedded local server listens (a free port if it is taken): snippets stay valid
# across restarts, and `python -m playground.local` serves the same URL on its own.
DEFAULT_LOCAL_PORT = 8080


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    """host/port: where the app listens. target: the default target kind. custom_url: default
    endpoint URL for the custom target. hf_token: the host's token (a Space secret), used for the
    Hugging Face target when a visitor gives none, and only sent to `hf_endpoint`; never sent to
    the page. public: a public demo (no private addresses, capped timeouts and bodies, fair
    share per visitor, a budget on the host's token). local_server: start the embedded local
    server, on 127.0.0.1:local_port (0: any free port). concurrency: events run at once per tab.

    Public mode's limits: max_timeout caps the visitor's Timeout box (seconds, the whole call);
    max_response_mb caps a response or a stream; visitor_calls is how many calls one visitor may
    run at once (total_calls for everyone); host_calls_per_minute/host_calls_per_day is each
    visitor's budget on the host token. trusted_proxies: how many proxies in front of the app
    append to X-Forwarded-For (1 on a Space), to tell visitors apart. oauth: show "Sign in with
    Hugging Face" (a Space with `hf_oauth: true`)."""

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
    local_port: int = DEFAULT_LOCAL_PORT
    concurrency: int = 32
    max_upload_mb: int = 25
    tasks: tuple[str, ...] = ()
    max_timeout: float = 120.0
    max_response_mb: int = 32
    visitor_calls: int = 4
    total_calls: int = 64
    host_calls_per_minute: float = 10.0
    host_calls_per_day: int = 200
    trusted_proxies: int = 0
    oauth: bool = False

    @property
    def call_timeout_cap(self) -> float | None:
        return self.max_timeout if self.public else None


def _number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        raise SystemExit(f"{name} must be a number, not {os.environ[name]!r}.") from None


def _on_a_space() -> bool:
    return bool(os.environ.get("SPACE_ID"))


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
        default=_flag("PLAYGROUND_PUBLIC", default=_on_a_space()),
        help="public demo: no private addresses, capped calls, fair share per visitor "
        "(default on a Space; PLAYGROUND_PUBLIC=0 turns it off)",
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
        "--local-port",
        type=int,
        default=int(os.environ.get("PLAYGROUND_LOCAL_PORT", DEFAULT_LOCAL_PORT)),
        help=f"port of the embedded local server (default {DEFAULT_LOCAL_PORT}; a free one if "
        "taken; 0: any free port)",
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
        **_public_limits(),
        host=args.host,
        port=args.port,
        target=target,
        custom_url=args.url,
        hf_token=token,
        timeout=args.timeout,
        public=args.public,
        local_server=not args.no_local,
        local_url=args.local_url,
        local_port=args.local_port,
        concurrency=max(1, args.concurrency),
        tasks=tuple(task.strip() for task in args.tasks.split(",") if task.strip()),
    )


class _PublicLimits(TypedDict):
    """The Settings fields _public_limits reads from the environment."""

    max_timeout: float
    max_response_mb: int
    visitor_calls: int
    total_calls: int
    host_calls_per_minute: float
    host_calls_per_day: int
    trusted_proxies: int
    oauth: bool


def _public_limits() -> _PublicLimits:
    """Public mode's limits, from the environment (see Settings)."""
    return {
        "max_timeout": _number("PLAYGROUND_MAX_TIMEOUT", 120),
        "max_response_mb": int(_number("PLAYGROUND_MAX_RESPONSE_MB", 32)),
        "visitor_calls": max(1, int(_number("PLAYGROUND_VISITOR_CALLS", 4))),
        "total_calls": max(1, int(_number("PLAYGROUND_TOTAL_CALLS", 64))),
        "host_calls_per_minute": _number("PLAYGROUND_HOST_CALLS_PER_MINUTE", 10),
        "host_calls_per_day": int(_number("PLAYGROUND_HOST_CALLS_PER_DAY", 200)),
        "trusted_proxies": int(_number("PLAYGROUND_TRUSTED_PROXIES", 1 if _on_a_space() else 0)),
        # Gradio's real sign-in routes need a Space (SYSTEM=spaces); elsewhere it would mock
        # them with the machine's own login, which a public app must never do.
        "oauth": _flag("PLAYGROUND_OAUTH", default=True)
        and bool(os.environ.get("OAUTH_CLIENT_ID"))
        and os.environ.get("SYSTEM") == "spaces",
    }
