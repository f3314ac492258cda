"""OCR debris: misread characters and split words, in the English and the Chinese.

The English word list is pyspellchecker's (a word-frequency list built from
subtitles and checked against SCOWL, MIT licence, loaded once): frequencies let
us tell a real word ("and", 33M) from an OCR fragment ("infl", 0).
"""
from __future__ import annotations

import re
import string
from functools import lru_cache
from operator import add
from typing import Iterator

from ..model import Finding, Segment
from .base import CheckContext, Rule
from .punctuation import apply_fixes
from .untranslated import HAN_OR_ZERO as HAN

# Blocks checked for OCR debris: article text plus the short blocks a reader
# sees (title, byline, caption, footnote).  Mastheads, boxes, tables and
# reference lists often hold garbled or code-like text nobody will fix.
CHECKED_KINDS = frozenset({"body", "heading", "title", "list", "unit", "byline", "caption", "footnote"})

# A word with at least this frequency counts as a word; fragments fall below it.
WORD_MIN_FREQUENCY = 100
# "common" words: enough evidence that gluing a number to them is a spacing slip.
COMMON_MIN_FREQUENCY = 20_000
# A join of two fragments must be at least this frequent to be proposed.  On the
# newstest2020 English (14k sentences) even 20 flags nothing; "thirdly" is 125.
JOIN_MIN_FREQUENCY = 100
# A repaired misread word ("leve1" -> "level", "fornlulation" -> "formulation")
# must be at least this frequent; 100 flags nothing in the newstest2020 English.
MISREAD_MIN_FREQUENCY = 100


# Bump when what _build_word_tables keeps changes.
_FREQUENCIES_FORMAT = 2
_ONE_LETTER_WORDS = frozenset({"a", "i"})


@lru_cache(maxsize=1)
def _word_tables() -> tuple[dict[str, int], frozenset[str], frozenset[str]]:
    """(pyspellchecker's English word frequencies of at least WORD_MIN_FREQUENCY (every
    test here is against that or a higher threshold), the lower-case words of at least
    WORD_MIN_FREQUENCY, those of at least COMMON_MIN_FREQUENCY), cached pickled: loading
    the word list takes about 0.3 s and building the sets 0.03 s, the pickle 0.03 s."""
    from ..diskcache import cached_table, package_stamp

    stamp = package_stamp("spellchecker", "resources/en.json.gz")
    return cached_table(f"english-words-{stamp}-f{_FREQUENCIES_FORMAT}-m{WORD_MIN_FREQUENCY}"
                        f"-c{COMMON_MIN_FREQUENCY}", _build_word_tables)


def _build_word_tables() -> tuple[dict[str, int], frozenset[str], frozenset[str]]:
    from spellchecker import SpellChecker

    frequencies = {word: count for word, count
                   in SpellChecker(language="en", distance=1).word_frequency.dictionary.items()
                   if count >= WORD_MIN_FREQUENCY}
    words = {word for word in frequencies if len(word) != 1}
    common = {word for word in words if frequencies[word] >= COMMON_MIN_FREQUENCY}
    return frequencies, frozenset(words | _ONE_LETTER_WORDS), frozenset(common | _ONE_LETTER_WORDS)


def _frequencies() -> dict[str, int]:
    return _word_tables()[0]


def word_frequency(word: str) -> int:
    """How often ``word`` occurs in the word list; 0 below WORD_MIN_FREQUENCY."""
    return _frequencies().get(word.lower(), 0)


# Lower-case words of at least WORD_MIN_FREQUENCY / COMMON_MIN_FREQUENCY: a set lookup
# per word, as is_english_word runs on nearly every word of the English.
_word_sets: tuple[frozenset[str], frozenset[str]] | None = None


def _english_words() -> tuple[frozenset[str], frozenset[str]]:
    global _word_sets
    if _word_sets is None:
        _word_sets = _word_tables()[1:]
    return _word_sets


