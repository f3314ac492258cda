"""Lexicon helpers: stemming, CC-CEDICT index and its cache, Chinese words, jieba set-up."""
from __future__ import annotations

import logging
import pickle

import pytest

from tqc import lexicon
from tqc.lexicon import (
    CedictIndex, NameSounds, cedict_index, chinese_word_runs, chinese_words, definition_stems,
    english_skeletons, english_stems, english_tokens, english_words, headword_lengths,
    jieba_tokenizer, latin_tokens, pinyin_readings, pinyin_spelling, pinyin_syllables,
    sound_classes, spells_pinyin, stem,
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
    ("Canada", "Canadian", "Canadians"),
    ("apologize", "apologized", "apologizing", "apologizes"),
    ("organize", "organized", "organizing"),
    ("advertise", "advertised"),
    ("use", "used", "uses", "using"),
    ("dig", "dug"),
    ("colour", "color"),
    ("favour", "favor", "favours"),
    ("centre", "center", "centres"),
    ("metre", "meter"),
    ("defence", "defense"),
    ("analyse", "analyze", "analysed"),
    ("programme", "program"),
    ("catalogue", "catalog"),
])
def test_stem_conflates_forms(forms):
    assert len({stem(form) for form in forms}) == 1, [stem(form) for form in forms]


def test_stem_keeps_different_words_apart():
    assert stem("library") != stem("liberty")
    assert stem("bridge") != stem("bride")
    assert stem("Company's") == stem("company")
    assert stem("four") != stem("for")  # British -our only on the listed stems
    assert stem("hour") == "hour"


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


def test_english_tokens_keep_stopwords_and_fold_us():
    assert english_tokens("The U.S. said no.") == ["The", "USA", "said", "no"]


def test_headword_lengths_longest_first():
    assert headword_lengths(["图书", "图书馆", "图书馆学", "书"]) == {"图书": (4, 3, 2)}
    assert headword_lengths(["图书馆"]) == {"图书": (3,)}  # 图书 itself is no word here


def test_chinese_word_runs_split_at_non_han():
    runs = chinese_word_runs("小镇的图书馆，今年ABC重新开放了。")
    assert runs[0][-1] == "图书馆"
    assert len(runs) == 3 and runs[2][0] == "重新"
    assert [word for run in runs for word in run] == chinese_words("小镇的图书馆，今年ABC重新开放了。")


def test_maximum_matching_takes_the_longest_word_that_fits():
    index = CedictIndex({"图书": ("book",), "图书馆": ("librar",), "馆长": ("curator",)},
                        headword_lengths(["图书", "图书馆", "馆长"]))
    assert chinese_words("图书馆长", index) == ["图书馆", "长"]
    assert chinese_words("图书", index) == ["图书"]
    assert chinese_words("图", index) == ["图"]


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
    small = CedictIndex({"图书馆": ("librar",), "书": ("book",)}, {"图书": (3,)})
    calls = []

    def build():
        calls.append(1)
        return small

    monkeypatch.setattr(lexicon, "build_cedict_index", build)
    assert cedict_index().translations == small.translations
    cached = list(tmp_path.rglob("cedict-*.pickle"))
    assert len(cached) == 1
    assert cached[0].name == lexicon.cedict_cache_name() + ".pickle"
    with open(cached[0], "rb") as handle:
        translations, lengths, english = pickle.load(handle)
    assert (translations, lengths, english) == (small.translations, small.lengths,
                                                frozenset({"librar", "book"}))
    # a fresh process (simulated) loads the pickle instead of building again
    monkeypatch.setattr(lexicon, "_cedict", None)
    assert cedict_index().get("书") == ("book",)
    assert calls == [1]
    monkeypatch.setattr(lexicon, "_cedict", None)


def test_corrupt_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(lexicon, "_cedict", None)
    directory = lexicon.cache_dir()
    path = directory / f"{lexicon.cedict_cache_name()}.pickle"
    path.write_bytes(b"not a pickle")
    small = CedictIndex({"书": ("book",)}, {})  # no word of two characters
    monkeypatch.setattr(lexicon, "build_cedict_index", lambda: small)
    assert cedict_index().get("书") == ("book",)
    monkeypatch.setattr(lexicon, "_cedict", None)


