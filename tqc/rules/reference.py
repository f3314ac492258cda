"""Distance from a reference translation (``tqc check --reference``)."""
from __future__ import annotations

from typing import Iterator

from ..model import Finding
from ..reference import DEFAULT_CHRF_THRESHOLD
from .base import CheckContext, Rule


class FarFromReference(Rule):
    """A sentence's chrF against the reference translation is below the threshold.

    Only runs with a reference (``tqc check --reference REF``).  The reference is
    paired with the draft through the Chinese, and each pair is scored with
    sacrebleu's sentence-level chrF (chrF2, character 6-grams).  A low score says
    the draft reads very differently from the reference: a mistranslation, an
    omission, or just a free rendering; the reference sentence is given as the
    suggestion.  Confidence is the weakest alignment bead involved, since a
    misaligned pair also scores low.

    Bad:
    zh: 委员会否决了这项提案。
    en: The committee discussed the plan at length.
    ref: The committee rejected the proposal.

    Good:
    zh: 委员会否决了这项提案。
    en: The committee turned down the proposal.
    ref: The committee rejected the proposal.

    Options:
    threshold = 35.0  chrF (0-100) below which a sentence is reported.
    """

    code = "RF01"
    name = "far-from-reference"
    category = "reference"
    severity = "info"
    options = {"threshold": DEFAULT_CHRF_THRESHOLD}

    def check(self, context: CheckContext) -> Iterator[Finding]:
        result = context.reference
        if result is None:
            return
        threshold = float(self.settings["threshold"])
        for scored in result.scored:
            scores = scored.scores
            if scores.chrf >= threshold:
                continue
            pair = scored.pair
            what = ("no translation where the reference has one" if not pair.target
                    else "far from the reference")
            yield self.finding(
                f"{what}: chrF {scores.chrf:.1f} (threshold {threshold:g}; BLEU "
                f"{scores.bleu:.1f}, TER {scores.ter:.1f})",
                source=context.location("source", pair.source),
                target=context.location("target", pair.target),
                confidence=pair.confidence,
                suggestion=scored.reference_text,
            )
