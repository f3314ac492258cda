"""Property-based tests (hypothesis): whatever the text, tqc does not crash, aligns
every sentence exactly once and in order, and points its findings inside the text.

The text mixes Chinese and English written for these tests with hostile Unicode:
every plane, combining marks, right-to-left text and overrides, emoji sequences,
odd spaces and line separators, controls, and (through the Python API) lone
surrogates; it is wrapped at random widths, laid out as a file pair, a bilingual
file or a TSV, encoded in UTF-8, UTF-16, GB18030 or as raw surrogate bytes, and
checked with random glossaries.

Each property runs TQC_HYPOTHESIS_EXAMPLES examples (default 2,000) from a fixed seed
(derandomize), so CI runs the same examples every time; conftest.py prints the counts.
"""
from __future__ import annotations

import os
import random
import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings, strategies as st

import run_counts
import tqc
from tqc.align import align
from tqc.cli import main
from tqc.errors import InputError
from tqc.glossary import Glossary, Term
from tqc.model import Segment
from tqc.pipeline import load_glossaries, run
from tqc.reading import read_inputs
from tqc.reporters import FORMATS

from conftest import validate_report_json

EXAMPLES = int(os.environ.get("TQC_HYPOTHESIS_EXAMPLES", "2000"))
PROPERTY = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])

# --- text ------------------------------------------------------------------------------------

ZH_WORDS = ("图书馆", "开放", "时间", "读者", "城市", "社区", "医生", "服务", "研究", "结果", "方法",
            "数据", "老年人", "患者", "调查", "问卷", "项目", "投入", "亿元", "二十", "三百", "1200",
            "65岁", "百分之三十五", "68.5％", "第一", "首先", "其次", "一是", "（", "）", "《", "》",
            "“", "”", "，", "、", "：", "北京", "上海", "世界卫生组织", "高血压", "家庭医生", "𠀀", "A")
EN_WORDS = ("library", "open", "time", "readers", "city", "community", "doctor", "services", "study",
            "results", "method", "data", "older", "adults", "patients", "survey", "project", "million",
            "yuan", "twenty", "300", "1,200", "65", "35%", "68.5%", "first", "First,", "the", "of", "and",
            "(", ")", "\"", "'s", ",", ";", ":", "Beijing", "Shanghai", "WHO", "hypertension",
            "family", "U.S.", "Dr.", "e.g.", "-", "—", "well-being", "co-", "operation")
SPECIALS = (
    "\u0301", "\u0300\u0323", "e\u0301", "\u20dd",               # combining marks
    "مرحبا", "שלום", "\u202e", "\u202d", "\u200e", "\u2067",     # right-to-left, overrides, isolates
    "👩\u200d💻", "🇨🇳", "❤\ufe0f", "\U0001f600",                 # emoji sequences, astral
    "\ufeff", "\u200b", "\u00a0", "\u3000", "\u2009",            # BOM, zero-width, odd spaces
    "\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\r", "\t",    # line and page separators
    "\x1b[31m", "\x07", "\x7f",                                    # controls (NUL: test_bad_inputs)
    "１２３", "Ⅻ", "½", "\U0001d7d8",                            # other digits
    "\U000e0001", "\U0010fffd", "\ue000", "\uffff",                # tags, private use, non-characters
)

ZH_TERMS = tuple(word for word in ZH_WORDS if re.search("[\u4e00-\u9fff]", word))
EN_TERMS = tuple(word for word in EN_WORDS if re.search("[A-Za-z]", word))
ZH_ENDS = ("。", "。", "。", "！", "？", "；", "", "……", "。”")
EN_ENDS = (".", ".", ".", "!", "?", ";", "", "...", ".\"")
FURNITURE = ("— 12 —", "第3页", "Page 4", "- 5 -", "* * *")
INDENTS = ("", "", "", "  ", "\u3000\u3000", "\t")


