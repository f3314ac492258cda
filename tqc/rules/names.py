"""Chinese person and place names rendered in standard pinyin, consistently.

The search starts from the English: a run of capitalised words (and stray
fragments such as the "ei" of "W ei") whose letters spell two to four pinyin
syllables is a name candidate when the aligned Chinese holds characters with
exactly those readings (pypinyin, every reading of each character, so 曾 may
be Zeng or Ceng).  A translation that uses another romanisation ("Tsai
Ing-wen") or an English name ("Inner Mongolia") spells no pinyin and is left
alone.  jieba's dictionary tags tell persons (nr) from places (ns) where it
knows the name; a name it does not know is judged by its shape alone.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from ..lexicon import cedict_index, word_tags
from ..model import Finding
from ..script import HAN_CHAR
from .base import CheckContext, Rule
from .ocr import is_english_word

# Two-character surnames: the name splits after them (欧阳伟 -> Ouyang Wei).
COMPOUND_SURNAMES = frozenset("""
欧阳 司马 诸葛 上官 东方 皇甫 令狐 夏侯 慕容 尉迟 公孙 长孙 宇文 司徒 端木 独孤 南宫 轩辕
澹台 呼延 万俟 闻人 百里 东郭 西门 钟离 宗政 濮阳 淳于 单于 太叔 申屠 赫连 拓跋 第五 乐正
司空 公冶 仲孙 谷梁 左丘 梁丘 鲜于 闾丘 亓官 司寇 巫马 公西 颛孙 壤驷 公良 漆雕 宰父
""".split())

_MAX_SYLLABLES = 4
_TOKEN = re.compile(r"[A-Za-zÜü]+")


# Bump when the derivation of _pinyin_tables changes.
_PINYIN_TABLES_FORMAT = 2


@lru_cache(maxsize=1)
def _pinyin_tables() -> tuple[dict[str, str], frozenset[str], dict[str, frozenset[str]]]:
    """(character -> its toneless readings joined by commas, every toneless syllable,
    toneless reading -> the characters that have it).

    Derived from pypinyin's character dictionary and cached pickled: importing pypinyin
    takes about 0.3 s, the pickle a few milliseconds."""
    from ..diskcache import cached_table, package_stamp

    stamp = package_stamp("pypinyin", "pinyin_dict.json")
    return cached_table(f"pinyin-tables-{stamp}-f{_PINYIN_TABLES_FORMAT}", _build_pinyin_tables)


def _build_pinyin_tables() -> tuple[dict[str, str], frozenset[str], dict[str, frozenset[str]]]:
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    def toneless(reading: str, keep_e_circumflex: bool) -> str:
        # Strip the tone marks (ǘ -> ü) and write ü as v, as pypinyin's NORMAL style
        # does; that style also keeps ê (欸 ê̄ -> ê).
        decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
        if keep_e_circumflex:
            decomposed = decomposed.replace("e\u0302", "ê")
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

    readings_by_char: dict[str, str] = {}
    syllables: set[str] = set()
    for code, readings in pinyin_dict.items():
        toned = readings.split(",")
        readings_by_char[chr(code)] = ",".join(sorted({toneless(r, True) for r in toned}))
        for reading in toned:
            plain = toneless(reading, False)
            if plain.isascii() and plain.isalpha():
                syllables.add(plain)
    chars_by_reading: dict[str, set[str]] = {}
    for char, joined in readings_by_char.items():
        for reading in joined.split(","):
            chars_by_reading.setdefault(reading, set()).add(char)
    return (readings_by_char, frozenset(syllables),
            {reading: frozenset(chars) for reading, chars in chars_by_reading.items()})


def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable pypinyin knows ("wei", "lv", "zhuang", ...)."""
    return _pinyin_tables()[1]


