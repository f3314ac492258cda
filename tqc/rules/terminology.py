"""Glossary enforcement (TM01-TM03) and term consistency (CO01, CO02).

Every rule here reads one shared :class:`TermAnalysis` of the bitext: which glossary
terms occur in each bead's Chinese, and which renderings (allowed, forbidden, spelling
variants) its English uses, after overlapping matches are resolved longest first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from ..glossary import SourceMatcher, TargetMatch, TargetMatcher, Term, fold_rendering
from ..errors import InputError
from ..model import SEVERITIES, Bead, Finding
from ..script import is_han
from .base import CheckContext, Rule
from .beads import matter_only_pair


@dataclass(frozen=True)
class SourceHit:
    segment: int
    start: int
    end: int


@dataclass(frozen=True)
class TargetHit:
    segment: int
    match: TargetMatch

    @property
    def span(self) -> tuple[int, int]:
        return self.match.start, self.match.end

    @property
    def term(self) -> int:
        return self.match.rendering.term


@dataclass
class BeadTerms:
    """The glossary terms of one bead, both sides."""

    index: int
    bead: Bead
    source: dict[int, list[SourceHit]] = field(default_factory=dict)   # term -> occurrences
    matches: list[TargetHit] = field(default_factory=list)             # every rendering found
    counted: dict[int, list[TargetHit]] = field(default_factory=dict)  # term -> its renderings
    covered: list[tuple[int, int, int]] = field(default_factory=list)  # (segment, start, end)

    def covers(self, hit: TargetHit) -> bool:
        start, end = hit.span
        return any(segment == hit.segment and a <= start and end <= b
                   for segment, a, b in self.covered)


class TermAnalysis:
    """Glossary terms and renderings of a whole bitext, bead by bead."""

    def __init__(self, context: CheckContext):
        self.terms: list[Term] = list(context.glossary.terms)
        self.beads: list[BeadTerms] = []
        if not self.terms:
            return
        source_matcher = SourceMatcher(context.glossary)
        target_matcher = TargetMatcher(self.terms)
        index_of = {id(term): number for number, term in enumerate(self.terms)}
        source_ids = [i for bead in context.alignment for i in bead.source]
        found = source_matcher.find_many(context.source_segments[i].text for i in source_ids)
        source_hits = dict(zip(source_ids, found))
        for number, bead in enumerate(context.alignment):
            entry = BeadTerms(number, bead)
            if matter_only_pair(context, bead):
                continue  # an untranslated box beside an author note: nothing to compare
            for segment_id in bead.source:
                for term, start, end in source_hits.get(segment_id, ()):
                    entry.source.setdefault(index_of[id(term)], []).append(
                        SourceHit(segment_id, start, end))
            for segment_id in bead.target:
                entry.matches.extend(TargetHit(segment_id, match) for match in
                                     target_matcher.find(context.target_segments[segment_id].text))
            if entry.source or entry.matches:
                self._count(entry, context)
                self.beads.append(entry)

    def _count(self, entry: BeadTerms, context: CheckContext) -> None:
        """Credit renderings to the terms of the bead's Chinese: a longer match wins over
        any match it overlaps, one span may serve two terms (上海合作组织, 上合组织 -> SCO),
        and an acronym in brackets after its full form is the same occurrence."""
        present = [hit for hit in entry.matches if hit.term in entry.source]
        present.sort(key=lambda hit: (-(hit.span[1] - hit.span[0]), hit.segment, hit.span[0],
                                      hit.match.variant != (), hit.match.rendering.kind != "en"))
        accepted: list[TargetHit] = []
        for hit in present:
            clash = False
            for other in accepted:
                if other.segment != hit.segment or other.span[1] <= hit.span[0] \
                        or hit.span[1] <= other.span[0]:
                    continue
                if other.span == hit.span and other.term != hit.term:
                    continue
                clash = True
                break
            if not clash:
                accepted.append(hit)
        accepted.sort(key=lambda hit: (hit.segment, hit.span))
        for hit in accepted:
            previous = entry.counted.get(hit.term)
            if previous and _bracketed_after(context.target_segments[hit.segment].text,
                                             previous[-1], hit):
                continue
            entry.counted.setdefault(hit.term, []).append(hit)
            entry.covered.append((hit.segment, *hit.span))


def _bracketed_after(text: str, first: TargetHit, second: TargetHit) -> bool:
    """``second`` is ``first``'s bracketed acronym or expansion: "X (SCO)", "SCO (X)"."""
    if first.segment != second.segment:
        return False
    between = text[first.span[1]:second.span[0]].strip()
    after = text[second.span[1]:second.span[1] + 2].lstrip()
    return between in ("(", "（", "[") and after[:1] in (")", "）", "]")


