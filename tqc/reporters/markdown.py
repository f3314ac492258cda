"""Markdown: a short summary fit for a pull-request comment.

Totals, coverage, glossary compliance and the most serious findings (at most
MAX_FINDINGS of them); the HTML report holds the rest.  Input text is escaped so
that it cannot inject markup, links or table cells into the comment."""
from __future__ import annotations

import re

from ..model import Finding, Report
from . import dashboard
from .dashboard import SEVERITY_SYMBOLS, percent, plural

MAX_FINDINGS = 20
MAX_MESSAGE = 160
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def escape(text: str, limit: int | None = None) -> str:
    """One line of Markdown-inert text: HTML entities for < > &, backslashes for the rest."""
    text = " ".join(str(text).split())
    if limit is not None and len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def _code(text: str) -> str:
    """An inline code span that survives backticks inside ``text``."""
    text = " ".join(str(text).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _where(finding: Finding) -> str:
    parts = [f"{side} {location.line}" for side, location in (("zh", finding.source), ("en", finding.target))
             if location and location.line]
    return ", ".join(parts) or "–"


def render(report: Report, options=None) -> str:
    findings = report.findings
    counts = dashboard.severity_counts(findings)
    spelled = ", ".join(plural(count, severity) if severity != "info" else f"{count} info"
                        for severity, count in counts.items() if count)
    title = (f"### tqc review: {plural(len(findings), 'finding')} ({spelled})" if findings
             else "### tqc review: no findings")
    files = " → ".join(dict.fromkeys(_code(record.path) for record in dashboard.input_records(report)))
    lines = [title, "", f"{files} · tqc {escape(report.version or 'unknown')} · {_code(dashboard.signature(report))}", ""]

    source, target = dashboard.alignment_coverage(report)
    lines += ["| Sentences matched | Chinese | English |", "|---|---:|---:|",
              f"| aligned with a counterpart | {source.matched} of {source.total} ({percent(source.rate)}) "
              f"| {target.matched} of {target.total} ({percent(target.rate)}) |", ""]
    compliance = dashboard.glossary_compliance(report)
    if compliance is not None:
        if compliance.occurrences:
            text = (f"**Glossary compliance:** {percent(compliance.rate)} "
                    f"({compliance.compliant} of {plural(compliance.occurrences, 'term occurrence')})")
        else:
            text = "**Glossary compliance:** no glossary term occurs in the aligned Chinese"
        if compliance.forbidden:
            text += f"; {plural(compliance.forbidden, 'forbidden rendering')}"
        lines += [text + ".", ""]
    categories = dashboard.category_counts(findings)
    if categories:
        lines += ["**By category:** " + " · ".join(f"{escape(name)} {count}" for name, count in categories.items()), ""]

    if findings:
        shown = dashboard.most_serious(findings, MAX_FINDINGS)
        lines += ["| Severity | Code | Lines | Message |", "|---|---|---|---|"]
        for index in shown:
            finding = findings[index]
            message = escape(finding.message, MAX_MESSAGE)
            if finding.suggestion:
                message += f" — suggestion: {escape(finding.suggestion, 80)}"
            lines.append(f"| {SEVERITY_SYMBOLS.get(finding.severity, '')} {escape(finding.severity)} "
                         f"| {escape(finding.code)} | {_where(finding)} | {message} |")
        if len(findings) > len(shown):
            lines += ["", f"_… and {plural(len(findings) - len(shown), 'more finding')}; "
                          "the HTML report (`--format html`) lists them all._"]
    return "\n".join(lines) + "\n"
