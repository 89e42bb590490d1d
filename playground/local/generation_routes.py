"""Text generation routes: TGI (`/generate`, `/generate_stream`, compat `/`) and OpenAI chat."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from .adapters.llm import (
    Engine,
    Generation,
    Sampling,
    Step,
    chat_messages,
    conversation_sampling,
    openai_sampling,
    tgi_sampling,
)
from .catalog import CHAT_MODEL
from .errors import BadInput, Unprocessable
from .manager import ModelManager
from .payload import Payload, from_json
from .threaded_sse import SSE_HEADERS, in_thread, sse

_YES, _NO = ("1", "true", "yes"), ("0", "false", "no")


def wants_wait(request: Request, body: object = None) -> bool | None:
    """True: hold until the model is loaded; False: answer 503 at once while it loads; None
    (not said): hold for the server's bound. The `x-wait-for-model` header, else the body's
    `options.wait_for_model: true`."""
    header = request.headers.get("x-wait-for-model", "").strip().lower()
    if header in _YES:
        return True
    if header in _NO:
        return False
    options = body.get("options") if isinstance(body, dict) else None
    if isinstance(options, dict) and options.get("wait_for_model") is True:
        return True
    return None


def chat_model_id(requested: object) -> str:
    """The model an OpenAI-style body names when it is a local one, else the local chat model."""
    return (
        requested if isinstance(requested, str) and requested.startswith("local/") else CHAT_MODEL
    )


class Run:
    """One generation: the prompt tokens, its sampling settings, and what it produced."""

    def __init__(self, manager: ModelManager, model_id: str, llm: Engine) -> None:
        self.manager, self.model_id, self.llm = manager, model_id, llm
        self.result = Generation()
        self.tokens: list[int] = []
        self.sampling = Sampling()

    async def prepare(self, prompt: str, sampling: Sampling) -> None:
        self.sampling = sampling
        self.tokens = await self.manager.run(self.model_id, self.llm.tokens, prompt, sampling)

    def steps(self, stop: threading.Event) -> Iterator[Step]:
        return self.llm.steps(self.tokens, self.sampling, self.result, stop)

    async def complete(self) -> Generation:
        await self.manager.run(self.model_id, lambda: list(self.steps(threading.Event())))
        return self.result

    def stream(self) -> AsyncIterator[Step]:
        return in_thread(self.steps, self.manager.limiter)


async def _start(request: Request, model_id: str, body: object) -> Run:
    manager: ModelManager = request.app.state.manager
    spec = manager.spec(model_id)
    if "text-generation" not in spec.tasks:
        raise BadInput(f"Model {model_id} is not a text-generation model")
    llm = await manager.acquire(model_id, wait=wants_wait(request, body))
    return Run(manager, model_id, llm)


# TGI ----------------------------------------------------------------------------------------


async def tgi_generate(
    request: Request, payload: Payload, model_id: str = CHAT_MODEL, compat: bool = False
) -> Response:
    prompt = payload.text()
    params = payload.parameters
    run = await _start(request, model_id, payload.body)
    await run.prepare(prompt, tgi_sampling(params))
    prefix = prompt if params.get("return_full_text") else ""
    if payload.body.get("stream") or request.url.path.endswith("/generate_stream"):
        events = _tgi_events(run, prefix, bool(params.get("details")))
        return StreamingResponse(events, media_type="text/event-stream", headers=SSE_HEADERS)
    result = await run.complete()
    output: dict[str, Any] = {"generated_text": prefix + result.text}
    if params.get("details"):
        output["details"] = _tgi_details(result) | {
            "prefill": [],
            "tokens": [_tgi_token(s) for s in result.tokens],
        }
    headers = {"x-generated-tokens": str(result.generated_tokens), "x-compute-type": "cpu"}
    return JSONResponse([output] if compat else output, headers=headers)


async def _tgi_events(run: Run, prefix: str, details: bool) -> AsyncIterator[str]:
    index = 0
    try:
        async for step in run.stream():
            index += 1
            event: dict[str, Any] = {
                "index": index,
                "token": _tgi_token(step),
                "generated_text": None,
                "details": None,
            }
            if step.finish_reason:
                event["generated_text"] = prefix + run.result.text
                if details:
                    event["details"] = _tgi_details(run.result) | {
                        "input_length": run.result.prompt_tokens
                    }
            yield sse(event)
    except Exception as exc:
        yield sse({"error": f"{type(exc).__name__}: {exc}", "error_type": "generation"})


def _tgi_token(step: Step) -> dict[str, Any]:
    return {"id": step.id, "text": step.text, "logprob": step.logprob, "special": step.special}


def _tgi_details(result: Generation) -> dict[str, Any]:
    return {
        "finish_reason": result.finish_reason,
        "generated_tokens": result.generated_tokens,
        "seed": result.seed,
    }


def tgi_info(request: Request) -> JSONResponse:
    return JSONResponse(
        {
            "model_id": CHAT_MODEL,
            "model_sha": None,
            "model_pipeline_tag": "text-generation",
            "max_concurrent_requests": 8,
            "max_best_of": 1,
            "max_stop_sequences": 4,
            "max_input_tokens": 1024,
            "max_total_tokens": 2048,
            "max_client_batch_size": 1,
            "validation_workers": 1,
            "router": "playground-local",
            "version": "local",
        }
    )


# The legacy conversational task (huggingface_hub 0.17 `conversational`) --------------------


async def conversational(request: Request, payload: Payload, model_id: str) -> Response:
    """`{"inputs": {"text", "past_user_inputs", "generated_responses"}}` → the reply and the
    conversation to send back next turn, answered by the chat model with its chat template."""
    text, past, replies = _conversation(payload.inputs)
    messages: list[dict[str, str]] = []
    for user, reply in zip(past, replies, strict=False):
        messages += [{"role": "user", "content": user}, {"role": "assistant", "content": reply}]
    messages += [{"role": "user", "content": user} for user in past[len(replies) :]]
    messages.append({"role": "user", "content": text})
    sampling, warnings = conversation_sampling(payload.parameters)
    run = await _start(request, model_id, payload.body)
    await run.prepare(run.llm.chat_prompt(messages), sampling)
    answer = (await run.complete()).text.strip()
    conversation = {"past_user_inputs": [*past, text], "generated_responses": [*replies, answer]}
    return JSONResponse(
        {"generated_text": answer, "conversation": conversation, "warnings": warnings}
    )


def _conversation(inputs: object) -> tuple[str, list[str], list[str]]:
    if not isinstance(inputs, dict) or not isinstance(inputs.get("text"), str):
        raise BadInput("Expected 'inputs.text' (the new message) for the conversational task")
    if not inputs["text"].strip():
        raise BadInput("The new message ('inputs.text') is empty")
    lists = []
    for name in ("past_user_inputs", "generated_responses"):
        value = inputs.get(name) or []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise Unprocessable(f"'inputs.{name}' must be a list of strings")
        lists.append(value)
    past, replies = lists
    if len(replies) > len(past):
        raise Unprocessable("There are more generated_responses than past_user_inputs")
    return inputs["text"], past, replies


# OpenAI -------------------------------------------------------------------------------------

FINISH = {"eos_token": "stop", "stop_sequence": "stop", "length": "length"}


async def openai_chat(request: Request, body: dict[str, Any], model_id: str | None) -> Response:
    model_id = model_id or chat_model_id(body.get("model"))
    messages = chat_messages(body)
    run = await _start(request, model_id, body)
    await run.prepare(run.llm.chat_prompt(messages), openai_sampling(body))
    return await _openai(run, body, chat=True)


async def openai_completion(
    request: Request, body: dict[str, Any], model_id: str | None
) -> Response:
    model_id = model_id or chat_model_id(body.get("model"))
    prompt = from_json({"inputs": body.get("prompt")}).text()
    run = await _start(request, model_id, body)
    await run.prepare(prompt, openai_sampling(body))
    return await _openai(run, body, chat=False)


async def _openai(run: Run, body: dict[str, Any], chat: bool) -> Response:
    meta = {
        "id": f"{'chatcmpl' if chat else 'cmpl'}-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion" if chat else "text_completion",
        "created": int(time.time()),
        "model": run.model_id,
        "system_fingerprint": "playground-local",
    }
    if body.get("stream"):
        usage = bool((body.get("stream_options") or {}).get("include_usage"))
        chunks = _openai_chunks(run, meta, chat, usage)
        return StreamingResponse(chunks, media_type="text/event-stream", headers=SSE_HEADERS)
    result = await run.complete()
    choice: dict[str, Any] = {"index": 0, "logprobs": None}
    choice["finish_reason"] = FINISH[result.finish_reason]
    if chat:
        choice["message"] = {"role": "assistant", "content": result.text}
    else:
        choice["text"] = result.text
    return JSONResponse(meta | {"choices": [choice], "usage": _usage(result)})


async def _openai_chunks(
    run: Run, meta: dict[str, Any], chat: bool, usage: bool
) -> AsyncIterator[str]:
    kind = {"object": "chat.completion.chunk" if chat else "text_completion"}

    def chunk(text: str | None, finish: str | None) -> str:
        choice: dict[str, Any] = {"index": 0, "logprobs": None, "finish_reason": finish}
        if chat:
            choice["delta"] = {"role": "assistant", "content": text} if text is not None else {}
        else:
            choice["text"] = text or ""
        return sse(meta | kind | {"choices": [choice], "usage": None})

    try:
        if chat:
            yield chunk("", None)
        async for step in run.stream():
            if step.text:
                yield chunk(step.text, None)
            if step.finish_reason:
                yield chunk(None, FINISH[step.finish_reason])
        if usage:
            yield sse(meta | kind | {"choices": [], "usage": _usage(run.result)})
    except Exception as exc:
        yield sse({"error": {"message": f"{type(exc).__name__}: {exc}", "http_status_code": 500}})
    yield sse("[DONE]")


def _usage(result: Generation) -> dict[str, int]:
    generated = result.generated_tokens
    return {
        "prompt_tokens": result.prompt_tokens,
        "completion_tokens": generated,
        "total_tokens": result.prompt_tokens + generated,
    }
