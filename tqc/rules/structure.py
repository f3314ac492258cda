"""Structured-abstract labels (目的/方法/结果/结论 ...) and keyword lists."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..model import Finding, Segment
from .base import CheckContext, Rule

# concept -> (Chinese labels, accepted English labels).  Journals differ; the
# ``labels`` option replaces the English accepted for a Chinese label.
DEFAULT_LABELS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "background": (("背景", "研究背景"), ("Background", "Backgrounds", "Context")),
    "objective": (("目的", "研究目的", "目标"), ("Objective", "Objectives", "Purpose", "Aim", "Aims")),
    "methods": (("方法", "研究方法"), ("Methods", "Method", "Methodology", "Materials and Methods")),
    "results": (("结果", "研究结果"), ("Results", "Result", "Findings")),
    "conclusion": (("结论", "研究结论"), ("Conclusion", "Conclusions")),
    "significance": (("意义", "研究意义"), ("Significance", "Implications")),
    "keywords": (("关键词", "关键字", "主题词"), ("Keywords", "Key words", "Key Words", "Index terms")),
}

_ZH_OPEN, _ZH_CLOSE = "【[〔［(（", "】]〕］)）"


@dataclass(frozen=True)
class Label:
    concept: str
    text: str  # the label as written
    segment: int
    start: int  # offsets inside the segment
    end: int
    body_start: int  # where the text after the label (and its colon or bracket) starts


def _label_regex(labels: list[str], english: bool) -> re.Pattern:
    alternatives = "|".join(re.escape(label).replace(r"\ ", r"\s+")
                            for label in sorted(labels, key=len, reverse=True))
    if english:
        # "Objective:", "[Objective]", "OBJECTIVE To ...", or the label alone.
        return re.compile(
            rf"\s*(?:(?:Abstract|Summary)\s*[:：.]?\s*)?(?P<open>[\[【(（])?\s*(?P<label>{alternatives})\s*"
            rf"(?:(?P<close>[\]】)）])\s*[:：.]?|\s*[:：]|\s+[—–-]\s+|(?P<alone>\s*$)|(?P<space>\s+(?=\S)))",
            re.IGNORECASE)
    return re.compile(
        rf"\s*(?:[【\[]?(?:摘\s*要|提\s*要)[】\]]?\s*[:：]?\s*)?(?P<open>[{re.escape(_ZH_OPEN)}])?\s*"
        rf"(?P<label>{alternatives})\s*"
        rf"(?:(?P<close>[{re.escape(_ZH_CLOSE)}])\s*[:：]?|[:：]|(?P<alone>\s*$)|(?P<space>\s+(?=\S)))")


_INLINE_ZH = "【[〔［"
_INLINE_EN = "[【"


class AbstractLabels(Rule):
    """Structured-abstract labels (目的/方法/结果/结论, 关键词) do not map to the English.

    目的/方法/结果/结论 (and 背景, 意义, 关键词) must reappear as the English
    labels, in the same order.

    A label that is missing, out of order or rendered as another label is
    flagged; with the ``labels`` option a journal fixes its own English
    labels, and any other rendering is then flagged too.  The keyword list is
    checked item by item: the same count, and no keyword that matches another
    position better than its own (CC-CEDICT evidence).  The rule only runs on
    a Chinese text with two or more labels, or a keyword line.

    Bad:
    zh: 目的：探讨两国安全合作的模式。方法：分析近十年的合作文件。结论：务实合作应继续深化。
    en: Methods: To explore models of security cooperation. Objective: We analysed cooperation documents. Conclusion: Pragmatic cooperation should deepen.

    Good:
    zh: 目的：探讨两国安全合作的模式。方法：分析近十年的合作文件。结论：务实合作应继续深化。
    en: Objective: To explore models of security cooperation. Methods: We analysed cooperation documents. Conclusion: Pragmatic cooperation should deepen.

    Options:
    labels: table of Chinese label -> list of accepted English labels, replacing
    the defaults for that label or adding a new one, e.g.
    labels = { "目的" = ["Aim"], "创新点" = ["Highlights"] }
    keywords: check keyword lists item by item (default true)
    """

    code = "ST01"
    name = "abstract-labels"
    category = "terminology"
    severity = "error"
    options = {"labels": {}, "keywords": True}

    def __init__(self, severity: str | None = None, **options):
        super().__init__(severity, **options)
        labels = self.settings["labels"]
        if not isinstance(labels, dict) or not all(
                isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v) for v in labels.values()):
            raise ValueError("ST01 option labels must map each Chinese label to a list of English labels")
        # Chinese label -> concept; concept -> recognised and accepted English labels.
        self.zh_concept: dict[str, str] = {}
        self.en_known: dict[str, str] = {}
        self.accepted: dict[str, list[str]] = {}  # concept -> English labels, preferred first
        for concept, (zh_labels, en_labels) in DEFAULT_LABELS.items():
            for label in zh_labels:
                self.zh_concept[label] = concept
            for label in en_labels:
                self.en_known[_key(label)] = concept
            self.accepted[concept] = list(en_labels)
        for zh_label, en_labels in sorted(labels.items()):
            concept = self.zh_concept.get(zh_label, zh_label)
            self.zh_concept[zh_label] = concept
            self.accepted[concept] = list(en_labels)
            for label in en_labels:
                self.en_known.setdefault(_key(label), concept)
        self._zh_regex = _label_regex(list(self.zh_concept), english=False)
        self._en_regex = _label_regex(sorted({label for concept in DEFAULT_LABELS.values()
                                              for label in concept[1]} |
                                             {label for labels_ in labels.values() for label in labels_}),
                                      english=True)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        source = self._labels(context.source_segments, english=False)
        sections = [label for label in source if label.concept != "keywords"]
        keyword_labels = [label for label in source if label.concept == "keywords"]
        if len(sections) < 2 and not keyword_labels:
            return
        target = self._labels(context.target_segments, english=True)
        if len(sections) >= 2:
            yield from self._compare(context, source, target)
        elif keyword_labels:
            yield from self._compare(context, keyword_labels,
                                     [label for label in target if label.concept == "keywords"])
        if self.settings["keywords"]:
            target_keywords = [label for label in target if label.concept == "keywords"]
            for zh_label, en_label in zip(keyword_labels, target_keywords):
                yield from self._keywords(context, zh_label, en_label)

    # -- finding labels -----------------------------------------------------------

    def _labels(self, segments: list[Segment], english: bool) -> list[Label]:
        regex = self._en_regex if english else self._zh_regex
        found: list[Label] = []
        for segment in segments:
            match = regex.match(segment.text)
            if match and self._is_label(match, english):
                found.append(self._label(segment, match, english))
            # Inline bracketed labels later in the sentence: ……。【方法】……
            for opener in (_INLINE_EN if english else _INLINE_ZH):
                position = segment.text.find(opener, 1)
                while position > 0:
                    inline = regex.match(segment.text, position)
                    if inline and inline.group("open") and inline.group("close"):
                        found.append(self._label(segment, inline, english))
                    position = segment.text.find(opener, position + 1)
        found.sort(key=lambda label: (label.segment, label.start))
        return found

    @staticmethod
    def _is_label(match: re.Match, english: bool) -> bool:
        if match.group("space") is not None:
            if not english:
                return True  # "目的 探讨……": OCR often drops the colon
            # "OBJECTIVE To ...", or "Objective To ..." where the bold of the label was
            # lost; "Results show that ..." is a sentence.
            label = match.group("label")
            following = match.string[match.end():match.end() + 1]
            return label.isupper() and len(label) > 3 or following.isupper()
        if match.group("open") and not match.group("close"):
            return False
        return True

    def _label(self, segment: Segment, match: re.Match, english: bool) -> Label:
        text = match.group("label")
        concept = self.en_known.get(_key(text)) if english else self.zh_concept[text]
        return Label(concept or "", text, segment.id, match.start("label"), match.end("label"),
                     match.end())

    # -- comparing ----------------------------------------------------------------

    def _compare(self, context: CheckContext, source: list[Label], target: list[Label]
                 ) -> Iterator[Finding]:
        """Pair labels through the alignment (the i-th label of a bead's Chinese with
        the i-th label of its English); what stays unpaired is out of order or missing."""
        source_bead = _bead_of(context, "source")
        target_bead = _bead_of(context, "target")
        pending: list[Label] = []
        paired_target: set[int] = set()
        source_concepts = {label.concept for label in source}
        for bead_index in sorted({source_bead.get(label.segment, -1) for label in source}):
            here = [label for label in source if source_bead.get(label.segment, -1) == bead_index]
            there = [j for j, label in enumerate(target)
                     if bead_index >= 0 and target_bead.get(label.segment) == bead_index]
            for label, j in zip(here, there):
                paired_target.add(j)
                other = target[j]
                if other.concept == label.concept:
                    yield from self._accepted(context, label, other)
                elif other.concept in source_concepts:
                    yield self._finding(context, label, other,
                                        f"labels out of order: the English has “{other.text}” "
                                        f"where the Chinese has {label.text}")
                else:
                    yield self._finding(context, label, other,
                                        f"label {label.text} rendered as “{other.text}”; "
                                        f"expected {self._expected(label.concept)}")
            pending.extend(here[len(there):])
        for label in pending:
            elsewhere = next((j for j, other in enumerate(target)
                              if j not in paired_target and other.concept == label.concept), None)
            if elsewhere is not None:
                paired_target.add(elsewhere)
                yield self._finding(context, label, target[elsewhere],
                                    f"label {label.text} is out of place: its English label "
                                    f"“{target[elsewhere].text}” is not aligned with it")
            elif any(other.concept == label.concept for other in target):
                continue  # already reported through the alignment
            else:
                yield self._finding(context, label, None,
                                    f"label {label.text} has no English label; "
                                    f"expected {self._expected(label.concept)}")

    def _accepted(self, context: CheckContext, source: Label, target: Label) -> Iterator[Finding]:
        if _key(target.text) not in {_key(label) for label in self.accepted.get(source.concept, ())}:
            yield self._finding(context, source, target,
                                f"label {source.text} rendered as “{target.text}”; this journal "
                                f"uses {self._expected(source.concept)}", confidence=0.8)

    def _expected(self, concept: str) -> str:
        accepted = self.accepted.get(concept, [])
        return " or ".join(f"“{label}”" for label in accepted[:3]) or "an English label"

    def _finding(self, context: CheckContext, source: Label, target: Label | None, message: str,
                 confidence: float = 0.9, severity: str | None = None) -> Finding:
        return self.finding(
            message,
            source=context.location("source", (source.segment,), span=(source.start, source.end)),
            target=(context.location("target", (target.segment,), span=(target.start, target.end))
                    if target else None),
            confidence=confidence, severity=severity,
        )

    # -- keywords -----------------------------------------------------------------

    def _keywords(self, context: CheckContext, zh_label: Label, en_label: Label) -> Iterator[Finding]:
        zh_items = split_keywords(_rest_of_paragraph(context, "source", zh_label), english=False)
        en_items = split_keywords(_rest_of_paragraph(context, "target", en_label), english=True)
        if not zh_items or not en_items:
            return
        if len(zh_items) != len(en_items):
            yield self._finding(
                context, zh_label, en_label,
                f"{len(zh_items)} Chinese keywords but {len(en_items)} English keywords "
                f"({'；'.join(zh_items)} / {'; '.join(en_items)})")
            return
        scores = keyword_scores(zh_items, en_items, context.glossary)
        misplaced = []
        for i, zh in enumerate(zh_items):
            own = scores[i][i]
            better = [j for j in range(len(en_items)) if j != i and scores[i][j] > own]
            if own == 0 and better:
                j = max(better, key=lambda k: scores[i][k])
                misplaced.append(f"{zh} is at position {j + 1} (“{en_items[j]}”), not {i + 1}")
        if misplaced:
            yield self._finding(context, zh_label, en_label,
                                "keywords out of order: " + "; ".join(misplaced), confidence=0.7)


def _bead_of(context: CheckContext, side: str) -> dict[int, int]:
    """Segment id -> index of its bead."""
    mapping = {}
    for index, bead in enumerate(context.alignment):
        for segment_id in (bead.source if side == "source" else bead.target):
            mapping[segment_id] = index
    return mapping


def split_keywords(text: str, english: bool) -> list[str]:
    text = text.strip().rstrip("。.;；")
    if not text:
        return []
    separators = r"[;；]" if re.search(r"[;；]", text) else r"[,，、]" if re.search(r"[,，、]", text) else None
    if separators is None:
        items = [text] if english else text.split()
    else:
        items = re.split(separators, text)
    return [item.strip() for item in items if item.strip()]


def keyword_scores(zh_items: list[str], en_items: list[str], glossary=None) -> list[list[int]]:
    """How many English stems of each English keyword the dictionary offers for each
    Chinese keyword (glossary renderings count too)."""
    from ..lexicon import cedict_index, chinese_words, english_stems

    index = cedict_index()
    en_stems = [set(english_stems(item)) for item in en_items]
    scores = []
    for zh in zh_items:
        offered: set[str] = set()
        for word in chinese_words(zh, index):
            offered.update(index.get(word))
        for term in glossary.terms if glossary else ():
            if term.zh and term.zh in zh:
                for rendering in term.en:
                    offered.update(english_stems(rendering))
        scores.append([len(offered & stems) for stems in en_stems])
    return scores


def _rest_of_paragraph(context: CheckContext, side: str, label: Label) -> str:
    segments = context.source_segments if side == "source" else context.target_segments
    document = context.source if side == "source" else context.target
    segment = segments[label.segment]
    paragraph = document.paragraphs[segment.paragraph].text
    return paragraph[segment.start + label.body_start:]


def _key(label: str) -> str:
    return " ".join(label.lower().split())
