"""Stage 3: split a Document's paragraphs into sentence segments.

``split_zh`` and ``split_en`` return character spans; ``segment`` turns a Document into
Segments.  Both splitters run in linear time: one pass to match quotes and brackets,
one regex scan for candidate boundaries, and a bounded look around each candidate.

A hand-written splitter rather than pysbd: pysbd handles neither the full-width periods
that OCR leaves in English ("prices．Over") nor Chinese, its char spans are
unreliable on repeated sentences, it runs at about 60 KB/s, and it is unmaintained.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .errors import InputError
from .model import ARTICLE_KINDS, Document, Segment
from .script import is_han

__all__ = ["split_zh", "split_en", "segment"]

Span = tuple[int, int]

_PAIRS = {
    "“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "《": "》", "【": "】",
    "〔": "〕", "［": "］", "[": "]", "〈": "〉", "﹁": "﹂", "﹃": "﹄",
}
# English text uses ’ as an apostrophe (Russia’s), so single quotes are not tracked there.
_EN_PAIRS = {opener: closer for opener, closer in _PAIRS.items() if opener != "‘"}
_CLOSING = set(_PAIRS.values())
_QUOTE_CLOSERS = frozenset("”’」』﹂﹄\"")
_ZH_BRACKET = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSING)) + '"]')
_EN_BRACKET = re.compile("[" + re.escape("".join(_EN_PAIRS) + "".join(_CLOSING) + '"') + "]")
# A quotation or parenthesis longer than this is not kept in one piece: past it an
# unbalanced OCR quote would swallow whole paragraphs.
_MAX_PROTECTED = {"zh": 300, "en": 600}
_UNMATCHED_SEARCH_DEPTH = 3

_ZH_CLOSERS = "”’」』）》】〕］〉﹂﹄)\"'"
# Closers may stand after a space when they cannot open anything ("非法的 。 ”"), and
# an ASCII quote closes when a space or the end follows it.
# Each boundary pattern opens with a character class (not a repeat or a group of
# alternatives), so that the regex engine skips to the next candidate character in C.
_ZH_BOUNDARY = re.compile(
    r"(?P<run>[。！？；!?;．….][。！？；!?;．….]*)"
    r"(?:[" + re.escape(_ZH_CLOSERS) + r"]|\s+[”’」』）》】〕］〉﹂﹄]|\s+\"(?!\S))*"
)
_ZH_CONTINUATION = frozenset("，、,：:")
_ZH_QUOTE_CLOSER = re.compile("[”’」』﹂﹄\"]")
_MIN_QUOTED_SENTENCE = 8
# A keywords line ("关键词：甲；乙；丙", "【关键词】甲;乙"): its semicolons separate the
# keywords, not sentences, so the line stays one segment like "Keywords: a; b; c".  A
# colon, a closing bracket or a space must follow the label: "关键词是..." is a sentence.
_ZH_KEYWORDS_LABEL = (
    r"[【\[〔［(（]?\s*(?:关\s*键\s*[词字]|關\s*鍵\s*[詞字]|主\s*题\s*词|主\s*題\s*詞)"
    r"(?:\s*[】\]〕］)）]\s*[:：]?|\s*[:：]|\s)")
_ZH_KEYWORDS_FIRST = ("关", "關", "主", "【", "[", "〔", "［", "(", "（")
_ZH_SEMICOLONS = frozenset("；;")


@lru_cache(maxsize=1)
def _zh_keywords_label() -> re.Pattern:
    return re.compile(_ZH_KEYWORDS_LABEL)  # compiled on first use: start-up time matters


def _opens_keywords_line(text: str, start: int) -> bool:
    """A keywords label starts at ``start`` (the first character is tested first:
    this runs once per sentence)."""
    if not text.startswith(_ZH_KEYWORDS_FIRST, start):
        return False
    return _zh_keywords_label().match(text, start) is not None


_SPACES = re.compile(r"\s*")
_WORD_CHAR = re.compile(r"[^\W_]")

_EN_CLOSERS = "”’\"')]}»」』）】》"
_EN_BOUNDARY = re.compile(
    # A run of . ! ? (either width), or of …: the first character decides which.
    r"(?P<run>[.!?。．！？…](?:(?<=…)…*|(?<=[.!?。．！？])[.!?。．！？]*))"
    r"(?:[" + re.escape(_EN_CLOSERS) + r"]|\s+[”»](?!\w)|\s+\"(?!\S))*"
)
_EN_QUOTE_CLOSER = re.compile('[”"»]')
_EXCLAMATION_MARKS = frozenset("!?！？")
_DEGREE_SIGNS = frozenset("°º")  # "rose by 3°C." ends a sentence; "C" is no initial
_MIN_QUOTED_WORDS = 6
_QUOTE_CHARS = frozenset("”’\"'»")

# Abbreviations after which a period does not end a sentence before a capital.
_TITLES = frozenset("""
mr mrs ms dr prof st sr jr gen col lt capt sgt rev hon gov sen rep pres mt ft messrs mme
mlle supt cmdr adm maj brig insp fr sec dept univ assoc asst
""".split())
# Abbreviations that take a number: "No. 5", "Fig. 3", "Jan. 14".
_BEFORE_NUMBER = frozenset("""
no nos fig figs vol vols p pp sec sect art arts eq eqs ch chap tab para paras ref refs
approx ca op ed eds nr jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
# Never sentence-final in practice.
_NEVER_FINAL = frozenset({"e.g", "i.e", "cf", "vs", "viz", "ibid", "resp", "incl", "esp"})
# May end a sentence; they do when the next word typically starts one.
_MAYBE_FINAL = frozenset({"etc", "al", "inc", "ltd", "co", "corp", "bros", "jr", "sr", "plc",
                          "llc", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "ph.d", "b.c", "a.d"})
