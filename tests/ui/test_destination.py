"""The line under the model box says where Run will send the call, as the client will send it."""

from __future__ import annotations

import time

import pytest

from playground.client.targets import Family
from playground.tasks import TASKS
from playground.ui.destination import destination_text
from playground.ui.servers import Server
from playground.ui.settings import Settings
from playground.ui.target import ClientFactory, TargetChoice

LOCAL = "http://127.0.0.1:8080"
HF = "https://router.huggingface.co/hf-inference"


def factory(local_url: str | None = LOCAL) -> ClientFactory:
    return ClientFactory(Settings(hf_endpoint=HF), local_url)


def line(
    task: str, target: TargetChoice, model: str | None = None, *, made: ClientFactory | None = None
) -> str:
    return destination_text(made or factory(), TASKS[task], target, model)


def test_local_target_names_the_local_model_url() -> None:
    spec = TASKS["text-classification"]
    assert line("text-classification", TargetChoice("local")) == (
        f"Run sends `POST {LOCAL}/models/{spec.local_model}`."
    )


def test_chat_goes_to_the_models_openai_route() -> None:
    text = line("chat-completion", TargetChoice("hf"), "meta-llama/Llama-3.2-1B-Instruct")
    assert (
        text
        == f"Run sends `POST {HF}/models/meta-llama/Llama-3.2-1B-Instruct/v1/chat/completions`."
    )


def test_sentence_similarity_forces_its_pipeline() -> None:
    text = line("sentence-similarity", TargetChoice("hf"), "org/model")
    assert f"{HF}/models/org/model/pipeline/sentence-similarity" in text


def test_a_task_without_a_local_model_says_so_before_the_click() -> None:
    text = line("text-to-image", TargetChoice("local"))
    assert text.startswith("No local model does text to image")
    assert "Hugging Face" in text


def test_local_target_without_its_server() -> None:
    text = line("text-classification", TargetChoice("local"), made=factory(None))
    assert "not running" in text


@pytest.mark.parametrize(
    ("url", "family", "model", "expected"),
    [
        ("http://h:8080/generate", "auto", None, "http://h:8080/generate_stream`"),  # it streams
        ("http://h:8080", "tgi", None, "http://h:8080/generate_stream`"),
        ("http://h:8080/v1", "auto", "qwen", "http://h:8080/v1/completions`"),
        ("http://h:8080/models/org/m", "auto", None, "http://h:8080/models/org/m`"),
    ],
)
def test_custom_urls_go_where_the_rule_says(
    url: str, family: str, model: str | None, expected: str
) -> None:
    text = line("text-generation", TargetChoice("custom", url=url, family=family), model)
    assert text.endswith(expected + ".")


def test_a_bare_custom_base_says_its_route_is_asked_at_run() -> None:
    text = line("text-classification", TargetChoice("custom", url="http://h:9000"), "org/m")
    assert "http://h:9000/models/org/m" in text
    assert "asked of the server at Run" in text


def test_a_server_already_identified_shows_its_own_route() -> None:
    made = factory()
    made.server_kinds._known["http://h:9000"] = (time.monotonic(), Server(Family.OPENAI, "x"))
    text = line("chat-completion", TargetChoice("custom", url="http://h:9000"), "qwen", made=made)
    assert text == "Run sends `POST http://h:9000/v1/chat/completions`."


def test_a_custom_target_without_a_url_asks_for_one() -> None:
    assert "Type your endpoint's URL" in line("fill-mask", TargetChoice("custom"))


def test_a_backtick_in_a_typed_url_cannot_break_out_of_the_code_span() -> None:
    text = line("fill-mask", TargetChoice("custom", url="http://h/x`<b>y</b>", family="endpoint"))
    assert "`<b>" not in text