def is_english_word(word: str, common: bool = False) -> bool:
    """``word`` is an English word (a and I are the only one-letter words)."""
    words, common_words = _word_sets or _english_words()
    return word.lower() in (common_words if common else words)


def _match_case(template: str, word: str) -> str:
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# --- English ---------------------------------------------------------------------

_LETTERS = re.compile(r"[A-Za-z]+")
# OCR confusions inside words: the digit or capital read for a lowercase letter.
_LETTER_FOR = {"1": "li", "0": "o", "I": "l", "5": "s"}
_MIXED_TOKEN = re.compile(r"(?<![A-Za-z0-9'’-])[A-Za-z0-9]*[a-z][A-Za-z0-9]*(?![A-Za-z0-9'’-])")
# A run of two or more of 0-9 l I O o holding a digit and a letter, not inside a word or
# a number.  It opens with the character class, so that the regex engine jumps from
# candidate to candidate; the look-arounds after it test what the run holds.
_DIGIT_LIKE = re.compile(r"[0-9lIOo](?<![A-Za-z0-9.,][0-9lIOo])"
                         r"(?:(?<=\d)(?=[0-9lIOo]*[lIOo])|(?<=[lIOo])(?=[0-9lIOo]*\d))"
                         r"[0-9lIOo]++(?![A-Za-z0-9])")
_DIGIT_FOR = str.maketrans({"l": "1", "I": "1", "O": "0", "o": "0"})
# A word split in two by a space: found as two neighbouring _LONE_WORDs (see _split_words).
# A word as either half of such a pair: not part of "Russia's" or "COVID-19".
_CAPITAL_THEN_WORD = re.compile(r"[B-DF-HJ-NP-TV-Z](?<![\w'’-][B-DF-HJ-NP-TV-Z]) [a-z]")
_ANY_DIGIT = re.compile(r"\d")
_LONE_WORD = re.compile(r"(?<![\w'’-])[A-Za-z]+(?![\w'’-])")
# An apostrophe lost before a possessive s: "Russia s largest".
_LOST_APOSTROPHE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+) s(?= [a-z])")
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_HEADING_NUMBER = re.compile(r"^\s*([IVXHl1|]{1,5})\s*[.．、,，]\s*(?=\S)")
_ZH_ENUMERATOR = re.compile(r"^\s*[（(]?([一二三四五六七八九十]{1,3})[)）]?\s*[、．.]")
_ZH_SUBSECTION = re.compile(r"\s*[（(][一二三四五六七八九十]{1,3}[)）]")
_ZH_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


# The characters _misread_letters repairs (I only after a token's first character).
_SUSPECT = re.compile(r"[105I]")
_ALNUM = frozenset(string.ascii_letters + string.digits)
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]*")


def _misread_letters(token: str) -> str | None:
    """The word an OCR'd token stands for when digits or a capital I replaced
    lowercase letters ("leve1" -> "level", "normaI" -> "normal"), else None."""
    if not token[0].isalpha() or sum(ch.isalpha() for ch in token) < 2 or is_english_word(token):
        return None  # "11th", "3rd" and other numbers with suffixes start with a digit
    suspects = [i for i, ch in enumerate(token) if ch in "105" or ch == "I" and i > 0]
    if not suspects or len(suspects) > 2 or token.isupper():
        return None
    if any(ch.isdigit() for ch in token) and not any(ch in "10" for ch in token):
        return None
    candidates = [token]
    for index in suspects:
        candidates = [c[:index] + letter + c[index + 1:] for c in candidates
                      for letter in _LETTER_FOR[token[index]]]
    best = max(candidates, key=word_frequency)
    if word_frequency(best) >= MISREAD_MIN_FREQUENCY and best.isalpha():
        return best
    return None


