"""Stage 2: the hard-wrapped lines of one language -> a Document of paragraphs.

Text taken from a PDF or an OCR engine breaks every line at the column edge,
mixes in page furniture, and puts boxes, dates and author notes between the
paragraphs.  Reflow learns each file's own habits - its full line width, its
usual blank-line pattern, the indent of first lines - and rebuilds paragraphs
from them, labelling what is not article text (see ``NON_ARTICLE_KINDS``).

Input lines must include the blank ones: a jump in line numbers means text of
the other language was taken out there, which always ends a paragraph.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .model import Document, Paragraph
from .script import HAN_CHAR, HAN_RANGE

# --- character classes -------------------------------------------------------------

_BOX_RANGE = "\u2500-\u257f"
# East Asian wide characters, as ranges: a character class this wide costs a start-up
# several milliseconds to compile, and only joining wrapped lines asks.
_WIDE_RANGES = ((0x1100, 0x115f), (0x2e80, 0x303e), (0x3041, 0x33ff), (0x3400, 0x4dbf),
                (0x4e00, 0x9fff), (0xa000, 0xa4cf), (0xac00, 0xd7a3), (0xf900, 0xfaff),
                (0xfe30, 0xfe4f), (0xff00, 0xff60), (0xffe0, 0xffe6), (0x20000, 0x3fffd))


def _is_wide(char: str) -> bool:
    """The first character of ``char`` is an East Asian wide character."""
    if not char:
        return False
    code = ord(char[0])
    return any(low <= code <= high for low, high in _WIDE_RANGES)


_TEXT_CHAR = re.compile(f"[0-9A-Za-z\u00c0-\u024f{HAN_RANGE}]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
_DIGIT = re.compile("[0-9０-９]")
_BOX_CHAR = re.compile(f"[{_BOX_RANGE}|｜¦丨┃│║]")

# --- line endings and starts ----------------------------------------------------------

_CLOSERS = "”’\"'」』）)\\]】》〉"
_TERMINAL_END = re.compile(f"[。！？!?.．…][{_CLOSERS}]*$")
_SOFT_END = re.compile(f"[：:；;][{_CLOSERS}]*$")
# A line ending like this stops mid-sentence: comma, dash, opening bracket or quote.
_MID_END = re.compile("[，,、\\-‐‑–—/（(“‘\u00ad]$")
# A line of nothing but a sentence's last marks (。 or ”。): a wrap put them on a line of
# their own, and they finish the line before.
# Each language's own marks only, and no lone "?" or "!" in English: OCR makes them of
# a box's or a table's border.
_LONE_SENTENCE_END = {"zh": re.compile("[”’」』）》\\s\u3000]*[。！？…]+[”’」』）》]*"),
                      "en": re.compile("[\"”’')\\]]*[.…]+[\"”’')\\]]*")}
_HYPHEN_SPLIT = re.compile("([A-Za-z]+)-$")
_LAST_WORD = re.compile("(?<![A-Za-z])([A-Za-z]+)$")
_FIRST_WORD = re.compile("^([a-z]+)")
# Keeps a-z and "-", blanks every other byte: splits text into words and compounds.
_WORD_BYTES = bytes(code if 97 <= code <= 122 or code == 45 else 32 for code in range(256))
_LOWER_START = re.compile("^[\"'“‘(（\\[]*[a-z]")
_EN_FUNCTION_WORDS = frozenset(
    "a an the of in on at to for from by with without into onto upon about between among "
    "through over under and or but nor as than that which who whom whose whether if when "
    "while where because so is are was were be been being has have had do does did can "
    "could will would should may might must shall its their his her our your my this "
    "these those such not no both either neither each every all any some more most less "
    "very also it they we he she".split())
_KEEP_HYPHEN_PREFIXES = frozenset(
    "self well ill all ex half quasi so cross non anti pro co long short high low full "
    "twenty thirty forty fifty sixty seventy eighty ninety".split())
_ABBREVIATIONS = frozenset("mr mrs ms dr st no vs etc jr sr prof inc co ltd fig vol pp".split())

_EN_ENUMERATOR = re.compile(
    "^(?:(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Last)ly\\b"
    "|(?:First|Second|Third|Fourth|Fifth|Finally)\\s*[,，]"
    "|\\(\\d{1,2}\\)\\s|\\d{1,2}\\)\\s|\\([a-z]\\)\\s)")
_ZH_ENUMERATOR = re.compile(
    "^(?:[一二三四五六七八九十]\\s*是|首先|其次|最后[，,]|第[一二三四五六七八九十]+[，,、]"
    "|[（(][一二三四五六七八九十\\d]{1,3}[)）]|\\d{1,2}[、)）]|[①-⑳])")
# Numbered points that begin a sentence wherever they stand.
_EN_POINT = re.compile(
    "^(?:(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Last)ly\\b"
    "|(?:First|Second|Third|Fourth|Fifth|Finally)\\s*[,，])")
_ZH_POINT = re.compile("^(?:[一二三四五六七八九十]\\s*是|首先|其次|最后[，,]|第[一二三四五六七八九十]+[，,、])")
_BULLET = re.compile("^[•▪●◆■□○◇►▶*\\-–]\\s+\\S")
_OPEN_BRACKET = "[\\[【［〔]"
_CLOSE_BRACKET = "[\\]】］〕]"


def _label(names: str) -> str:
    """A line opening with "Name:" or "[Name]" (journals write both)."""
    return (f"^(?:{_OPEN_BRACKET}\\s*(?:{names})\\s*{_CLOSE_BRACKET}\\s*[:：]?"
            f"|(?:{names})\\s*[:：])")


# Always start a new paragraph, however the previous line ended.
_STRONG_LABEL = _label(  # a pattern: only _ALWAYS_NEW below uses it
    "摘\\s*要|内容提要|提\\s*要|关键词|关键字|Abstract|ABSTRACT|Key\\s*[Ww]ords|KEY\\s*WORDS"
    "|Keywords|KEYWORDS")
# Start a new paragraph when the previous line ended a sentence.
_SOFT_LABEL = re.compile(
    "^(?:目的|方法|结果|结论|背景|意义|Objectives?|Purpose|Methods?|Results?|Conclusions?"
    "|Background|Aims?|Findings)\\s*[:：]")
_SECTION_NAME = re.compile(
    f"{_OPEN_BRACKET}?\\s*"
    "(?:摘\\s*要|内容提要|提\\s*要|关键词|引\\s*言|前\\s*言|导\\s*言|绪\\s*论|结\\s*语|结\\s*论"
    "|结束语|余\\s*论|附\\s*录|致\\s*谢|Abstract|Introduction|Conclusions?|Concluding Remarks"
    "|Background|Discussion|Methods|Methodology|Results|Results and Discussion"
    "|Acknowledge?ments?|Appendix|Summary|Keywords)"
    f"\\s*{_CLOSE_BRACKET}?\\s*[:：]?", re.IGNORECASE)
_REFERENCES_HEADING = re.compile(
    "(?:参考文献|主要参考文献|参考资料|References|Bibliography|Works Cited|Literature Cited)"
    "\\s*[:：]?", re.IGNORECASE)
_SECTION_NAME_MAX_CHARS = 30
_NOTES_HEADING = re.compile("(?:注\\s*释|尾\\s*注|Notes|Endnotes)\\s*[:：]?", re.IGNORECASE)
_REFERENCE_ENTRY = re.compile(
    "^(?:[\\[［【]\\s*\\d{1,3}\\s*[\\]］】]|\\d{1,3}\\s*[.．、]|[①-⑳])")

# --- non-article lines ------------------------------------------------------------------

_DATE_LINE = re.compile(
    "^[\\[【［(（]?\\s*(?:收稿日期|收稿时间|修回日期|修订日期|录用日期|接受日期|发表日期|网络出版时间"
    "|网络首发时间|投稿日期|收稿)\\s*[:：]"
    "|^[\\[(]?\\s*(?:Received|Revised|Accepted|Submitted|Published online"
    "|Date of (?:receipt|submission|acceptance))\\b.{0,80}\\d")
_BYLINE_LINE = re.compile(
    "^[(（\\[【]?\\s*(?:作者简介|作者单位|作者信息|通讯作者|作者[:：]|作者系|作者为|作者是"
    "|The authors? (?:is|are|was|were)\\b|About the authors?\\b|Authors?\\s*[:：]"
    "|Corresponding author\\b|\\*\\s*The author"
    # "(Lin Wei is a research fellow at ...)" closing the English part
    "|[(（][A-Z][^()]{0,80}\\b(?:is|are) (?:a |an |the )?(?:[A-Za-z-]+ ){0,3}"
    "(?:[Pp]rofessor|[Ff]ellow|[Rr]esearcher|[Ll]ecturer|[Dd]irector|[Ss]tudent|[Ss]cholar"
    "|[Ee]ditor|[Rr]esearch)\\b)")
_METADATA_LINE = re.compile(
    _label("中图分类号|文献标识码|文章编号|DOI|doi|CLC [Nn]umber|Document [Cc]ode|Article ID")
    + f"|^{_OPEN_BRACKET}?\\s*(?:责任编辑|责任校对|编\\s*辑)[\\s:：]")
# Author notes that cannot continue anything: a label or an opening bracket.
_BYLINE_START = re.compile(
    "^(?:[(（\\[【]\\s*(?:作者|The authors? |About the author)"
    "|(?:作者简介|作者单位|作者信息|通讯作者|About the authors?|Corresponding author)\\s*[:：])")
# Labels, metadata, dates, author notes and standalone section names: one pass.
_ALWAYS_NEW = re.compile("|".join(
    [f"(?:{pattern})" for pattern in (_STRONG_LABEL, _METADATA_LINE.pattern,
                                      _DATE_LINE.pattern, _BYLINE_START.pattern)]
    + [f"(?i:{pattern.pattern})$" for pattern in (_SECTION_NAME, _REFERENCES_HEADING,
                                                   _NOTES_HEADING)]))
_CAPTION_LINE = re.compile(
    f"^(?:[表图]\\s*\\d+(?:[-.．]\\d+)?(?=[\\s：:　{HAN_RANGE}])"
    "|(?:Table|Figure|Fig\\.|Chart)\\s*\\d+(?:[-.]\\d+)?\\b)")
_FOOTNOTE_MARK = re.compile("^(?:[①-⑳]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
_PAGE_FOOTNOTE_MAX_LINES = 8
_NOTE_LABEL = re.compile("^(?:注|Note|Notes)\\s*[:：]")
_CITATION_HINT = re.compile(
    "出版社|年版|第\\s*\\d+\\s*[页卷期]|杂志|学报|日报|《|\\d{4}\\s*年|pp?\\.\\s*\\d|Press|Journal"
    "|Review|Vol\\.|No\\.|https?://|www\\.|\\(\\d{4}\\)|,\\s*\\d{4}")
_PAGE_NUMBER = re.compile(
    "^[\\-—–·•|\\[(（【<〈~\\s]*(?:(?:page|p\\.|第)\\s*)?\\d{1,4}"
    "(?:\\s*(?:页|/\\s*\\d{1,4}|of\\s+\\d{1,4}))?[\\-—–·•|\\])）】>〉~\\s]*$", re.IGNORECASE)
_PAGE_NUMBER_MAX_CHARS = 24
_PAGE_NUMBER_START = frozenset("0123456789-—–·•|[(（【<〈~Pp第")
_RUNNING_HEAD_KEY = re.compile("[0-9０-９\\s]+")  # page numbers in a running head vary
_RUNNING_HEAD_MIN_REPEATS = 3
_CLAUSE_MARK = re.compile("[，。；,;]|\\.\\s")  # sentence text has these; a running head not
_RUNNING_HEAD_MIN_BREAK_REPEATS = 2  # ...or this many times next to a page number
_RUNNING_HEAD_MAX_CHARS = 80
_RUNNING_HEAD_MIN_KEY = 4  # characters left once digits go: "2011年" lines are no head
_TABLE_CELL_SPLIT = re.compile("\\t|\\s{2,}|\u3000+")
_NUMERIC_CELL = re.compile("[\\d.,%％+\\-–—()（）]+")
_DATE_MENTION = re.compile(
    "\\d{4}\\s*年\\s*[\\dl]{1,2}\\s*月|(?:January|February|March|April|May|June|July|August"
    "|September|October|November|December)\\s+\\d{1,2},?\\s+\\d{4}")
_NEWS_HINT = re.compile("本刊讯|简讯|学术交流|学术动态|会议综述|\\bnews\\b|\\bin brief\\b", re.IGNORECASE)

# --- headings ---------------------------------------------------------------------------

_HAN_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
                 "十": 10}
_ZH_HEADING = re.compile(
    "^(?:(?P<n1>[一二三四五六七八九十]{1,3})\\s*[、．.]"
    "|[（(]\\s*(?P<n2>[一二三四五六七八九十]{1,3})\\s*[)）]"
    "|第(?P<n0>[一二三四五六七八九十\\d]{1,3})\\s*[章节部分篇])\\s*")
_ZH_NUMBER_WORD = re.compile("^[一二三四五六七八九十两几]")  # 三、四个 = "three or four"
_EN_ROMAN_HEADING = re.compile(
    "^(?P<roman>[IVXHl]{1,5}|[Ⅰ-Ⅻ])\\s?[.．]\\s*(?=[A-Z“\"‘'(])")
_EN_NAMED_HEADING = re.compile("^(?:Chapter|Section|Part)\\s+(?:\\d{1,2}|[IVX]{1,5})\\b")
_ARABIC_HEADING = re.compile(
    f"^(?P<n>\\d{{1,2}})(?:\\.\\d{{1,2}}){{0,2}}(?:[.．、]\\s*|\\s+)(?=[A-Z{HAN_RANGE}])")
_VALID_ROMAN = re.compile("^(?:X{0,3})(?:IX|IV|V?I{0,3})$")
_UNICODE_ROMAN = {chr(0x2160 + k): k + 1 for k in range(12)}
_ZH_HEADING_SPLIT = re.compile("[。！？]")
_EN_HEADING_SPLIT = re.compile("[．]|[.!?](?=\\s*[A-Z\"“‘(]|\\s*$)")
_ZH_HEADING_MAX_CHARS = 40
_EN_HEADING_MAX_WORDS = 30
_HEADING_MAX_LINES = 3

_LONE_NUMERAL = {"zh": re.compile("^[一二三四五六七八九十]{1,2}$"),
                 "en": re.compile("^[IVXH]{1,4}$")}
_AFTER_LONE_NUMERAL = {"zh": re.compile("^[、．.是]"), "en": re.compile("^[.．]")}

# --- boxes (sidebars) ---------------------------------------------------------------------

# Characters a real line cannot start with, or that OCR makes of a box's border.
_FRAME_HEAD_CHARS = "：；:;，,。、?？!！}{|｜¦丨●■◆□○•)）】」』>~～*＊#＃=＝_^`" + _BOX_RANGE
_FRAME_TAIL_CHARS = "：；:;}{|｜¦丨●■◆□○•<>~～*＊#＃=＝_^`" + _BOX_RANGE
_FRAME_HEAD = {
    "zh": re.compile(f"(?:[{_FRAME_HEAD_CHARS}]+|[A-Za-z](?=[\\s\u3000{HAN_RANGE}]))[\\s\u3000]*"),
    "en": re.compile(f"[{_FRAME_HEAD_CHARS}]+[\\s\u3000]*"),
}
_FRAME_TAIL = {
    "zh": re.compile(f"(?:(?<=[\\s\u3000])[A-Za-z?!？！]|[{_FRAME_TAIL_CHARS}]+)[\\s\u3000]*$"),
    "en": re.compile(f"(?:(?<=[\\s\u3000])[?!？！]|[{_FRAME_TAIL_CHARS}]+)[\\s\u3000]*$"),
}
_STRONG_TAIL = {
    "zh": re.compile(f"(?:[\\s\u3000](?:[A-Za-z]|[^\\s\u3000A-Za-z0-9{HAN_RANGE}。．.，,])"
                     f"|[{{}}|｜¦丨●■◆□○•{_BOX_RANGE}])$"),
    "en": re.compile(f"(?:[\\s\u3000][^\\s\u3000A-Za-z0-9.，,]|[{{}}|｜¦丨●■◆□○•{_BOX_RANGE}])$"),
}
_FRAME_HEAD_SET = frozenset(_FRAME_HEAD_CHARS[:-len(_BOX_RANGE)]) | frozenset(
    chr(code) for code in range(0x2500, 0x2580))
_WEAK_TAIL = re.compile("[：；:;]$")
_SIDEBAR_MIN_FRAMED = 3
_FRAME_STRIP_ROUNDS = 2

# --- per-file statistics ---------------------------------------------------------------------

# A line under 90% of the file's full width ended its paragraph; in ragged (unjustified)
# text, under the full width less twice the spread of full lines, but not under 70%.
_SHORT_RATIO = 0.9
_MIN_SHORT_RATIO = 0.7
_SPREAD_FACTOR = 2
_HEADING_LONG_RATIO = 0.7
_HEADING_TAIL_RATIO = 0.6
_TITLE_RATIO = {"zh": 0.8, "en": 0.75}
_UNWRAPPED_RUN_ON_RATIO = 0.6
_MIN_WRAP_LINES = 3
_CONFIDENT_WRAP_LINES = 5
_CLUSTER_TOLERANCE = 0.08
_MIN_CLUSTER_SHARE = 0.25
_WIDER_RATIO = 1.15
_MAX_WIDER_SHARE = 0.1
_MIN_WRAP_SHARE = 0.1
_MIN_GAP_SAMPLES = 5
_MIN_INDENT_SAMPLES = 5
_INDENT_AGREEMENT = 0.6
_MIN_INDENT_SHARE = 0.05
_MIN_MARGIN_SAMPLES = 2  # continuation lines that agree on the margin

# Kinds whose paragraphs run on over several lines by the ordinary rules.
_RUN_ON_KINDS = frozenset({"body", "list", "footnote", "byline", "caption", "references"})


@dataclass(slots=True)
class _Line:
    """One content line (or a piece of one) with its links back to the input."""

    text: str
    pieces: list  # [(offset in text, 1-based input line)], offsets increasing, first is 0
    measure: float = 0.0
    indent: int = 0
    gap: int = 0  # blank lines since the previous content line
    page_break: bool = False  # furniture or a form feed since the previous content line
    jump: bool = False  # text of the other language was taken out just before this line
    debris: bool = False  # no text at all: border rules, stray marks
    after_head: bool = False  # a running head or foot was dropped just before this line

    @property
    def number(self) -> int:
        return self.pieces[0][1]


@dataclass
class _Block:
    kind: str
    lines: list = field(default_factory=list)


def _measure(text: str, lang: str) -> float:
    """Width of a line: display columns for Chinese, characters for English."""
    if lang == "zh":
        # Wide characters (Han, full-width punctuation) take 3 UTF-8 bytes, ASCII one:
        # counting bytes is a C-speed stand-in for per-character width lookups.
        return len(text) + (len(text.encode("utf-8")) - len(text)) / 2
    return len(text)


def _densest_width(values: list[float]) -> tuple[float, int]:
    """(median, size) of the largest group of values within ±8% of one another's centre.

    Run-on lines of wrapped text share the column width; headings, titles and
    labels that also lack final punctuation scatter around it.
    """
    ordered = sorted(values)
    best_start = best_end = low = 0
    for high, value in enumerate(ordered):  # window [low, high] around ordered[high]
        while ordered[low] < value * (1 - 2 * _CLUSTER_TOLERANCE):
            low += 1
        if high + 1 - low >= best_end - best_start:  # ties: the wider lines win
            best_start, best_end = low, high + 1
    cluster = ordered[best_start:best_end]
    return (cluster[len(cluster) // 2], len(cluster)) if cluster else (0.0, 0)


def _quantile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[int(fraction * (len(ordered) - 1))]


def _slice(line: _Line, start: int, end: int | None = None) -> _Line:
    """Part of a line (stripped), keeping the map to input lines and the physical width."""
    end = len(line.text) if end is None else end
    raw = line.text[start:end]
    begin = start + len(raw) - len(raw.lstrip())
    text = raw.strip()
    first = line.pieces[0][1]
    rest = []
    for offset, number in line.pieces:
        if offset <= begin:
            first = number
        elif offset < begin + len(text):
            rest.append((offset - begin, number))
    return _Line(text, [(0, first), *rest], line.measure, line.indent, line.gap,
                 line.page_break, line.jump, line.debris, line.after_head)


_CLOSER_SET = frozenset(_CLOSERS.replace("\\", ""))
_CLOSING_MARKS = frozenset("。！？!?.．…：:；;")


def _ends_closed(text: str) -> bool:
    """Does the line end a sentence or a clause (。 ! ? . : ; before closing quotes)?"""
    k = len(text) - 1
    while k >= 0 and text[k] in _CLOSER_SET:
        k -= 1
    return k >= 0 and text[k] in _CLOSING_MARKS


def _title_like(text: str, lang: str) -> bool:
    """Could ``text``, after an Arabic number, be a section title rather than a list
    item ("1. Collect the data from all the", "1. Data were collected in May")?  In
    English: up to 4 words, or up to 10 with most words of four letters or more
    capitalised ("Sample Selection", "Results and discussion"); in Chinese: no comma."""
    if lang == "zh":
        return "，" not in text and "," not in text
    words = text.split()
    if len(words) <= 4:
        return True
    long_words = [word for word in words if len(word) >= 4]
    return len(words) <= 10 and sum(word[0].isupper() for word in long_words) * 2 > len(long_words)


def _ends_with_function_word(text: str) -> bool:
    match = _LAST_WORD.search(text)
    return bool(match) and match.group(1).lower() in _EN_FUNCTION_WORDS


def _roman_value(token: str) -> int | None:
    if token in _UNICODE_ROMAN:
        return _UNICODE_ROMAN[token]
    if not re.search("[IVXH]", token):
        return None
    roman = token.replace("H", "II").replace("l", "I")  # OCR reads II as H, I as l
    if not _VALID_ROMAN.match(roman):
        return None
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for k, char in enumerate(roman):
        value = values[char]
        total += -value if k + 1 < len(roman) and values[roman[k + 1]] > value else value
    return total


def _han_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_HAN_NUMERALS.get(tens, 1) if tens else 1) * 10 + (_HAN_NUMERALS.get(ones, 0))
    return _HAN_NUMERALS.get(text) if len(text) == 1 else None


def _looks_like_names(text: str, lang: str) -> bool:
    """An author line: a few personal names and nothing else."""
    if lang == "zh":
        compact = re.sub("[\\s\u3000·]", "", text)
        compact = re.sub("^作者[:：]", "", compact)
        names = [name for name in re.split("[、，,；;]", compact) if name]
        return bool(names) and len(compact) <= 20 and all(
            2 <= len(name) <= 4 and all(HAN_CHAR.match(char) for char in name) for name in names)
    text = re.sub("^By\\s+", "", text)
    tokens = [token.strip(",，") for token in text.split() if token.strip(",，")]
    if not 1 <= len(tokens) <= 6 or _DIGIT.search(text) or not tokens[0][:1].isupper():
        return False
    capitalised = 0
    for token in tokens:
        if token.lower() in _EN_FUNCTION_WORDS and not (token == "and" and len(tokens) >= 3):
            return False
        if token[:1].isupper():
            capitalised += 1
        elif len(token) > 3 and token != "and":
            return False
    return capitalised * 2 >= len(tokens)


def _title_case(text: str) -> bool:
    words = [w for w in re.findall("[A-Za-z][A-Za-z'’\\-]*", text) if len(w) >= 4]
    if not words:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return text[:1].isupper() and capitalised >= 0.7 * len(words)


class _Reflow:
    """Rebuilds one language's paragraphs; one instance per call of :func:`reflow`."""

    def __init__(self, numbered: list[tuple[int, str]], lang: str, path: str):
        self.lang = lang
        self.path = path
        self.dropped: Counter = Counter()
        self.lines: list[_Line] = self._content_lines(numbered)
        self._merge_lone_numerals()
        self.special: dict[int, tuple[int, str]] = {}  # first index -> (end index, kind)
        self._find_sidebars()
        self._drop_debris()
        self._find_tables()
        self._learn_layout()
        self._drop_lone_running_heads()
        # Footnotes at the foot of a page that cut a sentence: set aside, then put after
        # the paragraph the page break cut (first index of the footnote lines).
        self.page_footnotes: set[int] = set()
        self._find_page_footnotes()
        self.blocks: list[_Block] = []
        self.heading_counters: dict[int, int] = {}
        self._dictionary: tuple[set, set] | None = None

    # --- preparing the lines -----------------------------------------------------------

    def _content_lines(self, numbered: list[tuple[int, str]]) -> list[_Line]:
        """Non-blank lines with their gaps; page numbers and running heads dropped."""
        keys = Counter()
        prepared = []
        for number, raw in numbered:
            form_feed = "\f" in raw
            if form_feed or "\v" in raw:
                raw = raw.replace("\f", " ").replace("\v", " ")
            text = raw.strip()
            key = None
            if text and len(text) <= _RUNNING_HEAD_MAX_CHARS and "，" not in text \
                    and "。" not in text:  # (cheap test first: most Chinese lines have them)
                key = _RUNNING_HEAD_KEY.sub("", text)
                if len(key) >= _RUNNING_HEAD_MIN_KEY:
                    keys[key] += 1
                else:
                    key = None
            page_number = bool(text) and len(text) <= _PAGE_NUMBER_MAX_CHARS \
                and text[0] in _PAGE_NUMBER_START and bool(_PAGE_NUMBER.match(text))
            prepared.append((number, raw, text, form_feed, key, page_number))
        at_break = self._next_to_page_numbers(prepared)
        # A head or foot that comes back at two page breaks is furniture even where the
        # document is too short for three.
        break_keys = Counter(entry[4] for entry, near in zip(prepared, at_break)
                             if near and entry[4])
        lines: list[_Line] = []
        gap = 0
        page_break = jump = after_head = False
        previous_number = None
        lang = self.lang
        for (number, raw, text, form_feed, key, page_number), near in zip(prepared, at_break):
            if previous_number is not None and number != previous_number + 1:
                jump = True
            previous_number = number
            page_break = page_break or form_feed
            if not text:
                gap += 1
                continue
            if page_number:
                self.dropped["page-number"] += 1
                page_break = True
                continue
            # A running head repeats, and neither stops mid-sentence nor ends one.
            if key and (keys[key] >= _RUNNING_HEAD_MIN_REPEATS
                        or (near and break_keys[key] >= _RUNNING_HEAD_MIN_BREAK_REPEATS)) \
                    and not _ends_closed(text) and not _MID_END.search(text):
                self.dropped["running-head"] += 1
                page_break = after_head = True
                continue
            if lines and not jump and not lines[-1].debris and _LONE_SENTENCE_END[lang].fullmatch(text) \
                    and not _ends_closed(lines[-1].text):
                before = lines[-1]
                joined = before.text + text
                lines[-1] = _Line(joined, before.pieces + [(len(before.text), number)],
                                  _measure(joined, lang), before.indent, before.gap,
                                  before.page_break, before.jump, False, before.after_head)
                gap = 0
                page_break = after_head = False
                continue
            indent = 0
            if raw[0] in " \t\u3000":
                for char in raw:
                    if char == " ":
                        indent += 1
                    elif char == "\t":
                        indent += 4
                    elif char == "\u3000":
                        indent += 2
                    else:
                        break
            lines.append(_Line(text, [(0, number)], _measure(text, lang), indent, gap,
                               page_break, jump, self._is_debris(text), after_head))
            gap = 0
            page_break = jump = after_head = False
        return lines

    @staticmethod
    def _next_to_page_numbers(prepared: list[tuple]) -> list[bool]:
        """Per line: does a page number sit right before or after it (blank lines aside),
        or does a form feed open it?"""
        count = len(prepared)
        near = [entry[3] and not entry[5] for entry in prepared]
        for order in (range(count), range(count - 1, -1, -1)):
            after_number = False  # the last non-blank line seen was a page number
            for k in order:
                text, page_number = prepared[k][2], prepared[k][5]
                if not text:
                    continue
                if after_number and not page_number:
                    near[k] = True
                after_number = page_number
        return near

    def _is_debris(self, text: str) -> bool:
        """No text of its own: border rules, stray marks (in Chinese, a lone Latin letter)."""
        if self.lang == "zh" and not HAN_CHAR.search(text) and not _DIGIT.search(text):
            return len(_LATIN_LETTER.findall(text)) <= 1
        return not _TEXT_CHAR.search(text)

    def _merge_lone_numerals(self) -> None:
        """OCR puts a large section numeral alone on a line: "一" / "、推动..." -> one line."""
        lone, after = _LONE_NUMERAL[self.lang], _AFTER_LONE_NUMERAL[self.lang]
        merged: list[_Line] = []
        skip = False
        for k, line in enumerate(self.lines):
            if skip:
                skip = False
                continue
            following = self.lines[k + 1] if k + 1 < len(self.lines) else None
            if (following is not None and lone.match(line.text) and after.match(following.text)
                    and not following.jump):
                shift = len(line.text)
                line = _Line(line.text + following.text,
                             line.pieces + [(offset + shift, number)
                                            for offset, number in following.pieces],
                             _measure(line.text + following.text, self.lang), line.indent,
                             line.gap, line.page_break, line.jump, after_head=line.after_head)
                skip = True
            merged.append(line)
        self.lines = merged

    # --- boxes and tables --------------------------------------------------------------

    def _frame_marks(self, text: str) -> tuple[bool, bool]:
        """(framed, box-drawn): does the line sit inside a box border?"""
        first = text[0]
        if first not in _FRAME_HEAD_SET and not (self.lang == "zh" and first.isascii()
                                                 and first.isalpha()):
            return False, False
        box_drawn = bool(_BOX_CHAR.match(text) and _BOX_CHAR.search(text[-1]))
        head = _FRAME_HEAD[self.lang].match(text)
        bad_start = bool(head) and head.end() > 0
        bad_end = bool(_STRONG_TAIL[self.lang].search(text)) or (
            self.lang == "zh" and bool(_WEAK_TAIL.search(text)))
        return box_drawn or (bad_start and bad_end), box_drawn

    def _find_sidebars(self) -> None:
        """Runs of framed lines (and border debris) become one sidebar or news block."""
        lines = self.lines
        marks = [self._frame_marks(line.text) if not line.debris else (False, False)
                 for line in lines]
        k = 0
        while k < len(lines):
            if not marks[k][0] or lines[k].debris:
                k += 1
                continue
            start = k
            while start > 0 and lines[start - 1].debris and not lines[start].jump:
                start -= 1
            end = k
            framed = box_drawn = 0
            j = k
            while j < len(lines) and (j == k or not lines[j].jump):
                if marks[j][0]:
                    framed += 1
                    box_drawn += marks[j][1]
                    end = j + 1
                elif lines[j].debris:
                    end = j + 1
                elif not (j + 1 < len(lines) and marks[j + 1][0] and not lines[j + 1].jump):
                    break  # one unframed line is tolerated only between framed ones
                j += 1
            border = any(_BOX_CHAR.search(lines[m].text) for m in range(start, end)
                         if lines[m].debris)
            if framed >= _SIDEBAR_MIN_FRAMED or (framed and (box_drawn or border)):
                text = " ".join(lines[m].text for m in range(start, end) if not lines[m].debris)
                news = len(_DATE_MENTION.findall(text)) >= 2 or bool(_NEWS_HINT.search(text))
                self.special[start] = (end, "news" if news else "sidebar")
                k = end
            else:
                k += 1

    def _drop_debris(self) -> None:
        """Stray marks outside boxes carry nothing; they count as blank lines."""
        dropped = set()
        inside_until = -1
        for k, line in enumerate(self.lines):
            if k in self.special:
                inside_until = self.special[k][0]
            if line.debris and k >= inside_until:
                dropped.add(k)
        self._remove_lines(dropped)

    def _remove_lines(self, dropped: set[int]) -> None:
        """Take out the lines at ``dropped`` (none inside a box or table): each counts as
        a blank line before the next kept line, which inherits its jump and page break."""
        if not dropped:
            return
        kept: list[_Line] = []
        special: dict[int, tuple[int, str]] = {}
        carried_gap = 0
        carried_jump = carried_break = carried_head = False
        index_map: dict[int, int] = {}
        for k, line in enumerate(self.lines):
            if k in dropped:
                carried_gap += line.gap + 1
                carried_jump = carried_jump or line.jump
                carried_break = carried_break or line.page_break
                carried_head = carried_head or line.after_head
                continue
            if carried_gap or carried_jump or carried_break or carried_head:
                line.gap += carried_gap
                line.jump = line.jump or carried_jump
                line.page_break = line.page_break or carried_break
                line.after_head = line.after_head or carried_head
                carried_gap, carried_jump, carried_break, carried_head = 0, False, False, False
            index_map[k] = len(kept)
            kept.append(line)
        for start, (end, kind) in self.special.items():
            special[index_map[start]] = (index_map[end - 1] + 1, kind)
        self.lines, self.special = kept, special

    def _drop_lone_running_heads(self) -> None:
        """Drop a page's running head or foot that does not repeat often enough to be
        learnt (a short document spans two or three pages): a short line without
        sentence punctuation, set off by blank lines at a page break, inside a sentence
        that the page break cut.  A heading or the tail of a paragraph cannot sit
        inside a sentence."""
        if self.unwrapped:
            return
        lines = self.lines
        dropped = set()
        ordinary = self._ordinary_lines()
        for before, k, after in zip(ordinary, ordinary[1:], ordinary[2:]):
            previous, line, following = lines[before], lines[k], lines[after]
            if before in dropped or after != k + 1 or before != k - 1:
                continue
            if line.jump or following.jump or line.after_head or following.after_head:
                continue  # (a page break whose furniture is known has no more)
            # A blank line parts it from the text on the far side of the page number.
            if not ((line.page_break and following.gap >= 1 and not following.page_break)
                    or (following.page_break and line.gap >= 1 and not line.page_break)):
                continue
            text = line.text
            if (len(text) > _RUNNING_HEAD_MAX_CHARS or line.measure >= self.short_width
                    or _ends_closed(text) or _MID_END.search(text)
                    or _CLAUSE_MARK.search(text)):
                continue
            if (_CAPTION_LINE.match(text) or self._heading_marker(text) or self._always_new(text)
                    or self._starts_block(text)):
                continue  # a heading, caption or table note set between the halves: keep it
            cut_sentence = not _ends_closed(previous.text) and (
                previous.measure >= self.short_width or bool(_MID_END.search(previous.text)))
            if not cut_sentence or self._always_new(following.text) \
                    or self._starts_block(following.text) or self._heading_marker(following.text):
                continue
            if self.lang == "en" and not (_LOWER_START.match(following.text)
                                          or _ends_with_function_word(previous.text)
                                          or _MID_END.search(previous.text)):
                continue
            dropped.add(k)
            self.dropped["running-head"] += 1
        self._remove_lines(dropped)

    def _find_page_footnotes(self) -> None:
        """Footnotes printed at the foot of a page whose last sentence runs on to the
        next: one or more lines opening with a note mark (①, ¹) between a line that
        stops mid-sentence and the page break.  They become a footnote block of their
        own, and the walk lets the paragraph run on across them."""
        lines = self.lines
        k = 1
        while k < len(lines):
            if k in self.special or not _FOOTNOTE_MARK.match(lines[k].text) \
                    or lines[k].page_break or lines[k].jump:
                k += 1
                continue
            end = k + 1  # the notes run to the page break
            while end < len(lines) and end - k < _PAGE_FOOTNOTE_MAX_LINES and not (
                    lines[end].page_break or lines[end].after_head or lines[end].jump
                    or end in self.special):
                end += 1
            previous = lines[k - 1]
            # a note, not a list item that wrapped onto the page's last lines: it ends
            # its sentence and its mark stands in the text above (进展①。)
            referenced = any(lines[k].text[0] in lines[m].text for m in range(max(0, k - 30), k))
            if (referenced and _ends_closed(lines[end - 1].text)
                    and end < len(lines) and (lines[end].page_break or lines[end].after_head)
                    and not lines[end].jump and end not in self.special
                    and not any(m in self.special for m in range(k, end))
                    and not _ends_closed(previous.text) and not self._heading_marker(previous.text)
                    and not self._always_new(lines[end].text)
                    and not self._heading_marker(lines[end].text)):
                self.special[k] = (end, "footnote")
                self.page_footnotes.add(k)
                k = end
            else:
                k += 1

    def _is_table_row(self, text: str) -> bool:
        if "  " not in text and "\t" not in text and "\u3000" not in text:
            return False
        cells = [cell for cell in _TABLE_CELL_SPLIT.split(text) if cell.strip()]
        if len(cells) < 3:
            return False
        return sum(1 for cell in cells if _NUMERIC_CELL.fullmatch(cell.strip())) >= 2

    def _find_tables(self) -> None:
        """Two or more rows of numeric columns make a table; a caption above stays one."""
        lines = self.lines
        k = 0
        ordinary_from = 0  # first index after the last special block
        while k < len(lines):
            if k in self.special:
                k = ordinary_from = self.special[k][0]
                continue
            end = k
            while (end < len(lines) and end not in self.special
                   and self._is_table_row(lines[end].text) and (end == k or not lines[end].jump)):
                end += 1
            if end - k < 2:
                k += 1
                continue
            if k - 1 >= ordinary_from and _CAPTION_LINE.match(lines[k - 1].text):
                self.special[k - 1] = (k, "caption")
            self.special[k] = (end, "table")
            k = ordinary_from = end

    # --- the file's layout ----------------------------------------------------------------

    def _ordinary_lines(self) -> list[int]:
        """Indexes of the lines outside boxes and tables."""
        indexes = []
        k = 0
        while k < len(self.lines):
            if k in self.special:
                k = self.special[k][0]
                continue
            indexes.append(k)
            k += 1
        return indexes

    def _learn_layout(self) -> None:
        """Learn the file's full line width, first-line indent, blank-line habit and margin."""
        lines = self.lines
        ordinary = self._ordinary_lines()
        pairs = [(a, b) for a, b in zip(ordinary, ordinary[1:]) if not lines[b].jump]
        wrap = [a for a, _ in pairs if not _ends_closed(lines[a].text)]
        wrap_set = set(wrap)  # (lines that stop unpunctuated: the run-on candidates)
        self.longest = max((lines[k].measure for k in ordinary), default=0.0)
        self.full_width = self.short_width = self.first_short_width = 0.0
        self.unwrapped = True
        if len(wrap) >= _MIN_WRAP_LINES and len(wrap) >= _MIN_WRAP_SHARE * len(ordinary):
            width, near = _densest_width([lines[k].measure for k in wrap])
            # With only a few run-on lines, a title and a keyword line can look alike:
            # then wrapped text must also have few lines much wider than that width.
            # (Many run-on lines decide it: journals set the abstract wider than the
            # columns of the body.)
            wider = sum(1 for k in ordinary if lines[k].measure > _WIDER_RATIO * width)
            if width > 0 and near >= _MIN_WRAP_LINES and near >= _MIN_CLUSTER_SHARE * len(wrap) \
                    and (near >= _CONFIDENT_WRAP_LINES
                         or wider <= _MAX_WIDER_SHARE * len(ordinary)):
                self.full_width = width
                self.unwrapped = False
        if not self.unwrapped:
            width = self.full_width
            # Lines right after a clear paragraph end are first lines, maybe indented.
            first_lines = {b for a, b in pairs
                           if _ends_closed(lines[a].text) and lines[a].measure < 0.75 * width}
            # (Headings and titles are not full lines: only the band around the width counts.)
            inner = [lines[k].measure for k in wrap if k not in first_lines
                     and 0.8 * width <= lines[k].measure <= 1.25 * width] or [width]
            # Justified text has a tight spread of full widths, ragged text a wide one.
            spread = _quantile(inner, 0.5) - _quantile(inner, 0.1)
            self.short_width = max(_MIN_SHORT_RATIO * width,
                                   min(_SHORT_RATIO * width, width - _SPREAD_FACTOR * spread))
            self.first_short_width = self.short_width
            firsts = [lines[k].measure for k in first_lines if lines[k].measure >= 0.75 * width]
            if len(firsts) >= _MIN_INDENT_SAMPLES:
                first_width = _quantile(firsts, 0.5)
                consistent = sum(1 for value in firsts if abs(value - first_width)
                                 <= _MIN_INDENT_SHARE * width)
                if (width - first_width >= _MIN_INDENT_SHARE * width
                        and consistent >= _INDENT_AGREEMENT * len(firsts)):
                    self.first_short_width = self.short_width * first_width / width
        gaps = Counter(lines[k].gap for k in ordinary[1:]
                       if not lines[k].jump and not lines[k].page_break)
        if sum(gaps.values()) >= _MIN_GAP_SAMPLES:
            self.usual_gap = min(gaps, key=lambda gap: (-gaps[gap], gap))
        else:
            self.usual_gap = 0
        # The margin is the indent of lines that carry on a wrapped sentence: where most
        # paragraphs are one or two lines (dialogue, short news items), indented first
        # lines outnumber the others and the commonest indent of all lines is theirs.
        carried = Counter(lines[b].indent for a, b in pairs
                          if a in wrap_set and lines[a].measure >= self.short_width)
        indents = carried if sum(carried.values()) >= _MIN_MARGIN_SAMPLES else Counter(
            lines[k].indent for k in ordinary)
        self.margin = min(indents, key=lambda indent: (-indents[indent], indent)) if indents else 0
        # Does the file mark its paragraphs, with blank lines or first-line indents?
        blank_marks = sum(1 for _, b in pairs
                          if lines[b].gap > self.usual_gap and not lines[b].page_break)
        indent_marks = sum(1 for a, b in pairs if _ends_closed(lines[a].text)
                           and self._indented(lines[b]))
        self.marked_paragraphs = (self.usual_gap == 0 and blank_marks >= 2) or indent_marks >= 2

    # --- deciding where paragraphs end ---------------------------------------------------

    def _indented(self, line: _Line) -> bool:
        return line.indent >= self.margin + 2

    def _starts_block(self, text: str, enumerators: bool = True) -> bool:
        """A line that opens a new unit when the previous line ended a sentence.

        "Firstly," / 一是 at a line start after a sentence end usually opens a
        paragraph; ``enumerators=False`` leaves them out where the file marks its
        paragraphs itself (blank lines, indents) and no guessing is needed.
        """
        if self.lang == "zh":
            if (enumerators and _ZH_ENUMERATOR.match(text)) or _ZH_HEADING.match(text):
                return True
        elif (enumerators and _EN_ENUMERATOR.match(text)) or _EN_ROMAN_HEADING.match(text):
            return True
        return bool(_SOFT_LABEL.match(text) or _BULLET.match(text) or _DATE_LINE.match(text)
                    or _BYLINE_LINE.match(text) or _CAPTION_LINE.match(text)
                    or _FOOTNOTE_MARK.match(text))

    @staticmethod
    def _always_new(text: str) -> bool:
        return bool(_ALWAYS_NEW.match(text))

    def _restarts_after_loss(self, line: _Line) -> bool:
        """Does a numbered point open ``line`` although the line above stopped unpunctuated?

        "Firstly," or 一是 begins a sentence, so the text above lost its end (at a
        column break, as OCR often does); the point opens a new paragraph, as the
        points after it do.  一是 may also be the tail of 统一 wrapped as 统 / 一是,
        so in Chinese a break in the blank-line pattern must confirm it.
        """
        if self.lang == "en":
            return bool(_EN_POINT.match(line.text))
        at_break = line.page_break or line.gap != self.usual_gap
        return at_break and bool(_ZH_POINT.match(line.text))

    def _marked_start(self, previous: _Line, line: _Line, previous_is_first: bool) -> bool:
        """Does the layout say a new paragraph starts at ``line``, whatever its first letter?

        A first-line indent where the file marks paragraphs so, or a short line and then
        a blank line (not one a page break left): transcripts and lists start
        paragraphs in lower case ("and then ...").
        """
        if self.unwrapped or line.page_break:
            return False
        if self.marked_paragraphs and self._indented(line):
            return True
        short = previous.measure < (self.first_short_width if previous_is_first
                                    else self.short_width)
        return short and (line.gap > self.usual_gap or (self.usual_gap == 0 and line.gap >= 1))

    def _continues(self, previous: _Line, line: _Line, previous_is_first: bool) -> bool:
        """Does ``line`` continue the paragraph whose last line is ``previous``?"""
        if line.jump or self._always_new(line.text):
            return False
        before, text = previous.text, line.text
        if self.lang == "en" and _LOWER_START.match(text) \
                and not self._marked_start(previous, line, previous_is_first):
            return True  # a paragraph rarely starts in lower case: page break or wrap
        if _MID_END.search(before):
            return True
        if not _ends_closed(before) and self._restarts_after_loss(line):
            return False
        if self.unwrapped:
            # Too few or too uneven lines to learn a width: a blank line or a sentence
            # end closes the paragraph; a line as long as the longest ones runs on.
            if (line.gap >= 1 and not line.page_break) or _ends_closed(before):
                return False
            return ((self.lang == "en" and _ends_with_function_word(before))
                    or previous.measure >= _UNWRAPPED_RUN_ON_RATIO * self.longest)
        short = previous.measure < (self.first_short_width if previous_is_first
                                    else self.short_width)
        clear_gap = self.usual_gap == 0 and line.gap >= 1 and not line.page_break
        wide_gap = line.gap > self.usual_gap and not line.page_break
        if _ends_closed(before):
            if short or wide_gap or clear_gap:
                return False
            return not (self._indented(line)
                        or self._starts_block(text, enumerators=not self.marked_paragraphs))
        if clear_gap:
            return False
        if self.marked_paragraphs:  # no blank line or indent here: the paragraph goes on
            return not self._indented(line)
        if short:  # ... unless it stopped at a word that cannot end a sentence
            return (self.lang == "en" and _ends_with_function_word(before) and not wide_gap
                    and not self._indented(line))
        return True  # a full line without an ending: the sentence runs on (page break or wrap)

    # --- headings -----------------------------------------------------------------------

    def _heading_marker(self, text: str) -> tuple[int, int, int] | None:
        """(level, number, end of marker) when ``text`` opens with a section number."""
        if self.lang == "zh":
            match = _ZH_HEADING.match(text)
            if match:
                if _ZH_NUMBER_WORD.match(text[match.end():]):
                    return None
                for level, group in ((1, "n1"), (2, "n2"), (0, "n0")):
                    if match.group(group):
                        value = _han_number(match.group(group))
                        return (level, value, match.end()) if value else None
        else:
            match = _EN_ROMAN_HEADING.match(text)
            if match:
                value = _roman_value(match.group("roman"))
                return (1, value, match.end()) if value else None
            match = _EN_NAMED_HEADING.match(text)
            if match and not _ends_closed(text):
                return (0, 0, 0)
        match = _ARABIC_HEADING.match(text)
        if match and not _ends_closed(text) and _title_like(text[match.end():], self.lang) and (
                self.unwrapped or _measure(text, self.lang) < 0.75 * self.full_width):
            # the marker ends after "1." / "1.2": the heading's own sentence starts there
            return (3, int(match.group("n")), match.end())
        return None

    def _heading_split(self, text: str, start: int) -> int | None:
        """Where the heading's own sentence ends inside ``text`` (index after the mark)."""
        pattern = _ZH_HEADING_SPLIT if self.lang == "zh" else _EN_HEADING_SPLIT
        for match in pattern.finditer(text, start):
            if match.group() in ".!?":
                word = re.search("([A-Za-z.]+)$", text[:match.start()])
                if word and (len(word.group(1)) < 2 or "." in word.group(1)
                             or word.group(1).lower() in _ABBREVIATIONS):
                    continue
            return match.end()
        return None

    def _heading_size_ok(self, text: str) -> bool:
        if self.lang == "zh":
            return len(text) <= _ZH_HEADING_MAX_CHARS
        return len(text.split()) <= _EN_HEADING_MAX_WORDS

    def _try_heading(self, k: int) -> int | None:
        """Emit a heading starting at line ``k``; return the next line index, or None."""
        first = self.lines[k]
        marker = self._heading_marker(first.text)
        if marker is None:
            return None
        level, value, marker_end = marker
        if value and value > self.heading_counters.get(level, 0) + 2:
            return None  # "V. Putin said" is not section five of nothing
        taken = [first]
        split_at = self._heading_split(first.text, marker_end)
        while split_at is None and len(taken) < _HEADING_MAX_LINES:
            following_index = k + len(taken)
            if following_index >= len(self.lines) or following_index in self.special:
                break
            current, following = taken[-1], self.lines[following_index]
            if following.jump or self._always_new(following.text) \
                    or self._heading_marker(following.text):
                break
            marker_only = len(taken) == 1 and marker_end >= len(first.text)
            # A long heading line wraps: onto a lower-case line, or onto a short
            # unpunctuated tail ("…的责" / "任").
            wraps = (self.lang == "en" and _LOWER_START.match(following.text)) or (
                not self.unwrapped and not _ends_closed(current.text)
                and current.measure >= _HEADING_LONG_RATIO * self.full_width
                and following.measure < _HEADING_TAIL_RATIO * self.full_width
                and not _ends_closed(following.text))
            if not (marker_only or wraps):
                break
            taken.append(following)
            split_at = self._heading_split(following.text, 0)
            if not marker_only and not (self.lang == "en" and _LOWER_START.match(following.text)):
                break  # a short tail line ends the heading
        remainder = None
        if split_at is not None and split_at < len(taken[-1].text) \
                and _TEXT_CHAR.search(taken[-1].text[split_at:]):
            remainder = _slice(taken[-1], split_at)
            taken[-1] = _slice(taken[-1], 0, split_at)
        heading_text = "".join(line.text for line in taken)[marker_end:]
        if not self._heading_size_ok(heading_text):
            return None
        if value:
            self.heading_counters[level] = value
            for deeper in [lvl for lvl in self.heading_counters if lvl > level]:
                self.heading_counters[deeper] = 0
        self.blocks.append(_Block("heading", taken))
        last = k + len(taken) - 1
        if remainder is not None:
            self.lines[last] = remainder  # the run-in text starts the next paragraph
            return last
        return last + 1

    # --- the top of the document ------------------------------------------------------------

    def _title_sized(self, line: _Line) -> bool:
        """Could this line be (part of) a title: short, unpunctuated, title-like?"""
        text = line.text
        if _TERMINAL_END.search(text) and not re.search("[?？!！][”\"’']?$", text):
            return False
        if _MID_END.search(text) or _SOFT_END.search(text):
            return False
        limit = _TITLE_RATIO[self.lang] * self.full_width
        if self.lang == "zh":
            if "。" in text or "，" in text or len(HAN_CHAR.findall(text)) < 2:
                return False
            return line.measure <= (80 if self.unwrapped else limit)
        if len(text.split()) > 25:
            return False
        return _title_case(text) or (not self.unwrapped and line.measure < limit)

    def _title_block(self) -> int:
        """Emit the title and author lines at the very top; return the first body line."""
        taken = []
        k = 0
        while k < len(self.lines) and len(taken) < 5:
            line = self.lines[k]
            if k in self.special or (taken and line.jump):
                break
            if (len(taken) >= 2 and self._affiliation(line.text)
                    and _looks_like_names(taken[-1].text, self.lang)):
                taken.append(line)  # "(University of ..., City)" under the author names
                k += 1
                break
            if (self._always_new(line.text) or self._heading_marker(line.text)
                    or self._starts_block(line.text) or not self._title_sized(line)):
                break
            if taken and self.lang == "en" and not _LOWER_START.match(line.text) \
                    and line.gap > max(self.usual_gap, 1) + 1:
                break
            taken.append(line)
            k += 1
        if not taken or k >= len(self.lines) or (
                k not in self.special and self._continues(taken[-1], self.lines[k], True)):
            return 0  # nothing follows, or the "title" is the start of a paragraph
        byline = []
        if len(taken) >= 2 and self._affiliation(taken[-1].text) \
                and _looks_like_names(taken[-2].text, self.lang) and len(taken) >= 3:
            byline = taken[-2:]
        elif len(taken) >= 2 and _looks_like_names(taken[-1].text, self.lang):
            byline = taken[-1:]
        title = taken[:len(taken) - len(byline)]
        self.blocks.append(_Block("title", title))
        if byline:
            self.blocks.append(_Block("byline", byline))
        return k

    @staticmethod
    def _affiliation(text: str) -> bool:
        return bool(re.fullmatch("[(（].*[)）]", text))

    # --- the walk -------------------------------------------------------------------------

    def _references_start(self, begin: int) -> tuple[int, str] | None:
        """(index, kind) of the 参考文献/References (or notes) heading, if there is one."""
        for k in range(begin, len(self.lines)):
            text = self.lines[k].text
            if len(text) > _SECTION_NAME_MAX_CHARS or k in self.special:
                continue
            if _REFERENCES_HEADING.fullmatch(text):
                return k, "references"
            if _NOTES_HEADING.fullmatch(text):
                return k, "footnote"
        return None

    def _open_kind(self, text: str) -> str:
        """The kind of a paragraph that starts with ``text`` (headings are tried later)."""
        if _BYLINE_LINE.match(text):
            return "byline"
        if _NOTE_LABEL.match(text) or (_FOOTNOTE_MARK.match(text) and _CITATION_HINT.search(text)):
            return "footnote"
        if _CAPTION_LINE.match(text) and not _ends_closed(text):
            return "caption"
        if _BULLET.match(text):
            return "list"
        return "body"

    def _walk(self) -> None:
        """Cut the lines into blocks: title, boxes, headings, paragraphs, references."""
        k = self._title_block()
        references = self._references_start(k)
        current: _Block | None = None

        notes_after: list[_Block] = []  # page footnotes, placed after the paragraph they cut

        def close() -> None:
            nonlocal current
            if current is not None:
                self.blocks.append(current)
                current = None
            self.blocks.extend(notes_after)
            notes_after.clear()

        while k < len(self.lines):
            if k in self.page_footnotes and current is not None and current.kind in _RUN_ON_KINDS:
                end, kind = self.special[k]
                notes_after.append(_Block(kind, self.lines[k:end]))
                k = end
                continue
            if k in self.special:
                close()
                end, kind = self.special[k]
                self.blocks.append(_Block(kind, self.lines[k:end]))
                k = end
                continue
            line = self.lines[k]
            in_references = references is not None and k >= references[0]
            if current is not None and current.kind in _RUN_ON_KINDS:
                previous = current.lines[-1]
                unbalanced = current.kind == "byline" and self._open_parenthesis(current)
                if unbalanced or (self._continues(previous, line, len(current.lines) == 1)
                                  and not (in_references and _REFERENCE_ENTRY.match(line.text))):
                    current.lines.append(line)
                    k += 1
                    continue
            close()
            text = line.text
            if _DATE_LINE.match(text) and len(text) <= 120:
                self.blocks.append(_Block("date", [line]))
                k += 1
                continue
            if _METADATA_LINE.match(text):
                self.blocks.append(_Block("other", [line]))
                k += 1
                continue
            if in_references:
                kind = "byline" if _BYLINE_LINE.match(text) else references[1]
                current = _Block(kind, [line])
                k += 1
                continue
            kind = self._open_kind(text)
            if kind == "body":
                following = self._try_heading(k)
                if following is not None:
                    k = following
                    continue
                if _SECTION_NAME.fullmatch(text):
                    self.blocks.append(_Block("heading", [line]))
                    k += 1
                    continue
            current = _Block(kind, [line])
            k += 1
        close()

    # --- joining lines into paragraph text ---------------------------------------------------

    @staticmethod
    def _open_parenthesis(block: _Block) -> bool:
        text = "".join(line.text for line in block.lines)
        return text.count("(") + text.count("（") > text.count(")") + text.count("）")

    def _english_words(self) -> tuple[set, set]:
        """(words, hyphenated compounds) of the document, as lower-case ASCII bytes."""
        if self._dictionary is None:
            data = "\n".join(line.text for line in self.lines).lower().encode("ascii", "replace")
            tokens = set(data.translate(_WORD_BYTES).split())  # bytes: C speed on megabytes
            hyphenated = {token for token in tokens if b"-" in token}
            words = tokens.union(*(token.split(b"-") for token in hyphenated))
            self._dictionary = (words, hyphenated)
        return self._dictionary

    def _keep_hyphen(self, left: str, right: str) -> bool:
        """Is "left-" + "right" a hyphenated compound rather than one word split in two?"""
        left, right = left.lower(), right.lower()
        words, hyphenated = self._english_words()
        if (left + right).encode() in words:
            return False
        if f"{left}-{right}".encode() in hyphenated:
            return True
        return left in _KEEP_HYPHEN_PREFIXES

    def _joint(self, left: str, right: str, kind: str) -> tuple[str, int]:
        """(separator, characters to drop from the end of ``left``) between two lines.

        ``left`` is the previous line (not the whole paragraph so far): the tests
        here only look at its last word.
        """
        last, first = left[-1], right[0]
        if last == "\u00ad":
            return "", 1
        if last == "-":
            split = _HYPHEN_SPLIT.search(left)
            following = _FIRST_WORD.match(right)
            if split and following and split.group(1)[-1].islower():
                return ("", 0) if self._keep_hyphen(split.group(1), following.group(1)) else ("", 1)
            return "", 0
        if last in "‐‑–—/":
            return "", 0
        if kind == "table":
            return " ", 0
        ascii_pair = last.isascii() and last.isalnum() and first.isascii() and first.isalnum()
        if self.lang == "zh" or _is_wide(last) and _is_wide(first):
            return (" ", 0) if ascii_pair else ("", 0)
        return " ", 0

    def _paragraph(self, index: int, block: _Block) -> Paragraph:
        """Join a block's lines into one Paragraph with its line map."""
        lines = block.lines
        if block.kind in ("sidebar", "news"):
            lines = [self._unframed(line) for line in lines if not line.debris]
            lines = [line for line in lines if line.text] or block.lines[:1]
        parts: list[str] = []
        length = 0
        line_map: list[tuple[int, int]] = []
        for line in lines:
            if parts:
                separator, drop = self._joint(parts[-1], line.text, block.kind)
                if drop:
                    parts[-1] = parts[-1][:len(parts[-1]) - drop]
                    length -= drop
                if separator:
                    parts.append(separator)
                    length += len(separator)
            for offset, number in line.pieces:
                if not line_map or line_map[-1][1] != number:
                    line_map.append((length + offset, number))
            parts.append(line.text)
            length += len(line.text)
        return Paragraph(index, "".join(parts), block.kind,
                         tuple(line_map) or ((0, block.lines[0].number),))

    def _unframed(self, line: _Line) -> _Line:
        """A box line without its border marks."""
        start, end = 0, len(line.text)
        for _ in range(_FRAME_STRIP_ROUNDS):
            match = _FRAME_HEAD[self.lang].match(line.text, start, end)
            if not match or match.end() == start:
                break
            start = match.end()
        for _ in range(_FRAME_STRIP_ROUNDS):
            match = _FRAME_TAIL[self.lang].search(line.text, start, end)
            if not match or match.start() == end:
                break
            end = match.start()
        return _slice(line, start, end)

    def document(self) -> Document:
        self._walk()
        paragraphs = [self._paragraph(index, block) for index, block in enumerate(self.blocks)]
        return Document(self.path, self.lang, paragraphs,
                        {name: count for name, count in sorted(self.dropped.items()) if count})


def reflow(lines: list[tuple[int, str]], lang: str, path: str) -> Document:
    """Rebuild the paragraphs of one language from its (1-based line number, text) lines."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    return _Reflow(lines, lang, path).document()
