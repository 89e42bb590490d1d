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