def analyse(context: CheckContext) -> TermAnalysis:
    """The context's analysis, computed once for all five rules."""
    return context.memoized("terms", TermAnalysis)


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1) if is_han(text[i])
            and is_han(text[i + 1])}


def _counted_name(term: Term) -> bool:
    """Occurrence counts are compared for names (three or more characters, a capitalised
    rendering): English replaces a repeated common noun or a short name with a pronoun
    as a matter of course ("her symptoms are like mine"), but rarely drops an organisation."""
    return len(term.zh) >= 3 and any(any(ch.isupper() for ch in rendering) for rendering in term.en)


def _lower(severity: str) -> str:
    return SEVERITIES[max(SEVERITIES.index(severity) - 1, 0)]


def _alternatives(renderings: tuple[str, ...]) -> str:
    return " or ".join(repr(rendering) for rendering in renderings)


def _source_location(context: CheckContext, term: Term, hits: list[SourceHit]):
    first = hits[0]
    return context.location("source", (first.segment,), term.zh, (first.start, first.end))


def _target_location(context: CheckContext, hit: TargetHit):
    text = context.target_segments[hit.segment].text
    return context.location("target", (hit.segment,), text[hit.span[0]:hit.span[1]], hit.span)


class MissingGlossaryTerm(Rule):
    """A glossary term occurs in the Chinese but none of its renderings is in the English.

    Matching is longest first on the Chinese side (上海合作组织 beats 合作组织),
    across OCR spaces and line-wrap joins, never across a sentence boundary; on the
    English side it respects word boundaries ("Korean Peninsula" is not inside
    "Korean Peninsular") and accepts plural, possessive and -ed/-ing forms, spelling
    variants (reported by TM03) and an acronym in brackets ("Shanghai Cooperation
    Organization (SCO)" is one occurrence).  Counting is by occurrence for names (three
    or more characters with a capitalised rendering, e.g. organisations): when the
    Chinese has the name more often than the English has a rendering, the finding is
    one severity lower.  Repeated common nouns and short names are routinely replaced
    by pronouns in English and are only checked for presence.  A term with only forbidden renderings is left to TM02, and so
    is an occurrence rendered with a forbidden rendering.  A clause of the Chinese whose
    only untranslated content is such terms is reported here, not also by OM03.

    Bad:
    zh: 上海合作组织成员国举行了会晤。
    en: Member states of the Shanghai Pact held a meeting.

    Good:
    zh: 上海合作组织成员国举行了会晤。
    en: Member states of the Shanghai Cooperation Organization held a meeting.
    """

    code = "TM01"
    name = "missing-glossary-term"
    category = "terminology"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        analysis = analyse(context)
        for missing in missing_terms(context):
            term, hits = analysis.terms[missing.term], missing.hits
            confidence = 0.85 if context.alignment[missing.bead].score >= 0.5 else 0.6
            target = context.location("target", context.alignment[missing.bead].target)
            if not missing.rendered:
                yield self.finding(
                    f"glossary term {term.zh} should be rendered as "
                    f"{_alternatives(term.en)}",
                    source=_source_location(context, term, hits), target=target,
                    confidence=confidence, suggestion=term.en[0])
            else:
                yield self.finding(
                    f"glossary term {term.zh} occurs {len(hits)} times in the Chinese but "
                    f"its renderings ({_alternatives(term.en)}) {missing.rendered} "
                    f"time{'s' if missing.rendered != 1 else ''} in the English",
                    source=_source_location(context, term, hits), target=target,
                    confidence=confidence - 0.2, suggestion=term.en[0],
                    severity=_lower(self.effective_severity))


@dataclass(frozen=True)
class MissingTerm:
    """A glossary term of a bead's Chinese that TM01 reports."""

    bead: int                   # index into the alignment
    term: int                   # index into TermAnalysis.terms
    hits: tuple[SourceHit, ...]  # its occurrences in the Chinese
    rendered: int               # renderings found in the English (0: none at all)


