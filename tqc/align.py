"""Sentence alignment (stage 4): pair Chinese segments with English segments.

``align(source, target, glossary=None) -> list[Bead]``.  Beads cover every segment of
each side exactly once, in order; no bead is empty on both sides; every bead has a
score in [0, 1] (1 = confident).

How it works (in the spirit of Champollion's lexical model and Bertalign's two passes):

1. **Lexical translation model.**  Each Chinese sentence becomes a set of weighted items:
   CC-CEDICT words with their English stems; names CC-CEDICT lacks, matched by sound
   against the capitalised words of the English (pinyin spelling for Chinese names,
   consonant skeletons for transliterations, see ``tqc.lexicon.NameSounds``); Latin
   tokens copied verbatim; numbers normalised across digits, number words, Chinese
   numerals and 万/亿; glossary terms; punctuation and enumerators such as 一是/Firstly.
   Each English sentence becomes a set of weighted keys (stems, numbers, structure).
   Weights are IDF within the document, so rare words count more.  The similarity of
   a bead is the weighted share of items on both sides that find a counterpart.
2. **Length model**: English letters+digits ~ 3.95 x Han characters, variance fitted.
3. **Bead cost** = shape cost - log-likelihood ratio(similarity) - log-likelihood
   ratio(length), plus soft penalties: paragraph crossing, heading/non-article
   mismatch, and coverage: a lone segment costs more when a neighbour covers its
   content (a merge or a truncated translation rather than an omission), a member of a
   larger bead when the other side barely covers it (an omission absorbed into its
   neighbour's bead).  Segments that stop at a comma join their neighbour for free; a
   paragraph's last English sentence that stops without closing punctuation is taken
   as cut off: its length says nothing and only the part it got to is compared.
4. **Search.**  Pass 1 finds confident, mutually best 1-1 pairs through an inverted
   index of rare keys (a coarse pass around the diagonal, then a narrow one around the
   coarse chain) and keeps a monotone chain; two anchors side by side pin the state
   between them, and a run of three fixes the middle bead.  Pass 2 runs a dynamic
   programme over bead shapes 0-1, 1-0, 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-4, 4-1 in each
   gap, in a corridor between the anchors, pricing a larger shape only when a lower
   bound says it can win; time grows about linearly with the text.
5. **Scores**: for a pair, the logistic of its evidence (the probability that it is a
   translation at even prior odds); for a lone segment, one minus the best such
   probability with any segment nearby.

Figures are parsed by a small extractor of its own rather than ``tqc.numbers``: see
the note above ``_ZH_NUMBER``.
"""
from __future__ import annotations

import bisect
import contextlib
import gc
import itertools
import math
import re
import statistics
import unicodedata
from collections import Counter
from functools import lru_cache
from operator import itemgetter
from typing import Iterable, Sequence

from .glossary import Glossary
from .lexicon import (
    EN_STOPWORDS, NameSounds, cedict_index, chinese_word_runs, english_stems, english_tokens,
    english_words, stem,
)
from .model import Bead, Segment
from .script import HAN_RUN

# --- length model -------------------------------------------------------------------
# Fitted by maximum likelihood on the MQM newstest2020 zh-en Human-A/Human-B reference
# pairs (3,061 sentence pairs without post-edit artefacts): English letters+digits
# ~= 3.95 x Han characters + Latin letters/digits already in the Chinese, with variance
# 5.1 x the mean length of the pair (Gale-Church's form: variance proportional to
# length; 1.2% of pairs are outliers, see length_llr).
EN_CHARS_PER_HAN = 3.95
LENGTH_VARIANCE = 5.1

_ALNUM_RUN = re.compile(r"[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u00c0-\u024f]+")
# ASCII bytes that are not letters or digits: deleted by bytes.translate, much faster
# than a regular expression on the common all-ASCII English sentence
_ASCII_NOT_ALNUM = bytes(code for code in range(128) if not chr(code).isalnum())


def _alnum_count(text: str) -> int:
    if text.isascii():
        return len(text.encode("ascii").translate(None, _ASCII_NOT_ALNUM))
    return len("".join(_ALNUM_RUN.findall(text)))


def source_length(text: str) -> float:
    """Predicted English letters+digits for a Chinese text."""
    han = len("".join(HAN_RUN.findall(text)))
    return EN_CHARS_PER_HAN * han + (_alnum_count(text) if han < len(text) else 0)


def target_length(text: str) -> float:
    """English letters+digits of a text (spaces and punctuation vary by style)."""
    return float(_alnum_count(text))


def length_delta(source_len: float, target_len: float) -> float:
    """Standardised difference of the target length from the predicted one."""
    mean = (source_len + target_len) / 2.0
    return (target_len - source_len) / math.sqrt(LENGTH_VARIANCE * max(mean, 1.0))


def length_llr(delta: float) -> float:
    """log p(delta | translation) - log p(delta | unrelated pair).

    Translations: a standard normal (by construction of ``length_delta``) mixed with a
    small share of outliers (summaries, truncated sentences) as wide as unrelated pairs,
    so that length alone can never veto a pair the words support.  Unrelated pairs:
    normal with a 3.5 times wider spread (they are still sentences of the same text).
    Both the outlier share and the main variance were fitted by EM on the MQM pairs.
    """
    spread = UNRELATED_LENGTH_SPREAD
    ratio = (1.0 - LENGTH_OUTLIER_SHARE) * spread * math.exp(
        -0.5 * delta * delta * (1.0 - 1.0 / (spread * spread))) + LENGTH_OUTLIER_SHARE
    return math.log(ratio)


LENGTH_OUTLIER_SHARE = 0.012
UNRELATED_LENGTH_SPREAD = 3.5
LENGTH_LLR_MAX = length_llr(0.0)

# --- lexical model ------------------------------------------------------------------

# Chinese function words: their CC-CEDICT entries describe grammar ("particle",
# "marker"), not translations.
_ZH_STOPWORDS = frozenset(
    "的 了 着 过 是 在 和 与 及 或 也 都 就 而 又 还 把 被 让 给 对 从 向 于 以 为 之 其 这 那 此 "
    "该 个 有 不 没 很 但 并 等 将 已 要 会 可 能 所 则 即 吗 呢 吧 啊 得 地 们 他 她 它 我 你 "
    "这个 那个 这些 那些 一个 我们 他们 她们 它们 你们 自己 已经 就是 因为 所以 如果 但是 以及 "
    "并且 而且 或者 还是 可以 没有 不是 这样 那样 其中 之一 进行 通过 对于 关于 由于 之后 以后 "
    "之前 以前 一 上 下 多 最 更 后 来 到 由 各 至 时 内 里 些 每 第 项 名 比 同 其他 任何 所有 此次 "
    "作为 同时 月 日 年".split())
_ZH_STOPWORD_CHARS = frozenset(word for word in _ZH_STOPWORDS if len(word) == 1)

# Punctuation structure shared by both sides: quotes, titles, brackets, questions,
# exclamations, colons.  Keys start with \x01 (numbers \x02, Latin tokens \x03,
# glossary terms \x04) so they never collide with stems or Chinese words.
_ZH_STRUCTURE_CHARS = {
    "“": "\x01quote", "”": "\x01quote", "「": "\x01quote", "」": "\x01quote",
    "『": "\x01quote", "』": "\x01quote", '"': "\x01quote",
    "《": "\x01title", "》": "\x01title", "〈": "\x01title", "〉": "\x01title",
    "（": "\x01paren", "）": "\x01paren", "(": "\x01paren", ")": "\x01paren",
    "？": "\x01question", "?": "\x01question", "！": "\x01exclaim", "!": "\x01exclaim",
    "：": "\x01colon", ":": "\x01colon",
}
_EN_STRUCTURE_CHARS = {
    "“": "\x01quote", "”": "\x01quote", '"': "\x01quote",
    "(": "\x01paren", ")": "\x01paren", "?": "\x01question", "!": "\x01exclaim",
    ":": "\x01colon",
}
_ZH_STRUCTURE_RE = re.compile("[" + re.escape("".join(_ZH_STRUCTURE_CHARS)) + "]")
_EN_STRUCTURE_RE = re.compile("[" + re.escape("".join(_EN_STRUCTURE_CHARS)) + "]")
# A book title 《...》 is quoted or italicised in English: let it meet English quotes.
_TITLE_MATCHES = ("\x01title", "\x01quote")

# Enumerators that open a sentence: 一是 / 第一 / 首先 / （1） ... and Firstly / (1) ...
_ZH_ENUMERATOR = re.compile(
    r"^\s*(?:(?P<cn>[一二三四五六七八九十])是|第(?P<cn2>[一二三四五六七八九十])[，,、]|"
    r"(?P<first>首先)|(?P<second>其次)|(?P<last>最后)[，,]|"
    r"[（(](?P<paren>[0-9０-９]{1,2}|[一二三四五六七八九十])[）)]|(?P<circled>[\u2460-\u2473]))")
_EN_ENUMERATOR = re.compile(
    r"^\s*(?:(?P<word>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    r"(?:ly)?\b(?:\s+of\s+all)?,?|(?P<last>finally|lastly)\b|"
    r"\((?P<paren>\d{1,2}|[a-j])\))", re.IGNORECASE)
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_SCALE = {"万": 1e4, "亿": 1e8, "萬": 1e4, "億": 1e8}
_EN_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
               "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}


