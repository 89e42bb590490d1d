"""Which local models a tab offers: every model of its task, the installed ones first, the
others marked; the default is the first one installed here."""

from __future__ import annotations

import pytest

from playground.local.spec import ModelSpec
from playground.tasks import common


def _spec(model_id: str, module: str) -> ModelSpec:
    return ModelSpec(
        id=model_id,
        tasks=("automatic-speech-recognition",),
        package=module,
        description=f"{model_id} model.",
        licence="MIT",
        size_mb=1,
        load_seconds=0.1,
        load=object,
        install="pip install it",
        modules=(module,),
    )


@pytest.fixture
def catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    specs = (_spec("local/big", "playground_no_such_module"), _spec("local/small", "json"))
    monkeypatch.setattr(common, "_catalog", lambda: specs)


@pytest.mark.usefixtures("catalog")
def test_an_installed_model_comes_before_a_missing_one() -> None:
    assert common.local_models("automatic-speech-recognition") == [
        ("local/small", "local/small model."),
        ("local/big", "local/big model. (not installed here)"),
    ]
    assert common.local_model("automatic-speech-recognition") == "local/small"
    assert common.local_models("fill-mask") == []
    assert common.local_model("fill-mask") is None


def test_with_nothing_installed_the_default_is_the_first_in_the_catalog(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    specs = (_spec("local/a", "playground_missing_a"), _spec("local/b", "playground_missing_b"))
    monkeypatch.setattr(common, "_catalog", lambda: specs)
    assert common.local_model("automatic-speech-recognition") == "local/a"


def test_the_real_catalog_offers_the_chat_model_to_the_chat_tab() -> None:
    ids = [model_id for model_id, _ in common.local_models("chat-completion")]
    assert ids == ["local/smollm2-135m-instruct"]
    assert {m for m, _ in common.local_models("text-to-speech")} >= {
        "local/piper-joe",
        "local/espeak-ng",
    }
