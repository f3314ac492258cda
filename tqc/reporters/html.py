"""Self-contained HTML review page rendered from the package's Jinja templates.

The page holds everything inline (CSS, JavaScript, SVG).  The first
``ROW_BUDGET`` table rows are rendered by the template; the remaining beads are
embedded as JSON and rendered on demand by the page's script with the same
markup, so that a long document opens quickly.
"""
from __future__ import annotations

import base64
import bisect
import hashlib
import json
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from jinja2.ext import Extension
from markupsafe import Markup

from ..model import SEVERITY_RANK, Bead, Finding, Location, Report, Segment
from . import dashboard
from .dashboard import SEVERITY_ORDER, SEVERITY_SYMBOLS

# <tr> elements of the side-by-side table in the initial DOM; the dashboard's own
# tables add a few dozen more, and the whole page stays under 2,000 rows.
ROW_BUDGET = 1800
CHART_MAX_BARS = 30
TOP_FINDINGS = 8
HEADING_KINDS = ("heading", "title")
# Alignment-confidence shading: (lower bound, CSS class), first match wins.
CONFIDENCE_BUCKETS = ((0.8, "conf-high"), (0.5, "conf-mid"), (0.25, "conf-low"), (0.0, "conf-poor"))
_COMPACT_MARK = "{#- compact -#}"


class _CompactTemplates(Extension):
    """Templates that start with ``{#- compact -#}`` lose every newline and the
    indentation after it, so row markup can be written readably and still carry
    no whitespace between tags (the script builds the same rows without any)."""

    def preprocess(self, source, name, filename=None):
        if source.startswith(_COMPACT_MARK):
            return re.sub(r"\n[ \t]*", "", source[len(_COMPACT_MARK):])
        return source