class TextMaker:
    """Text built from a seed hypothesis draws: a handful of draws per example instead of
    one per word keeps thousands of examples fast.  ``noise`` is the share of words that
    are hostile Unicode instead of vocabulary."""

    def __init__(self, seed: int, noise: float):
        self.random = random.Random(seed)
        self.noise = noise

    def any_character(self) -> str:
        while True:  # every plane, assigned or not, but no surrogates: files cannot hold them
            code = self.random.choice((self.random.randrange(0x80), self.random.randrange(0x3000),
                                       self.random.randrange(0x110000)))
            if code and not 0xD800 <= code <= 0xDFFF:
                return chr(code)

    def word(self, vocabulary: tuple[str, ...]) -> str:
        if self.random.random() >= self.noise:
            return self.random.choice(vocabulary)
        if self.random.random() < 0.6:
            return self.random.choice(SPECIALS)
        return "".join(self.any_character() for _ in range(self.random.randint(1, 3)))

    def sentence(self, vocabulary, joiner: str, ends: tuple[str, ...]) -> str:
        words = [self.word(vocabulary) for _ in range(self.random.randint(1, 10))]
        return joiner.join(words) + self.random.choice(ends)

    def paragraphs(self, lang: str) -> list[str]:
        vocabulary, joiner, ends = (ZH_WORDS, "", ZH_ENDS) if lang == "zh" else (EN_WORDS, " ", EN_ENDS)
        return [joiner.join(self.sentence(vocabulary, joiner, ends)
                            for _ in range(self.random.randint(1, 3)))
                for _ in range(self.random.randint(1, 4))]

    def wrapped(self, texts: list[str]) -> str:
        """Paragraphs hard-wrapped at a random width (mid-word too), indented at random,
        separated by one or more blank lines or none, with page furniture in between."""
        lines: list[str] = []
        for text in texts:
            width = self.random.choice((None, None, self.random.randint(1, 8), self.random.randint(8, 60)))
            pieces = [text] if width is None else [text[i:i + width] for i in range(0, len(text), width)]
            lines.append(self.random.choice(INDENTS) + pieces[0])
            lines.extend(pieces[1:])
            lines.extend([""] * self.random.choice((0, 1, 1, 1, 2)))
            if self.random.random() < 0.1:
                lines.append(self.random.choice(FURNITURE))
        return "\n".join(lines)

    def cell(self, vocabulary: tuple[str, ...]) -> str:
        """A glossary cell: mostly a term, sometimes noise; never a tab or a line break."""
        text = self.random.choice(vocabulary) if self.random.random() < 0.85 else self.word(vocabulary)
        return " ".join(text.replace("\t", " ").split())

    def glossary(self) -> str:
        """A glossary TSV; one in about ten has an entry tqc refuses (an empty term...)."""
        rows = ["zh\ten\tforbidden\tnote"]
        for _ in range(self.random.randint(1, 4)):
            rows.append("\t".join((self.cell(ZH_TERMS), self.cell(EN_TERMS),
                                   self.cell(EN_TERMS) if self.random.random() < 0.3 else "",
                                   self.word(SPECIALS + ZH_WORDS).replace("\t", " "))))
        return "\n".join(" ".join(row.splitlines()) for row in rows) + "\n"


def encoded(text: str, encoding: str, crlf: bool) -> bytes:
    if crlf:
        text = text.replace("\n", "\r\n")
    if encoding == "surrogates":  # lone surrogates written as WTF-8 bytes
        return (text + "\ud800\n\udfff").encode("utf-8", "surrogatepass")
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


ENCODINGS = st.sampled_from(("utf-8",) * 9 + ("utf-8-sig", "utf-16", "gb18030", "surrogates"))
NOISE = st.sampled_from((0.0, 0.02, 0.02, 0.05, 0.1, 0.3))
SEEDS = st.integers(0, 2**32 - 1)


