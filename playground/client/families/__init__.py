"""Server families, one module each, and the table that maps a `Family` to its adapter.

Adding a family (Ollama's native API, a new router provider...) is one module with a
`FamilyAdapter` subclass, plus one `Family` member and one `FAMILIES` entry below.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType

from .base import FamilyAdapter, chat_completions_url
from .endpoint import Endpoint
from .hf import HF
from .openai import OpenAI
from .tei import TEI
from .tgi import TGI

__all__ = ["FAMILIES", "Family", "FamilyAdapter", "adapter_for", "chat_completions_url"]


class Family(StrEnum):
    HF = "hf"
    ENDPOINT = "endpoint"
    TGI = "tgi"
    TEI = "tei"
    OPENAI = "openai"


# In the order a URL's route is matched against the families' routes.
FAMILIES = MappingProxyType(
    {
        Family.HF: HF(),
        Family.ENDPOINT: Endpoint(),
        Family.TGI: TGI(),
        Family.TEI: TEI(),
        Family.OPENAI: OpenAI(),
    }
)


def adapter_for(family: Family) -> FamilyAdapter:
    return FAMILIES[family]
