"""Image models on the example portrait and invoice."""

from __future__ import annotations

import base64
import io

import httpx
import numpy as np
import pytest
from PIL import Image

from tests.local.helpers import asset, need, words

FACE = {"xmin": 177, "ymin": 66, "xmax": 272, "ymax": 161}


def _overlap(a: dict[str, int], b: dict[str, int]) -> float:
    width = min(a["xmax"], b["xmax"]) - max(a["xmin"], b["xmin"])
    height = min(a["ymax"], b["ymax"]) - max(a["ymin"], b["ymin"])
    inter = max(0, width) * max(0, height)
    area = lambda box: (box["xmax"] - box["xmin"]) * (box["ymax"] - box["ymin"])  # noqa: E731
    return inter / (area(a) + area(b) - inter)


def test_face_detection_finds_the_face_in_the_portrait(client: httpx.Client) -> None:
    need("local/opencv-face")
    found = client.post("/models/local/opencv-face", content=asset("portrait.jpg").read_bytes())
    [face] = found.json()
    assert face["label"] == "face"
    assert 0.5 < face["score"] <= 1
    assert _overlap(face["box"], FACE) > 0.7
    nothing = client.post("/models/local/opencv-face", content=asset("invoice.png").read_bytes())
    assert nothing.json() == []


def test_face_boxes_are_in_original_pixels(client: httpx.Client) -> None:
    need("local/opencv-face")
    big = Image.open(asset("portrait.jpg")).resize((2048, 2048))
    buffer = io.BytesIO()
    big.save(buffer, format="JPEG")
    [face] = client.post("/models/local/opencv-face", content=buffer.getvalue()).json()
    scaled = {key: value * 4 for key, value in FACE.items()}
    assert _overlap(face["box"], scaled) > 0.6


def test_grabcut_masks_cover_the_subject(client: httpx.Client) -> None:
    need("local/opencv-grabcut")
    body = {"inputs": base64.b64encode(asset("portrait.jpg").read_bytes()).decode()}
    segments = client.post("/models/local/opencv-grabcut", json=body).json()
    assert [s["label"] for s in segments] == ["foreground", "background"]
    masks = []
    for segment in segments:
        mask = Image.open(io.BytesIO(base64.b64decode(segment["mask"])))
        assert (mask.mode, mask.size) == ("L", (512, 512))
        masks.append(np.asarray(mask) > 127)
    foreground, background = masks
    assert not (foreground & background).any()
    assert (foreground | background).all()
    assert foreground[100:140, 200:250].mean() > 0.9
    assert background[:20, :20].mean() > 0.9


@pytest.mark.parametrize("model_id", ["local/rapidocr", "local/tesseract"])
def test_ocr_reads_the_invoice(client: httpx.Client, model_id: str) -> None:
    need(model_id)
    response = client.post(f"/models/{model_id}", content=asset("invoice.png").read_bytes())
    [result] = response.json()
    text = result["generated_text"]
    assert "$1,234.56" in text
    assert {"invoice", "4521", "jane", "smith", "total", "due"} <= set(words(text))


def test_tabular_classification_on_wine_rows(client: httpx.Client) -> None:
    need("local/wine-forest")
    from tests.local.helpers import table

    rows = table("wine.csv")
    response = client.post("/models/local/wine-forest", json={"inputs": {"data": rows}})
    assert response.json() == ["class_0", "class_1", "class_2"]
    legacy = client.post("/models/local/wine-forest", json={"table": rows, "parameters": {}})
    assert legacy.json() == ["class_0", "class_1", "class_2"]


def test_tabular_regression_on_diabetes_rows(client: httpx.Client) -> None:
    need("local/diabetes-ridge")
    from tests.local.helpers import table

    predictions = client.post(
        "/models/local/diabetes-ridge", json={"inputs": {"data": table("diabetes.csv")}}
    ).json()
    assert len(predictions) == 3
    assert all(25 < p < 346 for p in predictions)
    assert predictions[0] > predictions[1]


def test_wrong_table_shapes_are_422(client: httpx.Client) -> None:
    need("local/wine-forest")
    from tests.local.helpers import table

    rows = table("wine.csv")
    missing = dict(rows)
    missing.pop("alcohol")
    response = client.post("/models/local/wine-forest", json={"inputs": {"data": missing}})
    assert response.status_code == 422
    assert "alcohol" in response.json()["error"]
    ragged = dict(rows, alcohol=["13.2"])
    assert (
        client.post("/models/local/wine-forest", json={"inputs": {"data": ragged}}).status_code
        == 422
    )
    words_not_numbers = dict(rows, alcohol=["a", "b", "c"])
    response = client.post(
        "/models/local/wine-forest", json={"inputs": {"data": words_not_numbers}}
    )
    assert response.status_code == 422
    assert client.post("/models/local/wine-forest", json={"inputs": "x"}).status_code == 400
