"""tqc.script: the one definition of a Han character."""
from __future__ import annotations

from tqc.script import HAN_CHAR, HAN_RUN, is_han


def test_is_han_agrees_with_the_character_class_everywhere():
    samples = [chr(code) for code in range(0, 0x10000, 7)] + [
        chr(code) for code in (0x3400, 0x4DBF, 0x4DC0, 0x4DFF, 0x4E00, 0x9FFF, 0xF900, 0xFAFF,
                               0x20000, 0x2A6DF, 0x3134F, 0x31350)]
    assert [is_han(char) for char in samples] == [bool(HAN_CHAR.fullmatch(char)) for char in samples]
    assert not is_han("")


def test_han_runs_include_the_extensions_and_exclude_punctuation():
    assert HAN_RUN.findall("中文，𠀀字；Yijing ䷀ 豈") == ["中文", "𠀀字", "豈"]
