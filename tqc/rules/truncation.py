"""Sentences cut off before their end (TR01, TR02) and lost final punctuation (TR03).

:func:`find_cuts` looks at every article sentence once and decides at most one of:

- TR02: the last English sentence of a paragraph is incomplete and the Chinese that
  follows it in the same paragraph has no English (a page or column break that was
  never resumed);
- TR01: any other cut sentence, in either language: no terminal punctuation where its
  paragraph ends and a dangling word, an open bracket or a text much shorter than its
  counterpart; or a sentence that stops at an input line break on a dangling word while
  the next line starts a new sentence ("…should be very" / "Firstly, …");
- TR03: a complete-looking clause whose final punctuation is missing (OCR).

Headings, titles, list items, datelines, table cells and captions are not sentences
and are never looked at; neither is a sentence whose counterpart also lacks final
punctuation (a label or heading that reflow kept as body text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..coverage import LengthModel, bead_coverage, fit_length_model, omission_evidence
from ..model import Finding, Segment
from .base import CheckContext, Rule
from .beads import clip

# A sentence is complete when it ends with one of these, possibly followed by
# closing quotes or brackets.  ：/: end enumerations that a list continues.
_COMPLETE_END = re.compile(r"[.!?。！？…．:：;；](?:\s*['\"’”」』）)\]】》])*\s*$")
_EN_DANGLING = re.compile(
    r"\b(the|a|an|of|to|and|or|but|in|on|at|by|for|with|from|as|that|which|whose|"
    r"their|its|his|her|our|is|are|was|were|be|been|should be|very|more|most|than|"
    r"such|this|these|those|not|also)\s*$", re.IGNORECASE)
_ZH_DANGLING = re.compile(r"[的和与及或在对把被将了而为是从向于以由]\s*$")
_OPENERS = {"(": ")", "（": "）", "“": "”", "「": "」", "《": "》", "【": "】", "[": "]"}
_TRAILING_COMMA = re.compile(r"[,，、]\s*$")

# Cuts found at a line break: the line ends on a word that needs more of its sentence
# and the next line opens a new one.  Enumerators and connectives open a sentence after
# any such word; a plain opener ("The", "In") only after words that a capitalised name
# cannot follow ("should be very / The"), since "of the / The Hague" is a wrap.
_EN_NEEDS_MORE = re.compile(
    r"\b(the|a|an|of|to|and|or|but|very|be|been|being|should|would|could|will|shall|must|"
    r"can|may|is|are|was|were|more|most|than|too|so|their|its|our|whose)\s*$", re.IGNORECASE)
_EN_NEEDS_MORE_NOT_NAME = re.compile(
    r"\b(very|be|been|being|should|would|could|will|shall|must|can|may|more|most|than|too)\s*$",
    re.IGNORECASE)
_EN_CONNECTIVE_OPENER = re.compile(
    r"^[\"“(]?(?:Firstly|Secondly|Thirdly|Fourthly|Fifthly|Sixthly|Finally|Lastly|Meanwhile|"
    r"However|Moreover|Furthermore|Therefore|Besides|Nevertheless|Accordingly|Consequently|"
    r"(?:First|Second|Third|Fourth|Fifth)(?=,)|In addition|In conclusion)\b[ ,，]")
_EN_PLAIN_OPENER = re.compile(
    r"^[\"“(]?(?:The|This|These|It|They|We|He|She|There|In|On|At|For|As|With|Since|After|"
    r"When|While|Although|If|According)\b[ ,，]")
_ZH_SENTENCE_OPENER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]\s*是|第[一二三四五六七八九十]+\s*[，,、是]|首先|其次|再次|最后|"
    r"[（(][一二三四五六七八九十0-9]+[）)])")

SENTENCE_KINDS = ("body", "unit")
# A pair scored below this by the aligner is an unsure one (see _paired_with_the_wrong_chinese).
UNSURE_PAIR = 0.5
# A paragraph-final sentence without terminal punctuation is cut, rather than missing
# its full stop, when it is this much shorter than its counterpart (length z-score), or
# when OM03's model finds part of the Chinese missing from it.
SHORT_Z = -1.5


def is_complete(text: str) -> bool:
    return bool(_COMPLETE_END.search(text))


def dangling_end(text: str, lang: str) -> bool:
    """The text ends on a function word, a comma or an open quote/bracket."""
    pattern = _ZH_DANGLING if lang == "zh" else _EN_DANGLING
    if pattern.search(text) or _TRAILING_COMMA.search(text):
        return True
    return open_bracket(text)


def open_bracket(text: str) -> bool:
    return any(text.count(opener) > text.count(closer) for opener, closer in _OPENERS.items())


@dataclass(frozen=True)
class Cut:
    """One incomplete sentence: where it stops and why."""

    code: str                 # TR01, TR02 or TR03
    side: str                 # "source" or "target"
    segment: int
    offset: int               # where the sentence stops, as an offset in the segment text
    reason: str               # dangling, open-bracket, short, no-punctuation, line-break
    confidence: float
    following: tuple[int, ...] = ()  # TR02: the Chinese segments after the cut with no English
    # TR02: the Chinese the cut sentence translates, when the aligner paired it elsewhere
    source: tuple[int, ...] = ()

    @property
    def lang(self) -> str:
        return "zh" if self.side == "source" else "en"


def find_cuts(context: CheckContext) -> list[Cut]:
    """At most one cut per sentence, in bead order (target side first in each bead).
    TR01-03, OM01 and OM03 all ask for them, so they are computed once per context."""
    return list(context.memoized("cuts", _find_cuts))


def _find_cuts(context: CheckContext) -> list[Cut]:
    cuts: list[Cut] = []
    for position, bead in enumerate(context.alignment):
        for side in ("target", "source"):
            own = bead.target if side == "target" else bead.source
            for segment_id in own:
                cut = _cut_of(context, position, side, segment_id)
                if cut is not None:
                    cuts.append(cut)
    return cuts


def _length_model(context: CheckContext) -> LengthModel:
    """The document's length ratios, fitted on its article beads on first use: only a
    paragraph-final sentence without final punctuation needs them, and fitting reads
    the whole text."""
    return context.memoized("cuts-length-model", lambda context: fit_length_model(
        (context.source_text(bead.source), context.target_text(bead.target))
        for bead in context.alignment if bead.source and bead.target
        and all(context.source_segments[i].article for i in bead.source)
        and all(context.target_segments[j].article for j in bead.target)))


def _cut_of(context: CheckContext, position: int, side: str, segment_id: int) -> Cut | None:
    segments = context.target_segments if side == "target" else context.source_segments
    segment = segments[segment_id]
    if segment.kind not in SENTENCE_KINDS:
        return None
    lang = "en" if side == "target" else "zh"
    bead = context.alignment[position]
    other_ids = bead.source if side == "target" else bead.target
    others = context.source_segments if side == "target" else context.target_segments
    text = segment.text.rstrip()
    inner = _line_break_cut(context, side, segment, lang)
    if not text or not _ends_paragraph(segment, segments) or is_complete(text):
        return inner
    if _continues(segment, segments, bead, side, lang):
        return inner  # reflow broke the sentence: its other half is next
    counterpart = [others[i] for i in other_ids]
    function_word_end = (_EN_DANGLING if lang == "en" else _ZH_DANGLING).search(text)
    if counterpart and not is_complete(counterpart[-1].text.rstrip()) and not function_word_end:
        return inner  # neither side ends a sentence: a heading, label or list item
    following: tuple[int, ...] = ()
    source_ids = bead.source
    if side == "target":
        following = _unmatched_source_after(context, position)
        reassigned = _paired_with_the_wrong_chinese(context, position, text)
        if reassigned is not None:
            source_ids, unreached = reassigned
            following = unreached + following
    # A final comma is a cut only with evidence that content is missing; a sentence
    # that says all its counterpart says and stops on a comma lost its full stop.
    comma_end = not function_word_end and bool(_TRAILING_COMMA.search(text)) and bool(counterpart)
    if open_bracket(text):
        reason, confidence = "open-bracket", 0.85
    elif dangling_end(text, lang) and not comma_end:
        reason, confidence = "dangling", 0.95
    else:
        short = None
        if counterpart:
            source_text = context.source_text(source_ids)
            target_text = context.target_text(bead.target)
            model = _length_model(context)
            z = model.z(source_text, target_text)
            short = z <= SHORT_Z if side == "target" else z >= -SHORT_Z
            if not short and side == "target":  # or the English lacks part of the content
                short = omission_evidence(source_text, target_text, model).probability >= 0.5
        if comma_end and (short or following):
            reason, confidence = "dangling", 0.95
        elif short:
            reason, confidence = "short", 0.85
        elif following:
            reason, confidence = "no-punctuation", 0.8
        elif comma_end:
            return Cut("TR03", side, segment_id, len(text), "comma", 0.6)
        elif _looks_like_label(text, lang) or not counterpart:
            return inner
        else:
            return Cut("TR03", side, segment_id, len(text), "no-punctuation", 0.6)
    if following:
        return Cut("TR02", side, segment_id, len(text), reason, max(confidence, 0.9), following,
                   source_ids if source_ids != bead.source else ())
    return Cut("TR01", side, segment_id, len(text), reason, confidence)


def _paired_with_the_wrong_chinese(context: CheckContext, position: int, english: str
                                   ) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """A cut English sentence lost the words that would have paired it: when the aligner
    put it, unsure, with the Chinese sentence after its real source (left alone just
    before), the cut text shares more words with that lone sentence.  Returns (the
    Chinese it translates, the Chinese of its bead that it never reached) or None."""
    bead = context.alignment[position]
    if position == 0 or bead.score >= UNSURE_PAIR or not bead.source:
        return None
    previous = context.alignment[position - 1]
    if previous.target or len(previous.source) != 1:
        return None
    candidate = context.source_segments[previous.source[0]]
    if not candidate.article or candidate.paragraph != context.source_segments[bead.source[0]].paragraph:
        return None

    def shared(ids: tuple[int, ...]) -> int:
        return sum(item.covered for item in bead_coverage(context.source_text(ids), english).items)

    if shared(previous.source) <= shared(bead.source):
        return None
    return previous.source, bead.source


def _line_break_cut(context: CheckContext, side: str, segment: Segment, lang: str) -> Cut | None:
    """A sentence that stops at an input line break inside the segment while the next
    line starts a new one: a page or column break that reflow and the splitter joined."""
    document = context.target if side == "target" else context.source
    paragraph = document.paragraphs[segment.paragraph]
    for offset, _line in paragraph.line_map[1:]:
        if not segment.start < offset < segment.end:
            continue
        before = paragraph.text[segment.start:offset].rstrip()
        after = paragraph.text[offset:segment.end].lstrip()
        if not before or not after or is_complete(before):
            continue
        if lang == "en":
            if (_EN_NEEDS_MORE.search(before) and _EN_CONNECTIVE_OPENER.match(after)) or (
                    _EN_NEEDS_MORE_NOT_NAME.search(before) and _EN_PLAIN_OPENER.match(after)):
                return Cut("TR01", side, segment.id, len(before), "line-break", 0.9)
        elif _ZH_SENTENCE_OPENER.match(after) and not _TRAILING_COMMA.search(before):
            if _ZH_DANGLING.search(before):
                return Cut("TR01", side, segment.id, len(before), "line-break", 0.85)
            return Cut("TR03", side, segment.id, len(before), "line-break", 0.6)
    return None


def _ends_paragraph(segment: Segment, segments: list[Segment]) -> bool:
    following = segments[segment.id + 1] if segment.id + 1 < len(segments) else None
    return following is None or following.paragraph != segment.paragraph


def _continues(segment: Segment, segments: list[Segment], bead, side: str, lang: str) -> bool:
    """The next segment finishes this sentence (reflow broke it at a page break): in
    English it starts in lower case; in Chinese it shares the sentence's bead."""
    if segment.id + 1 >= len(segments):
        return False
    following = segments[segment.id + 1]
    if not following.article:
        return False
    if lang == "en":
        return following.text.lstrip("\"“‘'([ ")[:1].islower()
    return following.id in bead.source