@lru_cache(maxsize=1)
def _spelled_syllables() -> dict[str, str]:
    """English spelling -> pinyin syllable; ü may be written u, ü, v or yu (lü, lu, lv, lyu)."""
    spelled: dict[str, str] = {}
    for syllable in sorted(pinyin_syllables()):
        spelled.setdefault(syllable, syllable)
        if "v" in syllable:
            for u in ("u", "ü", "yu"):
                spelled.setdefault(syllable.replace("v", u), syllable)
    return spelled


@lru_cache(maxsize=20_000)
def readings(char: str) -> frozenset[str]:
    """Toneless readings of one Han character (ü written "v"), as pypinyin's
    ``pinyin(char, style=Style.NORMAL, heteronym=True)`` gives them."""
    joined = _pinyin_tables()[0].get(char)
    return frozenset(joined.split(",")) if joined else frozenset()


@lru_cache(maxsize=50_000)
def syllabify(letters: str) -> tuple[tuple[str, ...], ...]:
    """Every way to cut ``letters`` (lower case) into pinyin syllables, at most four.

    Cached: the same capitalised words come back all through a document."""
    spelled = _spelled_syllables()
    results: list[tuple[str, ...]] = []

    def walk(position: int, taken: tuple[str, ...]) -> None:
        if len(results) >= 8 or len(taken) > _MAX_SYLLABLES:
            return
        if position == len(letters):
            results.append(taken)
            return
        for end in range(min(len(letters), position + 6), position, -1):
            syllable = spelled.get(letters[position:end])
            if syllable:
                walk(end, taken + (syllable,))

    walk(0, ())
    return tuple(results)


@dataclass(frozen=True)
class NameMatch:
    han: str  # the Chinese characters
    kind: str  # "person", "place", "person?" (by shape) or "" (unknown)
    syllables: tuple[str, ...]
    surname_length: int

    def standard(self, spelled: tuple[str, ...]) -> tuple[str, ...]:
        """Accepted renderings: "Ouyang Wei" for persons, "Beijing" for places, both
        when the kind is unknown."""
        joined = _pinyin_word(spelled)
        surname = _pinyin_word(spelled[:self.surname_length])
        given = _pinyin_word(spelled[self.surname_length:])
        person = f"{surname} {given}"
        if self.kind in ("person", "person?"):
            return (person,)
        if self.kind == "place":
            return (joined,)
        return (person, joined)


def _pinyin_word(syllables: tuple[str, ...]) -> str:
    """Syllables written as one pinyin word, capitalised, with the apostrophe pinyin
    puts before a syllable that starts with a, o or e (Xi'an, Chang'an, Tian'e)."""
    word = syllables[0] if syllables else ""
    for syllable in syllables[1:]:
        word += ("'" + syllable) if syllable[:1] in ("a", "o", "e") else syllable
    return word.capitalize()


def _surname_length(han: str) -> int:
    return 2 if han[:2] in COMPOUND_SURNAMES and len(han) > 2 else 1


class SourceReadings:
    """A Chinese text in which names are looked up by their syllables."""

    __slots__ = ("text", "_chars", "_reads")

    def __init__(self, text: str):
        self.text = text
        self._chars: frozenset[str] | None = None
        self._reads: dict[str, bool] = {}  # syllable -> some character of the text reads it

    @property
    def chars(self) -> frozenset[str]:
        """The text's characters; made on first use (many sentences have no name to
        look up)."""
        if self._chars is None:
            self._chars = frozenset(self.text)
        return self._chars

    def reads(self, syllable: str) -> bool:
        """Whether some character of the text reads ``syllable``; remembered, as the
        candidates of one sentence share most of their syllables."""
        known = self._reads.get(syllable)
        if known is None:
            known = self._reads[syllable] = not self.chars.isdisjoint(
                _pinyin_tables()[2].get(syllable, _NO_CHARS))
        return known

    def readable(self, syllables: tuple[str, ...]) -> bool:
        """Whether each of ``syllables`` is read by some character of the text."""
        for syllable in syllables:
            if not self.reads(syllable):
                return False
        return True

    def find(self, syllables: tuple[str, ...]) -> int:
        """Offset of the first run of characters read as ``syllables``, else -1."""
        # Most candidates fail here: some syllable is no reading of any character.
        if not self.readable(syllables):
            return -1
        chars_by_reading = _pinyin_tables()[2]
        wanted = [chars_by_reading[syllable] for syllable in syllables]
        text = self.text
        first, size = wanted[0], len(wanted)
        last_start = len(text) - size
        found = -1
        # The offsets of the characters that may start the run, in text order.
        for char in self.chars.intersection(first):
            start = text.find(char)
            while 0 <= start <= last_start and (found < 0 or start < found):
                if all(text[start + k] in wanted[k] for k in range(1, size)):
                    found = start
                    break
                start = text.find(char, start + 1)
        return found


