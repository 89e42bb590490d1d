"""Checks of task results and of the requests the fake server received."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from PIL import Image

from playground.client.generation_types import FinishReason

TABLE = {
    "Repository": ["Transformers", "Datasets", "Tokenizers"],
    "Stars": ["36542", "4512", "3934"],
}
CONTEXT = "My name is Clara and I live in Berkeley."


def labels(result: Any) -> list[str]:
    return [item["label"] for item in result]


def check_sentiment(result: Any) -> None:
    assert labels(result) == ["POSITIVE", "NEGATIVE"]
    assert result[0].score > 0.5
    assert abs(sum(item["score"] for item in result) - 1) < 1e-5


def check_entities(result: Any) -> None:
    found = {(item.word, item.entity_group) for item in result}
    assert ("Clara", "PER") in found
    assert ("Berkeley", "LOC") in found
    for item in result:
        assert CONTEXT[item.start : item.end] == item.word


def check_zero_shot(result: Any) -> None:
    assert labels(result) == ["cooking", "politics"]
    assert result[0].score >= result[1].score


def check_qa(result: Any) -> None:
    assert (result.answer, result.start, result.end) == ("Clara", 11, 16)
    assert CONTEXT[result["start"] : result["end"]] == result["answer"]


def check_table_qa(result: Any) -> None:
    assert result == {
        "answer": "36542",
        "coordinates": [[0, 1]],
        "cells": ["36542"],
        "aggregator": "NONE",
    }


def check_image(size: tuple[int, int]) -> Callable[[Any], None]:
    def check(result: Any) -> None:
        assert isinstance(result, Image.Image)
        assert result.size == size

    return check


def check_detections(result: Any) -> None:
    assert labels(result) == ["cat", "remote"]
    for item in result:
        box = item.box
        assert 0 <= box.xmin < box.xmax <= 63
        assert 0 <= box["ymin"] < box["ymax"] <= 47


def check_segments(result: Any) -> None:
    assert labels(result) == ["foreground", "background"]
    for segment in result:
        assert segment.mask.mode == "L"
        assert segment.mask.size == (64, 48)
    assert result[0].mask.getpixel((32, 24)) == 255
    assert result[1].mask.getpixel((32, 24)) == 0


def check_inverted(result: Any) -> None:
    check_image((64, 48))(result)
    red, green, blue = result.convert("RGB").getpixel((10, 10))
    assert red < 80
    assert green > 200
    assert blue > 200


def check_transcript(result: Any) -> None:
    assert isinstance(result, str)
    assert result == "hello from the"
    assert result.chunks == []


def check_timestamps(result: Any) -> None:
    assert result == "hello from the"
    assert [chunk["timestamp"] for chunk in result.chunks] == [
        [0.0, 0.25],
        [0.25, 0.5],
        [0.5, 0.75],
    ]


def check_speech(result: Any) -> None:
    assert isinstance(result, bytes)
    assert result[:4] == b"fLaC"


def check_audio_to_audio(result: Any) -> None:
    assert labels(result) == ["label_0", "label_1"]
    assert all(item.blob[:4] == b"fLaC" and item.content_type == "audio/flac" for item in result)


def check_embedding(shape: tuple[int, ...]) -> Callable[[Any], None]:
    def check(result: Any) -> None:
        assert isinstance(result, np.ndarray)
        assert result.dtype == np.float32
        assert result.shape == shape

    return check


def check_similarity(result: Any) -> None:
    assert result[0] == pytest.approx(1.0)
    assert 0 <= result[1] < 1


def check_generated(result: Any) -> None:
    assert result == " The answer is 42. This"


def check_details(result: Any) -> None:
    assert result.generated_text == " The answer is 42. This"
    assert result.details.finish_reason == FinishReason.Length == "length"
    assert [token.text for token in result.details.tokens][:2] == [" The", " answer"]
    assert result.details.tokens[0].logprob < 0
    assert result["details"]["tokens"][0]["special"] is False


def check_chat(result: Any) -> None:
    assert result.choices[0].message.content == "Echo: Hi there"
    assert result["choices"][0]["message"]["role"] == "assistant"


def body_is(expected: Any) -> Callable[[dict[str, Any]], None]:
    def check(request: dict[str, Any]) -> None:
        assert request["json"] == expected

    return check


def binary_png(request: dict[str, Any]) -> None:
    assert request["headers"]["content-type"] == "image/png"
    assert request["json"] is None


def binary_wav(request: dict[str, Any]) -> None:
    assert request["headers"]["content-type"] == "audio/wav"
    assert request["json"] is None
