"""Generic job shapes (JSON in/out, binary-or-base64 in, binary out) and shared parse helpers."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from ..bodies import clean
from ..context import CallContext, send
from ..error_mapping import host_of
from ..errors import ResponseFormatError, ValidationError
from ..families import adapter_for
from ..media import MediaInput, resolve_media
from ..plan import Job, Reply, Send, Steps
from ..targets import Target, task_url
from ..types import Output

__all__ = [
    "binary_job",
    "clean",
    "expect_list",
    "inputs_body",
    "json_job",
    "list_of",
    "reply_json",
    "require_text",
    "send_json",
    "served_model_name",
    "text_field",
    "unwrap_single",
]

T = TypeVar("T")
OutputT = TypeVar("OutputT", bound=Output)
PayloadBuilder = Callable[[Target], Any]
Parser = Callable[[Reply], T]


def inputs_body(
    inputs: Any, parameters: Mapping[str, Any] | None, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """`{"inputs", "parameters"}`; no `parameters` key when none are set."""
    params = {**clean(parameters), **(extra or {})}
    return {"inputs": inputs, "parameters": params} if params else {"inputs": inputs}


def require_text(text: Any, name: str = "text") -> None:
    if not isinstance(text, str) or not text.strip():
        raise ValidationError(f"`{name}` must be a non-empty string.")


def text_field(data: Any, field: str, task: str) -> str:
    """The text of `{field}` in a reply (an object, or a list of one)."""
    data = unwrap_single(data)
    if isinstance(data, list) and data:
        data = data[0]
    if not isinstance(data, Mapping) or not isinstance(data.get(field), str):
        raise ResponseFormatError(
            f"Expected [{{{field}}}] for {task}, got {data!r:.200}", body=data
        )
    return str(data[field])


def _where(reply: Reply) -> str:
    return host_of(reply.url)


def reply_json(reply: Reply, task: str) -> Any:
    """Decode a JSON reply; a non-JSON body is a ResponseFormatError that says what came back."""
    try:
        return reply.json()
    except ValueError:
        kind = reply.content_type or "no content type"
        raise ResponseFormatError(
            f"The server at {_where(reply)} answered {task} with {kind} instead of JSON.",
            body=reply.text[:2000],
        ) from None


def expect_list(data: Any, task: str) -> list[Any]:
    if not isinstance(data, list):
        raise ResponseFormatError(
            f"Expected a list for {task}, got {type(data).__name__}: {json.dumps(data)[:200]}",
            body=data,
        )
    return data


def unwrap_single(data: Any) -> Any:
    """`[x]` → `x`; anything else unchanged (servers disagree on list-of-one vs object)."""
    if isinstance(data, list) and len(data) == 1:
        return data[0]
    return data


def list_of(
    cls: type[OutputT], data: Any, task: str, required: tuple[str, ...] = ()
) -> list[OutputT]:
    """Parse a list of objects, checking that each has the fields the task promises."""
    items = expect_list(data, task)
    out: list[OutputT] = []
    for item in items:
        if not isinstance(item, Mapping) or any(key not in item for key in required):
            raise ResponseFormatError(
                f"Each {task} result must be an object with {', '.join(required)}; got "
                f"{json.dumps(item)[:200]}",
                body=data,
            )
        out.append(cls.parse(item))
    return out


def send_json(
    ctx: CallContext, target: Target, url: str, payload: Any, accept: str | None
) -> Steps[Reply]:
    return (
        yield from send(
            ctx,
            lambda wait: ctx.request(target, url, json=payload, accept=accept, wait_for_model=wait),
        )
    )


def served_model_name(ctx: CallContext, target: Target, name: str | None) -> Steps[str | None]:
    """Servers that want a model name (OpenAI-compatible ones): when none was given, ask
    `/v1/models` once (vLLM and llama.cpp serve one model) and remember the answer per server."""
    if name or not adapter_for(target.family).needs_model_name:
        return name
    known = ctx.memory.served_models.get(target.url)
    if known is not None:
        return known
    reply: Reply = yield Send(ctx.request(target, f"{target.url}/v1/models", method="GET"))
    try:
        served = str(reply.json()["data"][0]["id"])
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    ctx.memory.served_models.put(target.url, served)
    return served


def json_job(
    task: str,
    model: str | None,
    payload: PayloadBuilder | Any,
    parse: Parser[T],
    *,
    accept: str | None = None,
) -> Job[T]:
    """JSON in, parsed reply out. `payload` may depend on the target (a callable of it)."""

    def steps(ctx: CallContext) -> Steps[T]:
        target = ctx.target(task, model)
        body = payload(target) if callable(payload) else payload
        reply = yield from send_json(ctx, target, task_url(target, task), body, accept)
        return parse(reply)

    return Job(task, steps)


def binary_job(
    task: str,
    model: str | None,
    media: MediaInput,
    parse: Parser[T],
    *,
    parameters: Mapping[str, Any] | None = None,
    accept: str | None = None,
) -> Job[T]:
    """Raw bytes with their Content-Type when there are no parameters, else JSON with base64."""
    params = clean(parameters)

    def steps(ctx: CallContext) -> Steps[T]:
        data = yield from resolve_media(media, ctx.config.max_input_bytes)
        target = ctx.target(task, model)
        url = task_url(target, task)
        if params:
            body = {"inputs": data.base64(), "parameters": params}
            reply = yield from send_json(ctx, target, url, body, accept)
        else:
            reply = yield from send(
                ctx,
                lambda wait: ctx.request(
                    target,
                    url,
                    content=data.data,
                    content_type=data.content_type,
                    accept=accept,
                    wait_for_model=wait,
                ),
            )
        return parse(reply)

    return Job(task, steps)
