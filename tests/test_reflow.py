"""Stage 2: rebuilding paragraphs from hard-wrapped PDF/OCR lines."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from tqc.model import Document
from tqc.reflow import reflow

FIXTURES = Path(__file__).parent / "fixtures" / "reflow"


def numbered(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.split("\n"), start=1))


def flow(text: str, lang: str) -> Document:
    return reflow(numbered(text), lang, "test.txt")


def fixture(name: str, lang: str) -> tuple[Document, list[str]]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return reflow(numbered(text), lang, name), text.split("\n")


def shape(document: Document) -> list[tuple[str, int]]:
    return [(paragraph.kind, paragraph.line) for paragraph in document.paragraphs]


def texts(document: Document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


# --- the two article fixtures, paragraph by paragraph ----------------------------------

ZH_EXPECTED = [
    ("body", 1), ("heading", 11), ("body", 17), ("body", 27), ("body", 29), ("body", 43),
    ("heading", 49), ("body", 51), ("body", 63), ("heading", 77), ("body", 77), ("body", 93),
    ("date", 99), ("news", 101), ("references", 113), ("references", 115),
    ("references", 119),
]

EN_EXPECTED = [
    ("title", 1), ("byline", 3), ("body", 4), ("heading", 8), ("body", 10), ("heading", 19),
    ("body", 20), ("caption", 31), ("table", 32), ("body", 35), ("heading", 37), ("body", 38),
    ("heading", 54), ("body", 55), ("body", 57), ("body", 59), ("news", 62), ("date", 66),
    ("references", 67), ("references", 68), ("references", 70), ("byline", 72),
]


def test_chinese_fixture_paragraphs():
    document, _ = fixture("zh_article.txt", "zh")
    assert shape(document) == ZH_EXPECTED
    assert [p.index for p in document.paragraphs] == list(range(len(ZH_EXPECTED)))
    assert document.lang == "zh" and document.path == "zh_article.txt"


def test_english_fixture_paragraphs():
    document, _ = fixture("en_article.txt", "en")
    assert shape(document) == EN_EXPECTED
    assert [p.index for p in document.paragraphs] == list(range(len(EN_EXPECTED)))


def test_chinese_lines_join_without_spaces():
    document, _ = fixture("zh_article.txt", "zh")
    assert document.paragraphs[0].text == (
        "城市供水系统的安全关系到千家万户的日常生活。近年来，随着人口增长和气候变化，许多城市的供水压力"
        "明显加大，管网老化、水源污染和应急能力不足等问题逐渐显现。本文从管理和技术两个方面提出若干建议。")


def test_english_lines_join_with_one_space_and_dehyphenate():
    document, _ = fixture("en_article.txt", "en")
    assert document.paragraphs[2].text == (
        "Cities across the region depend on water systems that were designed for far smaller "
        "populations. This paper examines how a mid-sized city can protect its sources, renew "
        "its old pipe network and prepare for emergencies, and it offers practical proposals "
        "for each of these tasks.")


def test_blank_line_after_every_line_is_not_a_paragraph_break():
    # The Chinese fixture puts a blank line after every wrapped line, like the seed.
    document, _ = fixture("zh_article.txt", "zh")
    first = document.paragraphs[0]
    assert [line for _, line in first.line_map] == [1, 3, 5, 7, 9]


def test_page_breaks_mid_sentence_are_joined_and_furniture_counted():
    zh, _ = fixture("zh_article.txt", "zh")
    assert zh.dropped == {"page-number": 3, "running-head": 3}
    # "...统一的信息平" | running head, page number | "台，供各部门共享使用。"
    assert zh.paragraphs[4].text == "一是完善监测网络。在主要河段和水库设置监测点，监测数据实时上传到统一的信息平台，供各部门共享使用。"
    assert [line for _, line in zh.paragraphs[4].line_map] == [29, 31, 33, 41]
    # A continuation line that starts with a stray space (as in OCR output).
    assert "对于漏损严重、事故频发的管段" in zh.paragraphs[8].text
    en, _ = fixture("en_article.txt", "en")
    assert en.dropped == {"running-head": 3}
    assert "in the network. The experience of the Sino-Russian" in en.paragraphs[6].text
    # The next page starts with a capital, but "rely on the" cannot end a sentence.
    assert "city can rely on the Qiantang River as a reserve" in en.paragraphs[11].text


def test_hyphens_kept_where_they_belong():
    en, _ = fixture("en_article.txt", "en")
    text = en.paragraphs[6].text
    assert "the Sino-Russian border towns" in text
    assert "careful long-term planning" in text
    assert "the operation of a network" in text


def test_headings_with_ocr_numerals():
    zh, _ = fixture("zh_article.txt", "zh")
    headings = [p.text for p in zh.paragraphs if p.kind == "heading"]
    # "一" alone on a line, then "、..." and a one-character tail line.
    assert headings == ["一、加强水源保护和水质监测体系的建设", "二、推进老旧管网改造", "三、提高应急处置能力。"]
    en, _ = fixture("en_article.txt", "en")
    headings = [p.text for p in en.paragraphs if p.kind == "heading"]
    assert headings == [
        "I. Protecting Water Sources and Building a Monitoring System for the whole River Basin",
        "H. Renewing the Pipe Network",
        "HI．Improving the Emergency Response",
        "IV．Three Further Steps",
    ]


def test_run_in_heading_text_starts_the_next_paragraph():
    zh, _ = fixture("zh_article.txt", "zh")
    heading, body = zh.paragraphs[9], zh.paragraphs[10]
    assert heading.text == "三、提高应急处置能力。"
    assert body.text.startswith("应急能力是供水安全的最后一道保障，")
    assert body.line_map[0] == (0, 77) and body.line_map[1] == (6, 79)


def test_enumerations_are_not_headings():
    zh, _ = fixture("zh_article.txt", "zh")
    assert zh.paragraphs[4].kind == "body" and zh.paragraphs[4].text.startswith("一是完善")
    assert zh.paragraphs[5].kind == "body" and zh.paragraphs[5].text.startswith("二是健全")
    # "三、四个" ("three or four") at a line start inside a sentence.
    assert "目前全国至少有三、四个省会城市" in zh.paragraphs[7].text
    en, _ = fixture("en_article.txt", "en")
    assert [p.kind for p in en.paragraphs[13:16]] == ["body"] * 3
    openings = [p.text.split(",")[0] for p in en.paragraphs[13:16]]
    assert openings == ["Firstly", "Secondly", "Thirdly"]
    # "Firstly" inside a paragraph stays inside it.
    assert "into the water. Firstly, protection zones" in en.paragraphs[4].text


def test_boxes_become_one_non_article_paragraph():
    zh, _ = fixture("zh_article.txt", "zh")
    box = zh.paragraphs[13]
    assert box.kind == "news" and not box.article
    assert box.text == ("本刊简讯2020年5月，编辑部在杭州召开供水安全座谈会，来自十余家单位的专家参加了会议。"
                        " 2020年6月12日，编辑部又组织了一次实地调研，走访了三座水厂。")
    assert [line for _, line in box.line_map] == [101, 105, 107, 109]
    en, _ = fixture("en_article.txt", "en")
    box = en.paragraphs[16]
    assert box.kind == "news"
    assert box.text == (
        "NEWS IN BRIEF A new treatment plant opened in the eastern district in May, "
        "adding one hundred thousand cubic metres of daily capacity.")


def test_dates_references_bylines_tables():
    zh, _ = fixture("zh_article.txt", "zh")
    assert zh.paragraphs[12].text == "【收稿日期：2020—03—15】"
    assert texts(zh)[14:] == [
        "参考文献",
        "[1] 王明．城市供水管网漏损控制研究[J]．给水排水，2018（3）：12—15．",
        "[2] 李华．水源地保护的实践与思考[M]．北京：水利出版社，2016．",
    ]
    en, _ = fixture("en_article.txt", "en")
    title = "Keeping the Taps Running: Water Security in Fast-Growing Cities"
    assert en.paragraphs[0].text == title
    assert en.paragraphs[1].text == "Lin Xiaoyu"
    assert en.paragraphs[17].text == "Received: 15 March 2020; revised: 2 May 2020"
    assert en.paragraphs[21].text == (
        "(The author is a researcher at the Institute of Urban Water Management, Hangzhou.)")
    assert en.paragraphs[8].text.startswith("City          2018")
    assert not any(p.article for p in en.paragraphs[16:])


def test_line_map_points_at_the_input_lines():
    for name, lang in (("zh_article.txt", "zh"), ("en_article.txt", "en")):
        document, lines = fixture(name, lang)
        for paragraph in document.paragraphs:
            offsets = [offset for offset, _ in paragraph.line_map]
            assert offsets[0] == 0 and offsets == sorted(set(offsets))
            ends = offsets[1:] + [len(paragraph.text)]
            for (offset, line), end in zip(paragraph.line_map, ends):
                assert paragraph.line_at(offset) == line
                if paragraph.kind in ("sidebar", "news", "table"):
                    continue
                # The text at each offset is where that input line's text starts (a lone
                # numeral "一" merged with the next line is one character long); only the
                # text after a run-in heading starts inside its line.
                piece = paragraph.text[offset:min(offset + 3, end)]
                source = lines[line - 1].strip()
                assert source.startswith(piece) or (offset == 0 and piece in source), (
                    name, line, piece)
            assert paragraph.line_at(len(paragraph.text) - 1) == paragraph.line_map[-1][1]


# --- small cases -----------------------------------------------------------------------


def test_english_words_split_by_hyphenation():
    document = flow("The city improved the opera-\ntion of its water network, and the\n"
                    "well-known firm that built it says the co-\noperation went well-\n"
                    "enough.\n\nA well-known firm.", "en")
    assert document.paragraphs[0].text == (
        "The city improved the operation of its water network, and the well-known firm that "
        "built it says the co-operation went well-enough.")


def test_latin_words_inside_chinese_keep_a_space():
    document = flow("美国学者Joseph\nNye提出了软实力的概念，\n2004年出版了专著。", "zh")
    assert document.paragraphs[0].text == "美国学者Joseph Nye提出了软实力的概念，2004年出版了专著。"


def test_single_blank_lines_separate_paragraphs_when_lines_are_not_spaced():
    text = ("The council approved the budget for the new library after a long\n"
            "debate about costs and opening hours in the evening and at weekends,\n"
            "which had divided the members of the council for more than a year.\n"
            "\n"
            "Work on the building will begin in the spring and should take about\n"
            "two years, according to the engineers who drew up the detailed plans.\n"
            "The library will hold two hundred thousand books when it is finished\n"
            "and will open every day of the week, including public holidays.")
    document = flow(text, "en")
    assert [p.line for p in document.paragraphs] == [1, 5]


def test_double_blank_line_breaks_a_spaced_file_after_a_sentence():
    first = ["The old harbour was rebuilt after the storm of the previous winter, and",
             "the fishing boats returned within a few weeks of the work being done by",
             "local builders who had worked through the cold months without a break.",
             "Visitors soon came back as well, and the cafes along the quay reopened."]
    second = ["A new footpath now runs from the harbour to the lighthouse on the hill,",
              "where a small museum tells the story of the storm and of the rebuilding",
              "that followed it."]
    lines = []
    for line in first:
        lines += [line, ""]
    lines += ["", ""]  # two more blank lines than the file's usual one
    for line in second:
        lines += [line, ""]
    document = flow("\n".join(lines), "en")
    assert [p.line for p in document.paragraphs] == [1, 11]


def test_lone_numeral_merges_and_heading_tail():
    text = "\n".join([
        "上一段的最后一句话。", "",
        "二", "",
        "、在共同关心的问题上加强沟通与协", "",
        "调", "",
        "双方应当定期举行会晤，交换对地区局势的看", "",
        "法，并就共同关心的问题协调立场和行动，增", "",
        "进相互理解和信任。", "",
        "第二段从这里开始，内容同样涉及双方的合作，", "",
        "篇幅较短。",
    ])
    document = flow(text, "zh")
    assert shape(document) == [("body", 1), ("heading", 3), ("body", 9), ("body", 15)]
    assert document.paragraphs[1].text == "二、在共同关心的问题上加强沟通与协调"
    assert document.paragraphs[1].line_map == ((0, 3), (1, 5), (17, 7))


@pytest.mark.parametrize("marker", ["I.", "I．", "Ⅰ."])
def test_roman_heading_variants(marker):
    document = flow(f"{marker}Introduction\nThe text of the section begins here.", "en")
    assert shape(document) == [("heading", 1), ("body", 2)]


def test_out_of_sequence_roman_numeral_is_not_a_heading():
    document = flow("The talks went on.\nV. Putin said that the talks had gone well.", "en")
    assert [p.kind for p in document.paragraphs] == ["body", "body"]


def test_numbered_point_after_text_lost_at_a_break():
    # "Firstly" begins a sentence: the unpunctuated line above lost its end.
    lines = ["The two sides agreed that the potential for cooperation in this field is very",
             "Firstly, the two governments should exchange information on a regular basis."]
    assert [p.line for p in flow("\n".join(lines), "en").paragraphs] == [1, 2]
    # In Chinese 一是 can also be the tail of a wrapped 统一是, so only a break in the
    # file's blank-line pattern (here: one blank line after every line but this one)
    # confirms it.
    wrapped = ["双方认为在这一领域开展合作的潜力很大", "", "今后应当继续推动各项合作不断深入发展", "",
               "同时进一步加强人员往来，扩大地方交流", "", "并在多边场合保持密切的沟通和协调，共", "",
               "同维护地区的和平与稳定，推动两国关系", "", "的健康发展，为此双方决定采取以下措施", ""]
    lost = wrapped + ["不断向前推进，取得更多的成果而不断努力", "一是建立定期会晤机制。"]
    assert [p.line for p in flow("\n".join(lost), "zh").paragraphs] == [1, 14]
    kept = wrapped + ["同时要不断向前推进，最终实现国家的完全统", "", "一是两国人民的共同愿望。"]
    assert [p.line for p in flow("\n".join(kept), "zh").paragraphs] == [1]


def test_english_run_in_heading():
    document = flow("II. Background. The project began in 2015 and ended in 2019.", "en")
    assert texts(document) == ["II. Background.", "The project began in 2015 and ended in 2019."]
    assert [p.kind for p in document.paragraphs] == ["heading", "body"]


@pytest.mark.parametrize("heading", ["1. Sample Selection", "1 Sample Selection", "2.1 Data Sources"])
def test_arabic_numbered_heading_stays_whole(heading):
    """The full stop after the section number is part of the marker, not the end of
    the heading's sentence."""
    document = flow(f"II. Methods\n\n{heading}\n\nThis study chose five cities.", "en")
    assert texts(document) == ["II. Methods", heading, "This study chose five cities."]
    assert [p.kind for p in document.paragraphs] == ["heading", "heading", "body"]


