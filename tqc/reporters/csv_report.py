"""CSV: one finding a row, for editors who sort and filter findings in a spreadsheet.

RFC 4180 quoting with CRLF line ends, and a UTF-8 byte-order mark so that Excel
reads the Chinese correctly.  A text cell that a spreadsheet would take for a
formula (it starts with = + - @, a tab or a carriage return) gets a leading
apostrophe, the usual guard against formula injection."""
from __future__ import annotations

import csv
import io

from ..model import Location, Report, Segment

COLUMNS = ("code", "name", "severity", "category", "confidence", "source_line", "source_text",
           "target_line", "target_text", "message", "suggestion")
BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _text(location: Location | None, segments: list[Segment], joiner: str) -> str:
    """The finding's own text, else the text of the segments it points at."""
    if location is None:
        return ""
    if location.text:
        return location.text
    return joiner.join(segments[i].text for i in location.segments if 0 <= i < len(segments))


def rows(report: Report) -> list[list[str]]:
    table = []
    for finding in report.findings:
        source, target = finding.source, finding.target
        table.append([
            finding.code, finding.name, finding.severity, finding.category, f"{finding.confidence:.2f}",
            str(source.line) if source and source.line else "",
            _safe(_text(source, report.source_segments, "")),
            str(target.line) if target and target.line else "",
            _safe(_text(target, report.target_segments, " ")),
            _safe(finding.message), _safe(finding.suggestion or ""),
        ])
    return table


def render(report: Report, options=None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(report))
    return BOM + buffer.getvalue()
