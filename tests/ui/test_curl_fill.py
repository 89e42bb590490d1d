"""A pasted curl command filling one task tab: model box, inputs and parameters by name, the rest
into the JSON box, one sentence; never a token, and no custom URL on a public page."""

from __future__ import annotations

import json
from typing import Any

import gradio as gr
import pytest

from playground.tasks import TASKS
from playground.ui.curl_fill import Fill, fill_from_curl
from playground.ui.curl_fill_view import fill_updates
from playground.ui.settings import Settings
from playground.ui.target import ClientFactory

LOCAL = "http://127.0.0.1:8080"
HF = "https://router.huggingface.co/hf-inference"
# Built, not written whole: no token-shaped literal sits in the repository for scanners to flag.
SECRET = "hf_" + "fakeCanaryTokenForTheCurlFillTests0001"


def curl(url: str, body: Any = None, *, raw: str | None = None) -> str:
    """A command as people paste them: the token header, a JSON (or raw) body, continuations."""
    data = raw if raw is not None else json.dumps(body)
    head = f"curl {url} \\\n  -X POST \\\n  -H 'Authorization: Bearer {SECRET}' \\\n"
    return head + f"  -H 'Content-Type: application/json' \\\n  -d '{data}'"


def fill(task: str, text: str, *, public: bool = False, kind: str = "local") -> Fill:
    return fill_from_curl(
        TASKS[task], text, local_url=LOCAL, hf_endpoint=HF, public=public, current_kind=kind
    )


def test_text_classification_from_the_local_server() -> None:
    body = {"inputs": "I love it", "parameters": {"top_k": 2, "function_to_apply": "softmax"}}
    found = fill("text-classification", curl(f"{LOCAL}/models/local/vader-sentiment", body))
    assert found.model == "local/vader-sentiment"
    assert found.fields == {"text": "I love it"}
    assert found.params == {"top_k": "2", "function_to_apply": "softmax"}
    assert found.extra == {} and found.filled
    assert found.note == "Filled the model box, Text, Top k and Function to apply."


def test_an_hf_widget_command_names_the_target_to_pick() -> None:
    body = {"inputs": {"question": "Who?", "context": "Ann wrote it."}, "parameters": {"x": 1}}
    found = fill("question-answering", curl(f"{HF}/models/deepset/roberta-base-squad2", body))
    assert found.model == "deepset/roberta-base-squad2"
    assert found.fields == {"question": "Who?", "context": "Ann wrote it."}
    assert found.extra == {"x": 1}
    assert "Extra parameters" in found.note and "pick “Hugging Face”" in found.note


def test_sentence_similarity_and_translation_map_wire_names_onto_fields() -> None:
    body = {"inputs": {"source_sentence": "a cat", "sentences": ["a dog", "a car"]}}
    found = fill("sentence-similarity", curl(f"{HF}/models/m/pipeline/sentence-similarity", body))
    assert found.fields == {"sentence": "a cat", "others": "a dog\na car"}
    body = {"inputs": "hello", "parameters": {"src_lang": "en", "tgt_lang": "es"}}
    found = fill("translation", curl(f"{LOCAL}/models/local/apertium-en-es", body))
    assert found.fields == {"text": "hello", "src_lang": "en", "tgt_lang": "es"}
    found = fill("translation", curl(f"{LOCAL}/pipeline/translation/local/apertium-en-es", body))
    assert found.model == "local/apertium-en-es"


def test_zero_shot_labels_and_a_checkbox_field() -> None:
    body = {"inputs": "a", "parameters": {"candidate_labels": ["x", "y"], "multi_label": True}}
    found = fill("zero-shot-classification", curl("https://x.example/m", body), kind="custom")
    assert found.fields == {"text": "a", "labels": "x, y", "multi_label": True}
    assert found.model == "https://x.example/m"


def test_text_generation_parameters_and_the_stream_flag() -> None:
    body = {"inputs": "Once", "parameters": {"max_new_tokens": 8, "do_sample": False}}
    found = fill(
        "text-generation",
        curl(f"{LOCAL}/models/local/smollm2-135m-instruct", {**body, "stream": True}),
    )
    assert found.note.startswith("Filled")  # a local model chat shares is this tab's too
    assert found.fields == {"prompt": "Once"}
    assert found.params == {"max_new_tokens": 8, "do_sample": False, "stream": True}


