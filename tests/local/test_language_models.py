"""The tasks SmolLM2 answers by reading its token probabilities: fill-mask (and, below, the
QA models), on real sentences with asserted answers."""

from __future__ import annotations

import httpx
import pytest

from tests.local.helpers import need

pytestmark = pytest.mark.slow
FILL = "/models/local/smollm2-fill-mask"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Paris is the [MASK] of France.", "capital"),
        ("The <mask> barked at the mail carrier all morning.", "dog"),
    ],
)
def test_fill_mask_finds_the_word(client: httpx.Client, text: str, word: str) -> None:
    need("local/smollm2-fill-mask")
    found = client.post(FILL, json={"inputs": text, "parameters": {"top_k": 3}}).json()
    assert len(found) == 3
    best = found[0]
    assert best["token_str"] == word
    assert best["score"] > 0.5
    assert best["sequence"] == text.replace("[MASK]", word).replace("<mask>", word)
    assert isinstance(best["token"], int)
    assert sum(item["score"] for item in found) <= 1.0001


def test_fill_mask_with_two_masks_and_targets(client: httpx.Client) -> None:
    need("local/smollm2-fill-mask")
    text = "I drink [MASK] every morning before I go to [MASK]."
    first, second = client.post(FILL, json={"inputs": text}).json()
    assert first[0]["token_str"] in {"coffee", "tea", "water", "milk"}
    assert second[0]["token_str"] in {"work", "school", "bed", "church"}
    assert second[0]["sequence"].startswith(f"I drink {first[0]['token_str']} every")
    body = {
        "inputs": "Paris is the [MASK] of France.",
        "parameters": {"targets": ["city", "capital"]},
    }
    ranked = client.post(FILL, json=body).json()
    assert [item["token_str"] for item in ranked] == ["capital", "city"]


def test_fill_mask_needs_a_mask(client: httpx.Client) -> None:
    need("local/smollm2-fill-mask")
    response = client.post(FILL, json={"inputs": "No blank here."})
    assert response.status_code == 400
    assert "mask" in response.json()["error"]


QA = "/models/local/e5-spacy-qa"
CLARA = (
    "My name is Clara and I live in Berkeley, where I work as a lighthouse engineer for the "
    "coast guard. On weekends I teach sailing to children in the bay."
)
EIFFEL = (
    "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France. "
    "It is named after the engineer Gustave Eiffel, whose company designed and built the "
    "tower. It was constructed from 1887 to 1889 as the entrance arch to the 1889 World's "
    "Fair. The tower is 330 metres tall, about the same height as an 81-storey building."
)


@pytest.mark.parametrize(
    ("context", "question", "expected"),
    [
        (CLARA, "Where do I live?", "Berkeley"),
        (CLARA, "What do I teach on weekends?", "sailing"),
        (EIFFEL, "How tall is the tower?", "330 metres"),
        (EIFFEL, "Who is the tower named after?", "Gustave Eiffel"),
        (EIFFEL, "When was the tower built?", "1887 to 1889"),
    ],
)
def test_question_answering_returns_a_span_of_the_context(
    client: httpx.Client, context: str, question: str, expected: str
) -> None:
    need("local/e5-spacy-qa")
    body = {"inputs": {"question": question, "context": context}}
    found = client.post(QA, json=body).json()
    assert found["answer"] == expected
    assert context[found["start"] : found["end"]] == expected
    assert 0 <= found["score"] <= 1


def test_question_answering_top_k_and_the_old_flat_body(client: httpx.Client) -> None:
    need("local/e5-spacy-qa")
    body = {"question": "Where do I live?", "context": CLARA, "parameters": {"top_k": 2}}
    found = client.post(QA, json=body).json()
    assert isinstance(found, list)
    assert found[0]["answer"] == "Berkeley"
    empty = client.post(QA, json={"inputs": {"question": "Why?", "context": " "}})
    assert empty.status_code == 400


TABLE_QA = "/models/local/table-rules"
CITIES = {
    "City": ["Tokyo", "Delhi", "Paris"],
    "Country": ["Japan", "India", "France"],
    "Population (millions)": ["37.4", "31.0", "11.1"],
}


@pytest.mark.parametrize(
    ("query", "answer", "coordinates", "aggregator"),
    [
        ("What country is Paris in?", "France", [[2, 1]], "NONE"),
        ("Which city has the largest population?", "Tokyo", [[0, 0]], "NONE"),
        ("What is the population of Delhi?", "31.0", [[1, 2]], "NONE"),
        ("What is the average population?", "AVERAGE > 37.4, 31.0, 11.1", None, "AVERAGE"),
        ("How many cities are there?", "COUNT > Tokyo, Delhi, Paris", None, "COUNT"),
    ],
)
def test_table_questions_get_tapas_shaped_answers(
    client: httpx.Client,
    query: str,
    answer: str,
    coordinates: list[list[int]] | None,
    aggregator: str,
) -> None:
    need("local/table-rules")
    found = client.post(TABLE_QA, json={"inputs": {"query": query, "table": CITIES}}).json()
    assert found["answer"] == answer
    assert found["aggregator"] == aggregator
    if coordinates:
        assert found["coordinates"] == coordinates
    assert found["cells"] == [
        list(CITIES.values())[column][row] for row, column in found["coordinates"]
    ]


def test_a_ragged_table_is_refused(client: httpx.Client) -> None:
    need("local/table-rules")
    ragged = {"inputs": {"query": "Which?", "table": {"a": ["1", "2"], "b": ["3"]}}}
    assert client.post(TABLE_QA, json=ragged).status_code == 422
