"""The fake server's hf text routes, driven over real loopback."""

from __future__ import annotations

from typing import Any

import httpx
import numpy as np
import pytest

from .helpers import CONTEXT, CONTINUATION, TABLE, sse_json

# -- hf-inference text tasks ----------------------------------------------------------------------


def test_text_classification_shapes(client: httpx.Client) -> None:
    nested = client.post("/models/fake/text-classification", json={"inputs": "I love this"})
    assert nested.status_code == 200
    assert nested.headers["x-compute-type"] == "cpu"
    assert nested.headers["x-compute-characters"] == "11"
    [scores] = nested.json()
    assert [s["label"] for s in scores] == ["POSITIVE", "NEGATIVE"]
    assert abs(sum(s["score"] for s in scores) - 1) < 1e-5
    flat = client.post("/models/flat/text-classification", json={"inputs": "terrible, I hate it"})
    assert flat.json()[0]["label"] == "NEGATIVE"
    raw = client.post("/models/fake/text-classification", content=b"I love it")
    assert raw.json()[0][0]["label"] == "POSITIVE"
    batch = client.post("/models/flat/text-classification", json={"inputs": ["good", "bad"]})
    assert [item[0]["label"] for item in batch.json()] == ["POSITIVE", "NEGATIVE"]
    top = client.post(
        "/models/fake/text-classification",
        json={"inputs": "ok", "parameters": {"top_k": 1}},
    )
    assert len(top.json()[0]) == 1


def test_unknown_org_is_404(client: httpx.Client) -> None:
    response = client.post("/models/acme/text-classification", json={"inputs": "x"})
    assert response.status_code == 404
    assert response.json() == {"error": "Model acme/text-classification does not exist"}


@pytest.mark.parametrize("org", ["fake", "none"])
def test_token_classification_offsets(client: httpx.Client, org: str) -> None:
    text = "My name is Clara Smith and I live in New York, working for Hugging Face."
    items = client.post(f"/models/{org}/token-classification", json={"inputs": text}).json()
    assert items
    for item in items:
        assert text[item["start"] : item["end"]] == item["word"]
    if org == "fake":
        assert [(i["entity_group"], i["word"]) for i in items] == [
            ("PER", "Clara Smith"),
            ("LOC", "New York"),
            ("ORG", "Hugging Face"),
        ]
    else:
        assert items[0]["entity"] == "B-PER"
        assert items[1]["entity"] == "I-PER"
        assert items[0]["index"] == 4
        assert "entity_group" not in items[0]


def test_token_classification_parameters(client: httpx.Client) -> None:
    body = {"inputs": "Clara lives in Paris", "parameters": {"aggregation_strategy": "none"}}
    assert "entity" in client.post("/models/fake/token-classification", json=body).json()[0]
    body["parameters"] = {"ignore_labels": ["PER"]}
    items = client.post("/models/fake/token-classification", json=body).json()
    assert [i["word"] for i in items] == ["Paris"]


def test_zero_shot_variants(client: httpx.Client) -> None:
    body = {
        "inputs": "I booked a flight to Paris",
        "parameters": {"candidate_labels": "flight, cooking"},
    }
    new = client.post("/models/fake/zero-shot-classification", json=body).json()
    assert [r["label"] for r in new] == ["flight", "cooking"]
    assert abs(sum(r["score"] for r in new) - 1) < 1e-5
    old = client.post("/models/old/zero-shot-classification", json=body).json()
    assert old["sequence"] == body["inputs"]
    assert old["labels"] == ["flight", "cooking"]
    body["parameters"] = {"candidate_labels": ["flight", "cooking", "sport"], "multi_label": True}
    multi = client.post("/models/fake/zero-shot-classification", json=body).json()
    assert sorted(r["label"] for r in multi) == ["cooking", "flight", "sport"]
    assert sum(r["score"] for r in multi) > 1.0


def test_zero_shot_validation(client: httpx.Client) -> None:
    missing = client.post("/models/fake/zero-shot-classification", json={"inputs": "x"})
    assert missing.status_code == 400
    assert missing.json() == {"error": ["Field required: `candidate_labels` in `parameters`"]}
    body = {"inputs": "x", "parameters": {"candidate_labels": ["a"], "hypothesis_template": "no"}}
    template = client.post("/models/fake/zero-shot-classification", json=body)
    assert template.status_code == 400
    assert "hypothesis_template" in template.json()["error"]