_NO_CHARS: frozenset[str] = frozenset()


def _find_han(source: str, syllables: tuple[str, ...],
              source_readings: SourceReadings | None = None) -> int:
    """Offset of the first run of Han characters in ``source`` read as ``syllables``, else -1.

    ``source_readings``: those of ``source``, when the caller looks up many candidates
    in the same text."""
    return (source_readings or SourceReadings(source)).find(syllables)


@dataclass(frozen=True)
class Rendering:
    match: NameMatch
    text: str  # as written in the English
    standard: tuple[str, ...]
    reversed_order: bool
    target_segment: int
    start: int
    end: int
    source_segments: tuple[int, ...]


def name_kind(han: str) -> str:
    """"person", "place" or "" (unknown) for a run of Han characters; "person?"
    for three characters that are no word at all (陈祖明, not 人民币 Renminbi)."""
    if han[:2] in COMPOUND_SURNAMES and len(han) > 2:
        return "person"
    tag = word_tags().get(han, "")
    if tag.startswith("nr"):
        return "person"
    if tag == "ns":
        return "place"
    # Places are mostly in the dictionary: three characters that are no word are
    # most likely a person's name (or a brand), so judged as one, less confidently.
    return "person?" if len(han) == 3 and han not in cedict_index().translations else ""


def find_renderings(context: CheckContext) -> list[Rendering]:
    """Pinyin renderings of names of the aligned Chinese, in English text order."""
    found: list[Rendering] = []
    for bead in context.alignment:
        if not bead.source or not bead.target:
            continue
        source = context.source_text(bead.source)
        if not HAN_CHAR.search(source):
            continue
        source_readings = None  # of ``source``, computed when a candidate needs them
        for target_id in bead.target:
            text = context.target_segments[target_id].text
            if not _CAPITAL.search(text):
                continue
            if source_readings is None:
                source_readings = SourceReadings(source)
            found.extend(_renderings_in(text, source, bead.source, target_id, source_readings))
    return found


_CAPITAL = re.compile(r"[A-ZÜ]")
# A _TOKEN that starts with a capital (the capital first, so the regex engine skips to it).
_CAPITALISED_WORD = re.compile(r"[A-ZÜ](?<![A-Za-zÜü][A-ZÜ])[A-Za-zÜü]*")
_NOT_LETTER = re.compile(r"[^A-Za-zÜü]")


