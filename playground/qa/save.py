"""Save a run as a test: the UI's "save run as test". A run (task, inputs, parameters, result,
latency) becomes a `SuiteTest` with a sensible default assertion for its task, then is appended
to a suite file, its media copied next to it (by content hash, so saving twice copies once)."""

from __future__ import annotations

import hashlib
import io
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from . import extract
from .calls import MEDIA_ARGUMENTS, input_names
from .metrics import words
from .suite import Assertion, Suite, SuiteTest, dump_suite, load_suite

__all__ = ["default_assertions", "run_as_test", "save_test"]

MEDIA_FOLDER = "media"
_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "audio/wav": ".wav",
    "audio/flac": ".flac",
}


def _latency_bound(latency: float | None) -> list[Assertion]:
    """A generous bound: ten times the observed latency, at least 5 s, in whole seconds."""
    if latency is None:
        return []
    return [Assertion("latency", {"at_most": float(max(5, math.ceil(latency * 10)))})]


def _text_assertion(text: str) -> Assertion:
    if len(words(text)) <= 5:
        return Assertion("contains", text.strip())
    return Assertion("wer", {"reference": text.strip(), "at_most": 0.25})


def _labelled(task: str, result: Any) -> list[Assertion]:
    if task == "token-classification":
        entities = sorted(extract.entities_of(result), key=lambda e: -(e["score"] or 0))[:8]
        return [Assertion("entities", [{"label": e["label"], "word": e["word"]} for e in entities])]
    if task == "object-detection":
        boxes = [b for b in extract.boxes_of(result) if (b["score"] or 0) >= 0.5][:10]
        expected = [{"label": b["label"], "box": b["box"]} for b in boxes]
        return [Assertion("boxes", {"iou_at_least": 0.5, "expected": expected})]
    ranked = extract.ranked_labels(result)
    if task == "image-segmentation" or not ranked:
        return [Assertion("labels", sorted({label for label, _ in ranked}))]
    label, score = ranked[0]
    found = [Assertion("label", label)]
    if score is not None and task not in ("question-answering", "document-question-answering"):
        found.append(Assertion("score", {"at_least": round(max(0.0, score - 0.1), 2)}))
    return found


def default_assertions(task: str, result: Any, latency: float | None = None) -> list[Assertion]:
    """What a saved run checks by default: its top label (and score within 0.1), its entities,
    its boxes (IoU ≥ 0.5), its text (contained, or WER ≤ 0.25), its embedding (dimensions and
    cosine ≥ 0.99 to the observed one), its exact tabular output; always conformance, and a
    latency bound ten times the observed one."""
    found: list[Assertion]
    vector = extract.vector_of(result) if task == "feature-extraction" else None
    if vector is not None:
        found = [Assertion("dimensions", len(vector)), Assertion("cosine", {"at_least": 0.99})]
    elif task == "sentence-similarity" and isinstance(result, list) and result:
        best = max(range(len(result)), key=lambda i: result[i])
        found = [Assertion("score", {"index": best, "at_least": round(result[best] - 0.05, 2)})]
    elif task in ("tabular-classification", "tabular-regression"):
        found = [Assertion("equals", extract.plain(result))]
    elif task in extract.LABELLED_TASKS and task not in ("question-answering",):
        found = _labelled(task, result)
    elif extract.text_of(result) is not None:
        found = [_text_assertion(str(extract.text_of(result)))]
    else:
        found = []
    return [*found, Assertion("conforms", True), *_latency_bound(latency)]


def _observed(task: str, result: Any) -> Any:
    if task == "feature-extraction":
        vector = extract.vector_of(result)
        return [round(v, 6) for v in vector] if vector is not None else None
    value = extract.plain(result)
    if task == "image-segmentation" and isinstance(value, list):
        return [{k: v for k, v in item.items() if k != "mask"} for item in value]
    return value


def run_as_test(
    task: str,
    inputs: Mapping[str, Any] | Sequence[Any],
    parameters: Mapping[str, Any] | None,
    result: Any,
    latency: float | None = None,
    *,
    model: str | None = None,
    name: str | None = None,
) -> SuiteTest:
    """A test from one run. `inputs` by the client method's argument names, or positionally (a
    UI's `CallArgs.args`). Media inputs may be paths, bytes or PIL images until saved."""
    if not isinstance(inputs, Mapping):
        inputs = dict(zip(input_names(task), inputs, strict=False))
    first_text = next((v for v in inputs.values() if isinstance(v, str)), task)
    return SuiteTest(
        name=name or f"{task}: {first_text[:40]}",
        task=task,
        input=dict(inputs),
        parameters={k: v for k, v in (parameters or {}).items() if v is not None},
        model=model,
        expect=default_assertions(task, result, latency),
        observed=_observed(task, result),
    )


def _media_bytes(value: Any) -> tuple[bytes, str] | None:
    """The bytes of a media input and a file extension, or None if it isn't one we copy."""
    from playground.client.media import sniff_content_type

    if isinstance(value, str | Path) and not str(value).startswith(
        ("http://", "https://", "data:")
    ):
        path = Path(value)
        return path.read_bytes(), path.suffix.lower()
    if isinstance(value, bytes | bytearray):
        data = bytes(value)
        return data, _EXTENSIONS.get(sniff_content_type(data), ".bin")
    if hasattr(value, "save") and hasattr(value, "mode"):
        buffer = io.BytesIO()
        value.save(buffer, format="PNG")
        return buffer.getvalue(), ".png"
    return None


def _store_media(value: Any, folder: Path) -> Any:
    """Where the input lives relative to the suite: already under it, or copied by hash."""
    if isinstance(value, str | Path) and Path(value).is_file():
        try:
            return Path(value).resolve().relative_to(folder).as_posix()
        except ValueError:
            pass
    media = _media_bytes(value)
    if media is None:
        return value
    data, suffix = media
    digest = hashlib.sha256(data).hexdigest()[:16]
    target = folder / MEDIA_FOLDER / f"{digest}{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.write_bytes(data)
    return target.relative_to(folder).as_posix()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "suite"


def save_test(test: SuiteTest, suite_path: str | Path, suite_name: str | None = None) -> Path:
    """Append `test` to the suite file (created if missing), its media copied next to it.
    A test of the same name is replaced. Returns the suite file's path."""
    path = Path(suite_path)
    folder = path.resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    suite = load_suite(path) if path.exists() else Suite(suite_name or _slug(path.stem), [])
    stored = {
        key: _store_media(value, folder) if key in MEDIA_ARGUMENTS else value
        for key, value in test.input.items()
    }
    saved = SuiteTest(**{**test.__dict__, "input": stored})
    suite.tests = [t for t in suite.tests if t.name != saved.name] + [saved]
    text = dump_suite(suite)
    yaml.safe_load(text)  # what we write must read back
    path.write_text(text, encoding="utf-8")
    return path
