"""How much of a Chinese sentence its aligned English covers (the model behind OM03).

Three kinds of evidence, each measured against the document itself where it can be:

- **Length.**  :class:`LengthModel` turns a bead's English/Chinese length ratio into a
  z-score against the document's own ratio distribution (its median and spread, shrunk
  towards a prior for short documents), with a variance that shrinks as sentences grow
  (Gale-Church: long sentences vary less in ratio than short ones).
- **Words.**  :func:`bead_coverage` takes jieba's words of the Chinese (the check's
  shared segmentation, ``CheckContext.source_words``) and looks each content word up
  in CC-CEDICT and the glossary; a word is covered when one of its translations
  (stemmed) is in the English, or, for names, when its pinyin is.  Words
  the dictionary does not know are split into known sub-words; words nothing can judge
  are left out of the count rather than guessed.
- **Figures and Latin tokens.**  Numbers (``tqc.numbers``) and acronyms or names in
  Latin script that the English lacks.

The uncovered Chinese words are gathered into the clause-bounded stretch that holds the
most uncovered weight: that span is what an editor is shown as possibly omitted.
"""
from __future__ import annotations

import math
import re
import statistics
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from itertools import accumulate, chain, compress
from operator import attrgetter, itemgetter
from typing import Callable, Iterable, NamedTuple, Sequence

from .lexicon import (ZhWord, cedict_index, content_stem, english_stems, english_tokens,
                      jieba_tokenizer, pinyin_readings, segment_chinese, stem, word_tags)
from .numbers import Quantity, extract_numbers, same_quantities
from .script import HAN_CHAR, HAN_RUN

__all__ = [
    "SourceItem", "Gap", "BeadCoverage", "LengthModel", "OmissionEvidence", "bead_coverage",
    "fit_length_model", "fit_length_model_of_chars", "omission_evidence", "source_chars",
    "target_chars", "glossary_pairs", "word_role",
]

# --- length ---------------------------------------------------------------------------

# Runs of English letters+digits; Han characters are counted in runs too (HAN_RUN):
# counting the characters of runs is several times faster than counting single matches.
_ALNUM_RUN = re.compile(r"[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u00c0-\u024f]+")

# English letters+digits per Han character before any document evidence: the median
# over the error-free translations of the dev half of MQM newstest2020 zh-en (a median,
# so lower than align.py's fitted mean of 3.95).
PRIOR_CHARS_PER_HAN = 3.53
# Variance of log(English / predicted length) = LENGTH_VARIANCE_PER_CHAR / predicted
# length + LENGTH_VARIANCE_FLOOR, fitted to robust (MAD) spreads by length bin on the
# same pairs: short sentences vary mostly by sampling, long ones by the translator's style.
LENGTH_VARIANCE_PER_CHAR = 0.91
LENGTH_VARIANCE_FLOOR = 0.028
# How many beads' worth of weight the prior carries against the document's own beads.
PRIOR_BEADS = 8.0
MIN_PREDICTED_LENGTH = 8.0


def source_chars(text: str) -> float:
    """English letters+digits a Chinese text predicts: Han characters times the prior
    ratio, plus the Latin letters and digits it already holds."""
    return PRIOR_CHARS_PER_HAN * _count(HAN_RUN, text) + _count(_ALNUM_RUN, text)


def target_chars(text: str) -> float:
    # Most English has no letter or digit outside ASCII (curly quotes and dashes are not
    # letters): count its ASCII letters and digits in UTF-8 without a regex.
    data = text.encode("utf-8", "surrogatepass")
    if not data.isascii() and (data.translate(None, _NOT_LATIN_LETTER_LEAD)
                               or b"\xef\xbc" in data or b"\xef\xbd" in data):
        return float(_count(_ALNUM_RUN, text))  # À-ɏ or fullwidth letters and digits
    return float(len(data.translate(None, _NOT_ASCII_ALNUM)))


# Bytes that are not ASCII letters or digits; bytes that are not the UTF-8 lead byte of
# a character in U+00C0-U+024F (the fullwidth forms start with EF BC or EF BD).
_NOT_ASCII_ALNUM = bytes(code for code in range(256) if not (code < 128 and chr(code).isalnum()))
_NOT_LATIN_LETTER_LEAD = bytes(code for code in range(256) if not 0xC3 <= code <= 0xC9)


def _count(runs: re.Pattern, text: str) -> int:
    return sum(map(len, runs.findall(text)))


@dataclass(frozen=True)
class LengthModel:
    """Log length ratio of a bead against its document: centre and spread scale."""

    centre: float = 0.0  # document's median log(English / predicted English)
    scale: float = 1.0   # document's spread relative to the prior variance
    beads: int = 0       # how many beads the document estimate rests on

    def z(self, source_text: str, target_text: str) -> float:
        """Standardised length of ``target_text`` given ``source_text``; negative when
        the English is short for this document (about -2 is the shortest 2.5%)."""
        return self.z_of_chars(source_chars(source_text), target_chars(target_text))

    def z_of_chars(self, predicted_chars: float, target_chars: float) -> float:
        """:meth:`z` from the two texts' :func:`source_chars` and :func:`target_chars`."""
        predicted = max(predicted_chars, MIN_PREDICTED_LENGTH)
        actual = max(target_chars, 1.0)
        ratio = math.log(actual / predicted)
        sd = math.sqrt(LENGTH_VARIANCE_PER_CHAR / predicted + LENGTH_VARIANCE_FLOOR) * self.scale
        return (ratio - self.centre) / sd


