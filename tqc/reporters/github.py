"""GitHub Actions workflow commands: ``::error file=…,line=…,title=…::message``.

Printed in a workflow step, each line becomes an annotation on the pull request at the
file and line of the finding's offending text.  Severity maps error -> error,
warning -> warning, info -> notice.  Values are escaped as the Actions toolkit does:
%, CR and LF everywhere, and also : and , inside properties.
"""
from __future__ import annotations

from ..model import Finding, Report
from ._ci import display_path, errors_of, placed_sides, reports_of, unpaired_of

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, **properties) -> str:
    """``::command key=value,...::message`` with every part escaped; None values are left out."""
    shown = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items()
                     if value is not None)
    return f"::{command}{' ' + shown if shown else ''}::{escape_data(message)}"


def _annotation(finding: Finding, report: Report) -> str:
    places = placed_sides(finding, report)
    message = finding.message
    if finding.suggestion:
        message += f" (suggestion: {finding.suggestion})"
    if len(places) == 2:  # the other side's place, for the reader
        other = places[1]
        message += f"\n{'Chinese' if other.side == 'source' else 'English'}: " \
                   f"{display_path(other.path)}:{other.line}"
    unit = next((side.unit_id for side in places if side.unit_id is not None), None)
    if unit is not None:
        message += f"\nunit: {unit}"
    primary = places[0] if places else None
    return workflow_command(
        COMMANDS[finding.severity], message,
        file=display_path(primary.path if primary else report.source.path),
        line=str(primary.line) if primary else None,
        title=f"tqc {finding.code} {finding.name}")


def render(report, options=None) -> str:
    reports = reports_of(report)
    lines = [_annotation(finding, single) for single in reports for finding in single.findings]
    for error in errors_of(report):
        files = error.get("files") or []
        lines.append(workflow_command("error", error["message"],
                                      file=display_path(files[0]) if files else None,
                                      line=str(error["line"]) if error.get("line") else None,
                                      title="tqc input error"))
    for item in unpaired_of(report):
        lines.append(workflow_command("warning", item["reason"], file=display_path(item["path"]),
                                      title="tqc unpaired file"))
    total = sum(len(single.findings) for single in reports)
    counts: dict[str, int] = {}
    for single in reports:
        for finding in single.findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
    spelled = ", ".join(f"{counts[severity]} {severity}" for severity in ("error", "warning", "info")
                        if counts.get(severity))
    pairs = len(reports)
    lines.append(f"tqc: {total} finding{'s' if total != 1 else ''}"
                 + (f" ({spelled})" if spelled else "")
                 + f" in {pairs} file pair{'s' if pairs != 1 else ''}")
    return "\n".join(lines) + "\n"
