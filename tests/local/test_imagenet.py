"""EfficientNet-Lite0 (ImageNet, numpy) and zero-shot image labels through its classes, on the
CC0 coffee and cat photos."""

from __future__ import annotations

import io
import pickle

import httpx
import pytest

from playground.local.adapters import effnet
from tests.local.helpers import asset, asset_b64, need

CATS = {"tiger cat", "tabby", "Egyptian cat"}


def test_the_coffee_photo_is_an_espresso(client: httpx.Client) -> None:
    need("local/efficientnet-lite0")
    found = client.post(
        "/models/local/efficientnet-lite0", content=asset("coffee.jpg").read_bytes()
    ).json()
    assert len(found) == 5
    assert found[0]["label"] == "espresso"
    assert found[0]["score"] > 0.8
    assert [f["score"] for f in found] == sorted((f["score"] for f in found), reverse=True)


def test_the_cat_photo_is_a_cat_and_top_k_and_logits_work(client: httpx.Client) -> None:
    need("local/efficientnet-lite0")
    body = {"inputs": asset_b64("cat.jpg"), "parameters": {"top_k": 3}}
    found = client.post("/models/local/efficientnet-lite0", json=body).json()
    assert len(found) == 3
    assert {f["label"] for f in found} <= CATS | {"lynx"}
    assert found[0]["label"] in CATS
    body["parameters"] = {"top_k": 1, "function_to_apply": "none"}
    [raw] = client.post("/models/local/efficientnet-lite0", json=body).json()
    assert raw["label"] == found[0]["label"]
    assert raw["score"] > 1  # a logit, not a probability
    body["parameters"] = {"function_to_apply": "cube"}
    assert client.post("/models/local/efficientnet-lite0", json=body).status_code == 422


@pytest.mark.parametrize(
    ("image", "labels", "expected"),
    [
        ("cat.jpg", ["dog", "cat", "car"], "cat"),
        ("coffee.jpg", ["a vehicle", "a drink", "an animal"], "a drink"),
    ],
)
def test_zero_shot_labels_go_through_the_imagenet_classes(
    client: httpx.Client, image: str, labels: list[str], expected: str
) -> None:
    need("local/efficientnet-e5-zero-shot")
    body = {"inputs": asset_b64(image), "parameters": {"candidate_labels": labels}}
    found = client.post("/models/local/efficientnet-e5-zero-shot", json=body).json()
    assert found[0]["label"] == expected
    assert sorted(f["label"] for f in found) == sorted(labels)
    assert abs(sum(f["score"] for f in found) - 1) < 0.01


def test_zero_shot_takes_the_old_comma_string_and_refuses_one_label(client: httpx.Client) -> None:
    need("local/efficientnet-e5-zero-shot")
    old = {"image": asset_b64("cat.jpg"), "parameters": {"candidate_labels": "cat, truck"}}
    found = client.post("/models/local/efficientnet-e5-zero-shot", json=old).json()
    assert found[0]["label"] == "cat"
    one = {"inputs": asset_b64("cat.jpg"), "parameters": {"candidate_labels": ["cat"]}}
    assert client.post("/models/local/efficientnet-e5-zero-shot", json=one).status_code == 422


def test_the_weights_reader_refuses_anything_but_tensors() -> None:
    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (print, ("pwned",))

    payload = io.BytesIO(pickle.dumps(Evil()))
    with pytest.raises(pickle.UnpicklingError, match="not allowed"):
        effnet._Unpickler(payload, {}).load()
