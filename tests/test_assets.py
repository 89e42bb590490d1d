"""Every asset an example names exists, and every file in assets/ is used somewhere."""

from __future__ import annotations

from pathlib import Path

from playground.assets import ASSETS_DIR, asset
from playground.tasks import TASKS

ROOT = Path(__file__).resolve().parents[1]
MEDIA_KINDS = ("image", "audio", "table")


def example_assets() -> set[str]:
    names = set()
    for spec in TASKS.values():
        kinds = {field.name: field.kind for field in spec.inputs}
        for example in spec.examples:
            names |= {
                value
                for name, value in example.values.items()
                if kinds.get(name) in MEDIA_KINDS and isinstance(value, str)
            }
    return names


def test_every_example_asset_exists() -> None:
    for name in sorted(example_assets()):
        assert asset(name).stat().st_size > 0


def test_every_asset_is_used() -> None:
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in ("playground", "tests", "bench")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "test_assets.py"
    )
    for path in ASSETS_DIR.iterdir():
        if path.name == "README.md":
            continue
        assert path.name in code, f"assets/{path.name} is not used by any example, test or bench"
        assert path.name in (ASSETS_DIR / "README.md").read_text(), (
            f"{path.name} lacks a README row"
        )


def test_every_task_has_a_titled_example() -> None:
    for spec in TASKS.values():
        assert spec.examples, f"{spec.id} has no example"
        assert all(example.title for example in spec.examples), spec.id
