"""Fill-mask with a causal language model (no masked LM ships in any package): SmolLM2 proposes
words for the blank, then each candidate sentence is ranked by its likelihood."""

from __future__ import annotations

import math
import re
from typing import Any

from ..errors import BadInput, Unprocessable
from ..payload import Payload
from . import lmscore
from .llm import xllama

MASK = re.compile(r"\[MASK\]|<mask>")
MAX_MASKS = 5
PROPOSALS = 24  # next-token proposals read per prompt
MAX_CANDIDATES = 16
SUFFIX_TOKENS = 8  # how much of the text after the blank each candidate is scored on


class CausalFillMask:
    """Candidates: SmolLM2's most likely next tokens after the words before the blank, read
    twice: once cold, once after showing it the whole sentence with a gap (so it knows what
    follows). Each candidate is scored by log P(candidate + the next words | the words before)
    with the exact tokens forced, and the scores are a softmax over the candidates.

    Only single-token words are proposed (`targets` may name any word). `[MASK]` and `<mask>`
    both work; several masks are filled left to right, each given the best word before it."""

    def __init__(self) -> None:
        self.llm = xllama()

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        text = payload.text()
        parts = MASK.split(text)
        masks = MASK.findall(text)
        if not masks:
            raise BadInput("No mask_token ([MASK] or <mask>) found on the input")
        if len(masks) > MAX_MASKS:
            raise Unprocessable(f"At most {MAX_MASKS} masks per text")
        count = payload.parameters.get("top_k", 5)
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise Unprocessable("Parameter 'top_k' must be a positive integer")
        targets = _targets(payload.parameters.get("targets"))
        results, before = [], parts[0]
        for index in range(len(masks)):
            after = parts[index + 1]
            later = "".join(
                m + p for m, p in zip(masks[index + 1 :], parts[index + 2 :], strict=True)
            )
            ranked = self.rank(before, after, targets)[:count]
            results.append(
                [
                    {
                        "sequence": before + word + after + later,
                        "score": round(score, 4),
                        "token": token,
                        "token_str": word,
                    }
                    for word, score, token in ranked
                ]
            )
            before = before + ranked[0][0] + after
        return results[0] if len(results) == 1 else results

    def rank(self, before: str, after: str, targets: list[str]) -> list[tuple[str, float, int]]:
        """(word, probability among the candidates, its first token id), best first."""
        prefix = lmscore.START + before.rstrip()
        scored = []
        for word in targets or self.candidates(before, after):
            text = prefix + (" " if before.strip() else "") + word + after
            split = lmscore.split_tokens(self.llm, prefix, text)
            if split is None or not split[1]:
                continue
            head, rest = split
            size = len(self.llm.tokenize(lmscore.START + before + word)) - len(head)
            logprobs = lmscore.forced_logprobs(self.llm, head, rest[: size + SUFFIX_TOKENS])
            scored.append((sum(logprobs), word, rest[0]))
        if not scored:
            raise Unprocessable("No candidate word fits the blank")
        top = max(score for score, _, _ in scored)
        weights = [math.exp(score - top) for score, _, _ in scored]
        total = sum(weights)
        ranked = sorted(zip(weights, scored, strict=True), key=lambda pair: -pair[0])
        return [(word, weight / total, token) for weight, (_, word, token) in ranked]

    def candidates(self, before: str, after: str) -> list[str]:
        prefix = before.rstrip()
        gap = f"{lmscore.START}{before}___{after}\n{prefix}"
        proposals = lmscore.next_tokens(self.llm, gap, PROPOSALS)
        proposals += lmscore.next_tokens(self.llm, lmscore.START + prefix, PROPOSALS)
        words = []
        for token, _ in sorted(proposals, key=lambda pair: -pair[1]):
            word = token.strip()
            starts_word = token.startswith(" ") or not prefix
            if word.isalpha() and starts_word and word not in words:
                words.append(word)
        return words[:MAX_CANDIDATES]


def _targets(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise Unprocessable("Parameter 'targets' must be a word or a list of words")
    return [v.strip() for v in value]