def test_an_openai_style_chat_command() -> None:
    body = {
        "model": "local/smollm2-135m-instruct",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": "Hello!"},
            {"role": "user", "content": [{"type": "text", "text": "Name a colour."}]},
        ],
        "temperature": 0.2,
        "stream": True,
        "logprobs": True,
    }
    found = fill("chat-completion", curl(f"{LOCAL}/v1/chat/completions", body))
    assert found.model == "local/smollm2-135m-instruct"
    assert found.fields == {"system": "Be brief.", "message": "Name a colour."}
    assert found.params == {"temperature": "0.2"}
    assert found.extra == {"logprobs": True}
    assert "not filled: the 2 earlier turn(s) of the conversation" in found.note


def test_a_custom_openai_server_is_named_for_the_target_bar() -> None:
    body = {"model": "my-model", "messages": [{"role": "user", "content": "Hi"}]}
    found = fill("chat-completion", curl("https://api.example.com/v1/chat/completions", body))
    assert found.model == "my-model"
    assert "“Custom URL” in the target bar with the URL https://api.example.com" in found.note


@pytest.mark.parametrize(
    ("task", "url", "body"),
    [
        ("text-classification", f"{HF}/models/facebook/detr-resnet-50/pipeline/object-detection",
         {"inputs": "x"}),
        ("text-classification", f"{LOCAL}/models/local/e5-zero-shot", {"inputs": "x"}),
        ("text-classification", "https://x.example/m",
         {"inputs": "a", "parameters": {"candidate_labels": ["x"]}}),
    ],
)  # fmt: skip
def test_a_command_for_another_task_fills_nothing_and_says_which(
    task: str, url: str, body: Any
) -> None:
    found = fill(task, curl(url, body))
    assert not found.filled
    assert found.note.startswith("This command is for ") and found.note.endswith("open that tab.")


def test_a_media_body_fills_the_model_and_says_what_it_could_not() -> None:
    found = fill(
        "object-detection",
        curl(f"{HF}/models/facebook/detr-resnet-50", None, raw="@cat.jpg").replace(
            "-d", "--data-binary"
        ),
        kind="hf",
    )
    assert found.model == "facebook/detr-resnet-50" and found.fields == {}
    assert found.note == (
        "Filled the model box; not filled: the body (a file or media) — upload it in the tab."
    )


def test_public_mode_keeps_a_custom_url_out_of_the_page() -> None:
    found = fill("text-classification", curl("http://10.0.0.5:8080/classify", {"inputs": "x"}),
                 public=True)  # fmt: skip
    assert found.model is None and found.fields == {"text": "x"}
    assert "10.0.0.5" not in found.note and "public demo" in found.note
    body = {"model": "m", "messages": [{"role": "user", "content": "Hi"}]}
    chat = fill("chat-completion", curl("http://10.0.0.5/v1/chat/completions", body), public=True)
    assert chat.model is None and "10.0.0.5" not in chat.note
    hf = fill("text-classification", curl(f"{HF}/models/org/name", {"inputs": "x"}), public=True)
    assert hf.model == "org/name"


def test_credentials_in_the_url_are_dropped_with_the_header() -> None:
    url = f"https://user:{SECRET}@x.example/models/m?api_key={SECRET}#frag"
    found = fill("text-classification", curl(url, {"inputs": "x"}), kind="custom")
    assert found.model == "https://x.example/models/m"


@pytest.mark.parametrize(
    "text", ["wget http://x", "curl 'unclosed", f"curl -H 'Authorization: Bearer {SECRET}'"]
)
def test_an_unusable_command_says_why(text: str) -> None:
    found = fill("text-classification", text)
    assert not found.filled and found.note.startswith("⚠")


@pytest.mark.parametrize("task", sorted(TASKS))
def test_no_token_reaches_any_tab_value_or_note(task: str) -> None:
    """Every tab, with the token in the header, a body and the URL, public or not: the values
    and the sentence never carry it (a body's token-shaped text is masked like in logs)."""
    body = {"inputs": "x", "parameters": {"token": SECRET}, "messages": [{"role": "user",
            "content": "x"}]}  # fmt: skip
    factory = ClientFactory(Settings(local_url=LOCAL, hf_endpoint=HF), None)
    for url in (f"{LOCAL}/models/local/x", f"https://u:{SECRET}@x.example/m?key={SECRET}"):
        values = fill_updates(TASKS[task], factory, curl(url, body), "local")
        shown = json.dumps([v for v in values if not isinstance(v, type(gr.skip()))], default=str)
        assert SECRET not in shown
