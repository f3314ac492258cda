"""Pre-aligned exchange formats: TMX, XLIFF 1.2 and 2.0, PO and CSV, plus the other
bilingual formats of translate-toolkit with the optional ``cat`` extra.

Every translation unit becomes one Paragraph of kind "unit" on each side: its index is
its 0-based position in the file and ``unit_id`` is the file's own id (TMX tuid, XLIFF
id, PO msgctxt/msgid).  XML goes through defusedxml's SAX parser, which refuses entity
declarations and external references (billion laughs, XXE); its locator gives the real
input line of every piece of text, so findings point at the unit's line in the file.

Direction: tqc checks Chinese -> English.  The languages come from the file (TMX
srclang, XLIFF source/target language, PO Language header, CSV header), else from
``--source-lang``/``--target-lang``, else from the scripts of the text.  An
English-source file is refused unless ``swap`` is given, which checks it with the
Chinese as source.
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from typing import Callable, Iterator

from .errors import InputError
from .model import Document, Paragraph
from .reading import STDIN, Bitext, decode, read_bytes
from .script import HAN_CHAR

__all__ = ["EXCHANGE_EXTENSIONS", "TOOLKIT_EXTENSIONS", "ExchangeBitext", "is_exchange_file",
           "read_exchange_file", "normalise_language", "ignore_markers"]

EXCHANGE_EXTENSIONS = (".tmx", ".xlf", ".xliff", ".sdlxliff", ".po", ".csv")
# Bilingual formats read through translate-toolkit (GPL) when the ``cat`` extra is installed.
TOOLKIT_EXTENSIONS = (".ts", ".qph", ".mo", ".gmo", ".utx")

_XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
_XLIFF2_NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
# Inline elements whose content is native markup, not text (TMX 1.4, XLIFF 1.2).
_TMX_CODE_ELEMENTS = frozenset({"bpt", "ept", "it", "ph", "ut"})
_XLIFF1_CODE_ELEMENTS = frozenset({"bpt", "ept", "it", "ph"})
_XLIFF2_CODE_ELEMENTS = frozenset({"sc", "ec", "ph", "sm", "em"})
_IGNORE_MARKER = re.compile(r"tqc:\s*ignore\[([^\]]*)\]", re.IGNORECASE)
_CODE_OR_PREFIX = re.compile(r"^[A-Z]{2}(\d{1,2})?$")
_LATIN = re.compile(r"[A-Za-z]")
_CHINESE_CODES = frozenset({"zh", "cmn", "zho", "chi", "yue", "wuu", "hak", "nan"})
_ENGLISH_CODES = frozenset({"en", "eng"})
_SCRIPT_SAMPLE_UNITS = 500
_MAX_XML_DEPTH = 500


# --- results ---------------------------------------------------------------------


@dataclass
class ExchangeBitext(Bitext):
    """A Bitext read from an exchange format, with what the file itself says."""

    format: str = ""
    # The file's own direction, before --swap: ("en", "zh") for an English-source TMX.
    languages: tuple[str, str] = ("zh", "en")
    # Unit index -> rule codes or prefixes from ``tqc: ignore[CODE]`` markers in its notes.
    ignored: dict[int, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class _TextRun:
    text: str
    line_map: tuple[tuple[int, int], ...]


@dataclass
class _Unit:
    unit_id: str | None
    texts: dict[str, _TextRun]  # role ("source"/"target", or a language for TMX) -> text
    notes: tuple[str, ...] = ()


def _empty_run(line: int) -> _TextRun:
    return _TextRun("", ((0, line),))


def _join_runs(runs: list[_TextRun], line: int) -> _TextRun:
    """Concatenate runs (XLIFF 2.0 segments of one unit), shifting their line maps."""
    if not runs:
        return _empty_run(line)
    text, line_map = "", []
    for run in runs:
        for offset, run_line in run.line_map:
            entry = (len(text) + offset, run_line)
            if line_map and line_map[-1][0] == entry[0]:
                line_map[-1] = entry
            elif not line_map or line_map[-1][1] != run_line:
                line_map.append(entry)
        text += run.text
    return _TextRun(text, tuple(line_map))


# --- languages and direction -------------------------------------------------------


def normalise_language(code: str | None) -> str | None:
    """'zh-CN', 'zh_Hans', 'cmn' -> 'zh'; 'en-US' -> 'en'; other codes -> their primary
    subtag; None for no code or TMX's '*all*'."""
    if not code or not code.strip() or code.strip() == "*all*":
        return None
    primary = re.split(r"[-_@.]", code.strip().lower())[0]
    if primary in _CHINESE_CODES:
        return "zh"
    if primary in _ENGLISH_CODES:
        return "en"
    return primary or None