def test_fill_mask(client: httpx.Client) -> None:
    one = client.post("/models/fake/fill-mask", json={"inputs": "Paris is the [MASK] of France."})
    first = one.json()[0]
    assert first["token_str"] == "capital"
    assert first["sequence"] == "Paris is the capital of France."
    assert len(one.json()) == 5
    two = client.post(
        "/models/fake/fill-mask",
        json={"inputs": "<mask> is the [MASK].", "parameters": {"top_k": 2}},
    ).json()
    assert len(two) == 2
    assert all(len(inner) == 2 for inner in two)
    multi = client.post("/models/multi/fill-mask", json={"inputs": "the [MASK]"}).json()
    assert isinstance(multi[0], list)
    targets = {"inputs": "the <mask>", "parameters": {"targets": ["dog"]}}
    assert client.post("/models/fake/fill-mask", json=targets).json()[0]["token_str"] == "dog"
    none = client.post("/models/fake/fill-mask", json={"inputs": "no mask here"})
    assert none.status_code == 400
    assert none.json() == {"error": "No mask_token ([MASK]) found on the input"}


@pytest.mark.parametrize(
    ("question", "answer"), [("What is my name?", "Clara"), ("Where do I live?", "Berkeley")]
)
def test_question_answering_span(client: httpx.Client, question: str, answer: str) -> None:
    body = {"inputs": {"question": question, "context": CONTEXT}}
    result = client.post("/models/fake/question-answering", json=body).json()
    assert result["answer"] == answer
    assert CONTEXT[result["start"] : result["end"]] == answer
    legacy = client.post(
        "/models/list/question-answering", json={"question": question, "context": CONTEXT}
    )
    assert legacy.json() == [result]


def test_question_answering_top_k_and_errors(client: httpx.Client) -> None:
    body = {"inputs": {"question": "Who?", "context": CONTEXT}, "parameters": {"top_k": 3}}
    answers = client.post("/models/fake/question-answering", json=body).json()
    assert len(answers) == 3
    assert all(CONTEXT[a["start"] : a["end"]] == a["answer"] for a in answers)
    missing = client.post("/models/fake/question-answering", json={"inputs": {"question": "x"}})
    assert missing.status_code == 400


def test_table_question_answering(client: httpx.Client) -> None:
    query = "How many stars does the transformers repository have?"
    body = {"inputs": {"query": query, "table": TABLE}}
    result = client.post("/models/fake/table-question-answering", json=body).json()
    assert result == {
        "answer": "36542",
        "coordinates": [[0, 1]],
        "cells": ["36542"],
        "aggregator": "NONE",
    }
    listed = client.post("/models/list/table-question-answering", json=body).json()
    assert listed == [result]
    body = {"inputs": {"query": "What is the average stars?", "table": TABLE}}
    average = client.post("/models/fake/table-question-answering", json=body).json()
    assert average["aggregator"] == "AVERAGE"
    assert average["answer"].startswith("AVERAGE > ")
    assert average["coordinates"] == [[0, 1], [1, 1], [2, 1]]


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"question": "x", "table": TABLE}, "Field required: `query` in `parameters`"),
        (
            {"query": "x", "table": {"a": ["1"], "b": ["1", "2"]}},
            "Value error, All rows in the table must be the same length: `table` in `parameters`",
        ),
        (
            {"query": "x", "table": {"a": [1]}},
            "Input should be a valid string: `table` in `parameters`",
        ),
    ],
)
def test_table_question_answering_validation(
    client: httpx.Client, inputs: dict[str, Any], message: str
) -> None:
    response = client.post("/models/fake/table-question-answering", json={"inputs": inputs})
    assert response.status_code == 400
    assert response.json() == {"error": [message]}


def test_summarization(client: httpx.Client) -> None:
    text = "The tower is 324 metres tall. It is the tallest structure in Paris."
    result = client.post("/models/fake/summarization", json={"inputs": text}).json()
    assert result == [{"summary_text": "The tower is 324 metres tall."}]
    body = {"inputs": text, "parameters": {"max_length": 3}}
    assert (
        client.post("/models/fake/summarization", json=body).json()[0]["summary_text"]
        == "The tower is"
    )
    body["parameters"] = {"max_length": 501}
    invalid = client.post("/models/fake/summarization", json=body)
    assert invalid.json() == {
        "error": ["Input should be less than or equal to 500: `max_length` in `parameters`"]
    }


