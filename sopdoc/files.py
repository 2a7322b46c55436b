"""Writing files safely: never over something without being told to, always atomically.

Everything is first written under a temporary name beside its place (same file system), then renamed
or linked in: readers see the old version or the new one, never half of one. A temporary name carries
the host and process that made it (``.plan.yaml.<host>-<pid>.x1y2z3.tmp``, ``.sopdoc-build-<host>-<pid>-…``):
a run that is killed cannot clean up after itself, so the next run in the same place removes what a
process of this host that no longer runs left there, and nothing else.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import socket
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from sopdoc.errors import UsageError

_NAME_KEPT = 100  # characters of a file's name kept in its temporary name (names stay under 255 bytes)
_RANDOM = r"[a-z0-9_]+"  # what tempfile adds to a temporary name


def write_atomic(target: Path, content: str) -> None:
    """Write ``content`` as UTF-8 to a temporary file beside ``target``, then rename it into place."""
    write_atomic_bytes(target, content.encode("utf-8"))


def write_atomic_bytes(target: Path, content: bytes) -> None:
    """Write to a temporary file beside ``target``, flush it to disk, then rename it into place:
    readers see the old file or the new one, never half of one. A replaced file keeps its mode; a new
    one gets the mode of a new file under the umask."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target)
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    temporary = _write_temporary(target, content, mode)
    try:
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_new_file(target: Path, content: str, *, force: bool = False) -> bool:
    """Create ``target``; an identical file is left alone, a different one needs ``force``.

    Returns whether the file was written.
    """
    if target.is_dir():
        raise UsageError(f"{target} is a folder; move it away or write the file elsewhere")
    if target.exists():
        if target.is_file() and target.read_text(encoding="utf-8", errors="replace") == content:
            return False
        if not force:
            raise UsageError(f"{target} already exists and differs; use --force to replace it")
        write_atomic(target, content)
        return True
    if not create_file(target, content.encode("utf-8")):
        raise UsageError(f"{target} already exists and differs; use --force to replace it")
    return True


def create_file(target: Path, content: bytes) -> bool:
    """Create ``target`` atomically and only if nothing is there yet; returns whether it was created.

    The content goes to a temporary file beside ``target`` that is then hard-linked to its name:
    the link fails if the name exists, so an existing file (or one that appears meanwhile) is never
    replaced, and readers never see half a file. Where hard links are not supported, the file is
    created exclusively and written in place.
    """
    if target.parent.is_dir():
        remove_stale_temporaries(target)
    if target.exists() or target.is_symlink():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = _write_temporary(target, content, 0o666 & ~_umask())
    try:
        try:
            os.link(temporary, target)
        except FileExistsError:
            return False
        except OSError:  # no hard links on this file system
            return _create_exclusively(target, content)
        return True
    finally:
        temporary.unlink(missing_ok=True)


def _write_temporary(target: Path, content: bytes, mode: int) -> Path:
    """``content`` in a new temporary file beside ``target``, on disk, with ``mode``."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:_NAME_KEPT]}.{_owner_tag()}.",
                                    suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)  # mkstemp makes it private
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


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


# --------------------------------------------------------------------------- what killed runs leave behind


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:32]


def _owner_tag() -> str:
    """``<host>-<pid>``: who made a temporary file or folder."""
    return f"{_host()}-{os.getpid()}"


def _left_behind(host: str, pid: str) -> bool:
    """Whether a process of this host with this id no longer runs (so what it made is abandoned)."""
    if host != _host() or os.name != "posix":
        return False  # another machine's, or no way to tell: left alone
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError, ValueError):
        return False
    return False


def remove_stale_temporaries(target: Path) -> None:
    """Remove the temporary files of ``target`` that killed runs of sopdoc left beside it."""
    prefix = f".{target.name[:_NAME_KEPT]}."
    stale = re.compile(rf"(?P<host>[A-Za-z0-9]*)-(?P<pid>[0-9]+)\.{_RANDOM}\.tmp")
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if entry.name.startswith(prefix) and (found := stale.fullmatch(entry.name[len(prefix):])) \
                    and _left_behind(found["host"], found["pid"]) and not entry.is_dir(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def remove_stale_scratch(parent: Path, kind: str) -> None:
    """Remove the scratch folders of ``kind`` that killed runs of sopdoc left in ``parent``."""
    stale = re.compile(rf"\.sopdoc-{re.escape(kind)}-(?P<host>[A-Za-z0-9]*)-(?P<pid>[0-9]+)-{_RANDOM}")
    with contextlib.suppress(OSError):
        for entry in os.scandir(parent):
            if (found := stale.fullmatch(entry.name)) and _left_behind(found["host"], found["pid"]) \
                    and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)


@contextlib.contextmanager
def scratch_folder(parent: Path, kind: str) -> Iterator[Path]:
    """A private folder in ``parent`` (``.sopdoc-<kind>-<host>-<pid>-…``), removed on the way out whatever
    happens; on the same file system as ``parent``, so what is made there can be renamed into place.
    Scratch folders of ``kind`` that killed runs left in ``parent`` are removed first. The path is absolute
    (tools given paths inside it may run elsewhere)."""
    parent = parent.absolute()
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale_scratch(parent, kind)
    folder = Path(tempfile.mkdtemp(prefix=f".sopdoc-{kind}-{_owner_tag()}-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------- folders swapped into place


def replace_folder(new: Path, place: Path, previous: Path) -> None:
    """Put the folder ``new`` at ``place`` so that ``place`` is, at every moment, entirely what was there or
    entirely ``new``: one atomic exchange where the system has it (Linux), else two renames through
    ``previous`` (a free name on the same file system), the first undone if the second fails. What was
    at ``place`` is removed only once ``new`` is there."""
    if not exists(place):
        new.rename(place)
        return
    if exchange(new, place):
        remove(new)  # now what was at place
        return
    place.rename(previous)
    try:
        new.rename(place)
    except BaseException:
        previous.rename(place)
        raise
    remove(previous)


def exists(path: Path) -> bool:
    """Something is there: a file, a folder, or a symbolic link (even a broken one)."""
    return path.exists() or path.is_symlink()


def remove(path: Path) -> None:
    """Remove a folder with its contents, a file or a symbolic link (never what a link points to)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP}


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic step (Linux ``renameat2`` with ``RENAME_EXCHANGE``).

    Returns False, having changed nothing, where the system or the file system cannot."""
    function = _renameat2()
    if function is None:
        return False
    result = function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def _renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function
