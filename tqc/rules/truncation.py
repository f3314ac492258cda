"""Sentences cut off before their end."""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Finding, Segment
from .base import CheckContext, Rule

# A sentence is complete when it ends with one of these, possibly followed by
# closing quotes or brackets.  ：/: end enumerations that a list continues.
_COMPLETE_END = re.compile(r"[.!?。！？…．:：;；]['\"’”」』）)\]】》]*\s*$")
_EN_DANGLING = re.compile(
    r"\b(the|a|an|of|to|and|or|but|in|on|at|by|for|with|from|as|that|which|whose|"
    r"their|its|his|her|our|is|are|was|were|be|been|should be|very|more|most|than|"
    r"such|this|these|those|not|also)\s*$", re.IGNORECASE)
_ZH_DANGLING = re.compile(r"[的和与及或在对把被将了而为是从向于以由]\s*$")
_OPENERS = {"(": ")", "（": "）", "“": "”", "「": "」", "《": "》", "【": "】", "[": "]"}


def is_complete(text: str) -> bool:
    return bool(_COMPLETE_END.search(text))


def dangling_end(text: str, lang: str) -> bool:
    """The text ends on a function word or an open quote/bracket."""
    pattern = _ZH_DANGLING if lang == "zh" else _EN_DANGLING
    if pattern.search(text):
        return True
    return any(text.count(opener) > text.count(closer) for opener, closer in _OPENERS.items())


class TruncatedSentence(Rule):
    """A sentence stops before its end: no final punctuation where its paragraph ends.

    Checked on both sides.  A sentence that ends on a function word ("the",
    "should be very", 的, 和) or leaves a bracket open is cut with high
    confidence; one whose counterpart also lacks final punctuation is a heading
    or list item and is left alone.

    Bad:
    zh: 两国应加强能源合作。
    en: The two countries should strengthen their cooperation in the

    Good:
    zh: 两国应加强能源合作。
    en: The two countries should strengthen their energy cooperation.
    """

    code = "TR01"
    name = "truncated-sentence"
    category = "truncation"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for bead in context.alignment:
            yield from self._check_side(context, "target", bead.target, bead.source)
            yield from self._check_side(context, "source", bead.source, bead.target)

    def _check_side(self, context: CheckContext, side: str, own: tuple[int, ...],
                    other: tuple[int, ...]) -> Iterator[Finding]:
        segments = context.target_segments if side == "target" else context.source_segments
        others = context.source_segments if side == "target" else context.target_segments
        lang = "en" if side == "target" else "zh"
        for segment_id in own:
            segment = segments[segment_id]
            if not _ends_paragraph(segment, segments) or segment.kind not in ("body", "unit"):
                continue
            text = segment.text.rstrip()
            if not text or is_complete(text):
                continue
            counterpart = [others[i] for i in other]
            if counterpart and not is_complete(counterpart[-1].text.rstrip()):
                continue  # neither side ends a sentence: a heading, label or list item
            dangling = dangling_end(text, lang)
            if not dangling and _looks_like_label(text, lang):
                continue
            tail = text[-40:]
            side_name = "English" if side == "target" else "Chinese"
            yield self.finding(
                f"{side_name} sentence is cut off at “…{tail}”",
                **{side: context.location(side, (segment_id,)),
                   ("source" if side == "target" else "target"): context.location(
                       "source" if side == "target" else "target", other)},
                confidence=0.95 if dangling else 0.7,
            )


def _ends_paragraph(segment: Segment, segments: list[Segment]) -> bool:
    following = segments[segment.id + 1] if segment.id + 1 < len(segments) else None
    return following is None or following.paragraph != segment.paragraph


def _looks_like_label(text: str, lang: str) -> bool:
    """Short unpunctuated lines such as captions, labels or keywords."""
    if lang == "zh":
        return len(text) <= 12
    return len(text.split()) <= 4
