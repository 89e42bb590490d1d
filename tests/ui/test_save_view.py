"""Save a compared side as a test: the YAML shown, edited, saved into a suite that runs."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from playground.assets import asset
from playground.qa.runner import RunOptions, run_suite
from playground.qa.save import save_test
from playground.qa.suite import SuiteError, load_suite
from playground.ui.qa_sides import plan_call, run_sides
from playground.ui.save_view import parse_test, run_yaml, suite_path
from playground.ui.settings import Settings
from playground.ui.target import ClientFactory, TargetChoice


@pytest.mark.anyio
async def test_a_side_becomes_an_editable_test_that_passes(
    fake_server: str, tmp_path: Path
) -> None:
    transport = httpx.AsyncHTTPTransport()
    factory = ClientFactory(Settings(hf_endpoint=fake_server), None, transport)
    models = ["fake/object-detection", "", "", ""]
    plan = plan_call(
        "object-detection", {"image": str(asset("cat.jpg"))}, "", 1, ["hf"] * 4, models
    )
    try:
        (run,) = await run_sides(factory, plan, TargetChoice(kind="hf"))
    finally:
        await transport.aclose()
    assert run.ok, run.sentence
    text = run_yaml(plan, run)
    assert "boxes:" in text and "fake/object-detection" in text
    test = parse_test(text.replace("name: ", "name: edited\n_was: ", 1).replace("_was: ", "# ", 1))
    assert test.name == "edited"
    saved = save_test(test, tmp_path / "mine.yaml")
    suite = load_suite(saved)
    assert suite.tests[0].input["image"].startswith("media/")
    report = run_suite(suite, RunOptions(target=fake_server))
    assert report.ok, [r.reasons for r in report.results]


def test_bad_yaml_and_paths_say_what_is_wrong() -> None:
    with pytest.raises(SuiteError, match="not valid YAML"):
        parse_test("name: [")
    with pytest.raises(SuiteError, match="needs a `task`"):
        parse_test("name: x")
    with pytest.raises(SuiteError, match="end in"):
        suite_path("/etc/passwd")


def test_public_mode_writes_no_file(tmp_path: Path) -> None:
    from playground.ui.save_view import PUBLIC_REFUSAL, _handlers

    prepare, save = _handlers(public=True)
    target = tmp_path / "x.yaml"
    assert save("name: x\ntask: text-classification\ninput: {text: hi}", str(target)) == (
        PUBLIC_REFUSAL
    )
    assert prepare(None, 1)[1] == PUBLIC_REFUSAL and not target.exists()
