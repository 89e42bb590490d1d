"""Permalinks: what they carry, and what they never do (a token, a private URL in public mode)."""

from __future__ import annotations

import base64

import pytest

from playground.client import InputError
from playground.ui.permalink import LinkState, make_query, read_query

STATE = LinkState(
    "text-classification",
    3,
    ["I love it", "", ""],
    '{"top_k": 2}',
    [("local", "local/vader-sentiment"), ("hf", "org/model"), ("custom", "http://10.0.0.5:8080")],
)


def value(query: str) -> str:
    assert query.startswith("?qa=")
    return query[4:]


def test_a_link_round_trips_the_comparison() -> None:
    opened = read_query(value(make_query(STATE, public=False)), public=False)
    assert opened == STATE


def test_public_mode_keeps_private_urls_out_of_links_both_ways() -> None:
    query = make_query(STATE, public=True)
    assert "10.0.0.5" not in base64.urlsafe_b64decode(value(query) + "===").decode()
    made_privately = value(make_query(STATE, public=False))
    opened = read_query(made_privately, public=True)
    assert opened.sides[2] == ("hf", "") and opened.dropped == 1


def test_no_token_can_reach_a_link() -> None:
    assert "token" not in LinkState.__dataclass_fields__  # nothing to carry one in


@pytest.mark.parametrize("bad", ["!!!", "e30", "x" * 9000])
def test_damaged_or_foreign_links_are_refused(bad: str) -> None:
    with pytest.raises(InputError):
        read_query(bad, public=False)


def test_an_unknown_task_or_kind_does_not_pass() -> None:
    evil = LinkState("chat-completion", 2, [], "", [("ftp", "x")])
    with pytest.raises(InputError, match="task"):
        read_query(value(make_query(evil, public=False)), public=False)
    odd = LinkState("summarization", 99, ["t"], "", [("ftp", "x")])
    opened = read_query(value(make_query(odd, public=False)), public=False)
    assert opened.count == 2 and opened.sides == [("local", "x")]
