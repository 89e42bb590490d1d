"""Extractive summaries with sumy's LexRank and a regex tokenizer (NLTK punkt is not shipped)."""

from __future__ import annotations

import re
from typing import Any

from ..payload import Payload

SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Mt|Jr|Sr|vs|etc|No|Fig)|\b[A-Z])\.$")
WORD = re.compile(r"\w+(?:['’]\w+)*")


class RegexTokenizer:
    """sumy's tokenizer interface: sentences split at . ! ? before a capital; words by \\w+."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        sentences: list[str] = []
        start = 0
        for match in SENTENCE_END.finditer(paragraph):
            piece = paragraph[start : match.end()].strip()
            if not ABBREVIATION.search(piece):
                sentences.append(piece)
                start = match.end()
        sentences.append(paragraph[start:].strip())
        return [s for s in sentences if s]

    def to_words(self, sentence: str) -> list[str]:
        return WORD.findall(sentence)


class LexRank:
    """Picks the highest-ranked sentences, in document order, within `max_length` words.

    `max_length` (default 80) counts words, not model tokens; `num_sentences` (default 3) caps
    the number of sentences. At least one sentence is always returned.
    """

    def __init__(self) -> None:
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.utils import get_stop_words

        self.summarizer = LexRankSummarizer(Stemmer("english"))
        self.summarizer.stop_words = get_stop_words("english")
        self.tokenizer = RegexTokenizer()

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        from sumy.parsers.plaintext import PlaintextParser

        text = payload.text()
        max_words = int(payload.number("max_length", 80, 1, 10_000))
        max_sentences = int(payload.number("num_sentences", 3, 1, 1_000))
        document = PlaintextParser.from_string(text, self.tokenizer).document

        def budget(ranked: list[Any]) -> list[Any]:
            chosen: list[Any] = []
            words = 0
            for info in ranked[:max_sentences]:
                size = len(info.sentence.words)
                if chosen and words + size > max_words:
                    break
                chosen.append(info)
                words += size
            return chosen

        sentences = self.summarizer(document, budget) if document.sentences else ()
        summary = " ".join(str(s) for s in sentences) or text.strip()
        return [{"summary_text": summary}]
