"""Text tasks: classification, entities, zero-shot, fill-mask, QA, summarization, translation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ResponseFormatError, ValidationError
from ..method import task_method
from ..plan import Job, Reply
from ..types import (
    ClassificationOutput,
    ConversationalOutput,
    FillMaskOutput,
    QuestionAnsweringOutput,
    TableQuestionAnsweringOutput,
    TokenClassificationOutput,
)
from .common import clean, expect_list, json_job, list_of, reply_json, unwrap_single

__all__ = [
    "TextTasks",
    "parse_classification",
    "parse_fill_mask",
    "parse_question_answering",
    "parse_table_question_answering",
    "parse_zero_shot",
]


def _body(
    inputs: Any, parameters: Mapping[str, Any] | None, extra: Mapping[str, Any] | None
) -> dict[str, Any]:
    params = {**clean(parameters), **(extra or {})}
    return {"inputs": inputs, "parameters": params} if params else {"inputs": inputs}


def _require_text(text: Any, name: str = "text") -> None:
    if not isinstance(text, str) or not text.strip():
        raise ValidationError(f"`{name}` must be a non-empty string.")


def parse_classification(
    data: Any, task: str = "text-classification"
) -> list[ClassificationOutput]:
    """Flat `[{label, score}]` or nested `[[...]]` (serverless, TEI batches) → flat list."""
    items = expect_list(data, task)
    if items and isinstance(items[0], list):
        items = items[0]
    return list_of(ClassificationOutput, items, task, ("label", "score"))


def parse_zero_shot(data: Any) -> list[ClassificationOutput]:
    """Old `{sequence, labels, scores}` (or a list of one) and new `[{label, score}]` shapes."""
    if (
        isinstance(data, list)
        and len(data) == 1
        and isinstance(data[0], Mapping)
        and "labels" in data[0]
    ):
        data = data[0]
    if isinstance(data, Mapping) and "labels" in data and "scores" in data:
        pairs = zip(data["labels"], data["scores"], strict=False)
        items = [{"label": label, "score": score} for label, score in pairs]
    else:
        items = expect_list(data, "zero-shot-classification")
    out = list_of(ClassificationOutput, items, "zero-shot-classification", ("label", "score"))
    return sorted(out, key=lambda item: item["score"], reverse=True)


def parse_fill_mask(data: Any) -> list[Any]:
    items = expect_list(data, "fill-mask")
    if items and isinstance(items[0], list):
        return [list_of(FillMaskOutput, group, "fill-mask", ("score",)) for group in items]
    return list_of(FillMaskOutput, items, "fill-mask", ("score",))


def parse_question_answering(data: Any, top_k: int | None) -> Any:
    if isinstance(data, list):
        answers = list_of(QuestionAnsweringOutput, data, "question-answering", ("answer",))
        if top_k is None or top_k <= 1:
            if not answers:
                raise ResponseFormatError("The server returned no answer.", body=data)
            return answers[0]
        return answers
    if isinstance(data, Mapping) and "answer" in data:
        answer = QuestionAnsweringOutput.parse(data)
        return answer if top_k is None or top_k <= 1 else [answer]
    raise ResponseFormatError(
        f"Expected an answer object for question-answering, got {data!r:.200}"
    )


def parse_table_question_answering(data: Any) -> TableQuestionAnsweringOutput:
    data = unwrap_single(data)
    if not isinstance(data, Mapping) or "answer" not in data:
        raise ResponseFormatError(
            f"Expected {{answer, coordinates, cells}} for table QA, got {data!r:.200}",
            body=data,
        )
    out = TableQuestionAnsweringOutput.parse(data)
    out.setdefault("coordinates", [])
    out.setdefault("cells", [])
    out.setdefault("aggregator", None)
    return out


def _text_field(data: Any, field: str, task: str) -> str:
    data = unwrap_single(data)
    if isinstance(data, list) and data:
        data = data[0]
    if not isinstance(data, Mapping) or not isinstance(data.get(field), str):
        raise ResponseFormatError(
            f"Expected [{{{field}}}] for {task}, got {data!r:.200}", body=data
        )
    return str(data[field])


def _table_as_strings(table: Mapping[str, Any]) -> dict[str, list[str]]:
    if not isinstance(table, Mapping) or not table:
        raise ValidationError("`table` must be a non-empty dict of column name → list of cells.")
    columns = {str(name): [str(cell) for cell in cells] for name, cells in table.items()}
    lengths = {len(cells) for cells in columns.values()}
    if len(lengths) != 1:
        raise ValidationError("Every column of `table` must have the same number of cells.")
    return columns


class TextTasks:
    """Task methods on text inputs."""

    @task_method
    def text_classification(
        self,
        text: str,
        model: str | None = None,
        *,
        top_k: int | None = None,
        function_to_apply: str | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> Job[list[ClassificationOutput]]:
        """Classify a text (e.g. sentiment). Returns `[{"label", "score"}]`, best first."""
        _require_text(text)
        extra = clean({"top_k": top_k, "function_to_apply": function_to_apply})
        task = "text-classification"
        return json_job(
            task,
            model,
            _body(text, parameters, extra),
            lambda reply: parse_classification(reply_json(reply, task)),
        )

    @task_method
    def token_classification(
        self,
        text: str,
        model: str | None = None,
        *,
        aggregation_strategy: str | None = None,
        ignore_labels: list[str] | None = None,
        stride: int | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> Job[list[TokenClassificationOutput]]:
        """Find entities. Returns `[{"entity_group", "score", "word", "start", "end"}]`."""
        _require_text(text)
        extra = clean(
            {
                "aggregation_strategy": aggregation_strategy,
                "ignore_labels": ignore_labels,
                "stride": stride,
            }
        )
        task = "token-classification"
        return json_job(
            task,
            model,
            _body(text, parameters, extra),
            lambda reply: list_of(
                TokenClassificationOutput, reply_json(reply, task), task, ("score",)
            ),
        )

    @task_method
    def zero_shot_classification(
        self,
        text: str,
        labels: list[str],
        multi_label: bool = False,
        model: str | None = None,
        *,
        hypothesis_template: str | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> Job[list[ClassificationOutput]]:
        """Score a text against candidate labels. Returns `[{"label", "score"}]`, best first."""
        _require_text(text)
        labels = [label.strip() for label in labels if label and label.strip()]
        if len(labels) < (1 if multi_label else 2):
            raise ValidationError("Give at least 2 candidate labels (or 1 with multi_label=True).")
        extra = clean(
            {
                "candidate_labels": labels,
                "multi_label": multi_label,
                "hypothesis_template": hypothesis_template,
            }
        )
        return json_job(
            "zero-shot-classification",
            model,
            _body(text, parameters, extra),
            lambda reply: parse_zero_shot(reply_json(reply, "zero-shot-classification")),
        )

    @task_method
    def fill_mask(
        self,
        text: str,
        model: str | None = None,
        *,
        top_k: int | None = None,
        targets: list[str] | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> Job[list[FillMaskOutput]]:
        """Fill the mask token of a text: `[{"sequence", "score", "token", "token_str"}]`."""
        _require_text(text)
        extra = clean({"top_k": top_k, "targets": targets})
        return json_job(
            "fill-mask",
            model,
            _body(text, parameters, extra),
            lambda reply: parse_fill_mask(reply_json(reply, "fill-mask")),
        )

    @task_method
    def question_answering(
        self,
        question: str,
        context: str,
        model: str | None = None,
        *,
        top_k: int | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> Job[QuestionAnsweringOutput]:
        """Extract the answer to a question from a context: `{"answer", "score", "start", "end"}`
        (a list of those when `top_k` > 1)."""
        _require_text(question, "question")
        _require_text(context, "context")
        extra = clean({"top_k": top_k})
        body = _body({"question": question, "context": context}, parameters, extra)
        return json_job(
            "question-answering",
            model,
            body,
            lambda reply: parse_question_answering(reply_json(reply, "question-answering"), top_k),
        )

    @task_method
    def table_question_answering(
        self,
        table: dict[str, Any],
        query: str,
        model: str | None = None,
        *,
        parameters: dict[str, Any] | None = None,
    ) -> Job[TableQuestionAnsweringOutput]:
        """Answer a question about a table (dict of column → cells):
        `{"answer", "coordinates", "cells", "aggregator"}`."""
        _require_text(query, "query")
        body = _body({"query": query, "table": _table_as_strings(table)}, parameters, None)
        return json_job(
            "table-question-answering",
            model,
            body,
            lambda reply: parse_table_question_answering(
                reply_json(reply, "table-question-answering")
            ),
        )

    @task_method
    def summarization(
        self,
        text: str,
        parameters: dict[str, Any] | None = None,
        model: str | None = None,
    ) -> Job[str]:
        """Summarize a text. Returns the summary."""
        _require_text(text)
        return json_job(
            "summarization",
            model,
            _body(text, parameters, None),
            lambda reply: _text_field(
                reply_json(reply, "summarization"), "summary_text", "summarization"
            ),
        )

    @task_method
    def translation(
        self,
        text: str,
        model: str | None = None,
        *,
        src_lang: str | None = None,
        tgt_lang: str | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> Job[str]:
        """Translate a text. Multilingual models need both `src_lang` and `tgt_lang`."""
        _require_text(text)
        if (src_lang is None) != (tgt_lang is None):
            raise ValidationError("Give both `src_lang` and `tgt_lang`, or neither.")
        extra = clean({"src_lang": src_lang, "tgt_lang": tgt_lang})
        return json_job(
            "translation",
            model,
            _body(text, parameters, extra),
            lambda reply: _text_field(
                reply_json(reply, "translation"), "translation_text", "translation"
            ),
        )

    @task_method
    def conversational(
        self,
        text: str,
        generated_responses: list[str] | None = None,
        past_user_inputs: list[str] | None = None,
        parameters: dict[str, Any] | None = None,
        model: str | None = None,
    ) -> Job[ConversationalOutput]:
        """Legacy conversational pipeline (DialoGPT-style); prefer `chat_completion`."""
        _require_text(text)
        inputs = {
            "text": text,
            "generated_responses": list(generated_responses or []),
            "past_user_inputs": list(past_user_inputs or []),
        }
        return json_job(
            "conversational",
            model,
            _body(inputs, parameters, None),
            _conversation,
        )


def _conversation(reply: Reply) -> ConversationalOutput:
    data = unwrap_single(reply_json(reply, "conversational"))
    if not isinstance(data, Mapping) or "generated_text" not in data:
        raise ResponseFormatError(f"Expected {{generated_text, conversation}}, got {data!r:.200}")
    return ConversationalOutput.parse(data)
