"""Sentence alignment (stage 4): pair Chinese segments with English segments.

``align(source, target, glossary=None) -> list[Bead]``.  Beads cover every segment of
each side exactly once, in order; no bead is empty on both sides; every bead has a
score in [0, 1] (1 = confident).

How it works (in the spirit of Champollion's lexical model and Bertalign's two passes):

1. **Lexical translation model.**  Each Chinese sentence becomes a set of weighted items
   (CC-CEDICT words with their English stems, Latin tokens copied verbatim, numbers
   normalised across digits, Chinese numerals and 万/亿, glossary terms, punctuation and
   enumerators such as 一是/Firstly); each English sentence a set of weighted keys
   (stems, numbers, structure).  Weights are IDF within the document, so rare words
   count more.  The similarity of a bead is the weighted share of items on both sides
   that find a counterpart.
2. **Length model**: English letters+digits ~ 3.95 x Han characters, variance fitted.
3. **Bead cost** = shape cost - log-likelihood ratio(similarity) - log-likelihood
   ratio(length) + soft penalties (paragraph crossing, heading/non-article mismatch).
   A lone segment (1-0 or 0-1) costs SKIP_COST, more when a neighbour on the other side
   holds its content (a merge or a truncated translation rather than an omission).
4. **Search.**  Pass 1 finds confident, mutually best 1-1 pairs through an inverted
   index of rare keys (a coarse pass around the diagonal, then a narrow one around the
   coarse chain) and keeps a monotone chain; runs of three consecutive anchors fix their
   inner pair.  Pass 2 runs a dynamic programme over bead shapes 0-1, 1-0, 1-1, 1-2,
   2-1, 2-2, 1-3, 3-1, 1-4, 4-1 in each gap, banded around the chain, with a lower-bound
   prune, so time grows about linearly with the text.
5. **Scores**: for a pair, the logistic of its evidence (the probability that it is a
   translation at even prior odds); for a lone segment, one minus the best such
   probability with any segment nearby.
"""
from __future__ import annotations

import bisect
import math
import re
import unicodedata
from typing import Sequence

from .glossary import Glossary
from .lexicon import (
    cedict_index, chinese_words, english_stems, english_words, stem,
)
from .model import Bead, Segment

# --- length model -------------------------------------------------------------------
# Fitted by maximum likelihood on the MQM newstest2020 zh-en Human-A/Human-B reference
# pairs (3,061 sentence pairs without post-edit artefacts): English letters+digits
# ~= 3.95 x Han characters + Latin letters/digits already in the Chinese, with variance
# 5.1 x the mean length of the pair (Gale-Church's form: variance proportional to
# length; 1.2% of pairs are outliers, see length_llr).
EN_CHARS_PER_HAN = 3.95
LENGTH_VARIANCE = 5.1

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_ALNUM = re.compile(r"[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u00c0-\u024f]")


def source_length(text: str) -> float:
    """Predicted English letters+digits for a Chinese text."""
    return EN_CHARS_PER_HAN * len(_HAN.findall(text)) + len(_ALNUM.findall(text))


def target_length(text: str) -> float:
    """English letters+digits of a text (spaces and punctuation vary by style)."""
    return float(len(_ALNUM.findall(text)))


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
# A small, fast extractor of its own: tqc.numbers is far more thorough (dates, ranges,
# approximations, number words) but costs ~0.4 ms per English sentence, as much as the
# whole alignment budget; for alignment only figures and scaled amounts matter.

_ZH_NUMBER = re.compile(
    r"(?P<digits>\d+(?:[,，]\d{3})*(?:\.\d+)?)\s*(?P<scale>[万亿萬億]*)|"
    r"第(?P<ordinal>[一二三四五六七八九十]{1,3})|"
    r"(?P<numeral>[零〇一二两三四五六七八九十百千万亿萬億]{2,})")
_EN_NUMBER = re.compile(
    r"(?P<digits>\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*(?P<scale>thousand|million|billion|trillion|"
    r"bn|m)\b)?|\b(?P<ordinal>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
    r"tenth)\b", re.IGNORECASE)
_EN_SCALE = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
             "trillion": 1e12}


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


