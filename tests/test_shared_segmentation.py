"""The one Chinese segmentation the rules share (tqc.lexicon.segment_chinese and
CheckContext.source_words)."""
from __future__ import annotations

from rule_helpers import make_context

from tqc.glossary import Glossary, Term
from tqc.lexicon import segment_chinese, word_tags


def test_words_carry_dictionary_tags_and_cover_the_text():
    text = "北京大学今天发布了新的研究报告。"
    (words,) = segment_chinese([text])
    assert "".join(text[start:end] for _word, _tag, start, end in words) == text
    assert [text[start:end] for _word, _tag, start, end in words][0] == "北京大学"
    tags = dict((word, tag) for word, tag, _start, _end in words)
    assert tags["北京大学"] == word_tags()["北京大学"] == "nt"
    assert tags["发布"].startswith("v")
    # consecutive: each word starts where the previous one ended
    assert all(words[k][3] == words[k + 1][2] for k in range(len(words) - 1))


def test_offsets_point_into_the_text_as_given_across_ocr_spaces():
    text = "研究 报告显示，经济增长放缓。"
    (words,) = segment_chinese([text])
    spans = {word: (start, end) for word, _tag, start, end in words}
    # the OCR space is dropped before segmenting, so a word may span it
    joined = [word for word in spans if word.startswith("研究")][0]
    start, end = spans[joined]
    assert text[start:end].replace(" ", "") == joined
    start, end = spans["经济"]
    assert text[start:end] == "经济"


def test_glossary_terms_stay_whole_and_jieba_is_restored_afterwards():
    text = "东北亚安全机制建设取得进展。"
    (plain,) = segment_chinese([text])
    (with_term,) = segment_chinese([text], ["安全机制建设"])
    assert "安全机制建设" not in [word for word, *_ in plain]
    assert "安全机制建设" in [word for word, *_ in with_term]
    (again,) = segment_chinese([text])
    assert again == plain


def test_check_context_segments_every_source_segment_once():
    glossary = Glossary([Term("安全机制建设", ("security mechanism building",))])
    context = make_context(["东北亚安全机制建设取得进展。", "双方同意继续对话。"],
                           ["Progress was made.", "Both sides agreed to keep talking."],
                           glossary=glossary)
    first = context.source_words(0)
    assert "安全机制建设" in [word for word, *_ in first]
    assert context.source_words(0) is first  # memoized, not segmented again
    second = context.source_words(1)
    assert "".join(context.source_segments[1].text[start:end] for _w, _t, start, end in second) \
        == context.source_segments[1].text