def fit_length_model(pairs: Iterable[tuple[str, str]]) -> LengthModel:
    """The document's own ratio distribution from its aligned beads (text pairs).

    Robust estimates (median, median absolute deviation) so that omissions and
    additions in the document do not move it, shrunk towards the prior with a weight of
    PRIOR_BEADS beads so that a short document is judged mostly by the prior.
    """
    return fit_length_model_of_chars((source_chars(source_text), target_chars(target_text))
                                     for source_text, target_text in pairs)


def fit_length_model_of_chars(lengths: Iterable[tuple[float, float]]) -> LengthModel:
    """:func:`fit_length_model` from each bead's :func:`source_chars` and :func:`target_chars`."""
    ratios, scaled = [], []
    for predicted, actual in lengths:
        if predicted < MIN_PREDICTED_LENGTH or actual < 1:
            continue
        ratio = math.log(actual / predicted)
        ratios.append(ratio)
        scaled.append((ratio, math.sqrt(LENGTH_VARIANCE_PER_CHAR / predicted + LENGTH_VARIANCE_FLOOR)))
    count = len(ratios)
    if count < 3:
        return LengthModel(0.0, 1.0, count)
    median = statistics.median(ratios)
    mad = statistics.median(abs(ratio - median) / sd for ratio, sd in scaled) * 1.4826
    share = count / (count + PRIOR_BEADS)
    centre = share * median
    scale = math.sqrt(share * max(mad, 0.5) ** 2 + (1.0 - share))
    return LengthModel(centre, min(scale, 2.0), count)


# --- words ----------------------------------------------------------------------------

# Function words and words so general that a translation rarely shows them.
ZH_FUNCTION_WORDS = frozenset("""
的 了 着 过 是 在 和 与 及 或 也 都 就 而 又 还 把 被 让 给 对 从 向 于 以 为 之 其 这 那 此 该 个 有
不 没 很 但 并 等 将 已 要 会 可 能 所 则 即 吗 呢 吧 啊 得 地 们 他 她 它 我 你 这个 那个 这些 那些
一个 我们 他们 她们 它们 你们 自己 已经 就是 因为 所以 如果 但是 以及 并且 而且 或者 还是 可以 没有
不是 这样 那样 其中 之一 进行 通过 对于 关于 由于 之后 以后 之前 以前 上 下 多 最 更 后 来 到 由 各
至 时 内 里 些 每 第 项 名 比 同 其他 任何 所有 此次 作为 同时 月 日 年 号 说 表示 称 指出 认为 据
目前 当前 如今 正在 一些 有些 方面 问题 情况 工作 相关 有关 一定 一种 这种 那种 一直 不断 进一步
来说 而言 表明 显示 是否 能够 应该 需要 必须 仍 仍然 还有 以来 之间 当中 之中 一起 共同 实现 成为
具有 开展 加强 推动 提高 取得 作出 做出 给予 一方面 另一方面 因此 此外 同样 然而 不过 只是 不仅 而是
才能 来自 不会 可能 只有 并非 什么 那里 这里 许多 几个 始终 永远 随后 随着 将会 无法 得到 有着 拥有
处于 开始 左右 不能 不要 也是 都是 就会 便是 之所以 以便 以免 从而 进而 甚至 尤其 特别 非常
十分 更加 越来越 一样 一般 例如 比如 包括 以下 如下 其实 确实 真正 已于 曾经 正是 即将 总是 通常
""".split())

_ZH_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?、（）()“”「」《》\"【】—…]")
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.&][A-Za-z0-9]+)*")
_EN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
# Translations offered by more dictionary senses than this match English by chance.
MAX_SENSES = 24
# A stem shorter than this only matches exactly; longer ones also match a word that
# starts with them ("intellig" ~ "intelligent", "grow" ~ "growth").
PREFIX_MATCH = 4


class SourceItem(NamedTuple):
    """One Chinese content item and whether the English covers it (a named tuple: a
    long document has hundreds of thousands of them)."""

    text: str
    start: int
    end: int
    kind: str       # "word", "name", "number", "latin", "term"
    weight: float
    covered: bool
    role: str = "content"  # "content" or "modifier" (see word_role)


# SourceItem from a plain tuple of all seven fields, without the keyword handling of
# the named tuple's constructor (the hot loop of bead_coverage).
_source_item = partial(tuple.__new__, SourceItem)


@dataclass(frozen=True)
class Gap:
    """The clause-bounded Chinese stretch with the most uncovered weight."""

    start: int
    end: int
    text: str
    weight: float        # uncovered weight inside the stretch
    items: int           # uncovered content items inside it
    density: float       # uncovered share of the stretch's weight


