"""Plain text: ``file:line: CODE message``, grouped by file, coloured on request."""
from __future__ import annotations

from ..errors import printable
from ..model import Finding, Report

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def _where(finding: Finding, report: Report) -> tuple[str, int]:
    if finding.source and finding.source.line:
        return report.source.path, finding.source.line
    if finding.target and finding.target.line:
        return report.target.path, finding.target.line
    return report.source.path, 0


def render(report: Report, options=None) -> str:
    colour = getattr(options, "color", False)
    placed = sorted(((*_where(f, report), index, f) for index, f in enumerate(report.findings)),
                    key=lambda item: (item[0] != report.source.path, item[0], item[1], item[2]))
    lines: list[str] = []
    current_path = None
    for path, line, _, finding in placed:
        if current_path is not None and path != current_path:
            lines.append("")
        current_path = path
        code = finding.code
        if colour:
            code = f"{_COLOURS[finding.severity]}{_BOLD}{code}{_RESET}"
        # printable(): quoted input must not move the cursor, recolour or retitle a terminal
        lines.append(f"{printable(path)}:{line}: {code} {printable(finding.message)}")
        if finding.suggestion:
            lines.append(f"    suggestion: {printable(finding.suggestion)}")
    summary = report.summary()
    counts = ", ".join(f"{n} {sev}" for sev, n in sorted(summary["by_severity"].items(),
                                                        key=lambda item: item[0]))
    total = summary["findings"]
    aligned = sum(1 for bead in report.alignment if bead.source and bead.target)
    footer = (f"{total} finding{'s' if total != 1 else ''}" + (f" ({counts})" if counts else "")
              + f"; {len(report.source_segments)} source and {len(report.target_segments)} "
              f"target segments, {aligned} aligned beads")
    if lines:
        lines.append("")
    lines.append(footer)
    return "\n".join(lines) + "\n"