def _renderings_in(text: str, source: str, source_ids, target_id: int,
                   source_readings: SourceReadings | None = None) -> list[Rendering]:
    """Renderings in the English ``text`` of names in ``source``: each capitalised word,
    with up to three words that follow it, is tried as a name (the longest that spells
    one wins); a rendering's words are not tried again as a name's first word."""
    if source_readings is None:
        source_readings = SourceReadings(source)
    found: list[Rendering] = []
    resume = 0  # the end of the last rendering
    for first in _CAPITALISED_WORD.finditer(text):
        if first.start() < resume:
            continue
        plain = first.group().lower()  # the letters of the run, lower case
        if not _may_start(plain):
            continue
        run = [first]  # the words tried as one name, the first and those after it
        best = None
        gap = ""
        for step in range(4):
            if step:
                if not _may_continue(plain):
                    break  # no pinyin spelling starts with these letters
                following = _TOKEN.search(text, run[-1].end())
                if following is None:
                    break
                gap = text[run[-1].end():following.start()]
                if gap not in (" ", "-", "'", "’", "‐"):
                    break
                word = following.group()
                if word[0].islower() and gap == " " and is_english_word(word):
                    break  # "Wang said": an English word ends the name
                run.append(following)
                plain += word.lower()
            flipped_best = False  # "Wei Ouyang" read surname last: not tried yet
            for syllables in syllabify(plain):
                if len(syllables) < 2:
                    continue
                # (readable first: most cuts have a syllable no character reads)
                candidate = source_readings.readable(syllables) and _candidate(
                    source, syllables, None, source_readings)
                if candidate:
                    best = (run[-1], text[first.start():run[-1].end()], syllables, candidate, False)
                    break
                if len(run) == 2 and gap == " ":
                    # The same for every forward cut that fails: tried once.
                    if flipped_best is False:
                        flipped_best = _reversed_name(text, first, run, source, source_readings)
                    if flipped_best is not None:
                        best = flipped_best
        if best is None or not _pinyin_apostrophes(best[1], best[2]) or (
                len(best[2]) >= 4 and not best[3].kind):
            # Ch’en is Wade-Giles; four unknown syllables are more often two names
            # (a place and a company) than one.
            continue
        last, letters, syllables, match, reversed_order = best
        spelled = _spelled(letters, syllables)
        found.append(Rendering(match, letters, match.standard(spelled), reversed_order, target_id,
                               first.start(), last.end(), tuple(source_ids)))
        resume = last.end()
    return found


def _reversed_name(text: str, first: re.Match, run: list[re.Match], source: str,
                   source_readings: SourceReadings):
    """The two words of ``run`` read given name first ("Wei Ouyang"), as the best of
    :func:`_renderings_in`, or None."""
    words = [token.group() for token in run]
    for option in syllabify((words[1] + words[0]).lower()):
        candidate = source_readings.readable(option) and _candidate(
            source, option, words, source_readings)
        if candidate and candidate.kind != "place":
            return run[-1], text[first.start():run[-1].end()], option, candidate, True
    return None


@lru_cache(maxsize=50_000)
def _may_start(letters: str) -> bool:
    """Whether a name may start with the word ``letters`` (lower case): it is pinyin
    syllables, or it and the words after it may be."""
    return bool(syllabify(letters)) or _may_continue(letters)


@lru_cache(maxsize=50_000)
def _may_continue(letters: str) -> bool:
    """Whether some longer run of letters that starts with ``letters`` (lower case)
    can be cut into at most four pinyin syllables, as :func:`syllabify` cuts them:
    whole syllables, then the beginning of one more."""
    spelled = _spelled_syllables()
    beginnings = _syllable_beginnings()

    def fits(position: int, taken: int) -> bool:
        if taken < _MAX_SYLLABLES and letters[position:] in beginnings:
            return True
        if taken >= _MAX_SYLLABLES - 1:
            return False
        for end in range(min(len(letters), position + 6), position, -1):
            if letters[position:end] in spelled and fits(end, taken + 1):
                return True
        return False

    return fits(0, 0)


@lru_cache(maxsize=1)
def _syllable_beginnings() -> frozenset[str]:
    """Proper beginnings of the spellings :func:`syllabify` uses, the empty one included."""
    return frozenset(spelling[:end] for spelling in _spelled_syllables() if len(spelling) <= 6
                     for end in range(len(spelling)))


