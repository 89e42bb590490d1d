"""text-generation on `/models/{org}/text-generation`: TGI-backed orgs and a transformers org."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from .axum import check_types, missing_field
from .hf_inputs import check_generation_params, require_str, text_payload
from .payloads import NOT_JSON, Body, error, plain
from .textgen import GenParams, count_tokens, generate
from .tgi import generate_json, generate_sse
from .tgi_core import PARAM_TYPES, TgiRequest

TRANSFORMERS_KEYS = {
    "return_full_text",
    "num_return_sequences",
    "max_new_tokens",
    "max_length",
    "min_length",
    "min_new_tokens",
    "temperature",
    "top_k",
    "top_p",
    "typical_p",
    "do_sample",
    "repetition_penalty",
    "max_time",
    "num_beams",
    "no_repeat_ngram_size",
    "early_stopping",
    "length_penalty",
    "use_cache",
    "return_text",
    "return_tensors",
    "clean_up_tokenization_spaces",
    "prefix",
    "handle_long_generation",
    "stop_sequence",
    "penalty_alpha",
    "epsilon_cutoff",
    "eta_cutoff",
    "diversity_penalty",
    "num_beam_groups",
    "bad_words_ids",
    "truncation",
}


def text_generation(body: Body, variant: str) -> Response:
    if variant == "transformers":
        return transformers_generation(body)
    text = body.raw.decode("utf-8", errors="replace")
    obj = body.json
    if obj is NOT_JSON:
        raise plain(
            400, "Failed to parse the request body as JSON: expected value at line 1 column 1"
        )
    if not isinstance(obj, dict) or "inputs" not in obj:
        raise missing_field(text, "inputs")
    check_types(text, obj, {"inputs": str, "stream": bool})
    params = obj.get("parameters") if isinstance(obj.get("parameters"), dict) else {}
    check_types(text, params, PARAM_TYPES, prefix="parameters.")
    req = TgiRequest(obj["inputs"], params)
    if obj.get("stream"):
        return generate_sse(req)
    return generate_json(req, as_list=variant == "fake")


def unused_kwargs(params: dict[str, Any]) -> list[str]:
    return [key for key in params if key not in TRANSFORMERS_KEYS]


def transformers_generation(body: Body) -> Response:
    inputs, params = text_payload(body)
    check_generation_params(params)
    prompt = require_str(inputs)
    unused = unused_kwargs(params)
    if unused:
        raise error(
            400,
            f"The following `model_kwargs` are not used by the model: {unused} "
            "(note: typos in the generate arguments will also show up in this list)",
        )
    limit = params.get("max_new_tokens")
    if limit is None and isinstance(params.get("max_length"), int):
        limit = max(0, params["max_length"] - count_tokens(prompt))
    gen = GenParams(max_new_tokens=limit, sampling=bool(params.get("do_sample")))
    generated = generate(prompt, gen).text
    full = params.get("return_full_text", True) is not False
    text = prompt + generated if full else generated
    count = int(params.get("num_return_sequences") or 1)
    headers = {"x-compute-type": "cpu", "x-compute-characters": str(len(prompt))}
    return JSONResponse([{"generated_text": text} for _ in range(count)], headers=headers)