@pytest.mark.parametrize("lang, lines, expected", [
    ("zh", ["他慢慢学会了科学喂养，成了村里有名的养殖“好把式”", "。", "", "合作社共有十六座羊棚。"],
     ["他慢慢学会了科学喂养，成了村里有名的养殖“好把式”。", "合作社共有十六座羊棚。"]),
    ("en", ["The talks went well, and both sides said so", ".”", "", "The next round is in May."],
     ["The talks went well, and both sides said so.”", "The next round is in May."]),
    # after a sentence that is already complete, a lone mark is debris as before
    ("en", ["The talks went well.", ".", "The next round is in May."],
     ["The talks went well.", "The next round is in May."]),
])
def test_a_line_of_only_final_punctuation_finishes_the_line_before(lang, lines, expected):
    document = flow("\n".join(lines), lang)
    assert texts(document) == expected
    assert document.paragraphs[0].line_map[-1][1] == (2 if len(expected[0]) > len(lines[0]) else 1)


ZH_PAGE = ["近年来，全国公共文化服务体系建设取得了明显进展①。截至去年年底，全国共有",
           "", "① 参见文化和旅游部发布的《2019年文化和旅游发展统计公报》。", "                    — 44 —",
           "公共图书馆三千多个，比十年前增加了三百多个。", "", "下一段从这里开始。"]