def test_word_tags_decode_only_the_shards_looked_up():
    table = {"经济": "n", "经过": "p", "能源安全": "n", "abc": "eng", "的": "uj"}
    tags = lexicon.WordTags(*lexicon.pack_word_tags(table))
    decoded = tags.covering("经")
    assert decoded == {"经济": "n", "经过": "p"}
    assert tags.get("能源安全") == "n" and tags["的"] == "uj"
    assert tags.get("能源") is None and "能源" not in tags and tags.get("") is None
    with pytest.raises(KeyError):
        tags["能源"]  # noqa: B018 - the lookup is the test
    assert dict(tags) == table and len(tags) == len(table)


def test_word_tags_are_jiebas_dictionary_tags():
    tags = lexicon.word_tags()
    assert tags.get("经济") == "n" and tags.get("北京") == "ns" and tags.get("的") == "uj"
    assert tags.get("不是一个词") is None
    with jieba_tokenizer().get_dict_file() as handle:
        sample = [raw.decode("utf-8").split() for _, raw in zip(range(2000), handle)]
    assert all(tags[word] == tag for word, _frequency, tag in sample[::37])


def test_pinyin_tables_match_pypinyin():
    from pypinyin.pinyin_dict import pinyin_dict

    for char in "中行乐绿女长的𠀀":
        toned = pinyin_dict.get(ord(char), "")
        expected = tuple(sorted({lexicon._toneless(reading) for reading in toned.split(",")} - {""}))
        assert pinyin_readings(char) == expected
    assert pinyin_readings("a") == ()
    assert {"zhong", "lv", "nv", "er"} <= pinyin_syllables()


def test_jieba_tokenizer_is_quiet_and_caches_in_user_dir(capfd):
    tokenizer = jieba_tokenizer()
    words = tokenizer.lcut("小镇的图书馆重新开放了")
    assert "图书馆" in words
    assert tokenizer.tmp_dir == str(lexicon.cache_dir())
    assert logging.getLogger("jieba").level >= logging.WARNING
    assert "Building prefix dict" not in capfd.readouterr().err
    assert jieba_tokenizer() is tokenizer


# --- names by sound ------------------------------------------------------------------

def test_pinyin_readings():
    assert pinyin_readings("刘") == ("liu",)
    assert set(pinyin_readings("曾")) == {"ceng", "zeng"}  # every reading
    assert pinyin_readings("吕") == ("lv",)  # ü written v
    assert pinyin_readings("A") == ()
    assert {"liu", "lv", "zhuang", "er"} <= pinyin_syllables()


def test_spells_pinyin():
    assert spells_pinyin("xiaoguang") and spells_pinyin("liukun") and spells_pinyin("lu")
    assert not spells_pinyin("trudeau") and not spells_pinyin("however")
    assert pinyin_spelling(["Liu", "Kun"]) == "liukun"
    assert pinyin_spelling(["Lü"]) == "lu"


def test_sound_classes():
    assert sound_classes("特") == ("T",)
    assert sound_classes("尔") == ("L",)  # er: a final r or l
    assert set(sound_classes("杰")) == {"S", "K"}  # j: Jeffrey, or a hard g
    assert sound_classes("阿") == ("",)  # no initial


@pytest.mark.parametrize("word, chinese", [
    ("Trudeau", "特鲁多"), ("Trump", "特朗普"), ("Merkel", "默克尔"), ("Macron", "马克龙"),
    ("Epstein", "爱泼斯坦"), ("Acosta", "阿科斯塔"), ("Beatrice", "比阿特丽斯"), ("Esper", "埃斯珀"),
])
def test_transliterations_share_a_skeleton(word, chinese):
    from itertools import product

    chinese_skeletons = {"".join(parts) for parts in product(*map(sound_classes, chinese))}
    assert english_skeletons(word) & chinese_skeletons


def test_romanised_names_have_no_skeleton():
    assert english_skeletons("Xiaoguang") == frozenset()  # matched by spelling instead


def test_name_sounds_find_names_in_runs_of_characters():
    names = NameSounds()
    names.add_run(["Liu", "Kun"])
    names.add_run(["Acosta"])
    names.add_run(["However"], sentence_initial=True)  # an ordinary word: no skeleton
    assert names.find("刘昆说") == [(0, 2, ("kun", "liu"))]
    assert names.find("阿科斯塔在") == [(0, 4, ("acosta",))]
    assert names.find("他把书放在") == []
    assert names.find("的阿科斯塔", skip_start=frozenset("的")) == [(1, 5, ("acosta",))]
    assert not NameSounds()