def _complement(language: str | None) -> str | None:
    return {"zh": "en", "en": "zh"}.get(language or "")


def _script_language(texts: list[str]) -> str | None:
    han = latin = 0
    for text in texts:
        han += len(HAN_CHAR.findall(text))
        latin += len(_LATIN.findall(text))
    if not han and not latin:
        return None
    return "zh" if han * 3 >= latin else "en"  # one Han character carries about three letters


@dataclass(frozen=True)
class _LanguageOptions:
    source_lang: str | None = None
    target_lang: str | None = None
    swap: bool = False


def _direction(path: str, declared: tuple[str | None, str | None], options: _LanguageOptions,
               guess: Callable[[], tuple[str | None, str | None]]) -> tuple[tuple[str, str], bool]:
    """The file's (source, target) languages and whether to swap them for checking."""
    resolved: list[str | None] = []
    for file_code, option_code, flag in ((declared[0], options.source_lang, "--source-lang"),
                                         (declared[1], options.target_lang, "--target-lang")):
        from_file, from_option = normalise_language(file_code), normalise_language(option_code)
        if from_file and from_option and from_file != from_option:
            raise InputError(path, f"{flag} {option_code} contradicts the file, which says "
                                   f"{file_code!r}" + (" (use --swap to check it with the Chinese "
                                                       "as source)" if from_file == "en" else ""))
        resolved.append(from_file or from_option)
    source, target = resolved
    if source is None or target is None:
        guessed_source, guessed_target = guess()
        source, target = source or guessed_source, target or guessed_target
    source = source or _complement(target)
    target = target or _complement(source)
    if source is None and target is None:
        source, target = "zh", "en"  # the file says nothing: tqc's own direction
    if (source, target) == ("zh", "en"):
        if options.swap:
            raise InputError(path, "--swap: this file already translates Chinese -> English")
        return ("zh", "en"), False
    if (source, target) == ("en", "zh"):
        if not options.swap:
            raise InputError(path, "this file translates English -> Chinese (its source language "
                                   "is English); tqc checks Chinese -> English. Give --swap to "
                                   "check it with the Chinese as source")
        return ("en", "zh"), True
    raise InputError(path, f"tqc checks Chinese -> English; this file is {source or '?'} -> "
                           f"{target or '?'} (set --source-lang/--target-lang if the file is wrong)")


def _role_guess(units: list[_Unit]) -> Callable[[], tuple[str | None, str | None]]:
    def guess() -> tuple[str | None, str | None]:
        sample = units[:_SCRIPT_SAMPLE_UNITS]
        return (_script_language([unit.texts["source"].text for unit in sample]),
                _script_language([unit.texts["target"].text for unit in sample]))
    return guess


# --- inline suppression markers ----------------------------------------------------------


def ignore_markers(notes: tuple[str, ...] | list[str], path: str = "", line: int | None = None
                   ) -> tuple[str, ...]:
    """Codes or prefixes from ``tqc: ignore[TM01, NU]`` markers, in order, without repeats."""
    codes: list[str] = []
    for note in notes:
        for match in _IGNORE_MARKER.finditer(note):
            for code in (part.strip().upper() for part in match.group(1).split(",")):
                if not code:
                    continue
                if not _CODE_OR_PREFIX.match(code):
                    raise InputError(path, f"tqc: ignore[{match.group(1)}]: {code!r} is not a rule "
                                           "code or prefix (e.g. TM01 or TM)", line)
                if code not in codes:
                    codes.append(code)
    return tuple(codes)


