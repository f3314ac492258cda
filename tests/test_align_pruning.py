"""The aligner's shortcuts must not change what it finds: the least cost a larger bead
shape can have (used to skip shapes before pricing them) is a true lower bound, and
registering each distinct run of capitalised words once gives the same names as
registering every occurrence.

Every sentence here is written for these tests.
"""
from __future__ import annotations

import itertools

from tqc.align import _LARGER_SHAPES, _LARGER_SHAPES_BY_ROWS, _Aligner, _en_names
from tqc.lexicon import NameSounds
from tqc.model import Segment

ZH = [
    "今年春天，小镇的图书馆重新开放了，",
    "新馆有三层楼，藏书超过两万册。",
    "馆长王海说，每个周末都会为孩子们举办故事会。",
    "许多家长认为，这让孩子们更喜欢阅读了。",
    "图书馆还开设了一间安静的自习室，供附近的中学生使用。",
    "明年，镇政府计划再建一座小型博物馆。",
    "一是扩建停车场；",
    "二是增加开放时间。",
]
EN = [
    "This spring, the town library reopened,",
    "and the new building has three floors and more than 20,000 books.",
    "The librarian, Wang Hai, said there would be a story hour for children every weekend.",
    "Many parents believe this has made their children enjoy reading more",
    "The library has also opened a quiet study room for nearby secondary school students.",
    "Next year, the town government plans to build a small museum.",
    "First, the car park will be expanded.",
    "Second, opening hours will be extended.",
]


def _segments(texts, paragraphs, kinds=None):
    return [Segment(index, text, paragraph, 0, len(text), index + 1, kinds[index] if kinds else "body")
            for index, (text, paragraph) in enumerate(zip(texts, paragraphs))]


def test_least_cost_bounds_every_larger_bead():
    # paragraph breaks, comma joins and a heading, so that every term of the cost shows
    for kinds in (None, ["heading"] + ["body"] * 7):
        aligner = _Aligner(_segments(ZH, [0, 0, 0, 1, 1, 2, 2, 2], kinds),
                           _segments(EN, [0, 0, 0, 0, 1, 2, 2, 2]), None)
        checked = 0
        for a, b, _, _, least_cost in _LARGER_SHAPES:
            for i, j in itertools.product(range(a, len(ZH) + 1), range(b, len(EN) + 1)):
                assert aligner.bead_cost(i - a, i, j - b, j) >= least_cost
                checked += 1
        assert checked > 200


def test_shapes_by_rows_keep_those_that_fit():
    for rows, shapes in enumerate(_LARGER_SHAPES_BY_ROWS):
        assert shapes == tuple(shape for shape in _LARGER_SHAPES if shape[0] <= rows)
    assert _LARGER_SHAPES_BY_ROWS[4] == _LARGER_SHAPES


def _names_one_by_one(texts):
    """Every occurrence registered in turn, as runs were registered before."""
    from tqc.align import _EN_NAME_RUN, _NAME_SPLIT

    names = NameSounds()
    for text in texts:
        first = len(text) - len(text.lstrip())
        for match in _EN_NAME_RUN.finditer(text):
            names.add_run(_NAME_SPLIT.split(match.group()), match.start() == first)
    return names


def test_each_distinct_name_run_registered_once_gives_the_same_names():
    texts = EN + [
        "  Wang Hai opened the library.",     # opening after spaces
        "Trudeau met Wang Hai in Ottawa.",     # the same name inside a sentence
        "\u201cWang Hai\u201d, they said.",    # after a quote: not the opening run
        "O'Neal and Jean-Luc came later.",
        "",
    ]
    registered = NameSounds()
    _en_names(texts, registered)
    expected = _names_one_by_one(texts)
    assert registered._names == expected._names
    assert registered._prefixes == expected._prefixes
    assert registered._seen == expected._seen
    assert (("Wang", "Hai"), True) in registered._seen
    assert (("Wang", "Hai"), False) in registered._seen
    assert registered.find("特鲁多") == expected.find("特鲁多")
