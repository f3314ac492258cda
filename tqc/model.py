"""The data that flows between tqc's stages.

document (Paragraph, Document) -> segments (Segment) -> alignment (Bead)
-> findings (Finding) -> report (Report).  Everything here is plain data.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

Side = Literal["source", "target"]

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

CATEGORIES = (
    "alignment", "omission", "addition", "truncation", "terminology", "consistency",
    "number", "punctuation", "untranslated", "ocr", "reference",
)

# Paragraph kinds.  Only "body", "heading", "title" and "list" are article text.
ARTICLE_KINDS = frozenset({"body", "heading", "title", "list", "unit"})
NON_ARTICLE_KINDS = frozenset({
    "sidebar", "news", "date", "byline", "references", "footnote", "table", "caption", "other",
})


@dataclass(frozen=True)
class Paragraph:
    """One rebuilt paragraph of one language, with a map back to input lines."""

    index: int
    text: str
    kind: str = "body"
    # (character offset in ``text``, 1-based input line) for each joined input line,
    # in increasing offset order; the first entry has offset 0.
    line_map: tuple[tuple[int, int], ...] = ((0, 1),)
    unit_id: str | None = None  # id from a pre-aligned file (TSV row, TMX tuid...)

    @property
    def article(self) -> bool:
        return self.kind in ARTICLE_KINDS

    @property
    def line(self) -> int:
        return self.line_map[0][1]

    def line_at(self, offset: int) -> int:
        """Input line holding the character at ``offset`` of ``text``."""
        if len(self.line_map) == 1:
            return self.line_map[0][1]
        position = bisect.bisect_right(self._line_starts, max(offset, 0)) - 1
        return self.line_map[max(position, 0)][1]

    @cached_property
    def _line_starts(self) -> list[int]:
        """The offsets where the input lines start (listed once per paragraph)."""
        return [start for start, _ in self.line_map]


@dataclass
class Document:
    """One language's side of the input after reading and reflow."""

    path: str
    lang: Literal["zh", "en"]
    paragraphs: list[Paragraph]
    # What reflow dropped as page furniture: {"running-head": 3, "page-number": 5}.
    dropped: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Segment:
    """A sentence (or a pre-aligned unit, or a whole non-article block)."""

    id: int
    text: str
    paragraph: int
    start: int  # character offsets of ``text`` inside its paragraph's text
    end: int
    line: int  # 1-based input line of the segment's first character
    kind: str = "body"
    unit_id: str | None = None

    @property
    def article(self) -> bool:
        return self.kind in ARTICLE_KINDS


@dataclass(frozen=True)
class Bead:
    """An alignment bead: source segment ids, target segment ids, score in [0, 1]."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float = 1.0


@dataclass(frozen=True)
class Location:
    """Where a finding sits on one side."""

    segments: tuple[int, ...] = ()
    text: str | None = None
    line: int | None = None
    # Character span of the offending text inside the first listed segment, if narrower.
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    category: str
    severity: str
    confidence: float
    message: str
    source: Location | None = None
    target: Location | None = None
    suggestion: str | None = None


@dataclass
class Report:
    """Everything a reporter needs; built by :func:`tqc.pipeline.run`."""

    source: Document
    target: Document
    source_segments: list[Segment]
    target_segments: list[Segment]
    alignment: list[Bead]
    findings: list[Finding]
    glossaries: list[str] = field(default_factory=list)
    version: str = ""
    settings: dict = field(default_factory=dict)  # effective options, for the record
    # Scores against a reference translation (check --reference), JSON-ready; see
    # tqc.reference.ReferenceResult.as_dict.
    reference: dict | None = None

    def summary(self) -> dict:
        by_severity: dict[str, int] = {}
        by_code: dict[str, int] = {}
        for finding in self.findings:
            by_severity[finding.severity] = by_severity.get(finding.severity, 0) + 1
            by_code[finding.code] = by_code.get(finding.code, 0) + 1
        return {
            "findings": len(self.findings),
            "by_severity": dict(sorted(by_severity.items())),
            "by_code": dict(sorted(by_code.items())),
            "dropped": {"source": dict(self.source.dropped), "target": dict(self.target.dropped)},
        }
