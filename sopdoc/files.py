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


def create_file(target: Path, content: bytes) -> bool:
    """Create ``target`` atomically and only if nothing is there yet; returns whether it was created.

    The content goes to a temporary file beside ``target`` that is then hard-linked to its name:
    the link fails if the name exists, so an existing file (or one that appears meanwhile) is never
    replaced, and readers never see half a file. Where hard links are not supported, the file is
    created exclusively and written in place.
    """
    if target.exists() or target.is_symlink():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; give it a new file's mode
        try:
            os.link(temporary, target)
        except FileExistsError:
            return False
        except OSError:  # no hard links on this file system
            return _create_exclusively(target, content)
        return True
    finally:
        Path(temporary).unlink(missing_ok=True)


def _create_exclusively(target: Path, content: bytes) -> bool:
    try:
        with target.open("xb") as stream:
            stream.write(content)
    except FileExistsError:
        return False
    return True


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