def _en_number_keys(text: str) -> list[str]:
    keys = []
    for match in _EN_NUMBER.finditer(text):
        if match.group("ordinal"):
            keys.append(_number_key(_EN_ORDINAL[match.group("ordinal").lower()]))
            continue
        value = float(match.group("digits").replace(",", ""))
        if match.group("scale"):
            value *= _EN_SCALE[match.group("scale").lower()]
        keys.append(_number_key(value))
    return keys


_FULL_WIDTH_DIGIT = re.compile("[０-９]")


def _zh_features(text: str, glossary_terms, cedict) -> tuple[list[str], list[str]]:
    """(Chinese words, other item keys) of one Chinese text.

    Other keys translate to themselves: Latin tokens (\\x03 + stem), numbers,
    punctuation structure and enumerators; glossary terms come as \\x04 + term.
    """
    words = chinese_words(text, cedict)
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


_ZH_DIGIT_HINT = re.compile("[0-9０-９零〇一二两三四五六七八九十百千万亿萬億]")


_MONTHS = {stem(name): f"\x02{number}" for number, name in enumerate(
    "january february march april may june july august september october november december"
    .split(), start=1) if name != "may"}  # "may" is far more often the verb


def _en_features(text: str) -> set[str]:
    keys = {key for key in english_stems(text) if len(key) > 1}
    months = keys.intersection(_MONTHS)
    if months:  # 9月 is the number 9: let "September" meet it
        keys.difference_update(months)
        keys.update(_MONTHS[month] for month in months)
    if _EN_DIGIT_HINT.search(text):
        keys.update(_en_number_keys(text))
    keys.update(_EN_STRUCTURE_CHARS[char] for char in _EN_STRUCTURE_RE.findall(text))
    enumerator = _en_enumerator(text)
    if enumerator:
        keys.add(enumerator)
    return keys


_EN_DIGIT_HINT = re.compile(r"[0-9]|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b", re.IGNORECASE)


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
    return math.log((count + 1.0) / (document_frequency + 0.5))


STRUCTURE_WEIGHT = 0.5          # punctuation is a weak clue
ENUMERATOR_WEIGHT = 2.0         # 一是 / Firstly is a strong one
GLOSSARY_WEIGHT_FACTOR = 1.5    # a glossary term weighs 1.5 x the rarest word
SENSES_FOR_FULL_WEIGHT = 8.0    # words with more English stems than this match by chance