def missing_terms(context: CheckContext) -> list[MissingTerm]:
    """The terms TM01 reports, in bead and text order; OM03 reads them too, so that a
    clause left out for want of its glossary terms is reported once (by TM01)."""
    return context.memoized("missing-terms", _find_missing_terms)


def _find_missing_terms(context: CheckContext) -> list[MissingTerm]:
    analysis = analyse(context)
    missing = []
    for entry in analysis.beads:
        if not entry.bead.source or not entry.bead.target:
            continue  # an unmatched sentence is an omission, reported elsewhere
        for term_index, hits in sorted(entry.source.items(),
                                       key=lambda item: (item[1][0].segment, item[1][0].start)):
            term = analysis.terms[term_index]
            if not term.en:
                continue
            counted = entry.counted.get(term_index, [])
            allowed = sum(hit.match.rendering.kind == "en" for hit in counted)
            if counted and (not allowed or len(counted) >= len(hits) or not _counted_name(term)):
                continue
            missing.append(MissingTerm(entry.index, term_index, tuple(hits), len(counted)))
    return missing


class ForbiddenRendering(Rule):
    """The English uses a rendering the glossary forbids (or a TBX deprecated term).

    The suggestion gives the glossary's preferred rendering.  Where the bead's Chinese
    does not contain the term, only forbidden renderings of two or more words are
    reported ("Korean Peninsular" is wrong anywhere, "Peninsular" alone is not), with
    lower confidence.  A forbidden rendering inside a longer allowed one of a term in
    the Chinese is not reported.

    Bad:
    zh: 各方应共同维护朝鲜半岛的和平。
    en: All parties should maintain peace on the Korean Peninsular.

    Good:
    zh: 各方应共同维护朝鲜半岛的和平。
    en: All parties should maintain peace on the Korean Peninsula.
    """

    code = "TM02"
    name = "forbidden-rendering"
    category = "terminology"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        analysis = analyse(context)
        for entry in analysis.beads:
            counted = {id(hit) for hits in entry.counted.values() for hit in hits}
            for hit in entry.matches:
                if hit.match.rendering.kind != "forbidden":
                    continue
                present = hit.term in entry.source
                if present and id(hit) not in counted:
                    continue  # overlapped by a longer allowed rendering of a term in the source
                if not present and (entry.covers(hit) or len(hit.match.rendering.keys) < 2):
                    continue  # one word alone ("Peninsular") is only wrong for this term
                term = analysis.terms[hit.term]
                text = context.target_segments[hit.segment].text[hit.span[0]:hit.span[1]]
                preferred = term.en[0] if term.en else None
                hint = f"; use {preferred!r}" if preferred else ""
                source = (_source_location(context, term, entry.source[hit.term]) if present
                          else context.location("source", entry.bead.source))
                yield self.finding(
                    f"forbidden rendering {text!r} for {term.zh}{hint}",
                    source=source, target=_target_location(context, hit),
                    confidence=0.95 if present else 0.75, suggestion=preferred)


class TermVariant(Rule):
    """A glossary rendering is written with other hyphenation, spacing or case.

    "Six Party Talks" for "Six-Party Talks", "six-party talks" where the glossary
    says ``case=exact``.  Hyphen, space, dash and closed-compound spellings match each
    other (so TM01 stays quiet) and the difference is reported here.  Sentence-initial
    capitals and all-capital headings are not variants.

    Bad:
    zh: 按照六方会谈的方向解决问题。
    en: Solve the problem along the lines of the Six Party Talks.

    Good:
    zh: 按照六方会谈的方向解决问题。
    en: Solve the problem along the lines of the Six-Party Talks.

    Options:
    separators: "names" (default) reports hyphen/space/dash differences only in
      proper names, whose spelling is fixed ("Six-Party Talks"), not in common nouns,
      whose hyphenation is house style ("hand-washing"); "distinct" reports them
      always; "equal" never, leaving only case
    """

    code = "TM03"
    name = "term-variant"
    category = "terminology"
    severity = "warning"
    options = {"separators": "names"}

    def check(self, context: CheckContext) -> Iterator[Finding]:
        mode = self.settings["separators"]
        if mode not in ("names", "distinct", "equal"):
            raise InputError(None, "TM03 option separators must be 'names', 'distinct' or 'equal'")
        ignored = {"separator"} if mode == "equal" else set()
        analysis = analyse(context)
        for entry in analysis.beads:
            for term_index, hits in entry.counted.items():
                term = analysis.terms[term_index]
                for hit in hits:
                    wanted = hit.match.rendering.text
                    differences = set(hit.match.variant) - ignored
                    if mode == "names" and not _is_proper_name(wanted):
                        differences.discard("separator")
                    if hit.match.rendering.kind != "en" or not differences:
                        continue
                    written = context.target_segments[hit.segment].text[hit.span[0]:hit.span[1]]
                    what = " and ".join(sorted(differences))
                    yield self.finding(
                        f"{written!r} differs in {what} from the glossary's {wanted!r} "
                        f"for {term.zh}",
                        source=_source_location(context, term, entry.source[term_index]),
                        target=_target_location(context, hit), confidence=0.9,
                        suggestion=wanted)


