"""A pasted curl command mapped onto one task tab: the model box (from the URL, or an
OpenAI-style body's `model`), the tab's inputs and parameters by name, the rest into the free
JSON box, and one sentence saying what was filled and what was not. Pure: nothing is sent, and
a token in the command (an `Authorization` header) never reaches any value or the sentence."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playground.client import InputError
from playground.client.redaction import redact_tokens
from playground.client.tokens import origin_of
from playground.tasks import TASKS
from playground.tasks.chat_completion import message_text
from playground.tasks.common import local_models
from playground.tasks.spec import Field, Param, TaskSpec

from .curl_paste import guess_task, parse_curl
from .permalink import public_safe

__all__ = ["Fill", "fill_from_curl"]

TARGET_LABELS = {"local": "Local models", "hf": "Hugging Face", "custom": "Custom URL"}
# Body keys that name the request itself rather than an input or a parameter.
_ENVELOPE = ("inputs", "parameters", "model", "messages")
# Wire names of inputs whose tab field is called otherwise.
_ALIASES = {
    "source_sentence": "sentence",
    "sentences": "others",
    "candidate_labels": "labels",
    "data": "table",
}
_TEXT_KINDS = ("text", "textarea")


@dataclass
class Fill:
    """What a paste puts in a tab: values by field and parameter name (only those it sets),
    the model box (None: left as it is), the free JSON box's object, and the sentence."""

    model: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    missed: list[str] = field(default_factory=list)
    filled: bool = False


def _json(body: str | None) -> tuple[Any, str | None]:
    """The body as JSON, or why it can't fill the tab's text inputs."""
    if body is None:
        return None, None
    if body.startswith("@") or not body.lstrip().startswith(("{", "[")):
        return None, "the body (a file or media) — upload it in the tab"
    try:
        return json.loads(body), None
    except ValueError:
        return None, "the body (not valid JSON)"


def _url_model(url: str) -> str | None:
    """`/models/{id}[/pipeline/{task}]`, or the local server's `/pipeline/{task}/{id}`."""
    path = urlsplit(url).path
    found = re.search(r"/models/(.+?)(?:/pipeline/.*|/v1/.*)?$", path)
    found = found or re.search(r"^/pipeline/[a-z-]+/(.+)$", path)
    return found.group(1) if found else None


def _kind(url: str, local_url: str | None, hf_endpoint: str | None) -> str:
    for kind, base in (("local", local_url), ("hf", hf_endpoint)):
        if base and origin_of(url) == origin_of(base):
            return kind
    return "custom"


def _other_task(spec: TaskSpec, url: str) -> str | None:
    """The task the URL is for, when it names one and it isn't this tab's."""
    task = guess_task(url, None)
    model = _url_model(url)
    if task is None or task == spec.id:
        return None
    if model and any(name == model for name, _ in local_models(spec.id)):
        return None  # a local model that serves several tasks, this one among them
    return task


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _table(value: Any) -> dict[str, Any] | None:
    """A `{column: [cells]}` object as the table widget's value."""
    if not isinstance(value, Mapping) or not value:
        return None
    columns = [list(cells) if isinstance(cells, list) else [cells] for cells in value.values()]
    rows = [list(row) for row in zip(*columns, strict=False)]
    return {"headers": [str(name) for name in value], "data": rows}


def field_widget_value(spec_field: Field, value: Any) -> Any:
    """The value the field's widget shows for a wire value; None when it can't hold it."""
    kind = spec_field.kind
    if kind in _TEXT_KINDS:
        return _text(value)
    if kind == "labels":
        return ", ".join(map(str, value)) if isinstance(value, list) else _text(value)
    if kind == "lines":
        return "\n".join(map(str, value)) if isinstance(value, list) else _text(value)
    if kind == "checkbox":
        return value if isinstance(value, bool) else None
    if kind == "table":
        return _table(value)
    return None  # image, audio: a media input can't come from JSON text


def _choice_values(param: Param) -> list[Any]:
    return [c[1] if isinstance(c, tuple) else c for c in param.choices]


