"""Number extraction and normalisation for Chinese and English text.

``extract_numbers`` finds the quantities a translation has to carry over (cardinals,
decimals, percentages, years and other date parts, ordinals, ranges) and normalises them
to plain values: ``600亿`` and ``$60 billion`` both become 6e10, ``１２％`` and ``12 per
cent`` both become percent 12, ``第二`` and ``secondly`` both become ordinal 2.
``same_quantities`` pairs the two sides as multisets and returns what is left over.

Deliberately *not* quantities, on both sides alike so that they cancel out:
a bare ``一``/``one``/``a`` (it is an article far more often than a number), vague
amounts (``数百``, ``几十``, ``上千``, ``hundreds of``, ``dozens``), weekday names,
alphanumeric identifiers (``G20``, ``COVID-19``, ``5G``), and words or idioms that only
contain numeral characters (``一些``, ``统一``, ``十分``, ``百姓``, ``千方百计``...).

Chinese numerals are parsed here rather than with cn2an: cn2an reads ``九一八`` as 918
and ``五四`` as 54 without complaint, rejects ``3.5万亿`` and knows nothing of
``多``/``余``/``几``, so it would need a wrapper as large as this parser.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

__all__ = ["Quantity", "extract_numbers", "same_quantities"]


@dataclass(frozen=True)
class Quantity:
    """One normalised quantity found in a text."""

    value: float
    start: int  # character offsets of ``text`` in the string given to extract_numbers
    end: int
    text: str
    # cardinal, decimal, percent, fraction, year, date-part, time, ordinal,
    # range-start, range-end
    kind: str
    approximate: bool = False  # 约/近/多/余/左右..., "about", "more than", "nearly"...
    # A list or sequence marker (一是, 第二，, 首先, "secondly", "I." heading number):
    # it may be rendered either as an ordinal or as a plain number.
    enumerator: bool = False
    # Rounding unit of the written figure (3.5亿 -> 1e7, "60 billion" -> 1e9,
    # "about 60" -> 10); 0 when the figure is exact.  Values within step/2 are equal.
    step: float = 0.0
    # Optional in a faithful translation, so never reported as unmatched: a plain 1
    # (1名 is "a"/"an"), the "first" of 首次/率先 and of English "first", 四国 after
    # a list of the four countries, a bare 两 ("both"), 百年 ("a century"), and an
    # English month name (datelines add the month that 27日 leaves to context).
    weak: bool = False


# ---------------------------------------------------------------------------
# Shared helpers

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space map one-to-one onto
# ASCII, so offsets in the folded copy are offsets in the original text.
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
# Chinese text keeps "，": there it separates list items (211，985), it never groups digits.
_FULL_WIDTH_ZH = re.compile("[\uff01-\uff0b\uff0d-\uff5e\u3000]")


def _fold_char(match: re.Match) -> str:
    char = match.group()
    return " " if char == "\u3000" else chr(ord(char) - 0xFEE0)


def _fold(text: str, pattern: re.Pattern = _FULL_WIDTH) -> str:
    if text.isascii():  # a constant-time test; most English has nothing to fold
        return text
    return pattern.sub(_fold_char, text)


def _scan(token: re.Pattern, candidates: re.Pattern, text: str,
          word_starts: dict[str, tuple[str, ...]] | None = None) -> Iterator[re.Match]:
    """``token.finditer(text)``, but trying ``token`` only where ``candidates`` matches:
    a big alternation tried at every character is slow, and almost no character can
    start a number.  ``word_starts``: character -> the words a match starting with it
    must begin with (大 -> 大三巴); it is not tried anywhere else."""
    position = 0
    for candidate in candidates.finditer(text):
        start = candidate.start()
        if start < position:
            continue
        if word_starts is not None:
            words = word_starts.get(text[start])
            if words is not None and not text.startswith(words, start):
                continue
        match = token.match(text, start)
        if match and match.end() > start:
            position = match.end()
            yield match


def _round_step(value: float) -> float:
    """Place value of the last non-zero digit of an integral value (600 -> 100)."""
    magnitude = abs(value)
    if magnitude < 1 or magnitude != int(magnitude):
        return 0.0
    step = 1.0
    integer = int(magnitude)
    while integer and integer % 10 == 0:
        integer //= 10
        step *= 10
    return step


def _decimal_step(digits: str, scale: float) -> float:
    """Rounding unit of a decimal figure such as ``3.5`` times its scale word."""
    if "." not in digits:
        return scale if scale > 1 else 0.0
    return 10.0 ** -len(digits.split(".", 1)[1]) * scale


def _plain_kind(value: float) -> str:
    return "cardinal" if value == int(value) else "decimal"


@dataclass
class _Item:
    """A quantity under construction: mutable while context rules run."""

    value: float
    start: int
    end: int
    kind: str = "cardinal"
    approximate: bool = False
    enumerator: bool = False
    step: float = 0.0
    scale: float = 1.0  # multiplier of its own trailing scale word (万 1e4, million 1e6)
    percent: bool = False
    weak: bool = False

    @property
    def scaled(self) -> bool:
        return self.scale > 1

    def freeze(self, text: str) -> Quantity:
        kind = self.kind
        if self.percent and kind in ("cardinal", "decimal", "range-start", "range-end"):
            kind = "percent"
        step = self.step
        if self.approximate:
            step = max(step, _round_step(self.value))
        # Quantity(...) sets each field through object.__setattr__ (it is frozen); filling
        # the new instance's dict at once makes the same object in half the time, and
        # every segment's quantities are made here.
        quantity = _new_instance(Quantity)
        quantity.__dict__.update(
            value=self.value, start=self.start, end=self.end, text=text[self.start:self.end],
            kind=kind, approximate=self.approximate, enumerator=self.enumerator, step=step,
            weak=self.weak,
        )
        return quantity


_new_instance = object.__new__


# ---------------------------------------------------------------------------
# Chinese

_CN_DIGIT = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_CN_SMALL_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_UNIT = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CN_DIGIT_CHARS = "".join(_CN_DIGIT)
_CN_FINANCIAL = frozenset("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟")
_CN_UNIT_CHARS = "".join(_CN_SMALL_UNIT) + "".join(_CN_BIG_UNIT)
_CN_NUMERAL_CHARS = _CN_DIGIT_CHARS + _CN_UNIT_CHARS
_CN_SCALE = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "千": 1e3, "百": 1e2, "十": 10}


def _parse_cn_integer(numeral: str) -> int | None:
    """Value of a Chinese integer numeral, or None when it is not a well-formed one.

    Accepts 三十五, 两千, 一百零五, 十一, 三亿五千万, 五万亿 and the colloquial
    trailing digit (一万二 = 12000, 三千五 = 3500); digit-only strings longer than
    one character (二〇一〇) are handled by the caller, not here.
    """
    below_yi = 0  # accumulated value below the current 亿 group
    total = 0  # accumulated 亿 groups
    section = 0  # value below the current 万 group
    digit: int | None = None
    last_unit = 0
    after_zero = False
    for position, char in enumerate(numeral):
        if char in _CN_DIGIT:
            value = _CN_DIGIT[char]
            if digit is not None and not after_zero:
                return None  # two digits in a row: 一二, 五四
            if value == 0:
                after_zero = True
                digit = None
                continue
            digit = value
            after_zero = False
        elif char in _CN_SMALL_UNIT:
            unit = _CN_SMALL_UNIT[char]
            if digit is None:
                # 十 may stand alone at the start of a group: 十五, 三万十五 is odd but fine.
                if unit != 10 or (position and numeral[position - 1] in _CN_SMALL_UNIT):
                    return None
                digit = 1
            if last_unit and unit >= last_unit and section:
                return None  # 三十百
            section += digit * unit
            last_unit = unit
            digit = None
            after_zero = False
        else:
            unit = _CN_BIG_UNIT[char]
            group = section + (digit or 0)
            if unit == 10_000:
                if group == 0:
                    return None
                below_yi += group * unit
            else:
                stacked = below_yi + group
                if stacked == 0 and total == 0:
                    return None
                total = (total + stacked) * unit if stacked else total * unit
                below_yi = 0
            section = 0
            digit = None
            last_unit = 0
            after_zero = False
    if digit is not None:
        # Colloquial trailing digit: 一万二 -> 12000, 三千五 -> 3500.
        previous = numeral[-2] if len(numeral) > 1 else ""
        if previous in _CN_BIG_UNIT and not after_zero:
            digit *= _CN_BIG_UNIT[previous] // 10
        elif previous in _CN_SMALL_UNIT and _CN_SMALL_UNIT[previous] > 10 and not after_zero:
            digit *= _CN_SMALL_UNIT[previous] // 10
        section += digit
    return total + below_yi + section


def _parse_cn_number(numeral: str) -> tuple[float, float] | None:
    """(value, step) of a Chinese numeral, possibly with 点 decimals and a scale."""
    integer_part, _, rest = numeral.partition("点")
    if not rest:
        value = _parse_cn_integer(numeral)
        if value is None:
            return None
        has_scale = any(char in _CN_BIG_UNIT for char in numeral)
        return float(value), (_round_step(value) if has_scale else 0.0)
    decimals = ""
    scale = 1.0
    for char in rest:
        if char in _CN_DIGIT and scale == 1.0:
            decimals += str(_CN_DIGIT[char])
        elif char in _CN_BIG_UNIT:
            scale *= _CN_BIG_UNIT[char]
        else:
            return None
    whole = _parse_cn_integer(integer_part) if integer_part else None
    if whole is None or not decimals or any(char in _CN_BIG_UNIT for char in integer_part):
        return None
    digits = f"{whole}.{decimals}"
    return float(digits) * scale, _decimal_step(digits, scale)


# Words and idioms that contain numeral characters but are not numbers.  A bare 一,
# a bare unit (百, 千, 万) and a lone 零 are never numbers anyway, so most 一-words
# need no entry; the list holds what would otherwise parse as a number.
_ZH_NOT_NUMBERS = (
    "十分", "十足", "十全十美", "十字", "万分", "万一", "万万", "万岁", "万物", "万事",
    "万众", "千万别", "千万不", "千万要", "千万记", "千万注意", "千万小心", "千千万万",
    "成千上万", "成千成万", "千方百计", "千家万户", "千军万马", "千变万化", "千丝万缕",
    "千差万别", "千辛万苦", "千言万语", "千山万水", "千姿百态", "万紫千红", "万水千山",
    "百分百", "百姓", "百货", "百科", "百合", "百度", "百事", "百花齐放", "百家争鸣",
    "百废待兴", "百折不挠", "百战百胜", "百闻不如一见", "一五一十", "三番五次",
    "三番两次", "三心二意", "三三两两", "三言两语", "三长两短", "三五成群", "接二连三",
    "七上八下", "七嘴八舌", "七零八落", "乱七八糟", "五湖四海", "五花八门", "五颜六色",
    "四面八方", "四平八稳", "四通八达", "四分五裂", "九牛一毛", "九死一生", "独一无二",
    "一清二楚", "一干二净", "略知一二", "说一不二", "不二", "半斤八两", "朝三暮四",
    "丢三落四", "不三不四", "低三下四", "横七竖八", "七七八八", "十有八九", "八九不离十",
    "三思", "四川", "五角大楼", "三角", "三明治", "三星", "八卦", "九州", "三亚",
    "二氧化", "一氧化", "三氧化", "四氧化", "五氧化", "二手", "二维码", "三聚氰胺",
    "七七事变", "九一八", "五四运动", "初一", "初二", "初三", "初四", "初五", "初六", "初七",
    "初八", "初九", "初十", "二把手", "三把手", "两岸", "两会", "两手", "两面", "两码事",
    "两国", "两党", "两军", "两院", "两全其美", "两败俱伤", "两极分化", "二者", "两者", "三者", "晋三", "二十国集团",
    "七国集团", "八国集团", "独一", "万千", "四肢", "四周", "四处", "四方", "八方", "三军",
    "五官", "五脏六腑", "七情六欲", "三令五申", "六神无主", "一举一动", "十之八九",
    "三文鱼", "大三巴", "万元户", "一成不变", "二级市场", "一级市场", "二进制", "三权分置",
)
# Holidays named by their date: “十一”黄金周 is National Day week, 五一 is May Day.
_ZH_HOLIDAYS = (
    r"(?<=[“‘\"'「])(?:十一|五一)(?=[”’\"'」])"
    r"|(?:十一|五一)(?=[”’\"'」]?\s*(?:黄金周|长假|小长假|假期|国庆|期间|劳动节|节))"
)
_ZH_NUMERAL_CLASS = "[" + _CN_NUMERAL_CHARS + "0-9第]"
# A listed word only counts when it does not continue a longer numeral: 五十分 is
# fifty points, not 五 + 十分 (very).
_ZH_NOT_NUMBER_RE = "(?<!" + _ZH_NUMERAL_CLASS + ")(?:" + "|".join(
    sorted(map(re.escape, _ZH_NOT_NUMBERS), key=len, reverse=True)
) + ")"

# 首 means "first" in these words: 首次 is "the first time", 首届 "the first/inaugural".
_ZH_FIRST = (
    "首次", "首届", "首批", "首个", "首位", "首家", "首例", "首度", "首轮", "首场", "首日",
    "首月", "首年", "首季", "首架", "首艘", "首部", "首条", "首款", "首期", "首座",
    "首航", "首战", "首创", "首秀", "首飞", "首进", "首站", "首单", "之首", "居首", "率先",
)
_ZH_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
_ZH_CN_RUN = ("[" + _CN_NUMERAL_CHARS + "]+(?:[多余几][万亿萬億]+)?(?:点[" + _CN_DIGIT_CHARS
              + "]+[万亿萬億]*)?")
_ZH_TOKEN = re.compile(
    "(?P<skip>" + _ZH_NOT_NUMBER_RE
    + r"|(?:星期|礼拜|周)[一二三四五六日天](?![十百千万])"  # weekdays
    + "|(?<=[数几上成])[" + _CN_NUMERAL_CHARS + "]+(?:多|余|几)?[万亿萬億]*"  # 数十, 上千
    + "|第一(?:手|时间|线)|一线|第一(?=[大高长多深])"  # 第一大 is "largest"
    + "|" + _ZH_HOLIDAYS
    + "|[" + _CN_NUMERAL_CHARS + "](?=郎)"  # Japanese given names: 一郎, 三郎
    + ")"
    + "|(?P<first>" + "|".join(_ZH_FIRST) + ")"
    + "|(?P<firstly>首先)|(?P<secondly>其次)"
    + "|(?P<half>[上下]半(?:年|场|叶|期|财年|个|程|段|赛季|月|时))"
    + "|(?P<world_war>[一二]战(?![略术斗士友胜争役线场区备]))"
    # Ordinals written without 第: 二胎 (second child), 二世 (II), 一等奖 (first prize),
    # 二季度 (second quarter), 十九大 (19th Congress), 四中全会 (Fourth Plenary Session).
    + "|(?P<nth>(?:[二三四五六七八九十]+(?:胎|孩|世(?!纪|界|代))"
    + "|[一二三四五六七八九十]+(?:等(?=奖|功|舱|座|品)|级(?!市场|跳|台阶)"
    + "|流(?![动通程域量失行向传水入出言利露浪淌转派感星])"
    + "|季度|楼(?![盘市房宇道梯层顶下上])|中全会)"
    + "|(?:十[一二三四五六七八九]|二十)(?=大(?![学陆型量小多会战概致约师家])))"
    + "|(?:十[一二三四五六七八九]?|[二三四五六七八九]十[一二三四五六七八九]?)(?=届)"
    + "|(?<!第)(?<![\\d.])[1-9]\\d(?=\\s*届))"
    + r"|(?P<iso>(?<![\d.])\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?![\d]))"
    + r"|(?P<clock>(?<![\d.:])\d{1,2}[:：]\d{2}(?![\d:])"
    + r"|(?:\d{1,2}|[一二两三四五六七八九十]{1,3})[点时](?:\d{1,2}|[零〇一二三四五六七八九十]{1,3})分)"
    + "|(?P<circled>[①-⑳])"
    + r"|(?P<generation>(?<![\d.])[0-9]0(?=后|年代))"  # 80后: people born in the 1980s
    + "|(?P<percent_of>百分之(?P<pct_num>" + _ZH_DIGITS + "|" + _ZH_CN_RUN + "))"
    + "|(?P<fraction>(?P<denominator>" + _ZH_DIGITS + "|" + _ZH_CN_RUN + ")分之(?P<numerator>"
    + _ZH_DIGITS + "|" + _ZH_CN_RUN + "))"
    # 3.5亿, 1亿2千万, 11万7015, 3000多万
    + "|(?P<digits>(?:" + _ZH_DIGITS + r")(?:[多余](?=[万亿萬億]))?"
    + r"(?:[万亿萬億千百]|\d+(?:\.\d+)?[千百万亿])*(?:(?<=[万亿萬億])\d{1,4}(?![\d.]))?)"
    + "|(?P<cn>" + _ZH_CN_RUN + ")"
)
# Characters that can start a _ZH_TOKEN match.
_ZH_CANDIDATE = re.compile("[" + re.escape("".join(sorted(
    set(_CN_NUMERAL_CHARS) | {word[0] for word in _ZH_NOT_NUMBERS + _ZH_FIRST}
    | set("0123456789第首其上下星礼周①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")
))) + "]")
# The candidates that are no numeral, digit or circled number start a token only as the
# first character of one of these words (大 of 大三巴, 上 of 上半年, 周 of 周一).
_ZH_WORD_STARTS: dict[str, tuple[str, ...]] = {}
for _word in (_ZH_NOT_NUMBERS + _ZH_FIRST + ("首先", "其次", "上半", "下半", "星期", "礼拜", "第一")
              + tuple("周" + day for day in "一二三四五六日天")):
    if _word[0] not in _CN_NUMERAL_CHARS:
        _ZH_WORD_STARTS[_word[0]] = _ZH_WORD_STARTS.get(_word[0], ()) + (_word,)
del _word
_LEADING_NUMBER = re.compile("[" + _CN_NUMERAL_CHARS + r"]+|\d+")
_CLOCK_SEPARATOR = re.compile("[:：点时]")
# The scale characters 千/百 are unit prefixes in 千米 (km), 千克 (kg), 百米...
_ZH_UNIT_PREFIX = re.compile("[千百](?=[米克瓦伏卡帕赫焦兆])")
_ZH_APPROX_BEFORE = re.compile(
    r"(?:约|大约|大概|大致|近|将近|接近|逾|超过|超|几乎|不到|不足|至少|最多|多达|近乎|"
    r"差不多|估计|约为)\s*$"
)
_ZH_APPROX_AFTER = re.compile(
    r"\s*(?:多(?![边元样种方数项极国党位变])|[余几]"
    r"|(?:个|年|月|天|倍|岁|周|小时|万|亿|名|人|家|次|项|分钟|公里|米|吨)?"
    r"(?:多(?![边元样种方数项极国党位变])|左右|上下|以上|以下|开外|前后))"
)
_ZH_PERCENT_AFTER = re.compile(r"\s*(?:%|个?百分点)")
# 八成 is 80%; 成员, 成本, 成为... are other words.
_ZH_TENTHS_AFTER = re.compile(r"成(?![员本果为功立就熟长交型绩都年人品分效像千万])")
_ZH_YEAR_AFTER = re.compile(r"\s*年(?![代级龄纪轻均])")
_ZH_YEAR_WORD_AFTER = re.compile(r"\s*年")
_ZH_DECADE_AFTER = re.compile(r"\s*年代")
_ZH_MONTH_AFTER = re.compile(r"\s*月份?")
_ZH_DAY_AFTER = re.compile(r"\s*(?:日(?![元本军方语企资美韩俄中籍媒产货圆文式])|号)")
_ZH_MONTH_BEFORE = re.compile(r"月\s*$")
_ZH_CENTURY_AFTER = re.compile(r"\s*世纪")
_ZH_LIST_PUNCTUATION_AFTER = re.compile(r"\s*(?:[,，、;；]|$)")
_ZH_CENTURY_DECADE = re.compile(r"\s*世纪\s*(\d0|[一二三四五六七八九]十)\s*年代")
_ZH_RANGE_JOIN = re.compile(r"\s*(?:[~\-—–]{1,2}|至|到)\s*")
_ZH_ENUM_AFTER = re.compile(r"\s*(?:是|[、，,：:．.](?![\d]))")
_ZH_CLAUSE_START = re.compile(r"(?:^|[\s，,。；;：:！？!?（(“\"、])$")
_ZH_LIST_MARKER = re.compile(
    r"\s*(?:[（(]\s*(?P<a>\d{1,2}|[" + _CN_NUMERAL_CHARS + r"]{1,3})\s*[）)]"
    r"|(?P<b>\d{1,2}|[" + _CN_NUMERAL_CHARS + r"]{1,3})\s*[、．.](?!\d))"
)
_ZH_ORDINAL_BEFORE = re.compile(r"第\s*$")
_ZH_ANNIVERSARY_AFTER = re.compile(r"\s*(?:周年|週年)")
_ZH_LABEL_AFTER = re.compile(r"\s*(?:[（(][^）)]{1,4}[）)])?\s*[条款章节号页卷版篇册]")
# Letters that may stand right before a number: currency codes and "No.5".
_LETTER_PREFIXES = frozenset({
    "USD", "US", "RMB", "CNY", "EUR", "GBP", "JPY", "HKD", "HK", "NT", "NTD", "AUD", "CAD",
    "SGD", "A", "C", "S", "No", "NO", "no", "Nos", "p", "pp", "Vol", "vol",
})
_LETTERS_BEFORE = re.compile(r"([A-Za-z]+)[-.]?$")
_LETTER_AFTER = re.compile(r"[A-Za-z]|-[A-Za-z]\d")


def _at_clause_start(pattern: re.Pattern, folded: str, position: int) -> bool:
    """Whether ``position`` starts a clause; looks back a few characters only, so
    that extraction stays linear in the length of the text."""
    return pattern.search(folded, max(0, position - 6), position) is not None


def _letters_before(folded: str, start: int) -> re.Match | None:
    """``_LETTERS_BEFORE`` searched in the eight characters before ``start``, after a look
    at the last one or two: most numbers follow no letter."""
    last = folded[start - 1:start] if start else ""
    if last in ("-", "."):
        last = folded[start - 2:start - 1] if start > 1 else ""
    if last != "\n" and not ("a" <= last <= "z" or "A" <= last <= "Z"):
        return None  # ("$" also matches before a final newline: searched below)
    return _LETTERS_BEFORE.search(folded, max(0, start - 8), start)


def _is_identifier(folded: str, start: int, end: int | None, units: re.Pattern) -> bool:
    """Digits glued to letters (G20, COVID-19, 5G, Au.999) name things, they count nothing.
    ``end`` is None when what follows the digits is already known to be a scale word."""
    before = _letters_before(folded, start)
    if before and before.group(1) not in _LETTER_PREFIXES:
        return True
    if end is None:
        return False
    return bool(_LETTER_AFTER.match(folded, end)) and not units.match(folded, end)


# Latin unit symbols that may follow a number; anything else makes it an identifier (5G).
_LATIN_UNITS = re.compile(
    r"(?:km|kg|mg|cm|mm|ml|kW|kWh|MW|GW|GB|MB|TB|KB|Mbps|Gbps|m|g|t|h|s|min|mph|kph|ha|bp)"
    r"(?![A-Za-z])"
)


def _zh_number_value(match_text: str) -> tuple[float, float, bool] | None:
    """(value, step, approximate) of a digits-or-numeral token (no prefixes/suffixes)."""
    if match_text[0].isdigit():
        return _digits_with_scale(match_text)
    approximate = False
    body = match_text
    for marker in ("多", "余", "几"):
        if marker in body:
            head, _, tail = body.partition(marker)
            if not head or any(char not in _CN_BIG_UNIT for char in tail):
                return None
            body = head + tail
            approximate = True
    if len(body) > 1 and all(char in _CN_DIGIT for char in body):
        return None  # digit strings (二〇一〇) are years, decided by the caller
    parsed = _parse_cn_number(body)
    if parsed is None:
        return None
    value, step = parsed
    return value, step, approximate


def _trailing_scale(token: str) -> float:
    """Multiplier of the scale characters that end a number: 3.5万亿 -> 1e12,
    5千万 -> 1e7; in a numeral 三千五百万 only 万 is a scale (-> 1e4)."""
    scale = 1.0
    position = len(token)
    while position and token[position - 1] in _CN_BIG_UNIT:
        position -= 1
        scale *= _CN_SCALE[token[position]]
    if token[0].isdigit():
        while position and token[position - 1] in "千百":
            position -= 1
            scale *= _CN_SCALE[token[position]]
    return scale


_DIGIT_PARTS = re.compile(r"([\d.,，]+)[多余]?([万亿萬億千百]*)")


def _digits_with_scale(token: str) -> tuple[float, float, bool] | None:
    """3.5亿, 600亿, 1亿2千万, 5千, 12,000 -> (value, step, False)."""
    parts = _DIGIT_PARTS.findall(token)
    total = 0.0
    step = 0.0
    for digits, scale_chars in parts:
        digits = digits.replace(",", "").replace("，", "")
        try:
            mantissa = float(digits)
        except ValueError:
            return None
        scale = 1.0
        for char in scale_chars:
            scale *= _CN_SCALE[char]
        total += mantissa * scale
        step = _decimal_step(digits, scale)
    return total, step, False


def _extract_zh(text: str) -> list[_Item]:
    folded = _fold(text, _FULL_WIDTH_ZH)
    items: list[_Item] = []
    marker = _ZH_LIST_MARKER.match(folded)
    marker_span = None
    if marker:
        numeral = marker.group("a") or marker.group("b")
        value = float(numeral) if numeral.isdigit() else _parse_cn_integer(numeral)
        if value:
            items.append(_Item(float(value), marker.start("a") if marker.group("a") else
                               marker.start("b"), marker.end(), "ordinal", enumerator=True))
            marker_span = marker.span()
    for match in _scan(_ZH_TOKEN, _ZH_CANDIDATE, folded, _ZH_WORD_STARTS):
        if marker_span and match.start() < marker_span[1]:
            continue
        group = match.lastgroup
        start, end = match.span()
        if group == "skip":
            continue
        if group == "first":
            items.append(_Item(1.0, start, end, "ordinal", weak=True))
        elif group in ("firstly", "secondly"):
            items.append(_Item(1.0 if group == "firstly" else 2.0, start, end, "ordinal",
                               enumerator=True))
        elif group == "half":
            items.append(_Item(1.0 if folded[start] == "上" else 2.0, start, end, "ordinal"))
        elif group == "world_war":
            items.append(_Item(float(_CN_DIGIT[folded[start]]), start, end, "ordinal"))
        elif group == "nth":
            numeral = _LEADING_NUMBER.match(match.group()).group()
            value = int(numeral) if numeral.isdigit() else _parse_cn_integer(numeral)
            if value:
                items.append(_Item(float(value), start, end, "ordinal"))
        elif group == "iso":
            items.extend(_date_parts(folded, start, end))
        elif group == "clock":
            hours, minutes = _CLOCK_SEPARATOR.split(match.group().rstrip("分"))
            for part, begin in ((hours, start), (minutes, start + len(hours) + 1)):
                value = float(part) if part.isdigit() else _parse_cn_integer(part)
                if value is not None:
                    items.append(_Item(float(value), begin, begin + len(part), "time"))
        elif group == "generation":
            decade = int(match.group())
            items.append(_Item(float(decade + (2000 if decade < 30 else 1900)), start, end,
                               "year"))
        elif group == "circled":
            items.append(_Item(float(ord(match.group()) - 0x2460 + 1), start, end, "ordinal",
                               enumerator=True))
        elif group == "percent_of":
            parsed = _zh_number_value(match.group("pct_num"))
            if parsed:
                value, step, approximate = parsed
                item = _Item(value, start, end, approximate=approximate, step=step,
                             percent=True)
                _zh_context(folded, item)
                items.append(item)
        elif group == "fraction":
            denominator = _zh_number_value(match.group("denominator"))
            numerator = _zh_number_value(match.group("numerator"))
            if denominator and numerator and denominator[0]:
                items.append(_Item(numerator[0] / denominator[0], start, end, "fraction"))
        elif group == "digits":
            token = match.group()
            prefix = _ZH_UNIT_PREFIX.search(folded, start, end + 1)
            if prefix and prefix.start() < end:
                token = token[:prefix.start() - start]
                end = start + len(token)
            if _is_identifier(folded, start, end, _LATIN_UNITS):
                continue  # G20, MH370, 5G, COVID-19
            parsed = _digits_with_scale(token)
            if parsed is None:
                continue
            value, step, _ = parsed
            item = _Item(value, start, end, _plain_kind(value), step=step,
                         approximate="多" in token or "余" in token,
                         scale=_trailing_scale(token))
            _zh_context(folded, item, digits=token)
            items.append(item)
        else:
            items.extend(_zh_numeral(folded, match))
    return _join_ranges(items, folded, _ZH_RANGE_JOIN)


def _zh_numeral(folded: str, match: re.Match) -> list[_Item]:
    token = match.group()
    start, end = match.span()
    prefix = _ZH_UNIT_PREFIX.search(folded, start, end + 1)
    if prefix and start < prefix.start() < end:
        token = token[:prefix.start() - start]
        end = start + len(token)
    if len(token) > 1 and all(char in _CN_DIGIT for char in token):
        # A digit-by-digit string: 二〇一〇年 is a year, 一两/三四 is "one or two".
        if len(token) == 4 and _ZH_YEAR_WORD_AFTER.match(folded, end):
            year = float("".join(str(_CN_DIGIT[char]) for char in token))
            return [_Item(year, start, _ZH_YEAR_WORD_AFTER.match(folded, end).end(), "year")]
        if len(token) == 2:
            low, high = (_CN_DIGIT[char] for char in token)
            if high == low + 1 and low > 0:
                return [_Item(float(low), start, start + 1, "range-start", approximate=True),
                        _Item(float(high), start + 1, end, "range-end", approximate=True)]
        return []
    if any(char in _CN_FINANCIAL for char in token) and (
            len(token) < 2 or any(char not in _CN_FINANCIAL for char in token)):
        return []  # 陆 (大陆, 陆续), 伍 (队伍), 拾 (收拾) are words; 壹佰 is a number
    if token in ("百", "千", "万", "亿"):
        # 百余项, 逾千人, 百强: a bare unit with an approximate marker reads as 100...
        unit = _CN_SCALE[token]
        more = folded[end:end + 1] in ("多", "余")
        if more or _ZH_APPROX_BEFORE.search(folded, max(0, start - 4), start):
            return [_Item(unit, start, end + more, "cardinal", approximate=True, step=unit)]
        if folded.startswith("强", end):
            return [_Item(unit, start, end, "cardinal")]
        if token in ("百", "千") and folded.startswith("年", end):
            # 百年 is "a hundred years" as often as "a century"
            return [_Item(unit, start, end, "cardinal", weak=True)]
        return []
    if token[0] in "百千" and token[-1] in _CN_BIG_UNIT:
        parsed = _zh_number_value("一" + token)  # 百万, 千亿
        if parsed is None:
            return []
        item = _Item(parsed[0], start, end, "cardinal", step=parsed[1],
                     scale=_trailing_scale(token))
        _zh_context(folded, item)
        return [item]
    if token in ("一", "零", "〇") or token[0] in _CN_BIG_UNIT:
        # A bare 一 is an article (一个, 一种); it only counts as 第一, 一是, 一月...
        before = folded[max(0, start - 1):start]
        if token == "一" and before == "第":
            return [_zh_ordinal_item(folded, start - 1, end, 1.0)]
        if token == "一" and _at_clause_start(_ZH_CLAUSE_START, folded, start) and \
                folded.startswith("是", end):
            return [_Item(1.0, start, end + 1, "ordinal", enumerator=True)]
        if token == "一" and _ZH_TENTHS_AFTER.match(folded, end):
            return [_Item(10.0, start, end + 1, percent=True)]  # 一成 is 10%
        month = _ZH_MONTH_AFTER.match(folded, end)
        if token == "一" and before != "个" and month:
            return [_Item(1.0, start, month.end(), "date-part")]
        return []
    parsed = _zh_number_value(token)
    if parsed is None:
        return []
    value, step, approximate = parsed
    if folded[start - 1:start] == "第" and start:
        return [_zh_ordinal_item(folded, start - 1, end, value)]
    item = _Item(value, start, end, _plain_kind(value), approximate=approximate, step=step,
                 scale=_trailing_scale(token) if token[-1] in _CN_BIG_UNIT else 1.0)
    if _at_clause_start(_ZH_CLAUSE_START, folded, start) and folded.startswith("是", end) and \
            value < 20 and not approximate:
        return [_Item(value, start, end + 1, "ordinal", enumerator=True)]
    _zh_context(folded, item)
    if item.kind == "cardinal" and (token == "两" or (
            len(token) == 1 and folded.startswith(("国", "方"), end))):
        item.weak = True  # 两项 is often "both"; 中老缅泰四国 names the four countries
    return [item]


def _zh_ordinal_item(folded: str, start: int, end: int, value: float) -> _Item:
    if _ZH_LABEL_AFTER.match(folded, end):
        return _Item(value, start + 1, end, "cardinal")  # 第三条 is "Article 3"
    item = _Item(value, start, end, "ordinal")
    if _at_clause_start(_ZH_CLAUSE_START, folded, start) and _ZH_ENUM_AFTER.match(folded, end):
        item.enumerator = True
    return item


def _zh_context(folded: str, item: _Item, digits: str | None = None) -> None:
    """Apply the suffixes and prefixes around a Chinese number to ``item`` in place."""
    start, end = item.start, item.end
    if _ZH_APPROX_BEFORE.search(folded, max(0, start - 4), start):
        item.approximate = True
    approx_after = _ZH_APPROX_AFTER.match(folded, end)
    if approx_after:
        item.approximate = True
        if approx_after.group() in ("多", "余", "几"):
            end = item.end = approx_after.end()
    percent = _ZH_PERCENT_AFTER.match(folded, end)
    if percent:
        item.percent = True
        item.end = percent.end()
        return
    if item.percent:
        return
    tenths = _ZH_TENTHS_AFTER.match(folded, end)
    if tenths and item.value <= 10 and item.value == int(item.value) and not item.scaled:
        item.value *= 10
        item.step *= 10
        item.percent = True
        item.end = tenths.end()
        if _ZH_APPROX_AFTER.match(folded, item.end):
            item.approximate = True  # 五成以上
        return
    if _ZH_ORDINAL_BEFORE.search(folded, max(0, start - 2), start):
        if not _ZH_LABEL_AFTER.match(folded, end):
            item.kind = "ordinal"  # 第三; but 第43条 is "Article 43", a label
        return
    if _ZH_ANNIVERSARY_AFTER.match(folded, end):
        item.kind = "ordinal"  # 70周年 is "the 70th anniversary"
        return
    if _ZH_CENTURY_AFTER.match(folded, end):
        item.kind = "ordinal"
        decade = _ZH_CENTURY_DECADE.match(folded, end)
        if decade:
            tens = decade.group(1)
            tens_value = int(tens) if tens.isdigit() else _parse_cn_integer(tens)
            item.value = (item.value - 1) * 100 + tens_value
            item.kind = "year"
            item.end = decade.end()
        return
    integral = item.value == int(item.value) and not item.scaled
    if integral and _ZH_DECADE_AFTER.match(folded, end):
        if digits and len(digits) == 4:
            item.kind = "year"
        elif 10 <= item.value <= 90 and item.value % 10 == 0:
            item.value += 1900  # 90年代: the century is assumed, as readers do
            item.kind = "year"
        return
    year = _ZH_YEAR_AFTER.match(folded, end)
    if integral and year and digits is not None and len(digits) == 4 and \
            1000 <= item.value <= 2200:
        item.kind = "year"
        item.end = year.end()
        return
    month = _ZH_MONTH_AFTER.match(folded, end)
    if integral and 1 <= item.value <= 12 and month and folded[start - 1:start] != "个":
        item.kind = "date-part"
        item.end = month.end()
        return
    day = _ZH_DAY_AFTER.match(folded, end)
    if integral and 1 <= item.value <= 31 and day and (
            day.group().endswith("日") or _ZH_MONTH_BEFORE.search(folded, max(0, start - 4), start)):
        item.kind = "date-part"
        item.end = day.end()
        return
    if digits is not None and len(digits) == 4 and integral and 1900 <= item.value <= 2100 \
            and not item.approximate and _ZH_LIST_PUNCTUATION_AFTER.match(folded, end):
        item.kind = "year"


_DATE_SEPARATOR = re.compile(r"[-/.]")


def _date_parts(folded: str, start: int, end: int) -> list[_Item]:
    parts = _DATE_SEPARATOR.split(folded[start:end])
    items: list[_Item] = []
    position = start
    for index, part in enumerate(parts):
        items.append(_Item(float(part), position, position + len(part),
                           "year" if index == 0 else "date-part"))
        position += len(part) + 1
    return items


_RANGE_KINDS = ("cardinal", "decimal", "year")


def _join_ranges(items: list[_Item], folded: str, joiner: re.Pattern) -> list[_Item]:
    """Mark ``A-B`` pairs as ranges and share the unit written after the second number."""
    if len(items) < 2:
        return items  # most sentences: nothing to order, deduplicate or join
    items.sort(key=lambda item: item.start)
    deduplicated: list[_Item] = []
    for item in items:
        if deduplicated and item.start < deduplicated[-1].end:
            continue  # month/day already produced from a year's context
        deduplicated.append(item)
    items = deduplicated
    for left, right in zip(items, items[1:]):
        if left.kind not in _RANGE_KINDS or right.kind not in _RANGE_KINDS + ("date-part",):
            continue
        join = joiner.match(folded, left.end)
        if not join or join.end() != right.start:
            continue
        if right.kind == "date-part":
            if left.kind == "cardinal" and 1 <= left.value <= 31:
                left.kind = "date-part"  # 25至27日
            continue
        if left.kind == "year" or right.kind == "year":
            if left.value >= 1000 and right.value >= 1000:
                left.kind = right.kind = "year"  # 2010—2015年
            continue
        if right.percent:
            left.percent = True  # 10～20%
        if right.scaled and not left.scaled and left.value * right.scale <= right.value * 10:
            left.value *= right.scale  # 3至5万, "between 5 and 10 million"
            left.step *= right.scale
            left.scale = right.scale
        left.kind = "range-start"
        right.kind = "range-end"
    return items


# ---------------------------------------------------------------------------
# English

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_EN_SCALES = {
    "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "dozen": 12,
}
_BIG_SCALE_WORDS = frozenset({"thousand", "million", "billion", "trillion"})
_EN_SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9,
                    "tn": 1e12, "trn": 1e12}
_EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
    "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100, "thousandth": 1000, "millionth": 1e6,
}
_EN_ENUMERATORS = {"firstly": 1, "secondly": 2, "thirdly": 3, "fourthly": 4, "fifthly": 5,
                   "sixthly": 6, "seventhly": 7, "eighthly": 8, "ninthly": 9, "tenthly": 10}
_EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
_EN_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4,
                 "quarters": 4, "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5,
                 "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8,
                 "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _alternation(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_EN_NUMBER_WORD = _alternation(list(_EN_UNITS) + list(_EN_SCALES))
_EN_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_EN_ORDINAL_WORD = (
    "(?:(?:" + _EN_TENS + ")[- ]?)?(?:" + _alternation(_EN_ORDINALS) + ")"
)
_EN_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|(?<![\w.])\.\d+"
_EN_MONTH_NAMES = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b"
    # Abbreviations need a dot or a day number: "Guo Jun" is a name.
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|\b(?=\s+\d))"
)
# The English tokens: alternatives in order, the first that matches wins.
_EN_TOKEN_ALTERNATIVES = (
    r"(?P<iso>(?<![\d.])\d{4}-\d{1,2}-\d{1,2}(?!\d))",
    r"(?P<slash_date>(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?!\d))",
    r"(?P<clock>(?<![\d.:])\d{1,2}:\s?\d{2}(?![\d:]))",
    r"(?P<decade>(?<![\w'])(?:\d{2}|')?\d0'?s\b)",
    r"(?P<ordinal_digits>(?<![\w.])\d+(?:st|nd|rd|th)\b)",
    # "a third of", "two-thirds", "one-fifth"; but "a third post" is an ordinal.
    r"(?P<fraction>\b(?i:(?:an?|one)[- ](?:half|third|quarter|fourth|fifth|sixth|seventh"
    r"|eighth|ninth|tenth)(?=-|\s+of\b|\s*[,.;:)]|\s*$)"
    r"|(?:an?|one|two|three|four|five|six|seven|eight|nine)[- ](?:halves|thirds|quarters"
    r"|fourths|fifths|sixths|sevenths|eighths|ninths|tenths))\b)",
    r"(?P<slash_fraction>(?<![\w/.])\d{1,2}/\d{1,3}(?![\w/]))",
    r"(?P<world_war>\bWorld\s+War\s+(?:II|I|One|Two|1|2)\b)",
    # Elizabeth II, Phase III; not the pronoun "I", not "Zhou X" (周某)
    r"(?P<roman>\b(?:Phase|Part|Chapter|Section|Article|Volume|Book|Stage|Level|Title|Class"
    r"|Type|Act|Round)\s+(?=[IVX]{1,5}\b)(?:X{0,3})(?:IX|IV|V?I{0,3})\b"
    r"|\b[A-Z][a-z]+\s+(?=[IVX]{2,5}\b)(?:X{0,3})(?:IX|IV|V?I{0,3})\b(?!\s*[’']))",
    r"(?P<not_number>\b(?i:second[- ]to[- ]none|second\s+only\s+to|(?:two|three|four)"
    r"[- ]dimensional|group\s+of\s+(?:seven|eight|twenty|\d+)|(?:GMT|UTC)\s*[+-]\s*\d+"
    r"|(?:the\s+)?two\s+(?:sides|parties|countries|nations|governments|peoples|militaries"
    r"|armies|leaders|heads\s+of\s+state|presidents|economies|states|regions)))\b",
    r"(?P<month>\b(?:" + _EN_MONTH_NAMES + r"))",
    r"(?P<decades>\b(?i:(?:two|three|four|five|six|seven|eight|nine|\d+)\s+decades"
    r"|(?:a|an|one|the|this|that|past|last|next|full|whole|entire|golden|lost)\s+"
    r"(?:(?:full|whole|entire|golden|lost|past|last|next)\s+)?decade)\b)",
    r"(?P<times>\b(?i:twice|thrice)\b)",
    r"(?P<fold>\b(?i:two|three|four|five|six|seven|eight|nine|ten|\d+)-?fold\b)",
    r"(?P<enumerator>\b(?i:" + _alternation(_EN_ENUMERATORS) + r")\b)",
    r"(?P<first_of_all>\b(?i:first\s+of\s+all)\b)",
    r"(?P<ordinal_word>\b(?i:" + _EN_ORDINAL_WORD + r")\b)",
    r"(?P<scaled>(?P<digits>(?<![\d,])(?<!\d\.)(?:" + _EN_DIGITS + r"))"
    r"(?P<dscale>\s*-?\s*(?i:" + _alternation(_EN_SCALES) + r")\b"
    r"|(?:" + _alternation(_EN_SHORT_SCALES) + r")\b)?)",
    r"(?P<words>\b(?i:(?:(?:an?|one)\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?"
    r"(?:" + _EN_NUMBER_WORD + r")(?:(?:\s*-\s*|\s+and\s+|\s+)(?:" + _EN_NUMBER_WORD + r"))*)\b)",
)
# The alternatives that can match at a digit, "." or "'" and those that can match at a
# letter.  Each candidate is tried against its own share only: the share of a digit
# leaves out the large case-insensitive word lists, which the regex engine would try
# one by one.  Same order, so the same alternative wins as in all of them joined.
_EN_FIGURE_GROUPS = frozenset({"iso", "slash_date", "clock", "decade", "ordinal_digits",
                               "slash_fraction", "decades", "fold", "scaled"})
_EN_WORD_GROUPS = frozenset({"fraction", "world_war", "roman", "not_number", "month", "decades",
                             "times", "fold", "enumerator", "first_of_all", "ordinal_word",
                             "words"})


def _en_token_share(groups: frozenset[str]) -> re.Pattern:
    return re.compile("|".join(alternative for alternative in _EN_TOKEN_ALTERNATIVES
                               if re.match(r"\(\?P<(\w+)>", alternative).group(1) in groups))


_EN_FIGURE_TOKEN = _en_token_share(_EN_FIGURE_GROUPS)
_EN_WORD_TOKEN = _en_token_share(_EN_WORD_GROUPS)
# Words that can start a token match; any other word is skipped without trying it.
_EN_TRIGGER_WORDS = frozenset(
    list(_EN_UNITS) + list(_EN_ORDINALS) + list(_EN_ENUMERATORS) + list(_EN_MONTHS)
    + [unit + "fold" for unit in ("two", "three", "four", "five", "six", "seven", "eight",
                                  "nine", "ten")]
    + """world group gmt utc twice thrice phase part chapter section article volume book
    stage level title class type act round""".split()
)
# Frequent words that start a match only before certain words: "a hundred", "a third of",
# "the past decade", "the two sides".
_EN_LEAD_WORDS = frozenset("a an the this that past last next full whole entire golden lost"
                           .split())
_EN_AFTER_LEAD_WORDS = frozenset(
    list(_EN_SCALES) + list(_EN_FRACTIONS) + ["decade", "two"] + list(_EN_LEAD_WORDS)
)
_NEXT_WORD = re.compile(r"[\s-]+([A-Za-z]+)")
_ROMAN_AFTER = re.compile(r"\s+[IVX]{2,5}\b")


# Letters by how often English words start with them: the trie below tries its
# branches in this order, so that most words that start no candidate fail early.
_FIRST_LETTERS_BY_FREQUENCY = "tasowicbphfmdrelngyuvjkqxz"


def _any_case_trie(endings: dict[str, str]) -> str:
    """A regex for any word of ``endings`` (ASCII letters) in any mix of case, followed by
    that word's ending (a regex).  Written as a trie: the regex engine drops a word after
    its first letters instead of trying every word in turn."""
    branches: dict[str, dict[str, str]] = {}
    for word, ending in endings.items():
        if word:
            branches.setdefault(word[0], {})[word[1:]] = ending
    parts = [f"[{first.upper()}{first}]" + _any_case_trie(branches[first])
             for first in sorted(branches, key=_FIRST_LETTERS_BY_FREQUENCY.index)]
    if "" in endings:
        parts.append(endings[""])
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


# The words that may start a token (_en_candidate_word says which do):
# trigger words, lead words before one of their words, capitalised words before
# a Roman numeral.
_EN_CANDIDATE_WORD = (
    "(?:" + _any_case_trie(dict.fromkeys(_EN_TRIGGER_WORDS, "(?![A-Za-z])"))
    + "|" + _any_case_trie(dict.fromkeys(_EN_LEAD_WORDS, "")) + r"(?=[\s-]+"
    + _any_case_trie(dict.fromkeys(_EN_AFTER_LEAD_WORDS, "")) + "(?![A-Za-z]))"
    + r"|[A-Z][A-Za-z]*+(?=\s+[IVX]{2,5}\b))"
)
# Where a token is tried: a run of digits, "." or "'" before a digit (".5", "'90s"), a
# whole word of letters that may start a match.  One match skips, inside the regex
# engine, every other word and character up to the next such candidate (the group
# ``candidate``; None at the end of the text), instead of a Python loop over every word.
_EN_CANDIDATES = re.compile(
    r"(?:[^A-Za-z\d.']+|(?!" + _EN_CANDIDATE_WORD + r")[A-Za-z]+|[.'](?!\d))*+"
    # Stopped at a letter: a candidate word starts here (and ends where the letters do).
    r"(?:(?P<candidate>(?P<word>[A-Za-z]+)|\d+|[.'])|\Z)"
)


def _en_candidates(text: str) -> Iterator[tuple[int, bool]]:
    """(offset, starts a word) where a token may start in ``text``, ascending."""
    for found in _EN_CANDIDATES.finditer(text):
        start = found.start("candidate")
        if start < 0:
            return
        word = found.group("word")
        if word is None:
            yield start, False
        elif _en_candidate_word(word, text, found.end()):
            yield start, True


# Words that may start a token as themselves.  The other trigger words only match
# before a Roman numeral or as "World War", which _en_matchable_candidates leaves to
# _en_candidates.
_EN_SELF_TRIGGERS = frozenset(
    list(_EN_UNITS) + list(_EN_ORDINALS) + list(_EN_ENUMERATORS) + list(_EN_MONTHS)
    + [unit + "fold" for unit in ("two", "three", "four", "five", "six", "seven", "eight",
                                  "nine", "ten")]
    + "twice thrice group gmt utc".split()
)
# What a lead word must come before for a token to start at it (another lead word only
# passes the question on: "the past decade").
_EN_LEAD_TARGETS = _EN_AFTER_LEAD_WORDS - _EN_LEAD_WORDS
_EN_WORDS_THAT_MATTER = _EN_SELF_TRIGGERS | _EN_LEAD_TARGETS
# Roman numerals up to five letters, as lower-case words: a text with one is left to the
# scan (with "World War"), which tries the words before them.
_ROMAN_WORDS = frozenset("".join(letters) for size in range(1, 6)
                         for letters in itertools.product("ivx", repeat=size))
_EN_WORDS_TO_LOOK_FOR = _EN_WORDS_THAT_MATTER | _ROMAN_WORDS
# ASCII text -> its letters in lower case, anything else a space (one fast C pass).
_ASCII_WORDS_ONLY = str.maketrans({code: (chr(code).lower() if chr(code).isalpha() else " ")
                                   for code in range(128)})
_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")


def _en_matchable_candidates(text: str) -> Iterable[tuple[int, bool]]:
    """The candidates of _en_candidates, less word candidates at which no token can match:
    the words that matter are found in a set of the text's words, so that most sentences,
    which have none, skip the word-by-word scan.  The tokens are the same."""
    # Every other character as "?", so that offsets and the words of [A-Za-z] stay those
    # of ``text``.
    plain = text if text.isascii() else text.encode("ascii", "replace").decode("ascii")
    present = _EN_WORDS_TO_LOOK_FOR.intersection(plain.translate(_ASCII_WORDS_ONLY).split())
    if not _ROMAN_WORDS.isdisjoint(present) or "World" in text:
        return _en_candidates(text)  # rare: the scan tries the words before these
    candidates = []
    if _DIGIT.search(text):
        for found in _DIGITS.finditer(text):
            start = found.start()
            if start and text[start - 1] in ".'":
                candidates.append((start - 1, False))  # ".5", "'90s"
            candidates.append((start, False))
    if not present:
        return candidates
    lowered = plain.lower()
    size = len(lowered)
    for word in present:
        length = len(word)
        start = lowered.find(word)
        while start >= 0:
            end = start + length
            if (not start or not "a" <= lowered[start - 1] <= "z") and \
                    (end == size or not "a" <= lowered[end] <= "z"):
                if word in _EN_SELF_TRIGGERS:
                    candidates.append((start, True))
                if word in _EN_LEAD_TARGETS:
                    candidates.extend((lead, True)
                                      for lead in _lead_words_before(text, lowered, start))
            start = lowered.find(word, start + 1)
    return sorted(set(candidates))


def _lead_words_before(text: str, lowered: str, position: int) -> Iterator[int]:
    """Offsets of the lead words ("a", "the past") right before ``position``, each
    separated from the next word by whitespace and hyphens only, nearest first;
    ``lowered`` is ``text`` with its ASCII letters in lower case."""
    while True:
        end = position
        while end and (text[end - 1].isspace() or text[end - 1] == "-"):
            end -= 1
        if end == position:
            return
        start = end
        while start and "a" <= lowered[start - 1] <= "z":
            start -= 1
        if lowered[start:end] not in _EN_LEAD_WORDS:
            return
        yield start
        position = start


def _en_tokens(text: str) -> Iterator[re.Match]:
    """The English tokens of ``text``, left to right: _EN_TOKEN_ALTERNATIVES tried only at
    the candidates, and only those that can match there."""
    position = 0
    for start, word in _en_matchable_candidates(text):
        if start < position:
            continue
        match = (_EN_WORD_TOKEN if word else _EN_FIGURE_TOKEN).match(text, start)
        if match and match.end() > start:
            position = match.end()
            yield match


def _en_candidate_word(word: str, text: str, end: int) -> bool:
    """Whether the whole word of letters ``word``, ending at ``end``, may start a match."""
    lowered = word.lower()
    if lowered in _EN_TRIGGER_WORDS:
        return True
    if lowered in _EN_LEAD_WORDS:
        following = _NEXT_WORD.match(text, end)
        return following is not None and following.group(1).lower() in _EN_AFTER_LEAD_WORDS
    # "Elizabeth II": any capitalised word may introduce a regnal number.
    return word[0].isupper() and _ROMAN_AFTER.match(text, end) is not None


_EN_PERCENT_AFTER = re.compile(
    r"\s*(?:%|(?i:percent(?:age\s+points?)?|per\s*cent|pct|percentage\s+points?"
    r"|per\s+centage))(?![a-z])"
)
_EN_APPROX_WORDS = (
    r"more\s+than|over|nearly|about|around|almost|some|approximately|approx\.?|roughly"
    r"|close\s+to|up\s+to|at\s+least|less\s+than|fewer\s+than|under|upwards\s+of"
    r"|in\s+excess\s+of|an\s+estimated|estimated|just\s+over|just\s+under|well\s+over"
    r"|not\s+quite|no\s+fewer\s+than|no\s+less\s+than|at\s+most|as\s+many\s+as"
    r"|as\s+much\s+as|or\s+so|circa|c\."
)
_EN_APPROX_BEFORE = re.compile(
    r"(?i:\b(?:" + _EN_APPROX_WORDS + r")"
    r")\s*(?:a|an|the)?\s*(?:US\s*\$|HK\s*\$|\$|€|£|¥|RMB\s*|USD\s*|yuan\s*)?\s*$"
)


def _reversed_regex(pattern: str) -> str:
    """A regex of letters, ``\\s+``, ``\\s*``, ``\\$``, ``\\.`` and ``\\.?`` (and | between
    alternatives) that matches the reversed strings."""
    def reverse(alternative: str) -> str:
        pieces = re.findall(r"\\s[+*]|\\[$.]\??|[^\\]", alternative)
        assert "".join(pieces) == alternative, alternative
        return "".join(reversed(pieces))
    return "|".join(reverse(alternative) for alternative in pattern.split("|"))


# _EN_APPROX_BEFORE read backwards from the number, tried once with match() on the
# reversed text instead of search() at each of forty offsets; its last lookahead lets
# more through than \b at the window's first character, so a match is confirmed with
# _EN_APPROX_BEFORE itself.
_EN_APPROX_BEFORE_REVERSED = re.compile(
    r"\s*(?:" + _reversed_regex(r"US\s*\$|HK\s*\$|\$|€|£|¥|RMB\s*|USD\s*|yuan\s*") + r")?"
    r"\s*(?:a|na|eht)?\s*(?i:(?:" + _reversed_regex(_EN_APPROX_WORDS) + r"))(?!\w)"
)


def _en_approximate_before(folded: str, start: int) -> bool:
    """Whether "about", "more than"... (_EN_APPROX_BEFORE) ends right before ``start``."""
    window = max(0, start - 40)
    return (_EN_APPROX_BEFORE_REVERSED.match(folded[window:start][::-1]) is not None
            and _EN_APPROX_BEFORE.search(folded, window, start) is not None)


_EN_APPROX_AFTER = re.compile(
    r"(?:\+|-?\s*plus\b|-odd\b|\s+or\s+(?:so|more|above)\b|\s+and\s+(?:more|above)\b"
    r"|\s+(?:odd|something)\b|\s+(?:years?|people|times)\s+or\s+(?:so|more)\b)",
    re.IGNORECASE,
)
_EN_UNIT_AFTER_DIGITS = re.compile(
    r"(?:hrs?|mins?|sq|ft|lbs?|oz|am|pm|a\.m|p\.m|x)(?![A-Za-z])|" + _LATIN_UNITS.pattern
)
_EN_CURRENCY_BEFORE = re.compile(r"(?:\$|€|£|¥)\s*$")
_EN_RANGE_JOIN = re.compile(r"\s*(?:[-–—~]|to|and)\s*(?:US\s*\$|\$|€|£|¥)?")
_EN_CLAUSE_START = re.compile(r"(?:^|[.;:!?．。；：]\s*|\n\s*)$")
_EN_ENUM_MARKER = re.compile(
    r"\s*(?:\(\s*(?P<a>\d{1,2}|[IVX]{1,5})\s*\)|(?P<b>\d{1,2}|[IVX]{1,5})\s*[.．)、](?!\d))\s*"
)


_WORD_SEPARATOR = re.compile(r"[\s-]+")
_PLURAL_OR_OF = re.compile(r"s\b|\s+of\b")
_EN_COUNTED_NOUN_AFTER = re.compile(
    r"\s*(?i:people|persons|times|units|yuan|dollars|tons|tonnes|km|kilometres|kilometers"
    r"|metres|meters|cases|deaths)\b"
)
_AT_BEFORE = re.compile(r"\bat\s+$")
_HAND_OR_COME_AFTER = re.compile(r"-?hand|\s+come\b")
_COUNT_AFTER = re.compile(
    r"\s+(?:\d|few\b|(?:" + _EN_TENS + r"|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve)\b)"
)
_FIRST_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:the|its|his|her|their|our|my|your|this|that|whose|a|an|rank|ranks|ranked"
    r"|ranking|came|come|comes|finished|placed|become|becomes|became|be|is|was|were|are"
    r"|being|one)\s+|['’]s\s+)$"
)
_SECOND_AS_TIME_BEFORE = re.compile(r"(?:\b(?:per|every|split|one)\s+|\d\s*)$")
_SECOND_AS_TIME_AFTER = re.compile(r"\s+(?:or|and|later|ago)\b")
_A_BEFORE = re.compile(r"\ba\s+$")
_LOWERCASE_WORD_AFTER = re.compile(r"\s+[a-z]")
_LIST_COMMA_AFTER = re.compile(r"\s*[,，:]")
_DIGIT_AFTER = re.compile(r"\s*,?\s+\d")
_DIGIT_BEFORE = re.compile(r"\d\s+$")
_MONTH_PREPOSITION_BEFORE = re.compile(
    r"(?i:\b(?:in|of|since|until|by|early|late|mid|last|next|this|from|to|on)[\s-]+)$"
)
_DAY_GAP = re.compile(r"\s*(?:the\s+|of\s+)?")


def _roman_value(numeral: str) -> int | None:
    total = 0
    for index, char in enumerate(numeral):
        value = _ROMAN.get(char)
        if value is None:
            return None
        following = _ROMAN.get(numeral[index + 1]) if index + 1 < len(numeral) else 0
        total += -value if following and following > value else value
    return total or None


def _words_value(phrase: str) -> float | None:
    """Value of "twenty-five", "one hundred and five", "a million", "two dozen"."""
    tokens = [token for token in _WORD_SEPARATOR.split(phrase.lower())
              if token and token != "and"]
    if not tokens:
        return None
    if tokens[0] in ("a", "an"):
        tokens[0] = "one"
    total = 0.0
    current = 0.0
    previous_unit: int | None = None
    for token in tokens:
        if token in _EN_UNITS:
            value = _EN_UNITS[token]
            if previous_unit is not None and not (
                    previous_unit >= 20 and previous_unit % 10 == 0 and value < 10):
                return None  # "five six", "twenty thirty": two numbers, not one
            current += value
            previous_unit = value
            continue
        previous_unit = None
        if token == "hundred":
            current = (current or 1) * 100
        elif token == "dozen":
            current = (current or 1) * 12
        else:
            total += (current or 1) * _EN_SCALES[token]
            current = 0
    return total + current


def _extract_en(text: str) -> list[_Item]:
    folded = _fold(text)
    items: list[_Item] = []
    skip_until = 0
    marker = _EN_ENUM_MARKER.match(folded)
    if marker:
        numeral = marker.group("a") or marker.group("b")
        value = int(numeral) if numeral.isdigit() else _roman_value(numeral)
        if value:
            begin = marker.start("a") if marker.group("a") else marker.start("b")
            items.append(_Item(float(value), begin, begin + len(numeral), "ordinal",
                               enumerator=True))
            skip_until = marker.end()
    for match in _en_tokens(folded):
        start, end = match.span()
        if start < skip_until:
            continue
        group = match.lastgroup
        token = match.group()
        if group == "not_number":
            continue
        if group == "scaled":
            item = _en_digits(folded, match)
            if item:
                items.append(item)
        elif group == "words":
            item = _en_words(folded, match)
            if item:
                items.append(item)
        elif group == "iso":
            items.extend(_date_parts(folded, start, end))
        elif group == "slash_date":
            first, second, year = token.split("/")
            items.append(_Item(float(first), start, start + len(first), "date-part"))
            position = start + len(first) + 1
            items.append(_Item(float(second), position, position + len(second), "date-part"))
            items.append(_Item(float(year), end - 4, end, "year"))
        elif group == "clock":
            hours, minutes = token.split(":")
            items.append(_Item(float(hours), start, start + len(hours), "time"))
            if int(minutes):  # 7:00 is 7时 / "7 o'clock"
                items.append(_Item(float(minutes), end - 2, end, "time"))
        elif group == "decade":
            digits = token.strip("'s")
            if len(digits) == 2:
                digits = "19" + digits
            elif len(digits) == 1:
                continue
            items.append(_Item(float(digits), start, end, "year"))
        elif group == "ordinal_digits":
            items.append(_en_ordinal(folded, start, end, float(token.rstrip("stndrh"))))
        elif group == "fraction":
            parts = _WORD_SEPARATOR.split(token.lower())
            count = 1 if parts[0] in ("a", "an", "one") else _EN_UNITS[parts[0]]
            items.append(_Item(count / _EN_FRACTIONS[parts[1]], start, end, "fraction"))
        elif group == "slash_fraction":
            numerator, denominator = (int(part) for part in token.split("/"))
            if 0 < numerator < denominator:
                items.append(_Item(numerator / denominator, start, end, "fraction"))
            else:
                items.append(_Item(float(numerator), start, start + len(str(numerator))))
                items.append(_Item(float(denominator), end - len(str(denominator)), end))
        elif group == "world_war":
            last = token.split()[-1]
            value = {"I": 1, "II": 2, "One": 1, "Two": 2, "1": 1, "2": 2}[last]
            items.append(_Item(float(value), start, end, "ordinal"))
        elif group == "roman":
            numeral = token.split()[-1]
            value = _roman_value(numeral)
            if value:
                begin = end - len(numeral)
                items.append(_Item(float(value), begin, end, "ordinal"))
        elif group == "month":
            item = _en_month(folded, match)
            if item:
                items.append(item)
        elif group == "decades":
            count_word = token.split()[0].lower()
            if count_word.isdigit():
                count = int(count_word)
            else:
                count = _EN_UNITS.get(count_word, 1)  # "a decade", "the past decade"
            items.append(_Item(count * 10.0, start, end, "cardinal", approximate=True))
        elif group == "times":
            items.append(_Item(2.0 if token.lower() == "twice" else 3.0, start, end))
        elif group == "fold":
            head = token.lower()[:-len("fold")].rstrip("-")
            value = int(head) if head.isdigit() else _EN_UNITS[head]
            items.append(_Item(float(value), start, end))
        elif group == "enumerator":
            items.append(_Item(float(_EN_ENUMERATORS[token.lower()]), start, end, "ordinal",
                               enumerator=True))
        elif group == "first_of_all":
            items.append(_Item(1.0, start, end, "ordinal", enumerator=True))
        elif group == "ordinal_word":
            value = _en_ordinal_word_value(token)
            if value is None or not _en_ordinal_word_is_number(folded, start, end, token):
                continue
            item = _en_ordinal(folded, start, end, value)
            item.weak = value == 1 and not item.enumerator  # "first" also renders 首/率先/先
            items.append(item)
    items = _join_ranges(items, folded, _EN_RANGE_JOIN)
    return _en_dates(items, folded)


def _en_digits(folded: str, match: re.Match) -> _Item | None:
    start = match.start("digits")
    digits = match.group("digits")
    # The scale word after any whitespace and one hyphen: "5 million", "5-million",
    # "5\u00a0million" (a no-break space, which strip(" -") kept and then crashed on).
    scale_text = (match.group("dscale") or "").lstrip().lstrip("-").lstrip().lower()
    end = match.end()
    scale = 1.0
    if scale_text in _EN_SHORT_SCALES:
        # "$5m" is five million; "5m" without a currency is five metres.
        if scale_text in ("m", "b", "k") and not _EN_CURRENCY_BEFORE.search(
                folded, max(0, start - 4), start):
            scale_text = ""
            end = match.end("digits")
        else:
            scale = _EN_SHORT_SCALES[scale_text]
    elif scale_text:
        scale = _EN_SCALES[scale_text]
    if not scale_text:
        end = match.end("digits")
    if _is_identifier(folded, start, None if scale_text else match.end("digits"),
                      _EN_UNIT_AFTER_DIGITS):
        return None  # 5G, 3D, A380, COVID-19
    plain = digits.replace(",", "")
    value = float(plain) * scale
    item = _Item(value, start, end, _plain_kind(value), step=_decimal_step(plain, scale),
                 scale=scale)
    _en_context(folded, item, digits=plain)
    return item


def _en_words(folded: str, match: re.Match) -> _Item | None:
    token = match.group()
    lowered = token.lower()
    start, end = match.span()
    words = [word for word in _WORD_SEPARATOR.split(lowered) if word]
    if words in (["one"], ["zero"], ["a"], ["an"]) or words[0] in ("hundred", "thousand",
                                                                  "million", "billion",
                                                                  "trillion", "dozen"):
        return None  # bare "one" is a pronoun or article; bare scale words are vague
    if words[-1] in ("hundred", "thousand", "million", "billion", "trillion", "dozen") and \
            _PLURAL_OR_OF.match(folded, end):
        return None  # "two hundreds", "a thousand of": vague
    value = _words_value(token)
    if value is None:
        # A run of separate numbers ("two or three" has "or", but "five six" does not):
        # keep only the first word so nothing is invented.
        return None
    scale = _EN_SCALES[words[-1]] if words[-1] in _BIG_SCALE_WORDS else 1.0
    item = _Item(value, start, end, "cardinal", step=_round_step(value) if scale > 1 else 0.0,
                 scale=scale)
    _en_context(folded, item)
    return item


def _en_context(folded: str, item: _Item, digits: str | None = None) -> None:
    start, end = item.start, item.end
    if _en_approximate_before(folded, start):
        item.approximate = True
    if _EN_APPROX_AFTER.match(folded, end):
        item.approximate = True
    percent = _EN_PERCENT_AFTER.match(folded, end)
    if percent:
        item.percent = True
        item.end = percent.end()
        return
    if item.scaled or digits is None:
        return
    if len(digits) == 4 and digits.isdigit() and "," not in folded[start:end] and \
            1000 <= item.value <= 2200 and \
            not _EN_CURRENCY_BEFORE.search(folded, max(0, start - 4), start):
        if not _EN_COUNTED_NOUN_AFTER.match(folded, end):
            item.kind = "year"  # "in 2010", but not "2010 people"


def _en_ordinal_word_value(token: str) -> float | None:
    words = _WORD_SEPARATOR.split(token.lower())
    if len(words) == 2:
        return float(_EN_UNITS[words[0]] + _EN_ORDINALS[words[1]])
    if len(words) == 1:
        return float(_EN_ORDINALS[words[0]])
    return None


def _en_ordinal_word_is_number(folded: str, start: int, end: int, token: str) -> bool:
    lowered = token.lower()
    before = folded[max(0, start - 12):start].lower()
    after = folded[end:end + 12].lower()
    if lowered == "first":
        if _AT_BEFORE.search(before) or _HAND_OR_COME_AFTER.match(after):
            return False  # "at first" (起初), "first-hand" (第一手), "first come"
        if _COUNT_AFTER.match(after):
            return False  # "the first two rounds" is 前两局: the number is the count
        # The adverb ("he first saw", "dividends first") is 先, not 第一: an ordinal
        # "first" has a determiner, a ranking verb or a hyphenated compound.
        return bool(_FIRST_DETERMINER_BEFORE.search(before) or after.startswith("-")
                    or _at_clause_start(_EN_CLAUSE_START, folded, start))
    if lowered == "second":
        # "a second", "30 seconds", "every second" are time or "another", not 2nd.
        if _SECOND_AS_TIME_BEFORE.search(before) or after.startswith("s"):
            return False
        if (_A_BEFORE.search(before) and not _LOWERCASE_WORD_AFTER.match(after)) or \
                _SECOND_AS_TIME_AFTER.match(after):
            return False
    return True


def _en_ordinal(folded: str, start: int, end: int, value: float) -> _Item:
    item = _Item(value, start, end, "ordinal")
    if _at_clause_start(_EN_CLAUSE_START, folded, start) and _LIST_COMMA_AFTER.match(folded, end):
        item.enumerator = True  # "Second, ..." opening a clause
    return item


def _en_month(folded: str, match: re.Match) -> _Item | None:
    token = match.group()
    start, end = match.span()
    name = token.rstrip(".").lower()
    before = folded[max(0, start - 8):start]
    if name == "may":
        # The modal verb, unless next to a number or after "in", "of", "since"...
        if not (_DIGIT_AFTER.match(folded, end) or _DIGIT_BEFORE.search(before)
                or _MONTH_PREPOSITION_BEFORE.search(before)):
            return None
    if token == "March" and not _DIGIT_AFTER.match(folded, end) and \
            _at_clause_start(_EN_CLAUSE_START, folded, start):
        return None  # sentence-initial verb "March on"
    # Weak: English datelines add the month that Chinese leaves to context (27日 ->
    # "September 27"); a wrong month still shows as the unmatched Chinese 9月.
    return _Item(float(_EN_MONTHS[name]), start, end, "date-part", weak=True)


def _en_dates(items: list[_Item], folded: str) -> list[_Item]:
    """Day numbers next to a month name are date parts: "14 September", "Sept. 14"."""
    for index, item in enumerate(items):
        if item.kind != "date-part" or not folded[item.start].isalpha():
            continue
        for neighbour in (items[index - 1] if index else None,
                          items[index + 1] if index + 1 < len(items) else None):
            if neighbour is None or neighbour.kind not in ("cardinal", "ordinal"):
                continue
            gap = folded[min(item.end, neighbour.end):max(item.start, neighbour.start)]
            if 1 <= neighbour.value <= 31 and _DAY_GAP.fullmatch(gap):
                neighbour.kind = "date-part"
                neighbour.enumerator = False
    return items


# ---------------------------------------------------------------------------
# Public API


def extract_numbers(text: str, lang: str) -> list[Quantity]:
    """Quantities in ``text`` (``lang`` is "zh" or "en"), in text order."""
    if lang == "zh":
        items = _extract_zh(text)
    elif lang == "en":
        items = _extract_en(text)
    else:
        raise ValueError(f"unsupported language {lang!r}: expected 'zh' or 'en'")
    if not items:
        return []
    items.sort(key=lambda item: (item.start, item.end))
    for item in items:
        if item.value == 1 and item.kind == "cardinal" and not (item.percent or item.scaled):
            item.weak = True  # 1名, 1小时, "1 person": as often "a"/"an" as a number
    return [item.freeze(text) for item in items]


_NUMERIC_KINDS = frozenset({"cardinal", "decimal", "year", "date-part", "time", "range-start",
                            "range-end"})


def _kind_class(quantity: Quantity) -> str:
    if quantity.kind in _NUMERIC_KINDS:
        return "number"
    return quantity.kind


def _values_match(first: Quantity, second: Quantity, tolerant: bool, any_order: bool) -> bool:
    """Whether two quantities are the same number.

    ``tolerant`` allows the rounding step of the coarser figure; ``any_order`` lets an
    ordinal equal a plain number (十八大 is "the 18th Congress", 122连队 "the 122nd
    regiment"), which the first passes only allow for enumerators and days of a month.
    """
    first_class, second_class = _kind_class(first), _kind_class(second)
    first_value, second_value = first.value, second.value
    first_step, second_step = first.step, second.step
    if first_class != second_class:
        pair = {first_class, second_class}
        if pair == {"fraction", "percent"}:
            # 三分之一 and 33%: compare in percent, rounded to whole percent.
            if first_class == "fraction":
                first_value, first_step = first_value * 100, 1.0
            else:
                second_value, second_step = second_value * 100, 1.0
        elif pair == {"ordinal", "number"}:
            ordinal, number = (first, second) if first_class == "ordinal" else (second, first)
            # 第二 ~ "secondly"; 27日 ~ "the 27th"
            if not (any_order or ordinal.enumerator or number.kind == "date-part"):
                return False
        else:
            return False
    difference = abs(first_value - second_value)
    if difference <= 1e-9 * max(abs(first_value), abs(second_value), 1.0):
        return True
    if not tolerant:
        return False
    return difference <= max(first_step, second_step) / 2 + 1e-9 * abs(first_value)


# Matching passes, strictest first, so that a loose pass never steals a partner that a
# stricter one would have paired: (tolerant, any_order).
_PASSES = ((False, False), (True, False), (False, True))


def same_quantities(
    zh: list[Quantity], en: list[Quantity]
) -> tuple[list[Quantity], list[Quantity]]:
    """(unmatched Chinese, unmatched English) after pairing equal quantities.

    Pairs are made as a multiset, in text order: exact values of compatible kinds
    first, then values within the rounding step of the coarser figure ("3.46亿" and
    "about 350 million"), then ordinals against plain numbers of the same value.
    Weak quantities (see :class:`Quantity`) pair like the others but are never
    returned as unmatched.
    """
    # Strong quantities choose partners first, so that a weak 首战 does not take the
    # "first" that 第一轮 needs; sorted() is stable, text order is kept otherwise.
    zh_left = sorted(zh, key=lambda quantity: quantity.weak)
    en_left = sorted(en, key=lambda quantity: quantity.weak)
    for tolerant, any_order in _PASSES:
        still_zh: list[Quantity] = []
        for source in zh_left:
            for index, target in enumerate(en_left):
                if _values_match(source, target, tolerant, any_order):
                    del en_left[index]
                    break
            else:
                still_zh.append(source)
        zh_left = still_zh
    def in_text_order(quantities: list[Quantity]) -> list[Quantity]:
        return sorted((q for q in quantities if not q.weak), key=lambda q: (q.start, q.end))

    return in_text_order(zh_left), in_text_order(en_left)
