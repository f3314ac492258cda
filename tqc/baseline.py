"""Known findings: fingerprints, the baseline file, the suppression file, inline markers.

A finding's fingerprint is its code, its normalised text and a hash of the text of the
segments it sits in, on both sides; never a line number, so it survives edits elsewhere
in the file.  SARIF's partialFingerprints use the same value.

- ``tqc baseline create`` writes every current finding's fingerprint (with a count, since
  the same finding can occur twice); ``--baseline FILE`` hides that many matching
  findings per file and counts the entries that no longer match ("stale").
- A suppression file (TOML) lists single fingerprints, each with a required reason.
- ``tqc: ignore[CODE]`` in a PO comment or an XLIFF/TMX <note> hides that unit's findings
  of CODE (or a prefix, e.g. ``TM``); tqc.formats reads the markers.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path

from .errors import InputError
from .model import Finding, Location, Report, Segment

BASELINE_SCHEMA = 1
FINGERPRINT_KEY = "tqc/v1"  # the SARIF partialFingerprints key
_FINGERPRINT = re.compile(r"^[0-9a-f]{32}$")
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


# --- fingerprints ---------------------------------------------------------------------------


def normalise_text(text: str | None) -> str:
    """Compatibility forms folded (full-width letters), case folded, whitespace collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text or "")).strip().casefold()


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def _side_parts(location: Location | None, segments: list[Segment]) -> list[str]:
    if location is None:
        return ["-", "-"]
    context = " ".join(segments[index].text for index in location.segments
                       if 0 <= index < len(segments))
    return [normalise_text(location.text), _digest(normalise_text(context), 16)]


def finding_fingerprint(finding: Finding, report: Report) -> str:
    """32 hex digits: code + normalised text + context hash, on the source and target side."""
    parts = [finding.code,
             *_side_parts(finding.source, report.source_segments),
             *_side_parts(finding.target, report.target_segments)]
    if not any(part not in ("-", "") for part in parts[1::2]):
        # No text to anchor on (a document-level finding): its message, numbers removed.
        parts.append(normalise_text(_DIGITS.sub("#", finding.message)))
    return _digest("\x1f".join(parts), 32)


# --- what was hidden, carried in the report's summary ------------------------------------------


@dataclass
class FilteredReport(Report):
    """A Report with known findings removed; ``summary()`` counts what was hidden."""

    # {"baseline": n, "stale": n, "inline": n, "suppressions": n}; only the keys that apply.
    hidden: dict = field(default_factory=dict)

    def summary(self) -> dict:
        data = super().summary()
        if self.hidden:
            data["suppressed"] = dict(self.hidden)
        return data


def _with_findings(report: Report, findings: list[Finding], hidden: dict) -> FilteredReport:
    values = {item.name: getattr(report, item.name) for item in fields(Report)}
    previous = dict(getattr(report, "hidden", {}))
    for key, count in hidden.items():
        previous[key] = previous.get(key, 0) + count
    return FilteredReport(**{**values, "findings": findings}, hidden=previous)


def file_key(path: str, base: str | Path) -> str:
    """``path`` relative to ``base`` with / separators, as baseline and suppression files store it."""
    if path in ("-", "") or path.startswith("<"):
        return path
    try:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    except ValueError:  # another drive on Windows
        relative = os.path.abspath(path)
    return relative.replace(os.sep, "/")


# --- inline markers ---------------------------------------------------------------------------


def _code_matches(code: str, prefixes) -> bool:
    return any(code.startswith(prefix) for prefix in prefixes)


def apply_inline_ignores(report: Report, ignored: dict[int, tuple[str, ...]]) -> Report:
    """Hide findings on units whose notes say ``tqc: ignore[CODE]``.  Pre-aligned units
    are one segment each, so a segment id is a unit index."""
    if not ignored:
        return report
    kept: list[Finding] = []
    for finding in report.findings:
        units = {index for location in (finding.source, finding.target) if location
                 for index in location.segments}
        if any(_code_matches(finding.code, ignored.get(unit, ())) for unit in units):
            continue
        kept.append(finding)
    return _with_findings(report, kept, {"inline": len(report.findings) - len(kept)})


# --- the suppression file -------------------------------------------------------------------


@dataclass(frozen=True)
class Suppression:
    fingerprint: str
    reason: str
    code: str | None = None
    file: str | None = None  # relative to the suppression file
    line: int | None = None  # where the entry starts in the suppression file, for messages


@dataclass
class Suppressions:
    path: str
    entries: list[Suppression]

    @property
    def base(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))


_SUPPRESSION_KEYS = {"fingerprint", "reason", "code", "file"}