# --- XML: defusedxml SAX into a small tree with line numbers ------------------------------


@dataclass
class _Chars:
    text: str
    line: int


@dataclass
class _Element:
    tag: str  # local name
    namespace: str | None
    attrs: dict[str, str]
    line: int
    content: list = field(default_factory=list)  # _Chars and _Element in document order

    def children(self, tag: str) -> Iterator["_Element"]:
        return (item for item in self.content if isinstance(item, _Element) and item.tag == tag)

    def child(self, tag: str) -> "_Element | None":
        return next(self.children(tag), None)

    def descendants(self, tag: str) -> Iterator["_Element"]:
        """Elements named ``tag`` below this one, in document order, not looking inside them."""
        stack = [item for item in reversed(self.content) if isinstance(item, _Element)]
        while stack:
            element = stack.pop()
            if element.tag == tag:
                yield element
            else:
                stack.extend(item for item in reversed(element.content) if isinstance(item, _Element))

    def plain_text(self) -> str:
        return "".join(item.text if isinstance(item, _Chars) else item.plain_text()
                       for item in self.content)


def _parse_xml(data: bytes, path: str) -> _Element:
    from xml.sax import SAXException, SAXParseException
    from xml.sax.handler import ContentHandler, feature_external_ges, feature_namespaces
    from xml.sax.xmlreader import InputSource

    from defusedxml import DefusedXmlException
    from defusedxml.sax import make_parser

    class TreeBuilder(ContentHandler):
        def __init__(self):
            super().__init__()
            self.root: _Element | None = None
            self.stack: list[_Element] = []
            self.locator = None

        def setDocumentLocator(self, locator):
            self.locator = locator

        def _line(self) -> int:
            return self.locator.getLineNumber() if self.locator else 1

        def startElementNS(self, name, qname, attrs):
            if len(self.stack) >= _MAX_XML_DEPTH:  # the tree is walked recursively
                raise InputError(path, f"XML nested deeper than {_MAX_XML_DEPTH} elements",
                                 self._line())
            namespace, local = name
            attributes = {(f"xml:{key[1]}" if key[0] == _XML_NAMESPACE else key[1]): value
                          for key, value in attrs.items()}
            element = _Element(local, namespace, attributes, self._line())
            if self.stack:
                self.stack[-1].content.append(element)
            else:
                self.root = element
            self.stack.append(element)

        def endElementNS(self, name, qname):
            self.stack.pop()

        def characters(self, content):
            if self.stack:
                self.stack[-1].content.append(_Chars(content, self._line()))

        def skippedEntity(self, name):
            # Declared in an external DTD, which is never read: it would vanish silently.
            raise InputError(path, f"entity &{name}; is defined in an external DTD, which tqc "
                                   "does not read", self._line())

    if not data.strip():
        raise InputError(path, "file is empty")
    parser = make_parser()
    parser.setFeature(feature_namespaces, True)
    # <!DOCTYPE tmx SYSTEM "tmx14.dtd">, as CAT tools write it, is skipped, never fetched;
    # entity declarations (XML bombs, XXE, remote DTDs) are still refused.
    parser.forbid_external = False
    parser.setFeature(feature_external_ges, False)
    handler = TreeBuilder()
    parser.setContentHandler(handler)
    source = InputSource(path)
    source.setByteStream(io.BytesIO(data))
    try:
        parser.parse(source)
    except SAXParseException as error:
        raise InputError(path, f"not well-formed XML: {error.getMessage()}",
                         error.getLineNumber()) from None
    except DefusedXmlException:
        raise InputError(path, "refused: the XML declares entities or refers to external "
                               "resources, which tqc does not read (XML bombs, XXE)") from None
    except SAXException as error:
        raise InputError(path, f"cannot parse the XML: {error.getMessage()}") from None
    if handler.root is None:
        raise InputError(path, "no XML element found")
    return handler.root


