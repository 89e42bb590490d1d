"""The fake server's lifecycle routes, driven over real loopback."""

from __future__ import annotations

import re
import time

import httpx
import pytest

from tests.fakes import create_app, serving

from .helpers import png

# -- server lifecycle and request log -------------------------------------------------------------


def test_serving_starts_fast_and_stops() -> None:
    app = create_app()
    start = time.monotonic()
    with serving(app) as url:
        assert time.monotonic() - start < 1.0
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        assert httpx.get(f"{url}/tgi/health").status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/tgi/health", timeout=1)


def test_request_log_records_and_resets(client: httpx.Client) -> None:
    headers = {"Authorization": "Bearer hf_abc", "X-Custom": "1"}
    client.post("/models/fake/text-classification?x=1", json={"inputs": "hi"}, headers=headers)
    client.post("/models/fake/image-classification", content=png())
    log = client.get("/_fake/requests").json()
    assert [r["path"] for r in log] == [
        "/models/fake/text-classification",
        "/models/fake/image-classification",
    ]
    first, second = log
    assert first["method"] == "POST"
    assert first["query"] == "x=1"
    assert first["headers"]["authorization"] == "Bearer hf_abc"
    assert first["headers"]["x-custom"] == "1"
    assert first["json"] == {"inputs": "hi"}
    assert second["json"] is None
    assert second["body_size"] == len(png())
    assert "content-type" not in second["headers"]
    assert client.post("/_fake/reset").json() == {"reset": True}
    assert client.get("/_fake/requests").json() == []


def test_every_response_has_a_request_id(client: httpx.Client) -> None:
    response = client.get("/tgi/info")
    assert re.fullmatch(r"fake-\d{6}", response.headers["x-request-id"])
