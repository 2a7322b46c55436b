"""A cache of loaded files keyed by their content, so that repeated commands skip parsing.

One pickle per content repository, outside it (``$SOPDOC_CACHE_DIR``, else ``$XDG_CACHE_HOME/sopdoc``,
else ``~/.cache/sopdoc``); ``SOPDOC_CACHE=off`` turns it off. An entry is reused only when the file's
bytes hash to the same digest *and* the code that reads files is byte for byte the same, so neither
an edit nor an upgrade can serve a stale result. A cache that cannot be read or written is ignored:
it only ever saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from sopdoc.files import write_atomic_bytes

# The modules whose code shapes a cached value: any change to them invalidates the cache.
_CODE = ("cache.py", "yamlparse.py", "loading.py", "schema.py", "formats.py", "rules/__init__.py",
         "diagnostics.py")


def _code_fingerprint() -> str:
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent
    for name in _CODE:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()


def cache_dir() -> Path | None:
    if os.environ.get("SOPDOC_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    explicit = os.environ.get("SOPDOC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sopdoc"


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=20).digest()


class FileCache:
    """Values computed from files, keyed by (kind, path) and valid for one content digest."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._fingerprint = _code_fingerprint() if path is not None else ""
        self._entries: dict[tuple[str, str], tuple[bytes, Any]] = {}
        self._used: dict[tuple[str, str], tuple[bytes, Any]] = {}
        self._changed = False
        if path is not None:
            self._entries = self._read(path)

    @property
    def enabled(self) -> bool:
        return self.path is not None

    @classmethod
    def for_repository(cls, root: Path) -> FileCache:
        folder = cache_dir()
        if folder is None:
            return cls(None)
        name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
        return cls(folder / f"{name}.pickle")

    def _read(self, path: Path) -> dict[tuple[str, str], tuple[bytes, Any]]:
        try:
            with path.open("rb") as stream:
                stored = pickle.load(stream)
        except Exception:  # missing, truncated or from another version: start afresh
            return {}
        if not isinstance(stored, dict) or stored.get("fingerprint") != self._fingerprint:
            return {}
        entries = stored.get("entries")
        return entries if isinstance(entries, dict) else {}

    def get(self, kind: str, relpath: str, content_digest: bytes) -> Any | None:
        entry = self._entries.get((kind, relpath))
        if entry is None or entry[0] != content_digest:
            return None
        self._used[(kind, relpath)] = entry
        return entry[1]

    def put(self, kind: str, relpath: str, content_digest: bytes, value: Any) -> None:
        self._used[(kind, relpath)] = (content_digest, value)
        self._changed = True

    def save(self) -> None:
        """Keep the entries of this run only (deleted files drop out); written atomically."""
        if self.path is None or not (self._changed or self._used.keys() != self._entries.keys()):
            return
        try:
            payload = pickle.dumps({"fingerprint": self._fingerprint, "entries": self._used},
                                   protocol=pickle.HIGHEST_PROTOCOL)
            write_atomic_bytes(self.path, payload)
        except (OSError, pickle.PicklingError, RecursionError):
            pass  # a cache that cannot be written only costs time
