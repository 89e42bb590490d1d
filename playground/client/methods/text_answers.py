"""Extractive question answering, on a text or on a table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ResponseFormatError, ValidationError
from ..method import task_method
from ..plan import Job
from ..types import QuestionAnsweringOutput, TableQuestionAnsweringOutput
from .job_shapes import (
    clean,
    inputs_body,
    json_job,
    list_of,
    reply_json,
    require_text,
    unwrap_single,
)

__all__ = ["AnswerMethods", "parse_question_answering", "parse_table_question_answering"]


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


def _table_as_strings(table: Mapping[str, Any]) -> dict[str, list[str]]:
    if not isinstance(table, Mapping) or not table:
        raise ValidationError("`table` must be a non-empty dict of column name → list of cells.")
    columns = {str(name): [str(cell) for cell in cells] for name, cells in table.items()}
    lengths = {len(cells) for cells in columns.values()}
    if len(lengths) != 1:
        raise ValidationError("Every column of `table` must have the same number of cells.")
    return columns


class AnswerMethods:
    """Task methods that find an answer in a given text or table."""

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
        """Find the answer to a question in a context (extractive: a span of `context`).

        Args:
            question: the question.
            context: the text that holds the answer.
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            top_k: how many answers to return; above 1 the result is a list.
            parameters: more task parameters, sent as given (the named ones win).

        Returns:
            `QuestionAnsweringOutput`: `{"answer", "score", "start", "end"}` (character
            offsets into `context`), or a list of those, best first, when `top_k` > 1.

        Raises:
            ValidationError: `question` or `context` is empty (nothing is sent).
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply holds no answer.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> client.question_answering("What's my name?", "My name is Clara.")
            {'score': 0.9327, 'start': 11, 'end': 16, 'answer': 'Clara'}
        """
        require_text(question, "question")
        require_text(context, "context")
        extra = clean({"top_k": top_k})
        body = inputs_body({"question": question, "context": context}, parameters, extra)
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
        """Answer a question about a table.

        Args:
            table: the table as a dict of column name → list of cells, every column the same
                length (cells are sent as strings).
            query: the question, in plain language.
            model: a Hub model id or the URL of an endpoint; None uses the client's model or
                the task's recommended one.
            parameters: more task parameters, sent as given.

        Returns:
            `TableQuestionAnsweringOutput`: `{"answer", "coordinates", "cells",
            "aggregator"}`; `coordinates` are the `[row, column]` of the `cells` used and
            `aggregator` the operation applied (`SUM`, `COUNT`, ... or None).

        Raises:
            ValidationError: `query` is empty or `table` is not a rectangular dict of columns
                (nothing is sent).
            InferenceTimeoutError: the model was still loading, or the call timed out.
            HTTPError: the server answered an error; the exception carries its message.
            ResponseFormatError: the reply holds no answer.

        Example:
            >>> from playground.client import InferenceClient
            >>> client = InferenceClient()
            >>> table = {"Repository": ["Transformers", "Datasets"], "Stars": ["36542", "4512"]}
            >>> client.table_question_answering(table, "How many stars has Datasets?")
            {'answer': 'AVERAGE > 4512', 'coordinates': [[1, 1]], 'cells': ['4512'],
             'aggregator': 'AVERAGE'}
        """
        require_text(query, "query")
        body = inputs_body({"query": query, "table": _table_as_strings(table)}, parameters)
        return json_job(
            "table-question-answering",
            model,
            body,
            lambda reply: parse_table_question_answering(
                reply_json(reply, "table-question-answering")
            ),
        )
