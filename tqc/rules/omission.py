"""Source content with no English: whole sentences, whole blocks, parts of sentences."""
from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Callable, Iterator, Sequence

from ..coverage import (LengthModel, OmissionEvidence, fit_length_model_of_chars, glossary_pairs,
                        omission_evidence, source_chars, target_chars)
from ..lexicon import ZhWord
from ..model import Finding
from ..numbers import Quantity
from ..script import HAN_RUN
from .base import CheckContext, Rule
from .beads import clip, matter_only_pair, neighbour_target_text, runs_of_unmatched
from .terminology import missing_terms
from .truncation import find_cuts, is_complete


class UntranslatedSentence(Rule):
    """An article sentence of the Chinese has no English counterpart.

    Fires on a 1-0 bead, or once on a run of adjacent 1-0 beads, quoting the
    whole Chinese text that is missing and the English on either side, so the
    reader sees where the translation should have gone.  Chinese sentences after an
    English paragraph that was cut off are reported with the cut (TR02) instead.

    Bad:
    zh: 会议于周一开幕。共有三百人出席。会议为期两天。
    en: The meeting opened on Monday. It lasted two days.

    Good:
    zh: 会议于周一开幕。共有三百人出席。会议为期两天。
    en: The meeting opened on Monday. Three hundred people attended. It lasted two days.
    """

    code = "OM01"
    name = "untranslated-sentence"
    category = "omission"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        reported_with_cut = {i for cut in find_cuts(context) for i in cut.following + cut.source}
        for run, position in runs_of_unmatched(context, "source", article=True):
            if set(run) <= reported_with_cut:
                continue
            run = tuple(i for i in run if i not in reported_with_cut)
            before, after = neighbour_target_text(context, position, len(run))
            text = context.source_text(run)
            yield self.finding(
                f"Chinese text has no English translation{_between(before, after)}: {clip(text)}",
                source=context.location("source", run),
                target=context.location("target", ()),
                confidence=_run_confidence(context, position),
            )


class UntranslatedBlock(Rule):
    """A non-article block (sidebar, news box, caption, table) was not translated.

    Reported once per block, never sentence by sentence, because boxed items
    are often left out of a translation on purpose; the editor decides.

    Bad:
    zh: 【本刊讯】编辑部举办了年度读者座谈会。
    en: (nothing corresponding to the boxed notice)

    Good:
    zh: 【本刊讯】编辑部举办了年度读者座谈会。
    en: [News] The editorial office held its annual readers' forum.

    Options:
    kinds: block kinds reported (default: sidebar, news, caption, table, footnote)
    """

    code = "OM02"
    name = "untranslated-block"
    category = "omission"
    severity = "warning"
    options = {"kinds": ["sidebar", "news", "caption", "table", "footnote"]}

    def check(self, context: CheckContext) -> Iterator[Finding]:
        kinds = set(self.settings["kinds"])
        for bead in context.alignment:
            if bead.target and not matter_only_pair(context, bead):
                continue
            for segment_id in bead.source:
                segment = context.source_segments[segment_id]
                if segment.article or segment.kind not in kinds:
                    continue
                yield self.finding(
                    f"{segment.kind} block has no English counterpart: {clip(segment.text)}",
                    source=context.location("source", (segment_id,)),
                    target=context.location("target", ()),
                    confidence=0.9,
                )


