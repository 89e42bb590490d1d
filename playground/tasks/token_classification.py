"""Token classification (NER): the text with its entities highlighted, and a table of them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from playground import render
from playground.tasks._highlight import wrap_words
from playground.tasks.common import local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec

AGGREGATIONS = ("none", "simple", "first", "average", "max")


def entity_count(text: str, entities: Any) -> str:
    """ "4 entities: PERSON ×2, GPE ×2." in text order of first appearance."""
    groups = Counter(entity.group for entity in render.normalize_entities(text, entities))
    if not groups:
        return "No entity was found in this text."
    total = sum(groups.values())
    listed = ", ".join(f"{group} ×{count}" for group, count in groups.items())
    return f"{total} entit{'y' if total == 1 else 'ies'}: {listed}."


def view(result: Any, call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    import gradio as gr

    text = call.args[0]
    return {
        "entities": gr.update(
            value=wrap_words(render.highlight_entities(text, result)),
            color_map=render.entity_color_map(text, result),
            # Categories carry the score ("PER 0.99"): inline chips read better than a
            # legend with one entry per distinct score.
            show_legend=False,
        ),
        "count": entity_count(text, result),
        "table": render.entities_table(text, result),
    }


SPEC = TaskSpec(
    id="token-classification",
    title="Named entities",
    group="Text",
    description="Find the people, places, organisations and other entities in a text, each "
    "highlighted with its type and score. Aggregation decides whether word pieces are merged "
    "into whole entities.",
    method="token_classification",
    inputs=[Field("text", "Text", "textarea", lines=4)],
    params=[
        Param(
            "aggregation_strategy",
            "Aggregation",
            "dropdown",
            choices=AGGREGATIONS,
            info="none: one result per token (B-/I- tags); simple, first, average, max: "
            "tokens merged into entities. Empty: the server's default.",
        ),
        Param(
            "ignore_labels",
            "Ignore labels",
            "labels",
            info="Entity types to leave out, comma-separated (e.g. O, MISC).",
        ),
        Param("stride", "Stride", "int", minimum=0, info="Token overlap for long texts."),
    ],
    outputs=[
        OutputWidget("entities", "Entities", "highlight"),
        OutputWidget("count", "", "markdown"),
        OutputWidget("table", "Entity table", "table"),
    ],
    build_call=lambda inputs, params: CallArgs(
        (inputs["text"],),
        only(
            aggregation_strategy=params.get("aggregation_strategy"),
            ignore_labels=params.get("ignore_labels"),
            stride=params.get("stride"),
        ),
    ),
    render=view,
    examples=[
        Example(
            {
                "text": "Ada Lovelace worked with Charles Babbage in London in 1843. Today "
                "Google and Microsoft run research labs in Paris and New York."
            },
            "People, places, companies",
        ),
        Example(
            {
                "text": "My name is Clara, I live in Berkeley and I work for the United "
                "Nations, which paid me $2,000 last Friday."
            },
            "Names, money, dates",
        ),
    ],
    local_model=local_model("token-classification"),
    hub_models=(
        "dslim/bert-base-NER",
        "FacebookAI/xlm-roberta-large-finetuned-conll03-english",
        "Davlan/bert-base-multilingual-cased-ner-hrl",
    ),
    promise="a list of {entity_group (or entity), score, word, start, end}",
)