@st.composite
def inputs(draw) -> dict:
    """The files of one check ({name: bytes}) and its command-line arguments."""
    make = TextMaker(draw(SEEDS), draw(NOISE))
    layout = draw(st.sampled_from(("pair", "pair", "bilingual", "interleaved", "tsv")))
    zh, en = make.paragraphs("zh"), make.paragraphs("en")
    crlf = draw(st.booleans())
    files: dict[str, bytes] = {}
    if layout == "pair":
        files["zh.txt"] = encoded(make.wrapped(zh), draw(ENCODINGS), crlf)
        files["en.txt"] = encoded(make.wrapped(en), draw(ENCODINGS), crlf)
        args = ["zh.txt", "en.txt"]
    elif layout == "bilingual":
        files["both.txt"] = encoded(make.wrapped(zh) + "\n\n" + make.wrapped(en), draw(ENCODINGS), crlf)
        args = ["both.txt"]
    elif layout == "interleaved":
        mixed = [text for pair in zip(zh, en) for text in pair]
        files["both.txt"] = encoded(make.wrapped(mixed), draw(ENCODINGS), crlf)
        args = ["both.txt"]
    else:
        def cell(text: str) -> str:
            return " ".join(text.replace("\t", " ").splitlines())
        files["units.tsv"] = "\n".join(f"{cell(a)}\t{cell(b)}" for a, b in zip(zh, en)).encode("utf-8")
        args = ["units.tsv"]
    with_glossary = draw(st.booleans())
    if with_glossary:
        files["glossary.tsv"] = make.glossary().encode("utf-8")
    return {"files": files, "args": args, "glossary": with_glossary}


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory(prefix="tqc-properties-") as folder:
        yield Path(folder)


def write_case(workdir: Path, case: dict) -> list[str]:
    for path in workdir.iterdir():
        path.unlink()
    for name, data in case["files"].items():
        (workdir / name).write_bytes(data)
    return [str(workdir / name) for name in case["args"]]


def line_count(data: bytes) -> int:
    """Lines of a file as tqc numbers them (\\n, \\r\\n and a lone \\r end a line)."""
    text = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if text.startswith(b"\xff\xfe") or text.startswith(b"\xfe\xff"):  # UTF-16: one counts code units
        return data.decode("utf-16").replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    return text.count(b"\n") + 1


def report_of(workdir: Path, case: dict):
    """The pipeline's report, as the CLI builds it, or None when the input is refused."""
    paths = write_case(workdir, case)
    try:
        glossary = load_glossaries(str(workdir / "glossary.tsv") if case["glossary"] else None)
        return run(read_inputs(*paths), glossary)
    except InputError:
        return None


# --- the properties ----------------------------------------------------------------------------

