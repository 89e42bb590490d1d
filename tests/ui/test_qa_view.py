"""The QA tab as built: next to the task groups, and in public mode what writes files or
loads a target beyond the visitor's fair share is off."""

from __future__ import annotations

import asyncio
from typing import Any

from playground.ui.app import create_app
from playground.ui.settings import Settings


def by_id(settings: Settings) -> dict[str, Any]:
    """The app's blocks by elem_id (built inside a running loop, so Gradio leaks no loop)."""

    async def build() -> Any:
        return create_app(settings)

    app = asyncio.run(build())
    return {block.elem_id: block for block in app.blocks.values() if block.elem_id}


def test_the_qa_tab_sits_next_to_the_groups_and_its_views_are_there() -> None:
    blocks = by_id(Settings(local_server=False))
    assert {"tab-qa", "qa-run", "qa-repeat", "qa-sweep", "qa-make-test", "qa-suite-run"} <= set(
        blocks
    )
    assert blocks["qa-sweep"].interactive is not False
    assert blocks["qa-save-test"].interactive is not False


def test_public_mode_turns_off_sweeps_saving_and_suites() -> None:
    blocks = by_id(Settings(local_server=False, public=True))
    for name in ("qa-sweep", "qa-locust", "qa-make-test", "qa-save-test", "qa-suite-run"):
        assert blocks[name].interactive is False, name
    assert blocks["qa-run"].interactive is not False  # compare stays, within the fair share
    assert "public demo" in blocks["qa-sweep-report"].value
