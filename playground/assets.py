"""Example inputs shipped in `assets/`, referenced by name from the task specs."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ASSETS_DIR", "asset", "asset_text"]

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"


def asset(name: str) -> Path:
    """The path of an asset; FileNotFoundError if the repository doesn't ship it."""
    path = ASSETS_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"No asset named {name!r} in {ASSETS_DIR}")
    return path


def asset_text(name: str) -> str:
    return asset(name).read_text(encoding="utf-8")
