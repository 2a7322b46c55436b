"""Writing files safely: never over something without being told to, always atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sopdoc.errors import UsageError


def write_atomic(target: Path, content: str) -> None:
    """Write ``content`` as UTF-8 to a temporary file beside ``target``, then rename it into place."""
    write_atomic_bytes(target, content.encode("utf-8"))


def write_atomic_bytes(target: Path, content: bytes) -> None:
    """Write to a temporary file beside ``target``, flush it to disk, then rename it into place:
    readers see the old file or the new one, never half of one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_new_file(target: Path, content: str, *, force: bool = False) -> bool:
    """Create ``target``; an identical file is left alone, a different one needs ``force``.

    Returns whether the file was written.
    """
    if target.exists():
        if target.is_file() and target.read_text(encoding="utf-8", errors="replace") == content:
            return False
        if not force:
            raise UsageError(f"{target} already exists and differs; use --force to replace it")
    write_atomic(target, content)
    return True
