"""JSON output, schema 1 (see tqc/schemas/report-1.schema.json)."""
from __future__ import annotations

import json
import re
from itertools import chain
from json.encoder import c_make_encoder, encode_basestring

from ..model import Finding, Location, Report, Segment

SCHEMA_VERSION = 1


def _segment(segment: Segment) -> dict:
    data = {"id": segment.id, "paragraph": segment.paragraph, "text": segment.text,
            "line": segment.line, "article": segment.article, "kind": segment.kind,
            "start": segment.start, "end": segment.end}
    if segment.unit_id is not None:
        data["unit_id"] = segment.unit_id
    return data


def _location(location: Location | None) -> dict | None:
    if location is None:
        return None
    return {"segments": list(location.segments), "text": location.text, "line": location.line,
            "span": list(location.span) if location.span else None}


def finding_dict(finding: Finding) -> dict:
    return {"code": finding.code, "name": finding.name, "category": finding.category,
            "severity": finding.severity, "confidence": finding.confidence,
            "message": finding.message, "source": _location(finding.source),
            "target": _location(finding.target), "suggestion": finding.suggestion}


def report_dict(report: Report) -> dict:
    data = {
        "schema": SCHEMA_VERSION,
        "tool": {"name": "tqc", "version": report.version},
        "files": {"source": report.source.path, "target": report.target.path,
                  "glossaries": list(report.glossaries)},
        "segments": {"source": [_segment(s) for s in report.source_segments],
                     "target": [_segment(s) for s in report.target_segments]},
        "alignment": [{"source": list(b.source), "target": list(b.target), "score": round(b.score, 4)}
                      for b in report.alignment],
        "findings": [finding_dict(f) for f in report.findings],
        "summary": report.summary(),
    }
    if report.reference is not None:  # only with check --reference
        data["reference"] = report.reference
    return data


def render(report: Report, options=None) -> str:
    return "".join((dumps_indented(report_dict(report)), "\n"))  # one copy of a big text


# Values written as they are; exact types, so that a subclass takes the general path.
_PLAIN = frozenset({str, int, float, bool, type(None)})
_STRING = frozenset({str})
_DICT = {dict}
_LISTS = frozenset({list, tuple})
_NON_STRING = frozenset({int, float, bool, type(None)})
_NUMBERS_AND_LISTS = _NON_STRING | _LISTS
_WORD = re.compile(r"[A-Za-z0-9_]+")
_INFINITY = float("inf")


