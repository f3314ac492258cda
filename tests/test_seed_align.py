"""Alignment of the seed article (../shared/seeds): ten hand-checked pairs.

The seed's text is not copied here: each sentence is found by a short anchor of a few
characters or words that occurs in exactly one segment of its side.

Checked by reading both texts, sentence by sentence (the English is a close but OCR-
damaged translation, one Chinese sentence often split into several English ones):

- the opening sentence (common interests; a political, economic and historical basis);
- heading 一 (promote the SCO's role in regional security) and its "I." heading;
- the sentence on Central Asia's turmoil, Kyrgyzstan, the "three forces" and
  Afghanistan: four English sentences (the 1-to-many bead);
- Bin Laden's killing and South/Central Asia; military cooperation as an important part
  of the strategic relationship; 一是 on military diplomacy ("Firstly"); support for
  Pakistan's government; the threat of separatism and terrorism; population security;
  treating the (labour) issue objectively and correctly;
- and one sentence the English leaves out: the one on energy as the tie of the
  strategic relationship (the English goes from Russia's energy market straight to
  "Therefore, ... in accordance with the nature of their bilateral relations").
"""
from __future__ import annotations

import pytest

from tqc.align import align
from tqc.reading import read_inputs
from tqc.segment import segment

# (Chinese anchor, English anchors of the sentences that translate it, in order)
PAIRS = [
    ("具有共同利益", ["quite a few security areas"]),
    ("推动上合组织有效履行", ["To promote the Shanghai"]),
    ("吉尔吉斯斯坦", ["witnessed turmoil", "Kyrgyzstan went", "still active", "Afghanistan remains"]),
    ("本·拉登", ["Osama Bin Laden"]),
    ("中俄军事合作是中俄战略关系", ["military cooperation is an important part"]),
    ("军事外交领域", ["military diplomacy"]),
    ("巴基斯坦政府", ["Pakistani government"]),
    ("民族分裂和恐怖主义", ["national secessionists"]),
    ("人口安全直接关系", ["population security directly"]),
    ("客观正确地对待", ["objective and correct"]),
]
UNTRANSLATED = "以能源为纽带"


@pytest.fixture(scope="module")
def seed_alignment():
    from conftest import SEED

    if not SEED.is_file():
        pytest.skip("../shared/seeds is not available")
    bitext = read_inputs(str(SEED))
    source, target = segment(bitext.source), segment(bitext.target)
    return source, target, align(source, target)


def _only(segments, anchor: str) -> int:
    found = [item.id for item in segments if anchor in item.text]
    assert len(found) == 1, (anchor, found)
    return found[0]


def _bead_of(beads, source_id: int):
    return next(bead for bead in beads if source_id in bead.source)


@pytest.mark.parametrize("zh_anchor, en_anchors", PAIRS, ids=[zh for zh, _ in PAIRS])
def test_hand_checked_pair(seed_alignment, zh_anchor, en_anchors):
    source, target, beads = seed_alignment
    bead = _bead_of(beads, _only(source, zh_anchor))
    assert bead.source == (_only(source, zh_anchor),)
    assert bead.target == tuple(_only(target, anchor) for anchor in en_anchors)


def test_one_to_many_bead_is_among_the_pairs():
    assert any(len(en) > 1 for _, en in PAIRS)


def test_untranslated_sentence_stands_alone(seed_alignment):
    source, _, beads = seed_alignment
    bead = _bead_of(beads, _only(source, UNTRANSLATED))
    assert bead.target == ()
    assert bead.score > 0.8  # nothing nearby translates it


def test_every_other_article_sentence_is_paired(seed_alignment):
    source, target, beads = seed_alignment
    assert [i for bead in beads for i in bead.source] == [item.id for item in source]
    assert [j for bead in beads for j in bead.target] == [item.id for item in target]
    article = {item.id for item in source if item.article}
    alone = [bead.source[0] for bead in beads if not bead.target and bead.source[0] in article]
    assert alone == [_only(source, UNTRANSLATED)]
