"""What a task tab is made of, declared as data: inputs, parameters, outputs, examples, the client
call and the renderer. `playground/ui` builds the tabs from these specs."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "DEFAULT_MAX_CHARS",
    "PARAM_MAX_CHARS",
    "CallArgs",
    "Control",
    "Example",
    "Field",
    "OutputWidget",
    "Param",
    "TaskSpec",
]

FieldKind = Literal[
    "text", "textarea", "labels", "lines", "image", "audio", "table", "json", "checkbox"
]
ParamKind = Literal["slider", "int", "float", "checkbox", "dropdown", "text", "labels"]
# Longest text a field takes (characters), unless its task says otherwise: enough for any
# paragraph-sized input, and it bounds what one visitor can make a model chew on.
DEFAULT_MAX_CHARS = 10_000
# ... and a parameter typed in a text box (stop sequences, language codes, templates).
PARAM_MAX_CHARS = 1_000
Layout = Literal["form", "chat", "generation"]
OutputKind = Literal[
    "label",
    "highlight",
    "image",
    "table",
    "text",
    "json",
    "audio",
    "markdown",
    "plot",
    "file",
]


@dataclass(frozen=True)
class Field:
    """A task input. `kind` picks the widget; `value` is the default shown. `max_chars` caps
    the text typed in it (a table: all its cells together), checked before any request."""

    name: str
    label: str
    kind: FieldKind = "text"
    value: Any = None
    info: str = ""
    lines: int = 3
    sources: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    optional: bool = False
    max_chars: int = DEFAULT_MAX_CHARS


@dataclass(frozen=True)
class Param:
    """A parameter in the task's Parameters accordion. `None` as value means "server default"."""

    name: str
    label: str
    kind: ParamKind = "float"
    value: Any = None
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    choices: tuple[Any, ...] = ()
    info: str = ""
    max_chars: int = PARAM_MAX_CHARS


@dataclass(frozen=True)
class OutputWidget:
    name: str
    label: str
    kind: OutputKind


@dataclass(frozen=True)
class Control:
    """A widget that changes how the last result is drawn without calling the model again
    (the detection score threshold, the segmentation label toggles)."""

    name: str
    label: str
    kind: Literal["slider", "labels"]
    value: Any = None
    minimum: float = 0.0
    maximum: float = 1.0
    step: float = 0.01


@dataclass(frozen=True)
class CallArgs:
    """How a task method is called: its positional and keyword arguments (without `model`).
    The same object drives the call, the snippets and the tests."""

    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Example:
    """Input values (asset file names for media) and a title shown on the example button."""

    values: Mapping[str, Any]
    title: str = ""


Renderer = Callable[[Any, CallArgs, Mapping[str, Any]], Mapping[str, Any]]
CallBuilder = Callable[[Mapping[str, Any], Mapping[str, Any]], CallArgs]


@dataclass(frozen=True)
class TaskSpec:
    """One task tab.

    id: the task id (`text-classification`), also the tab's `api_name` (dashes → underscores).
    method: the client method called with `build_call(...)` and `model=`.
    render: result, the call, the control values → values for the outputs, by name.
    local_model: the embedded server's model for this task, if it has one.
    hub_models: suggestions for the model box on the Hugging Face target (first = default).
    promise: what the task promises to return, said in words (for the inspector).
    carries: input fields a run updates for the next one (the renderer returns their values
        by name): a conversation carried to its next turn.
    layout: the tab's widget set: "form" (inputs, Run, drawn outputs), or a streaming layout
        ("chat", "generation") whose text streams in as it comes.
    """

    id: str
    title: str
    group: str
    description: str
    method: str
    inputs: Sequence[Field]
    outputs: Sequence[OutputWidget]
    build_call: CallBuilder
    render: Renderer
    params: Sequence[Param] = ()
    controls: Sequence[Control] = ()
    examples: Sequence[Example] = ()
    local_model: str | None = None
    hub_models: Sequence[str] = ()
    streaming: bool = False
    promise: str = ""
    carries: Sequence[str] = ()
    layout: Layout = "form"

    @property
    def api_name(self) -> str:
        return self.id.replace("-", "_")
