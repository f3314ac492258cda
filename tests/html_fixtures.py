"""Hand-made reports for the HTML, Markdown and CSV reporter tests (no pipeline needed).

The Chinese and English text is written for these tests."""
from __future__ import annotations

from tqc.model import Bead, Document, Finding, Location, Paragraph, Report, Segment
from tqc.rules.base import Rule

SCRIPT_IN_TRANSLATION = "<script>window.pwned = 1</script>"


def build_document(path: str, lang: str, paragraphs: list[tuple[str, list[str]]]):
    """(Document, segments) from (kind, sentences) paragraphs, one input line each
    with a blank line between paragraphs."""
    joiner = "" if lang == "zh" else " "
    document_paragraphs, segments, line = [], [], 1
    for index, (kind, sentences) in enumerate(paragraphs):
        document_paragraphs.append(Paragraph(index, joiner.join(sentences), kind, ((0, line),)))
        offset = 0
        for sentence in sentences:
            segments.append(Segment(len(segments), sentence, index, offset, offset + len(sentence), line, kind))
            offset += len(sentence) + len(joiner)
        line += 2
    return Document(path, lang, document_paragraphs), segments


ZH_PARAGRAPHS = [
    ("title", ["社区卫生服务调查报告"]),
    ("heading", ["一、背景"]),
    ("body", ["本市共有社区卫生服务中心四十二个。", "家庭医生签约率达到百分之三十五。"]),
    ("heading", ["二、方法"]),
    ("body", ["研究采用问卷调查。", "共发放问卷1200份。", "回收有效问卷1100份。"]),
    ("news", ["【本刊讯】编辑部召开年度读者座谈会。"]),
]
EN_PARAGRAPHS = [
    ("title", ["Survey Report on Community Health Services"]),
    ("heading", ["1. Background"]),
    ("body", ["The city has 42 community health centres.",
              f"The contract rate of family doctors reached {SCRIPT_IN_TRANSLATION} 53%."]),
    ("heading", ["2. Methods"]),
    ("body", ["The study used a questionnaire survey.", "A total of 1,100 valid questionnaires were",
              "Funding & support came from the city."]),
]
ALIGNMENT = [
    Bead((0,), (0,), 0.97), Bead((1,), (1,), 0.9), Bead((2,), (2,), 0.88), Bead((3,), (3,), 0.62),
    Bead((4,), (4,), 0.95), Bead((5,), (5,), 0.7), Bead((6,), (), 0.3), Bead((7,), (6,), 0.41),
    Bead((8,), (), 0.2), Bead((), (7,), 0.1),
]


def sample_report(source_path: str = "survey.zh.txt", target_path: str = "survey.en.txt") -> Report:
    source, source_segments = build_document(source_path, "zh", ZH_PARAGRAPHS)
    target, target_segments = build_document(target_path, "en", EN_PARAGRAPHS)
    target.dropped = {"page-number": 2}
    percent = target_segments[3].text.index("53%")
    findings = [
        Finding("TM01", "missing-glossary-term", "terminology", "error", 0.85,
                "glossary term 家庭医生 should be rendered as 'family physician'",
                source=Location((3,), "家庭医生", 4, (0, 4)),
                target=Location((3,), target_segments[3].text, 4), suggestion="family physician"),
        Finding("NU01", "number-mismatch", "number", "warning", 0.9,
                "百分之三十五 (35%) is 53% in the English",
                source=Location((3,), "百分之三十五", 4, (9, 15)),
                target=Location((3,), "53%", 4, (percent, percent + 3)), suggestion="35%"),
        Finding("OM01", "untranslated-sentence", "omission", "error", 0.8,
                "Chinese text has no English translation: 共发放问卷1200份。",
                source=Location((6,), "共发放问卷1200份。", 9), target=Location(())),
        Finding("TR01", "truncated-sentence", "truncation", "warning", 0.9,
                "English sentence stops before its end: '…valid questionnaires were'",
                source=Location((7,), None, 9), target=Location((6,), None, 9)),
        Finding("OM02", "untranslated-block", "omission", "info", 0.7,
                "news block has no English counterpart: 【本刊讯】编辑部召开年度读者座谈会。",
                source=Location((8,), None, 11)),
        Finding("AD01", "unmatched-target-sentence", "addition", "warning", 0.6,
                "English sentence has no Chinese source: Funding & support came from the city.",
                target=Location((7,), None, 9)),
        Finding("PU01", "full-width-punctuation", "punctuation", "info", 1.0,
                "the English uses a full-width percent sign <％> once"),
    ]
    return Report(source, target, source_segments, target_segments, ALIGNMENT, findings,
                  glossaries=[], version="9.9.9",
                  settings={"fail_on": "error", "select": [], "ignore": [], "min_confidence": 0.0,
                            "align": "test-aligner"})