@dataclass(frozen=True)
class BeadCoverage:
    items: tuple[SourceItem, ...]
    gap: Gap | None
    missing_numbers: tuple[Quantity, ...]
    missing_latin: tuple[str, ...]

    @property
    def _weights(self) -> tuple[float, float, float, dict[str, float]]:
        """(total, uncovered, covered, uncovered by role), each summed in item order;
        computed once (kept in the instance dict: no cached_property lock per bead)."""
        sums = self.__dict__.get("_weight_sums")
        if sums is None:
            sums = self.__dict__["_weight_sums"] = self._sum_weights()
        return sums

    def _sum_weights(self) -> tuple[float, float, float, dict[str, float]]:
        total = uncovered = covered = 0.0
        by_role: dict[str, float] = {}
        for item in self.items:
            weight = item.weight
            total += weight
            if item.covered:
                covered += weight
            else:
                uncovered += weight
                by_role[item.role] = by_role.get(item.role, 0.0) + weight
        return total, uncovered, covered, by_role

    @property
    def total_weight(self) -> float:
        return self._weights[0]

    @property
    def uncovered_weight(self) -> float:
        return self._weights[1]

    @property
    def covered_weight(self) -> float:
        return self._weights[2]

    def uncovered_weight_of(self, role: str) -> float:
        return self._weights[3].get(role, 0.0)

    @property
    def share(self) -> float:
        """Covered share of the Chinese content weight (1.0 when nothing is judged)."""
        total = self.total_weight
        return 1.0 - self.uncovered_weight / total if total else 1.0


def glossary_pairs(glossary) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(Chinese term, English stems of its renderings) for every glossary term."""
    if glossary is None:
        return ()
    pairs = []
    for term in glossary.terms:
        stems = tuple(sorted({s for rendering in term.en for s in english_stems(rendering)}))
        if term.zh and stems:
            pairs.append((term.zh, stems))
    return tuple(pairs)


class _English:
    """The aligned English as stems, letters, words and figures, for quick lookups;
    what only some beads need is computed on first use."""

    def __init__(self, text: str):
        self.text = text
        tokens = english_tokens(text)
        stems = set(map(_STEM_OF_TOKEN.__getitem__, tokens))
        stems.discard("")
        self.stems = stems
        # the stems and those of their prefixes (PREFIX_MATCH letters or more) that some
        # dictionary word translates to: all that dictionary stems can meet
        self.stems_and_prefixes = stems.union(
            *filter(None, map(_DICTIONARY_PREFIXES_OF_TOKEN.__getitem__, tokens)))
        # every English word run together, lower case: a name's pinyin may span words
        letters = text.encode().translate(None, _ASCII_NOT_LETTERS)
        self.ascii_letters = letters.isascii()
        if self.ascii_letters:  # most English: no letter outside ASCII, no curly quote
            self.letters = letters.lower().decode()
        else:
            self.letters = "".join(_EN_WORD.findall(text)).lower()

    @cached_property
    def word_edges(self) -> frozenset[int]:
        """Offsets in ``letters`` where an English word starts or ends."""
        runs = (_ASCII_LETTER_RUN if self.ascii_letters else _EN_WORD).findall(self.text)
        return frozenset(accumulate(map(len, runs), initial=0))

    def spells(self, spelling: str) -> bool:
        """``spelling`` (a name's pinyin) is in the English from the start of a word to
        the end of one ("Xi Jinping", "Jinping"), not across word parts by chance
        ("countr-y in-I-ndonesia" does not spell yini)."""
        letters = self.letters
        position = letters.find(spelling)
        if position < 0:
            return False
        edges, size = self.word_edges, len(spelling)
        while position >= 0:
            if position in edges and position + size in edges:
                return True
            position = letters.find(spelling, position + 1)
        return False

    @cached_property
    def words(self) -> frozenset[str]:
        words = {word.lower() for word in _EN_WORD.findall(self.text)}
        # "he”three forces”": OCR glues words to quotes; split words on letters alone
        return frozenset(words | {word.lower() for word in _ASCII_WORD.findall(self.text)})

    @cached_property
    def latin(self) -> frozenset[str]:
        return frozenset(token.lower() for token in _LATIN_TOKEN.findall(self.text))

    @cached_property
    def digits(self) -> frozenset[str]:
        return frozenset(_DIGIT_RUN.findall(unicodedata.normalize("NFKC", self.text)))

    @cached_property
    def stems_and_all_prefixes(self) -> set[str]:
        """The stems and all their prefixes of PREFIX_MATCH letters or more."""
        return self.stems.union(*map(_prefixes, self.stems))

    def covers(self, matcher: "_Matcher") -> bool:
        """Whether one of the matcher's dictionary stems is in the English (see _Matcher)."""
        whole, truncated = matcher
        return not whole.isdisjoint(self.stems_and_prefixes) or not truncated.isdisjoint(self.stems)

    def covers_any(self, matcher: "_Matcher") -> bool:
        """:meth:`covers` for stems from anywhere (a glossary's renderings)."""
        whole, truncated = matcher
        return not whole.isdisjoint(self.stems_and_all_prefixes) or not truncated.isdisjoint(self.stems)


_ASCII_WORD = re.compile(r"[A-Za-z]+")
_ASCII_LETTER_RUN = re.compile(r"[A-Za-z]+")
_ASCII_NOT_LETTERS = bytes(code for code in range(128) if not chr(code).isalpha())


class _Remembered(dict):
    """Word -> what ``compute`` makes of it, computed on first sight and emptied when it
    grows past ``limit`` entries (a book has tens of thousands of distinct words).  A
    hit is a plain dict lookup, so a bead looks all its words up with one C-level map."""

    def __init__(self, compute: Callable[[str], object], limit: int):
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, word: str):
        if len(self) >= self.limit:
            self.clear()
        value = self[word] = self.compute(word)
        return value