_MINOR_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})


def _is_proper_name(rendering: str) -> bool:
    """Every significant word starts with a capital: "Six-Party Talks", not "hand-washing"."""
    words = [w for w in re.split(r"[\s\-‐‑–—]+", rendering) if w and w.lower() not in _MINOR_WORDS]
    return bool(words) and all(word[0].isupper() or word[0].isdigit() for word in words)


def _letters(text: str) -> str:
    return "".join(ch for ch in fold_rendering(text) if ch.isalnum())


# British -> American spellings, applied to both sides: what is left equal was one word
# spelt two ways.  Endings only where the pattern is a suffix (centre, labour, analyse).
_SPELLINGS = tuple((re.compile(pattern), replacement) for pattern, replacement in (
    (r"isation", "ization"), (r"is(e|ed|es|ing)\b", r"iz\1"), (r"ys(e|ed|es|ing)\b", r"yz\1"),
    (r"our(s?)\b", r"or\1"), (r"tre(s?)\b", r"ter\1"), (r"ogue(s?)\b", r"og\1"),
    (r"ence(s?)\b", r"ense\1"), (r"ae", "e"), (r"oe", "e"), (r"ll(ed|ing)\b", r"l\1"),
))


def _american(text: str) -> str:
    text = fold_rendering(text)
    for pattern, replacement in _SPELLINGS:
        text = pattern.sub(replacement, text)
    return "".join(ch for ch in text if ch.isalnum())


def spelling_variants(first: str, second: str) -> bool:
    """Two renderings that are one word choice spelt two ways: "Organization" and
    "Organisation", "P value" and "P-value", "Viet Nam" and "Vietnam" -- but not a noun
    and its adjective ("hypertension", "hypertensive"), nor two different words."""
    if first == second:
        return False
    return _letters(first) == _letters(second) or _american(first) == _american(second)


def _where(context: CheckContext, hits: list[TargetHit]) -> str:
    lines = sorted({context.target_segments[hit.segment].line for hit in hits})
    shown = ", ".join(str(line) for line in lines[:6]) + (", ..." if len(lines) > 6 else "")
    return f"line{'s' if len(lines) > 1 else ''} {shown}"