def _unmatched_source_after(context: CheckContext, position: int) -> tuple[int, ...]:
    """Chinese article segments right after bead ``position`` that have no English and
    stay in the paragraph of the bead's last Chinese segment."""
    bead = context.alignment[position]
    if not bead.source:
        return ()
    paragraph = context.source_segments[bead.source[-1]].paragraph
    found: list[int] = []
    for following in context.alignment[position + 1:]:
        if following.target or not following.source:
            break
        ids = [i for i in following.source if context.source_segments[i].paragraph == paragraph
               and context.source_segments[i].article]
        if len(ids) != len(following.source):
            found.extend(ids)
            break
        found.extend(ids)
    return tuple(found)


def _looks_like_label(text: str, lang: str) -> bool:
    """Short unpunctuated lines such as captions, labels or keywords."""
    if lang == "zh":
        return len(text) <= 12
    return len(text.split()) <= 4


_REASONS = {
    "dangling": "ends on “{tail}”",
    "open-bracket": "leaves a quote or bracket open",
    "short": "has no final punctuation and leaves out the end of its counterpart",
    "no-punctuation": "has no final punctuation",
    "comma": "ends on a comma",
    "line-break": "stops at a line break on “{tail}” and a new sentence follows",
}


def _describe(cut: Cut, text: str) -> str:
    words = text[:cut.offset].split()
    tail = " ".join(words[-3:]) if cut.lang == "en" else text[:cut.offset][-6:]
    return _REASONS[cut.reason].format(tail=tail)