MAX_REMEMBERED_TOKENS = 200_000


def _token_dictionary_prefixes(token: str) -> tuple[str, ...]:
    """The prefixes of ``token``'s content stem that are dictionary stems (nothing for a
    stopword)."""
    return _dictionary_prefixes(content_stem(token))


# English token -> its content stem ("" for a stopword), and -> _token_dictionary_prefixes
_STEM_OF_TOKEN = _Remembered(content_stem, MAX_REMEMBERED_TOKENS)
_DICTIONARY_PREFIXES_OF_TOKEN = _Remembered(_token_dictionary_prefixes, MAX_REMEMBERED_TOKENS)


@lru_cache(maxsize=100_000)
def _prefixes(english_stem: str) -> tuple[str, ...]:
    return tuple(english_stem[:size] for size in range(PREFIX_MATCH, len(english_stem)))


@lru_cache(maxsize=100_000)
def _dictionary_prefixes(english_stem: str) -> tuple[str, ...]:
    """The prefixes of ``english_stem`` that are stems of CC-CEDICT translations."""
    known = cedict_index().english
    return tuple(prefix for prefix in _prefixes(english_stem) if prefix in known)


# (stems, forms of them to find among the English stems alone): the English covers a
# set of stems when one of them is an English stem or a prefix (4+ letters) of one, or
# an English stem is a prefix (4+ letters) of one, or they differ by a final letter the
# stemmer treats unevenly ("agre" / "agr"); or, for a Chinese word, when a
# back-translation of the English is part of the word (see _back_stems).
_Matcher = tuple[frozenset[str], frozenset[str]]


def _matcher(stems: Iterable[str], back_stems: Iterable[str] = ()) -> _Matcher:
    stems = frozenset(stems)
    return stems, _truncated_forms(stems, back_stems)


def _truncated_forms(stems: Iterable[str], back_stems: Iterable[str]) -> frozenset[str]:
    """The second half of a matcher: what to find among the English stems alone."""
    return frozenset(set(back_stems).union(*map(_shortened_forms, stems)))


@lru_cache(maxsize=100_000)
def _shortened_forms(candidate: str) -> tuple[str, ...]:
    """Forms of a stem to find among the English stems: its prefixes of PREFIX_MATCH
    letters or more, and, for a stem of PREFIX_MATCH letters, itself less its last."""
    if len(candidate) == PREFIX_MATCH:
        return (candidate[:-1],)
    return _prefixes(candidate)


@lru_cache(maxsize=4096)
def _stems_matcher(stems: tuple[str, ...]) -> _Matcher:
    return _matcher(stems)


def _back_stems(word: str) -> set[str]:
    """English stems that make a short back-translation part of ``word``: the stems of
    its one- and two-character pieces, and of ``word`` reversed when it has two
    characters or fewer (选 ~ 选择 "choose"; 合适 ~ 适合 "suitable")."""
    pieces = {word[k:k + size] for size in (1, 2) if size < len(word)
              for k in range(len(word) - size + 1)}
    if len(word) <= 2:
        pieces.add(word[::-1])
    return set().union(*map(_back_translation, pieces))


@lru_cache(maxsize=50_000)
def _back_translation(piece: str) -> tuple[str, ...]:
    """The stems of a Chinese piece as a back-translation: none when it offers more than
    MAX_SENSES translations (they match by chance) or does not start with a Han character."""
    translations = cedict_index().get(piece)
    return translations if len(translations) <= MAX_SENSES and HAN_CHAR.match(piece) else ()


@lru_cache(maxsize=50_000)
def _unit_matcher(word: str) -> _Matcher:
    """What covers a dictionary word or part: its translations or a back-translation."""
    return _matcher(cedict_index().get(word), _back_stems(word))


# Longest pinyin spellings tried per word (a product of the readings of heteronyms).
MAX_SPELLINGS = 16


def _pinyin_spellings(word: str) -> tuple[str, ...]:
    """Toneless pinyin of ``word`` run together, one per combination of its characters'
    readings (ü as "v"), four letters or longer; characters with no reading are left
    out.  A name the dictionary lacks is covered when the English spells one of them."""
    readings_of_chars = list(map(pinyin_readings, word))
    if max(map(len, readings_of_chars), default=0) <= 1:  # most words: one spelling, no heteronym
        spelling = "".join(chain.from_iterable(readings_of_chars))
        return (spelling,) if len(spelling) >= 4 else ()
    spellings = [""]
    for readings in readings_of_chars:
        if readings:
            spellings = [spelling + reading for spelling in spellings for reading in readings]
            del spellings[MAX_SPELLINGS:]
    return tuple(spelling for spelling in spellings if len(spelling) >= 4)


