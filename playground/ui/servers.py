"""What server answers at a custom URL: TGI, TEI, an OpenAI-compatible server, a plain inference
endpoint. Test connection says it in a sentence; calls to a bare base URL use it to pick the
routes (a text-generation call to a TGI root goes to /generate, to an OpenAI-compatible server
to /v1/completions) instead of posting to the root and failing there.

Answers are kept per base URL for a few minutes, in a bounded map."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from playground.client import AsyncInferenceClient, InferenceError
from playground.client.plan import Reply
from playground.client.targets import Family

__all__ = ["Server", "ServerKinds", "describe_info", "identify"]

MAX_KNOWN = 256
KEEP_SECONDS = 300.0


@dataclass(frozen=True)
class Server:
    """The family of a server (None: not a known kind) and one line saying what it is."""

    family: Family | None
    summary: str


LOCAL_ROUTER = "playground-local"  # the `router` our local server's /info names


def _json(reply: Reply) -> Any:
    try:
        return reply.json()
    except ValueError:
        return None


def describe_info(info: Mapping[str, Any]) -> str:
    """One line from a TGI or TEI `/info` (or our local server's, which speaks TGI at its root
    for its chat model and serves every local model under /models)."""
    if info.get("router") == LOCAL_ROUTER:
        return (
            "the playground's local server: every local model at `/models/{id}`, and TGI's "
            f"routes at its root for **{info.get('model_id')}**"
        )
    if "model_type" in info:
        kind = info["model_type"]
        kind = next(iter(kind), "model") if isinstance(kind, dict) else kind
        return (
            f"TEI {info.get('version', '')} serving **{info.get('model_id')}** ({kind}, "
            f"max input {info.get('max_input_length')} tokens)"
        )
    return (
        f"TGI {info.get('version', '')} serving **{info.get('model_id')}** (max total "
        f"{info.get('max_total_tokens')} tokens, max input "
        f"{info.get('max_input_tokens', info.get('max_input_length'))})"
    )


def _from_info(reply: Reply) -> Server | None:
    data = _json(reply)
    if reply.status != 200 or not isinstance(data, Mapping):
        return None
    if "model_type" in data:
        return Server(Family.TEI, describe_info(data))
    if "max_total_tokens" in data or "router" in data:
        return Server(Family.TGI, describe_info(data))
    return None


def _from_models(reply: Reply) -> Server | None:
    data = _json(reply)
    if reply.status != 200 or not isinstance(data, Mapping):
        return None
    models = data.get("data")
    if not isinstance(models, list):
        return None
    names = ", ".join(f"**{item.get('id')}**" for item in models[:5] if isinstance(item, Mapping))
    return Server(Family.OPENAI, f"an OpenAI-compatible server serving {names or 'no model'}")


async def identify(client: AsyncInferenceClient, url: str) -> Server:
    """Ask the server what it is: `/info` (TGI, TEI), `/v1/models` (OpenAI-compatible),
    `/health` (an inference endpoint); else say what its root answered."""
    base = url.rstrip("/").removesuffix("/v1")
    known = _from_info(await client.get(f"{base}/info"))
    known = known or _from_models(await client.get(f"{base}/v1/models"))
    if known is not None:
        return known
    if (await client.get(f"{base}/health")).status == 200:
        return Server(None, "an inference endpoint (its /health answers 200)")
    root = await client.get(url)
    return Server(None, f"not a known inference server (GET {url} answered {root.status})")


class ServerKinds:
    """What answered at each base URL lately (`identify`, remembered for KEEP_SECONDS)."""

    def __init__(self, capacity: int = MAX_KNOWN, keep: float = KEEP_SECONDS) -> None:
        self.capacity, self.keep = capacity, keep
        self._known: OrderedDict[str, tuple[float, Server]] = OrderedDict()

    def known(self, url: str) -> Server | None:
        """What answered at `url` lately, without asking (None: not asked, or forgotten)."""
        found = self._known.get(url)
        if found is None or time.monotonic() - found[0] >= self.keep:
            return None
        return found[1]

    async def of(self, client: AsyncInferenceClient, url: str) -> Server:
        """The server at `url`; one that can't be asked counts as unknown (the call itself will
        then say what is wrong)."""
        now = time.monotonic()
        found = self._known.get(url)
        if found is not None and now - found[0] < self.keep:
            self._known.move_to_end(url)
            return found[1]
        try:
            server = await identify(client, url)
        except InferenceError as error:
            return Server(None, str(error))
        self._known[url] = (now, server)
        while len(self._known) > self.capacity:
            self._known.popitem(last=False)
        return server