def _zh_enumerator(text: str) -> str | None:
    match = _ZH_ENUMERATOR.match(text)
    if not match:
        return None
    if match.group("first"):
        return "\x01enum1"
    if match.group("second"):
        return "\x01enum2"
    if match.group("last"):
        return "\x01enumlast"
    if match.group("circled"):
        return f"\x01enum{ord(match.group('circled')) - 0x2460 + 1}"
    numeral = match.group("cn") or match.group("cn2") or match.group("paren")
    numeral = unicodedata.normalize("NFKC", numeral)
    value = int(numeral) if numeral.isdigit() else _parse_cn_numeral(numeral)
    return f"\x01enum{int(value)}" if value else None


def _en_enumerator(text: str) -> str | None:
    match = _EN_ENUMERATOR.match(text)
    if not match:
        return None
    if match.group("word"):
        return f"\x01enum{_EN_ORDINAL[match.group('word').lower()]}"
    if match.group("last"):
        return "\x01enumlast"
    token = match.group("paren").lower()
    return f"\x01enum{int(token) if token.isdigit() else ord(token) - ord('a') + 1}"


# --- numbers --------------------------------------------------------------------------
# A small, fast extractor of its own, not tqc.numbers: that one is far more thorough
# (dates, ranges, approximations, units; what NU01 needs) but costs ~65 us per English
# and ~30 us per Chinese sentence, twice all the other English features together and a
# third of the whole alignment budget (jieba.lcut's time).  For telling which sentences
# translate each other, figures, scaled amounts and number words are enough.

_ZH_NUMBER = re.compile(
    r"(?P<digits>\d+(?:[,，]\d{3})*(?:\.\d+)?)\s*(?P<scale>[万亿萬億]*)|"
    r"第(?P<ordinal>[一二三四五六七八九十]{1,3})|"
    r"(?P<numeral>[零〇一二两三四五六七八九十百千万亿萬億]{2,})")
_EN_CARDINAL = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_EN_CARDINAL.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                     "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12})
_EN_DIGITS = re.compile(
    r"(?P<digits>\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*(?P<scale>thousand|million|billion|trillion|"
    r"bn|m)\b)?")
_EN_SCALE = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
             "trillion": 1e12, "hundred": 1e2}


def _parse_cn_numeral(numeral: str) -> float | None:
    """Value of a Chinese numeral such as 三千五百, 两万, 十二, 二〇二〇; None if not one."""
    if all(char in _CN_DIGIT for char in numeral) and len(numeral) > 1:
        if numeral[0] in "一二两" and len(numeral) == 2 and numeral[1] not in "〇零":
            return None  # 一二, 两三: "one or two", not a number to match
        return float("".join(str(_CN_DIGIT[char]) for char in numeral))  # 二〇二〇
    total = section = 0.0
    digit = None
    for char in numeral:
        if char in _CN_DIGIT:
            digit = _CN_DIGIT[char]
        elif char in _CN_UNIT:
            section += (1 if digit is None else digit) * _CN_UNIT[char]
            digit = None
        elif char in _CN_SCALE:
            section += digit or 0
            if section == 0 and total == 0:
                return None
            total = (total + section) * _CN_SCALE[char]
            section, digit = 0.0, None
    value = total + section + (digit or 0)
    return value or None


