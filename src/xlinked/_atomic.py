"""Writing output files whole or not at all.

:func:`replacing` writes a temporary file beside the target and renames it over
the target when everything went well. The rules (``docs/limits.md``):

* a new file gets the usual mode for new files (``0666`` less the umask), a
  replaced file keeps its mode;
* only a regular file is replaced: a device (``/dev/null``), a FIFO, a socket
  or a directory at the target is refused, so nothing but files is ever turned
  into a file;
* a symbolic link at the target is refused (xlinked does not write through links:
  in a shared folder a link could point anywhere); write to the link's target;
* the temporary file is removed on any error, on Ctrl-C and, in the command
  line, on SIGTERM.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["check_target", "replacing", "umask"]


def umask() -> int:
    """The process's umask (read from /proc where possible: setting it is not thread-safe)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_target(path: str | os.PathLike[str]) -> int | None:
    """The permission bits of the regular file at ``path`` (``None`` when there is none).

    Raises OSError naming ``path`` when it is a link or not a regular file.
    """
    target = os.fspath(path)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OSError(exc.errno, f"cannot write: {exc.strerror}", target) from None
    if stat.S_ISLNK(info.st_mode):
        raise OSError(errno.EEXIST, "is a symbolic link; xlinked does not write through "
                      "links: give the file it points to", target)
    if stat.S_ISDIR(info.st_mode):
        raise OSError(errno.EISDIR, "is a directory", target)
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EEXIST, "is not a regular file (a device, FIFO or socket); "
                      "xlinked only replaces files", target)
    return stat.S_IMODE(info.st_mode) & 0o777


@contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary file beside ``path`` that replaces ``path`` when the block succeeds.

    On any error the temporary file is removed and ``path`` is left as it was.
    Errors opening the file name ``path`` itself, not the temporary file.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "out.txt"
    >>> with replacing(target) as tmp:
    ...     _ = tmp.write_text("done")
    >>> target.read_text(), oct(target.stat().st_mode & 0o777) == oct(0o666 & ~umask())
    ('done', True)
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OSError(errno.ENOENT, f"cannot write: the folder {str(folder)!r} does not exist",
                      str(target))
    mode = check_target(target)
    tmp: Path | None = None
    try:
        # the name is known before the file exists, so that a signal arriving at any
        # point (even as the file is created) still finds it to remove
        while True:
            tmp = folder / f".{target.name}.{os.urandom(8).hex()}.tmp"
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # less umask
            except FileExistsError:
                continue
            except OSError as exc:
                tmp = None
                raise OSError(exc.errno, f"cannot write: {exc.strerror}", str(target)) from None
            break
        try:
            if mode is not None:  # a replaced file keeps its mode
                os.fchmod(fd, mode)
        except (OSError, AttributeError):  # no fchmod (Windows) or not allowed
            pass
        finally:
            os.close(fd)
        try:
            yield tmp
        except OSError as exc:  # a full disk while writing: name the file, not the temporary
            if exc.filename is None or exc.filename == str(tmp):
                raise OSError(exc.errno, f"cannot write: {exc.strerror}", str(target)) from None
            raise
        check_target(target)  # still not a link or a device
        os.replace(tmp, target)
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise
