"""Reflow of the seed article (../shared/seeds), the input tqc was designed around.

The seed's text is not copied here: paragraphs are identified by their input lines.

Layout of the seed (636 lines): Chinese body, a received-date line and a framed news box
(lines 1-367), then the English title, author, abstract and body (368-636).  Every text
line is followed by one blank line, except at a few page/column breaks.

Article paragraphs counted by hand, reading the file line by line:

Chinese (23 = 19 body + 4 headings)
  body     1-9     opening paragraph (its last line is short and ends with 。)
  heading  10-14   一 / 、… / 任   (OCR put the numeral and the heading's last character
                   on lines of their own)
  body     16-44, 46-77
  heading  79-80   二 / 、…
  body     82-102 (runs on across the extra blank lines 93-95), 104-114 (ends with a
           short "…：" line), 115-127 (一 / 是…), 129-139, 141-147, 149-169
  heading  171     三、…
  body     172-190, 192-206, 208-216, 218-222
  heading  224     四、…。 - the line runs on into the next paragraph's first words;
                   the heading ends at its 。 and the rest of line 224 opens a body
  body     224(rest)-226, 227-243, 245-270, 272-290, 292-309, 311-341
           (226 stops without punctuation and 227 follows without the usual blank
           line - a column break - opening "一 是…", the first of the points 一是…五是
           that each open a paragraph: something was lost at the break)
  not article: 343 received date; 344-367 the framed news box (one paragraph).

English (16 = 1 title + 11 body + 4 headings)
  title    368-370 (two lines)          not article: 372 author name
  body     374-380 abstract
  heading  382-384 (I．…, its second line starts in lower case)
  body     386-432
  heading  434     H． (OCR for II．)
  body     436-450 (line 450 is clearly shorter than the full lines around it),
           452-499 (452-454 / 455 run across a page break mid-sentence)
  heading  501     HI． (OCR for III．)
  body     503-543
  heading  545     IV．… - the line holds the heading's whole sentence (the Chinese
                   heading 四、… translated as a sentence), so the whole line is the heading
  body     547 alone: its sentence is cut off at the column break ("...should be
           very"), and 548 opens with "Firstly", the first of five points that each
           open a paragraph: 548-558, 560-576, 578-592, 594-610, 612-634 (Secondly/
           Thirdly/Fourthly/Fifthly stand at line starts after a sentence end)
  not article: 636 author note in parentheses.
"""
from __future__ import annotations

import pytest

from tqc.reading import read_inputs

CHINESE_ARTICLE_PARAGRAPHS = 23
ENGLISH_ARTICLE_PARAGRAPHS = 16


@pytest.fixture(scope="module")
def seed_bitext():
    from conftest import SEED

    if not SEED.is_file():
        pytest.skip("../shared/seeds is not available")
    return read_inputs(str(SEED))


def lines_of(paragraph) -> list[int]:
    return [line for _, line in paragraph.line_map]


def paragraph_at(document, line: int):
    """The paragraph whose text starts on input ``line``."""
    found = [p for p in document.paragraphs if p.line == line]
    assert found, f"no paragraph starts on line {line}"
    return found[0]


def containing(document, line: int):
    found = [p for p in document.paragraphs if line in lines_of(p)]
    assert len(found) == 1, f"line {line} is in {len(found)} paragraphs"
    return found[0]


def test_split_by_script(seed_bitext):
    source, target = seed_bitext.source, seed_bitext.target
    assert source.lang == "zh" and target.lang == "en"
    assert max(max(lines_of(p)) for p in source.paragraphs) <= 367
    assert min(p.line for p in target.paragraphs) == 368


def test_english_abstract_is_one_paragraph(seed_bitext):
    abstract = paragraph_at(seed_bitext.target, 374)
    assert abstract.kind == "body"
    assert lines_of(abstract) == [374, 376, 378, 380]
    assert abstract.text.endswith("．")


def test_english_title_and_author(seed_bitext):
    title, author = seed_bitext.target.paragraphs[:2]
    assert (title.kind, lines_of(title)) == ("title", [368, 370])
    assert (author.kind, lines_of(author)) == ("byline", [372])


def test_four_english_section_headings(seed_bitext):
    headings = [p for p in seed_bitext.target.paragraphs if p.kind == "heading"]
    assert [p.line for p in headings] == [382, 434, 501, 545]
    assert [p.text.split("．")[0] for p in headings] == ["I", "H", "HI", "IV"]
    assert lines_of(headings[0]) == [382, 384]  # the heading wraps onto a second line
    # IV: the whole line is the heading; the next paragraph starts on the next line.
    assert lines_of(headings[3]) == [545]
    assert paragraph_at(seed_bitext.target, 547).kind == "body"