class _PairModel:
    """Features of both sides and memoised bead similarities."""

    def __init__(self, source: Sequence[Segment], target: Sequence[Segment],
                 glossary: Glossary | None):
        cedict = cedict_index()
        terms = _glossary_terms(glossary)
        term_keys = {"\x04" + zh: keys for zh, keys in terms}
        n, m = len(source), len(target)

        en_keys = [_en_features(segment.text) for segment in target]
        en_df: dict[str, int] = {}
        for keys in en_keys:
            for key in keys:
                en_df[key] = en_df.get(key, 0) + 1
        self.en_df = en_df
        en_weight = {}
        for key, df in en_df.items():
            if key[0] == "\x01":
                en_weight[key] = ENUMERATOR_WEIGHT if key.startswith("\x01enum") else STRUCTURE_WEIGHT
            else:
                en_weight[key] = _idf(df, m)
        self.en_weight = en_weight
        self.en_keys = [frozenset(keys) for keys in en_keys]
        self.en_total = [sum(en_weight[key] for key in keys) for keys in en_keys]

        # Chinese items: (item, English keys found in this document, weight factor),
        # worked out once per item type.
        translations = cedict.translations
        item_info: dict[str, tuple[tuple[str, ...], float]] = {}
        sentence_items: list[list[str]] = []
        zh_df: dict[str, int] = {}
        for segment in source:
            words, keys = _zh_features(segment.text, terms, cedict)
            items = []
            seen = set()
            for word in words:
                if word in seen or word in _ZH_STOPWORDS:
                    continue
                seen.add(word)
                info = item_info.get(word)
                if info is None:
                    english = translations.get(word, ())
                    factor = min(1.0, math.sqrt(SENSES_FOR_FULL_WEIGHT / len(english))) if english else 0.0
                    info = (tuple(key for key in english if key in en_df), factor)
                    item_info[word] = info
                if info[1]:
                    items.append(word)
            for key in keys:
                if key in seen:
                    continue
                seen.add(key)
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
            for item in items:
                zh_df[item] = zh_df.get(item, 0) + 1
            sentence_items.append(items)
        top_zh = _idf(1, n)
        item_weight = {}
        for item, df in zh_df.items():
            english, factor = item_info[item]
            if item[0] == "\x01":
                item_weight[item] = ENUMERATOR_WEIGHT if item.startswith("\x01enum") else STRUCTURE_WEIGHT
            elif item[0] == "\x04":
                item_weight[item] = factor * top_zh
            else:
                item_weight[item] = factor * _idf(df, n)

        # Per Chinese sentence: item weights, total weight, English key -> item bitmask
        self.zh_weights: list[list[float]] = []
        self.zh_total: list[float] = []
        self.zh_index: list[dict[str, int]] = []
        for items in sentence_items:
            weights = [item_weight[item] for item in items]
            index: dict[str, int] = {}
            for bit, item in enumerate(items):
                for english_key in item_info[item][0]:
                    index[english_key] = index.get(english_key, 0) | (1 << bit)
            self.zh_weights.append(weights)
            self.zh_total.append(sum(weights))
            self.zh_index.append(index)

        self.src_len = [source_length(segment.text) for segment in source]
        self.tgt_len = [target_length(segment.text) for segment in target]
        self._pairs: dict[tuple[int, int], tuple[int, frozenset[str], float, float]] = {}

    def pair(self, i: int, j: int) -> tuple[int, frozenset[str], float, float]:
        """(matched Chinese item bitmask, matched English keys, their two weights)."""
        cached = self._pairs.get((i, j))
        if cached is None:
            index = self.zh_index[i]
            common = self.en_keys[j].intersection(index)
            mask = 0
            en_matched = 0.0
            en_weight = self.en_weight
            for key in common:
                mask |= index[key]
                en_matched += en_weight[key]
            cached = (mask, common, self._mask_weight(i, mask), en_matched)
            self._pairs[(i, j)] = cached
        return cached

    def source_coverage(self, i: int, j: int) -> float:
        """Share of source sentence i's item weight that target sentence j translates."""
        total = self.zh_total[i]
        return self.pair(i, j)[2] / total if total else 0.0

    def target_coverage(self, i: int, j: int) -> float:
        """Share of target sentence j's key weight that source sentence i translates."""
        total = self.en_total[j]
        return self.pair(i, j)[3] / total if total else 0.0

    def _mask_weight(self, i: int, mask: int) -> float:
        weights = self.zh_weights[i]
        total = 0.0
        while mask:
            low = mask & -mask
            total += weights[low.bit_length() - 1]
            mask ^= low
        return total

    def sim(self, i0: int, i1: int, j0: int, j1: int) -> tuple[float, float]:
        """(similarity in [0, 1], total weight) of the bead source[i0:i1] x target[j0:j1]."""
        total = sum(self.zh_total[i0:i1]) + sum(self.en_total[j0:j1])
        if total <= 0.0:
            return 0.0, 0.0
        en_weight = self.en_weight
        if i1 - i0 == 1 and j1 - j0 == 1:
            _, _, zh_matched, en_matched = self.pair(i0, j0)
            return (zh_matched + en_matched) / total, total
        matched = 0.0
        if i1 - i0 == 1:  # 1-n: English keys are matched by the one sentence only once
            mask = 0
            for j in range(j0, j1):
                pair = self.pair(i0, j)
                mask |= pair[0]
                matched += pair[3]
            return (matched + self._mask_weight(i0, mask)) / total, total
        if j1 - j0 == 1:  # n-1: each Chinese sentence has its own items
            keys_matched: set[str] = set()
            for i in range(i0, i1):
                pair = self.pair(i, j0)
                matched += pair[2]
                keys_matched.update(pair[1])
            return (matched + sum(en_weight[key] for key in keys_matched)) / total, total
        for j in range(j0, j1):
            keys: set[str] = set()
            for i in range(i0, i1):
                keys.update(self.pair(i, j)[1])
            matched += sum(en_weight[key] for key in keys)
        for i in range(i0, i1):
            mask = 0
            for j in range(j0, j1):
                mask |= self.pair(i, j)[0]
            matched += self._mask_weight(i, mask)
        return matched / total, total


