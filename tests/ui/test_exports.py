"""A run exported as HAR and as a curl script, from real exchanges with the fake server."""

from __future__ import annotations

import base64
import json
import re

from playground.client import InferenceClient, capture_exchanges
from playground.ui.exports import curl_script, export_links, har_log


def exchanges(fake_server: str) -> list:
    with (
        capture_exchanges() as found,
        InferenceClient(token="hf_secret_token", inference_endpoint=fake_server) as client,
    ):
        client.text_classification("I love it", model="fake/text-classification")
    return list(found)


def test_har_holds_the_request_and_response_but_never_the_token(fake_server: str) -> None:
    log = har_log(exchanges(fake_server))["log"]
    (entry,) = log["entries"]
    assert log["version"] == "1.2" and entry["response"]["status"] == 200
    assert json.loads(entry["request"]["postData"]["text"])["inputs"] == "I love it"
    assert entry["time"] >= entry["timings"]["wait"] > 0
    assert "hf_secret_token" not in json.dumps(log)


def test_links_carry_the_files_as_data_uris(fake_server: str) -> None:
    found = exchanges(fake_server)
    links = export_links(found, "text-classification")
    uris = re.findall(r"href='data:[^;]+;base64,([^']+)'", links)
    har, script = (base64.b64decode(uri).decode() for uri in uris)
    assert json.loads(har)["log"]["entries"] and script == curl_script(found)
    assert "curl " in script and "$HF_TOKEN" in script and "hf_secret_token" not in script
    assert export_links([], "x") == ""


def test_media_bodies_are_described_not_carried(fake_server: str) -> None:
    from playground.assets import asset

    with capture_exchanges() as found, InferenceClient(inference_endpoint=fake_server) as client:
        client.object_detection(asset("portrait.jpg"), model="fake/object-detection")
    (entry,) = har_log(found)["log"]["entries"]
    assert "not included" in entry["request"]["postData"]["comment"]
    assert "text" not in entry["request"]["postData"]
    assert len(export_links(found, "object-detection")) < 8_000
