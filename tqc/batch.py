"""Checking one pair or many: input planning, pairing, worker processes, outputs.

``tqc check`` gives its paths to :func:`plan_inputs`.  One file (bilingual text, TSV,
TMX/XLIFF/PO/CSV) or two files (Chinese, English) is a single check whose reports are
unchanged.  A directory, a glob, more than two paths or ``--batch`` is a batch (two
paths that are a file and a directory or glob are refused without ``--batch``):
Chinese and English files are paired by the configured patterns
(``{name}.zh.txt`` <-> ``{name}.en.txt``, ``zh/{name}`` <-> ``en/{name}``,
``{name}.zh`` <-> ``{name}.en``; a file's
partner is also looked up on disk, so pre-commit can pass only the changed files),
exchange files stand alone, and files without a partner are reported.  A batch gives
one combined report; JSON is ``{"schema": 1, "files": [...], "summary": {...}}``.
"""
from __future__ import annotations

import glob
import json
import os
import re
import sys
from dataclasses import dataclass, field

from .baseline import (Baseline, Suppressions, apply_baseline, apply_inline_ignores,
                       apply_suppressions, hidden_totals)
from .config import Config
from .errors import InputError
from .formats import EXCHANGE_EXTENSIONS, TOOLKIT_EXTENSIONS, is_exchange_file
from .model import SEVERITY_RANK, Report

GLOB_CHARACTERS = re.compile(r"[*?\[]")
# Folders a directory walk never enters: tool caches and dependencies, not documents.
SKIPPED_DIRECTORIES = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})
STANDALONE_EXTENSIONS = frozenset({*EXCHANGE_EXTENSIONS, *TOOLKIT_EXTENSIONS, ".tsv"})
# Formats that show one file pair; a batch writes one file per pair into a directory.
PER_PAIR_FORMATS = {"html": ".html", "csv": ".csv"}


# --- planning: which files, paired how ---------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One check: a Chinese file and its English file, or one self-contained file."""

    source: str
    target: str | None = None

    @property
    def files(self) -> list[str]:
        return [self.source] + ([self.target] if self.target else [])


@dataclass
class Plan:
    jobs: list[Job]
    batch: bool
    unpaired: list[dict] = field(default_factory=list)  # [{"path": ..., "reason": ...}]


@dataclass(frozen=True)
class _Pattern:
    index: int
    zh: str
    en: str

    def match(self, path: str) -> tuple[str, str] | None:
        """(language, partner path) when ``path`` matches either side of the pattern."""
        for language, mine, other in (("zh", self.zh, self.en), ("en", self.en, self.zh)):
            before, after = mine.split("{name}")
            found = re.fullmatch(r"(?P<prefix>(?:.*/)??)" + re.escape(before) + r"(?P<name>.+)"
                                 + re.escape(after), path)
            if found:
                partner = found.group("prefix") + other.replace("{name}", found.group("name"))
                return language, partner
        return None


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def _walk(directory: str) -> list[str]:
    found = []
    for root, folders, files in os.walk(directory):
        folders[:] = sorted(name for name in folders
                            if not name.startswith(".") and name not in SKIPPED_DIRECTORIES)
        found.extend(_posix(os.path.join(root, name)) for name in sorted(files)
                     if not name.startswith("."))
    return found


