"""TGI's generate semantics: parameter validation, reply bodies, stream events, headers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .payloads import FakeHTTPError
from .textgen import (
    Generation,
    GenParams,
    count_tokens,
    generate,
    prompt_tokens,
    top_alternatives,
)

MAX_TOTAL_TOKENS = 4096
MAX_INPUT_TOKENS = 4095
MAX_BEST_OF = 2
MAX_STOP_SEQUENCES = 4
MAX_TOP_N_TOKENS = 5
PARAM_TYPES: dict[str, type] = {
    "max_new_tokens": int,
    "temperature": float,
    "top_k": float,
    "top_p": float,
    "typical_p": float,
    "repetition_penalty": float,
    "frequency_penalty": float,
    "do_sample": bool,
    "seed": int,
    "stop": list,
    "best_of": int,
    "details": bool,
    "decoder_input_details": bool,
    "return_full_text": bool,
    "top_n_tokens": int,
    "truncate": int,
    "watermark": bool,
}


class TgiError(Exception):
    def __init__(self, message: str, error_type: str = "validation", status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.error_type = error_type
        self.status = status

    def body(self) -> dict[str, str]:
        return {"error": self.message, "error_type": self.error_type}

    def http(self) -> FakeHTTPError:
        return FakeHTTPError(self.status, self.body())


def invalid(message: str) -> TgiError:
    return TgiError(f"Input validation error: {message}")


@dataclass
class TgiRequest:
    inputs: str
    params: dict[str, Any]

    @property
    def stop(self) -> list[str]:
        stop = self.params.get("stop")
        if stop is None:
            stop = self.params.get("stop_sequences")
        return [s for s in stop or [] if isinstance(s, str)]

    @property
    def best_of(self) -> int:
        return int(self.params.get("best_of") or 1)

    @property
    def top_n(self) -> int:
        return int(self.params.get("top_n_tokens") or 0)

    def sampling(self) -> bool:
        p = self.params
        keys = ("temperature", "top_k", "top_p", "typical_p")
        return bool(p.get("do_sample")) or any(p.get(k) is not None for k in keys)


def check_stream(req: TgiRequest) -> None:
    if req.best_of != 1:
        raise invalid("`best_of` != 1 is not supported when streaming tokens")
    if req.params.get("decoder_input_details"):
        raise invalid("`decoder_input_details` == true is not supported when streaming tokens")


def check_best_of(req: TgiRequest) -> None:
    if req.best_of > MAX_BEST_OF or req.best_of < 1:
        raise invalid(f"`best_of` must be > 0 and <= {MAX_BEST_OF}. Given: {req.best_of}")


def _check_ranges(p: dict[str, Any]) -> None:
    if p.get("temperature") is not None and p["temperature"] <= 0:
        raise invalid("`temperature` must be strictly positive")
    if p.get("repetition_penalty") is not None and p["repetition_penalty"] <= 0:
        raise invalid("`repetition_penalty` must be strictly positive")
    if p.get("frequency_penalty") is not None and not -2 <= p["frequency_penalty"] <= 2:
        raise invalid("`frequency_penalty` must be >= -2.0 and <= 2.0")
    if p.get("top_p") is not None and not 0 < p["top_p"] < 1:
        raise invalid("`top_p` must be > 0.0 and < 1.0")
    if p.get("typical_p") is not None and not 0 < p["typical_p"] < 1:
        raise invalid("`typical_p` must be > 0.0 and < 1.0")
    if p.get("top_k") is not None and p["top_k"] <= 0:
        raise invalid("`top_k` must be strictly positive")
    if p.get("max_new_tokens") == 0:
        raise invalid("`max_new_tokens` must be strictly positive")


def _check_lengths(req: TgiRequest) -> None:
    if len(req.stop) > MAX_STOP_SEQUENCES:
        raise invalid(
            f"`stop` supports up to {MAX_STOP_SEQUENCES} stop sequences. Given: {len(req.stop)}"
        )
    if req.params.get("seed") is not None and req.best_of > 1:
        raise invalid("`seed` must not be set when `best_of` > 1")
    if req.top_n > MAX_TOP_N_TOKENS:
        raise invalid(f"`top_n_tokens` must be >= 0 and <= {MAX_TOP_N_TOKENS}. Given: {req.top_n}")
    if not req.inputs:
        raise invalid("`inputs` cannot be empty")
    truncate = req.params.get("truncate")
    if truncate is not None and not 0 < truncate <= MAX_INPUT_TOKENS:
        raise invalid(
            "`truncate` must be strictly positive and less than "
            f"{MAX_INPUT_TOKENS}. Given: {truncate}"
        )
    _check_input_length(req)


def _check_input_length(req: TgiRequest) -> None:
    length = count_tokens(req.inputs)
    truncate = req.params.get("truncate")
    if truncate:
        length = min(length, truncate)
    if length > MAX_INPUT_TOKENS:
        raise invalid(f"`inputs` must have less than {MAX_INPUT_TOKENS} tokens. Given: {length}")
    new = req.params.get("max_new_tokens")
    if new is not None and length + new > MAX_TOTAL_TOKENS:
        raise invalid(
            f"`inputs` tokens + `max_new_tokens` must be <= {MAX_TOTAL_TOKENS}. "
            f"Given: {length} `inputs` tokens and {new} `max_new_tokens`"
        )


def validate(req: TgiRequest) -> GenParams:
    """TGI's `Validation::validate`, in its order; raises `TgiError`."""
    if req.best_of > 1 and not req.sampling():
        raise invalid("you must use sampling when `best_of` is > 1")
    _check_ranges(req.params)
    _check_lengths(req)
    grammar = req.params.get("grammar")
    return GenParams(
        max_new_tokens=req.params.get("max_new_tokens"),
        stop=req.stop,
        sampling=req.sampling(),
        seed=req.params.get("seed"),
        grammar=grammar if isinstance(grammar, dict) else None,
    )


