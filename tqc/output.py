"""Writing reports: atomically, and never over an input."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .errors import InputError


def write_report(text: str, destination: str | None, inputs: list[str]) -> None:
    """Write ``text`` to ``destination`` (None or '-' for stdout) via a temporary
    file in the same directory and a rename, so a reader never sees half a report."""
    if destination in (None, "-"):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(destination)
    for name in inputs:
        if name != "-" and Path(name).exists() and target.exists() and target.resolve() == Path(name).resolve():
            raise InputError(destination, "output would overwrite an input file; choose another --output")
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(destination, f"output directory {str(directory)!r} does not exist")
    if target.is_dir():
        raise InputError(destination, "output path is a directory")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise InputError(destination, f"cannot write output: {error.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException as error:  # includes KeyboardInterrupt: leave no half-written file
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise InputError(destination, f"cannot write output: {error.strerror}") from None
        raise