_environment = Environment(
    loader=PackageLoader("tqc", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True, lstrip_blocks=True, extensions=[_CompactTemplates],
)


# --- view model -------------------------------------------------------------------

@dataclass
class Fragment:
    text: str
    findings: tuple[int, ...] = ()   # findings whose span covers this text
    severity: str = ""
    ends: tuple[int, ...] = ()       # findings whose span ends here: their reference links follow


@dataclass
class SegmentView:
    segment: Segment
    side: str                         # "zh" or "en"
    fragments: list[Fragment]
    whole: tuple[int, ...] = ()       # findings on the whole segment
    severity: str = ""                # most serious of ``whole``
    refs: tuple[int, ...] = ()        # reference links after the segment

    @property
    def classes(self) -> str:
        names = ["seg"]
        if self.segment.kind in HEADING_KINDS:
            names.append("heading")
        if not self.segment.article:
            names.append("nonarticle")
        if self.whole:
            names += ["flagged", f"sev-{self.severity}"]
        return " ".join(names)


@dataclass
class Row:
    index: int
    bead: Bead
    section: int
    source: list[SegmentView]
    target: list[SegmentView]
    notes: tuple[int, ...]            # findings whose note sits under this bead
    findings: tuple[int, ...]         # every finding shown in the row (marks and notes)

    @property
    def score(self) -> str:
        return f"{self.bead.score:.2f}"

    @property
    def classes(self) -> str:
        bucket = next(name for bound, name in CONFIDENCE_BUCKETS if self.bead.score >= bound or bound == 0.0)
        return f"bead {bucket}" + ("" if self.source and self.target else " unmatched")

    @property
    def lines(self) -> str:
        first = [views[0].segment.line if views else None for views in (self.source, self.target)]
        return " / ".join("–" if line is None else str(line) for line in first)

    @property
    def lines_title(self) -> str:
        parts = [f"{name} line {views[0].segment.line}"
                 for name, views in (("Chinese", self.source), ("English", self.target)) if views]
        return "input " + ", ".join(parts) if parts else ""


@dataclass
class Section:
    index: int
    title: str
    lang: str = ""                    # "zh" when the title is Chinese heading text
    first_bead: int = 0
    counts: dict = field(default_factory=dict)   # severity -> findings whose note is in the section
    rows: list[Row] = field(default_factory=list)  # rows rendered in the initial page

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def count_label(self) -> str:
        return dashboard.plural(self.total, "finding")


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _clip_width(text: str, columns: int) -> str:
    """Clip to ``columns`` display columns, a wide (CJK) character taking two."""
    text = " ".join(text.split())
    used = 0
    for position, character in enumerate(text):
        used += 2 if unicodedata.east_asian_width(character) in "WF" else 1
        if used > columns:
            return text[:position].rstrip() + "…"
    return text


def _most_serious(severities) -> str:
    return max(severities, key=lambda severity: SEVERITY_RANK.get(severity, -1), default="")


def _valid_span(span, text: str) -> tuple[int, int] | None:
    if not span:
        return None
    start, end = max(int(span[0]), 0), min(int(span[1]), len(text))
    return (start, end) if start < end else None


def _segment_marks(findings: list[Finding], side: str, segments: list[Segment]):
    """segment id -> ([(start, end, finding)], [finding on the whole segment], [refs at its end])."""
    marks: dict[int, tuple[list, list, list]] = {}

    def entry(segment_id: int):
        return marks.setdefault(segment_id, ([], [], []))

    for index, finding in enumerate(findings):
        location: Location | None = getattr(finding, side)
        if not location or not location.segments:
            continue
        ids = [i for i in location.segments if 0 <= i < len(segments)]
        if not ids:
            continue
        span = _valid_span(location.span, segments[ids[0]].text)
        if span:
            entry(ids[0])[0].append((span[0], span[1], index))
        else:
            for segment_id in ids:
                entry(segment_id)[1].append(index)
            entry(ids[-1])[2].append(index)
    return marks


def _segment_view(segment: Segment, side: str, marks, findings: list[Finding]) -> SegmentView:
    spans, whole, refs = marks.get(segment.id, ([], [], []))
    text = segment.text
    cuts = sorted({0, len(text), *(bound for start, end, _ in spans for bound in (start, end))})
    fragments = []
    for start, end in zip(cuts, cuts[1:]):
        covering = tuple(index for s, e, index in spans if s <= start and end <= e)
        ending = tuple(index for s, e, index in spans if e == end)
        fragments.append(Fragment(text[start:end], covering,
                                  _most_serious(findings[i].severity for i in covering), ending))
    if not fragments:
        fragments = [Fragment(text)]
    return SegmentView(segment, side, fragments, tuple(whole),
                       _most_serious(findings[i].severity for i in whole), tuple(refs))


def _home_beads(report: Report) -> list[int]:
    """For each finding, the bead whose row holds its note (-1: document level)."""
    source_bead: dict[int, int] = {}
    target_bead: dict[int, int] = {}
    for number, bead in enumerate(report.alignment):
        for segment_id in bead.source:
            source_bead.setdefault(segment_id, number)
        for segment_id in bead.target:
            target_bead.setdefault(segment_id, number)
    homes = []
    for finding in report.findings:
        home = -1
        for location, beads in ((finding.source, source_bead), (finding.target, target_bead)):
            if location and location.segments and location.segments[0] in beads:
                home = beads[location.segments[0]]
                break
        homes.append(home)
    return homes


def _sections(report: Report) -> tuple[list[Section], list[int]]:
    """Sections of the document and the section index of every bead.

    A section starts at each Chinese heading or title paragraph.  A document with
    fewer than two headings is cut into about ten runs of paragraphs instead (or
    of beads, when there are no Chinese paragraphs at all).  A bead with no
    Chinese stays in the section of the bead before it."""
    paragraph_of = [report.source_segments[bead.source[0]].paragraph
                    if bead.source and bead.source[0] < len(report.source_segments) else None
                    for bead in report.alignment]
    headings = sorted(p.index for p in report.source.paragraphs if p.kind in HEADING_KINDS)
    known = sorted({p for p in paragraph_of if p is not None})
    if len(headings) >= 2:
        by_index = {p.index: p for p in report.source.paragraphs}

        def key_of(number: int, paragraph: int) -> int:
            return bisect.bisect_right(headings, paragraph)  # 0: text before the first heading

        def make(key: int) -> Section:
            if key == 0:
                return Section(0, "Front matter")
            return Section(0, _clip(by_index[headings[key - 1]].text, 60), lang="zh")
    elif known:
        starts = known[::max(1, math.ceil(len(known) / 10))]

        def key_of(number: int, paragraph: int) -> int:
            return bisect.bisect_right(starts, paragraph) - 1

        def make(key: int) -> Section:
            first = starts[key]
            last = starts[key + 1] - 1 if key + 1 < len(starts) else known[-1]
            return Section(0, f"Paragraph {first + 1}" if first == last
                           else f"Paragraphs {first + 1}–{last + 1}")
    else:
        size = max(1, math.ceil(len(report.alignment) / 10))

        def key_of(number: int, paragraph: int | None) -> int:
            return number // size

        def make(key: int) -> Section:
            return Section(0, f"Beads {key * size + 1}–{min((key + 1) * size, len(report.alignment))}")

    sections: list[Section] = []
    bead_sections: list[int] = []
    current_key = None
    for number, paragraph in enumerate(paragraph_of):
        if paragraph is None and known:
            key = current_key if current_key is not None else key_of(number, known[0])
        else:
            key = key_of(number, paragraph)
        if key != current_key:
            section = make(key)
            section.index, section.first_bead = len(sections), number
            sections.append(section)
            current_key = key
        bead_sections.append(len(sections) - 1)
    return sections, bead_sections


def _chart(sections: list[Section]) -> dict:
    """Geometry of the per-section bar chart: one bar per section, or per run of
    sections when there are more than CHART_MAX_BARS."""
    group = max(1, math.ceil(len(sections) / CHART_MAX_BARS))
    bars = []
    for start in range(0, len(sections), group):
        members = sections[start:start + group]
        counts = {severity: sum(s.counts.get(severity, 0) for s in members) for severity in SEVERITY_ORDER}
        label = members[0].title if len(members) == 1 else \
            f"Sections {members[0].index + 1}–{members[-1].index + 1}"
        bars.append({"label": _clip_width(label, 18), "full_label": label, "lang": members[0].lang if len(members) == 1 else "",
                     "target": members[0].index, "counts": counts, "total": sum(counts.values())})
    label_width, bar_width, row_height = 120, 190, 20
    most = max((bar["total"] for bar in bars), default=0) or 1
    for number, bar in enumerate(bars):
        x = label_width
        pieces = []
        for severity in SEVERITY_ORDER:
            width = round(bar_width * bar["counts"][severity] / most, 1)
            if width:
                pieces.append({"severity": severity, "x": x, "width": width, "count": bar["counts"][severity]})
            x = round(x + width, 1)
        bar.update(y=number * row_height + 24, pieces=pieces, end=x)
    return {"bars": bars, "width": label_width + bar_width + 40, "label_width": label_width,
            "height": max(len(bars) * row_height + 30, 50), "row_height": row_height}


def _rule_docs(codes: list[str], rules: dict) -> list[dict]:
    docs = []
    for code in codes:
        rule = rules.get(code)
        if rule is None:
            docs.append({"code": code, "known": False})
            continue
        doc = rule.documentation()
        docs.append({"code": code, "known": True, "name": rule.name, "category": rule.category,
                     "severity": rule.severity, "summary": doc.summary, "description": doc.description,
                     "paragraphs": [" ".join(block.split()) for block in doc.description.split("\n\n")
                                    if block.strip()],
                     "bad": doc.bad, "good": doc.good, "options": doc.options})
    return docs


def _where(finding: Finding) -> str:
    parts = [f"{name} line {location.line}"
             for name, location in (("Chinese", finding.source), ("English", finding.target))
             if location and location.line]
    return " · ".join(parts)


def finding_title(finding: Finding) -> str:
    """Tooltip line of a finding; report.js builds the same string."""
    return f"{finding.code} {finding.severity}: {finding.message}"


def _search_text(finding: Finding) -> str:
    parts = [finding.code, finding.name, finding.category, finding.severity, finding.message,
             finding.suggestion or ""]
    parts += [_clip(location.text, 400) for location in (finding.source, finding.target)
              if location and location.text]
    return "\n".join(parts)


def _generated_time(generated: datetime | None) -> datetime:
    if generated is not None:
        return generated.astimezone(timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():  # reproducible builds: a fixed time stamp
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


def view_model(report: Report, *, generated: datetime | None = None, rules: dict | None = None,
               row_budget: int = ROW_BUDGET) -> dict:
    """Everything report.html.j2 needs, computed once.  ``rules`` maps a code to
    its Rule class (default: tqc's registry); ``row_budget`` caps the table rows
    rendered up front."""
    if rules is None:
        from ..rules import RULES_BY_CODE as rules
    findings = report.findings
    source_marks = _segment_marks(findings, "source", report.source_segments)
    target_marks = _segment_marks(findings, "target", report.target_segments)
    homes = _home_beads(report)
    sections, bead_sections = _sections(report)
    notes_by_bead: dict[int, list[int]] = {}
    for index, home in enumerate(homes):
        notes_by_bead.setdefault(home, []).append(index)
        if home >= 0:
            counts = sections[bead_sections[home]].counts
            counts[findings[index].severity] = counts.get(findings[index].severity, 0) + 1

    rows: list[Row] = []
    for number, bead in enumerate(report.alignment):
        source = [_segment_view(report.source_segments[i], "zh", source_marks, findings)
                  for i in bead.source if 0 <= i < len(report.source_segments)]
        target = [_segment_view(report.target_segments[i], "en", target_marks, findings)
                  for i in bead.target if 0 <= i < len(report.target_segments)]
        shown = set(notes_by_bead.get(number, ()))
        for view in source + target:
            shown.update(view.whole)
            for fragment in view.fragments:
                shown.update(fragment.findings)
        rows.append(Row(number, bead, bead_sections[number], source, target,
                        tuple(notes_by_bead.get(number, ())), tuple(sorted(shown))))

    # Render rows up front until the budget of <tr> elements is spent.
    used, initial = 0, 0
    seen_sections: set[int] = set()
    for row in rows:
        needed = 1 + bool(row.notes) + (row.section not in seen_sections)
        if used + needed > row_budget:
            break
        used += needed
        seen_sections.add(row.section)
        sections[row.section].rows.append(row)
        initial += 1

    codes = list(dashboard.code_counts(findings))
    glossary_files = dashboard.glossary_records(report)
    source_coverage, target_coverage = dashboard.alignment_coverage(report)
    finding_data = [{
        "c": f.code, "n": f.name, "s": f.severity, "k": f.category, "m": f.message,
        "g": f.suggestion or "", "p": f"{f.confidence:.2f}", "b": homes[i],
        "x": bead_sections[homes[i]] if homes[i] >= 0 else -1, "w": _where(f), "t": _search_text(f),
    } for i, f in enumerate(findings)]
    order = sorted(range(len(findings)), key=lambda i: (homes[i], i))
    stamp = _generated_time(generated)
    return {
        "report": report,
        "findings": findings,
        "symbols": SEVERITY_SYMBOLS,
        "files": dashboard.input_records(report),
        "glossary_files": glossary_files,
        "signature": dashboard.signature(report, glossary_files),
        "generated_iso": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "generated_text": stamp.strftime("%Y-%m-%d %H:%M UTC"),
        "severity_counts": dashboard.severity_counts(findings),
        "category_counts": dashboard.category_counts(findings),
        "code_counts": dashboard.code_counts(findings),
        "coverage": {"zh": source_coverage, "en": target_coverage},
        "compliance": dashboard.glossary_compliance(report),
        "unmatched": {
            "zh": sum(len(b.source) for b in report.alignment if b.source and not b.target),
            "en": sum(len(b.target) for b in report.alignment if b.target and not b.source)},
        "low_confidence": sum(1 for b in report.alignment if b.source and b.target and b.score < 0.5),
        "top": dashboard.most_serious(findings, TOP_FINDINGS),
        "document_notes": notes_by_bead.get(-1, []),
        "sections": sections,
        "initial_sections": [s for s in sections if s.rows],
        "chart": _chart(sections),
        "rules": _rule_docs(codes, rules),
        "names": {code: next(f.name for f in findings if f.code == code) for code in codes},
        "bead_count": len(rows),
        "initial_beads": initial,
        "clip": _clip,
        "where_of": _where,
        "percent": dashboard.percent,
        "plural": dashboard.plural,
        "title_of": lambda ids: "\n".join(finding_title(findings[i]) for i in ids),
        "data": {
            "findings": finding_data,
            "order": order,
            "sections": [[s.title, s.lang, s.count_label, s.first_bead] for s in sections],
            "initial": initial,
            "total": len(rows),
            "rows": [_row_data(row) for row in rows[initial:]],
            "symbols": SEVERITY_SYMBOLS,
        },
    }


def _segment_data(view: SegmentView) -> list:
    fragments = [fragment.text if not fragment.findings and not fragment.ends
                 else [fragment.text, list(fragment.findings), fragment.severity, list(fragment.ends)]
                 for fragment in view.fragments]
    segment = view.segment
    return [segment.id, view.classes, segment.kind if not segment.article else "", segment.line,
            list(view.whole), list(view.refs), fragments]


def _row_data(row: Row) -> list:
    """A deferred row as compact JSON; report.js turns it into the markup of _rows.html.j2."""
    return [row.index, row.section, row.classes, row.score, row.lines, row.lines_title,
            list(row.findings), list(row.notes),
            [_segment_data(view) for view in row.source], [_segment_data(view) for view in row.target]]


# --- rendering --------------------------------------------------------------------

def script_json(value) -> Markup:
    """JSON safe inside <script type="application/json">: no '<', '>' or '&' survives,
    so a '</script>' in the input cannot end the block."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for character, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                               ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(character, escaped)
    return Markup(text)


def _asset(name: str) -> str:
    return resources.files("tqc").joinpath("templates", name).read_text(encoding="utf-8")


def render_html(report: Report, *, generated: datetime | None = None, rules: dict | None = None,
                row_budget: int = ROW_BUDGET) -> str:
    model = view_model(report, generated=generated, rules=rules, row_budget=row_budget)
    script = _asset("report.js")
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    template = _environment.get_template("report.html.j2")
    return template.render(**model, css=Markup(_asset("report.css")), script=Markup(script),
                           script_hash=script_hash, data_json=script_json(model["data"]))


def render(report: Report, options=None) -> str:
    return render_html(report)
