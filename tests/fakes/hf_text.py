"""Text-in, JSON-out tasks of the hf-inference API (shapes per variant)."""

from __future__ import annotations

import re
from typing import Any

from .hf_inputs import check_generation_params, labels_param, require_str, text_payload
from .payloads import (
    Body,
    error,
    field_error,
    ranked,
    rounded,
    sigmoid,
    softmax,
    stable_unit,
    top_k,
    words_with_offsets,
)

POSITIVE = {
    "love",
    "great",
    "good",
    "like",
    "happy",
    "excellent",
    "wonderful",
    "best",
    "amazing",
    "nice",
    "awesome",
    "fantastic",
    "enjoy",
    "beautiful",
}
NEGATIVE = {
    "hate",
    "bad",
    "terrible",
    "awful",
    "worst",
    "sad",
    "horrible",
    "poor",
    "boring",
    "angry",
    "ugly",
    "disappointing",
}
LOCATIONS = {
    "paris",
    "london",
    "berlin",
    "france",
    "germany",
    "tokyo",
    "europe",
    "brooklyn",
    "california",
    "berkeley",
    "new",
    "york",
    "madrid",
    "spain",
}
ORGANIZATIONS = {
    "google",
    "apple",
    "microsoft",
    "hugging",
    "face",
    "amazon",
    "openai",
    "nasa",
    "ibm",
    "mozilla",
}
NOT_ENTITIES = {
    "the",
    "a",
    "an",
    "i",
    "it",
    "this",
    "that",
    "he",
    "she",
    "we",
    "they",
    "my",
    "his",
    "her",
    "our",
    "in",
    "on",
    "at",
    "and",
    "but",
    "hello",
    "hi",
    "yes",
    "no",
}
FILLS = ("capital", "heart", "center", "city", "pride")
MASK_TOKENS = ("[MASK]", "<mask>")


