"""Build a CheckContext by hand, so a rule can be tested without reading,
segmentation or alignment."""
from __future__ import annotations

from tqc.glossary import Glossary
from tqc.model import Bead, Document, Paragraph, Segment
from tqc.rules import RULES_BY_CODE, CheckContext


def _side(paragraphs, lang: str, kinds) -> tuple[Document, list[Segment]]:
    joiner = "" if lang == "zh" else " "
    built, segments = [], []
    for index, sentences in enumerate(paragraphs):
        if isinstance(sentences, str):
            sentences = [sentences]
        kind = kinds[index] if kinds else "body"
        text, offset = "", 0
        for sentence in sentences:
            if text:
                text += joiner
                offset = len(text)
            text += sentence
            segments.append(Segment(len(segments), sentence, index, offset, offset + len(sentence),
                                    line=index + 1, kind=kind))
        built.append(Paragraph(index, text, kind, ((0, index + 1),)))
    return Document(f"<{lang}>", lang, built), segments


def make_context(zh, en, beads=None, zh_kinds=None, en_kinds=None, glossary=None) -> CheckContext:
    """``zh``/``en``: paragraphs, each a sentence or a list of sentences.  Without
    ``beads`` the n-th Chinese sentence is aligned with the n-th English one."""
    source, source_segments = _side(zh, "zh", zh_kinds)
    target, target_segments = _side(en, "en", en_kinds)
    if beads is None:
        assert len(source_segments) == len(target_segments), "give beads for unequal sides"
        beads = [((i,), (i,)) for i in range(len(source_segments))]
    alignment = [bead if isinstance(bead, Bead) else Bead(tuple(bead[0]), tuple(bead[1]), 1.0)
                 for bead in beads]
    return CheckContext(source, target, source_segments, target_segments, alignment,
                        glossary or Glossary())


def run_rule(code: str, zh, en, options=None, **context_args):
    rule = RULES_BY_CODE[code](None, **(options or {}))
    return list(rule.check(make_context(zh, en, **context_args)))