class _WordFacts(NamedTuple):
    """Everything about a Chinese word that does not depend on the English (a
    dictionary word's truncated forms, the second half of its _Matcher, are in
    _TRUNCATED_FORMS: they are needed only when its translations miss)."""

    spellings: tuple[str, ...]   # pinyin that, found in the English, makes it a name
    stems: frozenset[str]        # a dictionary word's translations (see _Matcher)
    judged_when_uncovered: bool  # False for a word of too many senses to call missing
    parts: tuple[_Matcher, ...]  # a word the dictionary lacks: its known content parts
    weight: float


MAX_REMEMBERED_WORDS = 200_000


def _find_word_facts(word: str) -> _WordFacts | None:
    """The facts of ``word``, or None when no word of its kind is judged: single
    characters (too ambiguous alone), words with no Han character, function words."""
    if len(word) < 2 or not HAN_CHAR.search(word) or word in ZH_FUNCTION_WORDS:
        return None
    stems = cedict_index().get(word)
    parts: tuple[_Matcher, ...] = ()
    if not stems:
        known = [part for part in _known_parts(word) if len(part) > 1]
        if sum(map(len, known)) * 3 >= len(word) * 2:  # else a name or coinage
            parts = tuple(_unit_matcher(part) for part in known if part not in ZH_FUNCTION_WORDS)
    return _WordFacts(_pinyin_spellings(word), frozenset(stems), len(stems) <= MAX_SENSES,
                      parts, _word_weight(word))


def _word_truncated_forms(word: str) -> frozenset[str]:
    return _truncated_forms(cedict_index().get(word), _back_stems(word))


# Chinese word -> its facts (None: not judged); dictionary word -> its truncated forms.
_FACTS: dict[str, _WordFacts | None] = _Remembered(_find_word_facts, MAX_REMEMBERED_WORDS)
_TRUNCATED_FORMS: dict[str, frozenset[str]] = _Remembered(_word_truncated_forms, MAX_REMEMBERED_WORDS)


@lru_cache(maxsize=1)
def _word_frequencies() -> tuple[dict, float]:
    tokenizer = jieba_tokenizer()
    return tokenizer.FREQ, float(tokenizer.total)


def _word_weight(word: str) -> float:
    """Rarer words weigh more: log inverse frequency in jieba's dictionary, floored."""
    frequencies, total = _word_frequencies()
    frequency = frequencies.get(word, 0)
    information = math.log(total / (frequency + 50.0))
    return min(max(information / 10.0, 0.5), 1.5)


# jieba part-of-speech tags of words that modify or connect rather than name content:
# adverbs, distinguishing and other adjectives, time and place words, conjunctions,
# numerals and measures, pronouns, prepositions, descriptive words.  Translators drop
# or fold these legitimately more often than nouns and verbs, but when one is missing
# the loss is often a real (Major) omission too, so the model weighs them separately.
_MODIFIER_TAGS = frozenset("d a b t f c m q r p z".split())


class _RoleOfTag(dict):
    """jieba part-of-speech tag -> "modifier" or "content", filled on first sight (a few
    dozen tags); words jieba does not tag (coinages, OCR-broken words: tag "") count as
    content."""

    def __missing__(self, tag: str) -> str:
        role = self[tag] = ("modifier" if tag[:1] in _MODIFIER_TAGS and tag[:2] not in ("an", "vn")
                            else "content")
        return role


_ROLES = _RoleOfTag()


def word_role(word: str) -> str:
    """"modifier" or "content" by ``word``'s tag in jieba's dictionary."""
    return _ROLES[word_tags().get(word) or ""]


def _known_parts(word: str) -> list[str]:
    """Longest CC-CEDICT words inside ``word`` (forward maximum matching), single
    characters included only when the dictionary knows them."""
    index = cedict_index()
    parts, position = [], 0
    while position < len(word):
        for size in range(len(word) - position, 0, -1):
            piece = word[position:position + size]
            if size < len(word) and index.get(piece):
                parts.append(piece)
                position += size
                break
        else:
            position += 1
    return parts


