"""Reflow on layouts the article fixtures do not have: short paragraphs, paragraphs that
start in lower case, and page furniture that appears only once or twice."""
from __future__ import annotations

import pytest

from tqc.model import Document
from tqc.reflow import reflow


def flow(lines: list[str], lang: str) -> Document:
    return reflow(list(enumerate(lines, start=1)), lang, "test.txt")


def texts(document: Document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


# A chat log of one- and two-line paragraphs, each indented: indented first lines
# outnumber the lines that carry a sentence on, so the margin is the unindented column.
ZH_SHORT_PARAGRAPHS = [
    "　　请问您今天早上几点起床？您昨天晚上睡得好吗？有没有做什么奇怪的",
    "梦，或者半夜醒来过好几次？还是一觉睡到天亮，醒来以后觉得精神很好？",
    "　　我七点起床。",
    "　　早饭吃了什么？是在家里吃的还是在路上买的？平时您都喝咖啡还是喝",
    "茶？早上有没有吃水果的习惯？家里的其他人一般也是这个时间吃早饭吗？",
    "　　在家里吃的面条。",
    "　　午饭呢？",
    "　　公司食堂。那里的菜比较清淡，我觉得还可以，价格也便宜，同事们都",
    "喜欢去那里吃饭。",
    "　　下午有没有运动？",
    "　　没有。",
    "　　晚上几点下班？路上大概要花多长时间？坐地铁还是开车？有没有堵车",
    "的情况？下班以后是直接回家，还是先去超市买菜，或者和朋友一起吃饭？",
    "　　六点下班。",
]


def test_margin_is_learnt_from_continuation_lines_when_first_lines_are_more():
    # Full lines that end a question and then an indented line: a new paragraph.
    document = flow(ZH_SHORT_PARAGRAPHS, "zh")
    assert texts(document)[:3] == [
        "请问您今天早上几点起床？您昨天晚上睡得好吗？有没有做什么奇怪的梦，或者半夜醒来过好几次？"
        "还是一觉睡到天亮，醒来以后觉得精神很好？",
        "我七点起床。",
        "早饭吃了什么？是在家里吃的还是在路上买的？平时您都喝咖啡还是喝茶？早上有没有吃水果的习惯？"
        "家里的其他人一般也是这个时间吃早饭吗？",
    ]
    assert len(document.paragraphs) == 10


# English turns of a transcript: every paragraph opens in lower case.
EN_LOWER_CASE_TURNS = [
    "    and how long have you had the pain in your back, was it there when you woke",
    "up this morning or did it start later in the day after work",
    "    and it started yesterday after i lifted a heavy box at work.",
    "    so have you taken anything for it, any painkillers or a hot bath or did you",
    "just go to bed and hope that it would be better by the morning",
    "    no i did not take anything at all.",
    "    okay and does it hurt when you bend forward to pick something up off the",
    "floor or only when you stand",
    "    only when i bend forward.",
    "    and when you walk up the stairs, is that painful as well, or is that all",
    "right for you?",
    "    that is all right.",
]


def test_lower_case_paragraphs_after_a_short_line_and_an_indent_stay_apart():
    document = flow(EN_LOWER_CASE_TURNS, "en")
    assert len(document.paragraphs) == 8
    assert texts(document)[1] == "and it started yesterday after i lifted a heavy box at work."
    assert texts(document)[2].endswith("hope that it would be better by the morning")


def test_lower_case_line_after_a_page_break_still_continues():
    lines = ["The committee examined the proposal in detail over three sessions and then",
             "wrote to every member of the board asking for a written answer before the",
             "end of the month. Most of them replied in time, and the answers were then",
             "", "17", "",
             "summarised for the meeting in the spring, where the proposal was accepted.",
             "The secretary kept the minutes of every session and sent them round a week",
             "later to all the members who had taken part in the discussion of the plan.",
             "Nobody objected to them."]
    document = flow(lines, "en")
    assert len(document.paragraphs) == 1
    assert "answers were then summarised for the meeting" in document.paragraphs[0].text


def test_an_indented_line_after_a_short_line_ending_in_a_function_word_is_a_new_paragraph():
    # A sentence cut off at "if" (text lost in conversion), then an indented paragraph.
    lines = ["    The council met on Tuesday to discuss the new budget for the schools of",
             "the district, which the finance committee had prepared over the summer",
             "with the help of the head teachers and of the parents' associations. The",
             "mayor said that the council would pass it only if",
             "    Parents had asked for smaller classes and more teachers for a long time,",
             "and the plan gives them both from next year onwards, the mayor added in",
             "a statement that was read out at the end of the meeting by her deputy.",
             "    The vote is expected next month."]
    document = flow(lines, "en")
    assert len(document.paragraphs) == 3
    assert texts(document)[0].endswith("the council would pass it only if")


# A running head that a short document carries only once or twice (too few repeats to
# be learnt), at a page break inside a sentence.
def test_lone_running_head_inside_a_cut_sentence_is_dropped():
    zh = ["　　新修订的管理办法规定，各地应当在年底前完成对辖区内所有老旧小区的",
          "排查工作，并将排查结果报送省级主管部门备案。对存在安全隐患的房屋，",
          "要及时组织维修加固，必要时可以依法采取临时封闭等措施，确保居民的",
          "", "\f2", "", "城乡建设动态　第2页", "",
          "生命财产安全。办法还明确了各级政府和有关部门的职责分工。",
          "　　据介绍，该办法将于明年一月一日起正式施行。"]
    document = flow(zh, "zh")
    assert document.dropped == {"page-number": 1, "running-head": 1}
    assert texts(document)[0].endswith("确保居民的生命财产安全。办法还明确了各级政府和有关部门的职责分工。")
    en = ["The new rules require every district to finish inspecting its old housing",
          "estates before the end of the year and to report the results to the",
          "provincial authorities. Buildings found to be unsafe must be repaired and",
          "", "Page 2 | City Building News", "", "3", "",
          "strengthened without delay, and may be closed for a time where necessary.",
          "",
          "The rules take effect on the first of January next year."]
    document = flow(en, "en")
    assert document.dropped == {"page-number": 1, "running-head": 1}
    assert texts(document)[0].endswith("must be repaired and strengthened without delay, "
                                       "and may be closed for a time where necessary.")


def test_heading_at_the_top_of_a_page_is_kept():
    # The page ends with a sentence: what opens the next page is text, not furniture.
    lines = ["The new rules require every district to finish inspecting its old housing",
             "estates before the end of the year and to report the results to the",
             "provincial authorities within two weeks of finishing the inspection work.",
             "", "2", "",
             "Repairs and closures",
             "",
             "Buildings found to be unsafe must be repaired and strengthened without",
             "delay, and may be closed for a time where the inspectors think necessary."]
    document = flow(lines, "en")
    assert document.dropped == {"page-number": 1}
    assert "Repairs and closures" in " ".join(texts(document))


PAGES = [
    ["The inspectors visited every estate in the district during the spring and",
     "wrote a short report on each of them for the housing committee to read.",
     "Most of the buildings were found to be in good repair after the works."],
    ["Two estates on the northern edge of the town needed new roofs, and one of",
     "them also needed its heating replaced before the start of next winter.",
     "The committee agreed to pay for both out of this year's budget."],
    ["Tenants will be told about the works by letter at least a month before",
     "they begin, and the council will find them rooms elsewhere if the works",
     "make their homes unusable for more than a few days at a time."],
]


def test_head_that_comes_back_at_two_page_breaks_is_dropped():
    lines = PAGES[0] + ["", "1", "", "Housing Review Quarterly", ""] + PAGES[1] \
        + ["", "Housing Review Quarterly", "", "2", ""] + PAGES[2]
    document = flow(lines, "en")
    assert document.dropped == {"page-number": 2, "running-head": 2}
    assert "Housing Review Quarterly" not in " ".join(texts(document))


def test_line_repeated_twice_away_from_page_breaks_is_kept():
    lines = PAGES[0] + ["", "Housing Review Quarterly", ""] + PAGES[1] \
        + ["", "Housing Review Quarterly", ""] + PAGES[2]
    document = flow(lines, "en")
    assert document.dropped == {}
    assert " ".join(texts(document)).count("Housing Review Quarterly") == 2


def test_short_line_after_a_known_running_head_is_kept():
    # The page break's furniture is known (its head repeats): the short line after it
    # is text, the last line of a list item that the page break cut.
    lines = PAGES[0][:1] + ["", "1", "", "Housing Review Quarterly", "",
                            "privacy-preserving tracing apps", "",
                            "integration of the tools into the systems of the city council"] \
        + PAGES[1] + ["", "2", "", "Housing Review Quarterly", ""] + PAGES[2] \
        + ["", "3", "", "Housing Review Quarterly", ""] + PAGES[0]
    document = flow(lines, "en")
    assert document.dropped == {"page-number": 3, "running-head": 3}
    assert "privacy-preserving tracing apps" in " ".join(texts(document))


@pytest.mark.parametrize("between", ["二、研究方法与数据来源", "图1 样本分布"])
def test_a_heading_or_caption_at_a_page_break_is_never_taken_for_a_running_head(between):
    body = "本研究以二〇一〇年至二〇二〇年间的全国县级面板数据为样本，考察财政转移支付对地方政府"
    tail = "后续段落继续讨论样本的构成和变量的定义，并说明数据的来源与处理方法以及其他相关的问题"
    lines = [body, body, body[:-3] + "影响和", "", "12", "", between, "", tail, tail, "结束。"]
    document = reflow(list(enumerate(lines, 1)), "zh", "<zh>")
    assert between in "".join(paragraph.text for paragraph in document.paragraphs)
