"""translation: a tiny word-for-word dictionary from English, honouring `src_lang`/`tgt_lang`."""

from __future__ import annotations

import re
from typing import Any

from .hf_inputs import require_str, text_payload
from .payloads import Body, error

DICTIONARIES = {
    "fr": {
        "hello": "bonjour",
        "world": "monde",
        "my": "mon",
        "name": "nom",
        "is": "est",
        "the": "le",
        "cat": "chat",
        "dog": "chien",
        "house": "maison",
        "good": "bon",
        "morning": "matin",
        "thank": "merci",
        "you": "vous",
        "and": "et",
        "i": "je",
    },
    "de": {
        "hello": "hallo",
        "world": "welt",
        "my": "mein",
        "name": "name",
        "is": "ist",
        "the": "der",
        "cat": "katze",
        "dog": "hund",
        "house": "haus",
        "good": "guten",
        "morning": "morgen",
        "thank": "danke",
        "you": "du",
        "and": "und",
        "i": "ich",
    },
    "es": {
        "hello": "hola",
        "world": "mundo",
        "my": "mi",
        "name": "nombre",
        "is": "es",
        "the": "el",
        "cat": "gato",
        "dog": "perro",
        "house": "casa",
        "good": "buenos",
        "morning": "días",
        "thank": "gracias",
        "you": "tú",
        "and": "y",
        "i": "yo",
    },
}
LANG_CODES = {
    "fr": "fr",
    "fra": "fr",
    "fre": "fr",
    "de": "de",
    "deu": "de",
    "ger": "de",
    "es": "es",
    "spa": "es",
    "en": "en",
    "eng": "en",
}


def language(code: Any) -> str:
    lang = LANG_CODES.get(str(code).replace("-", "_").split("_")[0].lower())
    if lang is None:
        raise error(400, f"Unsupported language code: {code}")
    return lang


def translate(text: str, target: str) -> str:
    table = DICTIONARIES.get(target, {})

    def swap(match: re.Match[str]) -> str:
        word = match.group()
        new = table.get(word.lower(), word)
        return new.capitalize() if word[:1].isupper() else new

    return re.sub(r"\w+", swap, text)


def translation(body: Body, variant: str) -> Any:
    inputs, params = text_payload(body)
    text = require_str(inputs)
    src, tgt = params.get("src_lang"), params.get("tgt_lang")
    if variant == "multilingual" and (src is None or tgt is None):
        raise error(400, "This model is multilingual: both `src_lang` and `tgt_lang` are required")
    source = language(src) if src is not None else "en"
    target = language(tgt) if tgt is not None else "fr"
    result = text if source == target or source != "en" else translate(text, target)
    return [{"translation_text": result}]