def _number_key(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"\x02{int(value)}"
    return f"\x02{value:.6g}"


def _zh_number_keys(text: str) -> list[str]:
    keys = []
    folded = unicodedata.normalize("NFKC", text) if _FULL_WIDTH_DIGIT.search(text) else text
    for match in _ZH_NUMBER.finditer(folded):
        if match.group("digits"):
            value = float(match.group("digits").replace(",", "").replace("，", ""))
            for char in match.group("scale"):
                value *= _CN_SCALE[char]
        elif match.group("ordinal"):
            ordinal = match.group("ordinal")
            value = _CN_DIGIT[ordinal] if len(ordinal) == 1 and ordinal in _CN_DIGIT else (
                _parse_cn_numeral(ordinal) or (10 if ordinal == "十" else None))
            if value is None:
                continue
        else:
            value = _parse_cn_numeral(match.group("numeral"))
            if value is None:
                continue
        keys.append(_number_key(value))
    return keys


def _en_digit_keys(text: str) -> list[str]:
    """Number keys of the figures of an English text (3.5 million -> 3500000)."""
    keys = []
    for match in _EN_DIGITS.finditer(text):
        value = float(match.group("digits").replace(",", ""))
        if match.group("scale"):
            value *= _EN_SCALE[match.group("scale")]
        keys.append(_number_key(value))
    return keys


_EN_SCALE_WORDS = ("hundred", "thousand", "million", "billion", "trillion")
_EN_NUMBER_WORDS = frozenset(_EN_CARDINAL) | frozenset(_EN_ORDINAL)
_EN_NUMBER_TOKENS = _EN_NUMBER_WORDS | {word.capitalize() for word in _EN_NUMBER_WORDS} | {
    word.upper() for word in _EN_NUMBER_WORDS}


def _en_word_number_keys(words: list[str]) -> list[str]:
    """Number keys of number words in lower-cased English words: "five" (5年),
    "twenty-five", "two million" (200万), "first" (第一)."""
    keys = []
    position, count = 0, len(words)
    while position < count:
        word = words[position]
        position += 1
        if word in _EN_ORDINAL:
            keys.append(_number_key(_EN_ORDINAL[word]))
            continue
        value = _EN_CARDINAL.get(word)
        if value is None:
            continue
        following = words[position] if position < count else ""
        if 20 <= value < 100 and following in _EN_CARDINAL and _EN_CARDINAL[following] < 10:
            value += _EN_CARDINAL[following]  # twenty-five
            position += 1
            following = words[position] if position < count else ""
        if following in _EN_SCALE_WORDS:
            value *= _EN_SCALE[following]
            position += 1
        keys.append(_number_key(value))
    return keys


_FULL_WIDTH_DIGIT = re.compile("[０-９]")


def _zh_features(text: str, glossary_terms, cedict, names: NameSounds | None = None,
                 found_names: dict[str, tuple[str, ...]] | None = None) -> tuple[list[str], list[str]]:
    """(Chinese words, other item keys) of one Chinese text.

    Other keys translate to themselves: Latin tokens (\\x03 + stem), numbers,
    punctuation structure and enumerators; glossary terms come as \\x04 + term.
    Runs of single characters that sound like a name of ``names`` become one word,
    recorded in ``found_names`` with the English stems it stands for.
    """
    words: list[str] = []
    if names:
        for run in chinese_word_runs(text, cedict):
            # only a stretch of two single characters or more can be a name nobody knows
            if len(run) > 1 and b"\x01\x01" in bytes(map(len, run)):
                run = _join_names(run, names, found_names)
            words.extend(run)
    else:
        for run in chinese_word_runs(text, cedict):
            words.extend(run)
    keys = []
    for word in english_words(text):
        if len(word) > 1:
            keys.append("\x03" + stem(word))
    if _ZH_DIGIT_HINT.search(text):
        keys.extend(_zh_number_keys(text))
    keys.extend(_ZH_STRUCTURE_CHARS[char] for char in _ZH_STRUCTURE_RE.findall(text))
    enumerator = _zh_enumerator(text)
    if enumerator:
        keys.append(enumerator)
    for term_zh, _ in glossary_terms:
        if term_zh in text:
            keys.append("\x04" + term_zh)
    return words, keys


def _join_names(words: list[str], names: NameSounds, found_names: dict[str, tuple[str, ...]]) -> list[str]:
    """``words`` with each stretch of single characters that spells a name joined."""
    result: list[str] = []
    cursor = 0
    for stretch_match in _SINGLE_CHARACTERS.finditer(bytes(map(len, words))):
        start, end = stretch_match.span()
        result.extend(words[cursor:start])
        stretch = "".join(words[start:end])
        position = 0
        for name_start, name_end, stems in names.find(stretch, _ZH_STOPWORD_CHARS):
            result.extend(stretch[position:name_start])
            name = stretch[name_start:name_end]
            found_names[name] = stems
            result.append(name)
            position = name_end
        result.extend(stretch[position:])
        cursor = end
    result.extend(words[cursor:])
    return result


_SINGLE_CHARACTERS = re.compile(rb"\x01{2,}")  # in the word lengths of a run


# what any match of _ZH_NUMBER needs: a digit, 第 with a numeral, or two numerals in a row
_ZH_DIGIT_HINT = re.compile(r"\d|第[一二三四五六七八九十]|[零〇一二两三四五六七八九十百千万亿萬億]{2}")


# A capitalised English word or a run of them (names, titles): O'Neal, Liu Kun, Jean-Luc.
# (The capital comes first and the test of the character before it follows, so that
# the scan can skip ahead to capitals instead of testing every position.)
_EN_NAME_RUN = re.compile(
    r"[A-Z](?<![A-Za-z\u00c0-\u024f'\u2019].)(?:['\u2019][A-Z])?[a-z\u00c0-\u024f]+"
    r"(?:[ -][A-Z](?:['\u2019][A-Z])?[a-z\u00c0-\u024f]+)*")
_NAME_SPLIT = re.compile(r"[ -]")


def _en_names(texts: Iterable[str], names: NameSounds) -> None:
    """Register the runs of capitalised words of English sentences as names.

    Each distinct run is registered once (a document repeats its names and opens many
    sentences with the same words); what ``names`` makes of them does not depend on
    their order."""
    inner: dict[str, None] = {}
    opening: dict[str, None] = {}  # runs that open a sentence
    for text in texts:
        runs = _EN_NAME_RUN.findall(text)
        if runs:
            # the first run opens the sentence when the text, past its spaces, starts
            # with it (a run then starts there, and none can start before)
            if text.lstrip().startswith(runs[0]):
                opening[runs[0]] = None
                del runs[0]
            inner.update(dict.fromkeys(runs))
    for run in inner:
        names.add_run(_NAME_SPLIT.split(run), False)
    for run in opening:
        names.add_run(_NAME_SPLIT.split(run), True)


_MONTHS = {stem(name): f"\x02{number}" for number, name in enumerate(
    "january february march april may june july august september october november december"
    .split(), start=1) if name != "may"}  # "may" is far more often the verb


@lru_cache(maxsize=200_000)
def _token_key(token: str) -> str:
    """The key of one English word: its stem ("" for a stopword or a single letter), a
    month as its number (9月 is the number 9: let "September" meet it)."""
    if token.lower() in EN_STOPWORDS:
        return ""
    key = stem(token)
    return _MONTHS.get(key, key) if len(key) > 1 else ""


def _en_features(text: str) -> set[str]:
    tokens = english_tokens(text)
    keys = set(map(_token_key, tokens))
    keys.discard("")
    if _DIGIT.search(text):
        keys.update(_en_digit_keys(text))
    if not _EN_NUMBER_TOKENS.isdisjoint(tokens):
        keys.update(_en_word_number_keys([token.lower() for token in tokens]))
    keys.update(_EN_STRUCTURE_CHARS[char] for char in _EN_STRUCTURE_RE.findall(text))
    enumerator = _en_enumerator(text)
    if enumerator:
        keys.add(enumerator)
    return keys


_DIGIT = re.compile("[0-9]")


def _glossary_terms(glossary: Glossary | None) -> list[tuple[str, tuple[str, ...]]]:
    terms = []
    if glossary is None:
        return terms
    for term in glossary.terms:
        keys = sorted({key for rendering in term.en for key in english_stems(rendering) if len(key) > 1})
        if term.zh and keys:
            terms.append((term.zh, tuple(keys)))
    return terms


def _idf(document_frequency: int, count: int) -> float:
    return _on_grid(math.log((count + 1.0) / (document_frequency + 0.5)))


_GRID = 2.0 ** 20


def _on_grid(weight: float) -> float:
    """``weight`` rounded to a multiple of 2**-20: sums of such weights are exact in any
    order, so iterating over a set (whose order depends on the hash seed) cannot change
    a result in its last bit and flip a tie."""
    return round(weight * _GRID) / _GRID


STRUCTURE_WEIGHT = 0.5          # punctuation is a weak clue
ENUMERATOR_WEIGHT = 2.0         # 一是 / Firstly is a strong one
GLOSSARY_WEIGHT_FACTOR = 1.5    # a glossary term weighs 1.5 x the rarest word
SENSES_FOR_FULL_WEIGHT = 8.0    # words with more English stems than this match by chance


_NO_MATCH: tuple[int, frozenset[str], float, float] = (0, frozenset(), 0.0, 0.0)


class _PairModel:
    """Features of both sides, their weights, and memoised 1-1 pair matches."""

    def __init__(self, source: Sequence[Segment], target: Sequence[Segment],
                 glossary: Glossary | None):
        cedict = cedict_index()
        terms = _glossary_terms(glossary)
        term_keys = {"\x04" + zh: keys for zh, keys in terms}
        n, m = len(source), len(target)

        en_keys = [_en_features(segment.text) for segment in target]
        names = NameSounds()
        _en_names([segment.text for segment in target], names)
        found_names: dict[str, tuple[str, ...]] = {}
        en_df = Counter(itertools.chain.from_iterable(en_keys))
        self.en_df = en_df
        en_weight = {}
        for key, df in en_df.items():
            if key[0] == "\x01":
                en_weight[key] = ENUMERATOR_WEIGHT if key.startswith("\x01enum") else STRUCTURE_WEIGHT
            else:
                en_weight[key] = _idf(df, m)
        self.en_weight = en_weight
        self.en_keys = [frozenset(keys) for keys in en_keys]
        self.en_total = [sum(map(en_weight.__getitem__, keys)) for keys in en_keys]

        # Chinese items: (English keys found in this document, weight factor), worked out
        # once per item type; function words and words without translation get factor 0.
        translations = cedict.translations
        no_item = ((), 0.0)
        item_info: dict[str, tuple[tuple[str, ...], float]] = dict.fromkeys(_ZH_STOPWORDS, no_item)

        def word_info(word: str) -> tuple[tuple[str, ...], float]:
            english = translations.get(word, ()) or found_names.get(word, ())
            info = no_item
            if english:
                factor = min(1.0, math.sqrt(SENSES_FOR_FULL_WEIGHT / len(english)))
                info = (tuple([key for key in english if key in en_df]), factor)
            item_info[word] = info
            return info

        sentence_items: list[list[str]] = []
        zh_index: list[dict[str, int]] = []
        for segment in source:
            words, keys = _zh_features(segment.text, terms, cedict, names, found_names)
            items = [word for word in dict.fromkeys(words) if (item_info.get(word) or word_info(word))[1]]
            for key in dict.fromkeys(keys):
                if key not in item_info:
                    if key[0] == "\x04":
                        item_info[key] = (term_keys[key], GLOSSARY_WEIGHT_FACTOR)
                    elif key[0] == "\x01":
                        matches = _TITLE_MATCHES if key == "\x01title" else (key,)
                        item_info[key] = (tuple(k for k in matches if k in en_df), 1.0)
                    else:  # a Latin token (\x03 + stem) or a number translates to itself
                        english_key = key[1:] if key[0] == "\x03" else key
                        item_info[key] = ((english_key,) if english_key in en_df else (), 1.0)
                items.append(key)
            sentence_items.append(items)
            # English key -> bitmask of the items that translate to it
            index: dict[str, int] = {}
            get = index.get
            flag = 1
            for item in items:
                for english_key in item_info[item][0]:
                    index[english_key] = get(english_key, 0) | flag
                flag <<= 1
            zh_index.append(index)
        zh_df = Counter(itertools.chain.from_iterable(sentence_items))
        top_zh = _idf(1, n)
        item_weight = {}
        for item, df in zh_df.items():
            english, factor = item_info[item]
            if item[0] == "\x01":
                item_weight[item] = ENUMERATOR_WEIGHT if item.startswith("\x01enum") else STRUCTURE_WEIGHT
            elif item[0] == "\x04":
                item_weight[item] = _on_grid(factor * top_zh)
            else:
                item_weight[item] = _on_grid(factor * _idf(df, n))

        # Per Chinese sentence: item weights, total weight, English key -> item bitmask
        self.zh_weights = [list(map(item_weight.__getitem__, items)) for items in sentence_items]
        self.zh_total: list[float] = list(map(sum, self.zh_weights))
        self.zh_index = zh_index
        self.zh_keys = [frozenset(index) for index in self.zh_index]  # set & set is fast
        self.src_len = [source_length(segment.text) for segment in source]
        self.tgt_len = [target_length(segment.text) for segment in target]
        self._pairs: dict[int, tuple[int, frozenset[str], float, float]] = {}
        self._width = m + 1

    def pair(self, i: int, j: int) -> tuple[int, frozenset[str], float, float]:
        """(matched Chinese item bitmask, matched English keys, their two weights)."""
        cached = self._pairs.get(i * self._width + j)
        if cached is None:
            common = self.en_keys[j] & self.zh_keys[i]
            if common:
                index = self.zh_index[i]
                en_weight = self.en_weight
                mask = 0
                en_matched = 0.0
                for key in common:
                    mask |= index[key]
                    en_matched += en_weight[key]
                weights = self.zh_weights[i]
                zh_matched = 0.0
                bits = mask
                while bits:  # (_mask_weight, inlined: this runs for every pair)
                    low = bits & -bits
                    zh_matched += weights[low.bit_length() - 1]
                    bits ^= low
                cached = (mask, common, zh_matched, en_matched)
            else:
                cached = _NO_MATCH
            self._pairs[i * self._width + j] = cached
        return cached

    def _mask_weight(self, i: int, mask: int) -> float:
        weights = self.zh_weights[i]
        total = 0.0
        while mask:
            low = mask & -mask
            total += weights[low.bit_length() - 1]
            mask ^= low
        return total

    def matched_bound(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """Upper bound of the matched weight of a bead from its 1-1 pairs alone: each
        sentence's matches summed over the other side, capped at its own weight."""
        pair = self.pair
        zh_total, en_total = self.zh_total, self.en_total
        bound = 0.0
        en_sums = [0.0] * (j1 - j0)
        for i in range(i0, i1):
            zh_sum = 0.0
            for k in range(j1 - j0):
                _, _, zh_matched, en_matched = pair(i, j0 + k)
                zh_sum += zh_matched
                en_sums[k] += en_matched
            bound += min(zh_sum, zh_total[i])
        for k, en_sum in enumerate(en_sums):
            bound += min(en_sum, en_total[j0 + k])
        return bound

    def matched(self, i0: int, i1: int, j0: int, j1: int) -> tuple[float, float]:
        """(matched Chinese item weight, matched English key weight) of a bead."""
        en_weight = self.en_weight
        if i1 - i0 == 1 and j1 - j0 == 1:
            pair = self.pair(i0, j0)
            return pair[2], pair[3]
        if i1 - i0 == 1:  # 1-n: English keys are matched by the one sentence only once
            mask = 0
            en_matched = 0.0
            for j in range(j0, j1):
                pair = self.pair(i0, j)
                mask |= pair[0]
                en_matched += pair[3]
            return self._mask_weight(i0, mask), en_matched
        if j1 - j0 == 1:  # n-1: each Chinese sentence has its own items
            keys_matched: set[str] = set()
            zh_matched = 0.0
            for i in range(i0, i1):
                pair = self.pair(i, j0)
                zh_matched += pair[2]
                keys_matched.update(pair[1])
            return zh_matched, sum(en_weight[key] for key in keys_matched)
        en_matched = zh_matched = 0.0
        for j in range(j0, j1):
            keys: set[str] = set()
            for i in range(i0, i1):
                keys.update(self.pair(i, j)[1])
            en_matched += sum(en_weight[key] for key in keys)
        for i in range(i0, i1):
            mask = 0
            for j in range(j0, j1):
                mask |= self.pair(i, j)[0]
            zh_matched += self._mask_weight(i, mask)
        return zh_matched, en_matched


def lexical_llr(similarity: float, total_weight: float) -> float:
    """log p(similarity | translation) - log p(similarity | neighbouring sentence).

    A clamped line scaled by the square root of the evidence (the total item weight
    over ``FULL_EVIDENCE_WEIGHT``, up to ``EVIDENCE_SCALE_CAP``): short sentences carry
    less evidence, long ones more.  Its parameters maximise the likelihood of telling
    1-1 reference pairs from their neighbours in MQM newstest2020 (Human-A and B) and
    TICO-19 together (a grid search; fitted on either alone, the neutral point moves
    between 0.31 and 0.37 and the other corpus fits worse).
    """
    llr = LEXICAL_SLOPE * (similarity - LEXICAL_NEUTRAL)
    llr = max(LEXICAL_FLOOR, min(LEXICAL_CEILING, llr))
    return llr * min(EVIDENCE_SCALE_CAP, math.sqrt(total_weight / FULL_EVIDENCE_WEIGHT))


LEXICAL_SLOPE = 15.0
LEXICAL_NEUTRAL = 0.34
LEXICAL_FLOOR = -5.0
LEXICAL_CEILING = 9.0
FULL_EVIDENCE_WEIGHT = 35.0
EVIDENCE_SCALE_CAP = 2.0

# --- search -------------------------------------------------------------------------

# Bead shapes and their costs before evidence.  A skip bead costs SKIP_COST (plus the
# coverage penalty below); every sentence a pair bead takes beyond 1-1 costs
# MERGE_COST.  Both are calibrated on evidence rather than guessed priors:
# - two lone segments (2 x SKIP_COST) beat pairing them when the pair's log-likelihood
#   ratio is below -(2 x SKIP_COST - ONE_TO_ONE_COST) ~ -3.8, which only 0.2% of
#   reference 1-1 pairs in MQM newstest2020 score, and ~80% of pairs with a sentence of
#   another document;
# - merging a sentence into its neighbour's bead is cheaper than calling it untranslated
#   when nothing else is known (a short exclamation is merged far more often than
#   dropped); the lexical and length evidence then decides.
ONE_TO_ONE_COST = 0.16          # -log(0.85)
SKIP_COST = 2.0
MERGE_COST = 1.5
SUBSTITUTION_COST = 5.0   # an omission and an unrelated addition side by side
COVERAGE_SLOPE = 10.0     # evidence per unit of coverage by a neighbour, either side...
COVERAGE_NEUTRAL = 0.3    # ...of this share (see _Aligner._coverage_evidence)
_PAIR_SHAPES = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1))
_SHAPE_COST = {(a, b): ONE_TO_ONE_COST + MERGE_COST * (a + b - 2) for a, b in _PAIR_SHAPES}
_SHAPE_COST[(1, 0)] = _SHAPE_COST[(0, 1)] = SKIP_COST
_SHAPES = tuple(sorted(_SHAPE_COST, key=lambda shape: (shape[0] + shape[1], shape)))
_SHAPE_0_1, _SHAPE_1_0, _SHAPE_1_1 = _SHAPES.index((0, 1)), _SHAPES.index((1, 0)), _SHAPES.index((1, 1))
# (a, b, cost, index, least cost) of the shapes larger than 1-1, smallest first; the
# least cost is what any such bead costs at best: the lexical evidence at its cap, the
# length evidence at its most, and every sentence joining the next for free
_LARGER_SHAPES = tuple(
    (a, b, _SHAPE_COST[(a, b)], _SHAPES.index((a, b)),
     _SHAPE_COST[(a, b)] - LEXICAL_CEILING * EVIDENCE_SCALE_CAP - LENGTH_LLR_MAX - MERGE_COST * (a + b - 2))
    for a, b in _SHAPES if a + b > 2)
