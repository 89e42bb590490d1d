"""Conformance: pure checks on hand-made replies, then real replies of the fake server's
variants and of the local server, recorded by the client."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from playground.client import InferenceClient, capture_exchanges
from playground.qa.conformance import check_exchange, check_output, check_reply, check_stream
from playground.qa.schema import Deviation, errors_in

ASSETS = Path(__file__).resolve().parents[2] / "assets"
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
            },
        },
    }
]


def kinds(deviations: list[Deviation]) -> list[tuple[str, str, str]]:
    return [(d.level, d.kind, d.path) for d in deviations]


def labels(*pairs: tuple[str, float]) -> list[dict[str, Any]]:
    return [{"label": label, "score": score} for label, score in pairs]


def test_a_conforming_classification_has_no_deviation() -> None:
    assert check_output("text-classification", labels(("POSITIVE", 0.9), ("NEGATIVE", 0.1))) == []


def test_the_nested_pipeline_shape_is_a_warning_and_its_items_are_checked() -> None:
    found = check_output("text-classification", [[{"label": "a", "score": "high"}]])
    assert kinds(found) == [("warning", "shape", "$"), ("error", "type", "$[0][0].score")]
    assert found[1].message == "$[0][0].score is a string; the schema wants a number."


def test_missing_extra_and_wrongly_typed_fields() -> None:
    found = check_output("text-classification", [{"label": 3, "prob": 0.5}])
    assert kinds(found) == [
        ("error", "type", "$[0].label"),
        ("warning", "extra", "$[0].prob"),
        ("error", "missing", "$[0].score"),
    ]
    assert "TextClassificationOutputElement requires it" in found[2].message


def test_scores_out_of_range_unless_raw_logits_were_asked_for() -> None:
    data = labels(("a", 2.5), ("b", -1.0))
    (found,) = check_output("text-classification", data)
    assert (found.kind, found.path) == ("range", "$[*].score")
    assert found.message == "$[0].score is 2.5, outside [0, 1] (and 1 more like it, at $[*].score)."
    raw = {"inputs": "x", "parameters": {"function_to_apply": "none"}}
    assert check_output("text-classification", data, raw) == []


def test_unsorted_scores_say_where() -> None:
    (found,) = check_output("image-classification", labels(("a", 0.2), ("b", 0.7)))
    assert (found.kind, found.path) == ("unsorted", "$[1].score")
    assert "($[1].score (0.7) > $[0].score (0.2))" not in found.message
    assert "$[1].score (0.7) > $[0].score (0.2)" in found.message


def test_what_the_request_fixes_top_k_and_candidate_labels() -> None:
    request = {"inputs": "x", "parameters": {"top_k": 1, "candidate_labels": ["a", "b"]}}
    found = check_output("zero-shot-classification", labels(("a", 0.6), ("c", 0.4)), request)
    assert [d.kind for d in found] == ["value", "value"]
    assert "top_k=1" in found[0].message
    assert "not candidates: c" in found[1].message


def test_the_old_zero_shot_object_is_a_warning_and_its_scores_are_checked() -> None:
    old = {"sequence": "x", "labels": ["a", "b"], "scores": [0.1, 0.9]}
    assert kinds(check_output("zero-shot-classification", old)) == [
        ("warning", "shape", "$"),
        ("error", "unsorted", "$.scores[1].score"),
    ]


def test_entity_spans_and_boxes() -> None:
    request = {"inputs": "Clara lives in Paris"}
    entities = [
        {"entity_group": "PER", "score": 0.9, "word": "Clara", "start": 0, "end": 5},
        {"entity_group": "LOC", "score": 0.9, "word": "Paris", "start": 14, "end": 19},
        {"entity_group": "LOC", "score": 0.9, "word": "x", "start": 15, "end": 99},
    ]
    found = check_output("token-classification", entities, request)
    assert kinds(found) == [("warning", "value", "$[1].word"), ("error", "range", "$[2]")]
    box = {"xmin": 10, "ymin": 0, "xmax": 5, "ymax": 4}
    (wrong,) = check_output("object-detection", [{"label": "cat", "score": 0.5, "box": box}])
    assert (wrong.kind, wrong.path) == ("range", "$[0].box")


def test_objects_or_lists_for_answer_tasks_and_repeated_deviations_said_once() -> None:
    assert check_output("summarization", {"summary_text": "x"}) == []
    assert check_output("summarization", [{"summary_text": "x"}]) == []
    (wrong,) = check_output("summarization", "x")
    assert wrong.kind == "type"
    (repeated,) = check_output("translation", [{}, {}, {}])
    assert repeated.path == "$[*].translation_text"
    assert "and 2 more like it" in repeated.message


def test_arrays_embeddings_similarity_tabular() -> None:
    assert check_output("feature-extraction", [[0.1, 0.2], [0.3, 0.4]]) == []
    assert [d.kind for d in check_output("feature-extraction", [[0.1, 0.2], [0.3]])] == ["shape"]
    assert [d.kind for d in check_output("feature-extraction", [0.1, float("nan")])] == ["range"]
    request = {"inputs": {"source_sentence": "a", "sentences": ["b", "c"]}}
    (count,) = check_output("sentence-similarity", [0.5], request)
    assert count.message == "$ has 1 scores for 2 sentences."
    table = {"inputs": {"data": {"a": ["1", "2"]}}}
    assert check_output("tabular-regression", [1.0, 2.0], table) == []
    assert [d.kind for d in check_output("tabular-regression", ["x"], table)] == ["type", "shape"]


def test_binary_tasks() -> None:
    flac = (ASSETS / "speech.wav").read_bytes()
    assert check_reply("text-to-speech", "audio/wav", flac) == []
    (wrong,) = check_reply("text-to-speech", "application/json", b'{"audio": []}')
    assert "promises raw audio bytes" in wrong.message
    (mislabelled,) = check_reply(
        "text-to-image", "image/png", (ASSETS / "portrait.jpg").read_bytes()
    )
    assert (mislabelled.level, mislabelled.message) == (
        "warning",
        "The reply says image/png but its bytes are image/jpeg.",
    )


def chat(message: dict[str, Any], **extra: Any) -> dict[str, Any]:
    choice = {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", **message}}
    return {
        "id": "x",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": [choice],
        **extra,
    }


def test_chat_tool_calls_and_response_format() -> None:
    call = {"id": "0", "type": "function", "function": {"name": "get_time", "arguments": "[1]"}}
    found = check_output("chat-completion", chat({"tool_calls": [call]}), {"tools": TOOLS})
    assert [d.message for d in found] == [
        "$.choices[0].message.tool_calls[0] calls 'get_time', a tool the request did not offer.",
        "$.choices[0].message.tool_calls[0].function.arguments holds a list; arguments are a "
        "JSON object.",
    ]
    wants = {"response_format": {"type": "json", "value": TOOLS[0]["function"]["parameters"]}}
    assert [d.kind for d in check_output("chat-completion", chat({"content": "hi"}), wants)] == [
        "value"
    ]
    (missing,) = check_output("chat-completion", chat({"content": '{"town": "Paris"}'}), wants)
    assert missing.path == "$.choices[0].message.content<json>.city"


def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
    choice = {"index": 0, "delta": delta, "finish_reason": finish}
    body = {
        "id": "x",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [choice],
    }
    return json.dumps(body)


def test_chat_streams_join_tool_call_fragments_and_need_an_end() -> None:
    start = {
        "index": 0,
        "id": "c",
        "type": "function",
        "function": {"name": "get_weather", "arguments": '{"ci'},
    }
    rest = {"index": 0, "function": {"arguments": 'ty": "Paris"}'}}
    events = [
        chunk({"role": "assistant", "tool_calls": [start]}),
        chunk({"tool_calls": [rest]}, "tool_calls"),
        "[DONE]",
    ]
    assert check_stream("chat-completion", events, {"tools": TOOLS}) == []
    found = check_stream("chat-completion", [chunk({"content": "hi"})])
    assert kinds(found) == [("error", "missing", "$"), ("warning", "missing", "$")]
    error = check_stream("chat-completion", ['{"error": {"message": "out of memory"}}', "[DONE]"])
    assert "an error inside the stream: {'message': 'out of memory'}" in error[0].message


# Real replies, recorded by the client: (task, method, args, kwargs, expected deviations).
FAKE_CASES: list[tuple[str, str, tuple[Any, ...], dict[str, Any], list[tuple[str, str, str]]]] = [
    (
        "text-classification",
        "text_classification",
        ("I love it",),
        {"model": "fake/text-classification"},
        [("warning", "shape", "$")],
    ),
    (
        "text-classification",
        "text_classification",
        ("I love it",),
        {"model": "flat/text-classification"},
        [],
    ),
    (
        "zero-shot-classification",
        "zero_shot_classification",
        ("I love sports", ["sports", "food"]),
        {"model": "fake/zero-shot-classification"},
        [],
    ),
    (
        "zero-shot-classification",
        "zero_shot_classification",
        ("I love sports", ["sports", "food"]),
        {"model": "old/zero-shot-classification"},
        [("warning", "shape", "$")],
    ),
    (
        "token-classification",
        "token_classification",
        ("Clara Smith lives in New York",),
        {"model": "fake/token-classification"},
        [],
    ),
    (
        "token-classification",
        "token_classification",
        ("Clara lives in Paris",),
        {"model": "none/token-classification"},
        [("warning", "extra", "$[*].index")],
    ),
    (
        "fill-mask",
        "fill_mask",
        ("Paris is the [MASK] of France.",),
        {"model": "multi/fill-mask"},
        [("warning", "shape", "$")],
    ),
    (
        "object-detection",
        "object_detection",
        (ASSETS / "portrait.jpg",),
        {"model": "fake/object-detection"},
        [],
    ),
    (
        "question-answering",
        "question_answering",
        ("What is my name?", "My name is Clara."),
        {"model": "list/question-answering"},
        [],
    ),
    (
        "automatic-speech-recognition",
        "automatic_speech_recognition",
        (ASSETS / "speech.wav",),
        {"model": "fake/automatic-speech-recognition"},
        [],
    ),
    ("text-to-speech", "text_to_speech", ("Hello",), {"model": "fake/text-to-speech"}, []),
    (
        "feature-extraction",
        "feature_extraction",
        ("Hello world",),
        {"model": "tokens/feature-extraction"},
        [],
    ),
]


@pytest.mark.parametrize(
    ("task", "method", "args", "kwargs", "expected"),
    FAKE_CASES,
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_fake_server_variants(
    fake_server: str,
    task: str,
    method: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    expected: list[tuple[str, str, str]],
) -> None:
    with (
        InferenceClient(token=False, inference_endpoint=fake_server, timeout=20) as client,
        capture_exchanges() as exchanges,
    ):
        getattr(client, method)(*args, **kwargs)
    assert kinds(check_exchange(task, exchanges[-1])) == expected


def run_chat(base: str, **kwargs: Any) -> list[Deviation]:
    messages = [{"role": "user", "content": "Weather in Paris?"}]
    with InferenceClient(base, token=False, timeout=20) as client, capture_exchanges() as exchanges:
        reply = client.chat_completion(messages, model="fake-model", **kwargs)
        if kwargs.get("stream"):
            list(reply)
    return check_exchange("chat-completion", exchanges[-1])


@pytest.mark.parametrize("prefix", ["/tgi", "/openai", "/llamacpp", "/ollama"])
@pytest.mark.parametrize("stream", [False, True])
def test_openai_compatible_chat_with_tools_conforms(
    fake_server: str, prefix: str, stream: bool
) -> None:
    assert run_chat(f"{fake_server}{prefix}/v1", tools=TOOLS, stream=stream) == []
    schema = {
        "type": "json_schema",
        "json_schema": {"name": "w", "schema": TOOLS[0]["function"]["parameters"]},
    }
    assert run_chat(f"{fake_server}{prefix}/v1", response_format=schema, stream=stream) == []


def test_old_tgi_chat_deviates_where_it_really_does(fake_server: str) -> None:
    found = run_chat(f"{fake_server}/tgi-old/v1", tools=TOOLS)
    assert kinds(found) == [
        ("error", "value", "$.object"),
        ("error", "type", "$.choices[0].message.tool_calls[0].function.arguments"),
    ]
    streamed = run_chat(f"{fake_server}/tgi-old/v1", stream=True)
    assert kinds(streamed) == [("warning", "missing", "$")]


def test_old_tgi_generation_stream_lacks_index(fake_server: str) -> None:
    with (
        InferenceClient(f"{fake_server}/tgi-old", token=False) as client,
        capture_exchanges() as exchanges,
    ):
        list(client.text_generation("Hello", stream=True, details=True))
    found = check_exchange("text-generation", exchanges[-1])
    assert [(d.path, d.kind) for d in found] == [
        ("$[*].index", "missing"),
        ("$[18].details.input_length", "missing"),
    ]
    assert "and 18 more like it" in found[0].message


LOCAL_CASES: list[tuple[str, str, tuple[Any, ...], str]] = [
    ("text-classification", "text_classification", ("I love it",), "local/vader-sentiment"),
    (
        "zero-shot-classification",
        "zero_shot_classification",
        ("The match was won", ["sports", "food"]),
        "local/e5-zero-shot",
    ),
    (
        "token-classification",
        "token_classification",
        ("Clara Smith moved to Paris in 2019.",),
        "local/spacy-en-ner",
    ),
    ("sentence-similarity", "sentence_similarity", ("A cat", ["A dog", "A car"]), "local/e5-small"),
    ("feature-extraction", "feature_extraction", ("A cat",), "local/e5-small"),
    ("object-detection", "object_detection", (ASSETS / "portrait.jpg",), "local/opencv-face"),
    (
        "image-segmentation",
        "image_segmentation",
        (ASSETS / "portrait.jpg",),
        "local/opencv-grabcut",
    ),
    ("audio-classification", "audio_classification", (ASSETS / "chime.wav",), "local/silero-vad"),
    ("text-to-speech", "text_to_speech", ("Hello there.",), "local/piper-joe"),
]


@pytest.mark.parametrize(
    ("task", "method", "args", "model"), LOCAL_CASES, ids=[c[0] for c in LOCAL_CASES]
)
def test_local_server_replies_conform(
    local_server: str, task: str, method: str, args: tuple[Any, ...], model: str
) -> None:
    client = InferenceClient(
        token=False, inference_endpoint=local_server, wait_for_model=True, timeout=120
    )
    call: Callable[..., Any] = getattr(client, method)
    with client, capture_exchanges() as exchanges:
        call(*args, model=model)
    assert errors_in(check_exchange(task, exchanges[-1])) == []
