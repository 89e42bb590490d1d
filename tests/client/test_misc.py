"""post, model status, deployed models, the legacy InferenceApi, per-call options, signatures."""

from __future__ import annotations

import inspect
import json
import warnings

import httpx
import pytest

from playground.client import InferenceApi, InferenceClient, ModelStatus, RequestOptions
from playground.client.generation_types import TextGenerationResponse


def test_post_returns_raw_bytes(client: InferenceClient) -> None:
    raw = client.post(json={"inputs": "I love it"}, model="fake/text-classification")
    assert json.loads(raw)[0][0]["label"] == "POSITIVE"


def test_post_with_data_takes_precedence(client: InferenceClient, fake: str) -> None:
    raw = client.post(
        json={"ignored": True}, data=f"{fake}/files/red.png", model="fake/image-classification"
    )
    assert json.loads(raw)[0]["label"] == "red"


def test_model_status_and_deployed_models(client: InferenceClient) -> None:
    status = client.get_model_status("fake/text-classification")
    assert status == ModelStatus(
        loaded=True, state="Loaded", compute_type="cpu", framework="transformers"
    )
    deployed = client.list_deployed_models("text-generation-inference")
    assert "fake/text-generation" in deployed["text-generation"]
    with pytest.raises(ValueError, match="not for URLs"):
        client.get_model_status("http://127.0.0.1:1/x")


def test_legacy_inference_api(fake: str) -> None:
    with InferenceClient(token=False, inference_endpoint=fake) as client:
        api = InferenceApi("fake/question-answering", task="question-answering", client=client)
        answer = api(inputs={"question": "What is my name?", "context": "My name is Clara."})
        assert answer["answer"] == "Clara"
        embedder = InferenceApi(
            "fake/sentence-similarity", task="feature-extraction", client=client
        )
        assert embedder.api_url.endswith(
            "/models/fake/sentence-similarity/pipeline/feature-extraction"
        )
        assert len(embedder("hello world")) == 32
        raw = InferenceApi("fake/text-to-image", task="text-to-image", client=client)(
            "a cat", raw_response=True
        )
        assert raw.status_code == 200
        assert raw.headers["content-type"].startswith("image/")


def test_transformers_backend_drops_refused_parameters_with_a_warning(
    client: InferenceClient, sent: object
) -> None:
    with pytest.warns(UserWarning, match="not served by TGI.*`stop`, `watermark`"):
        output = client.text_generation(
            "Hi",
            model="transformers/text-generation",
            max_new_tokens=3,
            stop_sequences=["x"],
            watermark=True,
        )
    assert output == " The answer is"
    *_, last = sent()  # type: ignore[operator]
    assert not {"stop", "watermark"} & set(last["json"]["parameters"])
    # Known now: the next call drops them at once, and says so again.
    with pytest.warns(UserWarning, match="`watermark`") as caught:
        client.text_generation("Hi", model="transformers/text-generation", watermark=True)
    assert "`stop`" not in str(caught[0].message)  # only what this call set is named


def test_details_on_a_backend_without_details(client: InferenceClient) -> None:
    with pytest.warns(UserWarning, match="`decoder_input_details`, `details`"):
        output = client.text_generation(
            "Hi",
            model="transformers/text-generation",
            max_new_tokens=2,
            details=True,
            decoder_input_details=True,
        )
    assert isinstance(output, TextGenerationResponse)
    assert output.generated_text == " The answer"
    assert output.details is None


def test_defaults_alone_raise_no_warning(client: InferenceClient) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing set that the server refuses: no warning
        text = client.text_generation("Hi", model="transformers/text-generation", watermark=False)
    assert text.startswith(" The answer")


def test_openai_completions_warn_about_tgi_only_parameters(fake: str) -> None:
    client = InferenceClient(f"{fake}/openai/v1", token=False)
    with pytest.warns(UserWarning, match="`top_k`, `watermark`"):
        text = client.text_generation(
            "Hi", model="fake-model", max_new_tokens=3, top_k=5, watermark=True, seed=1
        )
    assert text == " The answer is"


def test_per_call_options_are_checked() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError("sent")

    with (
        InferenceClient("http://x/generate", transport=httpx.MockTransport(refuse)) as client,
        pytest.raises(TypeError, match="wait_for_mdl"),
    ):
        client.text_generation("x", options={"wait_for_mdl": True})
    assert RequestOptions().merged({"use_cache": False}).use_cache is False


def test_signatures_match_huggingface_hub_0_17() -> None:
    signature = inspect.signature(InferenceClient().text_generation)
    assert list(signature.parameters)[:5] == ["prompt", "details", "stream", "model", "do_sample"]
    assert signature.parameters["max_new_tokens"].default == 20
    assert list(inspect.signature(InferenceClient().summarization).parameters)[:3] == [
        "text",
        "parameters",
        "model",
    ]
    assert list(inspect.signature(InferenceClient().zero_shot_classification).parameters)[:4] == [
        "text",
        "labels",
        "multi_label",
        "model",
    ]
    assert "options" in inspect.signature(InferenceClient().fill_mask).parameters
    assert InferenceClient.text_classification.__doc__
