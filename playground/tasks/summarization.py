"""Summarization: a long text in, a short one out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground.assets import asset_text
from playground.tasks.common import local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec

TRUNCATIONS = ("do_not_truncate", "longest_first", "only_first", "only_second")
MEETING = (
    "The team met on Monday to plan the spring release. Maria reported that the new search "
    "page is finished and tested, but the mobile layout still needs two days of work. Ahmed "
    "said the database migration is blocked until the security review is done, which should "
    "happen by Thursday. Everyone agreed to move the release from March 10 to March 17 so "
    "that nothing is rushed. Lena will tell the customers about the new date this week."
)


def length_note(text: str, summary: str) -> str:
    words_in, words_out = len(text.split()), len(str(summary).split())
    share = f" ({words_out / words_in:.0%} of the original)" if words_in else ""
    return f"{words_in} words → {words_out} words{share}."


def view(result: Any, call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    return {"summary": str(result), "note": length_note(call.args[0], result)}


def build_call(inputs: Mapping[str, Any], params: Mapping[str, Any]) -> CallArgs:
    parameters = only(
        min_length=params.get("min_length"),
        max_length=params.get("max_length"),
        truncation=params.get("truncation"),
    )
    return CallArgs((inputs["text"],), only(parameters=parameters or None))


SPEC = TaskSpec(
    id="summarization",
    title="Summarization",
    group="Text",
    description="Shorten a long text to its main points. Some models write new sentences; "
    "extractive ones (like the local LexRank) pick the most central sentences.",
    method="summarization",
    inputs=[Field("text", "Text", "textarea", lines=8, max_chars=50_000)],
    params=[
        Param(
            "max_length",
            "Max length",
            "int",
            minimum=1,
            info="Longest summary, in tokens (the local model counts words).",
        ),
        Param("min_length", "Min length", "int", minimum=1, info="Shortest summary, in tokens."),
        Param(
            "truncation",
            "Truncation",
            "dropdown",
            choices=TRUNCATIONS,
            info="What to do with a text longer than the model's input.",
        ),
    ],
    outputs=[OutputWidget("summary", "Summary", "text"), OutputWidget("note", "", "markdown")],
    build_call=build_call,
    render=view,
    examples=[
        Example({"text": asset_text("article.txt").strip()}, "Lighthouses (article)"),
        Example({"text": MEETING}, "Meeting notes"),
    ],
    local_model=local_model("summarization"),
    hub_models=(
        "facebook/bart-large-cnn",
        "sshleifer/distilbart-cnn-12-6",
        "google/pegasus-xsum",
    ),
    promise="[{summary_text}] (the summary)",
)
