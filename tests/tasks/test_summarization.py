"""Summarization tab: length parameters in; the summary and how much shorter it is out."""

from __future__ import annotations

from playground.assets import asset
from playground.tasks.spec import CallArgs
from playground.tasks.summarization import SPEC
from playground.ui.components import output_component

TEXT = "One two three four five six seven eight nine ten."


def test_length_parameters_go_under_parameters_only_when_set() -> None:
    assert SPEC.build_call({"text": TEXT}, {}) == CallArgs((TEXT,), {})
    call = SPEC.build_call({"text": TEXT}, {"max_length": 60, "min_length": 10})
    assert call.kwargs == {"parameters": {"min_length": 10, "max_length": 60}}
    assert all(p.value is None for p in SPEC.params)


def test_the_summary_comes_with_its_length() -> None:
    rendered = SPEC.render("One two three four five.", CallArgs((TEXT,)), {})
    assert rendered == {
        "summary": "One two three four five.",
        "note": "10 words → 5 words (50% of the original).",
    }
    for output in SPEC.outputs:
        assert (
            output_component(output, "t").postprocess(rendered[output.name])
            == rendered[output.name]
        )


def test_an_empty_summary_is_shown_empty() -> None:
    rendered = SPEC.render("", CallArgs((TEXT,)), {})
    assert rendered["summary"] == ""
    assert rendered["note"].startswith("10 words → 0 words")


def test_the_first_example_is_the_article_asset() -> None:
    assert asset("article.txt").is_file()
    assert SPEC.examples[0].values["text"] == asset("article.txt").read_text().strip()
