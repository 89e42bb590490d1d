"""Translation: text in one language out in another; codes only for multilingual models."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground.client import InputError
from playground.tasks.common import local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec

TRUNCATIONS = ("do_not_truncate", "longest_first", "only_first", "only_second")
LANGUAGE_INFO = (
    "Only for multilingual models, in the model's own codes (mBART en_XX, NLLB eng_Latn). "
    "Give both or neither."
)


def language_pair(inputs: Mapping[str, Any]) -> dict[str, str]:
    """`src_lang`/`tgt_lang` when both are given; nothing when neither; InputError otherwise."""
    src, tgt = (str(inputs.get(key) or "").strip() for key in ("src_lang", "tgt_lang"))
    if bool(src) != bool(tgt):
        raise InputError("Give both the source and the target language code, or neither.")
    return {"src_lang": src, "tgt_lang": tgt} if src else {}


def view(result: Any, _call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    return {"translation": str(result)}


def build_call(inputs: Mapping[str, Any], params: Mapping[str, Any]) -> CallArgs:
    parameters = only(
        truncation=params.get("truncation"),
        clean_up_tokenization_spaces=params.get("clean_up_tokenization_spaces") or None,
    )
    return CallArgs(
        (inputs["text"],), {**language_pair(inputs), **only(parameters=parameters or None)}
    )


SPEC = TaskSpec(
    id="translation",
    title="Translation",
    group="Text",
    description="Translate a text. Most models translate one fixed pair (the local Apertium "
    "model: English → Spanish); multilingual ones need the source and target language codes.",
    method="translation",
    inputs=[
        Field("text", "Text", "textarea"),
        Field(
            "src_lang",
            "Source language code",
            "text",
            info=LANGUAGE_INFO,
            optional=True,
            max_chars=50,
        ),
        Field("tgt_lang", "Target language code", "text", optional=True, max_chars=50),
    ],
    params=[
        Param(
            "truncation",
            "Truncation",
            "dropdown",
            choices=TRUNCATIONS,
            info="What to do with a text longer than the model's input.",
        ),
        Param(
            "clean_up_tokenization_spaces",
            "Clean up tokenization spaces",
            "checkbox",
            value=False,
            info="Remove the spaces tokenizers leave before punctuation.",
        ),
    ],
    outputs=[OutputWidget("translation", "Translation", "text")],
    build_call=build_call,
    render=view,
    examples=[
        Example(
            {"text": "The weather is nice today, so we are going to visit the old lighthouse."},
            "English → Spanish",
        ),
        Example(
            {
                "text": "Where is the nearest train station?",
                "src_lang": "eng_Latn",
                "tgt_lang": "spa_Latn",
            },
            "With NLLB codes",
        ),
    ],
    local_model=local_model("translation"),
    hub_models=(
        "Helsinki-NLP/opus-mt-en-es",
        "facebook/nllb-200-distilled-600M",
        "facebook/mbart-large-50-many-to-many-mmt",
        "google-t5/t5-small",
    ),
    promise="[{translation_text}] (the translation)",
)
