"""Noun phrases for CO01 and `tqc terms suggest`."""
from __future__ import annotations

import math
import random

from click.testing import CliRunner

from tqc.cli import main
from tqc.glossary import parse_tsv
from tqc.model import Bead, Segment
from tqc.lexicon import segment_chinese, stem
from tqc.terms import MAX_EXTRA_WORDS, _window, keywords, noun_phrases, suggest_terms, suggestions_tsv

ZH = [
    "两国应加强能源安全合作。",
    "能源安全是国家安全的重要组成部分。",
    "双方同意深化能源安全领域的对话。",
    "网络安全问题日益突出。",
    "两国在网络安全方面开展合作。",
    "今年的粮食产量有所增加。",
]
EN = [
    "The two countries should strengthen energy security cooperation.",
    "Energy security is an important part of national security.",
    "The two sides agreed to deepen dialogue on energy security.",
    "Cyber security issues are increasingly prominent.",
    "The two countries cooperate on cyber security.",
    "Grain output rose this year.",
]


def segments(texts):
    return [Segment(i, text, i, 0, len(text), i + 1) for i, text in enumerate(texts)]


def test_noun_phrases_keep_offsets_across_ocr_spaces():
    text = "两国应加强能源 安全合作。"
    phrases = noun_phrases(text)
    assert [(phrase, text[start:end]) for phrase, start, end in phrases] == \
        [("能源安全合作", "能源 安全合作")]


def test_noun_phrases_stop_at_glossary_terms():
    phrases = [phrase for phrase, _a, _b in noun_phrases("推进东北亚安全机制建设",
                                                         breakers=frozenset({"东北亚"}))]
    assert "东北亚安全机制" not in phrases


def test_noun_phrases_read_a_given_segmentation():
    """CO01 passes the check's shared segmentation instead of segmenting again."""
    text = "两国应加强能源 安全合作。"
    words = segment_chinese([text])[0]
    assert noun_phrases(text, words=words) == noun_phrases(text)
    assert noun_phrases(text, words=[]) == []


def test_noun_phrases_end_at_a_word_jieba_does_not_know():
    """A name jieba's HMM found has no dictionary tag: it ends the phrase before it
    rather than lending it a character (越南国家主席阮富, which no dictionary can read)."""
    assert noun_phrases("越南国家主席阮富仲表示") == [("越南国家主席", 0, 6)]


def test_keywords_weigh_words_as_jieba_analyse_does():
    import jieba.analyse

    # every word is in jieba's dictionary: its tagger and the dictionary tags agree
    text = "双方加强能源安全合作。能源安全是国家安全的重要组成部分。双方同意深化能源领域的对话。"
    expected = jieba.analyse.extract_tags(
        text, topK=8, withWeight=True, allowPOS=("n", "nz", "nt", "ns", "nl", "vn", "an", "j"))
    assert keywords(segment_chinese([text])[0], 8) == expected


def test_suggest_terms_pairs_terms_with_their_english():
    alignment = [Bead((i,), (i,), 1.0) for i in range(len(ZH))]
    suggestions = suggest_terms(segments(ZH), segments(EN), alignment, top=10)
    found = {item.zh: item for item in suggestions}
    assert found["能源安全"].en.lower() == "energy security" and found["能源安全"].count == 3
    assert found["网络安全"].en.lower() == "cyber security"
    assert all(0 < item.confidence <= 1 for item in suggestions)
    assert [item.confidence for item in suggestions] == sorted(
        (item.confidence for item in suggestions), reverse=True) or len(suggestions) > 1
    glossary = parse_tsv(suggestions_tsv(suggestions), "suggested.tsv")
    assert {term.zh for term in glossary.terms} == set(found)
    assert all(term.note.startswith("suggested, seen ") for term in glossary.terms)


def test_terms_suggest_cli_writes_a_glossary(tmp_path):
    zh, en, out = tmp_path / "zh.txt", tmp_path / "en.txt", tmp_path / "suggested.tsv"
    zh.write_text("\n\n".join(ZH) + "\n", encoding="utf-8")
    en.write_text("\n\n".join(EN) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["terms", "suggest", str(zh), str(en), "--top", "5",
                                       "--output", str(out)])
    assert result.exit_code == 0, result.output
    glossary = parse_tsv(out.read_text(encoding="utf-8"), str(out))
    assert 0 < len(glossary.terms) <= 5
    assert any(term.zh == "能源安全" and term.en[0].lower() == "energy security"
               for term in glossary.terms)


def _window_by_brute_force(components, text):
    """CO01's window as first written: every combination, in product order."""
    import itertools
    import re

    from tqc.lexicon import EN_STOPWORDS, stem

    words = re.findall(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]", text)
    stems = [stem(word) if word.lower() not in EN_STOPWORDS else "" for word in words]
    positions = [[i for i, value in enumerate(stems) if value and value in component]
                 for component in components]
    if any(not found for found in positions) or \
            math.prod(len(found) for found in positions) > 400:
        return None
    best = None
    for chosen in itertools.product(*positions):
        low, high = min(chosen), max(chosen)
        if len(set(chosen)) < len(chosen) or high - low + 1 > len(components) + MAX_EXTRA_WORDS:
            continue
        if best is None or (high - low, low) < (best[1] - best[0], best[0]):
            best = (low, high, chosen)
    return best and (best[0], best[1], tuple(stem(words[i])[:5] for i in best[2]))


def test_window_search_agrees_with_trying_every_combination():
    rng = random.Random(7)
    vocabulary = ["energy", "security", "safety", "cooperation", "national", "state", "the",
                  "of", "power", "secure", "cooperate", "country"]
    for _ in range(400):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 30)))
        components = [frozenset(stem(word) for word in rng.sample(vocabulary, rng.randint(1, 3)))
                      - {"the", "of"} or frozenset({"energy"})
                      for _ in range(rng.randint(2, 3))]
        assert _window(components, text) == _window_by_brute_force(components, text), (components, text)


def test_keywords_include_coinages_the_dictionary_lacks():
    from tqc.lexicon import segment_chinese
    from tqc.terms import keywords

    text = "专家表示，碳达峰是今年的热点，各地都在研究碳达峰的路线，碳达峰目标需要长期努力。"
    (words,) = segment_chinese([text])
    assert ("碳达峰", "") in [(word, tag) for word, tag, _start, _end in words]  # HMM-found, untagged
    assert "碳达峰" in [word for word, _weight in keywords(words, 5)]
