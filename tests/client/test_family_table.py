"""The family table: every family has an adapter, each adapts bodies its own way (pure)."""

from __future__ import annotations

import pytest

from playground.client.families import FAMILIES, Family, adapter_for


def test_every_family_has_one_adapter() -> None:
    assert set(FAMILIES) == set(Family)
    assert len({type(adapter) for adapter in FAMILIES.values()}) == len(Family)


def test_no_route_is_claimed_by_two_families() -> None:
    claims = [(route, family) for family, a in FAMILIES.items() for route in a.routes]
    for route, family in claims:
        owners = [f for f, adapter in FAMILIES.items() if adapter.base_path(route) is not None]
        assert owners == [family], route


@pytest.mark.parametrize(
    ("family", "expected"),
    [
        (Family.HF, {"inputs": "hi", "normalize": True}),
        (Family.TEI, {"inputs": "hi", "normalize": True}),
        (Family.OPENAI, {"input": "hi", "model": "m"}),
    ],
)
def test_embedding_bodies(family: Family, expected: dict[str, object]) -> None:
    assert adapter_for(family).embedding_body("hi", {"normalize": True}, "m") == expected


def test_generation_bodies_say_stream_where_the_route_does_not() -> None:
    params = {"max_new_tokens": 5, "seed": None}
    hf = adapter_for(Family.HF).generation_body("p", params, None, stream=True)
    tgi = adapter_for(Family.TGI).generation_body("p", params, None, stream=True)
    openai = adapter_for(Family.OPENAI).generation_body("p", params, "m", stream=True)
    assert hf["stream"] is True and "stream" not in tgi
    sent = {"max_new_tokens": 5, "return_full_text": False, "do_sample": False}
    assert hf["parameters"] == tgi["parameters"] == sent
    assert openai == {"model": "m", "prompt": "p", "max_tokens": 5, "stream": True}
    assert adapter_for(Family.OPENAI).generation_ignores({"watermark": True}) == {"watermark"}
    assert adapter_for(Family.TGI).generation_ignores({"watermark": True}) == set()


def test_json_schema_becomes_tgi_grammar_except_on_openai_servers() -> None:
    schema = {"type": "json_schema", "json_schema": {"schema": {"type": "object"}}}
    grammar = {"type": "json", "value": {"type": "object"}}
    assert adapter_for(Family.TGI).chat_response_format(schema) == grammar
    assert adapter_for(Family.HF).chat_response_format(schema) == grammar
    assert adapter_for(Family.OPENAI).chat_response_format(schema) is schema


def test_ollama_native_routes_are_no_known_family() -> None:
    assert all(a.base_path("/api/generate") is None for a in FAMILIES.values())
    assert adapter_for(Family.TGI).base_path("/x/generate") == "/x"
