"""English content with no Chinese source."""
from __future__ import annotations

from typing import Iterator

from ..model import Finding
from .base import CheckContext, Rule
from .beads import FRONT_BACK_KINDS, clip, matter_only_pair, neighbour_source_text, runs_of_unmatched


class UnmatchedTargetSentence(Rule):
    """An English article sentence has no Chinese source.

    Fires once on each run of adjacent 0-1 beads of article text.  Titles, author
    lines and author notes are front or back matter (AD02).

    Bad:
    zh: 会议于周一开幕。
    en: The meeting opened on Monday. It was widely seen as a great success.

    Good:
    zh: 会议于周一开幕。
    en: The meeting opened on Monday.
    """

    code = "AD01"
    name = "unmatched-target-sentence"
    category = "addition"
    severity = "warning"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for run, position in runs_of_unmatched(context, "target", article=True):
            run = tuple(i for i in run if context.target_segments[i].kind not in FRONT_BACK_KINDS)
            if not run:
                continue
            text = context.target_text(run)
            before, after = neighbour_source_text(context, position, len(run))
            near = f" (after “{clip(before, 40)}”)" if before else (
                f" (before “{clip(after, 40)}”)" if after else "")
            beads = context.bead_index("target")
            scores = [context.alignment[beads[i]].score for i in run]
            lone = min(scores) if scores else 0.5
            yield self.finding(
                f"English text has no Chinese source{near}: {clip(text)}",
                source=context.location("source", ()),
                target=context.location("target", run),
                confidence=0.5 + 0.4 * lone,
            )


class FrontBackMatter(Rule):
    """A title, author line or author note exists only in the English.

    Journals add an English title, the author's name and a note on the author
    to a translated article; these are front or back matter, not additions to the
    text, and are listed for information only.

    Bad:
    zh: 两国在能源领域的合作不断深化。
    en: Deepening Cooperation (title) / Li Ming (author) / Energy cooperation keeps deepening.

    Good:
    zh: 两国在能源领域的合作不断深化。
    en: Energy cooperation keeps deepening.

    Options:
    kinds: English block kinds that count as front or back matter (default: title, byline)
    """

    code = "AD02"
    name = "front-back-matter"
    category = "addition"
    severity = "info"
    options = {"kinds": sorted(FRONT_BACK_KINDS)}

    def check(self, context: CheckContext) -> Iterator[Finding]:
        kinds = set(self.settings["kinds"])
        aligned = [index for index, bead in enumerate(context.alignment) if bead.source and bead.target
                   and not matter_only_pair(context, bead)]
        first = aligned[0] if aligned else len(context.alignment)
        last = aligned[-1] if aligned else -1
        for index, bead in enumerate(context.alignment):
            if bead.source and not matter_only_pair(context, bead):
                continue
            for segment_id in bead.target:
                segment = context.target_segments[segment_id]
                if segment.kind not in kinds:
                    continue
                where = "front matter" if index < first else (
                    "back matter" if index > last else "front or back matter")
                label = "author line or note" if segment.kind == "byline" else segment.kind
                yield self.finding(
                    f"English {label} with no Chinese counterpart ({where}): {clip(segment.text)}",
                    source=context.location("source", ()),
                    target=context.location("target", (segment_id,)),
                    confidence=0.9,
                )