# Letter groups OCR reads for one letter: "fornlulation" for "formulation".
_GROUP_FOR = (("rn", "m"), ("nl", "m"), ("cl", "d"), ("vv", "w"), ("ii", "u"))
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]{5,}(?![\w'’-])")
_LOWER_RUN = re.compile(r"[a-z]*")
# Only words holding one of those groups can be misread that way.
_GROUP = re.compile("|".join(group for group, _ in _GROUP_FOR))


def _misread_group(token: str) -> str | None:
    """The word behind a token where OCR read one letter as two ("rn" for "m")."""
    if is_english_word(token):
        return None
    for group, letter in _GROUP_FOR:
        position = token.find(group)
        while position >= 0:
            candidate = token[:position] + letter + token[position + len(group):]
            if word_frequency(candidate) >= MISREAD_MIN_FREQUENCY:
                return candidate
            position = token.find(group, position + 1)
    return None


def _split_word(first: str, second: str) -> str | None:
    """The word that ``first second`` was before OCR split it ("infl uence",
    "an d", "Th e", "W ei"), else None.  Two real words ("in a") never join."""
    if len(first) > 1 and first.isupper():
        return None  # an acronym: "US dollars"
    joined = first + second
    first_word, second_word = is_english_word(first), is_english_word(second)
    if first_word and second_word:
        return None
    if word_frequency(joined) >= JOIN_MIN_FREQUENCY:
        return _match_case(first, joined.lower())
    if len(first) == 1 and first.isupper() and first not in "AEIOU" and not second_word:
        # A capital consonant split from the rest of a pinyin syllable: "W ei".
        from .names import pinyin_syllables

        if joined.lower() in pinyin_syllables():
            return joined
    return None


_LOWER_LETTERS = re.compile(r"[a-z]+")


def _lower_letter_runs(text: str) -> list[str]:
    """The _LETTERS runs of ``text``, lower-cased.  Lower-casing the whole text first is
    faster, and only two characters outside ASCII lower-case to an ASCII letter: İ and
    the Kelvin sign."""
    if "\u0130" in text or "\u212a" in text:
        return [run.lower() for run in _LETTERS.findall(text)]
    return _LOWER_LETTERS.findall(text.lower())


def _split_words(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, "split word", fix) for each "infl uence" in ``text``.

    The pairs are two neighbouring _LONE_WORDs with one space between them, the second
    in lower case, found left to right, a pair that joins taking its second word away
    from the next pair.  Only pairs that join into a word or that start with a lone
    capital ("W ei") can be fixed, and only if one half is not a word itself."""
    words = _english_words()[0]
    runs = _lower_letter_runs(text)
    if words.issuperset(runs):
        return []  # every token is a word: no half of a pair can be a fragment
    if not _CAPITAL_THEN_WORD.search(text):
        joined = words.intersection(map(add, runs, runs[1:]))
        if not joined or all(first in words and second in words
                             for first, second in zip(runs, runs[1:]) if first + second in joined):
            return []  # no neighbouring letter runs, one of them no word, join into a word
    tokens = list(_LONE_WORD.finditer(text))
    unknown = [index for index, token in enumerate(tokens) if token.group().lower() not in words]
    found: list[tuple[int, int, str, str]] = []
    taken = -1  # the token a joined pair used as its second word
    for index in sorted({k for i in unknown for k in (i - 1, i) if 0 <= k < len(tokens) - 1}):
        first, second = tokens[index], tokens[index + 1]
        if index == taken or second.start() != first.end() + 1 or text[first.end()] != " " \
                or not second.group().islower():
            continue  # not a pair: "A, b", "a  b", "a B"
        fix = _split_word(first.group(), second.group())
        if fix:
            found.append((first.start(), second.end(), "split word", fix))
            taken = index + 1
    return found


def _misread_tokens(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, "misread letter", fix) for each _MIXED_TOKEN that _misread_letters
    repairs; only the tokens holding a suspect character (1, 0, 5, or I after the first
    letter) are looked at."""
    found: list[tuple[int, int, str, str]] = []
    done = -1  # end of the last token looked at
    for suspect in _SUSPECT.finditer(text):
        position = suspect.start()
        if position < done:
            continue
        start = position
        while start and text[start - 1] in _ALNUM:
            start -= 1
        if start == position and text[position] == "I":
            continue  # a capital I opening a word is no suspect
        done = _ALNUM_RUN.match(text, position).end()
        match = _MIXED_TOKEN.match(text, start)
        if match is None or match.end() != done:
            continue
        token = match.group()
        fix = _misread_letters(token)
        if fix:
            found.append((start, done, "misread letter", _match_case(token, fix)))
    return found


def _misread_groups(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, "misread letters", fix) for each lower-case word of five letters
    or more that _misread_group repairs; only words holding a group are looked at."""
    found: list[tuple[int, int, str, str]] = []
    done = -1
    for group in _GROUP.finditer(text):
        position = group.start()
        if position < done:
            continue
        start = position
        while start and "a" <= text[start - 1] <= "z":
            start -= 1
        done = _LOWER_RUN.match(text, position).end()
        match = _LOWER_WORD.match(text, start)
        if match is None or match.end() != done:
            continue
        fix = _misread_group(match.group())
        if fix:
            found.append((start, done, "misread letters", fix))
    return found


def english_debris(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, fix) for OCR debris in an English ``text``.

    Each kind of debris is looked for only where its tell-tale characters are (a digit,
    a letter group, " s "), so that clean sentences cost a few substring tests."""
    found: list[tuple[int, int, str, str]] = []
    if "1" in text or "0" in text or "5" in text or "I" in text:
        found.extend(_misread_tokens(text))
    found.extend(_misread_groups(text))
    if _ANY_DIGIT.search(text):
        for match in _DIGIT_LIKE.finditer(text):
            token = match.group()
            if re.fullmatch(r"[Oo]\d", token):
                continue  # O2, O3: chemistry
            found.append((match.start(), match.end(), "misread digit", token.translate(_DIGIT_FOR)))
    found.extend(_split_words(text))
    if " s " in text:
        for match in _LOST_APOSTROPHE.finditer(text):
            if not any(start <= match.start() < end for start, end, _, _ in found):
                found.append((match.start(), match.end(), "lost apostrophe", match.group(1) + "’s"))
    return sorted(found)


def roman_heading(text: str) -> tuple[int, int, str] | None:
    """(start, end, numeral) when ``text`` opens with a misread Roman numeral ("H．" for II)."""
    match = _HEADING_NUMBER.match(text)
    if not match:
        return None
    token = match.group(1)
    if _ROMAN.match(token):
        return None
    numeral = token.replace("H", "II").replace("l", "I").replace("1", "I").replace("|", "I")
    if not numeral or not _ROMAN.match(numeral) or len(numeral) > 5:
        return None
    return match.start(1), match.end(1), numeral


def roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for index, char in enumerate(numeral):
        value = values[char]
        following = values[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def _zh_enumerator(text: str) -> int | None:
    match = _ZH_ENUMERATOR.match(text)
    if not match:
        return None
    digits = match.group(1)
    if digits == "十":
        return 10
    if digits.startswith("十"):
        return 10 + _ZH_DIGITS.get(digits[1:], 0)
    if len(digits) == 1:
        return _ZH_DIGITS.get(digits)
    return None


class EnglishOcrDebris(Rule):
    """OCR debris in the English: misread letters, split words, lost apostrophes.

    Also misread Roman numerals in headings.

    - letters misread as digits or capitals: "leve1", "contro1", "normaI";
      one letter read as two: "fornlulation"; digits misread as letters: "l0"
      for 10;
    - a word split by a stray space, checked against an English word list:
      "infl uence", "Af ghanistan", "an d", "W ei" are flagged, "in a" is not
      (both halves are words);
    - "Russia s largest": the apostrophe of a possessive was lost;
    - "H．" or "HI．" opening a heading where II or III was meant (checked
      against the Chinese enumerator 二、 / 三、 when the heading is aligned).

    One finding per English sentence; the suggestion is the repaired
    sentence.  Article text, titles, bylines, captions and footnotes are
    checked; boxes, tables and reference lists are not.

    Bad:
    zh: 两军关系处于正常水平。
    en: Their military relations are at a normal leve1 and keep infl uence.

    Good:
    zh: 两军关系处于正常水平。
    en: Their military relations are at a normal level and keep influence.
    """

    code = "OC01"
    name = "ocr-debris-english"
    category = "ocr"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        numbered = _has_roman_headings(context.target_segments)
        for segment in context.target_segments:
            if segment.kind not in CHECKED_KINDS:
                continue
            debris = english_debris(segment.text)
            heading = self._heading(context, segment, numbered)
            if heading:
                debris = sorted(debris + [heading])
            if not debris:
                continue
            listed = ", ".join(f"“{segment.text[s:e]}” → “{fix}”" for s, e, _, fix in debris[:6])
            if len(debris) > 6:
                listed += f" and {len(debris) - 6} more"
            yield self.finding(
                f"OCR debris in English: {listed}",
                target=context.location("target", (segment.id,), span=debris[0][:2]),
                confidence=0.85,
                suggestion=apply_fixes(segment.text, debris),
            )

    @staticmethod
    def _heading(context: CheckContext, segment: Segment, numbered: bool):
        found = roman_heading(segment.text)
        if not found:
            return None
        start, end, numeral = found
        source_ids = context.counterpart("target", segment.id)
        source = context.source_text(source_ids[:1]) if source_ids else ""
        digits = any(char.isdigit() for char in segment.text[start:end])
        if digits and _ZH_SUBSECTION.match(source):
            return None  # "1." renders a （一） subsection: Arabic, as it should be
        if digits and not numbered:
            return None  # "1. Methods": Arabic numbering, with no Roman heading beside it
        value = roman_value(numeral)
        expected = _zh_enumerator(source) if source else None
        if expected is not None:
            return (start, end, "misread numeral", numeral) if expected == value else None
        if segment.kind in ("heading", "title") or numbered:
            return start, end, "misread numeral", numeral
        return None


def _has_roman_headings(segments: list[Segment]) -> bool:
    """Two or more segments open with a well-formed Roman numeral ("I.", "IV．")."""
    count = 0
    for segment in segments:
        match = _HEADING_NUMBER.match(segment.text)
        if match and _ROMAN.match(match.group(1)):
            count += 1
    return count >= 2


# --- Chinese ---------------------------------------------------------------------

_ZH_DIGIT_LIKE = re.compile(r"[0-9lIOo](?<![A-Za-z0-9][0-9lIOo])"
                            r"(?:(?<=\d)(?=[0-9lIOo]*[lIOo])|(?<=[lIOo])(?=[0-9lIOo]*\d))"
                            r"[0-9lIOo]++(?![A-Za-z0-9])")  # as _DIGIT_LIKE
# Latin letters wedged into a Chinese word: 人El (人口).  Acronyms (A股, GDP) are upper case.
_ZH_LATIN_IN_WORD = re.compile(f"(?<=[{HAN}])([A-Za-z]{{1,3}})(?=[{HAN}，。、；：])")
_ZH_STRAY_SPACE = re.compile(f"(?<=[{HAN}])[ \u3000\t]+(?=[{HAN}])")
# Journals letter-space short labels and headings (摘  要：, 关 键 词：, 引  言): type
# setting, not debris.
_ZH_LETTER_SPACED_LABEL = re.compile(f"\\s*(?:[{HAN}][ \u3000\t]+){{1,3}}[{HAN}]\\s*(?:[:：]|$)")


def _splits_word(text: str, start: int, end: int) -> bool:
    """The space at [start, end) cuts a word in two (主要来 自 -> 来自): read without
    the space, both forward and backward maximum matching over CC-CEDICT (the
    aligner's dictionary, already loaded) put a word across it.  A space between
    two words is a separator (names in a byline, phrases in a headline)."""
    from ..lexicon import cedict_index

    words = cedict_index().translations
    left = re.search(f"[{HAN}]{{1,8}}$", text[:start]).group()
    right = re.match(f"[{HAN}]{{1,8}}", text[end:]).group()
    joined, gap = left + right, len(left)
    return _spans(_forward_cuts(joined, words), gap) and _spans(_backward_cuts(joined, words), gap)


def _forward_cuts(text: str, words) -> list[tuple[int, int]]:
    cuts, position = [], 0
    while position < len(text):
        size = min(8, len(text) - position)
        while size > 1 and text[position:position + size] not in words:
            size -= 1
        cuts.append((position, position + size))
        position += size
    return cuts


def _backward_cuts(text: str, words) -> list[tuple[int, int]]:
    cuts, position = [], len(text)
    while position > 0:
        size = min(8, position)
        while size > 1 and text[position - size:position] not in words:
            size -= 1
        cuts.append((position - size, position))
        position -= size
    return cuts


def _spans(cuts: list[tuple[int, int]], gap: int) -> bool:
    return any(start < gap < end for start, end in cuts)


def chinese_debris(text: str) -> list[tuple[int, int, str, str | None]]:
    """(start, end, kind, fix) for OCR debris in a Chinese ``text``."""
    found: list[tuple[int, int, str, str | None]] = []
    for match in _ZH_DIGIT_LIKE.finditer(text):
        found.append((match.start(), match.end(), "misread digit", match.group().translate(_DIGIT_FOR)))
    for match in _ZH_LATIN_IN_WORD.finditer(text):
        if match.group(1).isupper() or any(s <= match.start() < e for s, e, _, _ in found):
            continue  # upper-case acronyms and labels: GDP, A股, X光
        found.append((match.start(), match.end(), "Latin letters in a Chinese word", None))
    label = _ZH_LETTER_SPACED_LABEL.match(text)
    for match in _ZH_STRAY_SPACE.finditer(text):
        if label and match.end() <= label.end():
            continue
        if _splits_word(text, match.start(), match.end()):
            found.append((match.start(), match.end(), "stray space", ""))
    return sorted(found, key=lambda item: item[:2])


class ChineseOcrDebris(Rule):
    """OCR debris in the Chinese: Latin letters or digits inside words, stray spaces.

    Latin letters or digits misread inside a Chinese word (人El for 人口, l0月
    for 10月), and a stray space that cuts a Chinese word (来 自).

    One finding per Chinese sentence; stray spaces are removed in the
    suggestion.  Upper-case acronyms (GDP, A股) are not debris, nor is a space
    that jieba sees between two words (names in a byline, headline phrases),
    nor the letter-spacing of a short label or heading (摘  要：, 引  言).
    Mastheads, boxes, tables and reference lists are not checked: they often
    hold garbled OCR that nobody translates.

    Bad:
    zh: 死亡率大于人El出生率，主要来 自2011年l0月的统计。
    en: The death rate exceeds the birth rate, according to statistics from October 2011.

    Good:
    zh: 死亡率大于人口出生率，主要来自2011年10月的统计。
    en: The death rate exceeds the birth rate, according to statistics from October 2011.
    """

    code = "OC02"
    name = "ocr-debris-chinese"
    category = "ocr"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for segment in context.source_segments:
            if segment.kind not in CHECKED_KINDS:
                continue
            debris = chinese_debris(segment.text)
            if not debris:
                continue
            kinds: dict[str, list[str]] = {}
            for start, end, kind, _ in debris:
                kinds.setdefault(kind, []).append(segment.text[max(0, start - 1):end + 1])
            listed = "; ".join(
                f"{kind} ×{len(items)}" if kind == "stray space" and len(items) > 1
                else f"{kind} “{'”, “'.join(items[:4])}”" if kind != "stray space"
                else f"{kind} in “{items[0]}”" for kind, items in kinds.items())
            fixable = all(fix is not None for _, _, _, fix in debris)
            yield self.finding(
                f"OCR debris in Chinese: {listed}",
                source=context.location("source", (segment.id,), span=debris[0][:2]),
                confidence=0.8,
                suggestion=apply_fixes(segment.text, debris) if fixable else None,
            )
