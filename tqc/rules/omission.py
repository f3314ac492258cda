"""Source content with no English: whole sentences and whole blocks."""
from __future__ import annotations

from typing import Iterator

from ..model import Finding
from .base import CheckContext, Rule
from .beads import neighbour_target_text, runs_of_unmatched


class UntranslatedSentence(Rule):
    """An article sentence of the Chinese has no English counterpart.

    Fires on a 1-0 bead, or once on a run of adjacent 1-0 beads, quoting the
    whole Chinese text that is missing and the English on either side, so the
    reader sees where the translation should have gone.

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
        for run, position in runs_of_unmatched(context, "source", article=True):
            before, after = neighbour_target_text(context, position, len(run))
            text = context.source_text(run)
            where = _between(before, after)
            yield self.finding(
                f"Chinese text has no English translation{where}: {_clip(text)}",
                source=context.location("source", run),
                target=context.location("target", ()),
                confidence=_run_confidence(context, position, len(run)),
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
            if bead.target:
                continue
            for segment_id in bead.source:
                segment = context.source_segments[segment_id]
                if segment.article or segment.kind not in kinds:
                    continue
                yield self.finding(
                    f"{segment.kind} block has no English counterpart: {_clip(segment.text)}",
                    source=context.location("source", (segment_id,)),
                    target=context.location("target", ()),
                    confidence=0.9,
                )


def _clip(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _between(before: str | None, after: str | None) -> str:
    parts = []
    if before:
        parts.append(f"after “{_clip(before, 60)}”")
    if after:
        parts.append(f"before “{_clip(after, 60)}”")
    return " (" + ", ".join(parts) + ")" if parts else ""


def _run_confidence(context: CheckContext, position: int, length: int) -> float:
    """Confident when the alignment around the gap is itself confident."""
    scores = [context.alignment[i].score for i in (position - 1, position + length)
              if 0 <= i < len(context.alignment) and context.alignment[i].source
              and context.alignment[i].target]
    neighbours = sum(scores) / len(scores) if scores else 0.5
    return 0.6 + 0.35 * neighbours