EN_PAGE = ["In recent years the country has made notable progress in public cultural services¹. By",
           "", "¹ See the Statistical Bulletin on Culture and Tourism Development 2019, Ministry of",
           "Culture and Tourism.", "                                          · 44 ·",
           "the end of last year there were more than 3,000 public libraries.", "",
           "The next paragraph starts here."]


@pytest.mark.parametrize("lang, lines", [("zh", ZH_PAGE), ("en", EN_PAGE)])
def test_a_footnote_at_the_foot_of_a_page_does_not_cut_the_sentence(lang, lines):
    """The page's footnotes sit between the halves of a sentence the page break cut:
    the paragraph runs on across them and the notes follow it as a footnote block."""
    document = flow("\n".join(lines), lang)
    assert [p.kind for p in document.paragraphs] == ["body", "footnote", "body"]
    body, note = document.paragraphs[0], document.paragraphs[1]
    assert body.text.endswith(("增加了三百多个。", "public libraries.")) and "参见" not in body.text \
        and "Bulletin" not in body.text
    assert note.text.startswith(("①", "¹"))
    assert [line for _, line in body.line_map] == ([1, 5] if lang == "zh" else [1, 6])


def test_a_numbered_item_at_the_foot_of_a_page_is_no_footnote():
    """② opens a list item here: it is not referenced above and does not end a sentence."""
    lines = ["本文的贡献主要有两点：首先提出了新的分析框架，其次在框架中①提出了新的指标体系，",
             "②构建了覆盖全国的数据库，并且", "                    — 44 —", "进行了系统的实证检验。"]
    assert "footnote" not in [p.kind for p in flow("\n".join(lines), "zh").paragraphs]


