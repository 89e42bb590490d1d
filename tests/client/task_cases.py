"""The task cases both clients run against the fake server: call, expected result, request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from .media import png, wav
from .task_checks import (
    binary_png,
    binary_wav,
    body_is,
    check_audio_to_audio,
    check_chat,
    check_details,
    check_detections,
    check_embedding,
    check_entities,
    check_generated,
    check_image,
    check_inverted,
    check_qa,
    check_segments,
    check_sentiment,
    check_similarity,
    check_speech,
    check_table_qa,
    check_timestamps,
    check_transcript,
    check_zero_shot,
)

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
