"""Bad values in the boxes every tab shares, through the API: the Timeout box (a word, zero,
negative, NaN, infinity), the extra-parameters JSON (deeply nested, huge), on a generic tab and
on the two streaming tabs (which take the page's raw values): one sentence each, no request."""

from __future__ import annotations

from typing import Any

import pytest
from gradio_client import Client

from playground.tasks import TASKS
from playground.ui.input_checks import MAX_EXTRA_CHARS, MAX_JSON_DEPTH
from tests.e2e.app_server import Running
from tests.ui.streaming_helpers import CHAT, GENERATION, param_defaults

from .helpers import assert_refused, requests_seen, run_tab, target

TEXT = TASKS["text-classification"]
BAD_TIMEOUTS: dict[str, Any] = {
    "word": "soon",
    "zero": 0,
    "negative": -5,
    "nan": "nan",
    "infinity": "inf",
    "minus-infinity": "-inf",
    "overflow": "1e999",
}
DEEP = "[" * 100_000 + "]" * 100_000
BAD_EXTRA = {
    "100k-deep": (DEEP, ("200,000 characters", f"{MAX_EXTRA_CHARS:,}-character limit")),
    "deep-but-short": (
        '{"a": ' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1),
        (f"more than {MAX_JSON_DEPTH} levels deep", "flatten"),
    ),
    "huge": ('{"a": "' + "x" * 1_000_000 + '"}', ("1,000,009 characters", "shorten")),
    "brackets-in-strings-are-text": (
        '{"a": "' + "[" * (MAX_JSON_DEPTH + 5) + '", "b": [}',
        ("must be a JSON object",),
    ),
}


def chat(api: Client, *, timeout: Any = 60, extra: str = "", message: str = "Hi") -> str:
    values = [*target(timeout), "fake/chat", message, [], "", *param_defaults(CHAT), extra]
    return str(api.predict(*values, api_name="/chat_completion")[2])


def generate(api: Client, *, timeout: Any = 60, extra: str = "", prompt: str = "Hi") -> str:
    values = [*target(timeout), "fake/gen", prompt, *param_defaults(GENERATION), extra]
    return str(api.predict(*values, api_name="/text_generation")[4])


@pytest.mark.parametrize("case", list(BAD_TIMEOUTS))
def test_a_bad_timeout_is_one_sentence_on_every_kind_of_tab(
    api: Client, guarded: Running, case: str
) -> None:
    timeout = BAD_TIMEOUTS[case]
    before = requests_seen(guarded.fake_url)
    for status in (
        run_tab(api, TEXT, timeout=timeout),
        chat(api, timeout=timeout),
        generate(api, timeout=timeout),
    ):
        assert_refused(status, "timeout must be a number of seconds", "e.g. 60")
    assert requests_seen(guarded.fake_url) == before


def test_an_empty_timeout_means_the_default(api: Client) -> None:
    status = run_tab(api, TEXT, timeout=None)
    assert "✓" in status, status


@pytest.mark.parametrize("case", list(BAD_EXTRA))
def test_bad_extra_parameters_are_one_sentence_on_every_kind_of_tab(
    api: Client, guarded: Running, case: str
) -> None:
    extra, phrases = BAD_EXTRA[case]
    before = requests_seen(guarded.fake_url)
    for status in (
        run_tab(api, TEXT, extra=extra),
        chat(api, extra=extra),
        generate(api, extra=extra),
    ):
        assert_refused(status, "Extra parameters", *phrases)
    assert requests_seen(guarded.fake_url) == before


def test_after_bad_values_the_next_call_works(api: Client) -> None:
    assert_refused(run_tab(api, TEXT, timeout="soon", extra=DEEP))
    assert "✓" in run_tab(api, TEXT, extra='{"top_k": 2}')


def test_test_connection_says_what_is_wrong_with_the_timeout(api: Client) -> None:
    for timeout in ("soon", -5):
        report = api.predict(*target(timeout), api_name="/test_connection")
        assert "The timeout must be a number of seconds" in report, report


def test_the_sentence_does_not_echo_what_was_typed(api: Client) -> None:
    status = run_tab(api, TEXT, timeout="hf_typed_into_the_wrong_box")
    assert_refused(status, "timeout must be a number of seconds")
    assert "hf_typed" not in status
