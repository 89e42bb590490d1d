"""The HF inference protocol addressed by model id (`{base}/models/{id}`): the router's
hf-inference provider, the legacy serverless host, the embedded local server."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .base import FamilyAdapter

if TYPE_CHECKING:
    from ..targets import Target

__all__ = ["HF", "HF_LEGACY_ENDPOINT", "HF_ROUTER_ENDPOINT", "PIPELINE_TASKS", "pipeline_url"]

HF_ROUTER_ENDPOINT = "https://router.huggingface.co/hf-inference"
HF_LEGACY_ENDPOINT = "https://api-inference.huggingface.co"
PIPELINE_TASKS = ("feature-extraction", "sentence-similarity")


def _is_legacy_host(base: str) -> bool:
    return urlsplit(base).netloc == urlsplit(HF_LEGACY_ENDPOINT).netloc


def pipeline_url(target: Target, pipeline: str) -> str:
    """hf-inference's route that forces a pipeline (feature extraction vs sentence similarity)."""
    base = target.inference_endpoint or ""
    if _is_legacy_host(base):
        return f"{base}/pipeline/{pipeline}/{target.model_id}"
    return f"{target.url}/pipeline/{pipeline}"


class HF(FamilyAdapter):
    def task_url(self, target: Target, task: str, *, stream: bool = False) -> str:
        if task in PIPELINE_TASKS:
            return pipeline_url(target, task)
        return super().task_url(target, task, stream=stream)