def lexical_llr(similarity: float, total_weight: float) -> float:
    """log p(similarity | translation) - log p(similarity | neighbouring sentence).

    A clamped line fitted to the histograms of 1-1 reference pairs against their
    neighbours in MQM newstest2020 (the ratio crosses 0 near similarity 0.33, rises
    ~21 per unit and flattens at about -5 / +6).  Short sentences carry less evidence,
    so the ratio shrinks below a total item weight of ``FULL_EVIDENCE_WEIGHT``.
    """
    llr = LEXICAL_SLOPE * (similarity - LEXICAL_NEUTRAL)
    llr = max(LEXICAL_FLOOR, min(LEXICAL_CEILING, llr))
    if total_weight < FULL_EVIDENCE_WEIGHT:
        llr *= math.sqrt(total_weight / FULL_EVIDENCE_WEIGHT)
    return llr


LEXICAL_SLOPE = 21.0
LEXICAL_NEUTRAL = 0.33
LEXICAL_FLOOR = -5.0
LEXICAL_CEILING = 9.0
FULL_EVIDENCE_WEIGHT = 35.0

# --- search -------------------------------------------------------------------------

# Bead shapes and their costs before evidence.  A skip bead costs SKIP_COST (plus the
# coverage penalty below); every sentence a pair bead takes beyond 1-1 costs
# MERGE_COST.  Both are calibrated on evidence rather than guessed priors:
# - two lone segments (2 x SKIP_COST) beat pairing them when the pair's log-likelihood
#   ratio is below -(2 x SKIP_COST - ONE_TO_ONE_COST) ~ -3.8, which only 0.3% of
#   reference 1-1 pairs in MQM newstest2020 score, and ~90% of pairs with a sentence of
#   another document;
# - merging a sentence into its neighbour's bead is cheaper than calling it untranslated
#   when nothing else is known (a short exclamation is merged far more often than
#   dropped); the lexical and length evidence then decides.
ONE_TO_ONE_COST = 0.16          # -log(0.85)
SKIP_COST = 2.0
MERGE_COST = 1.5
SUBSTITUTION_COST = 6.0   # an omission and an unrelated addition side by side
COVERAGE_SLOPE = 10.0     # skip penalty per unit of coverage by a neighbour...
COVERAGE_NEUTRAL = 0.3    # ...above this share (see _Aligner._skip_penalty)
_PAIR_SHAPES = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1))
_SHAPE_COST = {(a, b): ONE_TO_ONE_COST + MERGE_COST * (a + b - 2) for a, b in _PAIR_SHAPES}
_SHAPE_COST[(1, 0)] = _SHAPE_COST[(0, 1)] = SKIP_COST
_SHAPES = tuple(sorted(_SHAPE_COST, key=lambda shape: (shape[0] + shape[1], shape)))

PARAGRAPH_CROSSING_COST = 2.0   # per paragraph boundary inside one side of a bead
NON_ARTICLE_MISMATCH_COST = 8.0  # a news box or table paired with article text
NON_ARTICLE_SKIP_COST = 1.0     # a non-article block without counterpart is normal
HEADING_MISMATCH_COST = 2.0     # a heading paired with body text
HEADING_MATCH_BONUS = 1.0

# Pass 1 (anchors)
ANCHOR_MIN_SIMILARITY = 0.45
ANCHOR_MIN_MARGIN = 0.15
ANCHOR_MAX_DELTA = 2.5
ANCHOR_RARE_POSTINGS = 4        # a key is "rare" when it occurs this often or less nearby
ANCHOR_WINDOW_SHARE = 0.1       # coarse search window: 10% of the longer side...
ANCHOR_WINDOW_MIN, ANCHOR_WINDOW_MAX = 30, 400  # ...within these bounds (sentences)
ANCHOR_COARSE_STRIDE = 4        # the coarse pass looks at every 4th source sentence
ANCHOR_MAX_WINDOWS = 8          # keys in more than 8 x 4 sentences are never anchors