def _text_run(element: _Element | None, code_elements: frozenset[str], line: int) -> _TextRun:
    """The text of ``element`` without inline code, with a line map from the parser."""
    if element is None:
        return _empty_run(line)
    pieces: list[_Chars] = []

    def walk(node: _Element) -> None:
        for item in node.content:
            if isinstance(item, _Chars):
                pieces.append(item)
            elif item.tag == "cp" and "hex" in item.attrs:  # XLIFF 2.0 escaped code point
                try:
                    pieces.append(_Chars(chr(int(item.attrs["hex"], 16)), item.line))
                except (ValueError, OverflowError):
                    continue
            elif item.tag not in code_elements:
                walk(item)

    walk(element)
    text_parts: list[str] = []
    line_map: list[tuple[int, int]] = []
    offset = 0
    for piece in pieces:
        current = piece.line
        if not line_map or line_map[-1][1] != current:
            line_map.append((offset, current))
        for match in re.finditer("\n", piece.text):
            current += 1
            line_map.append((offset + match.end(), current))
        text_parts.append(piece.text)
        offset += len(piece.text)
    deduplicated: list[tuple[int, int]] = []
    for entry in line_map:  # one entry per offset (the last), lines in order
        if deduplicated and deduplicated[-1][0] == entry[0]:
            deduplicated[-1] = entry
        elif not deduplicated or deduplicated[-1][1] != entry[1]:
            deduplicated.append(entry)
    if not deduplicated or deduplicated[0][0] != 0:
        deduplicated.insert(0, (0, element.line))
    return _TextRun("".join(text_parts), tuple(deduplicated))


# --- TMX ----------------------------------------------------------------------------------


def _read_tmx(data: bytes, path: str, options: _LanguageOptions) -> ExchangeBitext:
    root = _parse_xml(data, path)
    if root.tag != "tmx":
        raise InputError(path, f"not a TMX file: the root element is <{root.tag}>", root.line)
    header = root.child("header")
    srclang = header.attrs.get("srclang") if header is not None else None
    body = root.child("body")
    units: list[_Unit] = []
    for tu in (body.children("tu") if body is not None else ()):
        texts: dict[str, _TextRun] = {}
        notes = [note.plain_text() for note in tu.children("note")]
        for tuv in tu.children("tuv"):
            language = normalise_language(tuv.attrs.get("xml:lang") or tuv.attrs.get("lang"))
            notes += [note.plain_text() for note in tuv.children("note")]
            if language in ("zh", "en") and language not in texts:
                texts[language] = _text_run(tuv.child("seg"), _TMX_CODE_ELEMENTS, tuv.line)
        for language in ("zh", "en"):
            texts.setdefault(language, _empty_run(tu.line))
        units.append(_Unit(tu.attrs.get("tuid"), texts, tuple(notes)))
    if not units:
        raise InputError(path, "no translation units (<tu>) found")
    for language, name in (("zh", "Chinese"), ("en", "English")):
        if not any(unit.texts[language].text.strip() for unit in units):
            raise InputError(path, f"no {name} ({language}) <tuv> found in this TMX")
    # The tuvs name their languages, so only the direction is to be found.
    declared_source = normalise_language(srclang)
    declared = (srclang, _complement(declared_source) if declared_source else None)
    languages, _ = _direction(path, declared, options, lambda: (None, None))
    return _bitext(path, "tmx", units, ("zh", "en"), languages)


# --- XLIFF ----------------------------------------------------------------------------------


def _read_xliff(data: bytes, path: str, options: _LanguageOptions) -> ExchangeBitext:
    root = _parse_xml(data, path)
    if root.tag != "xliff":
        raise InputError(path, f"not an XLIFF file: the root element is <{root.tag}>", root.line)
    version = root.attrs.get("version", "")
    if version.startswith("2") or root.namespace == _XLIFF2_NAMESPACE:
        return _read_xliff2(root, path, options)
    return _read_xliff1(root, path, options)


def _file_prefix(file_element: _Element, index: int, several: bool, key: str) -> str:
    return f"{file_element.attrs.get(key) or index}/" if several else ""