_SENTENCE_STARTERS = frozenset("""
the this that these those it its he she they we i you his her their our my your there here
in on at for but and however meanwhile moreover furthermore also since as after before when
while if although though such some many most all both each other only thus therefore hence
so yet nevertheless then now today a an one no not what who why how where with without by
from to first second third finally instead besides still indeed overall according last
""".split())
# A reporting clause goes on with a quoted question or exclamation: "...? she asked",
# "...! cried the man".
_REPORTING_CLAUSE = re.compile(r"([a-z]*)(?:\s+([a-z]+))?")
_PRONOUNS = frozenset("he she they we you i it".split())
_REPORTING_VERBS = frozenset("""
asked asks said says cried cries shouted exclaimed replied wondered answered added
continued yelled screamed whispered inquired enquired demanded muttered called laughed
sighed told
""".split())
# Possessive repeats: giving back a letter or a ".x" could never let "\s*$" match, and
# not trying saves the quadratic backtracking in every word before a period.
_PREVIOUS_WORD = re.compile(r"([A-Za-z][A-Za-z]*+(?:\.[A-Za-z]++)*+)\s*+$")
_NEXT_WORD = re.compile(r"[\"'“‘(\[]*([A-Za-z]+)")
_CAPITALISED = re.compile(r"[A-Z][a-z]")
_ENUMERATOR = re.compile(r"[(（]?(?:[IVXLC]{1,6}|[A-Za-z]|\d{1,3}(?:\.\d{1,3})*)[)）]?")


def _protected_intervals(text: str, lang: str) -> tuple[list[Span], list[Span]]:
    """Sorted, disjoint [low, high) ranges of split positions that fall inside a
    quotation or brackets (position p is a split between text[p-1] and text[p]), and
    the same for brackets alone (no quotation marks).

    Openers and closers are paired with a stack; unmatched ones are ignored (OCR
    loses quotes), and pairs longer than _MAX_PROTECTED protect nothing.  Only the
    bracket characters are visited.
    """
    pairs = _PAIRS if lang == "zh" else _EN_PAIRS
    limit = _MAX_PROTECTED[lang]
    intervals: list[Span] = []
    bracket_intervals: list[Span] = []
    stack: list[tuple[str, int]] = []
    length = len(text)
    for match in (_ZH_BRACKET if lang == "zh" else _EN_BRACKET).finditer(text):
        position = match.start()
        char = match.group()
        if char == '"':
            # A straight quote also closes a curly “ when it looks like a closer (a
            # word or punctuation before it, no word after it): OCR mixes the two.
            if stack and (stack[-1][0] == '"' or (
                    stack[-1][0] == "”" and position and not text[position - 1].isspace()
                    and not text[position + 1:position + 2].isalnum())):
                opened = stack.pop()[1]
                if position - opened <= limit:
                    intervals.append((opened + 1, position + 1))
            elif position + 1 < length and not text[position + 1].isspace():
                stack.append(('"', position))
        elif char in pairs:
            stack.append((pairs[char], position))
        else:
            lowest = max(-1, len(stack) - 1 - _UNMATCHED_SEARCH_DEPTH)
            for depth in range(len(stack) - 1, lowest, -1):
                if stack[depth][0] == char or (char == "”" and stack[depth][0] == '"'):
                    opened = stack[depth][1]
                    del stack[depth:]
                    if position - opened <= limit:
                        intervals.append((opened + 1, position + 1))
                        if char not in _QUOTE_CLOSERS:
                            bracket_intervals.append((opened + 1, position + 1))
                    break
    return _merged(intervals), _merged(bracket_intervals)


