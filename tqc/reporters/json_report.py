"""JSON output, schema 1 (see tqc/schemas/report-1.schema.json)."""
from __future__ import annotations

import json

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
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