def output_text(req: TgiRequest, generation: Generation, full_default: bool = False) -> str:
    full = req.params.get("return_full_text")
    full = full_default if full is None else bool(full)
    return (req.inputs if full else "") + generation.text


def _sequence_details(req: TgiRequest, generation: Generation) -> dict[str, Any]:
    prefill = prompt_tokens(req.inputs) if req.params.get("decoder_input_details") else []
    details: dict[str, Any] = {
        "finish_reason": generation.finish_reason,
        "generated_tokens": len(generation.tokens),
        "seed": generation.seed,
        "prefill": [t.as_dict(with_special=False) for t in prefill],
        "tokens": [t.as_dict() for t in generation.tokens],
    }
    if req.top_n:
        details["top_tokens"] = [top_alternatives(t, req.top_n) for t in generation.tokens]
    return details


def _best_of_sequences(req: TgiRequest, params: GenParams) -> list[dict[str, Any]]:
    sequences = []
    for extra in range(1, req.best_of):
        alt = generate(req.inputs, GenParams(**{**params.__dict__, "seed": extra}))
        details = _sequence_details(req, alt)
        sequences.append({"generated_text": output_text(req, alt), **details})
    return sequences


def generate_reply(
    req: TgiRequest, params: GenParams, full_default: bool = False
) -> dict[str, Any]:
    generation = generate(req.inputs, params)
    reply: dict[str, Any] = {"generated_text": output_text(req, generation, full_default)}
    if req.params.get("details"):
        reply["details"] = _sequence_details(req, generation)
        if req.best_of > 1:
            reply["details"]["best_of_sequences"] = _best_of_sequences(req, params)
    return reply


def stream_events(req: TgiRequest, params: GenParams, old: bool = False) -> list[dict[str, Any]]:
    generation = generate(req.inputs, params)
    events = []
    for position, token in enumerate(generation.tokens):
        last = position == len(generation.tokens) - 1
        event: dict[str, Any] = {} if old else {"index": position + 1}
        event["token"] = token.as_dict()
        if req.top_n:
            event["top_tokens"] = top_alternatives(token, req.top_n)
        event["generated_text"] = output_text(req, generation) if last else None
        event["details"] = _stream_details(req, generation, old) if last else None
        events.append(event)
    return events


def _stream_details(req: TgiRequest, generation: Generation, old: bool) -> dict[str, Any] | None:
    if not req.params.get("details"):
        return None
    details: dict[str, Any] = {
        "finish_reason": generation.finish_reason,
        "generated_tokens": len(generation.tokens),
        "seed": generation.seed,
    }
    if not old:
        details["input_length"] = count_tokens(req.inputs)
    return details


def timing_headers(req: TgiRequest, reply: dict[str, Any]) -> dict[str, str]:
    generated = len(reply.get("details", {}).get("tokens", [])) or count_tokens(
        reply["generated_text"]
    )
    return {
        "x-compute-type": "gpu+optimized",
        "x-compute-time": "0.012",
        "x-compute-characters": str(len(req.inputs)),
        "x-total-time": "12",
        "x-validation-time": "1",
        "x-queue-time": "1",
        "x-inference-time": "10",
        "x-time-per-token": "1",
        "x-prompt-tokens": str(count_tokens(req.inputs)),
        "x-generated-tokens": str(generated),
    }
