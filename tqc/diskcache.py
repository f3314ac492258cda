"""Small tables derived from installed packages, pickled in tqc's user cache dir.

Building them means importing a package and walking its data (pypinyin's character
readings, pyspellchecker's word list): a third of a second or more on every start.
Loading the pickle takes a few milliseconds.  The cache key holds the size and time
of the package's data file, so an upgraded package rebuilds its table.
"""
from __future__ import annotations

import os
import pickle
import tempfile
from importlib.util import find_spec
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


def package_stamp(package: str, data_file: str) -> str:
    """"size-mtime" of ``data_file`` inside the installed ``package``, found without
    importing it; "missing" when there is no such file."""
    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        try:
            status = os.stat(Path(location) / data_file)
        except OSError:
            continue
        return f"{status.st_size}-{status.st_mtime_ns}"
    return "missing"


def cached_table(name: str, build: Callable[[], T]) -> T:
    """The table ``name`` (a file name stem holding its version key) from the cache,
    or ``build()`` written there atomically for the next run."""
    from .lexicon import cache_dir

    directory = cache_dir()
    path = directory / f"{name}.pickle" if directory is not None else None
    if path is not None:
        try:
            with open(path, "rb") as handle:
                return pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
                AttributeError, ImportError):
            pass  # missing or unreadable: rebuild below
    table = build()
    if path is not None:
        _write(path, table)
    return table


def _write(path: Path, table) -> None:
    """Via a temporary file and a rename: a concurrent run never reads half a file."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(table, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
