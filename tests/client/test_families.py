"""TGI, TEI, OpenAI-compatible servers and dedicated endpoints, normalised to the same shapes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from playground.client import AsyncInferenceClient, BadRequestError, InferenceClient
from playground.client.generation_types import FinishReason

from .media import png

Sent = Callable[[], list[dict[str, Any]]]
CONTINUATION = (
    " The answer is 42. This fake model always gives the same reply,"
    " so tests can check every token."
)


def test_tgi_generate_and_stream_routes(fake: str, sent: Sent) -> None:
    tgi = InferenceClient(f"{fake}/tgi", backend="tgi", token=False)
    assert tgi.text_generation("Hi", max_new_tokens=3) == " The answer is"
    tokens = list(tgi.text_generation("Hi", max_new_tokens=3, stream=True))
    assert tokens == [" The", " answer", " is"]
    assert [request["path"] for request in sent()] == ["/tgi/generate", "/tgi/generate_stream"]


def test_tgi_recognised_by_url(fake: str, sent: Sent) -> None:
    client = InferenceClient(token=False)
    assert (
        client.text_generation("Hi", model=f"{fake}/tgi/generate", max_new_tokens=2)
        == " The answer"
    )
    assert sent()[0]["json"] == {
        "inputs": "Hi",
        "parameters": {"max_new_tokens": 2, "return_full_text": False, "do_sample": False},
    }


def test_tgi_compat_root_list_reply(fake: str) -> None:
    client = InferenceClient(f"{fake}/tgi", token=False)
    assert client.text_generation("Hi", max_new_tokens=2) == " The answer"
    streamed = list(client.text_generation("Hi", max_new_tokens=2, stream=True, details=True))
    assert streamed[-1].generated_text == " The answer"
    assert streamed[-1].details.finish_reason == FinishReason.Length


def test_tgi_details_eos_and_special_tokens(fake: str) -> None:
    client = InferenceClient(f"{fake}/tgi", backend="tgi", token=False)
    tokens = list(client.text_generation("Hi", max_new_tokens=50, stream=True))
    # Every token's text, the special EOS token included, as huggingface_hub 0.17 yields them.
    assert tokens[-1] == "</s>"
    assert "".join(tokens) == CONTINUATION + "</s>"
    events = list(client.text_generation("Hi", max_new_tokens=50, stream=True, details=True))
    assert [e.token.text for e in events] == tokens
    assert [e.token.special for e in events][-2:] == [False, True]
    details = client.text_generation(
        "Hi", max_new_tokens=50, details=True, decoder_input_details=True
    )
    assert details.details.finish_reason == FinishReason.EndOfSequenceToken
    assert details.details.tokens[-1].special is True
    assert details.details.prefill[0].logprob is None


def test_tgi_best_of_and_stop(fake: str) -> None:
    client = InferenceClient(f"{fake}/tgi", backend="tgi", token=False)
    output = client.text_generation("Hi", best_of=2, do_sample=True, details=True)
    assert len(output.details.best_of_sequences) == 1
    stopped = client.text_generation("Hi", stop_sequences=["42."], details=True)
    assert stopped.generated_text == " The answer is 42."
    assert stopped.details.finish_reason == FinishReason.StopSequence


def test_tgi_old_no_space_no_index(fake: str) -> None:
    client = InferenceClient(f"{fake}/tgi-old", backend="tgi", token=False)
    events = list(client.text_generation("Hi", max_new_tokens=3, stream=True, details=True))
    assert [event.token.text for event in events] == [" The", " answer", " is"]
    assert events[-1].details.generated_tokens == 3


def test_tgi_validation_error_is_raised_with_the_server_message(fake: str) -> None:
    client = InferenceClient(f"{fake}/tgi", backend="tgi", token=False)
    with pytest.raises(BadRequestError, match="`inputs` cannot be empty") as error:
        client.text_generation("", max_new_tokens=2)
    assert error.value.status_code == 422
    assert error.value.error_type == "validation"


def test_tgi_chat_with_tools_old_and_new_argument_shapes(fake: str) -> None:
    tools = [
        {
            "type": "function",
            "function": {
                "name": "weather",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
            },
        }
    ]
    messages = [{"role": "user", "content": "Paris"}]
    for prefix in ("tgi", "tgi-old"):
        client = InferenceClient(f"{fake}/{prefix}", token=False)
        call = client.chat_completion(messages, tools=tools).choices[0].message.tool_calls[0]
        assert call.function.name == "weather"
        assert call.function.arguments in {'{"city": "Paris"}', '{"city":"Paris"}'}


def test_tgi_chat_stream_with_usage(fake: str) -> None:
    client = InferenceClient(f"{fake}/tgi", token=False)
    chunks = list(
        client.chat_completion(
            [{"role": "user", "content": "Hi there"}],
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices)
    assert text == "Echo: Hi there"
    assert chunks[-1].usage.completion_tokens == 3


def test_response_format_is_translated_for_tgi(fake: str, sent: Sent) -> None:
    schema = {"type": "object", "properties": {"name": {"type": "string"}}}
    client = InferenceClient(f"{fake}/tgi", token=False)
    output = client.chat_completion(
        [{"role": "user", "content": "Hi"}],
        response_format={"type": "json_schema", "json_schema": {"name": "x", "schema": schema}},
    )
    assert output.choices[0].message.content.startswith("{")
    assert sent()[0]["json"]["response_format"] == {"type": "json", "value": schema}


def test_tgi_api_key_is_sent_when_explicit(fake: str) -> None:
    client = InferenceClient(f"{fake}/tgi-auth", backend="tgi", token="secret-key")
    assert client.text_generation("Hi", max_new_tokens=1) == " The"
    from playground.client import AuthenticationError

    with pytest.raises(AuthenticationError):
        InferenceClient(f"{fake}/tgi-auth", backend="tgi", token=False).text_generation("Hi")


def test_endpoint_info_and_health(fake: str) -> None:
    client = InferenceClient(f"{fake}/tgi", token=False)
    assert client.get_endpoint_info()["model_id"] == "fake/tgi-model"
    assert client.health_check() is True
    assert InferenceClient(f"{fake}/tei", token=False).get_endpoint_info()["model_type"]


def test_tei_routes(fake: str, sent: Sent) -> None:
    tei = InferenceClient(f"{fake}/tei", backend="tei", token=False)
    vector = tei.feature_extraction("hello world")
    assert vector.shape == (32,)
    assert vector.dtype == np.float32
    scores = tei.sentence_similarity("a cat sat", ["a cat sat", "dogs run"])
    assert scores[0] == pytest.approx(1.0)
    assert tei.text_classification("I love it")[0].label == "POSITIVE"
    paths = [request["path"] for request in sent()]
    assert paths == ["/tei/embed", "/tei/similarity", "/tei/predict"]


def test_tei_recognised_by_url(fake: str) -> None:
    client = InferenceClient(f"{fake}/tei/embed", token=False)
    assert client.feature_extraction("hello").shape == (32,)


def test_tei_and_serverless_embeddings_agree(fake: str) -> None:
    tei = InferenceClient(f"{fake}/tei", backend="tei", token=False).feature_extraction("hi there")
    hf = InferenceClient(token=False, inference_endpoint=fake).feature_extraction(
        "hi there", model="fake/feature-extraction"
    )
    np.testing.assert_allclose(tei, hf, rtol=1e-5)


@pytest.mark.parametrize("prefix", ["openai", "vllm-old", "llamacpp", "ollama"])
def test_openai_compatible_chat(fake: str, prefix: str) -> None:
    client = InferenceClient(base_url=f"{fake}/{prefix}/v1", token=False)
    messages = [{"role": "user", "content": "Hi there"}]
    output = client.chat_completion(messages, model="fake-model")
    assert output.choices[0].message.content == "Echo: Hi there"
    chunks = list(client.chat_completion(messages, model="fake-model", stream=True))
    assert (
        "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "Echo: Hi there"
    )


def test_openai_completions_and_embeddings(fake: str, sent: Sent) -> None:
    client = InferenceClient(f"{fake}/openai/v1", token=False)
    text = client.text_generation("Hi", model="fake-model", max_new_tokens=3)
    assert text == " The answer is"
    streamed = list(client.text_generation("Hi", max_new_tokens=3, stream=True, details=True))
    assert streamed[-1].generated_text == " The answer is"
    scores = client.sentence_similarity("a cat", ["a cat", "a dog barks"])
    assert scores[0] == pytest.approx(1.0)
    assert scores[1] < 1
    paths = [request["path"] for request in sent()]
    # Without a model name the server is asked once which model it serves.
    assert paths == [
        "/openai/v1/completions",
        "/openai/v1/models",
        "/openai/v1/completions",
        "/openai/v1/embeddings",
    ]
    assert [request["json"]["model"] for request in sent() if request["json"]] == ["fake-model"] * 3


def test_openai_error_shapes(fake: str) -> None:
    for prefix, message in (
        ("openai", "Invalid 'temperature'"),
        ("vllm-old", "Invalid 'temperature'"),
    ):
        client = InferenceClient(f"{fake}/{prefix}/v1", token=False)
        with pytest.raises(BadRequestError, match=message):
            client.chat_completion(
                [{"role": "user", "content": "x"}], model="fake-model", temperature=3
            )


def test_ollama_native_ndjson_via_post(fake: str) -> None:
    client = InferenceClient(token=False)
    lines = list(
        client.post(
            json={"model": "m", "prompt": "Hi", "options": {"num_predict": 2}},
            model=f"{fake}/ollama/api/generate",
            stream=True,
        )
    )
    assert lines[-1].startswith(b"{")
    assert b'"done": true' in lines[-1].replace(b'":true', b'": true')


def test_toolkit_endpoint_gets_content_type_and_accept(fake: str, sent: Sent) -> None:
    client = InferenceClient(token=False)
    detections = client.object_detection(png(), model=f"{fake}/endpoint/object-detection")
    assert [d.label for d in detections] == ["cat", "remote"]
    image = client.text_to_image("a cat", model=f"{fake}/endpoint/text-to-image")
    assert image.size == (256, 256)
    first, second = sent()
    assert first["headers"]["content-type"] == "image/png"
    assert second["headers"]["accept"] == "image/png"


def test_toolkit_text_to_speech_asks_for_audio(fake: str, sent: Sent) -> None:
    audio = InferenceClient(token=False).text_to_speech(
        "Hello", model=f"{fake}/endpoint/text-to-speech"
    )
    assert audio[:4] == b"fLaC"
    assert sent()[0]["headers"]["accept"].startswith("audio/flac")


def test_raw_samples_in_json_become_wav() -> None:
    from playground.client.methods.reply_media import samples_to_wav

    wav_bytes = samples_to_wav([[0.0, 0.5, -0.5, 1.0]], 16000)
    assert wav_bytes[:4] == b"RIFF"
    assert wav_bytes[8:12] == b"WAVE"


@pytest.mark.anyio
async def test_async_families(fake: str) -> None:
    async with AsyncInferenceClient(f"{fake}/tgi", token=False) as client:
        stream = await client.text_generation("Hi", max_new_tokens=2, stream=True)
        assert [token async for token in stream] == [" The", " answer"]
        chunks = await client.chat_completion([{"role": "user", "content": "Yo"}], stream=True)
        assert "".join([c.choices[0].delta.content or "" async for c in chunks]) == "Echo: Yo"


def test_tgi_grammar_and_top_tokens(fake: str, sent: Sent) -> None:
    schema = {"type": "object", "properties": {"answer": {"type": "integer"}}}
    with InferenceClient(f"{fake}/tgi", backend="tgi", token=False) as client:
        text = client.text_generation(
            "Hi", grammar={"type": "json", "value": schema}, max_new_tokens=30
        )
        details = client.text_generation("Hi", max_new_tokens=2, details=True, top_n_tokens=2)
    assert text.strip().startswith("{")
    assert sent()[0]["json"]["parameters"]["grammar"] == {"type": "json", "value": schema}
    assert details.details.top_tokens