def _read_xliff1(root: _Element, path: str, options: _LanguageOptions) -> ExchangeBitext:
    files = list(root.children("file"))
    declared: tuple[str | None, str | None] | None = None
    units: list[_Unit] = []
    for file_index, file_element in enumerate(files):
        languages = (file_element.attrs.get("source-language"), file_element.attrs.get("target-language"))
        if declared is None:
            declared = languages
        elif tuple(map(normalise_language, languages)) != tuple(map(normalise_language, declared)):
            raise InputError(path, "the <file> elements of this XLIFF declare different languages; "
                                   "split it into one file per language pair", file_element.line)
        prefix = _file_prefix(file_element, file_index, len(files) > 1, "original")
        for unit in file_element.descendants("trans-unit"):
            unit_id = unit.attrs.get("id")
            units.append(_Unit(
                f"{prefix}{unit_id}" if unit_id is not None else None,
                {"source": _text_run(unit.child("source"), _XLIFF1_CODE_ELEMENTS, unit.line),
                 "target": _text_run(unit.child("target"), _XLIFF1_CODE_ELEMENTS, unit.line)},
                tuple(note.plain_text() for note in unit.children("note"))))
    if not units:
        raise InputError(path, "no translation units (<trans-unit>) found")
    languages, swapped = _direction(path, declared or (None, None), options, _role_guess(units))
    return _bitext(path, "xliff-1.2", units, _roles(swapped), languages)


def _read_xliff2(root: _Element, path: str, options: _LanguageOptions) -> ExchangeBitext:
    files = list(root.children("file"))
    units: list[_Unit] = []
    for file_index, file_element in enumerate(files):
        prefix = _file_prefix(file_element, file_index, len(files) > 1, "id")
        for unit in file_element.descendants("unit"):
            sources: list[_TextRun] = []
            targets: list[_TextRun] = []
            for part in unit.content:
                if not isinstance(part, _Element) or part.tag not in ("segment", "ignorable"):
                    continue
                source = _text_run(part.child("source"), _XLIFF2_CODE_ELEMENTS, part.line)
                target_element = part.child("target")
                if target_element is None and part.tag == "ignorable":
                    target = source  # an ignorable without target is the same in both languages
                else:
                    target = _text_run(target_element, _XLIFF2_CODE_ELEMENTS, part.line)
                sources.append(source)
                targets.append(target)
            notes = [note.plain_text() for notes in unit.children("notes")
                     for note in notes.children("note")]
            unit_id = unit.attrs.get("id")
            units.append(_Unit(f"{prefix}{unit_id}" if unit_id is not None else None,
                               {"source": _join_runs(sources, unit.line),
                                "target": _join_runs(targets, unit.line)}, tuple(notes)))
    if not units:
        raise InputError(path, "no translation units (<unit>) found")
    declared = (root.attrs.get("srcLang"), root.attrs.get("trgLang"))
    languages, swapped = _direction(path, declared, options, _role_guess(units))
    return _bitext(path, "xliff-2.0", units, _roles(swapped), languages)


# --- PO ---------------------------------------------------------------------------------------


_PO_STRING = re.compile(r'^\s*"')


def _keyword_line(lines: list[str], start: int, keyword: str) -> int:
    """1-based line of the first ``keyword`` line at or after ``start`` (1-based); a
    ``msgid ""`` followed by continuation strings points at the first of them."""
    for index in range(max(start - 1, 0), len(lines)):
        stripped = lines[index].lstrip()
        if stripped.startswith(keyword + " ") or stripped.startswith(keyword + "["):
            if stripped.rstrip().endswith('""') and index + 1 < len(lines) \
                    and _PO_STRING.match(lines[index + 1]):
                return index + 2
            return index + 1
    return max(start, 1)