class InconsistentRendering(Rule):
    """One Chinese term is translated two or more ways in the same document.

    For glossary terms, the variants are alternatives the glossary allows that are one
    word choice spelt two ways ("Organization"/"Organisation", "P value"/"P-value");
    different words it allows ("SCO", "South Asian") are not inconsistencies.  Without a glossary, a
    repeated multi-word noun phrase found by jieba is followed into the English through
    CC-CEDICT, and reported when its occurrences choose different content words.  Each
    variant is listed with its count and lines.

    Bad:
    zh: 能源安全十分重要。两国应加强能源安全合作。
    en: Energy security matters. The two countries should strengthen energy safety cooperation.

    Good:
    zh: 能源安全十分重要。两国应加强能源安全合作。
    en: Energy security matters. The two countries should strengthen energy security cooperation.

    Options:
    phrases: also check repeated noun phrases that are not in the glossary (default true)
    """

    code = "CO01"
    name = "inconsistent-rendering"
    category = "consistency"
    severity = "warning"
    options = {"phrases": True}

    def check(self, context: CheckContext) -> Iterator[Finding]:
        analysis = analyse(context)
        yield from self._glossary_terms(context, analysis)
        if self.settings["phrases"]:
            from ..terms import inconsistent_phrases

            for phrase in inconsistent_phrases(context, analysis):
                variants = "; ".join(f"{text!r} {len(hits)}x ({_where(context, hits)})"
                                     for text, hits in phrase.variants)
                rare = phrase.variants[-1][1][0]
                yield self.finding(
                    f"{phrase.zh} is translated {len(phrase.variants)} ways: {variants}",
                    source=context.location("source", (phrase.source_segment,), phrase.zh),
                    target=_target_location(context, rare), confidence=phrase.confidence,
                    suggestion=phrase.variants[0][0])

    def _glossary_terms(self, context: CheckContext, analysis: TermAnalysis) -> Iterator[Finding]:
        used: dict[int, dict[str, list[TargetHit]]] = {}
        first_source: dict[int, SourceHit] = {}
        for entry in analysis.beads:
            for term_index, hits in entry.counted.items():
                first_source.setdefault(term_index, entry.source[term_index][0])
                for hit in hits:
                    if hit.match.rendering.kind == "en":
                        used.setdefault(term_index, {}).setdefault(
                            hit.match.rendering.text, []).append(hit)
        for term_index in sorted(used):
            renderings = sorted(used[term_index])
            clashing = sorted({text for first in renderings for second in renderings
                               if first < second and spelling_variants(first, second)
                               for text in (first, second)})
            if len(clashing) < 2:
                continue
            term = analysis.terms[term_index]
            ranked = sorted(((text, used[term_index][text]) for text in clashing),
                            key=lambda item: (-len(item[1]), item[0]))
            shown = "; ".join(f"{text!r} {len(hits)}x ({_where(context, hits)})"
                              for text, hits in ranked)
            source = first_source[term_index]
            yield self.finding(
                f"{term.zh} is spelt {len(ranked)} ways: {shown}",
                source=context.location("source", (source.segment,), term.zh,
                                        (source.start, source.end)),
                target=_target_location(context, ranked[-1][1][0]), confidence=0.8,
                suggestion=ranked[0][0])


class SharedRendering(Rule):
    """One English rendering stands for two different Chinese glossary terms.

    Reported where a term's own renderings are missing and the English uses the
    rendering of another term that shares two characters with it (流行病, 大流行) and is
    rendered that way elsewhere in the document: readers will take the two for one thing.

    Bad:
    zh: 流行病正在蔓延。大流行已经结束。
    en: The epidemic is spreading. The epidemic is over.

    Good:
    zh: 流行病正在蔓延。大流行已经结束。
    en: The epidemic is spreading. The pandemic is over.
    """

    code = "CO02"
    name = "shared-rendering"
    category = "consistency"
    severity = "info"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        analysis = analyse(context)
        owner_hits: dict[str, dict[int, list[TargetHit]]] = {}
        for entry in analysis.beads:
            for term_index, hits in entry.counted.items():
                for hit in hits:
                    if hit.match.rendering.kind == "en":
                        key = fold_rendering(hit.match.rendering.text)
                        owner_hits.setdefault(key, {}).setdefault(term_index, []).append(hit)
        reported: set[tuple[str, int, int]] = set()
        for entry in analysis.beads:
            if not entry.bead.source or not entry.bead.target:
                continue
            missing = [index for index in entry.source
                       if analysis.terms[index].en and not entry.counted.get(index)]
            for hit in entry.matches:
                if hit.term in entry.source or hit.match.rendering.kind != "en" \
                        or entry.covers(hit):
                    continue
                key = fold_rendering(hit.match.rendering.text)
                owners = owner_hits.get(key, {})
                if hit.term not in owners:
                    continue
                for term_index in missing:
                    term, other = analysis.terms[term_index], analysis.terms[hit.term]
                    if term.zh in other.zh or other.zh in term.zh or \
                            key in {fold_rendering(r) for r in term.en} or \
                            not _bigrams(term.zh) & _bigrams(other.zh):
                        continue  # only terms sharing a word (流行) are confusable; 国 is not one
                    if (key, term_index, hit.term) in reported:
                        continue
                    reported.add((key, term_index, hit.term))
                    text = context.target_segments[hit.segment].text[hit.span[0]:hit.span[1]]
                    yield self.finding(
                        f"{text!r} renders both {other.zh} "
                        f"({_where(context, owners[hit.term])}) and {term.zh} here; "
                        f"the glossary gives {term.zh} as {_alternatives(term.en)}",
                        source=_source_location(context, term, entry.source[term_index]),
                        target=_target_location(context, hit), confidence=0.7,
                        suggestion=term.en[0])
