"""Text models on real inputs, over HTTP."""

from __future__ import annotations

import httpx
import numpy as np
import pytest

from tests.local.helpers import asset, need, words

NER_TEXT = "Apple is looking at buying a U.K. startup for $1 billion, Tim Cook told reporters."


def test_sentiment(client: httpx.Client) -> None:
    need("local/vader-sentiment")
    good = client.post("/models/local/vader-sentiment", json={"inputs": "I love this, it's great!"})
    assert good.status_code == 200
    [[top, other]] = good.json()
    assert top["label"] == "positive"
    assert top["score"] > 0.8
    assert other["label"] == "negative"
    bad = client.post("/models/local/vader-sentiment", json="The food was terrible and cold.")
    assert bad.json()[0][0]["label"] == "negative"
    top_one = client.post(
        "/models/local/vader-sentiment", json={"inputs": "ok", "parameters": {"top_k": 1}}
    )
    assert len(top_one.json()[0]) == 1


def test_language_id(client: httpx.Client) -> None:
    need("local/langid")
    samples = {
        "en": "The weather is lovely today and we are going to the beach.",
        "es": "El perro come carne y bebe agua en la casa de mi hermano.",
        "de": "Ich habe heute keine Zeit, weil ich arbeiten muss.",
        "fr": "Nous avons mangé une excellente tarte aux pommes hier soir.",
    }
    for code, text in samples.items():
        [[first, *rest]] = client.post("/models/local/langid", json={"inputs": text}).json()
        assert first["label"] == code
        assert first["score"] > 0.9
        assert len(rest) == 4


def test_embeddings_rank_paraphrase_above_unrelated(client: httpx.Client) -> None:
    need("local/e5-small")
    one = client.post("/models/local/e5-small", json={"inputs": "A man is eating pasta."}).json()
    assert len(one) == 384
    assert isinstance(one[0], float)
    many = client.post(
        "/models/local/e5-small/pipeline/feature-extraction",
        json={"inputs": ["A man is eating food.", "The stock market fell sharply today."]},
    ).json()
    assert np.array(many).shape == (2, 384)
    similarities = np.array(many) @ np.array(one)
    assert similarities[0] > similarities[1] + 0.05


def test_sentence_similarity_routes(client: httpx.Client) -> None:
    need("local/e5-small")
    pair = {
        "source_sentence": "How do I reset my password?",
        "sentences": [
            "I forgot my password and want to change it.",
            "The train to Paris leaves at noon.",
        ],
    }
    for path in (
        "/models/local/e5-small/pipeline/sentence-similarity",
        "/pipeline/sentence-similarity/local/e5-small",
        "/models/local/e5-small",
    ):
        scores = client.post(path, json={"inputs": pair}).json()
        assert len(scores) == 2, path
        assert scores[0] > scores[1], path
    empty = client.post(
        "/models/local/e5-small/pipeline/sentence-similarity",
        json={"inputs": {"source_sentence": "x", "sentences": []}},
    )
    assert empty.status_code == 400


def test_zero_shot(client: httpx.Client) -> None:
    need("local/e5-zero-shot")
    labels = ["cooking", "technology", "politics"]
    cases = {
        "The chef seasoned the soup with fresh basil and garlic.": "cooking",
        "The new GPU doubles the speed of neural network training.": "technology",
        "The senate passed the budget bill after a long debate.": "politics",
    }
    for text, expected in cases.items():
        body = {"inputs": text, "parameters": {"candidate_labels": labels}}
        ranked = client.post("/models/local/e5-zero-shot", json=body).json()
        assert ranked[0]["label"] == expected
        assert abs(sum(item["score"] for item in ranked) - 1) < 1e-3
    multi = client.post(
        "/models/local/e5-zero-shot",
        json={
            "inputs": "Soup recipe",
            "parameters": {"candidate_labels": labels, "multi_label": True},
        },
    ).json()
    assert {item["label"] for item in multi} == set(labels)
    one_label = client.post(
        "/models/local/e5-zero-shot",
        json={"inputs": "x", "parameters": {"candidate_labels": ["a"]}},
    )
    assert one_label.status_code == 422


def test_ner_finds_an_organisation_and_a_person(client: httpx.Client) -> None:
    need("local/spacy-en-ner")
    entities = client.post("/models/local/spacy-en-ner", json={"inputs": NER_TEXT}).json()
    found = {(e["entity_group"], e["word"]) for e in entities}
    assert ("ORG", "Apple") in found
    assert ("PERSON", "Tim Cook") in found
    for entity in entities:
        assert NER_TEXT[entity["start"] : entity["end"]] == entity["word"]
        assert entity["score"] == 1.0
    tokens = client.post(
        "/models/local/spacy-en-ner",
        json={"inputs": NER_TEXT, "parameters": {"aggregation_strategy": "none"}},
    ).json()
    assert {"entity": "B-PERSON", "word": "Tim"}.items() <= tokens[-2].items()
    assert tokens[-1]["entity"] == "I-PERSON"


def test_summarization_is_extractive_and_shorter(client: httpx.Client) -> None:
    need("local/sumy-lexrank")
    article = asset("article.txt").read_text(encoding="utf-8")
    [result] = client.post("/models/local/sumy-lexrank", json={"inputs": article}).json()
    summary = result["summary_text"]
    assert 10 < len(summary.split()) <= 80
    assert all(sentence.strip() in article for sentence in summary.split(". "))
    assert "weather" not in summary
    short = client.post(
        "/models/local/sumy-lexrank", json={"inputs": article, "parameters": {"max_length": 25}}
    ).json()
    assert len(short[0]["summary_text"].split(".")) <= 3


@pytest.mark.parametrize(
    ("model_id", "text", "expected"),
    [
        ("local/apertium-en-es", "The cat is sleeping on the red sofa.", "gato"),
        ("local/apertium-es-en", "El perro come carne en la casa.", "dog"),
    ],
)
def test_translation(client: httpx.Client, model_id: str, text: str, expected: str) -> None:
    need(model_id)
    [result] = client.post(f"/models/{model_id}", json={"inputs": text}).json()
    assert expected in words(result["translation_text"])
    wrong = client.post(
        f"/models/{model_id}",
        json={"inputs": text, "parameters": {"src_lang": "fr", "tgt_lang": "de"}},
    )
    assert wrong.status_code == 422