def _expand(paths: list[str]) -> tuple[list[str], list[str]]:
    """(named files, files found by walking directories), each in a stable order."""
    named: list[str] = []
    walked: list[str] = []
    for path in paths:
        if path == "-" or os.path.isfile(path):
            named.append(_posix(path))
        elif os.path.isdir(path):
            walked.extend(_walk(path))
        elif GLOB_CHARACTERS.search(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                raise InputError(path, "the pattern matches no file")
            for match in matches:
                if os.path.isdir(match):
                    walked.extend(_walk(match))
                else:
                    named.append(_posix(match))
        else:
            raise InputError(path, "no such file or directory")
    return named, walked


def _refuse_file_beside_batch_path(paths: list[str]) -> None:
    """Two paths read as INPUT TARGET, but one is a directory or a glob: neither a pair
    nor a documented batch form, so ask which was meant rather than guess."""
    kinds = ["file" if os.path.isfile(path) else "directory" if os.path.isdir(path)
             else "glob" if GLOB_CHARACTERS.search(path) else None for path in paths]
    if "file" not in kinds or None in kinds or kinds == ["file", "file"]:
        return  # two directories or globs are a batch; a missing path is reported later
    file = paths[kinds.index("file")]
    other = 1 - kinds.index("file")
    raise InputError(None, f"{file} is a file but {paths[other]} is a {kinds[other]}: give two "
                           f"files (Chinese, English) to check one pair, or add --batch to "
                           f"check everything they name as one batch")


def plan_inputs(paths: list[str] | tuple[str, ...], batch: bool = False,
                pairs: tuple[tuple[str, str], ...] = Config.pairs) -> Plan:
    """Decide what to check.  One or two plain file paths without ``batch`` are a
    single check (a bilingual or exchange file, or Chinese + English)."""
    paths = list(paths)
    if not paths:
        raise InputError(None, "no input given")
    plain = all(path == "-" or (os.path.exists(path) and not os.path.isdir(path)) for path in paths)
    if not batch and plain and len(paths) <= 2:
        return Plan([Job(paths[0], paths[1] if len(paths) == 2 else None)], batch=False)
    if not batch and len(paths) == 2:
        _refuse_file_beside_batch_path(paths)
    if "-" in paths:
        raise InputError("-", "standard input cannot be part of a batch")
    named, walked = _expand(paths)
    patterns = [_Pattern(index, zh, en) for index, (zh, en) in enumerate(pairs)]
    jobs: dict[Job, None] = {}
    unpaired: dict[str, str] = {}
    seen: set[str] = set()
    for path, was_named in [*((path, True) for path in named), *((path, False) for path in walked)]:
        if path in seen:
            continue
        seen.add(path)
        matched = next(((pattern, hit) for pattern in patterns
                        if (hit := pattern.match(path)) is not None), None)
        if matched is not None:
            _, (language, partner) = matched
            if os.path.isfile(partner):
                job = Job(path, partner) if language == "zh" else Job(partner, path)
                jobs[job] = None
                seen.add(partner)
                unpaired.pop(partner, None)
            else:
                missing = "English" if language == "zh" else "Chinese"
                unpaired[path] = f"no {missing} partner (expected {partner})"
        elif os.path.splitext(path)[1].lower() in STANDALONE_EXTENSIONS or was_named:
            jobs[Job(path)] = None  # exchange file, TSV, or a named bilingual text file
    if not jobs and not unpaired:
        raise InputError(" ".join(paths), "found no file to check (no file matches the pairing "
                                          "patterns or is a TMX/XLIFF/PO/CSV/TSV file)")
    return Plan(sorted(jobs, key=lambda job: (job.source, job.target or "")), batch=True,
                unpaired=[{"path": path, "reason": reason} for path, reason in sorted(unpaired.items())])


# --- running ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckSettings:
    """Everything a check needs besides its files; picklable for worker processes."""

    config: Config
    glossary: object  # tqc.glossary.Glossary
    source_lang: str | None = None
    target_lang: str | None = None
    swap: bool = False
    baseline: Baseline | None = None
    suppressions: Suppressions | None = None
    reference: str | None = None  # a reference translation file (single checks only)
    # A single check refuses language options on a text file; a batch applies them to
    # its exchange files only.
    batch: bool = False


def check_job(job: Job, settings: CheckSettings) -> tuple[Report, set[int]]:
    """Read, check and filter one job; also returns the suppression entries it used."""
    from .pipeline import run
    from .reading import read_inputs

    languages = {}
    given = settings.swap or settings.source_lang or settings.target_lang
    if is_exchange_file(job.source) or (given and not settings.batch):
        languages = {"source_lang": settings.source_lang, "target_lang": settings.target_lang,
                     "swap": settings.swap}
    bitext = read_inputs(job.source, job.target, **languages)
    reference = None
    if settings.reference:
        from .reference import read_reference
        reference = read_reference(settings.reference)
    report = run(bitext, settings.glossary, settings.config, reference=reference)
    report = apply_inline_ignores(report, getattr(bitext, "ignored", {}))
    used: set[int] = set()
    if settings.suppressions is not None:
        report, used = apply_suppressions(report, settings.suppressions)
    if settings.baseline is not None:
        report = apply_baseline(report, settings.baseline)
    return report, used


@dataclass
class ReportBatch:
    """The reports of a batch, with what could not be paired or read."""

    reports: list[Report]
    unpaired: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # [{"files", "message", "line"}]
    unused_suppressions: int = 0

    def summary(self) -> dict:
        by_severity: dict[str, int] = {}
        by_code: dict[str, int] = {}
        per_file = []
        for report in self.reports:
            single = report.summary()
            for key, target in (("by_severity", by_severity), ("by_code", by_code)):
                for name, count in single[key].items():
                    target[name] = target.get(name, 0) + count
            per_file.append({"source": report.source.path, "target": report.target.path,
                             "findings": single["findings"], "by_severity": single["by_severity"]})
        data = {"pairs": len(self.reports),
                "findings": sum(len(report.findings) for report in self.reports),
                "by_severity": dict(sorted(by_severity.items())),
                "by_code": dict(sorted(by_code.items())),
                "files": per_file, "unpaired": list(self.unpaired), "errors": list(self.errors)}
        hidden = hidden_totals(self.reports)
        if hidden:
            data["suppressed"] = hidden
        return data


class Progress:
    """A one-line progress bar on stderr, drawn only on a terminal."""

    WIDTH = 24

    def __init__(self, total: int, stream=None, enabled: bool | None = None):
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled

    def advance(self, label: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        filled = self.WIDTH * self.done // max(self.total, 1)
        label = label if len(label) <= 40 else "…" + label[-39:]
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] "
                          f"{self.done}/{self.total} {label}\033[K")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.total:
            self.stream.write("\r\033[K")
            self.stream.flush()


