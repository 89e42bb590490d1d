"""Document question answering: OCR the page, ask SmolLM2, then find the answer in the page."""

from __future__ import annotations

import math
import re
import threading
from typing import Any

from ..media import decode_image
from ..payload import Payload
from .llm import Generation, Sampling, engine
from .ocr import document_text

SYSTEM = (
    "You read documents and answer questions about them. Reply with the exact words from the"
    " document that answer the question, and nothing else."
)
MAX_DOCUMENT_CHARS = 3000


class OcrChatQa:
    """OCR (Tesseract when installed, else RapidOCR) + SmolLM2-135M-Instruct, greedy decoding.

    `start`/`end` are word indices in the OCR text. `score` is the model's mean token probability
    for its answer, halved when the answer does not appear word for word in the page.
    """

    def __init__(self) -> None:
        self.llm = engine()

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        question = payload.item("question", str).strip()
        image = decode_image(payload.binary("image"))
        text = document_text(image)[:MAX_DOCUMENT_CHARS]
        answer, confidence = self.ask(text, question)
        words = text.split()
        span = find_words(words, answer, question)
        if span is None:
            return [{"answer": answer, "score": round(confidence / 2, 4), "start": 0, "end": 0}]
        start, end, complete = span
        score = confidence if complete else confidence / 2
        found = " ".join(words[start : end + 1])
        return [{"answer": found, "score": round(score, 4), "start": start, "end": end}]

    def ask(self, document: str, question: str) -> tuple[str, float]:
        messages = [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"{document}\n\nQuestion: {question}"},
        ]
        sampling = Sampling(max_new_tokens=32, temperature=0.0, repetition_penalty=1.0, seed=0)
        tokens = self.llm.tokens(self.llm.chat_prompt(messages), sampling)
        result = Generation()
        steps = list(self.llm.steps(tokens, sampling, result, threading.Event()))
        logprobs = [s.logprob for s in steps if not s.special]
        confidence = math.exp(sum(logprobs) / len(logprobs)) if logprobs else 0.0
        answer = result.text.strip().splitlines()[0] if result.text.strip() else ""
        return answer.strip(" .\"'"), confidence


STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "which", "who",
    "what", "when", "where", "how", "document", "states", "says",
))  # fmt: skip


def _norm(word: str) -> str:
    return re.sub(r"[^\w$%]", "", word.lower())


def find_words(words: list[str], answer: str, question: str) -> tuple[int, int, bool] | None:
    """Locate the answer's new words in the page.

    Drops the question's words and stop words from the answer, takes the first remaining word
    found in the page and extends the match while the next answer and page words agree.
    Returns the first and last page word indices and whether every new word was matched.
    """
    asked = {_norm(w) for w in question.split()} | STOPWORDS
    target = [w for w in (_norm(w) for w in answer.split()) if w and w not in asked]
    page = [_norm(w) for w in words]
    for offset, word in enumerate(target):
        if word not in page:
            continue
        start = page.index(word)
        size = 1
        while (
            offset + size < len(target)
            and start + size < len(page)
            and page[start + size] == target[offset + size]
        ):
            size += 1
        return start, start + size - 1, size == len(target)
    return None