def test_chinese_section_headings(seed_bitext):
    headings = [p for p in seed_bitext.source.paragraphs if p.kind == "heading"]
    assert [p.text[:2] for p in headings] == ["一、", "二、", "三、", "四、"]
    assert [lines_of(p) for p in headings] == [[10, 12, 14], [79, 80], [171], [224]]
    assert headings[3].text.endswith("。")
    run_in = [p for p in seed_bitext.source.paragraphs if p.line == 224 and p.kind == "body"]
    assert len(run_in) == 1 and lines_of(run_in[0]) == [224, 226]


def test_enumerations_are_not_headings(seed_bitext):
    # 一 / 是… (OCR split) and "一 是…" open body paragraphs; "Firstly" too.
    for line in (115, 172):
        assert paragraph_at(seed_bitext.source, line).kind == "body"
    assert paragraph_at(seed_bitext.source, 115).text.startswith("一是")
    assert paragraph_at(seed_bitext.target, 503).kind == "body"


def test_page_break_mid_sentence_is_joined(seed_bitext):
    paragraph = containing(seed_bitext.target, 454)
    assert 455 in lines_of(paragraph)
    assert lines_of(paragraph)[0] == 452 and lines_of(paragraph)[-1] == 499
    # The two halves meet with one space between "the" and the next word.
    offset = dict((line, offset) for offset, line in paragraph.line_map)[455]
    assert paragraph.text[offset - 4:offset] == "the "
    # Chinese: extra blank lines inside a sentence do not break it.
    chinese = containing(seed_bitext.source, 92)
    assert 96 in lines_of(chinese)


def test_chinese_news_box_is_one_non_article_paragraph(seed_bitext):
    box = containing(seed_bitext.source, 347)
    assert box.kind in ("news", "sidebar") and not box.article
    assert box.line == 344
    assert set(lines_of(box)) <= set(range(344, 368))
    assert all(containing(seed_bitext.source, line) is box for line in (350, 359, 362))
    assert box is seed_bitext.source.paragraphs[-1]
    # The border debris is gone from the joined text.
    assert not box.text.startswith("}") and "\n" not in box.text


def test_non_article_lines(seed_bitext):
    assert paragraph_at(seed_bitext.source, 343).kind == "date"
    assert paragraph_at(seed_bitext.target, 636).kind == "byline"


def test_article_paragraph_counts(seed_bitext):
    source = [p for p in seed_bitext.source.paragraphs if p.article]
    target = [p for p in seed_bitext.target.paragraphs if p.article]
    assert len(source) == CHINESE_ARTICLE_PARAGRAPHS
    assert len(target) == ENGLISH_ARTICLE_PARAGRAPHS
    assert [p.line for p in source if p.kind == "body"] == [
        1, 16, 46, 82, 104, 115, 129, 141, 149, 172, 192, 208, 218, 224, 227, 245, 272, 292, 311]
    assert [p.line for p in target if p.kind == "body"] == [
        374, 386, 436, 452, 503, 547, 548, 560, 578, 594, 612]


def test_text_lost_at_a_column_break_ends_the_paragraph(seed_bitext):
    # The sentence on 547 is cut off; the numbered point on 548 opens the next paragraph.
    cut = paragraph_at(seed_bitext.target, 547)
    assert lines_of(cut) == [547] and not cut.text.endswith("．")
    assert paragraph_at(seed_bitext.target, 548).text.startswith("Firstly")
    assert paragraph_at(seed_bitext.source, 227).text.startswith("一 是")


def test_every_line_is_accounted_for(seed_bitext):
    """Each non-blank input line lands in exactly one paragraph (none was dropped)."""
    from conftest import SEED

    lines = SEED.read_text(encoding="utf-8").split("\n")
    seen: dict[int, int] = {}
    for document in (seed_bitext.source, seed_bitext.target):
        assert document.dropped == {}
        for paragraph in document.paragraphs:
            for line in set(lines_of(paragraph)):
                seen[line] = seen.get(line, 0) + 1
    debris = {345, 346, 363, 365}  # border marks of the news box: no text of their own
    expected = {n for n, text in enumerate(lines, 1) if text.strip()} - debris
    assert set(seen) == expected
    assert all(count == 1 for line, count in seen.items() if line != 224)