# the larger shapes that fit in the first 0, 1, 2, 3 and 4 or more rows of a search
_LARGER_SHAPES_BY_ROWS = tuple(tuple(shape for shape in _LARGER_SHAPES if shape[0] <= rows) for rows in range(5))
# The least cost above is summed in another order than the bounds in _Aligner._search:
# it skips a shape only when it is above the best by more than any rounding.
_ROUNDING_MARGIN = 1e-6

PARAGRAPH_CROSSING_COST = 2.0   # per paragraph boundary inside one side of a bead
NON_ARTICLE_MISMATCH_COST = 8.0  # a news box or table paired with article text
NON_ARTICLE_SKIP_COST = 1.0     # a non-article block without counterpart is normal
FRAGMENT_SKIP_COST = 3.0       # added for a piece of a sentence (see _Aligner.src_fragment)
HEADING_MISMATCH_COST = 2.0     # a heading paired with body text
HEADING_MATCH_BONUS = 1.0

# Pass 1 (anchors)
ANCHOR_MIN_SIMILARITY = 0.45
ANCHOR_MIN_MARGIN = 0.15
ANCHOR_MAX_DELTA = 2.5
ANCHOR_RARE_POSTINGS = 4        # a key is "rare" when it occurs this often or less nearby
ANCHOR_WINDOW_SHARE = 0.1       # coarse search window: 10% of the longer side...
ANCHOR_WINDOW_MIN, ANCHOR_WINDOW_MAX = 30, 400  # ...within these bounds (sentences)
ANCHOR_COARSE_STRIDE = 8        # the coarse pass looks at every 8th source sentence
ANCHOR_MAX_WINDOWS = 8          # keys in more than 8 x 4 sentences are never anchors

# Pass 2 (banded DP)
FULL_GAP_CELLS = 36            # gaps up to 5 x 5 get the full rectangle
BAND_HALF_WIDTH = 6            # at most this far from the line through the anchors...
CORRIDOR_SLACK = 2             # ...and between the anchors around a row, give or take 2


# Closing punctuation of an English sentence (full-width from OCR too), and the quotes
# and brackets that may follow it.  (Tested on the stripped end of the text: a regular
# expression anchored at the end is tried at every position of the sentence.)
_SENTENCE_END_CHARS = frozenset(".!?;:…。！？．：；｡")
_AFTER_SENTENCE_END = "\"'”’)]）"


def _open_ended(text: str) -> bool:
    """True when an English sentence stops without closing punctuation: cut off."""
    stripped = text.rstrip()
    return bool(stripped) and stripped.rstrip(_AFTER_SENTENCE_END)[-1:] not in _SENTENCE_END_CHARS


def _continues(text: str) -> bool:
    """True when a segment stops at a comma: the rest of its sentence follows."""
    return text.rstrip()[-1:] in ("，", ",", "、")


# How well a document's sentences match their translations in the lexical model: the
# median, over its source sentences, of the best similarity among the target sentences
# around the position its length predicts.  Clean news and medical translations
# (MQM newstest2020 Human-A/B, TICO-19) have a median document level of 0.58-0.64 and
# a 10th percentile of 0.44-0.51; freer translations (literary, paraphrase) and a
# dictionary that knows less of the vocabulary match less.  Below the reference, the
# lexical and coverage evidence is read relative to the document's own level, so that
# a translation that matches as well as this document's translations do is not taken
# for an untranslated sentence.  With 60% of the English words replaced by random ones
# (align_bench.py --lexical-noise 0.6), strict F1 goes from 0.875/0.837/0.708
# (Human-A/Human-B/TICO-19) to 0.906/0.876/0.864 and 1-0 precision from 0.63/0.55/0.28
# to 0.76/0.73/0.57; on the clean documents strict F1 moves by -0.003 to +0.003.
LEXICAL_LEVEL_REFERENCE = 0.45
LEXICAL_LEVEL_FLOOR = 0.25      # the rescaling never goes below this share
LEXICAL_LEVEL_WINDOW = 4        # target sentences either side of the predicted one
LEXICAL_LEVEL_MIN_WEIGHT = 5.0  # source sentences with less evidence are not sampled
LEXICAL_LEVEL_MIN_SENTENCES = 8
LEXICAL_LEVEL_SAMPLE = 500      # source sentences sampled at most, evenly spread