class PartialOmission(Rule):
    """Part of a Chinese sentence is missing from its English: a clause, phrase or item.

    Weighs three kinds of evidence for each aligned pair of sentences: how short the
    English is against this document's own length ratios (a z-score, not a fixed
    percentage); which Chinese content words and glossary terms have no dictionary
    translation in the English, gathered into the stretch that holds the most of
    them; and figures the English lacks.  The confidence is the probability of a real
    omission under a model fitted on held-out translations; the finding shows the
    uncovered Chinese stretch as the suspected omitted text.  Severity is error from
    confidence 0.8; below that, a stretch of one short word (under three characters)
    is not reported, since a single word is as often paraphrased as left out.  Pairs
    whose English is cut off are left to TR01/TR02, and a suspected omission that is
    nothing but glossary terms with no rendering in the English is left to TM01.

    Bad:
    zh: 研究团队在三个省份开展了调查，共有两千名农民参与了访谈，调查持续了六个月。
    en: The research team carried out a survey in three provinces, which lasted six months.

    Good:
    zh: 研究团队在三个省份开展了调查，共有两千名农民参与了访谈，调查持续了六个月。
    en: The research team surveyed three provinces, where 2,000 farmers were interviewed over six months.

    Options:
    threshold: smallest confidence reported (default 0.5)
    error_from: confidence from which the severity is error (default 0.8)
    """

    code = "OM03"
    name = "partial-omission"
    category = "omission"
    severity = "warning"
    options = {"threshold": 0.5, "error_from": 0.8}
    # Sentences this short carry too little evidence either way.
    MIN_CHINESE_CHARS = 8
    # A pair whose English covers less than this share of the Chinese content is more
    # likely a wrong pairing than a partial translation (95% of sentences with one
    # clause cut out keep 0.35 or more).
    MIN_COVERED_SHARE = 0.25
    # Below error confidence, the suspected omission must be a phrase, not one short word.
    MIN_GAP_CHARS = 3

    def check(self, context: CheckContext) -> Iterator[Finding]:
        pairs = [bead for bead in context.alignment if bead.source and bead.target
                 and all(context.source_segments[i].article for i in bead.source)
                 and all(context.target_segments[j].article for j in bead.target)]
        texts = [(context.source_text(b.source), context.target_text(b.target)) for b in pairs]
        lengths = [(source_chars(source), target_chars(target)) for source, target in texts]
        model = fit_length_model_of_chars(lengths)
        cut_targets = {cut.segment for cut in find_cuts(context)
                       if cut.side == "target" and cut.code in ("TR01", "TR02")}
        terms = glossary_pairs(context.glossary)
        threshold = float(self.settings["threshold"])
        error_from = float(self.settings["error_from"])
        segments = context.source_segments
        missing_term_spans = _missing_term_spans(context)
        for bead, (source_text, target_text), length in zip(pairs, texts, lengths):
            if cut_targets and cut_targets.intersection(bead.target):
                continue
            if any(segments[i].kind in _HEADING_KINDS for i in bead.source):
                continue  # headings are shortened on purpose
            evidence = self.assess(
                source_text, target_text, model, terms, z=model.z_of_chars(*length),
                words=_bead_words(context, bead.source),
                source_numbers=partial(_bead_quantities, context, "source", bead.source),
                target_numbers=partial(_bead_quantities, context, "target", bead.target),
                at_least=threshold)
            if evidence is None or evidence.probability < threshold:
                continue
            probability, gap = evidence.probability, evidence.coverage.gap
            if _explained_by_terms(evidence, missing_term_spans.get(bead.source, ())):
                continue  # TM01 reports these terms, with their renderings: one finding
            segment_id, span = _segment_span(context, bead.source, gap.start, gap.end)
            severity = None
            if probability >= error_from and self.effective_severity == self.severity:
                severity = "error"
            yield self.finding(
                _partial_message(evidence, gap.text),
                source=context.location("source", (segment_id,), text=None, span=span),
                target=context.location("target", bead.target),
                confidence=probability, severity=severity,
            )

    def assess(self, source_text: str, target_text: str, model: LengthModel,
               terms: Sequence[tuple[str, tuple[str, ...]]] = (), *,
               words: Sequence[ZhWord] | None = None,
               source_numbers: Sequence[Quantity] | Callable[[], Sequence[Quantity]] | None = None,
               target_numbers: Sequence[Quantity] | Callable[[], Sequence[Quantity]] | None = None,
               z: float | None = None, at_least: float = 0.0) -> OmissionEvidence | None:
        """The evidence on one sentence pair, or None when the pair is not judged: too
        short, not a sentence on either side, nothing uncovered, or so little covered
        that it is more likely a wrong pairing; or, given ``at_least``, when its
        probability is certainly below that.  ``words`` (jieba's words of the Chinese),
        the quantities of both sides and the length z-score are computed here when not
        given (see ``tqc.coverage.omission_evidence``)."""
        if not is_complete(source_text.rstrip()) and not is_complete(target_text.rstrip()):
            return None  # neither side is a sentence: a heading or label reflow kept as body
        if _han_count(source_text) < self.MIN_CHINESE_CHARS:
            return None
        evidence = omission_evidence(source_text, target_text, model, terms, words,
                                     source_numbers, target_numbers, z, at_least)
        if evidence is None or evidence.coverage.gap is None \
                or evidence.coverage.share < self.MIN_COVERED_SHARE:
            return None
        if evidence.probability < float(self.settings["error_from"]) \
                and _han_count(evidence.coverage.gap.text) < self.MIN_GAP_CHARS:
            return None  # one short word unmatched is as often paraphrase as omission
        return evidence


_HEADING_KINDS = frozenset({"heading", "title"})


def _han_count(text: str) -> int:
    return sum(map(len, HAN_RUN.findall(text)))