def test_a_note_after_a_finished_sentence_stays_where_it_is():
    lines = ["近年来，全国公共文化服务体系建设取得了明显进展，各地纷纷新建图书馆和文化馆。", "",
             "① 参见文化和旅游部发布的《2019年文化和旅游发展统计公报》。", "                    — 44 —",
             "公共图书馆三千多个，比十年前增加了三百多个。"]
    kinds = [p.kind for p in flow("\n".join(lines), "zh").paragraphs]
    assert kinds == ["body", "footnote", "body"]
    assert flow("\n".join(lines), "zh").paragraphs[2].text.startswith("公共图书馆")


def test_numbered_list_items_are_not_headings():
    """A numbered step that reads as a sentence stays body text, which the rules check."""
    document = flow("The steps are as follows:\n1. Collect the data from all the\n"
                    "five cities in the sample.\n2. Clean the data and remove the\n"
                    "duplicate records from the survey.", "en")
    assert [p.kind for p in document.paragraphs] == ["body", "body", "body"]
    assert texts(document)[1] == "1. Collect the data from all the five cities in the sample."


def test_received_dates_and_author_notes():
    zh = flow("正文最后一句。\n[收稿日期：2019-05-06]\n（作者系某大学教授）", "zh")
    assert [p.kind for p in zh.paragraphs] == ["body", "date", "byline"]
    en = flow("The last sentence.\nReceived: 6 May 2019\n(The author is a professor.)", "en")
    assert [p.kind for p in en.paragraphs] == ["body", "date", "byline"]