def _read_po(data: bytes, path: str, options: _LanguageOptions) -> ExchangeBitext:
    import polib

    text = decode(data, path)
    try:
        catalogue = polib.pofile(text if "\n" in text else text + "\n")
    except (OSError, ValueError) as error:
        message = str(error)
        line_match = re.search(r"\(line (\d+)\)", message)
        raise InputError(path, f"not a valid PO file: {message}",
                         int(line_match.group(1)) if line_match else None) from None
    lines = text.split("\n")
    units: list[_Unit] = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        start = entry.linenum or 1
        msgid_line = _keyword_line(lines, start, "msgid")
        msgstr_line = _keyword_line(lines, msgid_line, "msgstr")
        translation = entry.msgstr
        if entry.msgid_plural and entry.msgstr_plural:
            translation = entry.msgstr_plural.get(0, "")
        notes = tuple(note for note in (entry.tcomment, entry.comment) if note)
        units.append(_Unit(entry.msgid_with_context,
                           {"source": _TextRun(entry.msgid, ((0, msgid_line),)),
                            "target": _TextRun(translation, ((0, msgstr_line),))}, notes))
    if not units:
        raise InputError(path, "no messages found")
    metadata = catalogue.metadata
    declared = (metadata.get("X-Source-Language"), metadata.get("Language"))
    languages, swapped = _direction(path, declared, options, _role_guess(units))
    return _bitext(path, "po", units, _roles(swapped), languages)


# --- CSV ----------------------------------------------------------------------------------------


_ROLE_NAMES = {"source": "source", "src": "source", "target": "target", "tgt": "target",
               "translation": "target"}
_NOTE_NAMES = frozenset({"note", "notes", "comment", "comments"})


def _csv_header(cells: list[str]) -> dict | None:
    """Column roles from a header row, or None when the first row is data."""
    names = [cell.strip().lower() for cell in cells]
    roles: dict[str, int] = {}
    languages: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in _ROLE_NAMES and _ROLE_NAMES[name] not in roles:
            roles[_ROLE_NAMES[name]] = index
        elif name == "id" and "id" not in roles:
            roles["id"] = index
        elif name in _NOTE_NAMES and "note" not in roles:
            roles["note"] = index
        elif re.fullmatch(r"[a-z]{2,3}([-_][a-z0-9]{2,8})*", name):
            language = normalise_language(name)
            if language in ("zh", "en") and language not in languages:
                languages[language] = index
    if "source" in roles and "target" in roles:
        return {**roles, "declared": (None, None)}
    if len(languages) == 2:  # language columns: the first one is the source
        first, second = sorted(languages, key=languages.get)
        return {**roles, "source": languages[first], "target": languages[second],
                "declared": (names[languages[first]], names[languages[second]])}
    return None


def _read_csv(data: bytes, path: str, options: _LanguageOptions) -> ExchangeBitext:
    text = decode(data, path).lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    columns: dict | None = None
    width = None
    units: list[_Unit] = []
    previous_end = 0
    try:
        for cells in reader:
            line = previous_end + 1
            previous_end = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if columns is None and width is None:
                columns = _csv_header(cells)
                width = len(cells)
                if columns is not None:
                    continue
                if width != 2:
                    raise InputError(path, f"expected 2 columns (source, target) or a header row "
                                           f"naming them, found {width}", line)
                columns = {"source": 0, "target": 1, "declared": (None, None)}
            if len(cells) != width:
                raise InputError(path, f"expected {width} columns, found {len(cells)}", line)
            unit_id = cells[columns["id"]].strip() if "id" in columns else str(len(units))
            notes = (cells[columns["note"]],) if "note" in columns else ()
            units.append(_Unit(unit_id, {"source": _TextRun(cells[columns["source"]], ((0, line),)),
                                         "target": _TextRun(cells[columns["target"]], ((0, line),))},
                               notes))
    except csv.Error as error:
        raise InputError(path, f"not valid CSV: {error}", reader.line_num or None) from None
    if not units:
        raise InputError(path, "no rows found")
    languages, swapped = _direction(path, columns["declared"], options, _role_guess(units))
    return _bitext(path, "csv", units, _roles(swapped), languages)


# --- translate-toolkit (optional, GPL) ------------------------------------------------------------