def test_translation(client: httpx.Client) -> None:
    default = client.post("/models/fake/translation", json={"inputs": "Hello world"})
    assert default.json() == [{"translation_text": "Bonjour monde"}]
    body = {"inputs": "Hello world", "parameters": {"src_lang": "en_XX", "tgt_lang": "deu_Latn"}}
    assert (
        client.post("/models/fake/translation", json=body).json()[0]["translation_text"]
        == "Hallo welt"
    )
    body["parameters"] = {"tgt_lang": "xx_YY"}
    assert client.post("/models/fake/translation", json=body).json() == {
        "error": "Unsupported language code: xx_YY"
    }
    missing = client.post("/models/multilingual/translation", json={"inputs": "Hello"})
    assert missing.status_code == 400
    assert "src_lang" in missing.json()["error"]


def test_conversational(client: httpx.Client) -> None:
    inputs = {"text": "Hi", "past_user_inputs": ["a"], "generated_responses": ["b"]}
    result = client.post("/models/fake/conversational", json={"inputs": inputs}).json()
    assert result["generated_text"] == "Echo: Hi"
    assert result["conversation"] == {
        "past_user_inputs": ["a", "Hi"],
        "generated_responses": ["b", "Echo: Hi"],
    }
    assert result["warnings"]


# -- hf-inference text generation -----------------------------------------------------------------


def test_text_generation_shapes(client: httpx.Client) -> None:
    body = {"inputs": "Hi", "parameters": {"max_new_tokens": 4}}
    listed = client.post("/models/fake/text-generation", json=body).json()
    assert listed == [{"generated_text": " The answer is 42."}]
    obj = client.post("/models/object/text-generation", json=body).json()
    assert obj == {"generated_text": " The answer is 42."}
    body["parameters"] = {"return_full_text": True}
    assert client.post("/models/object/text-generation", json=body).json()["generated_text"] == (
        "Hi" + CONTINUATION
    )


def test_text_generation_details_and_stops(client: httpx.Client) -> None:
    body = {"inputs": "Hello there", "parameters": {"details": True, "decoder_input_details": True}}
    details = client.post("/models/object/text-generation", json=body).json()["details"]
    assert details["finish_reason"] == "eos_token"
    assert details["seed"] is None
    assert details["tokens"][-1] == {"id": 2, "text": "</s>", "logprob": -0.01, "special": True}
    assert details["generated_tokens"] == len(details["tokens"]) == 19
    assert [t["text"] for t in details["prefill"]] == ["<s>", "Hello", " there"]
    assert details["prefill"][0]["logprob"] is None
    body["parameters"] = {"details": True, "stop": ["42"]}
    stopped = client.post("/models/object/text-generation", json=body).json()
    assert stopped["generated_text"] == " The answer is 42."
    assert stopped["details"]["finish_reason"] == "stop_sequence"


def test_text_generation_sampling_is_seeded(client: httpx.Client) -> None:
    def run(seed: int) -> dict[str, Any]:
        params = {"do_sample": True, "seed": seed, "details": True, "max_new_tokens": 30}
        return client.post("/tgi/generate", json={"inputs": "x", "parameters": params}).json()

    assert run(1) == run(1)
    assert run(1)["generated_text"] != run(2)["generated_text"]
    assert run(5)["details"]["seed"] == 5


def test_text_generation_transformers_rejects_tgi_keys(client: httpx.Client) -> None:
    body = {"inputs": "Hi", "parameters": {"watermark": True, "stop": ["x"], "max_new_tokens": 2}}
    response = client.post("/models/transformers/text-generation", json=body)
    assert response.status_code == 400
    assert response.json() == {
        "error": "The following `model_kwargs` are not used by the model: ['watermark', 'stop'] "
        "(note: typos in the generate arguments will also show up in this list)"
    }
    body = {
        "inputs": "Hi",
        "parameters": {"max_new_tokens": 2, "num_return_sequences": 2},
        "stream": True,
    }
    ok = client.post("/models/transformers/text-generation", json=body)
    assert ok.headers["content-type"] == "application/json"
    assert ok.json() == [{"generated_text": "Hi The answer"}] * 2


