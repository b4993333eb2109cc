"""The one way to write a file or folder that holds personal data: private, whole, never over something by surprise.

Files are created 0600 and folders 0700 whatever the umask (the mode is set on the open descriptor, not left to
the umask), written under a temporary name beside the target and renamed into place, so a reader never sees half
a file and a failure leaves the target as it was. An existing target is refused unless the caller says force.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from accountmgr.services.errors import DomainError

FILE_MODE = 0o600
DIR_MODE = 0o700
PARTIAL_PREFIX = "."
"""Temporary names start with a dot (hidden) and end with ``.partial``: an interrupted write leaves nothing visible."""

T = TypeVar("T")


class TargetExists(DomainError):
    """The target is already there and the caller did not allow replacing it."""

    def __init__(self, path: Path, hint: str = "add --force to replace it") -> None:
        super().__init__(f"{path} already exists; {hint}.", "path")
        self.path = path


def reason(error: OSError) -> str:
    """An OSError as a few lower-case words: 'no space left on device', 'permission denied'."""
    return (error.strerror or str(error)).lower()


def make_private_dir(path: Path | str) -> Path:
    """Make *path* and any missing parents as 0700 folders (existing ones are left as they are); return it."""
    target = Path(path).expanduser()
    missing = []
    probe = target
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    try:
        for folder in reversed(missing):
            try:
                folder.mkdir(mode=DIR_MODE)
            except FileExistsError:
                continue  # made meanwhile by someone else: theirs, left as it is
            os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
        if not target.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(target))
    except OSError as error:
        raise DomainError(f"Could not make the folder {target} ({reason(error)}).", "path") from error
    return target


def write_private(
    path: Path | str,
    data: bytes | str,
    *,
    force: bool = False,
    hint: str = "add --force to replace it",
    may_replace: Callable[[Path], bool] | None = None,
) -> Path:
    """Write *data* (str is UTF-8 with '\\n' line ends) to *path* as a private file, whole or not at all.

    An existing *path* is refused with TargetExists (its message ends with *hint*) unless *force*, or
    *may_replace* says yes for it (e.g. "it is a plan we exported before"). Missing parent folders are made
    0700. Any OSError becomes a DomainError naming the file and why. Returns the path written.
    """
    target = Path(path).expanduser()
    if target.is_dir():
        raise DomainError(f"{target} is a folder; give a file name.", "path")
    replace = force or (target.exists() and may_replace is not None and may_replace(target))
    if target.exists() and not replace:
        raise TargetExists(target, hint)
    make_private_dir(target.parent)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = _private_temp_file(target)
    try:
        try:
            _write_all(tmp, payload)
            if replace:
                os.replace(tmp, target)
            else:
                _place_without_replacing(tmp, target, hint)
        except OSError as error:
            raise DomainError(f"Could not write {target} ({reason(error)}).", "path") from error
    finally:
        tmp.unlink(missing_ok=True)
    _sync_dir(target.parent)
    return target


def _private_temp_file(target: Path) -> Path:
    """Create an empty 0600 file beside *target* under a fresh hidden name, and return its path."""
    try:
        fd, name = tempfile.mkstemp(prefix=f"{PARTIAL_PREFIX}{target.name}.", suffix=".partial", dir=target.parent)
    except OSError as error:
        raise DomainError(f"Could not write {target} ({reason(error)}).", "path") from error
    try:
        _fchmod(fd)
    finally:
        os.close(fd)
    return Path(name)


def _fchmod(fd: int) -> None:
    """Set the private mode on an open file (Windows before Python 3.13 has no fchmod: files there are private to
    the user's profile by their folder's access rules)."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, FILE_MODE)


def _write_all(tmp: Path, payload: bytes) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_BINARY", 0))
    try:
        _fchmod(fd)  # again on the descriptor we write through: no window where it is readable
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _place_without_replacing(tmp: Path, target: Path, hint: str) -> None:
    """Rename *tmp* to *target* only if nothing appeared there meanwhile (a hard link fails if it exists)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise TargetExists(target, hint) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        # A file system without hard links (FAT, some network shares): check, then rename.
        if target.exists():
            raise TargetExists(target, hint) from None
        os.replace(tmp, target)


def _sync_dir(folder: Path) -> None:
    """Make a rename durable where the platform allows (best effort: not every file system syncs folders)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace_dir(
    path: Path | str,
    build: Callable[[Path], T],
    *,
    may_replace: Callable[[Path], bool] = lambda folder: True,
    refused: str = "choose another folder",
) -> T:
    """Fill a new private folder with *build(staging)* and move it into place at *path*, whole or not at all.

    *build* writes into a 0700 temporary folder beside *path*. Only when it returns is the previous *path*
    renamed away, the new one renamed in, and the previous one removed; if *build* raises (a full disk, a
    cancel), the temporary folder is removed, *path* is left exactly as it was, and the error goes on (a
    DomainError gets "; the previous export in PATH is intact" or "; nothing was written to PATH" added). An existing *path* that
    *may_replace* rejects is refused with DomainError ending in *refused*. Returns what *build* returned.
    """
    target = Path(path).expanduser()
    if target.is_symlink():
        target = target.resolve()
    if target.exists() and not target.is_dir():
        raise DomainError(f"{target} is a file; give a folder.", "path")
    if target.exists() and not may_replace(target):
        raise DomainError(f"{target} holds files an export did not write; {refused}.", "path")
    make_private_dir(target.parent)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"{PARTIAL_PREFIX}{target.name}.", suffix=".partial", dir=target.parent))
        os.chmod(staging, DIR_MODE)
    except OSError as error:
        raise DomainError(f"Could not make the folder {target} ({reason(error)}).", "path") from error
    try:
        result = build(staging)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, DomainError):
            kept = f"the previous export in {target} is intact" if target.exists() else f"nothing was written to {target}"
            error.message = f"{error.message.rstrip('.')}; {kept}."
            error.args = (error.message,)
        raise
    old = None
    try:
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f"{PARTIAL_PREFIX}{target.name}.", suffix=".old", dir=target.parent))
            old.rmdir()  # only a fresh name was wanted: renaming onto a folder is not portable
            os.rename(target, old)
        os.rename(staging, target)
    except OSError as error:
        if old is not None and not target.exists():
            os.rename(old, target)
            old = None
        shutil.rmtree(staging, ignore_errors=True)
        kept = f"; the previous export in {target} is intact" if target.exists() else ""
        raise DomainError(f"Could not move the export into {target} ({reason(error)}){kept}.", "path") from error
    _sync_dir(target.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return result
