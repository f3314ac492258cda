"""What every rule is made of, and what a rule sees when it runs."""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import ClassVar, Iterable, Iterator

from ..glossary import Glossary
from ..model import Bead, Document, Finding, Location, Segment
from ..numbers import Quantity, extract_numbers

CODE_PATTERN = re.compile(r"^[A-Z]{2}\d{2}$")
NAME_PATTERN = re.compile(r"^[a-z]+(-[a-z0-9]+)*$")


@dataclass
class CheckContext:
    """The aligned bitext a rule inspects."""

    source: Document
    target: Document
    source_segments: list[Segment]
    target_segments: list[Segment]
    alignment: list[Bead]
    glossary: Glossary = field(default_factory=Glossary)
    prealigned: bool = False
    # Scores against a reference translation (tqc.reference.ReferenceResult), for RF01.
    reference: object | None = None
    # Work several rules share (term analysis, cuts), computed once per context.
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def memoized(self, key: str, compute):
        """``compute(self)`` once per context; later calls return the same value."""
        if key not in self.memo:
            self.memo[key] = compute(self)
        return self.memo[key]

    def bead_index(self, side: str) -> dict[int, int]:
        """Segment id on ``side`` -> index of the bead holding it."""
        return self.memoized(f"bead-index-{side}", lambda context: {
            segment_id: number for number, bead in enumerate(context.alignment)
            for segment_id in getattr(bead, side)})

    def counterpart(self, side: str, segment_id: int) -> tuple[int, ...]:
        """The other side's segment ids in the bead holding ``segment_id`` of ``side``."""
        bead = self.alignment[self.bead_index(side)[segment_id]]
        return bead.target if side == "source" else bead.source

    def source_words(self, segment_id: int) -> tuple:
        """jieba's words of a source segment as ``tqc.lexicon.ZhWord`` tuples (word, tag,
        start, end), glossary terms kept whole: segmented once for every rule, all
        segments in one pass on first use."""
        words = self.memo.get("source-words")  # (asked per segment: no closure per call)
        if words is None:
            from ..lexicon import segment_chinese

            words = self.memo["source-words"] = segment_chinese(
                [segment.text for segment in self.source_segments],
                [term.zh for term in self.glossary.terms])
        return words[segment_id]

    def quantities(self, side: str, segment_id: int) -> list[Quantity]:
        """``tqc.numbers.extract_numbers`` of segment ``segment_id`` on ``side`` ("source"
        or "target"): extracted once for every rule that asks (NU01, OM03), each segment
        on first use."""
        key = "quantities-source" if side == "source" else "quantities-target"
        extracted = self.memo.get(key)
        if extracted is None:
            extracted = self.memo[key] = {}
        quantities = extracted.get(segment_id)
        if quantities is None:
            if side == "source":
                quantities = extract_numbers(self.source_segments[segment_id].text, "zh")
            else:
                quantities = extract_numbers(self.target_segments[segment_id].text, "en")
            extracted[segment_id] = quantities
        return quantities

    def source_text(self, ids: Iterable[int]) -> str:
        return "".join(self.source_segments[i].text for i in ids)

    def target_text(self, ids: Iterable[int]) -> str:
        return " ".join(self.target_segments[i].text for i in ids)

    def location(self, side: str, ids: Iterable[int], text: str | None = None,
                 span: tuple[int, int] | None = None) -> Location:
        """A Location for segments ``ids`` on ``side``; ``text`` defaults to their text."""
        ids = tuple(ids)
        segments = self.source_segments if side == "source" else self.target_segments
        if not ids:
            return Location((), text, None, None)
        joined = self.source_text(ids) if side == "source" else self.target_text(ids)
        line = segments[ids[0]].line
        if span is not None:
            paragraph = (self.source if side == "source" else self.target).paragraphs[segments[ids[0]].paragraph]
            line = paragraph.line_at(segments[ids[0]].start + span[0])
        return Location(ids, joined if text is None else text, line, span)


class Rule:
    """Base class.  A subclass sets the class attributes and implements ``check``.

    The docstring of a subclass is its documentation: a first-line summary, then
    free text, then ``Bad:`` and ``Good:`` example blocks (``zh:`` / ``en:`` lines),
    and an optional ``Options:`` block.  ``tqc explain`` and SARIF read it.
    """

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    category: ClassVar[str] = ""
    severity: ClassVar[str] = "warning"
    # Option name -> default value; config may override these per rule.
    options: ClassVar[dict] = {}

    def __init__(self, severity: str | None = None, **options):
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            raise ValueError(f"unknown option(s) for {self.code}: {', '.join(unknown)}")
        self.effective_severity = severity or self.severity
        self.settings = {**self.options, **options}

    def check(self, context: CheckContext) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(self, message: str, *, source: Location | None = None,
                target: Location | None = None, confidence: float = 1.0,
                severity: str | None = None, suggestion: str | None = None) -> Finding:
        return Finding(
            code=self.code, name=self.name, category=self.category,
            severity=severity or self.effective_severity,
            confidence=round(min(max(confidence, 0.0), 1.0), 3),
            message=message, source=source, target=target, suggestion=suggestion,
        )

    @classmethod
    def documentation(cls) -> "RuleDoc":
        return RuleDoc.parse(inspect.getdoc(cls) or "")


_SECTION = re.compile(r"^(Bad|Good|Options):\s*$")


@dataclass(frozen=True)
class RuleDoc:
    summary: str
    description: str
    bad: str
    good: str
    options: str

    @classmethod
    def parse(cls, doc: str) -> "RuleDoc":
        lines = doc.splitlines()
        summary = lines[0].strip() if lines else ""
        sections: dict[str, list[str]] = {"text": []}
        current = "text"
        for line in lines[1:]:
            heading = _SECTION.match(line.strip())
            if heading:
                current = heading.group(1).lower()
                sections[current] = []
            else:
                sections[current].append(line)

        def block(name: str) -> str:
            return "\n".join(sections.get(name, [])).strip()

        return cls(summary, block("text"), block("bad"), block("good"), block("options"))
