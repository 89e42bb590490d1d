"""Which token goes where for each target kind, default models, and public-mode URL checks."""

from __future__ import annotations

import pytest

from playground.client import InputError
from playground.tasks import TASKS
from playground.ui.settings import Settings
from playground.ui.target import ClientFactory, TargetChoice, check_public_url

SPEC = TASKS["text-classification"]


def credential(factory: ClientFactory, target: TargetChoice):  # type: ignore[no-untyped-def]
    return factory.client(target)._config.credential


def test_visitor_token_on_hf_stays_on_hf_hosts() -> None:
    factory = ClientFactory(Settings(hf_token="hf_host"), None)
    visitor = credential(factory, TargetChoice(kind="hf", token="hf_visitor"))
    assert visitor.value == "hf_visitor"
    assert not visitor.explicit
    host = credential(factory, TargetChoice(kind="hf"))
    assert host.value == "hf_host"
    assert not host.explicit
    assert host.source == "host"


def test_custom_url_gets_a_token_only_when_asked() -> None:
    factory = ClientFactory(Settings(hf_token="hf_host"), None)
    assert credential(factory, TargetChoice(kind="custom", url="http://x", token="t")) is None
    sent = credential(
        factory, TargetChoice(kind="custom", url="http://x", token="t", send_token=True)
    )
    assert sent.value == "t"
    assert sent.explicit
    assert credential(factory, TargetChoice(kind="custom", url="http://x", send_token=True)) is None


def test_local_target_never_sends_a_token() -> None:
    factory = ClientFactory(Settings(hf_token="hf_host"), "http://127.0.0.1:1")
    assert credential(factory, TargetChoice(kind="local", token="hf_visitor")) is None


def test_default_models_per_target() -> None:
    factory = ClientFactory(Settings(), "http://127.0.0.1:1")
    assert factory.model_for(SPEC, TargetChoice(kind="local"), "") == SPEC.local_model
    assert factory.model_for(SPEC, TargetChoice(kind="hf"), None) == SPEC.hub_models[0]
    assert factory.model_for(SPEC, TargetChoice(kind="hf"), " org/model ") == "org/model"
    assert factory.model_for(SPEC, TargetChoice(kind="custom", url="http://e"), "") == "http://e"


def test_a_task_without_a_local_model_is_refused_on_the_local_target() -> None:
    """The client's recommended Hub model would only 404 on the local server."""
    factory = ClientFactory(Settings(), "http://127.0.0.1:1")
    model = factory.model_for(TASKS["text-to-image"], TargetChoice(kind="local"), "")
    with pytest.raises(InputError, match="No local model does this task"):
        factory.check_call(TargetChoice(kind="local"), model)
    factory.check(TargetChoice(kind="local"), None)  # Test connection asks the server, no model


def test_checks_before_sending() -> None:
    with pytest.raises(InputError, match="local server is not running"):
        ClientFactory(Settings(), None).check(TargetChoice(kind="local"), "local/x")
    with pytest.raises(InputError, match="endpoint URL"):
        ClientFactory(Settings(), None).check(TargetChoice(kind="custom"), None)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080",
        "http://localhost/x",
        "http://10.1.2.3",
        "http://169.254.169.254/latest",
        "http://[::1]:80",
        "http://0.0.0.0:80",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[64:ff9b::7f00:1]/",
        "http://[2002:7f00:1::1]/",
        "http://[::127.0.0.1]/",
        "http://[fe80::1]/",
        "http://100.64.0.1/",
        "http://2130706433/",
        "ftp://x",
    ],
)
def test_public_mode_refuses_private_addresses(url: str) -> None:
    with pytest.raises(InputError):
        check_public_url(url)
    factory = ClientFactory(Settings(public=True), None)
    with pytest.raises(InputError):
        factory.check(TargetChoice(kind="custom", url=url), url)


def test_empty_number_boxes_send_nothing_and_bad_numbers_are_refused() -> None:
    from playground.tasks.spec import Param
    from playground.ui.components import param_component, param_value

    top_k = Param("top_k", "Top k", "int", minimum=1)
    assert param_value(top_k, "") is None
    assert param_value(top_k, " 3 ") == 3
    for bad in ("0", "2.5", "many"):
        with pytest.raises(InputError, match="Top k"):
            param_value(top_k, bad)
    assert param_component(top_k, "t").placeholder == "server default (≥ 1)"


def test_oversized_target_boxes_are_refused_without_echoing_them() -> None:
    factory = ClientFactory(Settings(), "http://127.0.0.1:1")
    with pytest.raises(InputError, match="model box holds 5,000 characters"):
        factory.check(TargetChoice(kind="local"), "m" * 5000)
    with pytest.raises(InputError, match="token box") as caught:
        factory.check(TargetChoice(kind="hf", token="hf_" + "x" * 600), "org/model")
    assert "xxxx" not in str(caught.value)
