"""Translation tab: language codes both or neither; the translation out."""

from __future__ import annotations

import pytest

from playground.client import InputError
from playground.tasks.spec import CallArgs, Example
from playground.tasks.translation import SPEC
from playground.ui.components import output_component

from .helpers import example_inputs, widget_inputs

TEXT = "Hello world"


def test_no_codes_sends_the_text_alone() -> None:
    call = SPEC.build_call(widget_inputs(SPEC, {"text": TEXT, "src_lang": "", "tgt_lang": " "}), {})
    assert call == CallArgs((TEXT,), {})


def test_both_codes_are_sent() -> None:
    inputs = widget_inputs(SPEC, {"text": TEXT, "src_lang": "en_XX", "tgt_lang": " fr_XX "})
    call = SPEC.build_call(inputs, {"truncation": "longest_first"})
    assert call == CallArgs(
        (TEXT,),
        {"src_lang": "en_XX", "tgt_lang": "fr_XX", "parameters": {"truncation": "longest_first"}},
    )


@pytest.mark.parametrize(("src", "tgt"), [("en", ""), ("", "fr")])
def test_one_code_without_the_other_is_refused(src: str, tgt: str) -> None:
    with pytest.raises(InputError, match="both"):
        SPEC.build_call(widget_inputs(SPEC, {"text": TEXT, "src_lang": src, "tgt_lang": tgt}), {})


def test_an_unticked_checkbox_sends_nothing() -> None:
    call = SPEC.build_call(
        widget_inputs(SPEC, {"text": TEXT}), {"clean_up_tokenization_spaces": False}
    )
    assert call.kwargs == {}


def test_the_translation_is_shown_as_text() -> None:
    rendered = SPEC.render("Bonjour monde", CallArgs((TEXT,)), {})
    assert rendered == {"translation": "Bonjour monde"}
    (output,) = SPEC.outputs
    assert output_component(output, "t").postprocess(rendered["translation"]) == "Bonjour monde"


def test_the_first_example_needs_no_language_codes() -> None:
    """The local Apertium model translates English → Spanish without codes."""
    first = SPEC.examples[0].values
    assert "src_lang" not in first
    assert "tgt_lang" not in first


@pytest.mark.parametrize("example", SPEC.examples, ids=lambda e: e.title)
def test_examples_build_a_call(example: Example) -> None:
    call = SPEC.build_call(example_inputs(SPEC, example), {})
    assert call.args == (example.values["text"],)
    assert ("src_lang" in call.kwargs) is ("src_lang" in example.values)