def _read_toolkit(data: bytes, path: str, options: _LanguageOptions) -> ExchangeBitext:
    extension = os.path.splitext(path)[1].lower()
    try:
        from translate.storage import factory
    except ImportError:
        raise InputError(path, f"reading {extension} files needs translate-toolkit: "
                               "pip install 'tqc[cat]'") from None
    try:
        store = factory.getobject(path)
    except Exception as error:  # noqa: BLE001 - a third-party parser: any failure is bad input
        raise InputError(path, f"translate-toolkit cannot read it: {error}") from None
    # translate-toolkit keeps no line numbers: find each unit's source text in the file.
    lines = data.decode("utf-8", errors="replace").split("\n")
    units: list[_Unit] = []
    next_line = 1
    for unit in store.units:
        if unit.isheader() or not (unit.source or unit.target):
            continue
        line = _find_line(lines, str(unit.source or ""), next_line)
        next_line = line
        units.append(_Unit(unit.getid() or None,
                           {"source": _TextRun(str(unit.source or ""), ((0, line),)),
                            "target": _TextRun(str(unit.target or ""), ((0, line),))},
                           (unit.getnotes() or "",)))
    if not units:
        raise InputError(path, "no translation units found")
    declared = (store.getsourcelanguage(), store.gettargetlanguage())
    languages, swapped = _direction(path, declared, options, _role_guess(units))
    return _bitext(path, extension.lstrip("."), units, _roles(swapped), languages)


def _find_line(lines: list[str], text: str, start: int) -> int:
    needle = next((part.strip() for part in text.split("\n") if part.strip()), "")
    if needle:
        for index in range(start - 1, len(lines)):
            if needle in lines[index]:
                return index + 1
    return start


# --- assembly ------------------------------------------------------------------------------------


def _roles(swapped: bool) -> tuple[str, str]:
    """Which role holds the Chinese and which the English."""
    return ("target", "source") if swapped else ("source", "target")


def _bitext(path: str, fmt: str, units: list[_Unit], roles: tuple[str, str],
            languages: tuple[str, str]) -> ExchangeBitext:
    chinese_role, english_role = roles
    source: list[Paragraph] = []
    target: list[Paragraph] = []
    ignored: dict[int, tuple[str, ...]] = {}
    for index, unit in enumerate(units):
        chinese, english = unit.texts[chinese_role], unit.texts[english_role]
        source.append(Paragraph(index, chinese.text, "unit", chinese.line_map, unit.unit_id))
        target.append(Paragraph(index, english.text, "unit", english.line_map, unit.unit_id))
        codes = ignore_markers(unit.notes, path, chinese.line_map[0][1])
        if codes:
            ignored[index] = codes
    return ExchangeBitext(Document(path, "zh", source), Document(path, "en", target),
                          prealigned=True, format=fmt, languages=languages, ignored=ignored)


_READERS = {".tmx": _read_tmx, ".xlf": _read_xliff, ".xliff": _read_xliff,
            ".sdlxliff": _read_xliff, ".po": _read_po, ".csv": _read_csv}


def is_exchange_file(path: str) -> bool:
    """A file tqc reads as pre-aligned units by its extension."""
    extension = os.path.splitext(path)[1].lower()
    return extension in _READERS or extension in TOOLKIT_EXTENSIONS


def read_exchange_file(input_path: str, target_path: str | None = None, *,
                       source_lang: str | None = None, target_lang: str | None = None,
                       swap: bool = False) -> ExchangeBitext | None:
    """Read a TMX/XLIFF/PO/CSV (or translate-toolkit) file; None when ``input_path``
    is not one, so the caller reads it as text."""
    language_options = source_lang is not None or target_lang is not None or swap
    if input_path == STDIN or not is_exchange_file(input_path):
        if language_options:
            raise InputError(input_path, "--source-lang, --target-lang and --swap apply to TMX, "
                                         "XLIFF, PO and CSV files only")
        return None
    if target_path is not None:
        raise InputError(input_path, "this file is already aligned; give it alone")
    extension = os.path.splitext(input_path)[1].lower()
    reader = _READERS.get(extension, _read_toolkit)
    return reader(read_bytes(input_path), input_path,
                  _LanguageOptions(source_lang, target_lang, swap))