def test_received_as_an_ordinary_word_is_not_a_date():
    document = flow("Received wisdom says the river floods every spring.", "en")
    assert [p.kind for p in document.paragraphs] == ["body"]


def test_running_heads_and_page_numbers_are_dropped():
    body = ["双方同意在今后五年内继续扩大在能源领域的", "合作规模，并在新能源技术研发方面加强交流，",
            "共同推动地区经济的可持续发展。两国企业还", "将在基础设施建设、农业和旅游等领域开展更",
            "多的项目合作，为两国人民带来更多实际利益", "。双方还决定建立定期磋商机制，及时协调解",
            "决合作中出现的问题，确保各项协议得到全面", "落实。会谈结束后，两国代表共同出席了签字",
            "仪式，并一同参观了当地的一家新能源企业，"]
    lines = []
    for page in range(3):
        lines += body[page * 3:page * 3 + 3] + ["", "和平研究 2020年第1期", f"- {page + 41} -", ""]
    lines.append("全文结束。")
    document = flow("\n".join(lines), "zh")
    assert document.dropped == {"page-number": 3, "running-head": 3}
    assert len(document.paragraphs) == 1
    assert "和平研究" not in document.paragraphs[0].text


def test_lines_of_the_other_language_taken_out_end_a_paragraph():
    document = reflow([(1, "中文段落的第一行内容，"), (5, "中文段落的第二行。")], "zh", "x")
    assert [p.line for p in document.paragraphs] == [1, 5]