class _CutRule(Rule):
    """Shared reporting for the three truncation codes."""

    category = "truncation"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for cut in find_cuts(context):
            if cut.code == self.code:
                yield self._finding(context, cut)

    def _finding(self, context: CheckContext, cut: Cut) -> Finding:
        segments = context.target_segments if cut.side == "target" else context.source_segments
        text = segments[cut.segment].text
        side_name = "English" if cut.side == "target" else "Chinese"
        other_side = "source" if cut.side == "target" else "target"
        bead = context.alignment[context.bead_index(cut.side)[cut.segment]]
        other_ids = (cut.source or (bead.source if cut.side == "target" else bead.target)) + \
            tuple(i for i in cut.following if i not in (cut.source or ()))
        inside = cut.offset < len(text.rstrip())
        own = context.location(cut.side, (cut.segment,),
                               span=(max(0, cut.offset - 40), cut.offset) if inside else None)
        return self.finding(self._message(cut, side_name, text, context), confidence=cut.confidence,
                            **{cut.side: own, other_side: context.location(other_side, other_ids)})

    def _message(self, cut: Cut, side_name: str, text: str, context: CheckContext) -> str:
        tail = text[:cut.offset].rstrip()
        shown = tail if len(tail) <= 50 else "…" + tail[-49:]
        return f"{side_name} sentence is cut off at “{shown}”: it {_describe(cut, text)}"


