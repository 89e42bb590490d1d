"""Every task through both clients, over real HTTP to the fake server: the return shape and
values, what went over the wire, and sync/async parity."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from PIL import Image

from playground.client import AsyncInferenceClient, InferenceClient
from playground.client.generation_types import FinishReason

from .conftest import png, wav

TABLE = {
    "Repository": ["Transformers", "Datasets", "Tokenizers"],
    "Stars": ["36542", "4512", "3934"],
}
CONTEXT = "My name is Clara and I live in Berkeley."


@dataclass
class Case:
    method: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    check: Callable[[Any], None]
    name: str = ""
    sent: Callable[[dict[str, Any]], None] | None = field(default=None)

    def __post_init__(self) -> None:
        self.name = self.name or f"{self.method}[{self.kwargs.get('model', '')}]"


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


CASES = [
    Case(
        "text_classification",
        ("I love this, it is great",),
        {"model": "fake/text-classification"},
        check_sentiment,
        sent=body_is({"inputs": "I love this, it is great"}),
    ),
    Case(
        "text_classification",
        ("I love this, it is great",),
        {"model": "flat/text-classification"},
        check_sentiment,
    ),
    Case(
        "token_classification", (CONTEXT,), {"model": "fake/token-classification"}, check_entities
    ),
    Case(
        "zero_shot_classification",
        ("I love cooking pasta", ["cooking", "politics"]),
        {"model": "fake/zero-shot-classification"},
        check_zero_shot,
        sent=body_is(
            {
                "inputs": "I love cooking pasta",
                "parameters": {"candidate_labels": ["cooking", "politics"], "multi_label": False},
            }
        ),
    ),
    Case(
        "zero_shot_classification",
        ("I love cooking pasta", ["cooking", "politics"]),
        {"model": "old/zero-shot-classification"},
        check_zero_shot,
    ),
    Case(
        "fill_mask",
        ("Paris is the [MASK] of France.",),
        {"model": "fake/fill-mask"},
        lambda r: r[0].token_str.strip() == "capital" or pytest.fail(str(r)),
    ),
    Case(
        "fill_mask",
        ("[MASK] is the [MASK] of France.",),
        {"model": "multi/fill-mask"},
        lambda r: (
            (len(r) == 2 and all(isinstance(group, list) for group in r)) or pytest.fail(str(r))
        ),
    ),
    Case(
        "question_answering",
        ("What is my name?", CONTEXT),
        {"model": "fake/question-answering"},
        check_qa,
        sent=body_is({"inputs": {"question": "What is my name?", "context": CONTEXT}}),
    ),
    Case(
        "question_answering",
        ("What is my name?", CONTEXT),
        {"model": "list/question-answering"},
        check_qa,
    ),
    Case(
        "table_question_answering",
        (TABLE, "How many stars does the transformers repository have?"),
        {"model": "fake/table-question-answering"},
        check_table_qa,
    ),
    Case(
        "table_question_answering",
        (TABLE, "How many stars does the transformers repository have?"),
        {"model": "list/table-question-answering"},
        check_table_qa,
    ),
    Case(
        "summarization",
        ("The tower is tall. It was built in 1889.",),
        {"model": "fake/summarization"},
        lambda r: r == "The tower is tall." or pytest.fail(r),
    ),
    Case(
        "translation",
        ("Hello world",),
        {"model": "fake/translation"},
        lambda r: r == "Bonjour monde" or pytest.fail(r),
    ),
    Case(
        "translation",
        ("Hello world",),
        {"model": "multilingual/translation", "src_lang": "en", "tgt_lang": "fr_XX"},
        lambda r: r == "Bonjour monde" or pytest.fail(r),
    ),
    Case(
        "conversational",
        ("Hi",),
        {"model": "fake/conversational"},
        lambda r: (
            (r.generated_text == "Echo: Hi" and r.conversation.past_user_inputs == ["Hi"])
            or pytest.fail(str(r))
        ),
    ),
    Case(
        "feature_extraction",
        ("hello world",),
        {"model": "fake/feature-extraction"},
        check_embedding((32,)),
    ),
    Case(
        "feature_extraction",
        ("hello world",),
        {"model": "tokens/feature-extraction"},
        check_embedding((1, 4, 32)),
    ),
    Case(
        "sentence_similarity",
        ("a cat sat", ["a cat sat", "dogs run fast"]),
        {"model": "fake/sentence-similarity"},
        check_similarity,
        sent=body_is(
            {
                "inputs": {
                    "source_sentence": "a cat sat",
                    "sentences": ["a cat sat", "dogs run fast"],
                }
            }
        ),
    ),
    Case(
        "image_classification",
        (png(),),
        {"model": "fake/image-classification"},
        lambda r: r[0].label == "red" or pytest.fail(str(r)),
        sent=binary_png,
    ),
    Case(
        "image_classification",
        (png(),),
        {"model": "fake/image-classification", "top_k": 2},
        lambda r: len(r) == 2 or pytest.fail(str(r)),
        sent=lambda q: q["json"]["parameters"] == {"top_k": 2} or pytest.fail(str(q)),
    ),
    Case(
        "object_detection",
        (png(),),
        {"model": "fake/object-detection"},
        check_detections,
        sent=binary_png,
    ),
    Case("image_segmentation", (png(),), {"model": "fake/image-segmentation"}, check_segments),
    Case(
        "image_segmentation",
        (png(),),
        {"model": "semantic/image-segmentation"},
        lambda r: all(s.score is None for s in r) or pytest.fail(str(r)),
    ),
    Case(
        "image_to_image",
        (png(),),
        {"model": "fake/image-to-image"},
        check_inverted,
        sent=lambda q: q["headers"]["accept"] == "image/png" or pytest.fail(str(q)),
    ),
    Case(
        "image_to_image",
        (png(),),
        {"model": "jpeg-only/image-to-image", "prompt": "invert"},
        check_inverted,
    ),
    Case(
        "image_to_text",
        (png(),),
        {"model": "fake/image-to-text"},
        lambda r: r == "a red picture of 64 by 48 pixels" or pytest.fail(r),
    ),
    Case(
        "image_to_text",
        (png(),),
        {"model": "object/image-to-text"},
        lambda r: r == "a red picture of 64 by 48 pixels" or pytest.fail(r),
    ),
    Case("text_to_image", ("a red cat",), {"model": "fake/text-to-image"}, check_image((256, 256))),
    Case(
        "text_to_image",
        ("a red cat",),
        {"model": "jpeg-only/text-to-image", "width": 64, "height": 32},
        check_image((64, 32)),
    ),
    Case(
        "zero_shot_image_classification",
        (png(), ["a red thing", "a blue thing"]),
        {"model": "fake/zero-shot-image-classification"},
        lambda r: r[0].label == "a red thing" or pytest.fail(str(r)),
    ),
    Case(
        "visual_question_answering",
        (png(), "What color is it?"),
        {"model": "fake/visual-question-answering"},
        lambda r: r[0].answer == "red" or pytest.fail(str(r)),
    ),
    Case(
        "document_question_answering",
        (png(), "What is the invoice number?"),
        {"model": "fake/document-question-answering"},
        lambda r: (r[0].answer, r[0].start) == ("12345", 2) or pytest.fail(str(r)),
    ),
    Case(
        "document_question_answering",
        (png(), "What is the invoice number?"),
        {"model": "donut/document-question-answering"},
        lambda r: r == [{"answer": "12345"}] or pytest.fail(str(r)),
    ),
    Case(
        "automatic_speech_recognition",
        (wav(0.75),),
        {"model": "fake/automatic-speech-recognition"},
        check_transcript,
        sent=binary_wav,
    ),
    Case(
        "automatic_speech_recognition",
        (wav(0.75),),
        {"model": "fake/automatic-speech-recognition", "return_timestamps": True},
        check_timestamps,
    ),
    Case(
        "audio_classification",
        (wav(),),
        {"model": "fake/audio-classification"},
        lambda r: (r[0].label == "speech" and len(r) == 4) or pytest.fail(str(r)),
    ),
    Case("text_to_speech", ("Hello there",), {"model": "fake/text-to-speech"}, check_speech),
    Case("audio_to_audio", (wav(),), {"model": "fake/audio-to-audio"}, check_audio_to_audio),
    Case(
        "tabular_classification",
        ({"a": [1, 2.5], "b": ["3", "4"]},),
        {"model": "fake/tabular-classification"},
        lambda r: r == [4, 6] or pytest.fail(str(r)),
        sent=body_is({"inputs": {"data": {"a": ["1", "2.5"], "b": ["3", "4"]}}}),
    ),
    Case(
        "tabular_regression",
        ({"a": ["1", "2.5"], "b": ["3", "4"]},),
        {"model": "fake/tabular-regression"},
        lambda r: r == [4.0, 6.5] or pytest.fail(str(r)),
    ),
    Case(
        "text_generation",
        ("Hello",),
        {"model": "fake/text-generation", "max_new_tokens": 5},
        check_generated,
    ),
    Case(
        "text_generation",
        ("Hello",),
        {"model": "object/text-generation", "max_new_tokens": 5},
        check_generated,
    ),
    Case(
        "text_generation",
        ("Hello",),
        {"model": "fake/text-generation", "max_new_tokens": 5, "details": True},
        check_details,
    ),
    Case(
        "chat_completion",
        ([{"role": "user", "content": "Hi there"}],),
        {"model": "fake/text-generation"},
        check_chat,
        sent=lambda q: (
            (
                q["path"] == "/models/fake/text-generation/v1/chat/completions"
                and q["json"]["model"] == "fake/text-generation"
            )
            or pytest.fail(str(q))
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_sync(
    case: Case, client: InferenceClient, sent: Callable[[], list[dict[str, Any]]]
) -> None:
    result = getattr(client, case.method)(*case.args, **case.kwargs)
    case.check(result)
    requests = sent()
    assert len(requests) == 1
    if case.sent:
        case.sent(requests[0])


def comparable(value: Any) -> Any:
    if isinstance(value, Image.Image):
        return ("image", value.mode, value.size, value.tobytes())
    if isinstance(value, np.ndarray):
        return ("array", value.shape, value.tobytes())
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items() if key != "created"}
    if isinstance(value, list):
        return [comparable(item) for item in value]
    return value


@pytest.mark.anyio
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
async def test_async_matches_sync(
    case: Case, client: InferenceClient, aclient: AsyncInferenceClient
) -> None:
    expected = getattr(client, case.method)(*case.args, **case.kwargs)
    result = await getattr(aclient, case.method)(*case.args, **case.kwargs)
    case.check(result)
    if case.method != "chat_completion":
        assert comparable(result) == comparable(expected)


def test_both_clients_expose_the_same_methods() -> None:
    public = {name for name in dir(InferenceClient) if not name.startswith("_")}
    assert public - {"close"} == {n for n in dir(AsyncInferenceClient) if not n.startswith("_")} - {
        "close"
    }
    seed_methods = {
        "audio_classification",
        "automatic_speech_recognition",
        "conversational",
        "document_question_answering",
        "feature_extraction",
        "fill_mask",
        "get_model_status",
        "image_classification",
        "image_segmentation",
        "image_to_image",
        "image_to_text",
        "list_deployed_models",
        "object_detection",
        "post",
        "question_answering",
        "sentence_similarity",
        "summarization",
        "table_question_answering",
        "tabular_classification",
        "tabular_regression",
        "text_classification",
        "text_generation",
        "text_to_image",
        "text_to_speech",
        "token_classification",
        "translation",
        "visual_question_answering",
        "zero_shot_classification",
        "zero_shot_image_classification",
    }
    assert seed_methods <= public
    assert "chat_completion" in public


def test_image_url_input_is_fetched(
    client: InferenceClient, fake: str, sent: Callable[[], list[dict[str, Any]]]
) -> None:
    result = client.image_classification(f"{fake}/files/red.png", model="fake/image-classification")
    assert result[0].label == "red"
    fetch, call = sent()
    assert fetch["method"] == "GET"
    assert fetch["path"] == "/files/red.png"
    assert call["headers"]["content-type"] == "image/png"


@pytest.mark.anyio
async def test_audio_url_input_async(aclient: AsyncInferenceClient, fake: str) -> None:
    text = await aclient.automatic_speech_recognition(
        f"{fake}/files/tone.wav", model="fake/automatic-speech-recognition"
    )
    assert text == "hello from"


def test_url_input_errors(fake: str) -> None:
    from playground.client import InputError

    with InferenceClient(token=False, inference_endpoint=fake, max_input_bytes=1000) as small:
        with pytest.raises(InputError, match="larger than the 1000-byte limit"):
            small.image_classification(f"{fake}/files/large.bin", model="fake/image-classification")
        with pytest.raises(InputError, match="HTTP 404"):
            small.image_classification(f"{fake}/files/nope.png", model="fake/image-classification")


def test_pil_and_file_inputs(client: InferenceClient, tmp_path: Any) -> None:
    image = Image.open(io.BytesIO(png()))
    assert client.image_classification(image, model="fake/image-classification")[0].label == "red"
    path = tmp_path / "red.png"
    path.write_bytes(png())
    with path.open("rb") as handle:
        assert client.image_to_text(handle, model="fake/image-to-text").startswith("a red")
    assert client.image_to_text(path, model="fake/image-to-text").startswith("a red")
