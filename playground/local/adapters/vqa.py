"""Visual question answering by composition (no VQA model ships in a package): the question
picks the tool that can see the answer — ImageNet classes, a face counter, a colour palette,
OCR — and anything else goes to SmolLM2 with what those tools saw, written out as text."""

from __future__ import annotations

import math
import re
import threading
from typing import Any

import numpy as np

from ..media import decode_image
from ..payload import Payload
from . import e5, effnet, imagenet, ocr, vision
from .base import top_k
from .llm import Generation, Sampling, engine

COLOURS = {
    "black": (20, 20, 20), "white": (240, 240, 240), "grey": (128, 128, 128),
    "red": (200, 30, 30), "orange": (240, 140, 20), "yellow": (230, 220, 40),
    "green": (40, 160, 60), "blue": (40, 80, 200), "purple": (130, 50, 160),
    "pink": (240, 150, 190), "brown": (120, 80, 40),
}  # fmt: skip
PEOPLE = r"\bhow many (people|persons|faces|men|women|kids|children|humans)\b"
COLOUR = r"\bcolou?rs?\b"
TEXT = r"\b(say|says|written|text|read|word|words|sign|title)\b"
PRESENCE = r"^\s*(is|are) (there|this|that|it) (an? |any |some )?([a-z][a-z ]*?)\s*(in .*)?\??$"
WHAT = (
    r"\b(what|which) (animal|object|thing|kind|type|breed|vehicle|food"
    r"|is (this|that|it|shown|in))\b"
)
SYSTEM = (
    "You answer questions about a picture you cannot see, using only the facts given about it."
    " Answer in a few words."
)


class ComposedVqa:
    """Answers as `[{answer, score}]`, best first:

    - "how many people/faces…" → OpenCV's face count (score 0.9: frontal faces only);
    - "what colour…" → the image's main colours, scored by their share of the pixels;
    - "what does it say / the text…" → OCR (RapidOCR), scored by its confidence;
    - "is there a X / is this a X" → yes/no, from the ImageNet probability of the classes
      nearest to X (E5 similarity);
    - "what animal / object / is this…" → the ImageNet classes (EfficientNet-Lite0);
    - anything else → SmolLM2 told the classes, faces, colours and text, scored by its mean
      token probability. It only knows what those tools see; it can be fluent and wrong.
    """

    def __init__(self) -> None:
        imagenet.network()
        imagenet.class_embeddings()
        self.faces = vision.HaarFaces()
        self.classes = effnet.class_names()

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        question = payload.item("question", str).strip()
        image = decode_image(payload.binary("image"))
        lower = question.lower()
        if re.search(PEOPLE, lower):
            answers = [{"answer": str(self.count_faces(image)), "score": 0.9}]
        elif re.search(COLOUR, lower):
            answers = [{"answer": name, "score": share} for name, share in colours(image)]
        elif re.search(TEXT, lower):
            answers = [read_text(image)]
        elif match := re.match(PRESENCE, lower):
            answers = self.presence(image, match.group(4))
        elif re.search(WHAT, lower):
            answers = self.objects(image)
        else:
            answers = [self.ask(image, question)]
        return top_k(answers, payload, default=5)

    def count_faces(self, image: Any) -> int:
        return len(self.faces.detect(image, threshold=0.5))

    def objects(self, image: Any, count: int = 5) -> list[dict[str, Any]]:
        probabilities = imagenet.class_probabilities(image)
        best = np.argsort(-probabilities)[:count]
        return [
            {"answer": self.classes[i], "score": round(float(probabilities[i]), 4)} for i in best
        ]

    def presence(self, image: Any, thing: str) -> list[dict[str, Any]]:
        """P(yes) = the image's probability mass on the 5 ImageNet classes nearest to `thing`."""
        vector = np.asarray(e5.engine().query(imagenet.DEFAULT_TEMPLATE.format(thing)))
        nearest = np.argsort(-(imagenet.class_embeddings() @ vector))[:5]
        yes = float(min(1.0, imagenet.class_probabilities(image)[nearest].sum() * 2))
        return [
            {"answer": "yes", "score": round(yes, 4)},
            {"answer": "no", "score": round(1 - yes, 4)},
        ]

    def ask(self, image: Any, question: str) -> dict[str, Any]:
        seen = self.objects(image, 3)
        described = ", ".join(f"{a['answer']} ({a['score']:.0%})" for a in seen)
        palette = ", ".join(name for name, _ in colours(image))
        text = read_text(image)["answer"]
        facts = (
            f"Objects (ImageNet classifier): {described}. Faces: {self.count_faces(image)}. "
            f"Main colours: {palette}. Text in the picture: {text or 'none'}."
        )
        messages = [
            {"role": "system", "content": f"{SYSTEM} {facts}"},
            {"role": "user", "content": question},
        ]
        llm = engine()
        sampling = Sampling(max_new_tokens=24, temperature=0.0, repetition_penalty=1.1, seed=0)
        result = Generation()
        tokens = llm.tokens(llm.chat_prompt(messages), sampling)
        steps = [s for s in llm.steps(tokens, sampling, result, threading.Event()) if s.text]
        confidence = math.exp(sum(s.logprob for s in steps) / len(steps)) if steps else 0.0
        answer = result.text.strip().splitlines()[0] if result.text.strip() else ""
        return {"answer": answer, "score": round(confidence, 4)}


def colours(image: Any, most: int = 3) -> list[tuple[str, float]]:
    """The named colours covering at least 10 % of a 64×64 thumbnail, largest first."""
    pixels = np.asarray(image.resize((64, 64)), dtype=float).reshape(-1, 3)
    names = list(COLOURS)
    palette = np.asarray([COLOURS[name] for name in names], dtype=float)
    nearest = np.argmin(((pixels[:, None] - palette[None]) ** 2).sum(axis=-1), axis=1)
    shares = np.bincount(nearest, minlength=len(names)) / len(nearest)
    order = [int(i) for i in np.argsort(-shares)[:most] if shares[i] >= 0.1]
    return [(names[i], round(float(shares[i]), 4)) for i in order]


def read_text(image: Any) -> dict[str, Any]:
    lines, confidence = ocr.rapid_lines_scored(image)
    text = " ".join(lines)
    return {"answer": text or "(no text found)", "score": round(confidence if text else 0.5, 4)}
