"""A pasted curl command as a comparison side: target, task and input; tokens dropped."""

from __future__ import annotations

import pytest

from playground.client import InputError
from playground.ui.curl_paste import guess_task, parse_curl, read_paste

LOCAL = "http://127.0.0.1:8080"
HF = "https://router.huggingface.co/hf-inference"


def test_a_local_model_url_gives_the_local_side_and_its_task() -> None:
    pasted = read_paste(
        f"curl {LOCAL}/models/local/vader-sentiment \\\n  -X POST -H 'Authorization: Bearer hf_x'"
        ' \\\n  -d \'{"inputs": "I love it"}\'',
        LOCAL,
        HF,
    )
    assert (pasted.kind, pasted.model, pasted.task) == (
        "local",
        "local/vader-sentiment",
        "text-classification",
    )
    assert pasted.texts == ["I love it"]


def test_the_body_shape_names_the_task_and_the_token_is_dropped() -> None:
    request = parse_curl(
        "curl https://x.example/models/m -H 'authorization: Bearer hf_secret' --json "
        '\'{"inputs": "a", "parameters": {"candidate_labels": ["x", "y"]}}\''
    )
    assert "authorization" not in request.headers and request.method == "POST"
    pasted = read_paste(
        'curl https://x.example/m -d \'{"inputs": "a", "parameters": '
        '{"candidate_labels": ["x", "y"]}}\'',
        LOCAL,
        HF,
    )
    assert (pasted.kind, pasted.task, pasted.texts) == (
        "custom",
        "zero-shot-classification",
        ["a", "x, y"],
    )
    assert guess_task(f"{HF}/models/m/pipeline/feature-extraction", None) == "feature-extraction"
    assert guess_task("https://x.example", {"inputs": "plain"}) is None
    hf = read_paste(f'curl {HF}/models/org/name -d \'{{"inputs": "hi"}}\'', LOCAL, HF)
    assert (hf.kind, hf.model) == ("hf", "org/name")


@pytest.mark.parametrize(
    "text", ["wget http://x", "curl -X POST", "curl 'unclosed", "curl ftp://x"]
)
def test_what_is_not_a_usable_curl_command_is_refused(text: str) -> None:
    with pytest.raises(InputError):
        parse_curl(text)
