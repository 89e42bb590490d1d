"""A URL used as given: a dedicated Inference Endpoint, or any server speaking the HF protocol
at that URL. Every default of `FamilyAdapter` applies."""

from __future__ import annotations

from .base import FamilyAdapter

__all__ = ["Endpoint"]


class Endpoint(FamilyAdapter):
    pass