def _candidate(source: str, syllables: tuple[str, ...], reverse_words,
               source_readings: SourceReadings | None = None) -> NameMatch | None:
    start = _find_han(source, syllables, source_readings)
    if start < 0:
        return None
    han = source[start:start + len(syllables)]
    kind = name_kind(han)
    if reverse_words is not None:
        # "Wei Ouyang": the second English word must be the whole surname.
        surname = _surname_length(han)
        if len(re.sub(r"[^A-Za-z]", "", reverse_words[1])) != len("".join(syllables[:surname])):
            return None
    return NameMatch(han, kind, syllables, _surname_length(han))


@lru_cache(maxsize=50_000)
def _spelled(letters: str, syllables: tuple[str, ...]) -> tuple[str, ...]:
    """The syllables as the translator spelled them (lü stays lü, lyu stays lyu)."""
    plain = _NOT_LETTER.sub("", letters).lower()
    spelled, position = [], 0
    spelling = _spelled_syllables()
    for syllable in syllables:
        for end in range(min(len(plain), position + 6), position, -1):
            if spelling.get(plain[position:end]) == syllable:
                spelled.append(plain[position:end])
                position = end
                break
        else:
            spelled.append(syllable)
    return tuple(spelled)


class PinyinNames(Rule):
    """A Chinese name is not in standard pinyin, or is rendered in two ways.

    Standard: surname first for Chinese persons, each name's syllables joined
    and capitalised (欧阳伟 -> Ouyang Wei, 黑龙江 -> Heilongjiang); an
    apostrophe between syllables (Chang'an) is optional here, though the
    suggestions write it.  A rendering the Chinese itself gives (王伟（Wei
    Wang）) is the author's own and is left alone.  Flagged:
    a syllable split by a space ("Ouyang W ei"), hyphenated syllables ("Xi
    Jin-ping"), a known person's given name or a known place split into
    syllables ("Xi Jin Ping", "Bei Jing"), capitals inside a word ("ShangHai",
    "OuyangWei"), the given name first ("Wei Ouyang"), and one name rendered
    in different ways.  Each rendering is reported once, with its count.
    Readings come from pypinyin and the person/place distinction from
    jieba's dictionary; a name jieba does not know is only checked for split
    syllables and hyphens.  Other romanisations (Wade-Giles "Ch’en") and
    English names are left alone.

    Bad:
    zh: 欧阳伟教授出席了在北京举行的会议。
    en: Professor Ouyang W ei attended the meeting in Bei Jing.

    Good:
    zh: 欧阳伟教授出席了在北京举行的会议。
    en: Professor Ouyang Wei attended the meeting in Beijing.

    Options:
    order: "surname-first" (default) flags Chinese person names written given
    name first; "any" accepts both orders
    """

    code = "NE01"
    name = "pinyin-names"
    category = "consistency"
    severity = "warning"
    options = {"order": "surname-first"}

    def __init__(self, severity: str | None = None, **options):
        super().__init__(severity, **options)
        if self.settings["order"] not in ("surname-first", "any"):
            raise ValueError("NE01 option order must be 'surname-first' or 'any'")

    def check(self, context: CheckContext) -> Iterator[Finding]:
        renderings = find_renderings(context)
        forms: dict[str, list[str]] = {}
        for rendering in renderings:
            if not rendering.reversed_order:
                forms.setdefault(rendering.match.han, []).append(_plain_form(rendering.text))
        # The most frequent form of each name; the earliest on a tie.
        usual_forms = {han: max(dict.fromkeys(written), key=Counter(written).__getitem__)
                       for han, written in forms.items()}
        reported: dict[tuple[str, str], list[Rendering]] = {}
        problems: dict[tuple[str, str], tuple[str, str]] = {}
        for rendering in renderings:
            if _given_in_source(context, rendering):
                continue
            problem, suggestion = self._problem(rendering, usual_forms.get(rendering.match.han))
            if problem is None:
                continue
            key = (rendering.match.han, rendering.text)
            reported.setdefault(key, []).append(rendering)
            problems[key] = (problem, suggestion)
        for key, occurrences in reported.items():
            first = occurrences[0]
            problem, suggestion = problems[key]
            times = f" ({len(occurrences)} times)" if len(occurrences) > 1 else ""
            yield self.finding(
                f"{first.match.han} rendered “{first.text}”{times}: {problem}",
                source=context.location("source", first.source_segments),
                target=context.location("target", (first.target_segment,), span=(first.start, first.end)),
                confidence=0.8 if first.match.kind in ("person", "place") or _splits_syllable(first)
                else 0.6,
                suggestion=suggestion,
            )

    def _problem(self, rendering: Rendering, usual: str | None) -> tuple[str | None, str | None]:
        """(problem, suggestion) of a rendering, or (None, None); ``usual`` is the most
        frequent form of its name in surname-first renderings (None: there are none)."""
        match, text = rendering.match, rendering.text
        standard = rendering.standard[0]
        if rendering.reversed_order:
            if self.settings["order"] == "any":
                return None, None
            return "given name first; a Chinese name takes the surname first", standard
        if _splits_syllable(rendering):
            return f"a syllable is split; standard pinyin is {_either(rendering.standard)}", standard
        if _HYPHEN_INSIDE.search(text):
            return f"hyphenated; standard pinyin is {_either(rendering.standard)}", standard
        if match.kind and _CAPITAL_INSIDE.search(text):
            return f"capitals inside a name; standard pinyin is {_either(rendering.standard)}", standard
        if match.kind and _plain_form(text) not in {_plain_form(s) for s in rendering.standard} \
                and len(text.split()) > min(len(s.split()) for s in rendering.standard):
            return f"a name is split; standard pinyin is {_either(rendering.standard)}", standard
        if usual is None:
            usual = _plain_form(text)
        if _plain_form(text) != usual:  # the most frequent form wins; the earliest on a tie
            return f"inconsistent: elsewhere rendered “{usual}”", usual
        return None, None