def load_suppressions(path: str) -> Suppressions:
    """Read a suppression file::

        [[suppress]]
        fingerprint = "0123456789abcdef0123456789abcdef"
        reason = "the client's style guide spells it this way"
        code = "TM02"              # optional, checked against the finding
        file = "docs/a.zh.txt"     # optional, relative to this file
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(path, f"cannot read the suppression file: {error.strerror}") from None
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(path, f"invalid TOML: {error}") from None
    unknown = sorted(set(data) - {"suppress"})
    if unknown:
        raise InputError(path, f"{unknown[0]}: unknown key (expected [[suppress]] entries)")
    tables = data.get("suppress", [])
    if not isinstance(tables, list):
        raise InputError(path, "suppress: must be an array of tables ([[suppress]])")
    starts = [number for number, line in enumerate(text.split("\n"), start=1)
              if line.strip().startswith("[[suppress]]")]
    entries = []
    for index, table in enumerate(tables):
        line = starts[index] if index < len(starts) else None
        where = f"suppress[{index}]"
        extra = sorted(set(table) - _SUPPRESSION_KEYS)
        if extra:
            raise InputError(path, f"{where}.{extra[0]}: unknown key", line)
        fingerprint = table.get("fingerprint")
        if not isinstance(fingerprint, str) or not _FINGERPRINT.match(fingerprint):
            raise InputError(path, f"{where}.fingerprint: must be 32 hex digits, as in the "
                                   "baseline file or the SARIF partialFingerprints", line)
        reason = table.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise InputError(path, f"{where}.reason: a reason is required", line)
        for key in ("code", "file"):
            if key in table and (not isinstance(table[key], str) or not table[key].strip()):
                raise InputError(path, f"{where}.{key}: must be a non-empty string", line)
        entries.append(Suppression(fingerprint, reason.strip(), table.get("code"),
                                   table.get("file"), line))
    return Suppressions(path, entries)


def apply_suppressions(report: Report, suppressions: Suppressions) -> tuple[Report, set[int]]:
    """Hide suppressed findings; also returns the indexes of the entries that matched."""
    source_file = file_key(report.source.path, suppressions.base)
    used: set[int] = set()
    kept: list[Finding] = []
    for finding in report.findings:
        fingerprint = finding_fingerprint(finding, report)
        match = next((index for index, entry in enumerate(suppressions.entries)
                      if entry.fingerprint == fingerprint
                      and entry.code in (None, finding.code)
                      and entry.file in (None, source_file)), None)
        if match is None:
            kept.append(finding)
        else:
            used.add(match)
    return _with_findings(report, kept, {"suppressions": len(report.findings) - len(kept)}), used


# --- the baseline file -----------------------------------------------------------------------


@dataclass
class Baseline:
    path: str
    counts: Counter  # (file key, fingerprint) -> how many findings it stands for

    @property
    def base(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))


def baseline_entries(reports: list[Report], baseline_path: str) -> list[dict]:
    """Entries for ``reports``, keyed by source file (relative to the baseline file)."""
    base = os.path.dirname(os.path.abspath(baseline_path))
    grouped: dict[tuple[str, str], dict] = {}
    for report in reports:
        source_file = file_key(report.source.path, base)
        for finding in report.findings:
            key = (source_file, finding_fingerprint(finding, report))
            if key in grouped:
                grouped[key]["count"] += 1
                continue
            location = finding.source if finding.source and finding.source.text else finding.target
            grouped[key] = {"file": source_file, "fingerprint": key[1], "code": finding.code,
                            "count": 1, "message": finding.message,
                            "text": location.text if location else None}
    return [grouped[key] for key in sorted(grouped, key=lambda k: (k[0], grouped[k]["code"], k[1]))]


def render_baseline(reports: list[Report], baseline_path: str, version: str) -> str:
    data = {"schema": BASELINE_SCHEMA, "tool": {"name": "tqc", "version": version},
            "fingerprint": FINGERPRINT_KEY, "entries": baseline_entries(reports, baseline_path)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def load_baseline(path: str) -> Baseline:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "no such baseline file (create one with 'tqc baseline create')") from None
    except OSError as error:
        raise InputError(path, f"cannot read the baseline: {error.strerror}") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise InputError(path, f"not a tqc baseline (invalid JSON: {error})") from None
    if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA \
            or not isinstance(data.get("entries"), list):
        raise InputError(path, f"not a tqc baseline (expected schema {BASELINE_SCHEMA} with entries)")
    counts: Counter = Counter()
    for index, entry in enumerate(data["entries"]):
        if (not isinstance(entry, dict) or not isinstance(entry.get("file"), str)
                or not _FINGERPRINT.match(str(entry.get("fingerprint", "")))
                or not isinstance(entry.get("count", 1), int) or entry.get("count", 1) < 1):
            raise InputError(path, f"entries[{index}]: needs file, a 32-hex-digit fingerprint "
                                   "and a positive count")
        counts[(entry["file"], entry["fingerprint"])] += entry.get("count", 1)
    return Baseline(path, counts)


def apply_baseline(report: Report, baseline: Baseline) -> Report:
    """Hide the findings the baseline knows (as many as it counts); the entries of this
    file that matched nothing are counted as stale."""
    source_file = file_key(report.source.path, baseline.base)
    remaining = Counter({key: count for key, count in baseline.counts.items() if key[0] == source_file})
    kept: list[Finding] = []
    for finding in report.findings:
        key = (source_file, finding_fingerprint(finding, report))
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            kept.append(finding)
    return _with_findings(report, kept, {"baseline": len(report.findings) - len(kept),
                                         "stale": sum(remaining.values())})


def hidden_totals(reports: list[Report]) -> dict:
    """The ``suppressed`` counts of several reports, added up."""
    totals: dict[str, int] = {}
    for report in reports:
        for key, count in getattr(report, "hidden", {}).items():
            totals[key] = totals.get(key, 0) + count
    return totals


def describe_hidden(totals: dict, unused_suppressions: int = 0) -> str | None:
    """One line for stderr about what was hidden, or None when nothing was."""
    parts = []
    if "baseline" in totals:
        parts.append(f"{totals['baseline']} known finding(s) hidden by the baseline, "
                     f"{totals.get('stale', 0)} stale baseline entr{'y' if totals.get('stale') == 1 else 'ies'}"
                     + (" (fixed; refresh with 'tqc baseline create')" if totals.get("stale") else ""))
    if totals.get("suppressions"):
        parts.append(f"{totals['suppressions']} suppressed by the suppression file")
    if unused_suppressions:
        parts.append(f"{unused_suppressions} suppression entr"
                     f"{'y' if unused_suppressions == 1 else 'ies'} matched nothing")
    if totals.get("inline"):
        parts.append(f"{totals['inline']} hidden by tqc: ignore markers")
    return "; ".join(parts) if parts else None
