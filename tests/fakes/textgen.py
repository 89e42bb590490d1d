"""Deterministic text generation shared by the TGI, hf-inference and OpenAI-style routes."""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

DEFAULT_CONTINUATION = (
    " The answer is 42. This fake model always gives the same reply, so tests can check"
    " every token."
)
SAMPLED_CONTINUATIONS = (
    " Sampling with this seed picked the first alternative reply.",
    " Sampling with this seed picked the second alternative reply.",
    " Sampling with this seed picked the third alternative reply.",
)
TOKEN_RE = re.compile(r"\s*\S+")


@dataclass(frozen=True)
class Token:
    id: int
    text: str
    logprob: float | None
    special: bool = False

    def as_dict(self, with_special: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "text": self.text, "logprob": self.logprob}
        if with_special:
            data["special"] = self.special
        return data


EOS = Token(2, "</s>", -0.01, special=True)
BOS = Token(1, "<s>", None, special=True)


def tokenize(text: str) -> list[str]:
    return TOKEN_RE.findall(text)


def count_tokens(text: str) -> int:
    return len(tokenize(text))


def make_token(text: str, position: int) -> Token:
    token_id = 100 + zlib.crc32(text.encode("utf-8")) % 31900
    return Token(token_id, text, -round(0.05 + 0.1 * (position % 7), 4))


def prompt_tokens(prompt: str) -> list[Token]:
    return [BOS, *(make_token(piece, i) for i, piece in enumerate(tokenize(prompt)))]


def top_alternatives(token: Token, n: int) -> list[dict[str, Any]]:
    alternatives = [token.as_dict()]
    for rank in range(1, n):
        alt = make_token(f"{token.text}~{rank}", rank)
        logprob = round((token.logprob or 0.0) - 0.5 * rank, 4)
        alternatives.append({**alt.as_dict(), "text": f" alt{rank}", "logprob": logprob})
    return alternatives[:n]


@dataclass
class GenParams:
    max_new_tokens: int | None = None
    stop: list[str] = field(default_factory=list)
    sampling: bool = False
    seed: int | None = None
    grammar: dict[str, Any] | None = None


@dataclass
class Generation:
    tokens: list[Token]
    finish_reason: str
    seed: int | None

    @property
    def text(self) -> str:
        return "".join(t.text for t in self.tokens if not t.special)


def effective_seed(prompt: str, params: GenParams) -> int | None:
    if not params.sampling:
        return None
    if params.seed is not None:
        return params.seed
    return zlib.crc32(prompt.encode("utf-8")) % 10_000


def continuation(prompt: str, params: GenParams) -> str:
    if params.grammar:
        return grammar_text(params.grammar)
    seed = effective_seed(prompt, params)
    if seed is None:
        return DEFAULT_CONTINUATION
    return SAMPLED_CONTINUATIONS[seed % len(SAMPLED_CONTINUATIONS)]


def generate(prompt: str, params: GenParams, text: str | None = None) -> Generation:
    """Emit `text` (or the fixed continuation) word by word until length, stop or EOS."""
    pieces = tokenize(continuation(prompt, params) if text is None else text)
    limit = params.max_new_tokens if params.max_new_tokens is not None else 10**9
    seed = effective_seed(prompt, params)
    tokens: list[Token] = []
    for position, piece in enumerate(pieces):
        if len(tokens) >= limit:
            return Generation(tokens, "length", seed)
        tokens.append(make_token(piece, position))
        produced = "".join(t.text for t in tokens)
        if any(stop and stop in produced for stop in params.stop):
            return Generation(tokens, "stop_sequence", seed)
    if len(tokens) >= limit:
        return Generation(tokens, "length", seed)
    return Generation([*tokens, EOS], "eos_token", seed)


def grammar_text(grammar: dict[str, Any]) -> str:
    kind = grammar.get("type")
    value = grammar.get("value")
    if kind == "regex":
        return (
            "42" if isinstance(value, str) and re.fullmatch(value, "42") else DEFAULT_CONTINUATION
        )
    schema = value.get("schema", value) if isinstance(value, dict) else {}
    if isinstance(value, str):
        schema = json.loads(value)
    return json.dumps(sample_from_schema(schema, "example"))


SIMPLE_SAMPLES: dict[str, Any] = {"integer": 42, "number": 4.2, "boolean": True, "null": None}


def sample_from_schema(schema: Any, hint: str) -> Any:
    """A value that validates against a simple JSON schema; the first string gets `hint`."""
    if not isinstance(schema, dict):
        return hint
    if schema.get("enum"):
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type", "object" if "properties" in schema else "string")
    kind = kind[0] if isinstance(kind, list) and kind else kind
    if kind == "array":
        return [sample_from_schema(schema.get("items", {}), hint)]
    if kind == "object":
        return _sample_object(schema, hint)
    return SIMPLE_SAMPLES.get(kind, hint)


def _sample_object(schema: dict[str, Any], hint: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    used_hint = False
    for name, prop in (schema.get("properties") or {}).items():
        is_string = isinstance(prop, dict) and prop.get("type", "string") == "string"
        value = sample_from_schema(prop, "example" if used_hint else hint)
        used_hint = used_hint or (is_string and value == hint)
        result[name] = value
    return result