def _given_in_source(context: CheckContext, rendering: Rendering) -> bool:
    """The Chinese itself spells the name this way (潘晨军（Chenjun Pan，音译）): the
    author's own romanisation, which the translator rightly keeps."""
    source = context.source_text(rendering.source_segments)
    if not _LATIN.search(source):
        return False
    spelled = re.compile(rf"(?<![A-Za-z]){re.escape(rendering.text)}(?![A-Za-z])", re.IGNORECASE)
    return spelled.search(source) is not None


_LATIN = re.compile("[A-Za-z]")
_HYPHEN_INSIDE = re.compile(r"[A-Za-z][-‐][A-Za-z]")
_CAPITAL_INSIDE = re.compile(r"[a-z][A-Z]")  # within a word: a space is neither


def _pinyin_apostrophes(text: str, syllables: tuple[str, ...]) -> bool:
    """Apostrophes only between whole syllables (Xi'an), never inside one (Ch’en)."""
    if "'" not in text and "’" not in text:
        return True
    boundaries, position = set(), 0
    for syllable in _spelled(text, syllables):
        position += len(syllable)
        boundaries.add(position)
    letters = 0
    for char in text:
        if char.isalpha():
            letters += 1
        elif char in "'’" and letters not in boundaries:
            return False
    return True


def _plain_form(text: str) -> str:
    """A rendering without its optional apostrophes (Chang'an = Changan)."""
    return text.replace("'", "").replace("’", "")


def _splits_syllable(rendering: Rendering) -> bool:
    """A space or hyphen falls inside a syllable: "W ei", "Ouy ang"."""
    boundaries, position = set(), 0
    for syllable in _spelled(rendering.text, rendering.match.syllables):
        position += len(syllable)
        boundaries.add(position)
    letters = 0
    for char in rendering.text:
        if char.isalpha():
            letters += 1
        elif letters and letters not in boundaries:
            return True
    return False


def _either(standards: tuple[str, ...]) -> str:
    return " or ".join(f"“{s}”" for s in standards)
