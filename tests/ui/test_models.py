"""The model box's choices: every local model of a task with its description, the ones not
installed marked; the Hub suggestions on Hugging Face; nothing on a custom URL."""

from __future__ import annotations

from dataclasses import replace

import pytest

from playground.local.catalog import MODELS
from playground.tasks import TASKS
from playground.tasks.spec import TaskSpec
from playground.ui.models import LocalModel, default_local_model, local_models, model_choices


def catalog_ids(task: str) -> list[str]:
    names = {task, "conversational"} if task == "chat-completion" else {task}
    return [model.id for model in MODELS if names.intersection(model.tasks)]


@pytest.mark.parametrize("spec", TASKS.values(), ids=lambda spec: spec.id)
def test_every_local_model_of_a_task_is_offered_with_its_description(spec: TaskSpec) -> None:
    choices, default = model_choices(spec, "local")
    assert [value for _, value in choices] == catalog_ids(spec.id)
    descriptions = {model.id: model for model in MODELS}
    for label, value in choices:
        model = descriptions[value]
        assert label.startswith(f"{value} — {model.description}")
        assert label.endswith("(not installed)") == (model.missing() is not None)
    assert (default is None) == (not choices)
    own = descriptions.get(spec.local_model or "")
    if own is not None and own.missing() is None:
        assert default == spec.local_model
    elif choices:
        assert default in [value for _, value in choices]


def test_tasks_with_several_local_models_list_them_all() -> None:
    assert {"local/vader-sentiment", "local/langid"} <= set(catalog_ids("text-classification"))
    values = [value for _, value in model_choices(TASKS["text-classification"], "local")[0]]
    assert {"local/vader-sentiment", "local/langid"} <= set(values)


def test_chat_lists_the_conversational_model() -> None:
    values = [value for _, value in model_choices(TASKS["chat-completion"], "local")[0]]
    assert TASKS["chat-completion"].local_model in values


def test_a_model_not_installed_is_marked_with_what_to_install() -> None:
    model = LocalModel("local/x", "A model.", "x not installed: pip install x")
    assert not model.installed
    assert model.label == "local/x — A model. (not installed)"
    assert LocalModel("local/y", "Another.").label == "local/y — Another."


def test_the_default_is_the_tasks_own_when_installed_else_the_first_installed() -> None:
    spec = replace(TASKS["automatic-speech-recognition"], local_model="local/big")
    big = LocalModel("local/big", "Big.", "big not installed: pip install big")
    small = LocalModel("local/small", "Small.")
    other = LocalModel("local/other", "Other.")
    assert default_local_model(spec, [big, small, other]) == small
    assert default_local_model(spec, [small, replace(big, missing=None)]).id == "local/big"
    assert default_local_model(spec, [big]) == big  # it then says what to install
    assert default_local_model(spec, []) is None


def test_hugging_face_suggestions_and_nothing_on_a_custom_url() -> None:
    spec = TASKS["text-classification"]
    choices, default = model_choices(spec, "hf")
    assert [value for _, value in choices] == list(spec.hub_models)
    assert default == spec.hub_models[0]
    assert model_choices(spec, "custom") == ([], None)


def test_local_models_reads_the_catalog_as_it_is_now() -> None:
    for task in ("feature-extraction", "sentence-similarity"):
        assert "local/e5-small" in [model.id for model in local_models(task)]
