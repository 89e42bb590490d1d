"""Visual question answering by composition: each kind of question reaches the tool that can
see its answer, on the CC0 cat and coffee photos, the portrait and the invoice."""

from __future__ import annotations

import httpx
import pytest

from tests.local.helpers import asset_b64, need

pytestmark = pytest.mark.slow
VQA = "/models/local/composed-vqa"


def _ask(client: httpx.Client, image: str, question: str, **parameters: object) -> list:
    body = {"inputs": {"image": asset_b64(image), "question": question}}
    response = client.post(VQA, json=body | {"parameters": parameters})
    assert response.status_code == 200, response.text
    return response.json()


def test_objects_come_from_the_imagenet_classes(client: httpx.Client) -> None:
    need("local/composed-vqa")
    answers = _ask(client, "cat.jpg", "What animal is this?", top_k=3)
    assert len(answers) == 3
    assert answers[0]["answer"] in {"tiger cat", "tabby", "Egyptian cat"}
    assert _ask(client, "coffee.jpg", "What is in the cup?")[0]["answer"] == "espresso"


def test_yes_no_questions_people_text_and_colours(client: httpx.Client) -> None:
    need("local/composed-vqa")
    assert _ask(client, "cat.jpg", "Is there a cat in the picture?")[0]["answer"] == "yes"
    assert _ask(client, "cat.jpg", "Is there a dog?")[0]["answer"] == "no"
    assert _ask(client, "portrait.jpg", "How many people are there?")[0]["answer"] == "1"
    [text] = _ask(client, "invoice.png", "What does the text say?")
    assert "4521" in text["answer"]
    assert 0.5 < text["score"] <= 1
    colours = _ask(client, "coffee.jpg", "What colour is the cup?")
    assert {c["answer"] for c in colours} <= {"brown", "orange", "red", "white", "grey", "black"}


def test_other_questions_go_to_the_chat_model(client: httpx.Client) -> None:
    need("local/composed-vqa")
    [answer] = _ask(client, "portrait.jpg", "What is the person wearing?")
    assert answer["answer"].strip()
    assert 0 < answer["score"] <= 1
    legacy = client.post(VQA, json={"image": asset_b64("cat.jpg"), "question": "What animal?"})
    assert legacy.status_code == 200