def _merged(intervals: list[Span]) -> list[Span]:
    intervals.sort()
    merged: list[Span] = []
    for low, high in intervals:
        if merged and low <= merged[-1][1]:
            if high > merged[-1][1]:
                merged[-1] = (merged[-1][0], high)
        else:
            merged.append((low, high))
    return merged


class _Cursor:
    """Answers "is this split position protected?" for increasing positions."""

    __slots__ = ("_intervals", "_next")

    def __init__(self, intervals: list[tuple[int, int]]):
        self._intervals = intervals
        self._next = 0

    def blocks(self, position: int) -> bool:
        intervals = self._intervals
        index = self._next
        while index < len(intervals) and intervals[index][1] <= position:
            index += 1
        self._next = index
        return index < len(intervals) and intervals[index][0] <= position


def _add_span(spans: list[Span], text: str, start: int, end: int) -> None:
    """Append text[start:end] (already trimmed); a short piece with no word character
    (a stray "……" or "”") joins its neighbour instead of standing alone."""
    if start >= end:
        return
    if spans:
        last_start, last_end = spans[-1]
        if (end - start <= 8 and not _WORD_CHAR.search(text, start, end)) or \
                (last_end - last_start <= 8 and not _WORD_CHAR.search(text, last_start, last_end)):
            spans[-1] = (last_start, end)
            return
    spans.append((start, end))


def _finish(spans: list[Span], text: str, start: int) -> list[Span]:
    """Add the text after the last boundary, without trailing whitespace."""
    end = len(text.rstrip())
    _add_span(spans, text, start, end)
    return spans


def _first_non_space(text: str, position: int) -> int:
    if position < len(text) and not text[position].isspace():
        return position
    return _SPACES.match(text, position).end()


def split_zh(text: str) -> list[Span]:
    """Character spans of the Chinese sentences of ``text``, in order.

    A sentence ends after 。！？；… (or a run of them) and any closing quotes or
    brackets that follow.  A terminator inside a quotation or brackets does not end
    the sentence unless the quotation closes right after it, or 。！？ is followed by
    a sentence of its own (8+ Han characters) before the quotation closes, as in
    他说：“……激烈。因此我们必须……。”; a terminator followed
    by ，、： (or … by 等) does not either.  Half-width . ! ? ; end a sentence only
    when Chinese text follows (OCR); 3.5 and a list number "1." never do.  In a
    keywords line (关键词/关键字/主题词 and a colon) ； and ; separate keywords and do
    not end the sentence.
    """
    protected_intervals, bracket_intervals = _protected_intervals(text, "zh")
    protected = _Cursor(protected_intervals)
    in_brackets = _Cursor(bracket_intervals)
    spans: list[Span] = []
    length = len(text)
    sentence_start = _first_non_space(text, 0)
    keywords_line = _opens_keywords_line(text, sentence_start)
    for match in _ZH_BOUNDARY.finditer(text):
        end = match.end()
        if end >= length:
            continue
        following = end if not text[end].isspace() else _SPACES.match(text, end).end()
        if following >= length:
            continue
        next_char = text[following]
        run = match.group("run")
        if next_char in _ZH_CONTINUATION or (next_char == "等" and run[-1] == "…"):
            continue  # "好！，" or "苹果、香蕉……等": the clause goes on
        if keywords_line and _ZH_SEMICOLONS.issuperset(run):
            continue  # "关键词：甲；乙": the next keyword
        if run[-1] in ".!?;" and all(char in ".!?;" for char in run):
            # Half-width punctuation ends a sentence only between Chinese texts (OCR):
            # not in 3.5, "1.", "OK.", "www.example.com".
            start = match.start()
            before = text[start - 1] if start else ""
            if not is_han(next_char) or (
                    run == "." and not (is_han(before) or before in _ZH_CLOSERS)):
                continue
        elif run == "．" and next_char.isdigit() and text[match.start() - 1:match.start()].isdigit():
            continue  # 3．5 written with a full-width point
        if run[-1] in "？！?!" and text[end - 1] in "》〉":
            continue  # 《谁动了我的奶酪？》是一本书: a title, not a sentence end
        if protected.blocks(end) and not (
                run[-1] in "。！？" and not in_brackets.blocks(end)
                and _quotation_goes_on(text, following)):
            continue
        _add_span(spans, text, sentence_start, end)
        sentence_start = following
        keywords_line = _opens_keywords_line(text, sentence_start)
    return _finish(spans, text, sentence_start)


