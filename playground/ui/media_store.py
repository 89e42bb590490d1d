"""Small media held for permalinks, by content: a link carries an image's or a clip's sha256
and the page opening it gets the file back while it is still held. Bounded in item size, count
and total bytes, least recently used first out. A key from a link is only ever looked up in the
index (after it passed the hex check), never joined into a path."""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MAX_ITEM_BYTES", "MediaStore", "is_key"]

MAX_ITEM_BYTES = 256 * 1024
MAX_TOTAL_BYTES = 32 * 1024 * 1024
MAX_ITEMS = 256
_KEY = re.compile(r"[0-9a-f]{64}")
# The file kept takes one of these suffixes (the component reading it back needs a type); any
# other upload is kept as `.bin`.
SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".wav", ".mp3", ".flac", ".ogg"}
)


def is_key(value: object) -> bool:
    """A sha256 in lowercase hex, and nothing else."""
    return isinstance(value, str) and _KEY.fullmatch(value) is not None


@dataclass(frozen=True)
class _Held:
    path: Path
    size: int


class MediaStore:
    """Files by sha256 in a directory of their own (made under the system temp directory, which
    Gradio serves outputs from). Safe to use from several threads."""

    def __init__(
        self,
        directory: Path | None = None,
        max_item_bytes: int = MAX_ITEM_BYTES,
        max_total_bytes: int = MAX_TOTAL_BYTES,
        max_items: int = MAX_ITEMS,
    ) -> None:
        self.directory = directory or Path(tempfile.mkdtemp(prefix="playground-links-"))
        self.directory.mkdir(parents=True, exist_ok=True)
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.directory, True)
        self.max_item_bytes = max_item_bytes
        self.max_total_bytes = max_total_bytes
        self.max_items = max_items
        self._held: OrderedDict[str, _Held] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._held)

    @property
    def total_bytes(self) -> int:
        return self._total

    def put(self, source: str | Path) -> str | None:
        """Keep a copy of the file; its key, or None when it is too large or unreadable."""
        path = Path(source)
        try:
            if not path.is_file() or path.stat().st_size > self.max_item_bytes:
                return None
            data = path.read_bytes()
        except OSError:
            return None
        if len(data) > self.max_item_bytes:  # it grew since the stat
            return None
        suffix = path.suffix.lower() if path.suffix.lower() in SUFFIXES else ".bin"
        return self.put_bytes(data, suffix)

    def put_bytes(self, data: bytes, suffix: str = ".bin") -> str | None:
        if len(data) > self.max_item_bytes or suffix not in SUFFIXES | {".bin"}:
            return None
        key = hashlib.sha256(data).hexdigest()
        with self._lock:
            if key in self._held:
                self._held.move_to_end(key)
                return key
            target = self.directory / f"{key}{suffix}"  # the key is our own digest
            target.write_bytes(data)
            self._held[key] = _Held(target, len(data))
            self._total += len(data)
            self._evict()
        return key

    def get(self, key: object) -> Path | None:
        """The held file for a key (a most recent use), or None: not a key, or not held now."""
        if not is_key(key):
            return None
        with self._lock:
            held = self._held.get(str(key))
            if held is None or not held.path.is_file():
                return None
            self._held.move_to_end(str(key))
            return held.path

    def _evict(self) -> None:
        while self._held and (
            len(self._held) > self.max_items or self._total > self.max_total_bytes
        ):
            _, held = self._held.popitem(last=False)
            self._total -= held.size
            held.path.unlink(missing_ok=True)

    def close(self) -> None:
        """Forget everything and remove the directory."""
        with self._lock:
            self._held.clear()
            self._total = 0
        self._cleanup()