_worker_settings: CheckSettings | None = None


def _start_worker(settings: CheckSettings) -> None:
    global _worker_settings
    _worker_settings = settings


def _work(job: Job):
    """Runs in a worker process: InputErrors come back as data, not as exceptions."""
    try:
        return "ok", check_job(job, _worker_settings)
    except InputError as error:
        return "error", {"files": job.files, "message": str(error), "line": error.line}


def run_batch(plan: Plan, settings: CheckSettings, jobs: int = 1,
              progress: Progress | None = None) -> ReportBatch:
    """Check every job of ``plan`` (in ``jobs`` processes); results keep the plan's order."""
    outcomes: list = [None] * len(plan.jobs)
    progress = progress or Progress(len(plan.jobs), enabled=False)
    workers = max(1, min(jobs, len(plan.jobs)))
    if workers == 1:
        _start_worker(settings)
        for index, job in enumerate(plan.jobs):
            outcomes[index] = _work(job)
            progress.advance(job.source)
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                                 initargs=(settings,)) as pool:
            futures = {pool.submit(_work, job): index for index, job in enumerate(plan.jobs)}
            for future in as_completed(futures):
                index = futures[future]
                outcomes[index] = future.result()
                progress.advance(plan.jobs[index].source)
    progress.close()
    batch = ReportBatch([], list(plan.unpaired))
    used: set[int] = set()
    for kind, value in outcomes:
        if kind == "ok":
            batch.reports.append(value[0])
            used |= value[1]
        else:
            batch.errors.append(value)
    if settings.suppressions is not None:
        batch.unused_suppressions = len(settings.suppressions.entries) - len(used)
    return batch


def run_single(job: Job, settings: CheckSettings) -> tuple[Report, int]:
    """One check, errors raised; also returns how many suppression entries matched nothing."""
    report, used = check_job(job, settings)
    unused = len(settings.suppressions.entries) - len(used) if settings.suppressions else 0
    return report, unused


def exit_status(result: Report | ReportBatch, fail_on: str) -> int:
    """2 when a batch could not read a pair, else 1 when a finding reaches ``fail_on``, else 0."""
    reports = result.reports if isinstance(result, ReportBatch) else [result]
    if isinstance(result, ReportBatch) and result.errors:
        return 2
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    return int(any(SEVERITY_RANK[finding.severity] >= threshold
                   for report in reports for finding in report.findings))


# --- outputs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutputTarget:
    format: str
    destination: str | None  # None or "-": standard output


def parse_output_format(value: str) -> OutputTarget:
    """``json=out.json`` -> OutputTarget("json", "out.json"); ``sarif`` -> standard output."""
    from .reporters import FORMATS

    name, separator, destination = value.partition("=")
    name = name.strip()
    if name not in FORMATS:
        raise InputError(None, f"--output-format {value}: no format {name!r}; choose from "
                               f"{', '.join(FORMATS)}")
    if separator and not destination.strip():
        raise InputError(None, f"--output-format {value}: give a path after '=' (or '-')")
    return OutputTarget(name, destination.strip() or None)


def output_targets(config: Config, output_formats: tuple[str, ...] = ()) -> list[OutputTarget]:
    """Where the reports go.  ``--output-format`` entries, else the config's ``outputs``;
    ``--format``/``--output`` add one more when given on the command line, and are the
    only output when neither list is given."""
    listed = [parse_output_format(value) for value in output_formats] or \
        [OutputTarget(name, path) for name, path in config.outputs]
    primary_given = any(config.origin(key) == "command line" for key in ("format", "output"))
    targets = listed + ([OutputTarget(config.format, config.output)] if primary_given or not listed else [])
    if config.output_dir:
        targets = [OutputTarget(target.format, _under(config.output_dir, target.destination))
                   for target in targets]
    to_stdout = [target for target in targets if target.destination in (None, "-")]
    if len(to_stdout) > 1:
        raise InputError(None, "only one report can go to standard output; give the others a path "
                               "(--output-format FORMAT=PATH)")
    return targets


def _under(directory: str, destination: str | None) -> str | None:
    if destination in (None, "-") or os.path.isabs(destination):
        return destination
    return os.path.join(directory, destination)