def _bead_words(context: CheckContext, ids: tuple[int, ...]) -> Sequence[ZhWord]:
    """The shared jieba words of source segments ``ids``, offsets into their joined text."""
    if len(ids) == 1:
        return context.source_words(ids[0])
    words: list[ZhWord] = []
    offset = 0
    for segment_id in ids:
        words.extend((word, tag, start + offset, end + offset)
                     for word, tag, start, end in context.source_words(segment_id))
        offset += len(context.source_segments[segment_id].text)
    return words


def _bead_quantities(context: CheckContext, side: str, ids: tuple[int, ...]) -> list[Quantity]:
    """The shared quantities of segments ``ids`` on ``side``, offsets into their joined
    text (as CheckContext.source_text and target_text join them)."""
    if len(ids) == 1:
        return context.quantities(side, ids[0])
    segments = context.source_segments if side == "source" else context.target_segments
    joiner = 0 if side == "source" else 1
    quantities: list[Quantity] = []
    offset = 0
    for segment_id in ids:
        quantities.extend(replace(quantity, start=quantity.start + offset, end=quantity.end + offset)
                          if offset else quantity
                          for quantity in context.quantities(side, segment_id))
        offset += len(segments[segment_id].text) + joiner
    return quantities


def _missing_term_spans(context: CheckContext) -> dict[tuple[int, ...], list[tuple[int, int]]]:
    """Source ids of a bead -> spans (in its joined Chinese) of the glossary terms TM01
    reports as having no rendering at all in its English."""
    spans: dict[tuple[int, ...], list[tuple[int, int]]] = {}
    for missing in missing_terms(context):
        if missing.rendered:
            continue  # some occurrences are rendered: coverage counts the term as covered
        ids = context.alignment[missing.bead].source
        offsets, offset = {}, 0
        for segment_id in ids:
            offsets[segment_id] = offset
            offset += len(context.source_segments[segment_id].text)
        spans.setdefault(ids, []).extend((offsets[hit.segment] + hit.start,
                                          offsets[hit.segment] + hit.end) for hit in missing.hits)
    return spans


def _explained_by_terms(evidence: OmissionEvidence, term_spans: Sequence[tuple[int, int]]) -> bool:
    """Every uncovered item of the suspected omission overlaps a glossary term that TM01
    reports missing, so the omission is those terms and nothing more."""
    if not term_spans:
        return False
    gap = evidence.coverage.gap
    uncovered = [item for item in evidence.coverage.items
                 if not item.covered and gap.start <= item.start and item.end <= gap.end]
    return bool(uncovered) and all(any(item.start < end and start < item.end
                                       for start, end in term_spans) for item in uncovered)


def _segment_span(context: CheckContext, ids: tuple[int, ...], start: int, end: int
                  ) -> tuple[int, tuple[int, int]]:
    """The segment of ``ids`` holding offset ``start`` of their joined text, and the
    span inside it (clipped to that segment)."""
    offset = 0
    for segment_id in ids:
        length = len(context.source_segments[segment_id].text)
        if start < offset + length:
            return segment_id, (start - offset, min(end, offset + length) - offset)
        offset += length
    last = ids[-1]
    return last, (0, len(context.source_segments[last].text))


def _partial_message(evidence: OmissionEvidence, gap_text: str) -> str:
    coverage = evidence.coverage
    uncovered = sum(1 for item in coverage.items if not item.covered)
    reasons = [f"{uncovered} of {len(coverage.items)} Chinese content words have no "
               f"translation in the English"]
    if evidence.z <= -1.0:
        reasons.append(f"the English is short for this document (length z = {evidence.z:.1f})")
    if coverage.missing_numbers:
        reasons.append("missing " + ", ".join(q.text for q in coverage.missing_numbers))
    return f"English may leave out “{clip(gap_text, 60)}”: " + "; ".join(reasons)


def _between(before: str | None, after: str | None) -> str:
    parts = []
    if before:
        parts.append(f"after “{clip(before, 60)}”")
    if after:
        parts.append(f"before “{clip(after, 60)}”")
    return " (" + ", ".join(parts) + ")" if parts else ""


def _run_confidence(context: CheckContext, position: int) -> float:
    """The aligner's own certainty that nothing nearby translates the run (its lone-bead
    scores), discounted when the pairs around the gap are themselves unsure."""
    alignment = context.alignment
    end = position
    while end < len(alignment) and alignment[end].source and not alignment[end].target:
        end += 1
    lone = min((alignment[i].score for i in range(position, end)), default=0.5)
    neighbours = [alignment[i].score for i in (position - 1, end)
                  if 0 <= i < len(alignment) and alignment[i].source and alignment[i].target]
    around = sum(neighbours) / len(neighbours) if neighbours else 0.5
    return 0.5 + 0.45 * lone * (0.5 + 0.5 * around)
