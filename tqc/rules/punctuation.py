"""Punctuation in the English: full-width characters, bracket balance, spacing."""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Finding, Segment
from ..script import HAN_CHAR
from .base import CheckContext, Rule
from .untranslated import mostly_chinese

# CJK punctuation with its English (half-width) counterpart.  Full-width ASCII
# (U+FF01-U+FF5E) maps arithmetically and is handled in ``half_width``.
_CJK_FIXES = {
    "\u3000": " ", "、": ",", "。": ".", "〈": "'", "〉": "'", "《": '"', "》": '"',
    "「": '"', "」": '"', "『": "'", "』": "'", "【": "[", "】": "]", "〔": "[", "〕": "]",
    "〖": "[", "〗": "]", "〘": "[", "〙": "]", "〚": "[", "〛": "]", "〜": "~", "〃": '"',
    "〝": '"', "〞": '"', "〟": '"', "・": "·", "｟": "((", "｠": "))",
    "￠": "¢", "￡": "£", "￢": "¬", "￣": "¯", "￤": "¦", "￥": "¥", "￦": "₩",
}
_DOUBLE_QUOTES = "\"“”"
_CJK_DASH = re.compile(r"—{2,}|―{2,}")
# A curly double quote glued to letters on both sides is the Chinese habit of
# setting quotes without spaces (the”three forces”and).  The quote comes first so that
# the regex engine jumps from quote to quote.
_GLUED_QUOTE = re.compile(r"[“”](?<=[A-Za-z0-9,.;:][“”])(?=[A-Za-z0-9])")


def half_width(char: str) -> str | None:
    """The English counterpart of a full-width or CJK punctuation character, else None."""
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    return _CJK_FIXES.get(char)


# Every character ``half_width`` maps.
_FULL_WIDTH_MARK = re.compile("[\uff01-\uff5e" + re.escape("".join(_CJK_FIXES)) + "]")