def test_box_drawn_with_line_characters():
    text = "\n".join([
        "图书馆延长了开放时间。", "",
        "┌────────────┐",
        "│本刊讯　读者座谈会于五月举行，│",
        "│二十余位读者参加。　　　　　│",
        "└────────────┘",
    ])
    document = flow(text, "zh")
    assert [p.kind for p in document.paragraphs] == ["body", "news"]
    assert document.paragraphs[1].text == "本刊讯　读者座谈会于五月举行，二十余位读者参加。"


def test_bullets_and_footnotes():
    zh = flow("研究发现：\n①参见王明：《城市研究》，北京出版社2019年版，第3页。", "zh")
    assert [p.kind for p in zh.paragraphs] == ["body", "footnote"]
    en = flow("We found three things:\n- costs fell\n- use rose", "en")
    assert [p.kind for p in en.paragraphs] == ["body", "list", "list"]


def test_empty_input_gives_no_paragraphs():
    document = flow("\n\n", "en")
    assert document.paragraphs == [] and document.dropped == {}


def test_unknown_language_is_a_programming_error():
    with pytest.raises(ValueError):
        reflow([(1, "text")], "fr", "x")


def test_reflow_is_linear_enough_for_a_megabyte():
    # A megabyte of hard-wrapped text; quadratic joins would take minutes, not seconds.
    chinese = (FIXTURES / "zh_article.txt").read_text(encoding="utf-8").split("\n")[:97]
    lines = []
    while sum(len(line) for line in lines) * 3 < 1_000_000:
        number = len(lines)
        lines += [line.replace("城市", f"第{number}座城市", 1) for line in chinese]
    started = time.process_time()
    document = reflow(numbered("\n".join(lines)), "zh", "big.txt")
    assert time.process_time() - started < 5
    assert len(document.paragraphs) > 1000


def test_journal_front_matter_and_back_matter():
    """A bilingual journal article: bracketed labels, a wide abstract over narrow columns."""
    from tqc.reading import read_inputs

    bitext = read_inputs(str(FIXTURES / "journal_bilingual.txt"))
    assert bitext.source.dropped == {"running-head": 3}
    assert shape(bitext.source) == [
        ("title", 3), ("byline", 5), ("body", 7), ("body", 11), ("byline", 13), ("other", 15),
        ("heading", 17), ("body", 19), ("footnote", 27), ("heading", 31), ("heading", 33),
        ("body", 35), ("heading", 39), ("body", 41), ("date", 47), ("other", 49),
    ]
    abstract = bitext.source.paragraphs[2]
    assert [line for _, line in abstract.line_map] == [7, 9]
    assert [line for _, line in bitext.source.paragraphs[7].line_map] == [19, 21, 23, 25]
    assert shape(bitext.target) == [
        ("title", 51), ("byline", 53), ("body", 55), ("body", 61), ("heading", 63),
        ("body", 65), ("heading", 73), ("body", 75), ("body", 81), ("byline", 87),
    ]
