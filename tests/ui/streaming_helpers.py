"""Driving the streaming tabs' handlers without a Gradio server: target-bar values, default
parameter values, and collecting what a handler yields."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

import httpx

from playground.tasks import TASKS
from playground.tasks.spec import TaskSpec
from playground.ui.settings import Settings
from playground.ui.tab import AppContext
from playground.ui.target import ClientFactory

CHAT = TASKS["chat-completion"]
GENERATION = TASKS["text-generation"]

# Output positions of the handlers.
CHAT_BOT, CHAT_MESSAGE, CHAT_STATUS, CHAT_RUN, CHAT_INSPECTOR = 0, 1, 2, 3, 4
GEN_TEXT, GEN_SUMMARY, GEN_PROBABILITIES, GEN_TOKENS, GEN_STATUS, GEN_RUN, GEN_INSPECTOR = range(7)


def context(transport: httpx.AsyncBaseTransport | None = None) -> AppContext:
    """A context whose factory makes real AsyncInferenceClients (aimed by each call's target).
    Pass a transport you close at the end: the factory's pool outlives its clients."""
    factory = ClientFactory(Settings(), None, transport=transport)
    return AppContext(factory=factory, target_inputs=[None] * 7)


def target(url: str, *, timeout: float = 20) -> list[Any]:
    """The target bar's values for a custom URL."""
    return ["custom", url, "", False, timeout, False, "auto"]


def param_defaults(spec: TaskSpec, **overrides: Any) -> list[Any]:
    """What the Parameters panel sends untouched (empty number boxes are empty strings)."""
    values = []
    for param in spec.params:
        value = param.value
        if value is None and param.kind in ("int", "float"):
            value = ""
        values.append(overrides.get(param.name, value))
    return values


NO_REQUEST = None  # the handlers' gr.Request (Gradio passes it; None: a local visitor)


def chat_values(
    url: str,
    message: str | None,
    history: Sequence[dict[str, Any]] = (),
    *,
    system: str = "",
    extra: str = "",
    **params: Any,
) -> list[Any]:
    return [
        NO_REQUEST,
        *target(url),
        None,
        message,
        list(history),
        system,
        *param_defaults(CHAT, **params),
        extra,
    ]


def generation_values(url: str, prompt: str, *, extra: str = "", **params: Any) -> list[Any]:
    return [NO_REQUEST, *target(url), None, prompt, *param_defaults(GENERATION, **params), extra]


async def collect(outputs: AsyncIterator[list[Any]]) -> list[list[Any]]:
    return [output async for output in outputs]


def is_skip(value: Any) -> bool:
    return isinstance(value, dict) and value.get("__type__") == "update" and len(value) == 1


def reply(chatbot: Any) -> str:
    """The last assistant message's text ("" when the chat ends with the user)."""
    if not isinstance(chatbot, list) or not chatbot or chatbot[-1]["role"] != "assistant":
        return ""
    return str(chatbot[-1]["content"])
