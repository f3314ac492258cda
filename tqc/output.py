"""Writing reports: atomically, and never over an input.

A report goes to a temporary file beside its destination, is flushed to disk and
then renamed over the destination, so a reader (or a crash, or Ctrl-C) never
leaves half a report: the destination holds either the old file or the new one.
"""
from __future__ import annotations

import os
import stat
import sys
import tempfile
from typing import Iterable

from .errors import InputError

STDOUT = "-"


def _reason(error: OSError) -> str:
    reason = error.strerror or str(error)
    return reason[:1].lower() + reason[1:]


def _same_file(first: os.stat_result, second: os.stat_result) -> bool:
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


def _real_destination(destination: str) -> str:
    """Where the report lands: through a symbolic link to the file it names, so the
    link survives and keeps pointing at the new report."""
    return os.path.realpath(destination) if os.path.islink(destination) else destination


def check_destination(destination: str | None, inputs: Iterable[str | None]) -> None:
    """Refuse, before any work is done, a destination that is an input (by any name:
    the same path, a relative one, a symbolic or a hard link), a directory, or a place
    tqc cannot create files in.  None or '-' is standard output and always fine."""
    if destination in (None, STDOUT):
        return
    if not destination.strip():
        raise InputError(None, "the output file name is empty")
    try:
        target_stat = os.stat(destination)
    except FileNotFoundError:
        target_stat = None
    except (OSError, ValueError):
        target_stat = None  # reported below, when the directory is checked
    if target_stat is not None:
        for name in inputs:
            if not name or name == STDOUT:
                continue
            try:
                if _same_file(os.stat(name), target_stat):
                    raise InputError(destination, "output would overwrite an input file "
                                                  f"({name}); choose another --output")
            except (OSError, ValueError):
                continue
        if stat.S_ISDIR(target_stat.st_mode):
            raise InputError(destination, "output path is a directory")
    real = _real_destination(destination)
    directory = os.path.dirname(real) or "."
    if not os.path.isdir(directory):
        raise InputError(destination, f"output directory {directory!r} does not exist")
    probe = _temporary_file(destination, directory)
    os.close(probe[0])
    os.unlink(probe[1])


def _temporary_file(destination: str, directory: str) -> tuple[int, str]:
    name = os.path.basename(destination) or "report"
    try:
        return tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise InputError(destination, f"cannot write the report there: {_reason(error)}") from None
    except (ValueError, UnicodeError):
        raise InputError(destination, "not a valid file name") from None


def _new_file_mode(existing: str) -> int:
    """The old report's permissions when replacing one, else what umask allows."""
    try:
        return stat.S_IMODE(os.stat(existing).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_stdout(text: str) -> None:
    """A terminal gets what its encoding can show; a pipe or a redirect gets UTF-8,
    like a report file, whatever the locale."""
    stream = sys.stdout
    if stream.isatty() or not hasattr(stream, "buffer"):
        encoding = stream.encoding or "utf-8"
        stream.write(text.encode(encoding, "replace").decode(encoding))
    else:
        stream.flush()
        _write_all(stream.buffer, text.encode("utf-8", "backslashreplace"))
    stream.flush()


def _write_all(binary, data: bytes) -> None:
    """Unbuffered stdout (python -u, PYTHONUNBUFFERED) is a raw file whose write may
    take only part of the data, for instance when the reader of a pipe goes away."""
    view = memoryview(data)
    while view:
        written = binary.write(view)
        view = view[written if written is not None else 0:]


def write_report(text: str, destination: str | None, inputs: Iterable[str | None]) -> None:
    """Write ``text`` to ``destination`` (None or '-' for stdout) via a temporary
    file in the same directory and a rename, so a reader never sees half a report
    and an input is never overwritten."""
    if destination in (None, STDOUT):
        _write_stdout(text)
        return
    check_destination(destination, list(inputs))
    real = _real_destination(destination)
    directory = os.path.dirname(real) or "."
    handle, temporary = _temporary_file(destination, directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            # A lone surrogate (an undecodable file name) is written as an escape.
            stream.write(text.encode("utf-8", "backslashreplace"))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _new_file_mode(real))
        os.replace(temporary, real)
    except BaseException as error:  # includes KeyboardInterrupt: leave no half-written file
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise InputError(destination, f"cannot write the report: {_reason(error)}") from None
        raise
