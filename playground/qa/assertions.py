"""Task-aware assertions: each is `kind: value` in a suite, checked against one outcome and
answered with a sentence either way.

| kind | value | passes when |
|---|---|---|
| `label` | `positive` | the top label (highest score) is that label |
| `labels` | `[face, person]` | every listed label is somewhere in the output |
| `score` | `{at_least: 0.8, label: positive}` | that label's score (default: the top one; `index: i` for a list of scores) is within bounds (`at_least`, `at_most`) |
| `entities` | `[{label: PERSON, word: Clara Smith}]` | every listed entity is found (word case-insensitive; label optional) |
| `boxes` | `{iou_at_least: 0.5, expected: [{label: face, box: [x1, y1, x2, y2]}]}` | each expected box is matched by a detection of its label with IoU ≥ the bound |
| `wer` | `{reference: "hello world", at_most: 0.3}` | the text's word error rate against the reference is within bounds |
| `contains` | `lighthouse` or `[a, b]` | the text contains each (case-insensitive) |
| `matches` | `'\\$1,234\\.56'` | the regular expression is found in the text |
| `equals` | any value | the output (as plain JSON) equals it (numbers to 1e-6) |
| `cosine` | `{at_least: 0.99, to: observed}` | the embedding's cosine to `observed` (or a given vector) is within bounds |
| `dimensions` | `384` | the embedding has that many dimensions |
| `conforms` | `true` or `strict` | the reply has no schema error (`strict`: no warning either) |
| `latency` | `{at_most: 2.0}` or `2.0` | the call took at most that many seconds (cold start excluded) |
"""  # noqa: E501

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import extract
from .metrics import cosine, iou, wer
from .schema import Deviation, errors_in

__all__ = ["KINDS", "CheckResult", "Outcome", "check"]


@dataclass(frozen=True)
class Outcome:
    """What one call produced, as assertions see it."""

    task: str
    result: Any
    latency: float | None = None
    deviations: Sequence[Deviation] = ()
    observed: Any = None


@dataclass(frozen=True)
class CheckResult:
    kind: str
    passed: bool
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "passed": self.passed, "reason": self.reason}


class SpecError(ValueError):
    """An assertion whose value can't be used (said in the failure)."""


def _bounds(spec: Any, value: float, unit: str = "") -> tuple[bool, str]:
    if isinstance(spec, int | float) and not isinstance(spec, bool):
        spec = {"at_most": spec}
    if not isinstance(spec, Mapping) or not ({"at_least", "at_most"} & set(spec)):
        raise SpecError("give `at_least` and/or `at_most`")
    low, high = spec.get("at_least"), spec.get("at_most")
    ok = (low is None or value >= low) and (high is None or value <= high)
    said = ((low, f"≥ {low}{unit}"), (high, f"≤ {high}{unit}"))
    return ok, " and ".join(text for bound, text in said if bound is not None)


def _fmt(score: float | None) -> str:
    return "no score" if score is None else f"{score:.4g}"


def _label(spec: Any, out: Outcome) -> tuple[bool, str]:
    ranked = extract.ranked_labels(out.result)
    if not ranked:
        return False, "the output has no labels"
    label, score = ranked[0]
    said = f"the top label is {label!r} ({_fmt(score)})"
    return (True, said) if label == str(spec) else (False, f"{said}; expected {spec!r}")


def _labels(spec: Any, out: Outcome) -> tuple[bool, str]:
    wanted = spec.get("contains") if isinstance(spec, Mapping) else spec
    wanted = [wanted] if isinstance(wanted, str) else list(wanted or [])
    present = {label for label, _ in extract.ranked_labels(out.result)}
    missing = [str(label) for label in wanted if str(label) not in present]
    if missing:
        return False, f"labels {missing} are missing; the output has {sorted(present)}"
    return True, f"labels {wanted} are all present"


def _score_value(spec: Mapping[str, Any], result: Any) -> tuple[float | None, str]:
    if isinstance(result, Sequence) and result and isinstance(result[0], int | float):
        index = int(spec.get("index", 0))
        return float(result[index]), f"score {index}"
    ranked = extract.ranked_labels(result)
    if "label" in spec:
        scores = [score for label, score in ranked if label == str(spec["label"])]
        best = max((s for s in scores if s is not None), default=None)
        return best, f"the score of {spec['label']!r}"
    if not ranked:
        return None, "the top score"
    return ranked[0][1], f"the score of the top label {ranked[0][0]!r}"


def _score(spec: Any, out: Outcome) -> tuple[bool, str]:
    if not isinstance(spec, Mapping):
        raise SpecError("give `at_least`/`at_most`, and `label` or `index` if not the top one")
    value, what = _score_value(spec, out.result)
    if value is None:
        return False, f"{what} is missing from the output"
    ok, wanted = _bounds(spec, value)
    return ok, f"{what} is {_fmt(value)}" + ("" if ok else f"; expected {wanted}")


def _entities(spec: Any, out: Outcome) -> tuple[bool, str]:
    wanted = spec.get("contains") if isinstance(spec, Mapping) else spec
    found = extract.entities_of(out.result)
    missing = []
    for item in wanted or []:
        entity = item if isinstance(item, Mapping) else {"word": str(item)}
        word, label = str(entity.get("word", "")).lower(), entity.get("label")
        if not any(
            e["word"].lower() == word and (label is None or e["label"] == label) for e in found
        ):
            missing.append(f"{label or '*'}:{entity.get('word')}")
    if missing:
        have = [f"{e['label']}:{e['word']}" for e in found]
        return False, f"entities {missing} are missing; the output has {have}"
    return True, f"all {len(wanted or [])} expected entities are present"


def _boxes(spec: Any, out: Outcome) -> tuple[bool, str]:
    if not isinstance(spec, Mapping) or not isinstance(spec.get("expected"), list):
        raise SpecError("give `expected: [{label, box: [x1, y1, x2, y2]}]` and `iou_at_least`")
    bound = float(spec.get("iou_at_least", 0.5))
    free = extract.boxes_of(out.result)
    worst: list[str] = []
    for expected in spec["expected"]:
        label = expected.get("label")
        candidates = [b for b in free if label is None or b["label"] == label]
        best = max(candidates, key=lambda b: iou(b["box"], expected["box"]), default=None)
        overlap = iou(best["box"], expected["box"]) if best else 0.0
        if best is None or overlap < bound:
            worst.append(f"{label or 'a box'} at {expected['box']} (best IoU {overlap:.2f})")
        else:
            free.remove(best)
    if worst:
        return False, f"no detection matches {'; '.join(worst)} with IoU ≥ {bound}"
    return True, f"all {len(spec['expected'])} expected boxes matched with IoU ≥ {bound}"


def _text(out: Outcome) -> str:
    text = extract.text_of(out.result)
    if text is None:
        raise SpecError(f"the {out.task} output has no text")
    return text


def _wer(spec: Any, out: Outcome) -> tuple[bool, str]:
    if not isinstance(spec, Mapping) or not isinstance(spec.get("reference"), str):
        raise SpecError("give `reference: <text>` and `at_most`")
    rate = wer(spec["reference"], _text(out))
    ok, wanted = _bounds(spec, rate)
    return ok, f"the word error rate is {rate:.3f}" + ("" if ok else f"; expected {wanted}")


def _contains(spec: Any, out: Outcome) -> tuple[bool, str]:
    text = _text(out)
    wanted = [spec] if isinstance(spec, str) else [str(item) for item in spec]
    missing = [item for item in wanted if item.lower() not in text.lower()]
    if missing:
        return False, f"the text lacks {missing}: {text[:120]!r}"
    return True, f"the text contains {wanted}"


def _matches(spec: Any, out: Outcome) -> tuple[bool, str]:
    text = _text(out)
    found = re.search(str(spec), text)
    if found is None:
        return False, f"/{spec}/ is not found in {text[:120]!r}"
    return True, f"/{spec}/ matches {found.group(0)!r}"


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    return bool(a == b)


def _equals(spec: Any, out: Outcome) -> tuple[bool, str]:
    value = extract.plain(out.result)
    if _close(value, spec):
        return True, "the output equals the expected value"
    return False, f"the output is {str(value)[:160]}; expected {str(spec)[:160]}"


def _vector(out: Outcome) -> list[float]:
    vector = extract.vector_of(out.result)
    if vector is None:
        raise SpecError(f"the {out.task} output is not an embedding")
    return vector


def _cosine(spec: Any, out: Outcome) -> tuple[bool, str]:
    if not isinstance(spec, Mapping):
        raise SpecError("give `at_least` (and `to`: a vector, or `observed`)")
    reference = spec.get("to", "observed")
    if reference == "observed":
        reference = out.observed
    if reference is None:
        raise SpecError("there is no observed vector to compare with")
    value = cosine(_vector(out), reference)
    ok, wanted = _bounds(spec, value)
    return ok, f"the cosine similarity is {value:.4f}" + ("" if ok else f"; expected {wanted}")


def _dimensions(spec: Any, out: Outcome) -> tuple[bool, str]:
    size = len(_vector(out))
    return size == int(spec), f"the embedding has {size} dimensions" + (
        "" if size == int(spec) else f"; expected {spec}"
    )


def _conforms(spec: Any, out: Outcome) -> tuple[bool, str]:
    strict = spec == "strict"
    bad = list(out.deviations) if strict else errors_in(list(out.deviations))
    if not bad:
        return True, "the reply conforms to its schema"
    shown = "; ".join(d.message for d in bad[:3])
    more = f" (+{len(bad) - 3} more)" if len(bad) > 3 else ""
    return False, f"{len(bad)} schema deviation(s): {shown}{more}"


def _latency(spec: Any, out: Outcome) -> tuple[bool, str]:
    if out.latency is None:
        return False, "no latency was measured (the call failed)"
    ok, wanted = _bounds(spec, out.latency, " s")
    return ok, f"the call took {out.latency:.3f} s" + ("" if ok else f"; expected {wanted}")


KINDS: dict[str, Callable[[Any, Outcome], tuple[bool, str]]] = {
    "label": _label,
    "labels": _labels,
    "score": _score,
    "entities": _entities,
    "boxes": _boxes,
    "wer": _wer,
    "contains": _contains,
    "matches": _matches,
    "equals": _equals,
    "cosine": _cosine,
    "dimensions": _dimensions,
    "conforms": _conforms,
    "latency": _latency,
}


def check(kind: str, spec: Any, outcome: Outcome) -> CheckResult:
    """Run one assertion; a malformed one fails with what to fix."""
    try:
        passed, reason = KINDS[kind](spec, outcome)
    except (SpecError, KeyError, TypeError, ValueError, IndexError, re.error) as error:
        return CheckResult(kind, False, f"`{kind}` can't be checked: {error}")
    return CheckResult(kind, passed, reason[0].upper() + reason[1:] + ".")
