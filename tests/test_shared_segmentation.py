"""The one Chinese segmentation the rules share (tqc.lexicon.segment_chinese and
CheckContext.source_words)."""
from __future__ import annotations

from rule_helpers import make_context

from tqc.glossary import Glossary, Term
from tqc.lexicon import WordTags, pack_word_tags, segment_chinese, word_tags


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


def test_segmenting_texts_together_gives_each_the_words_it_gets_alone():
    # All texts go through jieba in one call: words must never run across two texts,
    # whatever the texts end and start with (Han, Latin letters and digits jieba cuts as
    # blocks, whitespace, a carriage return before a newline, the joining character).
    texts = ["中国经济", "增长放缓。", "", "GDP增长3.5", "%左右", "研究 报告", " 显示\r", "\n中国",
             "a\x00b", "\x00", "ＡＢＣ１２３", "５．５％", "\u3000中\u3000", "e-", "mail", ""]
    together = segment_chinese(texts)
    alone = [segment_chinese([text])[0] for text in texts]
    assert together == alone
    # and the words still cover each text, offsets into that text
    for text, words in zip(texts, together):
        assert all(0 <= start < end <= len(text) for _word, _tag, start, end in words)
    assert [word for word, *_ in together[0]] == ["中国", "经济"]
    assert together[2] == () and together[-1] == ()


def test_texts_holding_every_joining_character_are_segmented_one_by_one():
    from tqc.lexicon import _TEXT_BREAKS

    texts = ["中国经济" + _TEXT_BREAKS, "增长放缓。", _TEXT_BREAKS[::-1] + "研究报告"]
    assert segment_chinese(texts) == [segment_chinese([text])[0] for text in texts]
    assert [word for word, *_ in segment_chinese(texts)[1]] == ["增长", "放缓", "。"]


def test_word_tags_looked_up_one_by_one_match_the_decoded_table():
    tags = {"中": "ns", "中国": "ns", "中国人": "n", "国": "n", "国人": "n", "人": "n",
            "a": "eng", "ab": "x", "中国\r": "x"}
    packed = pack_word_tags(tags)
    decoded = WordTags(*packed)
    table = dict(zip(decoded, map(decoded.__getitem__, decoded)))  # every shard decoded
    assert table == tags
    looked_up = WordTags(*packed)  # nothing decoded: each word found in its shard's text
    probes = [*tags, "中国人民", "国中", "b", "ba", "中\n国", "\n", "人人", "中国", "b"]
    assert [looked_up.get(word, "") for word in probes] == [tags.get(word, "") for word in probes]
    assert "中国人民" not in looked_up and looked_up["国人"] == "n"


def test_glossary_terms_are_matched_in_the_same_normalised_form_as_the_text():
    # the text is folded (Latin lower-cased, full-width to half-width) before jieba cuts it,
    # so a term written with capitals or full-width letters must be folded the same way
    (words,) = segment_chinese(["甲型H1N1流感疫苗接种"], ["甲型H1N1流感"])
    assert [word for word, *_ in words][0] == "甲型h1n1流感"
    (words,) = segment_chinese(["Ａ股市场改革方案"], ["Ａ股市场"])
    assert [word for word, *_ in words][0] == "a股市场"
