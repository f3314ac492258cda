"""Helpers shared by the CI reporters (SARIF, JUnit, GitHub workflow commands).

They take one Report or a batch (anything with ``reports``, ``unpaired`` and ``errors``,
see tqc.batch.ReportBatch), and place a finding at the file and line of its source and
target text.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import quote

from ..model import Finding, Location, Report


def reports_of(report) -> list[Report]:
    """The reports of a batch, or the one report."""
    reports = getattr(report, "reports", None)
    return list(reports) if reports is not None else [report]


def unpaired_of(report) -> list[dict]:
    """[{"path": ..., "reason": ...}] for files a batch could not pair."""
    return list(getattr(report, "unpaired", []) or [])


def errors_of(report) -> list[dict]:
    """[{"files": [...], "message": ..., "line": ...}] for pairs a batch could not read."""
    return list(getattr(report, "errors", []) or [])


def display_path(path: str) -> str:
    """A path relative to the current directory when it lies below it, with / separators."""
    if not path or path == "-" or path.startswith("<"):
        return path
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    if relative.startswith(".."):
        return absolute.replace(os.sep, "/")
    return relative.replace(os.sep, "/")


def artifact_uri(path: str) -> tuple[str, bool]:
    """(URI, relative?) for SARIF: relative paths percent-encoded, others as file: URIs."""
    shown = display_path(path)
    if shown in ("-", "") or shown.startswith("<"):
        return "stdin" if shown == "-" else quote(shown.strip("<>") or "input"), True
    if os.path.isabs(shown):
        return "file://" + quote(shown if shown.startswith("/") else "/" + shown), False
    return quote(shown), True


# Categories whose fault lies in the English text, when no span says which side.
_ENGLISH_SIDE_CATEGORIES = frozenset({"truncation", "punctuation", "untranslated", "addition",
                                      "reference"})


@dataclass(frozen=True)
class PlacedSide:
    side: str  # "source" or "target"
    path: str
    line: int
    location: Location
    unit_id: str | None


def placed_sides(finding: Finding, report: Report) -> list[PlacedSide]:
    """The finding's source and target positions that have a line, the primary one first:
    the side whose location marks a span (the offending text); without a span to tell,
    the target for faults of the English text (truncation, punctuation...), else the source."""
    sides = []
    for side, location, document, segments in (
            ("source", finding.source, report.source, report.source_segments),
            ("target", finding.target, report.target, report.target_segments)):
        if location is None or not location.line:
            continue
        unit_id = None
        if location.segments and 0 <= location.segments[0] < len(segments):
            unit_id = segments[location.segments[0]].unit_id
        sides.append(PlacedSide(side, document.path, location.line, location, unit_id))
    if len(sides) == 2:
        source_span, target_span = (side.location.span is not None for side in sides)
        if (target_span and not source_span) or (
                source_span == target_span and finding.category in _ENGLISH_SIDE_CATEGORIES):
            sides.reverse()
    return sides


def fails(finding: Finding, fail_on: str) -> bool:
    from ..model import SEVERITY_RANK

    return fail_on != "never" and SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[fail_on]


def fail_on_of(report: Report) -> str:
    return (report.settings or {}).get("fail_on", "error")