# Latin tokens in Chinese worth finding in the English: acronyms, names, codes; not OCR
# debris such as the "El" of 人El.
_NAME_LIKE = re.compile(r"^(?:[A-Z0-9][A-Z0-9.&-]+|[A-Za-z]{3,}.*|.*\d.*)$")
_SMALL_NUMBERS = ("zero one two three four five six seven eight nine ten eleven twelve "
                  "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
_DIGIT_RUN = re.compile(r"\d+")


def _written_in(quantity: Quantity, english: "_English") -> bool:
    """A figure the number matcher missed but the English plainly has: the same digits
    (9·19 and "9/19"), or a small whole number spelt out next to odd punctuation."""
    digits = _DIGIT_RUN.findall(unicodedata.normalize("NFKC", quantity.text))
    if digits and all(run in english.digits for run in digits):
        return True
    value = quantity.value
    return value == int(value) and 0 <= value < len(_SMALL_NUMBERS) \
        and _SMALL_NUMBERS[int(value)] in english.words


_NUMBER_CHARS = re.compile(r"[0-9０-９零〇一二两三四五六七八九十百千万亿]")
# Quantities of one side of a bead, or a function that extracts them when asked.
_Quantities = Sequence[Quantity] | Callable[[], Sequence[Quantity]]


def bead_coverage(source_text: str, target_text: str,
                  glossary_terms: Sequence[tuple[str, tuple[str, ...]]] = (),
                  words: Sequence[ZhWord] | None = None,
                  source_numbers: _Quantities | None = None,
                  target_numbers: _Quantities | None = None) -> BeadCoverage:
    """What of ``source_text`` the English ``target_text`` covers.

    ``words``: the jieba words of ``source_text`` (``tqc.lexicon.ZhWord`` tuples, offsets
    into it), as a check shares them; segmented here when not given.  ``source_numbers``
    and ``target_numbers``: the quantities of each side (offsets of the Chinese ones into
    ``source_text``), or functions returning them, called only when they are needed;
    extracted here when not given."""
    return _bead_coverage(source_text, target_text, glossary_terms, words, source_numbers,
                          target_numbers)


def _bead_coverage(source_text: str, target_text: str,
                   glossary_terms: Sequence[tuple[str, tuple[str, ...]]],
                   words: Sequence[ZhWord] | None,
                   source_numbers: _Quantities | None,
                   target_numbers: _Quantities | None,
                   score_limit: tuple[float, float] | None = None) -> BeadCoverage | None:
    """:func:`bead_coverage`; with ``score_limit`` (the part of the omission score that
    does not depend on coverage, the smallest score wanted), None when the score is
    certainly below that (see _score_bound), before the words are judged one by one."""
    if words is None:
        words = segment_chinese([source_text], [term for term, _ in glossary_terms])[0]
    # the facts of every word in one C-level pass; only judged words (facts not None)
    # reach the Python loops
    facts_of_words = list(map(_FACTS.__getitem__, map(_word_of, words)))
    judged_words = list(compress(words, facts_of_words))
    judged_facts = list(filter(None, facts_of_words))
    latin_seen = _LATIN_START.search(source_text) is not None
    if _NUMBER_CHARS.search(source_text):
        if source_numbers is None:
            numbers = extract_numbers(source_text, "zh")
        else:
            numbers = source_numbers() if callable(source_numbers) else source_numbers
    else:
        numbers = ()

    english = _English(target_text)
    items: list[SourceItem] = []
    # characters already judged (terms, Latin tokens, figures): words overlapping them are not
    taken = bytearray(len(source_text))

    def free(start: int, end: int) -> bool:
        return taken.find(1, start, end) < 0

    def take(start: int, end: int) -> None:
        taken[start:end] = b"\x01" * (end - start)

    for term, stems in glossary_terms:  # glossary terms first: they win over words
        start = source_text.find(term)
        while start >= 0:
            end = start + len(term)
            if free(start, end):
                items.append(SourceItem(term, start, end, "term", 1.5,
                                        english.covers_any(_stems_matcher(stems))))
                take(start, end)
            start = source_text.find(term, end)

    if latin_seen:
        for match in _LATIN_TOKEN.finditer(source_text):
            token = match.group()
            if not free(match.start(), match.end()) or not _NAME_LIKE.match(token):
                continue
            covered = token.lower() in english.latin or token.lower() in english.words \
                or stem(token) in english.stems
            items.append(SourceItem(token, match.start(), match.end(), "latin", 1.5, covered))
            take(match.start(), match.end())

    missing_numbers: tuple[Quantity, ...] = ()
    if not all(quantity.weak for quantity in numbers):  # weak ones are never missing
        if target_numbers is None:
            target_numbers = extract_numbers(target_text, "en")
        elif callable(target_numbers):
            target_numbers = target_numbers()
        missing, _ = same_quantities(list(numbers), list(target_numbers))
        missing = [quantity for quantity in missing if not _written_in(quantity, english)]
        missing_ids = {(quantity.start, quantity.end) for quantity in missing}
        for quantity in numbers:
            if quantity.weak or not free(quantity.start, quantity.end):
                continue
            covered = (quantity.start, quantity.end) not in missing_ids
            items.append(SourceItem(quantity.text, quantity.start, quantity.end, "number", 1.5, covered))
            take(quantity.start, quantity.end)
        missing_numbers = tuple(missing)

    if score_limit is not None:
        base, lowest = score_limit
        if _score_bound(base, english, items, len(missing_numbers), judged_words, judged_facts) < lowest:
            return None
    in_order = not items  # words come in text order; items before them may not
    any_taken = not in_order
    find_taken = taken.find
    letters, stems, stems_and_prefixes = english.letters, english.stems, english.stems_and_prefixes
    append, new_item, role_of = items.append, _source_item, _ROLES.__getitem__
    truncated_of, spells = _TRUNCATED_FORMS.__getitem__, english.spells
    for (word, tag, start, end), facts in zip(judged_words, judged_facts):
        if any_taken and find_taken(1, start, end) >= 0:
            continue
        spellings, whole, judged_when_uncovered, parts, weight = facts
        for spelling in spellings:
            if spelling in letters and spells(spelling):
                append(new_item((word, start, end, "name", weight, True, "content")))
                break
        else:
            if whole:
                covered = not whole.isdisjoint(stems_and_prefixes) \
                    or not truncated_of(word).isdisjoint(stems)
                if not covered and not judged_when_uncovered:
                    continue
            elif parts:
                covered = sum(1 for part in parts if english.covers(part)) * 2 >= len(parts)
            else:
                continue  # a name or coinage the dictionary cannot judge
            append(new_item((word, start, end, "word", weight, covered, role_of(tag))))

    if "(" in source_text or "（" in source_text:
        items = _glossed_names_covered(source_text, items)
    if not in_order:
        items.sort(key=_span_of)
    missing_latin = tuple(item.text for item in items if item.kind == "latin" and not item.covered) \
        if latin_seen else ()
    return BeadCoverage(tuple(items), _largest_gap(source_text, items), missing_numbers, missing_latin)


def _score_bound(base: float, english: _English, items: Sequence[SourceItem], missing_numbers: int,
                 judged_words: Sequence[ZhWord], judged_facts: Sequence[_WordFacts]) -> float:
    """An upper bound on the omission score (OMISSION_WEIGHTS) of a bead from what is
    cheap to know before its words are judged one by one: the items so far (terms,
    Latin tokens, figures) and its missing figures as they are, every judged word
    (``judged_words``, with ``judged_facts``) at the most it can add, only modifiers
    checked against the English.  The gap's density is at most 1 and its weight at
    most the uncovered weight, so an item adds at most its weight times the larger of
    the covered weight and (gap weight + uncovered weight of its role): a content word
    adds about as much covered as uncovered, an uncovered modifier several times
    more.  A word left out, or taken by an earlier item, adds nothing, so counting it
    only raises the bound.  ``base``: the intercept, z and gap density terms."""
    bound = base + _MISSING_NUMBER_MOST * missing_numbers \
        + _CONTENT_MOST * (sum(map(_weight_of, items)) + sum(map(_facts_weight_of, judged_facts)))
    is_modifier = map(_MODIFIER_ROLE.__eq__, map(_ROLES.__getitem__, map(_tag_of, judged_words)))
    stems, stems_and_prefixes = english.stems, english.stems_and_prefixes
    for (word, _, _, _), facts in compress(zip(judged_words, judged_facts), is_modifier):
        whole = facts.stems
        if not whole or (whole.isdisjoint(stems_and_prefixes)
                         and _TRUNCATED_FORMS[word].isdisjoint(stems)):
            bound += _UNCOVERED_MODIFIER_EXTRA * facts.weight  # may be uncovered
    return bound


_span_of = itemgetter(1, 2)  # a SourceItem's (start, end)
_weight_of = itemgetter(4)  # a SourceItem's weight
_facts_weight_of = attrgetter("weight")
_tag_of = itemgetter(1)  # a ZhWord's tag
_MODIFIER_ROLE = "modifier"
_word_of = itemgetter(0)  # a ZhWord's word
_covered_of = itemgetter(5)
_LATIN_START = re.compile(r"[A-Za-z]")


_GLOSS = re.compile(r"[（(]\s*[A-Za-z][^（()）]*[)）]")


def _glossed_names_covered(text: str, items: list[SourceItem]) -> list[SourceItem]:
    """A Chinese name glossed in Latin script right after it, 荷兰合作银行（Rabobank）,
    is translated when the gloss is: the words just before the bracket count as covered."""
    glosses = [match for match in _GLOSS.finditer(text)
               if any(item.kind == "latin" and item.covered and match.start() < item.start < match.end()
                      for item in items)]
    if not glosses:
        return items
    result = []
    for item in items:
        named = any(match.start() - GLOSS_REACH <= item.start and item.end <= match.start()
                    and not _ZH_CLAUSE_BREAK.search(text, item.end, match.start())
                    for match in glosses)
        result.append(item._replace(covered=True) if named and not item.covered else item)
    return result


# How far before a Latin gloss the Chinese name it glosses may start (characters).
GLOSS_REACH = 8


# A clause: a run of characters between two clause breaks (each break one character).
_CLAUSE = re.compile(r"[^，,；;：:。！？!?、（）()“”「」《》\"【】—…]+")


def _clauses(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _CLAUSE.finditer(text)]


def _largest_gap(text: str, items: Sequence[SourceItem]) -> Gap | None:
    """The run of adjacent clauses, each mostly uncovered, with the most uncovered
    weight; its span runs from the first to the last uncovered item inside it.
    ``items`` in text order."""
    if all(map(_covered_of, items)):
        return None
    # (start, end, weight of the items starting inside, of those uncovered, uncovered items)
    clauses = []
    position, count = 0, len(items)  # items are in text order: each clause takes the next run
    for start, end in _clauses(text):
        while position < count and items[position].start < start:
            position += 1  # an item starting on a clause break belongs to no clause
        total = uncovered_weight = 0.0
        uncovered = []
        while position < count and items[position].start < end:
            item = items[position]
            total += item.weight
            if not item.covered:
                uncovered_weight += item.weight
                uncovered.append(item)
            position += 1
        clauses.append((start, end, total, uncovered_weight, uncovered))
    best: Gap | None = None
    run: list = []
    for clause in clauses + [None]:
        mostly_uncovered = clause is not None and clause[2] > 0 and clause[3] >= 0.5 * clause[2]
        empty = clause is not None and clause[2] == 0
        if mostly_uncovered or (empty and run):
            run.append(clause)
            continue
        if run:
            candidate = _gap_of(text, run)
            if candidate and (best is None or candidate.weight > best.weight):
                best = candidate
        run = []
    if best is None:  # no mostly-uncovered clause: the densest uncovered item pair
        uncovered = [item for item in items if not item.covered]
        if uncovered:
            heaviest = max(uncovered, key=lambda item: (item.weight, -item.start))
            total = sum(item.weight for item in items)
            best = Gap(heaviest.start, heaviest.end, heaviest.text, heaviest.weight, 1,
                       heaviest.weight / total if total else 0.0)
    return best


def _gap_of(text: str, run: list) -> Gap | None:
    uncovered = [item for clause in run for item in clause[4]]
    if not uncovered:
        return None
    total = sum(clause[2] for clause in run)
    weight = sum(item.weight for item in uncovered)
    start = min(item.start for item in uncovered)
    end = max(item.end for item in uncovered)
    return Gap(start, end, text[start:end], weight, len(uncovered), weight / total if total else 0.0)


# --- the partial-omission model ---------------------------------------------------------

# Logistic model of "part of the Chinese is missing from this English", fitted with
# ``benchmarks/omission_bench.py --fit both`` on the dev half (split by document) of MQM
# newstest2020 zh-en: the labelled pairs OM03 judges (a Major omission marked by a rater
# against no error at all), and the error-free human translations with and without one
# clause of four or more words cut out at a comma or semicolon (the omission an editor
# makes by hand, which the MQM labels alone under-represent).  The evidence: a short
# English for this document (z); the uncovered Chinese weight in one stretch and how
# dense that stretch is; figures the English lacks; uncovered weight by word role
# (content words, modifiers); and the covered weight, since a sentence with more
# content has more to lose (a log of it did worse in by-document cross-validation).
OMISSION_INTERCEPT = -3.212
OMISSION_WEIGHTS = {"z": -0.368, "gap_weight": 0.102, "gap_density": 1.871, "missing_numbers": 1.007,
                    "uncovered_content": 0.014, "uncovered_modifiers": 0.601, "covered_weight": 0.128}


@dataclass(frozen=True)
class OmissionEvidence:
    z: float
    coverage: BeadCoverage

    def features(self) -> dict[str, float]:
        gap = self.coverage.gap
        return {
            "z": self.z,
            "gap_weight": gap.weight if gap else 0.0,
            "gap_density": gap.density if gap else 0.0,
            "missing_numbers": float(len(self.coverage.missing_numbers)),
            "uncovered_content": self.coverage.uncovered_weight_of("content"),
            "uncovered_modifiers": self.coverage.uncovered_weight_of("modifier"),
            "covered_weight": self.coverage.covered_weight,
        }

    @property
    def probability(self) -> float:
        probability = self.__dict__.get("_probability")
        if probability is None:  # computed once, kept in the instance dict
            score = OMISSION_INTERCEPT + sum(OMISSION_WEIGHTS[name] * value
                                             for name, value in self.features().items())
            probability = 1.0 / (1.0 + math.exp(-score)) if score > -30 else 0.0
            self.__dict__["_probability"] = probability
        return probability


def omission_evidence(source_text: str, target_text: str, length_model: LengthModel,
                      glossary_terms: Sequence[tuple[str, tuple[str, ...]]] = (),
                      words: Sequence[ZhWord] | None = None,
                      source_numbers: _Quantities | None = None,
                      target_numbers: _Quantities | None = None,
                      z: float | None = None, at_least: float = 0.0) -> OmissionEvidence | None:
    """Everything OM03 weighs for one aligned bead (``words`` and the numbers as for
    :func:`bead_coverage`; ``z``, the bead's length z-score under ``length_model``, is
    computed when not given).  With ``at_least`` (a probability above 0 and below 1),
    None when the bead's probability is certainly below it, found out from a bound
    before its words are judged one by one (see _score_bound): most pairs of a
    translation are far from any threshold worth reporting."""
    if z is None:
        z = length_model.z(source_text, target_text)
    score_limit = None
    if 0.0 < at_least < 1.0:
        base = OMISSION_INTERCEPT + OMISSION_WEIGHTS["z"] * z + _GAP_DENSITY_MOST
        score_limit = (base, math.log(at_least / (1.0 - at_least)) - _BOUND_MARGIN)
    coverage = _bead_coverage(source_text, target_text, glossary_terms, words, source_numbers,
                              target_numbers, score_limit)
    return None if coverage is None else OmissionEvidence(z, coverage)


# What each kind of evidence can add to the score at most (see _score_bound), and a
# margin far above the rounding of the score's sum.
_GAP_DENSITY_MOST = max(OMISSION_WEIGHTS["gap_density"], 0.0)
_MISSING_NUMBER_MOST = max(OMISSION_WEIGHTS["missing_numbers"], 0.0)
_CONTENT_MOST = max(OMISSION_WEIGHTS["covered_weight"],
                    OMISSION_WEIGHTS["gap_weight"] + OMISSION_WEIGHTS["uncovered_content"], 0.0)
_UNCOVERED_MODIFIER_EXTRA = max(
    OMISSION_WEIGHTS["gap_weight"] + OMISSION_WEIGHTS["uncovered_modifiers"] - _CONTENT_MOST, 0.0)
_BOUND_MARGIN = 1e-9
