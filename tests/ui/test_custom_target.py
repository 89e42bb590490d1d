"""The custom target's rule, against the fake server's TGI, TEI, OpenAI-compatible and
hf-inference routes over loopback: the endpoint URL is the server; the model box names a model
on that server (or is empty); a bare base URL is asked what it is, so a call goes to the right
route; nothing silently goes to another host. And Test connection says what answered."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import pytest

from playground.client import InputError
from playground.tasks import TASKS
from playground.ui.probe import probe_target
from playground.ui.settings import Settings
from playground.ui.target import ClientFactory, TargetChoice

pytestmark = pytest.mark.anyio


@pytest.fixture
def fake(fake_server: str) -> str:
    httpx.post(f"{fake_server}/_fake/reset").raise_for_status()
    return fake_server


@pytest.fixture
async def factory(fake: str) -> AsyncIterator[ClientFactory]:
    transport = httpx.AsyncHTTPTransport()
    yield ClientFactory(Settings(hf_endpoint=fake), None, transport=transport)
    await transport.aclose()


def posted(fake: str) -> list[dict[str, Any]]:
    requests = httpx.get(f"{fake}/_fake/requests").json()
    return [request for request in requests if request["method"] == "POST"]


async def call(
    factory: ClientFactory, target: TargetChoice, task: str, *args: Any, box: str = ""
) -> Any:
    model = factory.model_for(TASKS[task], target, box)
    factory.check(target, model)
    target = await factory.identified(target, model)
    async with factory.client(target) as client:
        return await getattr(client, TASKS[task].method)(*args, model=model)


async def test_a_bare_tgi_url_is_asked_and_generation_goes_to_generate(
    fake: str, factory: ClientFactory
) -> None:
    custom = TargetChoice(kind="custom", url=f"{fake}/tgi")
    assert (await factory.identified(custom, None)).family == "tgi"
    text = await call(factory, custom, "text-generation", "Hi", box="")
    assert text
    assert [request["path"] for request in posted(fake)] == ["/tgi/generate"]


async def test_a_model_id_names_a_model_on_an_openai_server(
    fake: str, factory: ClientFactory
) -> None:
    custom = TargetChoice(kind="custom", url=f"{fake}/openai")
    messages = [{"role": "user", "content": "Hi"}]
    reply = await call(factory, custom, "chat-completion", messages, box="fake-model")
    assert reply.choices[0].message.content
    (request,) = posted(fake)
    assert request["path"] == "/openai/v1/chat/completions"
    assert request["json"]["model"] == "fake-model"


async def test_a_model_id_on_an_hf_style_server_uses_its_models_route(
    fake: str, factory: ClientFactory
) -> None:
    custom = TargetChoice(kind="custom", url=fake, family="endpoint")
    labels = await call(
        factory, custom, "text-classification", "I love it", box="fake/text-classification"
    )
    assert labels[0].label == "POSITIVE"
    assert [request["path"] for request in posted(fake)] == ["/models/fake/text-classification"]


async def test_a_model_url_on_another_host_is_refused(fake: str, factory: ClientFactory) -> None:
    custom = TargetChoice(kind="custom", url=f"{fake}/tgi")
    other = fake.replace("127.0.0.1", "localhost") + "/tgi"
    with pytest.raises(InputError, match="another server"):
        factory.check(custom, other)
    factory.check(custom, f"{fake}/tgi/generate")  # the same server: fine


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/tgi", "TGI"),
        ("/tei", "TEI"),
        ("/openai", "OpenAI-compatible server serving **fake-model**"),
        ("/openai/v1", "OpenAI-compatible"),
    ],
)
async def test_test_connection_says_what_answered(
    fake: str, factory: ClientFactory, path: str, says: str
) -> None:
    report = await probe_target(factory, TargetChoice(kind="custom", url=f"{fake}{path}"))
    assert report.startswith("✓ Reachable") and says in report, report


async def test_test_connection_on_the_hf_target_and_a_dead_url(
    fake: str, factory: ClientFactory
) -> None:
    report = await probe_target(factory, TargetChoice(kind="hf"))
    assert "Hugging Face reachable" in report
    dead = await probe_target(
        factory, replace(TargetChoice(kind="custom"), url="http://127.0.0.1:9")
    )
    assert dead.startswith("⚠") and "connection refused" in dead


async def test_a_full_url_with_a_query_is_used_as_given_not_asked(
    fake: str, factory: ClientFactory
) -> None:
    """Probing `{url}/info` would glue the path onto the query string (and make an extra
    request to a server the visitor named)."""
    custom = TargetChoice(kind="custom", url=f"{fake}/models/fake/text-classification?x=1")
    assert (await factory.identified(custom, None)).family == "auto"
    httpx.post(f"{fake}/_fake/reset")
    assert await call(factory, custom, "text-classification", "I love it")
    assert [request["path"] for request in httpx.get(f"{fake}/_fake/requests").json()] == [
        "/models/fake/text-classification"
    ]
