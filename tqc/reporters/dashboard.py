"""Figures the human-facing reports share: file checksums, the reproducibility
signature, alignment coverage, glossary compliance and finding counts."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model import CATEGORIES, SEVERITIES, SEVERITY_RANK, Document, Finding, Report

# Display order: most serious first.
SEVERITY_ORDER = tuple(reversed(SEVERITIES))
SEVERITY_SYMBOLS = {"error": "✖", "warning": "▲", "info": "ℹ"}


@dataclass(frozen=True)
class FileRecord:
    """An input or glossary file as the report records it."""

    role: str          # "Chinese", "English", "Bilingual input", "Glossary"
    path: str
    sha256: str
    basis: str         # "file" (bytes on disk) or "text" (the decoded text: stdin, API input)


@dataclass(frozen=True)
class Coverage:
    """How many article sentences of one side sit in a bead with a counterpart."""

    matched: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.matched / self.total if self.total else None


@dataclass(frozen=True)
class GlossaryCompliance:
    """Glossary term occurrences in the aligned Chinese and how many the English honours.

    ``occurrences`` mirrors what TM01 checks (terms with an English rendering, in
    beads that have both sides); ``missing`` is the number of TM01 findings.
    """

    occurrences: int
    missing: int
    forbidden: int      # TM02 findings: forbidden renderings used in the English
    other: int          # any other TM* finding

    @property
    def compliant(self) -> int:
        return max(self.occurrences - self.missing, 0)

    @property
    def rate(self) -> float | None:
        return self.compliant / self.occurrences if self.occurrences else None


def _sha256_file(path: str) -> str | None:
    candidate = Path(path)
    if path in ("", "-") or not candidate.is_file():
        return None
    digest = hashlib.sha256()
    try:
        with candidate.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 16), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _document_text(document: Document) -> str:
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def _record(role: str, path: str, fallback_text: str) -> FileRecord:
    on_disk = _sha256_file(path)
    if on_disk is not None:
        return FileRecord(role, path, on_disk, "file")
    return FileRecord(role, path, hashlib.sha256(fallback_text.encode("utf-8")).hexdigest(), "text")


def input_records(report: Report) -> list[FileRecord]:
    """The input files with their sha256; one record when both sides came from one file."""
    source, target = report.source, report.target
    if source.path == target.path and _sha256_file(source.path) is not None:
        return [_record("Bilingual input", source.path, "")]
    return [_record("Chinese", source.path, _document_text(source)),
            _record("English", target.path, _document_text(target))]


def glossary_records(report: Report) -> list[FileRecord]:
    return [_record("Glossary", path, "") for path in report.glossaries]


def _aligner_id(report: Report) -> str:
    recorded = report.settings.get("align")
    if recorded:
        return str(recorded)
    from .. import align as align_module

    return str(getattr(align_module, "ALIGNER_ID", "default"))


def _rule_selection(settings: dict) -> str:
    select = ",".join(settings.get("select") or ())
    ignore = ",".join(settings.get("ignore") or ())
    if not select and not ignore:
        return "all"
    return (select or "all") + (f"-{ignore}" if ignore else "")


def signature(report: Report, glossaries: list[FileRecord] | None = None) -> str:
    """``tqc:VER|align:ID|glossary:sha256:HEX12|rules:SEL|conf:MIN``, in the manner
    of sacrebleu's signatures: two runs with the same signature and the same
    input checksums give the same findings."""
    glossaries = glossary_records(report) if glossaries is None else glossaries
    if glossaries:
        combined = hashlib.sha256("".join(record.sha256 for record in glossaries).encode()).hexdigest()
        glossary_part = f"sha256:{combined[:12]}"
    else:
        glossary_part = "none"
    min_confidence = report.settings.get("min_confidence", 0.0) or 0.0
    return "|".join((
        f"tqc:{report.version or 'unknown'}",
        f"align:{_aligner_id(report)}",
        f"glossary:{glossary_part}",
        f"rules:{_rule_selection(report.settings)}",
        f"conf:{float(min_confidence):g}",
    ))


def alignment_coverage(report: Report) -> tuple[Coverage, Coverage]:
    """(Chinese, English) coverage over article sentences; a side with no article
    sentence at all is measured over all its segments."""
    matched_source: set[int] = set()
    matched_target: set[int] = set()
    for bead in report.alignment:
        if bead.source and bead.target:
            matched_source.update(bead.source)
            matched_target.update(bead.target)

    def coverage(segments, matched: set[int]) -> Coverage:
        counted = [segment for segment in segments if segment.article] or list(segments)
        return Coverage(sum(1 for segment in counted if segment.id in matched), len(counted))

    return (coverage(report.source_segments, matched_source),
            coverage(report.target_segments, matched_target))


def glossary_compliance(report: Report) -> GlossaryCompliance | None:
    """None when the report was made without a glossary file (or it cannot be read now)."""
    from ..glossary import Glossary, SourceMatcher, load_glossary

    if not report.glossaries:
        return None
    glossary = Glossary()
    try:
        for path in report.glossaries:
            glossary = glossary.merged(load_glossary(path))
    except InputError:
        return None
    checked = [segment_id for bead in report.alignment if bead.source and bead.target
               for segment_id in bead.source if 0 <= segment_id < len(report.source_segments)]
    found = SourceMatcher(glossary).find_many(report.source_segments[i].text for i in checked)
    occurrences = sum(1 for matches in found for term, _, _ in matches if term.en)
    codes = [finding.code for finding in report.findings if finding.code.startswith("TM")]
    missing = codes.count("TM01")
    forbidden = codes.count("TM02")
    return GlossaryCompliance(occurrences, min(missing, occurrences), forbidden,
                              len(codes) - missing - forbidden)


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    """Every severity, most serious first, zero counts included."""
    counts = {severity: 0 for severity in SEVERITY_ORDER}
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    return counts


def category_counts(findings: list[Finding]) -> dict[str, int]:
    """Categories that occur, in the model's category order (unknown ones last, sorted)."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.category] = counts.get(finding.category, 0) + 1
    known = [category for category in CATEGORIES if category in counts]
    unknown = sorted(category for category in counts if category not in CATEGORIES)
    return {category: counts[category] for category in known + unknown}


def code_counts(findings: list[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.code] = counts.get(finding.code, 0) + 1
    return dict(sorted(counts.items()))


def most_serious(findings: list[Finding], limit: int) -> list[int]:
    """Indexes of up to ``limit`` findings: most serious first, then report order."""
    ranked = sorted(range(len(findings)),
                    key=lambda index: (-SEVERITY_RANK.get(findings[index].severity, 0), index))
    return ranked[:limit]


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def percent(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate * 100:.1f}%"