def _quotation_goes_on(text: str, following: int) -> bool:
    """A quotation goes on past a full stop with a sentence of its own (at least
    _MIN_QUOTED_SENTENCE Han characters before the next closing quote): translators
    make it a sentence of its own too."""
    closing = _ZH_QUOTE_CLOSER.search(text, following, following + _MAX_PROTECTED["zh"])
    if closing is None:
        return False
    han = 0
    for char in text[following:closing.start()]:
        if is_han(char):
            han += 1
            if han >= _MIN_QUOTED_SENTENCE:
                return True
    return False


def _period_ends_sentence(text: str, start: int, end: int, following: int,
                          sentence_start: int) -> bool:
    """Whether the period at text[start] (closers up to ``end``, the next word at
    ``following``) ends a sentence."""
    full_width = text[start] in "。．"
    adjacent = following == end
    next_char = text[following]
    previous = _PREVIOUS_WORD.search(text, max(0, start - 24), start)
    word = previous.group(1) if previous and previous.end() == start else ""
    lowered = word.lower()
    so_far = text[sentence_start:start].strip()
    if _ENUMERATOR.fullmatch(so_far) and not (word and word.islower() and len(word) > 1):
        return False  # "I．To improve", "1. Introduction", "(a). The"
    if next_char.isdigit():
        if adjacent and start and text[start - 1].isdigit():
            return False  # 3.5, 2.1.3, 3．5
        if lowered in _BEFORE_NUMBER or lowered in _TITLES:
            return False
        return not adjacent or full_width
    if next_char.islower():
        return False
    if lowered in _NEVER_FINAL or (lowered in _TITLES and lowered not in _MAYBE_FINAL):
        return False
    next_word_match = _NEXT_WORD.match(text, following)
    next_word = next_word_match.group(1) if next_word_match else ""
    starts_sentence = next_word.lower() in _SENTENCE_STARTERS
    if lowered in _MAYBE_FINAL or "." in word:
        return starts_sentence
    if lowered in _BEFORE_NUMBER:
        return starts_sentence and lowered not in {"no", "nos", "p", "pp"}
    if len(word) == 1 and word.isupper() and text[start - 2:start - 1] not in _DEGREE_SIGNS:
        return starts_sentence and next_word not in ("I",)  # initials: "J. K. Rowling"
    if adjacent and not full_width and next_char.isalpha():
        # "volatility.After" (OCR lost the space) versus "U.S.Army", "Node.Js".
        return len(word) > 1 and word.islower() and bool(_CAPITALISED.match(text, following))
    return True


# A ? glued to the word after it, with a space before: an opening quote that a lossy
# codec replaced, so the ? that closes it is no sentence end either.
_LOSSY_QUOTE = re.compile(r"(?<![^\s(])\?[A-Za-z]")
_LOSSY_QUOTE_REACH = 200


def _exclamation_ends_sentence(text: str, run_end: int, end: int, following: int) -> bool:
    """Whether a ? or ! (closers up to ``end``) ends a sentence.  Before a capital it
    does; before a lower-case word too (transcripts: "a runny nose? and are you..."),
    unless the word is glued to it ("page.php?id=3"), a quote or bracket closes first
    ("Why?" he asked) or a reporting clause follows ("? she asked", "! cried Tom")."""
    if not text[following].islower():
        return True
    if following == end or end > run_end:
        return False
    if _LOSSY_QUOTE.search(text, max(0, run_end - _LOSSY_QUOTE_REACH), run_end):
        return False  # "called it ?a new era? and": a codec turned the quotes into ?
    clause = _REPORTING_CLAUSE.match(text, following)
    first, second = clause.group(1), clause.group(2)
    return not (first in _REPORTING_VERBS or (first in _PRONOUNS and second in _REPORTING_VERBS))


