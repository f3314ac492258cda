"""JSON output, schema 1 (see tqc/schemas/report-1.schema.json)."""
from __future__ import annotations

import json
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
    return dumps_indented(report_dict(report)) + "\n"


# Values written as they are; exact types, so that a subclass takes the general path.
_PLAIN = frozenset({str, int, float, bool, type(None)})
_STRING = frozenset({str})
_INFINITY = float("inf")


def dumps_indented(value, indent: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, character for character, at
    several times its speed on big reports.

    json's C encoder only runs without ``indent``; here it writes each dict or list of
    plain values (a segment, a list of ids) with the line break and indentation as its
    item separator, a list of such dicts (all the segments) in one call, and a list of
    dicts of plain values and lists of them (the beads) without a call per value."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + "  "
        if _plain_dict(value):
            return "{\n" + inner + "".join(_encoder(inner)(value, 0))[1:-1] + "\n" + indent + "}"
        items = [_key(key) + ": " + dumps_indented(item, inner) for key, item in value.items()]
        return "{\n" + inner + (",\n" + inner).join(items) + "\n" + indent + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = indent + "  "
        if all(map(_PLAIN.__contains__, map(type, value))):
            return "[\n" + inner + "".join(_encoder(inner)(value, 0))[1:-1] + "\n" + indent + "]"
        if all(type(item) is dict and item and _plain_dict(item) for item in value):
            return _plain_dicts(value, indent)
        return ("[\n" + inner + (",\n" + inner).join([_record(item, inner) for item in value])
                + "\n" + indent + "]")
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
    return "[\n" + inner + "{\n" + inner + "  " + text[2:-2] + "\n" + inner + "}\n" + indent + "]"


def _record(value, indent: str) -> str:
    """One list item: a dict of plain values and lists of plain values written here
    directly (a bead), anything else by dumps_indented."""
    if type(value) is not dict or not value:
        return dumps_indented(value, indent)
    inner = indent + "  "
    parts = []
    for key, item in value.items():
        kind = type(item)
        if type(key) is not str:
            return dumps_indented(value, indent)
        if kind in _PLAIN:
            text = _scalar(item)
        elif kind is list and all(map(_PLAIN.__contains__, map(type, item))):
            if not item:
                text = "[]"
            else:
                deeper = ",\n" + inner + "  "
                written = map(str, item) if all(type(element) is int for element in item) \
                    else map(_scalar, item)
                text = "[\n" + inner + "  " + deeper.join(written) + "\n" + inner + "]"
        else:
            return dumps_indented(value, indent)
        parts.append(encode_basestring(key) + ": " + text)
    return "{\n" + inner + (",\n" + inner).join(parts) + "\n" + indent + "}"


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
