"""Tables cached pickled in the user cache dir, and the pinyin/word tables built on it."""
from __future__ import annotations

from pathlib import Path

import pytest

from tqc.diskcache import cached_table, package_stamp


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "tqc"


def test_built_once_then_loaded(cache_home):
    calls = []

    def build():
        calls.append(1)
        return {"a": 1}

    assert cached_table("example-1", build) == {"a": 1}
    assert cached_table("example-1", build) == {"a": 1}
    assert len(calls) == 1
    assert (cache_home / "example-1.pickle").is_file()
    assert not list(cache_home.glob("*.tmp"))


def test_unreadable_cache_is_rebuilt(cache_home):
    cache_home.mkdir(parents=True)
    (cache_home / "example-2.pickle").write_bytes(b"not a pickle")
    assert cached_table("example-2", lambda: [1, 2]) == [1, 2]
    assert cached_table("example-2", lambda: pytest.fail("rebuilt a good cache")) == [1, 2]


def _age(path, days: float) -> None:
    import os
    import time

    then = time.time() - days * 86400
    os.utime(path, (then, then))


def test_a_new_version_deletes_the_old_ones_of_its_family_only(cache_home):
    cached_table("example-1-f1", lambda: "old")
    cached_table("example-1-o2-f1", lambda: "older")
    cached_table("example-extra-1-f1", lambda: "another family")
    (cache_home / "example-notes.pickle").write_bytes(b"")  # no version key: not ours
    for path in cache_home.iterdir():
        _age(path, 40)
    assert cached_table("example-2-f1", lambda: "new") == "new"
    assert sorted(path.name for path in cache_home.iterdir()) == [
        "example-2-f1.pickle", "example-extra-1-f1.pickle", "example-notes.pickle"]
    # loading a cached version deletes nothing
    assert cached_table("example-extra-1-f1", lambda: pytest.fail("rebuilt")) == "another family"
    assert (cache_home / "example-2-f1.pickle").is_file()


def test_a_version_another_install_still_uses_is_kept(cache_home):
    """Two installs sharing the cache (a project's venv and pre-commit's) each keep
    their own version instead of deleting each other's on every run."""
    cached_table("example-1-f1", lambda: "first install")
    _age(cache_home / "example-1-f1.pickle", 40)
    assert cached_table("example-1-f1", lambda: pytest.fail("rebuilt")) == "first install"
    cached_table("example-2-f1", lambda: "second install")  # loading it marked it in use
    assert (cache_home / "example-1-f1.pickle").is_file()


def test_package_stamp():
    stamp = package_stamp("json", "decoder.py")
    size, mtime = stamp.split("-")
    assert int(size) > 0 and int(mtime) > 0
    assert package_stamp("no_such_package_tqc", "x") == "missing"


def test_package_stamp_of_a_moved_data_file_still_follows_the_package():
    """A release that moved the data file still changes the key: the stamp falls back
    to the package's own module file instead of a constant."""
    import json

    stamp = package_stamp("json", "no-such-file.txt")
    status = Path(json.__file__).stat()
    assert stamp == f"o{status.st_size}-{status.st_mtime_ns}"


def test_pinyin_readings_match_pypinyin():
    from pypinyin import Style, pinyin

    from tqc.rules.names import readings

    for char in "中曾行欸吕绿，A":
        found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
        assert readings(char) == (frozenset(found[0]) if found else frozenset()), char


def test_word_list_keeps_what_the_rules_test():
    from tqc.rules.ocr import WORD_MIN_FREQUENCY, is_english_word, word_frequency

    assert word_frequency("influence") >= WORD_MIN_FREQUENCY and word_frequency("infl") == 0
    assert is_english_word("The") and is_english_word("a") and not is_english_word("d")