@PROPERTY
@given(case=inputs(), output_format=st.sampled_from(sorted(FORMATS)))
def test_check_never_crashes(workdir, case, output_format):
    """`tqc check` either writes a report (exit 0) or refuses the input with one line
    and exit 2; never an internal error, never a traceback."""
    run_counts.hypothesis_examples["check never crashes"] += 1
    paths = write_case(workdir, case)
    output = workdir / "report.out"
    args = ["check", *paths, "--format", output_format, "--output", str(output), "--fail-on", "never"]
    if case["glossary"]:
        args += ["--glossary", str(workdir / "glossary.tsv")]
    result = CliRunner().invoke(main, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    lines = result.stderr.splitlines()
    if result.exit_code == 0:
        assert all(line.startswith("tqc: warning: ") for line in lines), result.stderr
        assert output.stat().st_size > 0
        if output_format == "json":
            validate_report_json(output.read_text(encoding="utf-8"))
    else:
        assert result.exit_code == 2, result.output
        *warnings, last = lines  # one error line, after any warnings
        assert all(line.startswith("tqc: warning: ") for line in warnings), result.stderr
        assert last.startswith("tqc: error: ") and "internal error" not in last, result.stderr
        assert not output.exists()


def segment_lines(report, side: str) -> list[tuple[int, int]]:
    """(first, last) input line of every segment of one side."""
    document = report.source if side == "source" else report.target
    segments = report.source_segments if side == "source" else report.target_segments
    by_index = {paragraph.index: paragraph for paragraph in document.paragraphs}
    spans = []
    for segment in segments:
        paragraph = by_index[segment.paragraph]
        spans.append((segment.line, paragraph.line_at(max(segment.end - 1, segment.start))))
    return spans


def assert_beads_cover_every_sentence_once_in_order(report) -> None:
    assert [i for bead in report.alignment for i in bead.source] == list(range(len(report.source_segments)))
    assert [i for bead in report.alignment for i in bead.target] == list(range(len(report.target_segments)))
    assert all(bead.source or bead.target for bead in report.alignment)
    assert all(0.0 <= bead.score <= 1.0 for bead in report.alignment)


def assert_finding_locations_point_inside_the_text(report, files: dict[str, bytes]) -> None:
    """Every location names existing segments, a line of its file within the lines of
    those segments, and a span inside the first segment's text."""
    lines = {"source": line_count(files[Path(report.source.path).name]),
             "target": line_count(files[Path(report.target.path).name])}
    for side, segments in (("source", report.source_segments), ("target", report.target_segments)):
        for segment in segments:
            assert 1 <= segment.line <= lines[side], (side, segment)
    extents = {side: segment_lines(report, side) for side in ("source", "target")}
    for finding in report.findings:
        for side in ("source", "target"):
            location = getattr(finding, side)
            if location is None:
                continue
            segments = report.source_segments if side == "source" else report.target_segments
            assert all(0 <= i < len(segments) for i in location.segments), (finding, side)
            if location.line is not None:
                assert 1 <= location.line <= lines[side], (finding, side)
                if location.segments:
                    first = min(extents[side][i][0] for i in location.segments)
                    last = max(extents[side][i][1] for i in location.segments)
                    assert first <= location.line <= last, (finding, side, first, last)
            if location.span is not None:
                assert location.segments, (finding, side)
                start, end = location.span
                assert 0 <= start <= end <= len(segments[location.segments[0]].text), (finding, side)


@PROPERTY
@given(case=inputs())
def test_pipeline_invariants(workdir, case):
    """Two properties of every report, checked on the same examples (the pipeline is the
    costly part): the beads cover every sentence of both sides exactly once and in
    order, and every finding points inside the text."""
    report = report_of(workdir, case)
    assume(report is not None)  # refusals are test_check_never_crashes's business
    assert_beads_cover_every_sentence_once_in_order(report)
    run_counts.hypothesis_examples["beads cover every sentence once, in order"] += 1
    assert_finding_locations_point_inside_the_text(report, case["files"])
    run_counts.hypothesis_examples["finding locations point inside the text"] += 1


def segments_of(texts: list[str]) -> list[Segment]:
    return [Segment(i, text, i, 0, len(text), i + 1) for i, text in enumerate(texts)]


@PROPERTY
@given(seed=SEEDS, noise=NOISE, counts=st.tuples(st.integers(0, 12), st.integers(0, 12)),
       with_glossary=st.booleans())
def test_align_covers_any_segments_once_in_order(seed, noise, counts, with_glossary):
    """The aligner alone, on any sentences, either side possibly empty."""
    run_counts.hypothesis_examples["align covers any segments once in order"] += 1
    make = TextMaker(seed, noise)
    source = [make.sentence(ZH_WORDS, "", ZH_ENDS) for _ in range(counts[0])]
    target = [make.sentence(EN_WORDS, " ", EN_ENDS) for _ in range(counts[1])]
    terms = {make.random.choice(ZH_WORDS): make.random.choice(EN_WORDS) for _ in range(3 * with_glossary)}
    glossary = Glossary([Term(zh, (en,)) for zh, en in terms.items()])
    beads = align(segments_of(source), segments_of(target), glossary)
    assert [i for bead in beads for i in bead.source] == list(range(len(source)))
    assert [i for bead in beads for i in bead.target] == list(range(len(target)))
    assert all(bead.source or bead.target for bead in beads)


API_CHARACTER = st.one_of(st.characters(exclude_categories=("Cs",)),
                          st.sampled_from(("\ud800", "\udbff", "\udc00", "\udfff")))


@st.composite
def api_text(draw, lang: str) -> str:
    if draw(st.booleans()):
        return draw(st.text(API_CHARACTER, max_size=40))
    make = TextMaker(draw(SEEDS), draw(NOISE))
    vocabulary, joiner, ends = (ZH_WORDS, "", ZH_ENDS) if lang == "zh" else (EN_WORDS, " ", EN_ENDS)
    return "\n".join(make.sentence(vocabulary, joiner, ends) for _ in range(make.random.randint(1, 3)))


@PROPERTY
@given(zh=api_text("zh"), en=api_text("en"), output_format=st.sampled_from(sorted(FORMATS)))
def test_python_api_never_crashes(zh, en, output_format):
    """tqc.check() on any str, lone surrogates included: a report that renders in every
    format, or an InputError."""
    run_counts.hypothesis_examples["python api never crashes"] += 1
    try:
        report = tqc.check(zh, en)
    except InputError:
        return
    assert isinstance(tqc.render(report, output_format), str)