def param_widget_value(param: Param, value: Any) -> Any:
    """The value the parameter's widget shows for a wire value; None when it can't hold it."""
    kind = param.kind
    if kind == "checkbox":
        return value if isinstance(value, bool) else None
    if kind in ("int", "float", "slider"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return str(value) if kind != "slider" and param.value is None else value
    if kind == "dropdown":
        return value if value in _choice_values(param) else None
    if kind == "labels":
        return ", ".join(map(str, value)) if isinstance(value, list) else _text(value)
    return _text(value)


def _place(spec: TaskSpec, fill: Fill, name: str, value: Any) -> None:
    """One body key into a field, else a parameter, else the free JSON box."""
    fields = {f.name: f for f in spec.inputs}
    params = {p.name: p for p in spec.params}
    target = _ALIASES.get(name, name) if _ALIASES.get(name) in fields else name
    if target in fields:
        shown = field_widget_value(fields[target], value)
        if shown is not None:
            fill.fields[target] = shown
            return
    if name in params:
        shown = param_widget_value(params[name], value)
        if shown is not None:
            fill.params[name] = shown
            return
    fill.extra[name] = value


def _main_text(spec: TaskSpec) -> Field | None:
    return next((f for f in spec.inputs if f.kind in _TEXT_KINDS), None)


def _fill_inputs(spec: TaskSpec, fill: Fill, inputs: Any) -> None:
    if isinstance(inputs, Mapping):
        for name, value in inputs.items():
            before = len(fill.extra)
            _place(spec, fill, str(name), value)
            if len(fill.extra) > before:  # an input the tab has no field for
                fill.extra.pop(str(name))
                fill.missed.append(f"input `{name}`")
        return
    main = _main_text(spec)
    if isinstance(inputs, str) and main is not None:
        fill.fields[main.name] = inputs
    elif inputs is not None:
        fill.missed.append("`inputs` (not a text this tab takes)")


def _fill_chat(spec: TaskSpec, fill: Fill, data: Mapping[str, Any]) -> None:
    messages = data.get("messages")
    turns = [m for m in messages if isinstance(m, Mapping)] if isinstance(messages, list) else []
    system = next((m for m in turns if m.get("role") == "system"), None)
    users = [m for m in turns if m.get("role") == "user"]
    if system is not None:
        fill.fields["system"] = message_text(system.get("content"))
    if users:
        fill.fields["message"] = message_text(users[-1].get("content"))
    earlier = len([m for m in turns if m.get("role") in ("user", "assistant")]) - 1
    if earlier > 0:
        fill.missed.append(f"the {earlier} earlier turn(s) of the conversation")


def _fill_body(spec: TaskSpec, fill: Fill, data: Any) -> None:
    if not isinstance(data, Mapping):
        fill.missed.append("the body (not a JSON object)")
        return
    if spec.layout == "chat":
        _fill_chat(spec, fill, data)
    elif "messages" in data:
        fill.missed.append("`messages` (a chat request: use the Chat tab)")
    if spec.layout != "chat":
        _fill_inputs(spec, fill, data.get("inputs"))
    params = data.get("parameters")
    rest = {k: v for k, v in data.items() if k not in _ENVELOPE}
    if spec.layout == "chat":
        rest.pop("stream", None)  # the tab always streams
    for name, value in {**(params if isinstance(params, Mapping) else {}), **rest}.items():
        _place(spec, fill, str(name), value)


def _belongs_elsewhere(fill: Fill, other: TaskSpec) -> bool:
    """Whether the body's shape fits `other`'s tab rather than this one: nothing landed in a
    field here, or what was left over is an input there."""
    names = {f.name for f in other.inputs}
    left = {_ALIASES.get(name, name) for name in fill.extra}
    return not fill.fields or bool(left & names)


def _bare_url(url: str) -> str:
    """The URL without user info, query or fragment (where a key may hide)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    netloc += f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{netloc}{parts.path}"


def _model(url: str, kind: str, data: Any) -> tuple[str | None, str | None]:
    """The model box's value and, for a custom server, the URL the target bar should hold."""
    named = data.get("model") if isinstance(data, Mapping) else None
    body_model = named if isinstance(named, str) and named.strip() else None
    if kind != "custom":
        return body_model or _url_model(url), None
    if body_model:  # OpenAI style: the server is the target, the body names its model
        return body_model, _bare_url(url).split("/v1/", 1)[0]
    return _bare_url(url), None


def _masked(value: Any) -> Any:
    """Token-shaped text masked anywhere in a value (a body may carry one, like a log)."""
    if isinstance(value, str):
        return redact_tokens(value)
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    return [_masked(item) for item in value] if isinstance(value, list) else value


def _listed(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _labels(spec: TaskSpec, fill: Fill) -> list[str]:
    labels = {f.name: f.label for f in spec.inputs} | {p.name: p.label for p in spec.params}
    shown = ["the model box"] if fill.model else []
    shown += [labels[name] for name in (*fill.fields, *fill.params)]
    return shown + (["Extra parameters"] if fill.extra else [])


def _sentence(spec: TaskSpec, fill: Fill, advice: str) -> str:
    filled = _labels(spec, fill)
    said = f"Filled {_listed(filled)}" if filled else "Filled nothing"
    if fill.missed:
        said += f"; not filled: {_listed(fill.missed)}"
    return redact_tokens(said + (f"; {advice}" if advice else "") + ".")


def _advice(kind: str, current_kind: str, server: str | None) -> str:
    if server:
        return f"pick “{TARGET_LABELS['custom']}” in the target bar with the URL {server}"
    if kind == current_kind:
        return ""
    return f"pick “{TARGET_LABELS[kind]}” in the target bar to run it there"


def fill_from_curl(
    spec: TaskSpec,
    text: str,
    *,
    local_url: str | None,
    hf_endpoint: str | None,
    public: bool,
    current_kind: str = "local",
) -> Fill:
    """What the pasted command fills in `spec`'s tab; `fill.filled` False when nothing."""
    try:
        request = parse_curl(text)
    except InputError as error:
        return Fill(note=f"⚠ {redact_tokens(str(error))}")
    other = _other_task(spec, request.url)
    if other is not None:
        return Fill(note=f"This command is for {TASKS[other].title}; open that tab.")
    fill = Fill()
    data, unusable = _json(request.body)
    if unusable:
        fill.missed.append(unusable)
    elif data is not None:
        _fill_body(spec, fill, data)
    kind = _kind(request.url, local_url, hf_endpoint)
    model, server = _model(request.url, kind, data)
    if public and (not public_safe(kind, model or "") or server):
        fill.missed.append("the URL (a custom URL isn't allowed on this public demo)")
        model = server = None
    fill.model = _masked(model)
    fill.fields, fill.params, fill.extra = map(_masked, (fill.fields, fill.params, fill.extra))
    fill.filled = bool(model or fill.fields or fill.params or fill.extra)
    guessed = guess_task(request.url, data)
    if guessed and guessed != spec.id and _belongs_elsewhere(fill, TASKS[guessed]):
        return Fill(note=f"This command is for {TASKS[guessed].title}; open that tab.")
    fill.note = _sentence(spec, fill, _advice(kind, current_kind, server) if model else "")
    return fill