def batch_json(batch: ReportBatch) -> dict:
    from . import __version__
    from .reporters.json_report import SCHEMA_VERSION, report_dict

    version = next((report.version for report in batch.reports if report.version), __version__)
    return {"schema": SCHEMA_VERSION, "tool": {"name": "tqc", "version": version},
            "files": [report_dict(report) for report in batch.reports], "summary": batch.summary()}


def _pair_title(report: Report) -> str:
    source, target = report.source.path, report.target.path
    return source if source == target else f"{source} -> {target}"


def _concatenated(batch: ReportBatch, format: str, color: bool) -> str:
    from .reporters import render

    parts = []
    for report in batch.reports:
        heading = f"== {_pair_title(report)} ==" if format == "text" else f"## {_pair_title(report)}"
        parts.append(f"{heading}\n\n{render(report, format, color=color)}")
    notes = [f"{item['path']}: {item['reason']}" for item in batch.unpaired]
    notes += [f"error: {error['message']}" for error in batch.errors]
    summary = batch.summary()
    notes.append(f"{summary['findings']} finding{'s' if summary['findings'] != 1 else ''} in "
                 f"{summary['pairs']} file pair{'s' if summary['pairs'] != 1 else ''}"
                 + (f", {len(batch.unpaired)} unpaired" if batch.unpaired else "")
                 + (f", {len(batch.errors)} unreadable" if batch.errors else ""))
    bullet = "" if format == "text" else "- "
    return "\n".join(parts) + "\n".join(bullet + note for note in notes) + "\n"


def render_result(result: Report | ReportBatch, format: str, color: bool = False) -> str:
    """Text of one output format; per-pair formats (html, csv) of a batch use
    :func:`per_pair_files` instead."""
    from .reporters import FORMATS, render

    if not isinstance(result, ReportBatch):
        return render(result, format, color=color)
    if format == "json":
        return json.dumps(batch_json(result), ensure_ascii=False, indent=2) + "\n"
    if format in ("sarif", "junit", "github"):
        return FORMATS[format](result, None)
    if format in PER_PAIR_FORMATS:
        raise InputError(None, f"{format} shows one file pair; for a batch give a directory: "
                               f"--output-format {format}=reports/")
    return _concatenated(result, format, color)


def per_pair_files(batch: ReportBatch, format: str, directory: str) -> list[tuple[str, str]]:
    """[(path, text)]: one ``format`` report per pair in ``directory``, named after the source."""
    from .reporters import render

    files, used = [], set()
    for report in batch.reports:
        stem = os.path.splitext(os.path.relpath(os.path.abspath(report.source.path)))[0]
        stem = re.sub(r"[\\/:]+", "__", stem.lstrip("./\\")) or "report"
        name, number = stem, 1
        while name in used:
            number += 1
            name = f"{stem}-{number}"
        used.add(name)
        files.append((os.path.join(directory, name + PER_PAIR_FORMATS[format]), render(report, format)))
    return files


def check_outputs(targets: list[OutputTarget], inputs: list[str], batch: bool) -> None:
    """Refuse, before any checking, outputs that cannot be written: over an input, into
    a missing directory, or a one-pair format (html, csv) of a batch to a single file."""
    from .output import check_destination

    for target in targets:
        destination = target.destination
        if batch and target.format in PER_PAIR_FORMATS:
            if destination in (None, "-") or not (destination.endswith(("/", os.sep))
                                                  or os.path.isdir(destination)):
                raise InputError(destination, f"{target.format} shows one file pair; for a batch "
                                 f"give a directory: --output-format {target.format}=reports/")
        elif destination not in (None, "-"):
            check_destination(destination, inputs)


def write_outputs(result: Report | ReportBatch, targets: list[OutputTarget], inputs: list[str],
                  color_stdout: bool = False, output_dir: str | None = None) -> list[str]:
    """Render and write every target; returns the files written.  ``output_dir`` (the
    configured one) is created when missing; other missing directories are errors.
    Nothing is written unless every target can be."""
    from .output import write_report

    if output_dir:
        try:
            os.makedirs(output_dir, exist_ok=True)
        except OSError as error:
            raise InputError(output_dir, f"cannot create the output directory: {error.strerror}") from None
    batch = isinstance(result, ReportBatch)
    check_outputs(targets, inputs, batch)
    written = []
    for target in targets:
        destination = target.destination
        if batch and target.format in PER_PAIR_FORMATS:
            os.makedirs(destination, exist_ok=True)
            for path, text in per_pair_files(result, target.format, destination):
                write_report(text, path, inputs)
                written.append(path)
            continue
        color = color_stdout and destination in (None, "-") and target.format == "text"
        write_report(render_result(result, target.format, color), destination, inputs)
        if destination not in (None, "-"):
            written.append(destination)
    return written


def input_files(plan: Plan) -> list[str]:
    """Every input path of ``plan``: outputs must never overwrite one."""
    return [path for job in plan.jobs for path in job.files]
