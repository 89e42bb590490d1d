"""A fake inference server that speaks the wire formats of the real ones (see README.md)."""

from .app import create_app
from .server import serving

__all__ = ["create_app", "serving"]
