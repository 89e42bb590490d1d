"""The Tasks overview: what each task does on each target, drawn as clickable rows."""

from __future__ import annotations

import re

from playground.tasks import TASKS
from playground.ui.models import default_local_model, local_models
from playground.ui.overview import OverviewTarget, overview_html, task_statuses

SPECS = list(TASKS.values())


def test_local_target_says_which_tasks_run_here_and_on_which_model() -> None:
    statuses = task_statuses(SPECS, OverviewTarget(kind="local"))
    assert [status.spec.id for status in statuses] == list(TASKS)
    for status in statuses:
        models = local_models(status.spec.id)
        default = default_local_model(status.spec, models)
        if default is None:
            assert status.state == "none"
            assert "Hugging Face" in status.note
        elif default.installed:
            assert (status.state, status.model) == ("ready", default.id)
        else:
            assert status.state == "missing"
            assert default.missing in status.note  # what to install
    ready = sum(status.state == "ready" for status in statuses)
    page = overview_html(statuses, OverviewTarget(kind="local"))
    assert f"{ready} of {len(SPECS)} tasks run here" in page


def test_local_target_without_its_server() -> None:
    statuses = task_statuses(SPECS, OverviewTarget(kind="local", local_running=False))
    assert {status.state for status in statuses} == {"none"}
    assert "not running" in statuses[0].note


def test_hugging_face_without_a_token_says_to_paste_one() -> None:
    statuses = task_statuses(SPECS, OverviewTarget(kind="hf"))
    assert {status.state for status in statuses} == {"token"}
    assert all("Needs a token" in status.note for status in statuses)
    page = overview_html(statuses, OverviewTarget(kind="hf"))
    assert "needs a token: paste a Hugging Face token in the target bar." in page
    assert "sign in" not in page


def test_sign_in_is_offered_only_where_it_exists() -> None:
    target = OverviewTarget(kind="hf", sign_in=True)
    page = overview_html(task_statuses(SPECS, target), target)
    assert "paste a Hugging Face token in the target bar, or sign in with Hugging Face" in page


def test_hugging_face_with_a_token_names_each_tasks_model() -> None:
    statuses = task_statuses(SPECS, OverviewTarget(kind="hf", has_token=True))
    for status in statuses:
        if status.spec.hub_models:
            assert (status.state, status.model) == ("ready", status.spec.hub_models[0])
        else:
            assert status.state == "depends"


def test_custom_url_depends_on_the_server() -> None:
    empty = task_statuses(SPECS, OverviewTarget(kind="custom"))
    assert all("Enter the endpoint URL" in status.note for status in empty)
    target = OverviewTarget(kind="custom", url="http://tgi.internal:8080/")
    statuses = task_statuses(SPECS, target)
    assert {status.state for status in statuses} == {"depends"}
    assert "tgi.internal:8080" in overview_html(statuses, target)


def test_every_task_is_a_row_that_names_it() -> None:
    target = OverviewTarget(kind="custom", url='http://x/<script>alert("x")</script>')
    page = overview_html(task_statuses(SPECS, target), target)
    rows = re.findall(r'<button type="button" class="task-row[^"]*" data-task="([^"]+)"', page)
    assert rows == [spec.id for group in _groups() for spec in group]
    assert "<script>" not in page
    for spec in SPECS:
        assert f'id="overview-{spec.api_name}"' in page


def _groups() -> list[list]:  # type: ignore[type-arg]
    from playground.tasks import GROUPS

    return [[spec for spec in SPECS if spec.group == group] for group in GROUPS]
