"""Text generation: continue a prompt, streamed token by token, with the tokens' probabilities.

The tab lives in `playground/ui/generation_tab.py`; this module holds the pure parts: the
parameters, the call, folding a stream into a result, and drawing that result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from playground import render
from playground.tasks.chat_completion import unescape_stops
from playground.tasks.common import local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec

__all__ = ["SPEC", "build_call", "display_prefix", "fold_stream", "token_text"]

NON_STREAM_ONLY = ("best_of", "decoder_input_details")
FLAGS = ("do_sample", "return_full_text", "details", "watermark", "decoder_input_details")


def build_call(inputs: Mapping[str, Any], params: Mapping[str, Any]) -> CallArgs:
    """`stream` defaults to on; best_of and decoder_input_details are dropped when streaming
    (servers refuse them there). Flags are sent only when on, numbers only when set."""
    stream = params.get("stream", True) is not False
    values = {name: value for name, value in params.items() if name != "stream"}
    for name in FLAGS:
        values[name] = True if values.get(name) else None
    if stream:
        for name in NON_STREAM_ONLY:
            values.pop(name, None)
    values["stop_sequences"] = unescape_stops(values.get("stop_sequences"))
    return CallArgs((inputs["prompt"],), {**only(**values), "stream": stream})


def display_prefix(call: CallArgs) -> str:
    """What goes before the streamed tokens: the prompt when `return_full_text` is on (streamed
    tokens never repeat it)."""
    return str(call.args[0]) if call.kwargs.get("return_full_text") else ""


# What special tokens look like when a stream without details gives only their text (the
# client yields every token's text, as huggingface_hub does; the page hides these).
SPECIAL_TOKEN_TEXT = re.compile(
    r"</?s>|<(eos|bos|pad|unk|mask)>|<\|[^<>|\s]{1,40}\|>|\[(CLS|SEP|PAD|EOS|UNK|MASK)\]"
)


def token_text(item: Any) -> str:
    """The visible text of a stream item: a str, or a token event (special tokens hide)."""
    if isinstance(item, str):
        return "" if SPECIAL_TOKEN_TEXT.fullmatch(item) else item
    token = item.get("token") or {}
    return "" if token.get("special") else str(token.get("text") or "")


def fold_stream(items: Iterable[Any], prefix: str = "") -> dict[str, Any]:
    """A whole stream as one `{generated_text, details}` result, like a non-streamed answer with
    details: the tokens collected from the events, the final event's details."""
    tokens: list[Any] = []
    pieces: list[str] = [prefix]
    final_text: str | None = None
    details: dict[str, Any] | None = None
    for item in items:
        pieces.append(token_text(item))
        if isinstance(item, str):
            continue
        tokens.append(item.get("token") or {})
        if item.get("generated_text") is not None:
            final_text = str(item["generated_text"])
        if item.get("details"):
            details = dict(item["details"])
    text = final_text if final_text is not None else "".join(pieces)
    if not tokens:
        return {"generated_text": text, "details": None}
    return {"generated_text": text, "details": {**(details or {}), "tokens": tokens}}


def _summary(details: Mapping[str, Any]) -> str:
    parts = []
    reason = details.get("finish_reason")
    if reason is not None:
        parts.append(f"**Finish reason:** {getattr(reason, 'value', reason)}")
    tokens = details.get("tokens") or []
    count = details.get("generated_tokens", len(tokens))
    parts.append(f"**Generated tokens:** {count}")
    if details.get("input_length") is not None:
        parts.append(f"**Prompt tokens:** {details['input_length']}")
    if details.get("seed") is not None:
        parts.append(f"**Seed:** {details['seed']}")
    if details.get("best_of_sequences"):
        parts.append(f"**Other sequences (best_of):** {len(details['best_of_sequences'])}")
    if details.get("prefill"):
        parts.append(f"**Prompt tokens shown:** {len(details['prefill'])}")
    return " · ".join(parts)


def view(result: Any, call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    """Text, and with details the finish reason and counts, tokens shaded by probability and
    the token table (prompt tokens first when decoder_input_details gave them)."""
    if isinstance(result, str):
        return {"text": result, "summary": "", "probabilities": None, "tokens": None}
    text = str(result.get("generated_text") or "")
    details = result.get("details")
    if not details:
        return {"text": text, "summary": "", "probabilities": None, "tokens": None}
    prefill = bool(call.kwargs.get("decoder_input_details"))
    return {
        "text": text,
        "summary": _summary(details),
        "probabilities": render.token_probabilities(details),
        "tokens": render.tokens_table(details, include_prefill=prefill),
    }


SPEC = TaskSpec(
    id="text-generation",
    title="Text generation",
    group="Chat & generation",
    description="Continue a prompt with a language model (no chat template). Tokens stream in "
    "as they are generated; with Details on, each token's probability is shown afterwards.",
    method="text_generation",
    inputs=[
        Field(
            "prompt",
            "Prompt",
            "textarea",
            value="Once upon a time, in a small village by the sea,",
            lines=5,
            max_chars=20_000,
        )
    ],
    params=[
        Param("max_new_tokens", "Max new tokens", "int", value=128, minimum=1),
        Param("temperature", "Temperature", "float", minimum=0, step=0.1, info="> 0; samples."),
        Param("top_k", "Top k", "int", minimum=1),
        Param("top_p", "Top p", "float", minimum=0, maximum=1, step=0.05, info="In (0, 1)."),
        Param("repetition_penalty", "Repetition penalty", "float", minimum=0, step=0.1),
        Param("seed", "Seed", "int", minimum=0),
        Param("stop_sequences", "Stop sequences", "labels", info="Comma-separated; \\n = newline."),
        Param("do_sample", "Sample", "checkbox", value=False),
        Param("return_full_text", "Return full text", "checkbox", value=False),
        Param("details", "Details", "checkbox", value=True, info="Tokens and logprobs."),
        Param("stream", "Stream", "checkbox", value=True),
        Param("watermark", "Watermark", "checkbox", value=False),
        Param("best_of", "Best of", "int", minimum=1, info="Not when streaming."),
        Param(
            "decoder_input_details",
            "Prompt token details",
            "checkbox",
            value=False,
            info="Not when streaming.",
        ),
    ],
    outputs=[
        OutputWidget("text", "Generated text", "text"),
        OutputWidget("summary", "", "markdown"),
        OutputWidget("probabilities", "Tokens by probability", "highlight"),
        OutputWidget("tokens", "Tokens", "table"),
    ],
    build_call=build_call,
    render=view,
    examples=[
        Example({"prompt": "Once upon a time, in a small village by the sea,"}, "Story"),
        Example({"prompt": "The three primary colors are"}, "Facts"),
        Example({"prompt": "def fibonacci(n):\n    "}, "Code"),
    ],
    local_model=local_model("text-generation"),
    hub_models=(
        "meta-llama/Llama-3.1-8B-Instruct",
        "Qwen/Qwen2.5-7B-Instruct",
        "openai-community/gpt2",
    ),
    streaming=True,
    layout="generation",
    promise="a stream of token events {token: {id, text, logprob, special}}, the last one "
    "with generated_text (and details); or {generated_text, details?} when not streaming",
)
