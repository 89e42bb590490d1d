"""huggingface_hub's own InferenceClient against `python -m playground.local`, for every local
model, each called cold (the server holds the first request while the model loads: no
`x-wait-for-model`, no retry) and checked on its real output."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import numpy as np
import pytest

from playground.local.catalog import MODELS
from tests.local.helpers import asset, need, table, words

hub = pytest.importorskip("huggingface_hub", reason="bench/test-only dependency")
NER_TEXT = "Tim Cook runs Apple from California."
CHAT = [{"role": "user", "content": "Say hello."}]


def _sentiment(client: Any) -> None:
    [top, _] = client.text_classification("What a wonderful day!")
    assert (top.label, top.score > 0.5) == ("positive", True)


def _language(client: Any) -> None:
    assert client.text_classification("El perro come carne en la casa.")[0].label == "es"


def _embeddings(client: Any) -> None:
    vectors = client.feature_extraction(["A cat sits.", "Stocks fell."])
    assert vectors.shape == (2, 384)
    scores = client.sentence_similarity("A man is eating pasta.", ["A man eats food.", "Stocks."])
    assert scores[0] > scores[1]


def _zero_shot(client: Any) -> None:
    [top, _] = client.zero_shot_classification(
        "The striker scored twice in the final.", candidate_labels=["sports", "cooking"]
    )
    assert top.label == "sports"


def _entities(client: Any) -> None:
    found = {(e.entity_group, e.word) for e in client.token_classification(NER_TEXT)}
    assert found >= {("PERSON", "Tim Cook"), ("ORG", "Apple")}


def _summary(client: Any) -> None:
    article = asset("article.txt").read_text(encoding="utf-8")
    summary = client.summarization(article).summary_text
    assert 0 < len(summary) < len(article)


def _translate(text: str, word: str) -> Callable[[Any], None]:
    def call(client: Any) -> None:
        assert word in words(client.translation(text).translation_text)

    return call


def _wine(client: Any) -> None:
    assert client.tabular_classification(table("wine.csv")) == ["class_0", "class_1", "class_2"]


def _diabetes(client: Any) -> None:
    # huggingface_hub 2.4 has no tabular_regression for this provider: post what 0.17 posted.
    response = httpx.post(client.model, json={"inputs": {"data": table("diabetes.csv")}})
    values = response.raise_for_status().json()
    assert len(values) == len(table("diabetes.csv")["age"])
    assert all(25 < value < 350 for value in values)


def _face(client: Any) -> None:
    [face] = client.object_detection(asset("portrait.jpg"))
    assert face.label == "face"
    assert face.box.xmin < 200 < face.box.xmax


def _grabcut(client: Any) -> None:
    segments = client.image_segmentation(asset("portrait.jpg"))
    assert [s.label for s in segments] == ["foreground", "background"]
    assert segments[0].mask.size == (512, 512)


def _ocr(client: Any) -> None:
    assert "4521" in client.image_to_text(asset("invoice.png")).generated_text


def _transcribe(client: Any) -> None:
    heard = client.automatic_speech_recognition(asset("speech.wav").read_bytes()).text
    assert {"good", "morning"} <= set(words(heard)) or len(words(heard)) >= 2


def _vad(client: Any) -> None:
    assert client.audio_classification(asset("speech.wav"))[0].label == "speech"


def _speech(client: Any) -> None:
    audio = client.text_to_speech("Good morning, everyone.")
    assert audio[:4] in (b"fLaC", b"RIFF")
    assert len(audio) > 10_000


def _conversational(url: str) -> None:
    # huggingface_hub 2.x dropped `conversational`: post what 0.17's client posted.
    body = {"inputs": {"text": "Hello!", "past_user_inputs": [], "generated_responses": []}}
    reply = httpx.post(url, json=body | {"parameters": {"max_length": 20}}, timeout=120)
    turn = reply.raise_for_status().json()
    assert turn["conversation"]["past_user_inputs"] == ["Hello!"]
    assert turn["conversation"]["generated_responses"] == [turn["generated_text"]]


def _llm(client: Any) -> None:
    reply = client.chat_completion(CHAT, max_tokens=10)
    assert reply.choices[0].message.content.strip()
    chunks = list(client.chat_completion(CHAT, max_tokens=10, stream=True))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices).strip()
    generated = client.text_generation("Once upon a time", max_new_tokens=6, details=True)
    assert generated.details.generated_tokens == 6
    assert isinstance(np.mean([t.logprob for t in generated.details.tokens]), float)
    events = list(client.text_generation("Once upon a time", max_new_tokens=6, stream=True))
    assert "".join(events).strip()
    _conversational(client.model)


def _classify_image(client: Any) -> None:
    assert client.image_classification(asset("coffee.jpg"))[0].label == "espresso"


def _zero_shot_image(client: Any) -> None:
    labels = ["a dog", "a cat", "a car"]
    assert client.zero_shot_image_classification(asset("cat.jpg"), labels)[0].label == "a cat"


def _upscale(client: Any) -> None:
    image = client.image_to_image(asset("cat.jpg"), target_size={"width": 902, "height": 600})
    assert image.size == (902, 600)


def _vqa(client: Any) -> None:
    [answer] = client.visual_question_answering(asset("portrait.jpg"), "How many people are there?")
    assert answer.answer == "1"


def _fill_mask(client: Any) -> None:
    assert client.fill_mask("Paris is the [MASK] of France.")[0].token_str == "capital"


def _question(client: Any) -> None:
    context = "My name is Clara and I live in Berkeley."
    answer = client.question_answering("Where do I live?", context)
    assert (answer.answer, context[answer.start : answer.end]) == ("Berkeley", "Berkeley")


def _table(client: Any) -> None:
    table = {"City": ["Tokyo", "Paris"], "Country": ["Japan", "France"]}
    answer = client.table_question_answering(table, "What country is Paris in?")
    assert (answer.answer, answer.coordinates) == ("France", [[1, 1]])


def _docqa(client: Any) -> None:
    [answer] = client.document_question_answering(
        asset("invoice.png"), "What is the invoice number?"
    )
    assert answer.answer == "4521"


CALLS: dict[str, Callable[[Any], None]] = {
    "local/vader-sentiment": _sentiment,
    "local/langid": _language,
    "local/e5-small": _embeddings,
    "local/e5-zero-shot": _zero_shot,
    "local/spacy-en-ner": _entities,
    "local/sumy-lexrank": _summary,
    "local/apertium-en-es": _translate("The red house.", "casa"),
    "local/apertium-es-en": _translate("El perro come carne.", "dog"),
    "local/wine-forest": _wine,
    "local/diabetes-ridge": _diabetes,
    "local/opencv-face": _face,
    "local/opencv-grabcut": _grabcut,
    "local/rapidocr": _ocr,
    "local/tesseract": _ocr,
    "local/whisper-tiny-en": _transcribe,
    "local/pocketsphinx-en": _transcribe,
    "local/silero-vad": _vad,
    "local/piper-joe": _speech,
    "local/espeak-ng": _speech,
    "local/smollm2-135m-instruct": _llm,
    "local/docqa-ocr-smollm2": _docqa,
    "local/efficientnet-lite0": _classify_image,
    "local/efficientnet-e5-zero-shot": _zero_shot_image,
    "local/anime4k-upscale": _upscale,
    "local/composed-vqa": _vqa,
    "local/smollm2-fill-mask": _fill_mask,
    "local/e5-spacy-qa": _question,
    "local/table-rules": _table,
}


def test_every_local_model_is_called() -> None:
    assert set(CALLS) == {spec.id for spec in MODELS}


@pytest.mark.parametrize("model_id", list(CALLS))
def test_the_hub_client_gets_real_answers_from_cold_models(
    local_process: str, model_id: str
) -> None:
    need(model_id)
    client = hub.InferenceClient(model=f"{local_process}/models/{model_id}", timeout=120)
    CALLS[model_id](client)
