"""Helpers shared by rules that walk the alignment."""
from __future__ import annotations

from typing import Iterator

from .base import CheckContext


def runs_of_unmatched(context: CheckContext, side: str, article: bool = True
                      ) -> Iterator[tuple[tuple[int, ...], int]]:
    """Yield (segment ids, index of the first bead) for each run of adjacent beads
    that have segments only on ``side`` and whose segments are article text when
    ``article`` is true."""
    segments = context.source_segments if side == "source" else context.target_segments
    run: list[int] = []
    start = 0
    for index, bead in enumerate(context.alignment):
        own, other = (bead.source, bead.target) if side == "source" else (bead.target, bead.source)
        if own and not other and not any(segments[i].text.strip() for i in own):
            continue  # a blank unit cell is nothing left out or added
        if own and not other and all(segments[i].article == article for i in own):
            if not run:
                start = index
            run.extend(own)
            continue
        if run:
            yield tuple(run), start
            run = []
    if run:
        yield tuple(run), start


def clip(text: str, limit: int = 120) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def neighbour_target_text(context: CheckContext, position: int, length: int
                          ) -> tuple[str | None, str | None]:
    """The English text of the nearest beads before and after a gap."""
    return (_nearest(context, range(position - 1, -1, -1), "target"),
            _nearest(context, range(position + length, len(context.alignment)), "target"))


def neighbour_source_text(context: CheckContext, position: int, length: int
                          ) -> tuple[str | None, str | None]:
    return (_nearest(context, range(position - 1, -1, -1), "source"),
            _nearest(context, range(position + length, len(context.alignment)), "source"))


def _nearest(context: CheckContext, indices: range, side: str) -> str | None:
    for index in indices:
        ids = getattr(context.alignment[index], side)
        if ids:
            return context.source_text(ids) if side == "source" else context.target_text(ids)
    return None


# English front and back matter: titles, author lines and author notes.
FRONT_BACK_KINDS = frozenset({"title", "byline"})


def matter_only_pair(context: CheckContext, bead) -> bool:
    """A bead that pairs Chinese non-article blocks only with English front or back
    matter of another kind (a news box with the author note): no translation either way,
    whatever the aligner made of it."""
    if not bead.source or not bead.target:
        return False
    sources = [context.source_segments[i] for i in bead.source]
    targets = [context.target_segments[j] for j in bead.target]
    return (all(not segment.article and segment.kind not in FRONT_BACK_KINDS for segment in sources)
            and all(segment.kind in FRONT_BACK_KINDS for segment in targets))
