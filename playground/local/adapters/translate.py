"""Rule-based translation with Apertium (GPL; run as a separate program, never linked)."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

from ..errors import LocalError, Unprocessable
from ..payload import Payload

MODES_DIR = "/usr/share/apertium/modes"


def mode_file(mode: str) -> str:
    return f"{MODES_DIR}/{mode}.mode"


class Apertium:
    """`apertium -u <mode>` per request (about 0.4 s of process start-up)."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.source, self.target = mode.split("-")
        self.program = shutil.which("apertium") or "apertium"

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        self._check_languages(payload.parameters)
        text = payload.text()
        result = subprocess.run(
            [self.program, "-u", self.mode],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0:
            detail = result.stderr.decode("utf-8", "replace").strip()
            raise LocalError(f"apertium {self.mode} failed: {detail or result.returncode}")
        return [{"translation_text": result.stdout.decode("utf-8", "replace").strip()}]

    def _check_languages(self, parameters: dict[str, Any]) -> None:
        for key, code in (("src_lang", self.source), ("tgt_lang", self.target)):
            asked = parameters.get(key)
            if asked and not _same_language(str(asked), code):
                raise Unprocessable(
                    f"This model translates {self.source}→{self.target}; {key}={asked!r} differs"
                )


def _same_language(asked: str, code: str) -> bool:
    stem = asked.lower().replace("-", "_").split("_")[0]
    return stem in (code, code[:2])
