"""Small tables derived from installed packages, pickled in tqc's user cache dir.

Building them means importing a package and walking its data (pypinyin's character
readings, pyspellchecker's word list): a third of a second or more on every start.
Loading the pickle takes a few milliseconds.  The cache key holds the size and time
of the package's data file, so an upgraded package rebuilds its table, and the tables
it replaces are deleted once nothing has used them for a month.
"""
from __future__ import annotations

import os
import pickle
import re
import tempfile
import time
from glob import escape as glob_escape
from importlib.util import find_spec
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


def package_stamp(package: str, data_file: str) -> str:
    """"size-mtime" of ``data_file`` inside the installed ``package``, found without
    importing it.  When a release moved that file, the stamp of the package's own
    module file stands in ("o" + size-mtime), so an upgrade still changes it;
    "missing" when the package is not installed at all."""
    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return "missing"
    for location in spec.submodule_search_locations or []:
        try:
            status = os.stat(Path(location) / data_file)
        except OSError:
            continue
        return f"{status.st_size}-{status.st_mtime_ns}"
    try:
        status = os.stat(spec.origin or "")
    except OSError:
        return "missing"
    return f"o{status.st_size}-{status.st_mtime_ns}"


def cached_table(name: str, build: Callable[[], T]) -> T:
    """The table ``name`` from the cache, or ``build()`` written there atomically for
    the next run.

    ``name`` is a family and its version key, "family-<stamp>..." with the stamp
    starting with a digit, "o" + digit or "missing" (``package_stamp``): writing a
    new version deletes the family's other versions that nothing has read for
    UNUSED_DAYS (two installs sharing the cache, a project's and pre-commit's, each
    keep theirs)."""
    from .lexicon import cache_dir

    directory = cache_dir()
    path = directory / f"{name}.pickle" if directory is not None else None
    if path is not None:
        try:
            with open(path, "rb") as handle:
                table = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
                AttributeError, ImportError):
            pass  # missing or unreadable: rebuild below
        else:
            try:
                os.utime(path)  # in use: another version's pruning leaves it alone
            except OSError:
                pass
            return table
    table = build()
    if path is not None:
        _write(path, table)
        _delete_other_versions(path)
    return table


# "cedict-3404-..." is family "cedict"; "cedict-reverse-1.2.0-..." is another family
_VERSION_KEY = re.compile(r"-(?=o?[0-9]|missing)")


UNUSED_DAYS = 30


def _delete_other_versions(path: Path) -> None:
    parts = _VERSION_KEY.split(path.stem, maxsplit=1)
    if len(parts) != 2:
        return
    family = parts[0]
    unused_since = time.time() - UNUSED_DAYS * 86400
    for other in path.parent.glob(f"{glob_escape(family)}-*.pickle"):
        other_parts = _VERSION_KEY.split(other.stem, maxsplit=1)
        if other == path or len(other_parts) != 2 or other_parts[0] != family:
            continue
        try:
            if other.stat().st_mtime < unused_since:
                other.unlink()
        except OSError:
            pass  # another run may be deleting it too


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