# Pass 2 (banded DP)
FULL_GAP_CELLS = 144            # gaps up to 30 x 30 get the full rectangle
BAND_HALF_WIDTH = 6


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
        self.src_par = [segment.paragraph for segment in source]
        self.tgt_par = [segment.paragraph for segment in target]
        self.src_article = [segment.article for segment in source]
        self.tgt_article = [segment.article for segment in target]
        self.src_heading = [segment.kind in ("heading", "title") for segment in source]
        self.tgt_heading = [segment.kind in ("heading", "title") for segment in target]
        # prefix counts: paragraph breaks after each segment, and headings or
        # non-article segments, so a bead checks its span in constant time
        self.src_breaks = _prefix_counts([self.src_par[k] != self.src_par[k + 1] for k in range(self.n - 1)])
        self.tgt_breaks = _prefix_counts([self.tgt_par[k] != self.tgt_par[k + 1] for k in range(self.m - 1)])
        self.src_special = _prefix_counts([h or not a for h, a in zip(self.src_heading, self.src_article)])
        self.tgt_special = _prefix_counts([h or not a for h, a in zip(self.tgt_heading, self.tgt_article)])
        self.src_prefix = [0.0]
        for value in self.model.src_len:
            self.src_prefix.append(self.src_prefix[-1] + value)
        self.tgt_prefix = [0.0]
        for value in self.model.tgt_len:
            self.tgt_prefix.append(self.tgt_prefix[-1] + value)
        self._gain_cache: dict[tuple[int, int, int, int], float] = {}
        self._skip_cache: dict[tuple[int, int, bool], float] = {}

    # -- evidence ----------------------------------------------------------------------

    def gain(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """Log-likelihood ratio that source[i0:i1] and target[j0:j1] translate each other."""
        key = (i0, i1, j0, j1)
        cached = self._gain_cache.get(key)
        if cached is not None:
            return cached
        similarity, weight = self.model.sim(i0, i1, j0, j1)
        delta = length_delta(self.src_prefix[i1] - self.src_prefix[i0],
                             self.tgt_prefix[j1] - self.tgt_prefix[j0])
        value = lexical_llr(similarity, weight) + length_llr(delta)
        self._gain_cache[key] = value
        return value

    def _skip_penalty(self, i: int, j: int, source_side: bool) -> float:
        """Evidence against leaving a segment alone: its content is found next door.

        For source sentence i skipped at target position j, the neighbours are target
        sentences j-1 and j (and symmetrically for a target sentence).  A merged or
        truncated translation covers most of the sentence; a neighbour of an omitted
        sentence covers little (95% of MQM neighbours cover under 0.37).
        """
        key = (i, j, source_side)
        cached = self._skip_cache.get(key)
        if cached is not None:
            return cached
        model = self.model
        if source_side:
            neighbours = [k for k in (j - 1, j) if 0 <= k < self.m]
            coverage = max((model.source_coverage(i, k) for k in neighbours), default=0.0)
            weight = model.zh_total[i]
        else:
            neighbours = [k for k in (i - 1, i) if 0 <= k < self.n]
            coverage = max((model.target_coverage(k, j) for k in neighbours), default=0.0)
            weight = model.en_total[j]
        penalty = COVERAGE_SLOPE * max(0.0, coverage - COVERAGE_NEUTRAL)
        if weight < FULL_EVIDENCE_WEIGHT / 2:
            penalty *= math.sqrt(2 * weight / FULL_EVIDENCE_WEIGHT)
        self._skip_cache[key] = penalty
        return penalty

    def bead_cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        a, b = i1 - i0, j1 - j0
        if b == 0:
            if not self.src_article[i0]:
                return NON_ARTICLE_SKIP_COST
            return SKIP_COST + self._skip_penalty(i0, j0, source_side=True)
        if a == 0:
            if not self.tgt_article[j0]:
                return NON_ARTICLE_SKIP_COST
            return SKIP_COST + self._skip_penalty(i0, j0, source_side=False)
        cost = _SHAPE_COST[(a, b)] - self.gain(i0, i1, j0, j1)
        if a > 1 or b > 1:
            crossings = (self.src_breaks[i1 - 1] - self.src_breaks[i0]
                         + self.tgt_breaks[j1 - 1] - self.tgt_breaks[j0])
            cost += PARAGRAPH_CROSSING_COST * crossings
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
        postings: dict[str, list[int]] = {}
        for j, keys in enumerate(model.en_keys):
            for key in keys:
                postings.setdefault(key, []).append(j)
        wide = int(min(ANCHOR_WINDOW_MAX, max(ANCHOR_WINDOW_MIN, ANCHOR_WINDOW_SHARE * max(n, m))))
        coarse = self._chain(range(0, n, ANCHOR_COARSE_STRIDE), lambda i: i * m / n, wide, postings)
        points = [(0.0, 0.0)] + [(i + 0.5, j + 0.5) for i, j in coarse] + [(float(n), float(m))]
        xs = [x for x, _ in points]

        def centre(i: int) -> float:
            k = min(max(bisect.bisect_right(xs, i) - 1, 0), len(points) - 2)
            (x0, y0), (x1, y1) = points[k], points[k + 1]
            return y0 if x1 == x0 else y0 + (y1 - y0) * (i - x0) / (x1 - x0)

        return self._chain(range(n), centre, ANCHOR_WINDOW_MIN, postings)

    def _chain(self, rows, centre, window: int, postings: dict[str, list[int]]) -> list[tuple[int, int]]:
        model, m = self.model, self.m
        # keys frequent in the whole document cannot be rare in any window of it
        limit = ANCHOR_RARE_POSTINGS * min(ANCHOR_MAX_WINDOWS, max(
            1, (max(self.n, m) + 2 * window - 1) // (2 * window)))
        candidate_keys = {key for key, df in model.en_df.items() if df <= limit}
        en_weight = model.en_weight
        best_for_target: dict[int, tuple[float, int]] = {}
        for i in rows:
            if not self.src_article[i]:
                continue
            middle = centre(i)
            low, high = middle - window, middle + window
            scores: dict[int, float] = {}
            for key in candidate_keys.intersection(model.zh_index[i]):
                posting = postings[key]
                start = bisect.bisect_left(posting, low)
                stop = bisect.bisect_right(posting, high)
                if 0 < stop - start <= ANCHOR_RARE_POSTINGS:
                    weight = en_weight[key]
                    for j in posting[start:stop]:
                        scores[j] = scores.get(j, 0.0) + weight
            if not scores:
                continue
            top = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:3]
            ranked = sorted(((model.sim(i, i + 1, j, j + 1)[0], j) for j, _ in top),
                            key=lambda item: (-item[0], item[1]))
            similarity, j = ranked[0]
            runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
            if similarity < ANCHOR_MIN_SIMILARITY or similarity - runner_up < ANCHOR_MIN_MARGIN:
                continue
            if not self.tgt_article[j]:
                continue
            delta = length_delta(model.src_len[i], model.tgt_len[j])
            if abs(delta) > ANCHOR_MAX_DELTA:
                continue
            previous = best_for_target.get(j)
            if previous is None or similarity > previous[0]:
                best_for_target[j] = (similarity, i)
        pairs = sorted((i, j) for j, (_, i) in best_for_target.items())
        return _longest_chain(pairs)

    # -- pass 2: banded dynamic programme ----------------------------------------------

    def run(self) -> list[tuple[int, int, int, int]]:
        chain = self.anchors()
        # Inner anchors of runs of three fix their 1-1 bead: with both neighbours paired
        # one to one, neither sentence can belong to a larger bead.
        in_chain = set(chain)
        fixed = [(i, j) for i, j in chain if (i - 1, j - 1) in in_chain and (i + 1, j + 1) in in_chain]
        path: list[tuple[int, int, int, int]] = []
        start = (0, 0)
        chain_position = 0
        for anchor in fixed + [(self.n, self.m)]:
            end = anchor
            inner = []
            while chain_position < len(chain) and chain[chain_position][0] < end[0]:
                point = chain[chain_position]
                if point[0] >= start[0] and point[1] >= start[1]:
                    inner.append(point)
                chain_position += 1
            if end[0] > start[0] or end[1] > start[1]:
                path.extend(self._search(start, end, inner))
            if anchor != (self.n, self.m):
                path.append((anchor[0], anchor[0] + 1, anchor[1], anchor[1] + 1))
                start = (anchor[0] + 1, anchor[1] + 1)
                if chain_position < len(chain) and chain[chain_position] == anchor:
                    chain_position += 1
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
        """Minimum-cost beads from state ``start`` to state ``end`` (prefix counts)."""
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
        bead_cost = self.bead_cost
        shapes = _SHAPES
        shape_costs = [_SHAPE_COST[shape] for shape in shapes]
        src_prefix, tgt_prefix = self.src_prefix, self.tgt_prefix
        best_evidence = LEXICAL_CEILING + HEADING_MATCH_BONUS
        for r in range(rows + 1):
            i = i_start + r
            row_lo, row_hi = lo[r], hi[r]
            row_cost, row_back = cost[r], back[r]
            for j in range(row_lo, row_hi + 1):
                best = row_cost[j - row_lo]
                best_shape = -1
                for shape_index, (a, b) in enumerate(shapes):
                    pr = r - a
                    pj = j - b
                    if pr < 0 or pj < lo[pr] or pj > hi[pr]:
                        continue
                    previous = cost[pr][pj - lo[pr]]
                    if previous == inf:
                        continue
                    if a and b:
                        # prune with a cheap lower bound: the length ratio is known from
                        # prefix sums, the lexical evidence is at most its ceiling
                        source_len = src_prefix[i] - src_prefix[i - a]
                        target_len = tgt_prefix[j] - tgt_prefix[pj]
                        bound = (previous + shape_costs[shape_index] - best_evidence
                                 - length_llr(length_delta(source_len, target_len)))
                        if bound >= best:
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
            a, b = shapes[back[r][j - lo[r]]]
            beads.append((i_start + r - a, i_start + r, j - b, j))
            r, j = r - a, j - b
        beads.reverse()
        return beads

    # -- scores ------------------------------------------------------------------------

    def scores(self, path: list[tuple[int, int, int, int]]) -> list[float]:
        result = []
        for position, (i0, i1, j0, j1) in enumerate(path):
            if i1 > i0 and j1 > j0:
                value = _sigmoid(self.gain(i0, i1, j0, j1))
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
                best = max(best, _sigmoid(self.gain(i0, i1, j, j + 1)))
        else:
            for i in range(max(0, before[0] - 1), min(self.n, after[1] + 1)):
                best = max(best, _sigmoid(self.gain(i, i + 1, j0, j1)))
        return best


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
    """Per-row j range around the polyline start -> guides -> end, kept connected."""
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
        lo.append(max(j_start, int(math.floor(centre - half_width))))
        hi.append(min(j_end, int(math.ceil(centre + half_width))))
    lo[0] = j_start
    hi[rows] = j_end
    for r in range(1, rows + 1):
        lo[r] = min(lo[r], hi[r - 1])
        hi[r] = max(hi[r], lo[r])
    for r in range(rows - 1, -1, -1):
        hi[r] = max(hi[r], lo[r + 1])
        lo[r] = min(lo[r], hi[r])
    return lo, hi


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
    aligner = _Aligner(source, target, glossary)
    path = aligner.run()
    scores = aligner.scores(path)
    return [Bead(tuple(segment.id for segment in source[i0:i1]),
                 tuple(segment.id for segment in target[j0:j1]), score)
            for (i0, i1, j0, j1), score in zip(path, scores)]


def beads_to_lines(beads: Sequence[Bead]) -> list[str]:
    """One line per bead as ``[0,1]:[2]``, with ``[]`` for no counterpart."""
    return ["[" + ",".join(map(str, bead.source)) + "]:[" + ",".join(map(str, bead.target)) + "]"
            for bead in beads]
