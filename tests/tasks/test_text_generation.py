"""Text generation tab: the prompt and sampling parameters in, streamed by default; the text,
a summary, tokens shaded by probability and the token table out."""

from __future__ import annotations

import math
from typing import Any

from playground.tasks.spec import CallArgs
from playground.tasks.text_generation import SPEC, display_prefix, fold_stream, token_text

from .helpers import default_params, example_inputs, shown

PROMPT = "The three primary colors are"


def event(text: str, logprob: float, *, special: bool = False, **final: Any) -> dict[str, Any]:
    """One TGI stream event; the last carries generated_text (and details)."""
    token = {"id": len(text), "text": text, "logprob": logprob, "special": special}
    return {"token": token, "generated_text": None, "details": None, **final}


def test_an_example_with_the_default_parameters_streams_with_details() -> None:
    example = SPEC.examples[1]
    call = SPEC.build_call(example_inputs(SPEC, example), default_params(SPEC))
    assert call == CallArgs((PROMPT,), {"max_new_tokens": 128, "details": True, "stream": True})


def test_unticked_flags_are_not_sent_and_ticked_ones_are() -> None:
    params = {"do_sample": True, "watermark": False, "temperature": 0.7, "top_k": 5}
    call = SPEC.build_call({"prompt": PROMPT}, params)
    assert call.kwargs == {"do_sample": True, "temperature": 0.7, "top_k": 5, "stream": True}


def test_best_of_and_prompt_details_are_dropped_only_when_streaming() -> None:
    params = {"best_of": 2, "decoder_input_details": True, "details": True}
    streamed = SPEC.build_call({"prompt": PROMPT}, params)
    assert streamed.kwargs == {"details": True, "stream": True}
    whole = SPEC.build_call({"prompt": PROMPT}, {**params, "stream": False})
    assert whole.kwargs == {
        "best_of": 2,
        "decoder_input_details": True,
        "details": True,
        "stream": False,
    }


def test_stop_sequences_are_unescaped() -> None:
    call = SPEC.build_call({"prompt": PROMPT}, {"stop_sequences": ["\\n", "."]})
    assert call.kwargs["stop_sequences"] == ["\n", "."]


def test_the_prompt_is_shown_first_only_with_return_full_text() -> None:
    assert display_prefix(CallArgs((PROMPT,), {"stream": True})) == ""
    assert display_prefix(CallArgs((PROMPT,), {"return_full_text": True})) == PROMPT


def test_special_tokens_are_hidden_in_the_streamed_text() -> None:
    assert token_text(" red") == " red"
    assert token_text("</s>") == ""
    assert token_text("<|im_end|>") == ""
    assert token_text(event("</s>", -0.1, special=True)) == ""


def test_a_stream_folds_into_the_text_and_the_final_details() -> None:
    items = [
        event(" red", math.log(0.5)),
        event(",", math.log(0.9)),
        event(
            "</s>",
            math.log(0.99),
            special=True,
            generated_text=" red,",
            details={"finish_reason": "eos_token", "generated_tokens": 3, "seed": None},
        ),
    ]
    folded = fold_stream(items)
    assert folded["generated_text"] == " red,"
    assert folded["details"]["finish_reason"] == "eos_token"
    assert [t["text"] for t in folded["details"]["tokens"]] == [" red", ",", "</s>"]
    assert fold_stream([" red", ","], prefix=PROMPT) == {
        "generated_text": PROMPT + " red,",
        "details": None,
    }


def test_details_become_a_summary_shaded_tokens_and_a_table() -> None:
    items = [
        event(" red", math.log(0.5)),
        event(
            ",",
            math.log(0.25),
            generated_text=" red,",
            details={"finish_reason": "length", "generated_tokens": 2, "seed": 42},
        ),
    ]
    rendered = SPEC.render(fold_stream(items), CallArgs((PROMPT,), {"stream": True}), {})
    assert rendered["text"] == " red,"
    assert rendered["summary"] == (
        "**Finish reason:** length · **Generated tokens:** 2 · **Seed:** 42"
    )
    assert [(text, round(p, 4)) for text, p in rendered["probabilities"]] == [
        (" red", 0.5),
        (",", 0.25),
    ]
    table = rendered["tokens"]
    assert list(table["token"]) == ['" red"', '","']
    assert list(table["probability"]) == [0.5, 0.25]
    out = shown(SPEC, rendered)
    assert out["text"] == " red,"
    assert [t.token for t in out["probabilities"].root] == [" red", ","]
    assert "probability" in out["tokens"].headers


def test_without_details_only_the_text_is_shown() -> None:
    call = CallArgs((PROMPT,))
    empty = {"summary": "", "probabilities": None, "tokens": None}
    assert SPEC.render(" red", call, {}) == {"text": " red", **empty}
    assert SPEC.render({"generated_text": " red"}, call, {}) == {"text": " red", **empty}
    shown(SPEC, SPEC.render(" red", call, {}))


def test_prompt_token_details_come_first_in_the_table_when_asked_for() -> None:
    """A non-streamed answer with decoder_input_details: the prompt tokens (`prefill`) lead
    the table; the shaded text is the generated tokens only."""
    result = {
        "generated_text": " red",
        "details": {
            "finish_reason": "length",
            "generated_tokens": 1,
            "prefill": [{"id": 1, "text": "The", "logprob": None}],
            "tokens": [{"id": 2, "text": " red", "logprob": math.log(0.5), "special": False}],
        },
    }
    call = CallArgs((PROMPT,), {"decoder_input_details": True, "stream": False})
    rendered = SPEC.render(result, call, {})
    assert list(rendered["tokens"]["token"]) == ['"The"', '" red"']
    assert [text for text, _ in rendered["probabilities"]] == [" red"]
    assert rendered["summary"].endswith("**Prompt tokens shown:** 1")
