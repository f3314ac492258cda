"""English content with no Chinese source."""
from __future__ import annotations

from typing import Iterator

from ..model import Finding
from .base import CheckContext, Rule
from .beads import neighbour_source_text, runs_of_unmatched
from .omission import _clip


class UnmatchedTargetSentence(Rule):
    """An English article sentence has no Chinese source.

    Fires once on each run of adjacent 0-1 beads.  Titles and author lines are
    front matter and left to other rules.

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
            kinds = {context.target_segments[i].kind for i in run}
            if kinds <= {"title"}:
                continue
            text = context.target_text(run)
            before, after = neighbour_source_text(context, position, len(run))
            near = f" (after “{_clip(before, 40)}”)" if before else (
                f" (before “{_clip(after, 40)}”)" if after else "")
            yield self.finding(
                f"English text has no Chinese source{near}: {_clip(text)}",
                source=context.location("source", ()),
                target=context.location("target", run),
                confidence=0.7,
            )