class TruncatedSentence(_CutRule):
    """A sentence stops before its end.

    Checked in both languages, on article sentences only.  A sentence is cut when
    its paragraph ends without terminal punctuation and it ends on a function word
    ("the", "of", "should be very", 的, 和) or an open quote or bracket, or is
    much shorter than its counterpart for this document (a final comma counts only
    then: a sentence that says all its counterpart says lost its full stop, TR03); or when it stops at an input
    line break on such a word while the next line starts a new sentence.  A sentence
    whose counterpart also lacks final punctuation is a heading or a label, and is
    left alone; so are headings, titles, list items, datelines, tables and captions.

    Bad:
    zh: 两国应加强能源合作。
    en: The two countries should strengthen their cooperation in the

    Good:
    zh: 两国应加强能源合作。
    en: The two countries should strengthen their energy cooperation.
    """

    code = "TR01"
    name = "truncated-sentence"
    severity = "error"


class TruncatedAtBreak(_CutRule):
    """The English stops where the Chinese goes on: a paragraph cut and never resumed.

    The last English sentence of a paragraph is incomplete and the Chinese sentences
    after it in the same paragraph have no English, as when a translation was cut at
    a page or column break.  The finding quotes the Chinese that was not reached;
    those sentences are not reported again as untranslated (OM01).

    Bad:
    zh: 会议讨论了三项议题。与会者一致同意加强合作。会议决定明年再次召开。
    en: The meeting discussed three topics. Participants agreed to

    Good:
    zh: 会议讨论了三项议题。与会者一致同意加强合作。会议决定明年再次召开。
    en: The meeting discussed three topics. Participants agreed to cooperate more. It will meet again next year.
    """

    code = "TR02"
    name = "truncated-at-break"
    severity = "error"

    def _message(self, cut: Cut, side_name: str, text: str, context: CheckContext) -> str:
        head = super()._message(cut, side_name, text, context)
        missing = context.source_text(cut.following)
        return f"{head}; the Chinese goes on with no English: {clip(missing)}"


class LostFinalPunctuation(_CutRule):
    """A complete-looking clause has lost its final punctuation (OCR).

    The paragraph ends without a full stop, but nothing suggests a cut: the
    sentence does not end on a function word, is as long as its counterpart, and the
    counterpart ends normally.  A sentence that ends on a comma but says all its
    counterpart says is reported here too, not as cut.  Also reported where a Chinese clause runs into the
    next sentence's enumerator (…很大 / 一是…) at a line break.

    Bad:
    zh: 调查持续了六个月。
    en: The survey lasted six months

    Good:
    zh: 调查持续了六个月。
    en: The survey lasted six months.
    """

    code = "TR03"
    name = "lost-final-punctuation"
    severity = "info"

    def _message(self, cut: Cut, side_name: str, text: str, context: CheckContext) -> str:
        tail = text[:cut.offset].rstrip()
        shown = tail if len(tail) <= 50 else "…" + tail[-49:]
        where = {"line-break": " before a line break",
                 "comma": " (it ends on a comma)"}.get(cut.reason, "")
        return f"{side_name} sentence has lost its final punctuation{where}: “{shown}”"