def _quoted_sentence_follows(text: str, following: int) -> bool:
    """A quotation goes on past a full stop with a sentence of its own (at least
    _MIN_QUOTED_WORDS words before the next closing quote), as in the Chinese."""
    closing = _EN_QUOTE_CLOSER.search(text, following, following + _MAX_PROTECTED["en"])
    if closing is None:
        return False
    words = text[following:closing.start()].split(None, _MIN_QUOTED_WORDS)
    return len(words) >= _MIN_QUOTED_WORDS


def split_en(text: str) -> list[Span]:
    """Character spans of the English sentences of ``text``, in order.

    Handles abbreviations (e.g., U.S., No. 5, Dr., et al.), initials (J. K. Rowling),
    decimals and section numbers (3.5, 2.1), ellipses, heading numbers ("I. To..."),
    the full-width periods of OCR ("costs．Under", "prices。"), and quotes that close
    after the period, which stay with their sentence.  A quotation is split where a
    sentence of six or more words follows inside it; ? and ! end a sentence before a
    lower-case word unless a reporting clause goes on ("Why?" he asked).  A curly
    quote may close a straight one and the reverse (OCR mixes them).
    """
    protected_intervals, bracket_intervals = _protected_intervals(text, "en")
    protected = _Cursor(protected_intervals)
    in_brackets = _Cursor(bracket_intervals)
    spans: list[Span] = []
    length = len(text)
    sentence_start = _first_non_space(text, 0)
    for match in _EN_BOUNDARY.finditer(text):
        start, end = match.span()
        run_end = match.end("run")
        # A quote glued to the next word opens it (OCR: 'stable．”Green'), it does not
        # close this sentence.
        while end > run_end and text[end - 1] in _QUOTE_CHARS and end < length and \
                text[end].isalnum():
            end -= 1
        following = end if end < length and not text[end].isspace() \
            else _SPACES.match(text, end).end()
        if following >= length:
            continue
        if protected_intervals and protected.blocks(end) and not (
                end == run_end and following > end and text[following].isupper()
                and not in_brackets.blocks(end) and _quoted_sentence_follows(text, following)):
            continue
        run = text[start:run_end]
        if not _EXCLAMATION_MARKS.isdisjoint(run):
            ends = _exclamation_ends_sentence(text, run_end, end, following)
        elif "…" in run or run.startswith(".."):
            # An ellipsis ends a sentence only before a space and a capital or a quote.
            ends = following > end and (text[following].isupper() or
                                        text[following] in "“\"‘(")
        else:
            ends = _period_ends_sentence(text, start, end, following, sentence_start)
        if ends:
            _add_span(spans, text, sentence_start, end)
            sentence_start = following
    return _finish(spans, text, sentence_start)


_SPLITTERS = {"zh": split_zh, "en": split_en}


def segment(document: Document, prealigned: bool = False) -> list[Segment]:
    """Segments of ``document`` in document order, with ids from 0.

    Article paragraphs (body, title, list) are split into sentences; a heading is one
    segment; a non-article block (sidebar, references, table...) is one segment of
    its own kind so that it can sit in a 1-0 or 0-1 bead and be reported once.  A
    "unit" paragraph, and every paragraph when ``prealigned``, is exactly one segment
    and is never split, so pre-aligned units keep their one-to-one pairing.
    """
    splitter = _SPLITTERS.get(document.lang)
    if splitter is None:
        raise InputError(document.path, f"unsupported language {document.lang!r} "
                                        "(expected 'zh' or 'en')")
    segments: list[Segment] = []
    for paragraph in document.paragraphs:
        text = paragraph.text
        kind = paragraph.kind
        if kind == "unit" or prealigned:
            spans = [_trimmed(text)]
        elif kind == "heading" or kind not in ARTICLE_KINDS:
            spans = [_trimmed(text)] if text.strip() else []
        else:
            spans = splitter(text)
        for start, end in spans:
            segments.append(Segment(len(segments), text[start:end], paragraph.index, start, end,
                                    paragraph.line_at(start), kind, paragraph.unit_id))
    return segments


def _trimmed(text: str) -> Span:
    """The span of ``text`` without surrounding whitespace ((0, 0) when empty)."""
    stripped_start = len(text) - len(text.lstrip())
    stripped_end = len(text.rstrip())
    if stripped_end <= stripped_start:
        return (0, 0)
    return (stripped_start, stripped_end)