def dumps_indented(value, indent: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, character for character, at
    several times its speed on big reports.

    json's C encoder only runs without ``indent``; here it writes each dict or list of
    plain values (a segment, a list of ids) with the line break and indentation as its
    item separator, a list of such dicts (all the segments) in one call, a list of dicts
    of numbers and lists of numbers (the beads) in one call too, and other dicts (the
    findings) without a call per plain value."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + "  "
        if _plain_dict(value):
            return "{\n" + inner + "".join(_encoder(inner)(value, 0))[1:-1] + "\n" + indent + "}"
        return _record(value, indent)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = indent + "  "
        item_types = set(map(type, value))
        if item_types <= _PLAIN:
            return "[\n" + inner + "".join(_encoder(inner)(value, 0))[1:-1] + "\n" + indent + "]"
        if item_types == _DICT and all(value):  # non-empty dicts only
            keys = set(chain.from_iterable(value))
            if set(map(type, keys)) == _STRING:
                value_types = set(map(type, chain.from_iterable(map(dict.values, value))))
                if value_types <= _PLAIN:
                    return _plain_dicts(value, indent)
                if value_types <= _NUMBERS_AND_LISTS and _numeric_records(value, keys):
                    return _numeric_dicts(value, indent)
        return "".join(("[\n", inner, (",\n" + inner).join([_record(item, inner) for item in value]),
                        "\n", indent, "]"))
    return _scalar(value)


def _plain_dict(value: dict) -> bool:
    # map() chains: the type tests run without a Python frame per item.
    return all(map(_PLAIN.__contains__, map(type, value.values()))) and \
        all(map(_STRING.__contains__, map(type, value)))


def _plain_dicts(value: list, indent: str) -> str:
    """A list of non-empty dicts of plain values, in one encoder call: every separator
    holds a line break, which no encoded string does, and the separators between the
    dicts are the ones between "}" and "{" (inside a dict a key follows)."""
    inner = indent + "  "
    separator = ",\n" + inner + "  "
    text = "".join(_encoder(inner + "  ")(value, 0))
    text = text.replace("}" + separator + "{", "\n" + inner + "},\n" + inner + "{\n" + inner + "  ")
    # join, not +: each + would copy the whole text again.
    return "".join(("[\n", inner, "{\n", inner, "  ", text[2:-2], "\n", inner, "}\n", indent, "]"))


def _numeric_records(value: list, keys: set) -> bool:
    """Every key is a plain word and every list value holds numbers, booleans or nulls
    only: then the compact encoding holds no quote, bracket or brace but its own."""
    if not all(map(_WORD.fullmatch, keys)):
        return False
    lists = [item for record in value for item in record.values() if type(item) in _LISTS]
    return set(map(type, chain.from_iterable(lists))) <= _NON_STRING


def _numeric_dicts(value: list, indent: str) -> str:
    """A list of non-empty dicts of numbers and lists of numbers (the beads), in one
    encoder call.  The items are separated by a control character, which an encoded
    string never holds raw; what follows a separator tells where it stands: a brace
    between two dicts, a quote (a key) between the items of a dict, else a number
    inside a list.  The brackets and braces are then opened and closed on lines of
    their own, the empty lists kept as "[]"."""
    dicts, items, numbers = indent + "  ", indent + "    ", indent + "      "
    text = "".join(_compact_encoder()(value, 0))[1:-1]
    text = text.replace("[]", "\x02").replace("\x01{", "\x03")
    text = text.replace('\x01"', ",\n" + items + '"').replace("\x01", ",\n" + numbers)
    text = text.replace("[", "[\n" + numbers).replace("]", "\n" + items + "]")
    text = text.replace("{", "{\n" + items).replace("}", "\n" + dicts + "}")
    text = text.replace("\x03", ",\n" + dicts + "{\n" + items).replace("\x02", "[]")
    return "".join(("[\n", dicts, text, "\n", indent, "]"))


def _record(value, indent: str) -> str:
    """A dict (anything else goes to dumps_indented): strings, numbers and lists of
    them written here directly, nested dicts by recursion, other values by
    dumps_indented (a finding, a bead, a location)."""
    if not isinstance(value, dict) or not value:
        return dumps_indented(value, indent)
    inner = indent + "  "
    parts = []
    for key, item in value.items():
        kind = type(item)
        if kind is str:
            text = encode_basestring(item)
        elif kind in _PLAIN:
            text = _scalar(item)
        elif kind is dict:
            text = _record(item, inner)
        elif kind is list and item and all(map(_PLAIN.__contains__, map(type, item))):
            deeper = ",\n" + inner + "  "
            written = map(str, item) if all(type(element) is int for element in item) \
                else map(_scalar, item)
            text = "[\n" + inner + "  " + deeper.join(written) + "\n" + inner + "]"
        else:
            text = dumps_indented(item, inner)
        parts.append((encode_basestring(key) if type(key) is str else _key(key)) + ": " + text)
    return "".join(("{\n", inner, (",\n" + inner).join(parts), "\n", indent, "}"))


def _scalar(value) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float) and value == value and value not in (_INFINITY, -_INFINITY):
        return float.__repr__(value)
    return json.dumps(value, ensure_ascii=False)  # NaN, Infinity, and anything unusual


def _key(key) -> str:
    """A dict key as json writes it: strings as they are, True -> "true", 1.5 -> "1.5"."""
    if isinstance(key, str):
        return encode_basestring(key)
    return json.dumps({key: 0}, ensure_ascii=False)[1:].rsplit(":", 1)[0]


_encoders: dict[str, object] = {}
_compact_encoders: list = []


def _compact_encoder():
    """json's C encoder separating items by "\x01" alone (see _numeric_dicts)."""
    if not _compact_encoders:
        if c_make_encoder is not None:
            _compact_encoders.append(c_make_encoder(
                None, json.JSONEncoder().default, encode_basestring, None, ": ", "\x01",
                False, False, True))
        else:  # pragma: no cover - CPython always has the C encoder
            python_encoder = json.JSONEncoder(ensure_ascii=False, separators=("\x01", ": "))
            _compact_encoders.append(lambda value, _level: [python_encoder.encode(value)])
    return _compact_encoders[0]


def _encoder(inner: str):
    """json's C encoder (the Python one where C is missing) writing a comma, a line
    break and ``inner`` between items: a callable (value, level) -> chunks."""
    encoder = _encoders.get(inner)
    if encoder is None:
        if c_make_encoder is not None:
            encoder = c_make_encoder(None, json.JSONEncoder().default, encode_basestring, None,
                                     ": ", ",\n" + inner, False, False, True)
        else:  # pragma: no cover - CPython always has the C encoder
            python_encoder = json.JSONEncoder(ensure_ascii=False, separators=(",\n" + inner, ": "))
            encoder = lambda value, _level: [python_encoder.encode(value)]  # noqa: E731
        _encoders[inner] = encoder
    return encoder