def full_width_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for each full-width or CJK punctuation mark,
    CJK double dash and glued curly double quote in an English ``text``."""
    found: list[tuple[int, int, str]] = [
        (match.start(), match.end(), half_width(match.group()))
        for match in _FULL_WIDTH_MARK.finditer(text)]
    if "——" in text or "――" in text:  # _CJK_DASH has no fast start of its own
        for match in _CJK_DASH.finditer(text):
            found.append((match.start(), match.end(), "—"))
    for match in _GLUED_QUOTE.finditer(text):
        opening = _quotes_before(text, match.start()) % 2 == 0
        found.append((match.start(), match.end(), ' "' if opening else '" '))
    return sorted(found)


def _quotes_before(text: str, position: int) -> int:
    """How many double quotes come before ``position``."""
    return sum(text.count(quote, 0, position) for quote in _DOUBLE_QUOTES + "＂")


_OPENING_MARKS = set("（［【〔〖〘〚《〈「『〝｛")
_CLOSING_MARKS = set("）］】〕〗〙〛》〉」』〞｝")
_TRAILING_MARKS = set("，。．：；、！？")  # take a space after them, never before


def apply_half_width(text: str, spans: list[tuple[int, int, str]]) -> str:
    """``text`` with each span replaced and English spacing restored around it:
    "states，combating" -> "states, combating", "way ，so" -> "way, so",
    "Organization（SCO）" -> "Organization (SCO)"."""
    out: list[str] = []
    position = 0
    for start, end, replacement in spans:
        if start < position:
            continue
        out.append(text[position:start])
        mark = text[start:end]
        fix = replacement.strip() or replacement
        opening = mark in _OPENING_MARKS or replacement == ' "'
        closing = mark in _TRAILING_MARKS or mark in _CLOSING_MARKS or replacement == '" '
        if closing:
            while out and out[-1].endswith((" ", "\u3000")):
                out[-1] = out[-1][:-1]
        if opening and "".join(out)[-1:] not in ("", " "):
            out.append(" ")
        out.append(fix)
        following = text[end:end + 1]
        decimal = start > 0 and text[start - 1].isdigit() and following.isdigit()
        if closing and not decimal and following and (following.isalnum() or following in "(\"“"):
            out.append(" ")
        position = end
        if opening:
            while position < len(text) and text[position] == " ":
                position += 1
    out.append(text[position:])
    return "".join(out)


class FullWidthPunctuation(Rule):
    """Full-width or CJK punctuation in the English (，。：；、（）．％／, U+3000 spaces).

    One finding per English sentence, listing each character with its count;
    the suggestion is the sentence with half-width punctuation and English
    spacing.  Curly double quotes are English typography and are reported only
    when glued to the words on both sides (the”three forces”and); a doubled
    dash (——) is the Chinese dash.  Sentences that are mostly Chinese are left
    to UN02.

    Bad:
    zh: 两国关系稳定，合作不断深化。
    en: Relations are stable，and cooperation keeps deepening．

    Good:
    zh: 两国关系稳定，合作不断深化。
    en: Relations are stable, and cooperation keeps deepening.
    """

    code = "PU01"
    name = "full-width-punctuation"
    category = "punctuation"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for segment in context.target_segments:
            if HAN_CHAR.search(segment.text) and mostly_chinese(segment.text):
                continue  # (the search first: most English holds no Han at all)
            spans = full_width_spans(segment.text)
            if not spans:
                continue
            counts: dict[str, int] = {}
            fixes: dict[str, str] = {}
            for start, end, replacement in spans:
                mark = segment.text[start:end]
                counts[mark] = counts.get(mark, 0) + 1
                fixes[mark] = replacement.strip() or " "
            listed = "; ".join(
                f"{_show(mark)}{f' ×{count}' if count > 1 else ''} → “{fixes[mark]}”"
                for mark, count in counts.items())
            glued_only = all(segment.text[s:e] in "“”" for s, e, _ in spans)
            yield self.finding(
                f"full-width punctuation in English: {listed}",
                target=context.location("target", (segment.id,), span=spans[0][:2]),
                confidence=0.8 if glued_only else 1.0,
                suggestion=apply_half_width(segment.text, spans),
            )


def _show(mark: str) -> str:
    if mark == "\u3000":
        return "ideographic space (U+3000)"
    return f"glued quote ‘{mark}’" if mark in "“”" else f"“{mark}”"


# --- PU02 ------------------------------------------------------------------------

_BRACKET_CLASS = {
    "(": ("round", 1), ")": ("round", -1), "（": ("round", 1), "）": ("round", -1),
    "[": ("square", 1), "]": ("square", -1), "［": ("square", 1), "］": ("square", -1),
    "【": ("square", 1), "】": ("square", -1), "〔": ("square", 1), "〕": ("square", -1),
    "《": ("title", 1), "》": ("title", -1), "〈": ("title", 1), "〉": ("title", -1),
}
_DOUBLE_QUOTE_CHARS = set("\"“”＂")
_BRACKET_CHAR = re.compile("[" + re.escape("".join(_BRACKET_CLASS)) + "]")
_DOUBLE_QUOTE_CHAR = re.compile("[" + re.escape("".join(sorted(_DOUBLE_QUOTE_CHARS))) + "]")
# "1)" or "a)" opening a list item closes nothing.
_LIST_MARKER = re.compile(r"(?:^|(?<=\s))(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})\)(?=\s)")


def unbalanced_marks(text: str) -> list[tuple[int, str]]:
    """(offset, description) of each bracket or double quote left unmatched in
    ``text``; brackets of either width pair with each other."""
    # _LIST_MARKER tries every position: only worth it where there is a ")".
    skip = {m.end() - 1 for m in _LIST_MARKER.finditer(text)} if ")" in text else set()
    stack: list[tuple[int, str]] = []
    problems: list[tuple[int, str]] = []
    for match in _BRACKET_CHAR.finditer(text):
        index, char = match.start(), match.group()
        if index not in skip:
            kind, direction = _BRACKET_CLASS[char]
            if direction > 0:
                stack.append((index, kind))
            elif stack and stack[-1][1] == kind:
                stack.pop()
            elif any(open_kind == kind for _, open_kind in stack):
                while stack and stack[-1][1] != kind:  # an inner opener was never closed
                    problems.append((stack.pop()[0], "is never closed"))
                stack.pop()
            else:
                problems.append((index, "closes nothing"))
    problems.extend((index, "is never closed") for index, _ in stack)
    quotes = [match.start() for match in _DOUBLE_QUOTE_CHAR.finditer(text)]
    if len(quotes) % 2:
        problems.append((quotes[-1], "is an unpaired double quote"))
    return sorted(problems)


def _source_balanced(context: CheckContext, paragraph_ids: list[int]) -> bool:
    """Whether the Chinese aligned with these English segments is itself balanced."""
    source_ids = sorted({i for target_id in paragraph_ids
                         for i in context.counterpart("target", target_id)})
    return not unbalanced_marks(context.source_text(source_ids)) if source_ids else True


class UnbalancedBrackets(Rule):
    """Brackets or double quotes in the English do not pair up.

    Checked per English paragraph (a quotation may run over several
    sentences).  Brackets pair across widths — "(SCO）" is balanced here and
    its full-width half is PU01's — and（）【】〔〕 count as () and [].  A
    bracket the Chinese also leaves unpaired (often OCR loss) is reported with
    lower confidence.  List markers such as "1)" and "a)" are not brackets.

    Bad:
    zh: 上海合作组织（上合组织）成立于2001年。
    en: The Shanghai Cooperation Organization (SCO was founded in 2001.

    Good:
    zh: 上海合作组织（上合组织）成立于2001年。
    en: The Shanghai Cooperation Organization (SCO) was founded in 2001.
    """

    code = "PU02"
    name = "unbalanced-brackets"
    category = "punctuation"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        groups = _by_paragraph(context.target_segments)
        for position, paragraph_segments in enumerate(groups):
            first = paragraph_segments[0]
            paragraph = context.target.paragraphs[first.paragraph]
            base = first.start
            text = paragraph.text[base:paragraph_segments[-1].end]
            problems = unbalanced_marks(text)
            following = groups[position + 1][0].text.lstrip() if position + 1 < len(groups) else ""
            if problems and _continued_quotation(text, problems, following):
                problems = problems[:-1]
            if not problems:
                continue
            mirrored = not _source_balanced(context, [s.id for s in paragraph_segments])
            offset, description = problems[0]
            segment = _segment_at(paragraph_segments, base + offset)
            local = base + offset - segment.start
            mark = text[offset]
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            yield self.finding(
                f"“{mark}” {description}{more}" + (" — the Chinese is unbalanced too" if mirrored else ""),
                target=context.location("target", (segment.id,), span=(local, local + 1)),
                confidence=0.5 if mirrored else 0.9,
            )


def _continued_quotation(text: str, problems: list[tuple[int, str]], following: str) -> bool:
    """A quotation running over paragraphs opens each paragraph and closes only the
    last: an unpaired opening quote is fine when the next paragraph opens with one."""
    offset, description = problems[-1]
    return description == "is an unpaired double quote" and text[offset] in "\"“" and \
        following[:1] in ("\"", "“")


def _by_paragraph(segments: list[Segment]) -> list[list[Segment]]:
    groups: list[list[Segment]] = []
    for segment in segments:
        if groups and groups[-1][-1].paragraph == segment.paragraph:
            groups[-1].append(segment)
        else:
            groups.append([segment])
    return groups


def _segment_at(segments: list[Segment], offset: int) -> Segment:
    for segment in segments:
        if segment.start <= offset < segment.end:
            return segment
    return max((s for s in segments if s.start <= offset), key=lambda s: s.start, default=segments[0])


# --- PU03 ------------------------------------------------------------------------

# Unit and suffix letters that follow a number without a space.
_UNIT_SUFFIXES = frozenset("""
st nd rd th s am pm km kg mg g ml cl l cm mm nm m ft in lb lbs oz mph kph kmh kwh mwh gwh
kw mw gw w v kv hz khz mhz ghz kb mb gb tb bn mn k x px pt bps kbps mbps gbps sec secs min
mins hr hrs yr yrs mol ppm ppb dpi fps rpm mah
""".split())

# (description, pattern, replacement, strings one of which a match must hold, or a
# pattern that must match).  The patterns start with the punctuation mark rather than a
# look-behind where they can, so that the regex engine jumps from mark to mark instead of
# trying every position; the last field skips a pattern outright for a sentence that
# cannot match it.
_SPACING_PATTERNS = (
    ("no space after a comma", re.compile(r",(?<=[A-Za-z\d)\]\"”’%],)(?=[A-Za-z(])"), ", ", (",",)),
    ("no space after a full stop", re.compile(r"\.(?<=[a-z]{2}\.)(?=[A-Z][a-z])"), ". ", (".",)),
    ("no space after a colon or semicolon", re.compile(r"[;:](?<=[a-z]{2}[;:])(?=[A-Za-z])"), None,
     (";", ":")),
    ("no space after a question or exclamation mark",
     re.compile(r"[?!](?<=[a-z]{2}[?!])(?=[A-Z][a-z])"), None, ("?", "!")),
    ("no space before a bracket", re.compile(r"(?<=[a-z]{2})(?=\((?![a-z]{1,2}\))[A-Za-z])"), " ",
     ("(",)),
    ("no space after a bracket", re.compile(r"(?<=[A-Za-z]{2}\))(?=[a-z]{2})"), " ", (")",)),
    ("no space before a currency amount", re.compile(r"(?<=[a-z]{2})(?=[$€£¥]\d)"), " ", ("$", "€", "£", "¥")),
    ("space before punctuation",
     re.compile(r"[ \t](?<=[A-Za-z0-9)\]\"”’%][ \t])[ \t]*(?=[,;:.!?](?:\s|$))"), "",
     re.compile(r"[,;:.!?](?<=[ \t][,;:.!?])")),
    ("double space", re.compile(r"  (?<=\S  ) *(?=\S)"), " ", ("  ",)),
)
_WORD_THEN_NUMBER = re.compile(r"\b([a-z]{2,})(\d[\d,.]*\d|\d{2,})\b")
_NUMBER_THEN_WORD = re.compile(r"\b(\d[\d,.]*)([a-z]{3,})\b")
# Where a word touches a number (a letter then a digit, or a digit then a letter): a
# sentence without such a place cannot match the two above.  The digit comes first so
# that the regex engine jumps from digit to digit.
_WORD_TOUCHES_NUMBER = re.compile(r"\d(?:(?<=[a-z]\d)|[\d,.]*[a-z])")


def spacing_problems(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, description, replacement) for each spacing fault in English ``text``."""
    problems: list[tuple[int, int, str, str]] = []
    for description, pattern, replacement, needed in _SPACING_PATTERNS:
        if isinstance(needed, re.Pattern):
            if not needed.search(text):
                continue
        else:
            for piece in needed:
                if piece in text:
                    break
            else:
                continue
        for match in pattern.finditer(text):
            fix = replacement if replacement is not None else match.group() + " "
            problems.append((match.start(), match.end(), description, fix))
    if not _WORD_TOUCHES_NUMBER.search(text):
        return sorted(problems)
    from .ocr import is_english_word

    for match in _WORD_THEN_NUMBER.finditer(text):
        if is_english_word(match.group(1), common=True):
            problems.append((match.end(1), match.end(1), "no space between a word and a number", " "))
    for match in _NUMBER_THEN_WORD.finditer(text):
        word = match.group(2)
        if word not in _UNIT_SUFFIXES and not _ordinal_or_decade(match.group(1), word) \
                and is_english_word(word, common=True):
            problems.append((match.end(1), match.end(1), "no space between a number and a word", " "))
    return sorted(problems)


def _ordinal_or_decade(number: str, word: str) -> bool:
    return word in ("s", "st", "nd", "rd", "th") or (number.endswith("0") and word == "s")


def apply_fixes(text: str, fixes: list[tuple[int, int, str, str]]) -> str:
    out, position = [], 0
    for start, end, _, replacement in fixes:
        if start < position:
            continue
        out.append(text[position:start])
        out.append(replacement)
        position = end
    out.append(text[position:])
    return "".join(out)


class SpacingError(Rule):
    """Spacing faults in the English: missing spaces, glued numbers, double spaces.

    Flagged: no space after a comma or full stop, a word glued to a number or
    currency ("nearly$60", "in2010"), a space before punctuation, and double
    spaces.

    One finding per English sentence; the suggestion is the corrected sentence.
    Decimals (3.5), thousands (1,000), abbreviations (U.S.), times (10:30),
    ordinals (3rd) and units (10km) are left alone, and so are tables, whose
    columns are runs of spaces.

    Bad:
    zh: 贸易额接近600亿美元。
    en: Trade reached nearly$60 billion,a record.

    Good:
    zh: 贸易额接近600亿美元。
    en: Trade reached nearly $60 billion, a record.
    """

    code = "PU03"
    name = "spacing"
    category = "punctuation"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for segment in context.target_segments:
            if segment.kind == "table":
                continue  # runs of spaces are a table's columns
            if HAN_CHAR.search(segment.text) and mostly_chinese(segment.text):
                continue  # (the search first: most English holds no Han at all)
            problems = spacing_problems(segment.text)
            if not problems:
                continue
            kinds: dict[str, int] = {}
            for _, _, description, _ in problems:
                kinds[description] = kinds.get(description, 0) + 1
            listed = ", ".join(f"{kind} ×{count}" if count > 1 else kind for kind, count in kinds.items())
            start, end = problems[0][:2]
            yield self.finding(
                f"spacing: {listed} (at “{_excerpt(segment.text, start, end)}”)",
                target=context.location("target", (segment.id,), span=(start, max(end, start + 1))),
                confidence=0.9,
                suggestion=apply_fixes(segment.text, problems),
            )


def _excerpt(text: str, start: int, end: int, width: int = 12) -> str:
    return text[max(0, start - width):end + width].strip()