def _rule(code: str, name: str, category: str, severity: str, doc: str) -> type[Rule]:
    return type(f"Rule{code}", (Rule,), {"__doc__": doc, "code": code, "name": name,
                                          "category": category, "severity": severity})


# Fixed rule documentation, so golden files do not change when tqc's rule texts do.
SAMPLE_RULES = {rule.code: rule for rule in (
    _rule("TM01", "missing-glossary-term", "terminology", "error",
          "A glossary term is not rendered as the glossary says.\n\nLonger text\nwrapped here.\n\n"
          "Bad:\nzh: 家庭医生\nen: home doctor\n\nGood:\nzh: 家庭医生\nen: family physician"),
    _rule("NU01", "number-mismatch", "number", "warning",
          "A number differs between the two sides.\n\nBad:\nzh: 三十五\nen: 53\n\nGood:\nzh: 三十五\nen: 35"),
    _rule("OM01", "untranslated-sentence", "omission", "error",
          "A Chinese sentence has no English.\n\nBad:\nzh: 甲。乙。\nen: A.\n\nGood:\nzh: 甲。乙。\nen: A. B."),
    _rule("OM02", "untranslated-block", "omission", "warning",
          "A boxed block was not translated.\n\nOptions:\nkinds: block kinds reported"),
    _rule("TR01", "truncated-sentence", "truncation", "warning", "A sentence stops before its end."),
    _rule("AD01", "unmatched-target-sentence", "addition", "warning", "An English sentence has no source."),
)}


def large_report(beads: int, findings_every: int = 4, sentence_repeat: int = 1) -> Report:
    """``beads`` 1-1 beads in sections of 50, a finding on every ``findings_every``-th bead."""
    zh_paragraphs, en_paragraphs = [], []
    for number in range(beads):
        if number % 50 == 0:
            zh_paragraphs.append(("heading", [f"第{number // 50 + 1}节"]))
            en_paragraphs.append(("heading", [f"Section {number // 50 + 1}"]))
        zh_paragraphs.append(("body", ["城市社区卫生服务中心为老年人提供家庭医生签约服务。" * sentence_repeat]))
        tail = SCRIPT_IN_TRANSLATION if number == beads - 1 else ""
        en_paragraphs.append(("body", [("Urban community health centres provide contracted family doctor "
                                        "services for older adults. " * sentence_repeat).strip() + tail]))
    source, source_segments = build_document("large.zh.txt", "zh", zh_paragraphs)
    target, target_segments = build_document("large.en.txt", "en", en_paragraphs)
    alignment = [Bead((i,), (i,), round(0.3 + 0.7 * ((i * 37) % 100) / 100, 4)) for i in range(len(source_segments))]
    found = []
    for i in range(0, len(source_segments), findings_every):
        if source_segments[i].kind == "heading":
            continue
        found.append(Finding("TM01", "missing-glossary-term", "terminology", ("error", "warning", "info")[i % 3],
                             0.8, f"glossary term 家庭医生 should be rendered as 'family physician' ({i})",
                             source=Location((i,), "家庭医生", source_segments[i].line,
                                             (source_segments[i].text.index("家庭医生"),
                                              source_segments[i].text.index("家庭医生") + 4)),
                             target=Location((i,), None, target_segments[i].line), suggestion="family physician"))
    return Report(source, target, source_segments, target_segments, alignment, found, version="9.9.9",
                  settings={"align": "test-aligner"})
