"""The pipeline: document -> segments -> alignment -> findings -> report.

``check`` is the public Python API; the CLI runs the same ``run``.
"""
from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Iterable

from . import __version__
from .align import align, cyclic_gc_paused
from .config import Config, rule_enabled
from .glossary import Glossary, load_glossary
from .model import Bead, Finding, Report
from .reading import Bitext, bitext_from_texts
from .rules import ALL_RULES, CheckContext, Rule
from .segment import segment


def active_rules(config: Config) -> list[Rule]:
    rules = []
    for rule_class in ALL_RULES:
        if rule_enabled(rule_class.code, config):
            rules.append(rule_class(config.severity.get(rule_class.code),
                                    **config.rule_options.get(rule_class.code, {})))
    return rules


def load_glossaries(glossaries: Glossary | str | Path | Iterable | None) -> Glossary:
    """Accept a Glossary, a path, or a list of either; later entries win."""
    if glossaries is None:
        return Glossary()
    if isinstance(glossaries, (Glossary, str, Path)):
        glossaries = [glossaries]
    merged = Glossary()
    for item in glossaries:
        merged = merged.merged(item if isinstance(item, Glossary) else load_glossary(item))
    return merged


def _finding_order(finding: Finding) -> tuple:
    source_line = finding.source.line if finding.source and finding.source.line else 0
    target_line = finding.target.line if finding.target and finding.target.line else 0
    first_segment = (finding.source.segments[:1] if finding.source else ()) or (-1,)
    return (source_line or target_line, first_segment[0], finding.code, finding.message)


def _with_reference(context: CheckContext, reference, config: Config) -> tuple[CheckContext, dict]:
    """Score the draft against a reference; RF01 reads the scores from the context."""
    from .reference import DEFAULT_CHRF_THRESHOLD, reference_for

    result = reference_for(reference, context.source_segments, context.target_segments,
                           context.alignment, context.glossary)
    threshold = (float(config.rule_options.get("RF01", {}).get("threshold", DEFAULT_CHRF_THRESHOLD))
                 if rule_enabled("RF01", config) else None)
    return replace(context, reference=result), result.as_dict(threshold)


class _StageClock:
    """Adds the CPU seconds each stage takes to a dict (``run(stage_times=...)``): CPU
    time, so that other load on the machine does not blur the breakdown."""

    def __init__(self, times: dict[str, float] | None):
        self.times = times
        self.started = time.process_time()

    def lap(self, stage: str) -> None:
        if self.times is not None:
            now = time.process_time()
            self.times[stage] = self.times.get(stage, 0.0) + now - self.started
            self.started = now


def unit_alignment(source_segments, target_segments) -> list[Bead]:
    """Pre-aligned units pair by index; a unit whose one side is blank (an empty
    TSV cell, an XLIFF unit with no <target>) is an untranslated unit, so its two
    sides go in separate beads for the omission rules to see."""
    beads = []
    for index, (source, target) in enumerate(zip(source_segments, target_segments)):
        if bool(source.text.strip()) != bool(target.text.strip()):
            beads += [Bead((index,), (), 1.0), Bead((), (index,), 1.0)]
        else:
            beads.append(Bead((index,), (index,), 1.0))
    return beads


def run(bitext: Bitext, glossary: Glossary | None = None, config: Config | None = None,
        reference=None, stage_times: dict[str, float] | None = None) -> Report:
    """``reference``: an English reference translation (a Document, or a Bitext whose
    target is the reference) to score the draft against; None for no reference.
    ``stage_times``: a dict to which the CPU seconds of each stage are added
    ("segment", "align", "source words", "reference", "rule CODE", "sort"), for
    benchmarks; with it, the rules' shared segmentation of the source
    (``CheckContext.source_words``) is done before the rules, as a stage of its own."""
    with cyclic_gc_paused():
        return _run(bitext, glossary, config, reference, stage_times)


def _run(bitext: Bitext, glossary: Glossary | None, config: Config | None,
         reference, stage_times: dict[str, float] | None) -> Report:
    clock = _StageClock(stage_times)
    config = config or Config()
    glossary = glossary or Glossary()
    source_segments = segment(bitext.source, prealigned=bitext.prealigned)
    target_segments = segment(bitext.target, prealigned=bitext.prealigned)
    clock.lap("segment")
    if bitext.prealigned:
        alignment = unit_alignment(source_segments, target_segments)
    else:
        alignment = align(source_segments, target_segments, glossary)
    clock.lap("align")
    context = CheckContext(bitext.source, bitext.target, source_segments, target_segments,
                           alignment, glossary, bitext.prealigned)
    if stage_times is not None and source_segments:
        # Benchmarks: the segmentation the rules share is a stage of its own, not a cost
        # of whichever rule happens to ask for it first (this segments every sentence).
        context.source_words(0)
        clock.lap("source words")
    reference_data = None
    if reference is not None:
        context, reference_data = _with_reference(context, reference, config)
        clock.lap("reference")
    findings = []
    for rule in active_rules(config):
        findings.extend(finding for finding in rule.check(context)
                        if finding.confidence >= config.min_confidence)
        clock.lap(f"rule {rule.code}")
    findings.sort(key=_finding_order)
    clock.lap("sort")
    return Report(
        source=bitext.source, target=bitext.target,
        source_segments=source_segments, target_segments=target_segments,
        alignment=alignment, findings=findings, glossaries=list(glossary.paths),
        version=__version__,
        settings={"fail_on": config.fail_on, "select": list(config.select),
                  "ignore": list(config.ignore), "min_confidence": config.min_confidence},
        reference=reference_data,
    )


def check(source_text: str, target_text: str, glossary=None, config: Config | None = None) -> Report:
    """Check a Chinese text against its English translation.

    ``glossary`` is a :class:`~tqc.glossary.Glossary`, a glossary file path, or
    a list of them.  Returns a :class:`~tqc.model.Report`; render it with
    :func:`tqc.render`.
    """
    bitext = bitext_from_texts(source_text, target_text)
    return run(bitext, load_glossaries(glossary), config)
