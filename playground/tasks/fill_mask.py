"""Fill-mask: the model's candidates for a hidden word, and the sentence with the best one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from playground import render
from playground.client import InputError
from playground.tasks._highlight import wrap_words
from playground.tasks.common import local_model, only
from playground.tasks.spec import CallArgs, Example, Field, OutputWidget, Param, TaskSpec

KNOWN_MASKS = ("[MASK]", "<mask>")
CANDIDATE_COLUMNS = ["token", "score", "mask", "sequence"]


def with_mask_token(text: str, mask_token: str | None) -> str:
    """`text` with `[MASK]` and `<mask>` both written as the model's mask token (the text is
    sent as typed when no token is given)."""
    token = (mask_token or "").strip()
    if not token:
        return text
    for known in KNOWN_MASKS:
        text = text.replace(known, token)
    if token not in text:
        raise InputError(f"Write {token} (or [MASK] / <mask>) where the missing word goes.")
    return text


def mask_token_in(text: str, masks: int) -> str:
    """The known mask token that occurs once per predicted mask ("" when none fits)."""
    return next((token for token in KNOWN_MASKS if text.count(token) == masks), "")


def candidates_table(predictions: Any) -> pd.DataFrame:
    """Every candidate, best first per mask (the mask column only when there are several)."""
    groups = render.mask_candidates(predictions)
    rows = [
        {
            "token": str(item.get("token_str", "")).strip(),
            "score": round(float(item.get("score") or 0.0), 4),
            "mask": f"mask {mask}",
            "sequence": item.get("sequence", ""),
        }
        for mask, group in enumerate(groups, start=1)
        for item in group
    ]
    frame = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    return frame if len(groups) > 1 else frame.drop(columns="mask")


def mask_note(masks: int) -> str:
    if masks == 0:
        return "The model returned no candidates."
    if masks == 1:
        return "The highlighted word is the model's best guess."
    return (
        f"The text has {masks} masks: the bars show the first mask's candidates, "
        "the table lists every mask's."
    )


def view(result: Any, call: CallArgs, _controls: Mapping[str, Any]) -> dict[str, Any]:
    text = call.args[0]
    masks = len(render.mask_candidates(result))
    return {
        "candidates": render.fill_mask_scores(result) or None,
        "filled": wrap_words(render.filled_sentence(text, result, mask_token_in(text, masks))),
        "note": mask_note(masks),
        "table": candidates_table(result),
    }


def build_call(inputs: Mapping[str, Any], params: Mapping[str, Any]) -> CallArgs:
    return CallArgs(
        (with_mask_token(inputs["text"], inputs.get("mask_token")),),
        only(top_k=params.get("top_k"), targets=params.get("targets")),
    )


SPEC = TaskSpec(
    id="fill-mask",
    title="Fill mask",
    group="Text",
    description="Hide a word and let the model guess it. BERT-style models (bert, distilbert, "
    "albert) expect `[MASK]`; RoBERTa, XLM-R and BART expect `<mask>`. Type either one: it is "
    "rewritten to the token in the *Mask token* box.",
    method="fill_mask",
    inputs=[
        Field("text", "Text", "textarea", value="Paris is the [MASK] of France."),
        Field(
            "mask_token",
            "Mask token",
            "text",
            value="[MASK]",
            info="The token your model expects: [MASK] (BERT family) or <mask> (RoBERTa, "
            "XLM-R, BART). Empty: the text is sent as typed.",
            optional=True,
            max_chars=50,
        ),
    ],
    params=[
        Param("top_k", "Top k", "int", minimum=1, info="How many candidates per mask."),
        Param(
            "targets",
            "Targets",
            "labels",
            info="Only score these words, comma-separated (e.g. capital, city).",
        ),
    ],
    outputs=[
        OutputWidget("candidates", "Candidates", "label"),
        OutputWidget("filled", "Filled sentence", "highlight"),
        OutputWidget("note", "", "markdown"),
        OutputWidget("table", "Every candidate", "table"),
    ],
    build_call=build_call,
    render=view,
    examples=[
        Example({"text": "Paris is the [MASK] of France."}, "Capital"),
        Example({"text": "The <mask> barked at the mail carrier all morning."}, "Typed as <mask>"),
        Example({"text": "I drink [MASK] every morning before I go to [MASK]."}, "Two masks"),
    ],
    local_model=local_model("fill-mask"),
    hub_models=(
        "google-bert/bert-base-uncased",
        "distilbert/distilbert-base-uncased",
        "FacebookAI/roberta-base",
        "FacebookAI/xlm-roberta-base",
    ),
    promise="a list of {sequence, score, token, token_str} (a list of such lists when the "
    "text has several masks)",
)