def sentiment_scores(text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    words = [w.lower() for w, _, _ in words_with_offsets(text)]
    balance = sum(w in POSITIVE for w in words) - sum(w in NEGATIVE for w in words)
    logits = [0.25 + 2.0 * balance, -0.25 - 2.0 * balance]
    mode = params.get("function_to_apply", "softmax")
    scores = {"none": logits, "sigmoid": [sigmoid(v) for v in logits]}.get(mode, softmax(logits))
    return top_k(ranked(["POSITIVE", "NEGATIVE"], scores), params)


def text_classification(body: Body, variant: str) -> Any:
    inputs, params = text_payload(body)
    if isinstance(inputs, list):
        return [sentiment_scores(require_str(item), params) for item in inputs]
    if variant == "toolkit":
        return sentiment_scores(require_str(inputs), {"top_k": 1, **params})
    scores = sentiment_scores(require_str(inputs), params)
    return scores if variant == "flat" else [scores]


def entity_type(word: str) -> str | None:
    lower = word.lower()
    if not word[:1].isupper() or lower in NOT_ENTITIES:
        return None
    if lower in LOCATIONS:
        return "LOC"
    if lower in ORGANIZATIONS:
        return "ORG"
    return "MISC" if word.isupper() and len(word) > 1 else "PER"


def tagged_words(text: str) -> list[dict[str, Any]]:
    tagged, previous = [], None
    for index, (word, start, end) in enumerate(words_with_offsets(text), start=1):
        kind = entity_type(word)
        if kind is None:
            previous = None
            continue
        joined = (
            previous is not None and previous[0] == kind and text[previous[1] : start].isspace()
        )
        prefix = "I" if joined else "B"
        score = rounded(0.9 + 0.09 * stable_unit(word))
        tagged.append(
            {
                "entity": f"{prefix}-{kind}",
                "score": score,
                "index": index,
                "word": word,
                "start": start,
                "end": end,
            }
        )
        previous = (kind, end)
    return tagged


def aggregate(text: str, tagged: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for item in tagged:
        kind = item["entity"][2:]
        if item["entity"].startswith("I-") and groups:
            group = groups[-1]
            group["end"], group["_scores"] = item["end"], [*group["_scores"], item["score"]]
            continue
        groups.append(
            {
                "entity_group": kind,
                "_scores": [item["score"]],
                "start": item["start"],
                "end": item["end"],
            }
        )
    return [
        {
            "entity_group": g["entity_group"],
            "score": rounded(sum(g["_scores"]) / len(g["_scores"])),
            "word": text[g["start"] : g["end"]],
            "start": g["start"],
            "end": g["end"],
        }
        for g in groups
    ]


def token_classification(body: Body, variant: str) -> Any:
    inputs, params = text_payload(body)
    text = require_str(inputs)
    strategy = params.get("aggregation_strategy", "none" if variant == "none" else "simple")
    tagged = tagged_words(text)
    items = tagged if strategy == "none" else aggregate(text, tagged)
    ignored = set(params.get("ignore_labels") or ["O"])
    key = "entity" if strategy == "none" else "entity_group"
    return [i for i in items if i[key] not in ignored and i[key][2:] not in ignored]


def label_affinity(text: str, label: str) -> float:
    words = {w.lower() for w, _, _ in words_with_offsets(text)}
    label_words = [w.lower() for w, _, _ in words_with_offsets(label)]
    hits = sum(1 for lw in label_words if any(w[:4] == lw[:4] for w in words))
    return 3.0 * hits + stable_unit(text, label)


def zero_shot_one(text: str, labels: list[str], multi: bool, variant: str) -> Any:
    raw = [label_affinity(text, label) for label in labels]
    scores = [sigmoid(2 * v - 1) for v in raw] if multi else softmax(raw)
    ordered = ranked(labels, scores)
    if variant == "old":
        return {
            "sequence": text,
            "labels": [o["label"] for o in ordered],
            "scores": [o["score"] for o in ordered],
        }
    return ordered


def zero_shot_classification(body: Body, variant: str) -> Any:
    inputs, params = text_payload(body)
    labels = labels_param(params)
    template = params.get("hypothesis_template", "This example is {}.")
    if "{}" not in str(template):
        raise error(
            400,
            f'The provided hypothesis_template "{template}" was not able to be formatted '
            "with the target labels. Make sure the passed template includes formatting "
            "syntax such as {} where the label should go.",
        )
    multi = bool(params.get("multi_label"))
    if isinstance(inputs, list):
        return [zero_shot_one(require_str(t), labels, multi, variant) for t in inputs]
    return zero_shot_one(require_str(inputs), labels, multi, variant)


def fill_mask(body: Body, variant: str) -> Any:
    inputs, params = text_payload(body)
    text = require_str(inputs)
    top = params.get("top_k")
    if top is not None and (not isinstance(top, int) or top < 1):
        raise field_error("top_k", "Input should be greater than or equal to 1")
    pattern = re.compile("|".join(re.escape(m) for m in MASK_TOKENS))
    spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not spans:
        raise error(400, "No mask_token ([MASK]) found on the input")
    targets = params.get("targets") or list(FILLS)
    targets = [targets] if isinstance(targets, str) else targets
    results = [_fills(text, span, targets, top or 5) for span in spans]
    return results if len(results) > 1 or variant == "multi" else results[0]


def _fills(text: str, span: tuple[int, int], targets: list[str], k: int) -> list[dict[str, Any]]:
    out = []
    for rank, word in enumerate(targets[:k]):
        out.append(
            {
                "score": rounded(0.6 / (rank + 1) ** 1.5),
                "token": 1000 + int(stable_unit(word) * 20000),
                "token_str": word,
                "sequence": text[: span[0]] + word + text[span[1] :],
            }
        )
    return out


def summarization(body: Body, variant: str) -> Any:
    inputs, params = text_payload(body)
    text = require_str(inputs)
    check_generation_params(params)
    first = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]
    words = first.split()
    limit = params.get("max_length") or params.get("max_new_tokens") or 30
    return [{"summary_text": " ".join(words[:limit])}]


def conversational(body: Body, variant: str) -> Any:
    inputs, params = text_payload(body)
    if not isinstance(inputs, dict):
        raise field_error("text")
    for name in ("text", "past_user_inputs", "generated_responses"):
        if name not in inputs:
            raise field_error(name)
    check_generation_params(params)
    reply = f"Echo: {inputs['text']}"
    conversation = {
        "past_user_inputs": [*inputs["past_user_inputs"], inputs["text"]],
        "generated_responses": [*inputs["generated_responses"], reply],
    }
    warning = "Setting `pad_token_id` to `eos_token_id`:50256 for open-end generation."
    return {"generated_text": reply, "conversation": conversation, "warnings": [warning]}