def test_text_generation_stream_on_models_route(client: httpx.Client) -> None:
    body = {"inputs": "Hi", "stream": True, "parameters": {"max_new_tokens": 3, "details": True}}
    response = client.post("/models/fake/text-generation", json=body)
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.text.startswith("data: {")
    events = sse_json(response.content)
    assert [e["index"] for e in events] == [1, 2, 3]
    assert events[-1]["generated_text"] == " The answer is"
    assert events[-1]["details"] == {
        "finish_reason": "length",
        "generated_tokens": 3,
        "seed": None,
        "input_length": 1,
    }
    assert "[DONE]" not in response.text


def test_text_generation_missing_inputs_is_axum_text(client: httpx.Client) -> None:
    response = client.post("/models/fake/text-generation", json={"parameters": {}})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == (
        "Failed to deserialize the JSON body into the target type: missing field `inputs` "
        "at line 1 column 17"
    )


# -- embeddings and similarity --------------------------------------------------------------------


def test_feature_extraction_shapes(client: httpx.Client) -> None:
    pooled = client.post("/models/fake/feature-extraction", json={"inputs": "hello world"}).json()
    assert len(pooled) == 32
    assert abs(sum(v * v for v in pooled) - 1) < 1e-4
    batch = client.post("/models/fake/feature-extraction", json={"inputs": ["a", "b c"]}).json()
    assert [len(row) for row in batch] == [32, 32]
    tokens = client.post("/models/tokens/feature-extraction", json={"inputs": "hello world"}).json()
    assert np.asarray(tokens).shape == (1, 4, 32)
    nested = client.post("/models/tokens/feature-extraction", json={"inputs": ["a", "b"]}).json()
    assert np.asarray(nested).shape == (2, 1, 3, 32)
    raw = client.post(
        "/models/fake/feature-extraction",
        json={"inputs": "x", "normalize": False, "dimensions": 8},
    )
    assert len(raw.json()) == 8


def test_sentence_similarity(client: httpx.Client) -> None:
    inputs = {"source_sentence": "a cat sat", "sentences": ["a cat sat", "dogs run", "a cat"]}
    scores = client.post("/models/fake/sentence-similarity", json={"inputs": inputs}).json()
    assert len(scores) == 3
    assert scores[0] == pytest.approx(1.0)
    assert scores[2] > scores[1]
    legacy_bug = {"inputs": None, "source_sentence": "a", "sentences": ["b"]}
    bug = client.post("/models/fake/sentence-similarity", json=legacy_bug)
    assert bug.status_code == 400
    assert bug.json() == {"error": "SentenceSimilarityInputsCheck expected dict not NoneType"}
    listed = client.post("/models/fake/sentence-similarity", json={"inputs": ["a", "b"]})
    assert listed.json() == {"error": "SentenceSimilarityInputsCheck expected dict not list"}
    missing = client.post("/models/fake/sentence-similarity", json={"inputs": {"sentences": []}})
    assert missing.json() == {"error": ["Field required: `source_sentence` in `parameters`"]}


@pytest.mark.parametrize(
    "path",
    [
        "/models/fake/sentence-similarity/pipeline/feature-extraction",
        "/pipeline/feature-extraction/fake/sentence-similarity",
    ],
)
def test_pipeline_feature_extraction(client: httpx.Client, path: str) -> None:
    vectors = client.post(path, json={"inputs": ["a", "b"]}).json()
    assert np.asarray(vectors).shape == (2, 32)


def test_pipeline_routes_errors_and_similarity(client: httpx.Client) -> None:
    inputs = {"source_sentence": "a", "sentences": ["a"]}
    path = "/models/fake/feature-extraction/pipeline/sentence-similarity"
    assert client.post(path, json={"inputs": inputs}).json() == [pytest.approx(1.0)]
    tokens = client.post(
        "/pipeline/feature-extraction/tokens/feature-extraction", json={"inputs": "a"}
    )
    assert np.asarray(tokens.json()).shape == (1, 3, 32)
    wrong = client.post("/models/fake/text-classification/pipeline/feature-extraction", json={})
    assert wrong.status_code == 400