def _lexical_level(model: _PairModel) -> float:
    """The document's lexical level (see LEXICAL_LEVEL_REFERENCE); 1.0 when there are
    too few sentences to tell."""
    n, m = len(model.zh_total), len(model.en_total)
    if n < LEXICAL_LEVEL_MIN_SENTENCES or m < LEXICAL_LEVEL_MIN_SENTENCES:
        return 1.0
    source_ends = list(itertools.accumulate(model.src_len))
    target_ends = list(itertools.accumulate(model.tgt_len))
    if not source_ends[-1] or not target_ends[-1]:
        return 1.0
    scale = target_ends[-1] / source_ends[-1]
    step = max(1, n // LEXICAL_LEVEL_SAMPLE)
    best_matches = []
    for i in range(0, n, step):
        zh_total = model.zh_total[i]
        if zh_total < LEXICAL_LEVEL_MIN_WEIGHT:
            continue
        middle = (source_ends[i] - model.src_len[i] / 2) * scale
        centre = min(m - 1, bisect.bisect_left(target_ends, middle))
        best = 0.0
        for j in range(max(0, centre - LEXICAL_LEVEL_WINDOW), min(m, centre + LEXICAL_LEVEL_WINDOW + 1)):
            _, _, zh_matched, en_matched = model.pair(i, j)
            weight = zh_total + model.en_total[j]
            if weight and (zh_matched + en_matched) / weight > best:
                best = (zh_matched + en_matched) / weight
        best_matches.append(best)
    if len(best_matches) < LEXICAL_LEVEL_MIN_SENTENCES:
        return 1.0
    return statistics.median(best_matches)


def _rescale_evidence(model: _PairModel, share: float) -> None:
    """Divide every similarity and coverage the aligner computes by ``share`` (at least
    LEXICAL_LEVEL_FLOOR): the sentences' total weights, their denominators, shrink."""
    share = max(LEXICAL_LEVEL_FLOOR, share)
    model.zh_total = [total * share for total in model.zh_total]
    model.en_total = [total * share for total in model.en_total]


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    z = math.exp(value)
    return z / (1.0 + z)


class _Aligner:
    def __init__(self, source: Sequence[Segment], target: Sequence[Segment],
                 glossary: Glossary | None):
        self.source, self.target = source, target
        self.n, self.m = len(source), len(target)
        self.model = _PairModel(source, target, glossary)
        self.lexical_level = _lexical_level(self.model)
        calibrated_totals = None  # the weights as fitted, when rescaling changes them
        if self.lexical_level < LEXICAL_LEVEL_REFERENCE:
            calibrated_totals = (self.model.zh_total, self.model.en_total)
            _rescale_evidence(self.model, self.lexical_level / LEXICAL_LEVEL_REFERENCE)
        self.src_par = [segment.paragraph for segment in source]
        self.tgt_par = [segment.paragraph for segment in target]
        self.src_article = [segment.article for segment in source]
        self.tgt_article = [segment.article for segment in target]
        self.src_heading = [segment.kind in ("heading", "title") for segment in source]
        self.tgt_heading = [segment.kind in ("heading", "title") for segment in target]
        # English body sentences that stop without closing punctuation at the end of
        # their paragraph: cut off (a sentence splitter never ends a sentence there
        # otherwise; headings, bylines and boxes often have no closing punctuation)
        self.tgt_cut = [
            self.tgt_article[j] and not self.tgt_heading[j] and _open_ended(segment.text)
            and (j + 1 == self.m or self.tgt_par[j] != self.tgt_par[j + 1])
            for j, segment in enumerate(target)]
        # prefix counts: paragraph breaks after each segment, and headings or
        # non-article segments, so a bead checks its span in constant time
        self.src_breaks = _prefix_counts([self.src_par[k] != self.src_par[k + 1] for k in range(self.n - 1)])
        self.tgt_breaks = _prefix_counts([self.tgt_par[k] != self.tgt_par[k + 1] for k in range(self.m - 1)])
        # segments that stop at a comma continue in the next one: prefix counts of them
        self.src_joins = _prefix_counts([_continues(segment.text) for segment in source])
        # A Chinese piece that stops at a comma with its sentence going on in the same
        # paragraph is a fragment: the rest of its sentence is translated, so left alone
        # it is more likely merged into its neighbour's translation than untranslated.
        self.src_fragment = [
            FRAGMENT_SKIP_COST if _continues(segment.text) and k + 1 < self.n
            and self.src_par[k + 1] == self.src_par[k] else 0.0
            for k, segment in enumerate(source)]
        self.tgt_joins = _prefix_counts([_continues(segment.text) for segment in target])
        self.src_special = _prefix_counts([h or not a for h, a in zip(self.src_heading, self.src_article)])
        self.tgt_special = _prefix_counts([h or not a for h, a in zip(self.tgt_heading, self.tgt_article)])
        self.src_prefix = [0.0]
        for value in self.model.src_len:
            self.src_prefix.append(self.src_prefix[-1] + value)
        self.tgt_prefix = [0.0]
        for value in self.model.tgt_len:
            self.tgt_prefix.append(self.tgt_prefix[-1] + value)
        self.src_weight_prefix = _running_sums(self.model.zh_total)
        self.tgt_weight_prefix = _running_sums(self.model.en_total)
        # bead scores are read on the calibrated weights (see scores())
        self.raw_weight_prefixes = (
            (_running_sums(calibrated_totals[0]), _running_sums(calibrated_totals[1]))
            if calibrated_totals else (self.src_weight_prefix, self.tgt_weight_prefix))
        self._raw_gains: dict[int, float] = {}
        self.width = self.m + 1  # cache keys: i * width + j
        self._source_skips: dict[int, float] = {}
        self._target_skips: dict[int, float] = {}
        self._gain_cache: dict[int, float] = {}
        self._rare: list[tuple[list[tuple[list[int], float]], list[tuple[list[int], float]]]] | None = None
        # body text only on both sides: no heading or non-article costs to weigh
        self.plain = self.src_special[-1] == 0 and self.tgt_special[-1] == 0

    # -- evidence ----------------------------------------------------------------------

    def gain(self, i0: int, i1: int, j0: int, j1: int, calibrated: bool = False) -> float:
        """Log-likelihood ratio that source[i0:i1] and target[j0:j1] translate each other.
        ``calibrated``: on the weights as fitted, not rescaled to the document's
        lexical level (the same unless the level is below the reference)."""
        key = ((i0 * 5 + i1 - i0) * self.width + j0) * 5 + j1 - j0
        if calibrated:
            cache, (src_weight_prefix, tgt_weight_prefix) = self._raw_gains, self.raw_weight_prefixes
            if src_weight_prefix is self.src_weight_prefix:
                cache = self._gain_cache
        else:
            cache, src_weight_prefix, tgt_weight_prefix = \
                self._gain_cache, self.src_weight_prefix, self.tgt_weight_prefix
        cached = cache.get(key)
        if cached is not None:
            return cached
        source_len = self.src_prefix[i1] - self.src_prefix[i0]
        target_len = self.tgt_prefix[j1] - self.tgt_prefix[j0]
        zh_matched, en_matched = self.model.matched(i0, i1, j0, j1)
        zh_total = src_weight_prefix[i1] - src_weight_prefix[i0]
        en_total = tgt_weight_prefix[j1] - tgt_weight_prefix[j0]
        if self.tgt_cut[j0] and i1 - i0 == 1 and j1 - j0 == 1 and target_len < source_len:
            # A translation cut off half-way: its length says nothing, and only the
            # share of the source it got to can be matched.
            zh_total *= target_len / source_len
            weight = zh_total + en_total
            similarity = (min(zh_matched, zh_total) + en_matched) / weight if weight else 0.0
            value = lexical_llr(similarity, weight)
        else:
            weight = zh_total + en_total
            similarity = (zh_matched + en_matched) / weight if weight > 0.0 else 0.0
            value = lexical_llr(similarity, weight) + length_llr(length_delta(source_len, target_len))
        cache[key] = value
        return value

    @staticmethod
    def _coverage_evidence(coverage: float, weight: float) -> float:
        """Log-likelihood ratio that a sentence belongs with a neighbour, from the share
        of its weight the neighbour covers.

        The members of a merged bead, or a sentence and its truncated translation, are
        covered well (95% of the members of merged MQM beads above ~0.3); an omitted
        sentence and its neighbour's translation share little (95% of them under 0.37).
        A lone segment pays the positive part, a member of a larger bead the negative
        part; short sentences carry less evidence.
        """
        evidence = COVERAGE_SLOPE * (coverage - COVERAGE_NEUTRAL)
        if weight < FULL_EVIDENCE_WEIGHT / 2:
            evidence *= math.sqrt(2 * weight / FULL_EVIDENCE_WEIGHT)
        return evidence

    def _coverage_penalty(self, coverage: float, weight: float) -> float:
        """Cost of leaving a segment alone whose content a neighbour covers."""
        return max(0.0, self._coverage_evidence(coverage, weight))

    def _member_penalty(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """Cost of the members of a larger bead that its other side barely covers (a
        sentence absorbed into its neighbour's bead rather than left untranslated)."""
        model = self.model
        pair = model.pair
        penalty = 0.0
        if i1 - i0 > 1:
            for i in range(i0, i1):
                total = model.zh_total[i]
                if total:
                    if j1 - j0 == 1:  # one counterpart: its pair's match
                        matched = pair(i, j0)[2]
                    else:
                        mask = 0
                        for j in range(j0, j1):
                            mask |= pair(i, j)[0]
                        matched = model._mask_weight(i, mask)
                    penalty -= min(0.0, self._coverage_evidence(matched / total, total))
        if j1 - j0 > 1:
            en_weight = model.en_weight
            for j in range(j0, j1):
                total = model.en_total[j]
                if total:
                    if i1 - i0 == 1:
                        matched = pair(i0, j)[3]
                    else:
                        keys: set[str] = set()
                        for i in range(i0, i1):
                            keys.update(pair(i, j)[1])
                        matched = sum([en_weight[key] for key in keys])
                    penalty -= min(0.0, self._coverage_evidence(matched / total, total))
        return penalty

    def _source_skip_cost(self, i: int, j: int) -> float:
        """Cost of source i alone, between targets j-1 and j (cached): the skip cost, plus
        the coverage penalty by the better of its two neighbours."""
        key = i * self.width + j
        cached = self._source_skips.get(key)
        if cached is None:
            if not self.src_article[i]:
                cached = NON_ARTICLE_SKIP_COST
            else:
                pair = self.model.pair
                total = self.model.zh_total[i]
                matched = max(pair(i, j - 1)[2] if j > 0 else 0.0, pair(i, j)[2] if j < self.m else 0.0)
                cached = SKIP_COST + self.src_fragment[i] + (
                    self._coverage_penalty(matched / total, total) if total else 0.0)
            self._source_skips[key] = cached
        return cached

    def _target_skip_cost(self, i: int, j: int) -> float:
        """Cost of target j alone, between sources i-1 and i (cached)."""
        key = i * self.width + j
        cached = self._target_skips.get(key)
        if cached is None:
            if not self.tgt_article[j]:
                cached = NON_ARTICLE_SKIP_COST
            else:
                pair = self.model.pair
                total = self.model.en_total[j]
                matched = max(pair(i - 1, j)[3] if i > 0 else 0.0, pair(i, j)[3] if i < self.n else 0.0)
                cached = SKIP_COST + (self._coverage_penalty(matched / total, total) if total else 0.0)
            self._target_skips[key] = cached
        return cached

    def bead_cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        a, b = i1 - i0, j1 - j0
        if b == 0:
            return self._source_skip_cost(i0, j0)
        if a == 0:
            return self._target_skip_cost(i0, j0)
        cost = _SHAPE_COST[(a, b)] - self.gain(i0, i1, j0, j1)
        if a > 1 or b > 1:  # pieces of one sentence cost nothing to join
            cost -= MERGE_COST * (self.src_joins[i1 - 1] - self.src_joins[i0]
                                  + self.tgt_joins[j1 - 1] - self.tgt_joins[j0])
        if a > 1 or b > 1:
            crossings = (self.src_breaks[i1 - 1] - self.src_breaks[i0]
                         + self.tgt_breaks[j1 - 1] - self.tgt_breaks[j0])
            cost += PARAGRAPH_CROSSING_COST * crossings + self._member_penalty(i0, i1, j0, j1)
        if self.src_special[i1] == self.src_special[i0] and self.tgt_special[j1] == self.tgt_special[j0]:
            return cost  # body text on both sides: nothing more to weigh
        src_articles = self.src_article[i0:i1]
        tgt_articles = self.tgt_article[j0:j1]
        if not (all(src_articles) and all(tgt_articles)):
            if any(src_articles) or any(tgt_articles) or a > 1 or b > 1:
                cost += NON_ARTICLE_MISMATCH_COST
        src_heading = any(self.src_heading[i0:i1])
        tgt_heading = any(self.tgt_heading[j0:j1])
        if src_heading != tgt_heading:
            cost += HEADING_MISMATCH_COST
        elif src_heading and a == 1 and b == 1:
            cost -= HEADING_MATCH_BONUS
        return cost

    # -- pass 1: anchors ---------------------------------------------------------------

    def anchors(self) -> list[tuple[int, int]]:
        """Confident, mutually best 1-1 pairs forming a monotone chain.

        A coarse pass over every ANCHOR_COARSE_STRIDE-th source sentence searches a wide
        window around the diagonal; the fine pass then searches every sentence in a
        narrow window around the coarse chain, so a large omission shifts the search
        instead of hiding the counterpart, and work per sentence stays constant.
        """
        n, m, model = self.n, self.m, self.model
        # target sentences of each key rare enough to ever count (see _rare_keys)
        limit = ANCHOR_RARE_POSTINGS * ANCHOR_MAX_WINDOWS
        rare = frozenset(key for key, df in model.en_df.items() if df <= limit)
        postings: dict[str, list[int]] = {key: [] for key in rare}
        for j, keys in enumerate(model.en_keys):
            for key in keys & rare:
                postings[key].append(j)
        wide = int(min(ANCHOR_WINDOW_MAX, max(ANCHOR_WINDOW_MIN, ANCHOR_WINDOW_SHARE * max(n, m))))
        rows = range(0, n, ANCHOR_COARSE_STRIDE)
        coarse = self._chain(rows, [i * m / n for i in rows], wide, postings)
        points = [(0.0, 0.0)] + [(i + 0.5, j + 0.5) for i, j in coarse] + [(float(n), float(m))]
        centres = []
        segment = 0
        for i in range(n):  # the coarse chain, joined by straight lines
            while segment + 2 < len(points) and points[segment + 1][0] <= i:
                segment += 1
            (x0, y0), (x1, y1) = points[segment], points[segment + 1]
            centres.append(y0 if x1 == x0 else y0 + (y1 - y0) * (i - x0) / (x1 - x0))
        return self._chain(range(n), centres, ANCHOR_WINDOW_MIN, postings)

    def _chain(self, rows: range, centres: list[float], window: int,
               postings: dict[str, list[int]]) -> list[tuple[int, int]]:
        """Mutually best pairs of the source sentences ``rows`` (whose expected
        counterparts are at ``centres``, one per row) within ``window`` of there."""
        model, m = self.model, self.m
        # keys frequent in the whole document cannot be rare in any window of it
        limit = ANCHOR_RARE_POSTINGS * min(ANCHOR_MAX_WINDOWS, max(
            1, (max(self.n, m) + 2 * window - 1) // (2 * window)))
        rare_keys = self._rare_keys(postings)
        pair = model.pair
        src_len, tgt_len, tgt_article = model.src_len, model.tgt_len, self.tgt_article
        best_for_target: dict[int, tuple[float, int]] = {}
        bisect_left, bisect_right = bisect.bisect_left, bisect.bisect_right
        by_score = itemgetter(1)
        for i, middle in zip(rows, centres):
            if not self.src_article[i]:
                continue
            low, high = middle - window, middle + window
            scores: dict[int, float] = {}
            get = scores.get
            short, long = rare_keys[i]
            for posting, weight in short:
                for j in posting:
                    if low <= j <= high:
                        scores[j] = get(j, 0.0) + weight
            for posting, weight in long:
                if len(posting) > limit:
                    continue
                start = bisect_left(posting, low)
                if start == len(posting) or posting[start] > high:
                    continue  # (the usual case: none in the window)
                stop = bisect_right(posting, high, start)
                if stop - start > ANCHOR_RARE_POSTINGS:
                    continue
                for j in posting[start:stop]:
                    scores[j] = get(j, 0.0) + weight
            if not scores:
                continue
            top = sorted(scores.items())
            top.sort(key=by_score, reverse=True)  # stable: ties stay in target order
            ranked = []
            for j, _ in top[:3]:
                _, _, zh_matched, en_matched = pair(i, j)
                total = model.zh_total[i] + model.en_total[j]
                ranked.append((j, (zh_matched + en_matched) / total if total else 0.0))
            ranked.sort(key=by_score, reverse=True)
            j, similarity = ranked[0]
            runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
            if similarity < ANCHOR_MIN_SIMILARITY or similarity - runner_up < ANCHOR_MIN_MARGIN:
                continue
            if not tgt_article[j]:
                continue
            if abs(length_delta(src_len[i], tgt_len[j])) > ANCHOR_MAX_DELTA:
                continue
            previous = best_for_target.get(j)
            if previous is None or similarity > previous[0]:
                best_for_target[j] = (similarity, i)
        pairs = sorted((i, j) for j, (_, i) in best_for_target.items())
        return _longest_chain(pairs)

    def _rare_keys(self, postings: dict[str, list[int]]
                   ) -> list[tuple[list[tuple[list[int], float]], list[tuple[list[int], float]]]]:
        """Per source sentence, (posting, weight) of the English keys it can match that
        occur at most ANCHOR_RARE_POSTINGS x ANCHOR_MAX_WINDOWS times: those that occur
        at most ANCHOR_RARE_POSTINGS times in the whole text, then the others.  (The
        weights are on a binary grid, so their sums do not depend on the order.)"""
        if self._rare is None:
            limit = ANCHOR_RARE_POSTINGS * ANCHOR_MAX_WINDOWS
            en_df, en_weight = self.model.en_df, self.model.en_weight
            short = {key: (postings[key], en_weight[key])
                     for key, df in en_df.items() if df <= ANCHOR_RARE_POSTINGS}
            long = {key: (postings[key], en_weight[key])
                    for key, df in en_df.items() if ANCHOR_RARE_POSTINGS < df <= limit}
            short_keys, long_keys = frozenset(short), frozenset(long)
            self._rare = [(list(map(short.__getitem__, short_keys & keys)),
                           list(map(long.__getitem__, long_keys & keys)))
                          for keys in self.model.zh_keys]
        return self._rare

    # -- pass 2: banded dynamic programme ----------------------------------------------

    def run(self) -> list[tuple[int, int, int, int]]:
        chain = self.anchors()
        # Two anchors side by side on both sides pin the state between them: the search
        # splits there into independent gaps (a run of three anchors fixes the middle
        # one's 1-1 bead).
        cuts = [(i + 1, j + 1) for (i, j), (k, l) in zip(chain, chain[1:]) if k == i + 1 and l == j + 1]
        path: list[tuple[int, int, int, int]] = []
        start = (0, 0)
        chain_position = 0
        for end in cuts + [(self.n, self.m)]:
            inner = []
            while chain_position < len(chain) and chain[chain_position][0] < end[0]:
                point = chain[chain_position]
                if point[0] >= start[0] and point[1] >= start[1]:
                    inner.append(point)
                chain_position += 1
            if end == (start[0] + 1, start[1] + 1):  # an anchor between two cuts: fixed
                path.append((start[0], end[0], start[1], end[1]))
            elif end[0] > start[0] or end[1] > start[1]:
                path.extend(self._search(start, end, inner))
            start = end
        return self._pair_substitutions(path)

    def _pair_substitutions(self, path: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
        """Pair a lone source sentence with a lone target sentence right beside it.

        The programme prices an omission and an addition independently, but the two at
        the same place (a sentence replaced by an unrelated one) is much rarer than a
        loose or truncated translation, so such a pair is kept unless its evidence is
        below -(SUBSTITUTION_COST - ONE_TO_ONE_COST).
        """
        result: list[tuple[int, int, int, int]] = []
        for bead in path:
            if result:
                previous = result[-1]
                lone_source = previous if previous[2] == previous[3] else bead
                lone_target = bead if lone_source is previous else previous
                if (lone_source[1] - lone_source[0] == 1 and lone_source[2] == lone_source[3]
                        and lone_target[3] - lone_target[2] == 1 and lone_target[0] == lone_target[1]):
                    i, j = lone_source[0], lone_target[2]
                    if (self.src_article[i] and self.tgt_article[j]
                            and _SHAPE_COST[(1, 1)] - self.gain(i, i + 1, j, j + 1) < SUBSTITUTION_COST):
                        result[-1] = (i, i + 1, j, j + 1)
                        continue
            result.append(bead)
        return result

    def _search(self, start: tuple[int, int], end: tuple[int, int],
                guides: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
        """Minimum-cost beads from state ``start`` to state ``end`` (prefix counts).

        State (i, j) means i source and j target segments are aligned.  The lone and 1-1
        shapes are priced inline (each is needed by one cell only); the larger shapes
        are priced only when a lower bound can beat the best cost found so far: first
        their length evidence, known from prefix sums, plus the most lexical evidence
        their weight allows; then the lexical evidence their 1-1 pairs allow.
        """
        i_start, j_start = start
        i_end, j_end = end
        rows = i_end - i_start
        cols = j_end - j_start
        if rows == 0 or cols == 0:
            if rows:
                return [(i, i + 1, j_start, j_start) for i in range(i_start, i_end)]
            return [(i_start, i_start, j, j + 1) for j in range(j_start, j_end)]
        if (rows + 1) * (cols + 1) <= FULL_GAP_CELLS:
            lo = [j_start] * (rows + 1)
            hi = [j_end] * (rows + 1)
        else:
            lo, hi = _guided_band(start, end, guides, BAND_HALF_WIDTH)
        inf = math.inf
        cost = [[inf] * (hi[r] - lo[r] + 1) for r in range(rows + 1)]
        back = [[0] * (hi[r] - lo[r] + 1) for r in range(rows + 1)]
        cost[0][j_start - lo[0]] = 0.0
        model = self.model
        plain = self.plain
        bead_cost, gain = self.bead_cost, self.gain
        matched_bound = model.matched_bound
        pairs, pair, width = model._pairs, model.pair, model._width
        zh_total, en_total = model.zh_total, model.en_total
        src_len, tgt_len, tgt_cut = model.src_len, model.tgt_len, self.tgt_cut
        src_prefix, tgt_prefix = self.src_prefix, self.tgt_prefix
        src_weight, tgt_weight = self.src_weight_prefix, self.tgt_weight_prefix
        src_joins, tgt_joins = self.src_joins, self.tgt_joins
        src_fragment = self.src_fragment
        src_breaks, tgt_breaks = self.src_breaks, self.tgt_breaks
        sqrt, exp, log = math.sqrt, math.exp, math.log
        largest_scale = EVIDENCE_SCALE_CAP * EVIDENCE_SCALE_CAP * FULL_EVIDENCE_WEIGHT
        # length_llr inlined: log(main * exp(-delta^2 * narrowing) + LENGTH_OUTLIER_SHARE)
        main = (1.0 - LENGTH_OUTLIER_SHARE) * UNRELATED_LENGTH_SPREAD
        narrowing = 0.5 * (1.0 - 1.0 / (UNRELATED_LENGTH_SPREAD * UNRELATED_LENGTH_SPREAD))
        for r in range(rows + 1):
            i = i_start + r
            row_lo, row_hi = lo[r], hi[r]
            row_cost, row_back = cost[r], back[r]
            if r:
                up_lo, up_hi, up_cost = lo[r - 1], hi[r - 1], cost[r - 1]
                s = i - 1  # the source sentence the shapes from the row above take
                s_base = s * width
                s_total, s_len = zh_total[s], src_len[s]
                # (lo, hi, cost) of the rows 1 to 4 above, for the larger shapes
                rows_above = [None] + [(lo[r - a], hi[r - a], cost[r - a]) if a <= r else None
                                       for a in range(1, 5)]
                larger_shapes = _LARGER_SHAPES_BY_ROWS[r if r < 4 else 4]
            for j in range(row_lo, row_hi + 1):
                best = row_cost[j - row_lo]
                best_shape = -1
                if j > row_lo:  # 0-1: target j-1 alone, between sources i-1 and i
                    previous = row_cost[j - 1 - row_lo]
                    if previous < inf:
                        if plain:
                            t = j - 1
                            total = en_total[t]
                            covered = 0.0
                            if total:
                                if i > 0:
                                    covered = (pairs.get((i - 1) * width + t) or pair(i - 1, t))[3]
                                if i < self.n:
                                    here = (pairs.get(i * width + t) or pair(i, t))[3]
                                    if here > covered:
                                        covered = here
                                covered /= total
                            previous += SKIP_COST
                            if covered > COVERAGE_NEUTRAL:
                                previous += self._coverage_penalty(covered, total)
                        else:
                            previous += self._target_skip_cost(i, j - 1)
                        if previous < best:
                            best, best_shape = previous, _SHAPE_0_1
                if r:
                    if up_lo <= j <= up_hi:  # 1-0: source i-1 alone, between targets j-1 and j
                        previous = up_cost[j - up_lo]
                        if previous < inf:
                            if plain:
                                covered = 0.0
                                if s_total:
                                    if j > 0:
                                        covered = (pairs.get(s_base + j - 1) or pair(s, j - 1))[2]
                                    if j < self.m:
                                        here = (pairs.get(s_base + j) or pair(s, j))[2]
                                        if here > covered:
                                            covered = here
                                    covered /= s_total
                                previous += SKIP_COST + src_fragment[s]
                                if covered > COVERAGE_NEUTRAL:
                                    previous += self._coverage_penalty(covered, s_total)
                            else:
                                previous += self._source_skip_cost(s, j)
                            if previous < best:
                                best, best_shape = previous, _SHAPE_1_0
                    if up_lo < j <= up_hi + 1:  # 1-1: source i-1 with target j-1
                        previous = up_cost[j - 1 - up_lo]
                        if previous < inf:
                            t = j - 1
                            if plain and not (tgt_cut[t] and tgt_len[t] < s_len):
                                _, _, zh_matched, en_matched = pairs.get(s_base + t) or pair(s, t)
                                weight = s_total + en_total[t]
                                if weight > 0.0:
                                    evidence = LEXICAL_SLOPE * ((zh_matched + en_matched) / weight
                                                                - LEXICAL_NEUTRAL)
                                    if evidence > LEXICAL_CEILING:
                                        evidence = LEXICAL_CEILING
                                    elif evidence < LEXICAL_FLOOR:
                                        evidence = LEXICAL_FLOOR
                                    evidence *= (EVIDENCE_SCALE_CAP if weight >= largest_scale
                                                 else sqrt(weight / FULL_EVIDENCE_WEIGHT))
                                else:
                                    evidence = 0.0
                                target_length = tgt_len[t]
                                mean = (s_len + target_length) / 2.0
                                delta = (target_length - s_len) / sqrt(
                                    LENGTH_VARIANCE * (mean if mean > 1.0 else 1.0))
                                previous += ONE_TO_ONE_COST - evidence - log(
                                    main * exp(-delta * delta * narrowing) + LENGTH_OUTLIER_SHARE)
                            elif plain:
                                previous += ONE_TO_ONE_COST - gain(s, i, t, j)
                            else:
                                previous += bead_cost(s, i, t, j)
                            if previous < best:
                                best, best_shape = previous, _SHAPE_1_1
                    # larger shapes; the 1-1 pairs of an n-1 (1-n) bead are summed as a
                    # grows (b grows), so each pair is fetched once per cell
                    sources_summed = targets_summed = 1
                    zh_sum_a = en_sum_a = zh_sum_b = en_sum_b = -1.0
                    for a, b, shape_cost, shape_index, least_cost in larger_shapes:
                        pj = j - b
                        up_lo_a, up_hi_a, up_cost_a = rows_above[a]
                        if pj < up_lo_a or pj > up_hi_a:
                            continue
                        previous = up_cost_a[pj - up_lo_a]
                        if previous == inf or previous + least_cost > best + _ROUNDING_MARGIN:
                            continue
                        # lower bound: the lexical evidence is at most its ceiling, scaled
                        # by the bead's weight; the length evidence and the paragraph
                        # crossings are known exactly (bead_cost only adds costs to these)
                        weight = src_weight[i] - src_weight[i - a] + tgt_weight[j] - tgt_weight[pj]
                        scale = (EVIDENCE_SCALE_CAP if weight >= largest_scale
                                 else sqrt(weight / FULL_EVIDENCE_WEIGHT))
                        evidence = LEXICAL_CEILING * scale
                        bound = (previous + shape_cost - evidence - MERGE_COST * (
                            src_joins[i - 1] - src_joins[i - a] + tgt_joins[j - 1] - tgt_joins[pj])
                            + PARAGRAPH_CROSSING_COST * (src_breaks[i - 1] - src_breaks[i - a]
                                                         + tgt_breaks[j - 1] - tgt_breaks[pj]))
                        if bound - LENGTH_LLR_MAX >= best:
                            continue
                        source_length = src_prefix[i] - src_prefix[i - a]
                        target_length = tgt_prefix[j] - tgt_prefix[pj]
                        mean = (source_length + target_length) / 2.0
                        delta = (target_length - source_length) / sqrt(
                            LENGTH_VARIANCE * (mean if mean > 1.0 else 1.0))
                        bound -= log(main * exp(-delta * delta * narrowing) + LENGTH_OUTLIER_SHARE)
                        if bound >= best:
                            continue
                        # a tighter bound: each sentence's 1-1 matches summed over the other
                        # side (capped at its own weight), before the exact cost
                        if not weight:  # no lexical weight at all (punctuation only)
                            similarity = 0.0
                        elif b == 1:
                            t = j - 1
                            if zh_sum_a < 0.0:
                                _, _, zh_sum_a, en_sum_a = pairs.get(s_base + t) or pair(s, t)
                            while sources_summed < a:
                                sources_summed += 1
                                _, _, zh_matched, en_matched = (
                                    pairs.get((i - sources_summed) * width + t) or pair(i - sources_summed, t))
                                zh_sum_a += zh_matched
                                en_sum_a += en_matched
                            total = en_total[t]
                            similarity = (zh_sum_a + (en_sum_a if en_sum_a < total else total)) / weight
                        elif a == 1:
                            if zh_sum_b < 0.0:
                                _, _, zh_sum_b, en_sum_b = pairs.get(s_base + j - 1) or pair(s, j - 1)
                            while targets_summed < b:
                                targets_summed += 1
                                _, _, zh_matched, en_matched = (
                                    pairs.get(s_base + j - targets_summed) or pair(s, j - targets_summed))
                                zh_sum_b += zh_matched
                                en_sum_b += en_matched
                            similarity = ((zh_sum_b if zh_sum_b < s_total else s_total) + en_sum_b) / weight
                        else:
                            similarity = matched_bound(i - a, i, pj, j) / weight
                        # lexical_llr(similarity, weight), inlined
                        llr = LEXICAL_SLOPE * (similarity - LEXICAL_NEUTRAL)
                        if llr > LEXICAL_CEILING:
                            llr = LEXICAL_CEILING
                        elif llr < LEXICAL_FLOOR:
                            llr = LEXICAL_FLOOR
                        if bound + evidence - llr * scale >= best:
                            continue
                        total = previous + bead_cost(i - a, i, pj, j)
                        if total < best:
                            best, best_shape = total, shape_index
                if best_shape >= 0:
                    row_cost[j - row_lo] = best
                    row_back[j - row_lo] = best_shape
        if cost[rows][j_end - lo[rows]] == inf:
            raise RuntimeError("alignment band does not reach its end")  # bands are connected
        beads = []
        r, j = rows, j_end
        while r or j != j_start:
            a, b = _SHAPES[back[r][j - lo[r]]]
            beads.append((i_start + r - a, i_start + r, j - b, j))
            r, j = r - a, j - b
        beads.reverse()
        return beads

    # -- scores ------------------------------------------------------------------------

    def scores(self, path: list[tuple[int, int, int, int]]) -> list[float]:
        """Each bead's score, read on the calibrated evidence: the rescaling to the
        document's lexical level decides the beads, but a rule's thresholds are set
        on the scores as fitted."""
        result = []
        for position, (i0, i1, j0, j1) in enumerate(path):
            if i1 > i0 and j1 > j0:
                value = _sigmoid(self.gain(i0, i1, j0, j1, calibrated=True))
                kinds = set(self.src_article[i0:i1]) | set(self.tgt_article[j0:j1])
                if len(kinds) > 1:  # article text paired with a news box or table
                    value = min(value, 0.5)
            else:
                value = 1.0 - self._best_neighbour_match(path, position)
            result.append(round(value, 4))
        return result

    def _best_neighbour_match(self, path, position: int) -> float:
        """Highest match probability of a skipped segment with any nearby counterpart."""
        i0, i1, j0, j1 = path[position]
        before = path[max(0, position - 2)]
        after = path[min(len(path) - 1, position + 2)]
        best = 0.0
        if i1 > i0:
            for j in range(max(0, before[2] - 1), min(self.m, after[3] + 1)):
                best = max(best, _sigmoid(self.gain(i0, i1, j, j + 1, calibrated=True)))
        else:
            for i in range(max(0, before[0] - 1), min(self.n, after[1] + 1)):
                best = max(best, _sigmoid(self.gain(i, i + 1, j0, j1, calibrated=True)))
        return best


def _running_sums(values: Sequence[float]) -> list[float]:
    """sums[k] = sum of values before position k (len(values) + 1 entries)."""
    sums = [0.0]
    for value in values:
        sums.append(sums[-1] + value)
    return sums


def _prefix_counts(flags: list[bool]) -> list[int]:
    """counts[k] = number of true flags before position k (len(flags) + 1 entries)."""
    counts = [0]
    for flag in flags:
        counts.append(counts[-1] + flag)
    return counts


def _longest_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence of (i, j) pairs (sorted by i) strictly increasing in both."""
    tails: list[int] = []        # smallest j ending a chain of each length
    tail_index: list[int] = []
    parent = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        length = bisect.bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[length] = j
            tail_index[length] = index
        parent[index] = tail_index[length - 1] if length else -1
    chain = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        chain.append(pairs[index])
        index = parent[index]
    chain.reverse()
    # pairs share no i (one per source) and no j (mutual best), so strictly increasing
    return chain


def _guided_band(start: tuple[int, int], end: tuple[int, int], guides: list[tuple[int, int]],
                 half_width: int) -> tuple[list[int], list[int]]:
    """Per-row j range: within ``half_width`` of the polyline start -> guides -> end and
    between the guides before and after the row (give or take CORRIDOR_SLACK, so that a
    guide can still join a larger bead), kept connected."""
    i_start, j_start = start
    i_end, j_end = end
    points = [(i_start, j_start)] + [(i + 0.5, j + 0.5) for i, j in guides] + [(i_end, j_end)]
    rows = i_end - i_start
    lo, hi = [], []
    segment = 0
    for r in range(rows + 1):
        i = i_start + r
        while segment + 2 < len(points) and points[segment + 1][0] <= i:
            segment += 1
        (x0, y0), (x1, y1) = points[segment], points[segment + 1]
        centre = y0 if x1 == x0 else y0 + (y1 - y0) * (i - x0) / (x1 - x0)
        # between the anchors around this row, give or take CORRIDOR_SLACK
        floor_j = (y0 + 0.5 - CORRIDOR_SLACK) if segment > 0 else j_start
        ceil_j = (y1 - 0.5 + CORRIDOR_SLACK) if segment + 2 < len(points) else j_end
        lo.append(max(j_start, int(math.floor(max(centre - half_width, floor_j)))))
        hi.append(min(j_end, int(math.ceil(min(centre + half_width, ceil_j)))))
    lo[0] = j_start
    hi[rows] = j_end
    for r in range(1, rows + 1):
        lo[r] = min(lo[r], hi[r - 1])
        hi[r] = max(hi[r], lo[r])
    for r in range(rows - 1, -1, -1):
        hi[r] = max(hi[r], lo[r + 1])
        lo[r] = min(lo[r], hi[r])
    return lo, hi


def prepare() -> None:
    """Load what the aligner looks up (CC-CEDICT index, pinyin tables) ahead of time, so
    that a timed or latency-bound call does not pay for it."""
    from .lexicon import pinyin_syllables

    cedict_index().english
    pinyin_syllables()


@contextlib.contextmanager
def cyclic_gc_paused():
    """Pause the cyclic garbage collector: the aligner and the rules build hundreds of
    thousands of small tuples and no cycles, and each full collection would walk every
    object of the dictionaries loaded beside them (10-15% of a check's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def align(source: Sequence[Segment], target: Sequence[Segment],
          glossary: Glossary | None = None) -> list[Bead]:
    """Align source (Chinese) segments with target (English) segments.

    Returns beads in order covering every segment of both sides exactly once; a bead
    with one side empty is a segment without counterpart.  Scores: for a pair, the
    probability that it is a translation; for a lone segment, that it has none nearby.
    """
    if not source or not target:
        return ([Bead((segment.id,), (), 1.0) for segment in source]
                + [Bead((), (segment.id,), 1.0) for segment in target])
    with cyclic_gc_paused():
        aligner = _Aligner(source, target, glossary)
        path = aligner.run()
        scores = aligner.scores(path)
        del aligner  # its caches go now, by reference counting
        return [Bead(tuple(segment.id for segment in source[i0:i1]),
                     tuple(segment.id for segment in target[j0:j1]), score)
                for (i0, i1, j0, j1), score in zip(path, scores)]


def beads_to_lines(beads: Sequence[Bead]) -> list[str]:
    """One line per bead as ``[0,1]:[2]``, with ``[]`` for no counterpart."""
    return ["[" + ",".join(map(str, bead.source)) + "]:[" + ",".join(map(str, bead.target)) + "]"
            for bead in beads]
