"""The Chinese scanner skips candidates that are no numeral, digit or circled number unless
one of _ZH_WORD_STARTS begins there: the tokens must be those of trying _ZH_TOKEN at every
candidate."""
from __future__ import annotations

import random

import pytest

from tqc.numbers import (_ZH_CANDIDATE, _ZH_FIRST, _ZH_NOT_NUMBERS, _ZH_TOKEN, _ZH_WORD_STARTS,
                         _scan)


def tokens(text: str, word_starts) -> list[tuple[str, int, int]]:
    return [(match.lastgroup, *match.span())
            for match in _scan(_ZH_TOKEN, _ZH_CANDIDATE, text, word_starts)]


PIECES = list(_ZH_NOT_NUMBERS + _ZH_FIRST) + [
    "首先", "其次", "上半年", "下半场", "上半", "星期一", "星期天", "礼拜日", "周一", "周日", "周十",
    "第一", "第一手", "第一大", "第二", "第", "一", "二", "十", "百", "千", "万", "亿", "两", "三",
    "3", "2020", "12", "5.5", "①", "⑳", "一战", "二战略", "大", "上", "下", "成", "不", "之", "说",
    "数", "几", "郎", "“", "”", "十一", "五一", "黄金周", "届", "年", "月", "日", "号", "季度", "胎",
    "的", "，", "。", " ", "人", "大学", "上海", "下午", "周边", "星星", "礼物", "首都", "其他",
]


@pytest.mark.parametrize("text", [
    "", "大三巴", "上半年增长3%", "周一和周日", "第一大城市", "首先，其次", "成千上万的人",
    "说一不二", "之首", "率先", "居首位", "初一", "晋三说", "星期三", "礼拜天", "不三不四",
])
def test_word_starts_change_no_token(text):
    assert tokens(text, _ZH_WORD_STARTS) == tokens(text, None)


def test_word_starts_change_no_token_on_random_text():
    rng = random.Random(11)
    for _ in range(5000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
        assert tokens(text, _ZH_WORD_STARTS) == tokens(text, None), text


def test_every_word_start_is_no_numeral():
    assert all(not char.isdigit() and char not in "一二三四五六七八九十百千万亿两零〇"
               for char in _ZH_WORD_STARTS)
