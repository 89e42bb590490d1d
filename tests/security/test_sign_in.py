"""Sign in with Hugging Face, as on a Space with `hf_oauth: true`: the app runs as the Space
image runs it (a subprocess, SYSTEM=spaces, Gradio's real OAuth routes) against a fake OpenID
provider; Chromium clicks the button, signs in, runs a call. The visitor's own token is used
instead of the host's, and never shows in the page."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from playground.tasks import TASKS
from tests.e2e.browser import ARGS, CHROMIUM, choose_target, open_tab
from tests.fakes import serving
from tests.fakes.oauth import ACCESS_TOKEN_PREFIX, USER, create_oauth_app
from tests.security.harness import HOST_TOKEN, free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
SPEC = TASKS["text-classification"]
SHOTS = ROOT / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with serving(create_oauth_app()) as issuer:
        yield issuer


def _wait_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError("the app did not start")


@pytest.fixture(scope="module")
def space(
    provider: str, fake_server: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The app started the way a Space starts it, with OAuth configured."""
    port = free_port()
    log = tmp_path_factory.mktemp("space") / "app.log"
    env = {
        **os.environ,
        "SYSTEM": "spaces",
        "SPACE_ID": "tests/playground",
        "OAUTH_CLIENT_ID": "playground-tests",
        "OAUTH_CLIENT_SECRET": "not-a-real-secret",
        "OAUTH_SCOPES": "openid profile inference-api",
        "OPENID_PROVIDER_URL": provider,
        "HF_TOKEN": HOST_TOKEN,
        "HF_INFERENCE_ENDPOINT": fake_server,
        "PLAYGROUND_NO_LOCAL": "1",
    }
    command = [sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_up(f"http://127.0.0.1:{port}/", process)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert HOST_TOKEN not in log.read_text(errors="replace")


def _authorizations(fake: str) -> list[str | None]:
    requests = httpx.get(f"{fake}/_fake/requests").json()
    return [r["headers"].get("authorization") for r in requests if "/models/" in r["path"]]


def _run(page: Any) -> str:
    page.locator(f"#{SPEC.api_name}-run").click()
    status = page.locator(f"#{SPEC.api_name}-status")
    status.locator(".status-ok, .status-error").wait_for(timeout=60_000)
    return str(status.inner_text())


def test_a_signed_in_visitor_spends_their_own_token(
    space: str, provider: str, fake_server: str
) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (scripts/install dev installs it)")
    from playwright.sync_api import sync_playwright

    httpx.post(f"{fake_server}/_fake/reset").raise_for_status()
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.goto(space, wait_until="domcontentloaded")
        login = page.locator("#target-login")
        login.wait_for(timeout=60_000)
        open_tab(page, SPEC)
        choose_target(page, SPEC, local=False)
        before = _run(page)  # not signed in: the host's token
        login.click()
        page.wait_for_url(f"{space}**", timeout=60_000)
        page.get_by_text(USER["preferred_username"]).first.wait_for(timeout=60_000)
        open_tab(page, SPEC)
        choose_target(page, SPEC, local=False)
        after = _run(page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "security-signed-in.png"), full_page=False)
        html = page.content()
        browser.close()
    issued = httpx.get(f"{provider}/_fake/issued").json()
    assert "✓" in before and "✓" in after, (before, after)
    assert len(issued) == 1 and issued[0].startswith(ACCESS_TOKEN_PREFIX)
    assert _authorizations(fake_server) == [f"Bearer {HOST_TOKEN}", f"Bearer {issued[0]}"]
    assert issued[0] not in html and HOST_TOKEN not in html
