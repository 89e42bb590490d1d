"""Reading SmolLM2's token probabilities through xllamacpp: the likelihood of a given text
(forced decoding) and the most likely next tokens. Fill-mask and question answering rank
candidates with these."""

from __future__ import annotations

from typing import Any

from .xllama import XLlama

# SmolLM2's document separator: a sentence scored after it reads as the start of a text.
START = "<|endoftext|>"


def next_tokens(llm: XLlama, prompt: str | list[int], count: int) -> list[tuple[str, float]]:
    """The `count` most likely next tokens after `prompt`, with their log-probabilities."""
    reply = llm.complete(
        {"prompt": prompt, "max_tokens": 1, "n_probs": count, "temperature": 0, "seed": 0}
    )
    [step] = _steps(reply)
    return [(top["token"], float(top["logprob"])) for top in step["top_logprobs"]]


def forced_logprobs(llm: XLlama, prefix: list[int], continuation: list[int]) -> list[float]:
    """log P(each token of `continuation` | `prefix` and the tokens before it).

    A grammar of token ids (`<[id]>`) forces exactly these tokens, and llama.cpp reports each
    one's probability under the model, before the grammar masks the others."""
    if not continuation:
        return []
    grammar = "root ::= " + " ".join(f"<[{token}]>" for token in continuation)
    reply = llm.complete(
        {
            "prompt": prefix,
            "grammar": grammar,
            "max_tokens": len(continuation),
            "n_probs": 1,
            "temperature": 0,
            "seed": 0,
            "repeat_penalty": 1.0,
        }
    )
    steps = _steps(reply)[: len(continuation)]
    if [step["id"] for step in steps] != continuation:
        raise RuntimeError("llama.cpp did not follow the forced tokens")
    return [float(step["logprob"]) for step in steps]


def split_tokens(llm: XLlama, prefix: str, text: str) -> tuple[list[int], list[int]] | None:
    """The tokens of `prefix` and of what `text` adds after it, when `text` starts with
    `prefix`'s own tokens (else the tokenizer merged across the boundary: None)."""
    head = llm.tokenize(prefix)
    whole = llm.tokenize(text)
    if whole[: len(head)] != head:
        return None
    return head, whole[len(head) :]


def _steps(reply: dict[str, Any]) -> list[dict[str, Any]]:
    [choice] = reply["choices"]
    return list((choice.get("logprobs") or {}).get("content") or [])
