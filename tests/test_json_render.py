"""The JSON reporter's fast writer gives exactly what json.dumps(indent=2) gives."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tqc.reporters.json_report import dumps_indented

_scalars = (st.none() | st.booleans() | st.integers() | st.text(max_size=8)
            | st.floats(allow_nan=True, allow_infinity=True))
_values = st.recursive(
    _scalars,
    lambda children: (st.lists(children, max_size=4) | st.tuples(children, children)
                      | st.dictionaries(st.text(max_size=4) | st.integers() | st.booleans()
                                        | st.none() | st.floats(allow_nan=False), children,
                                        max_size=4)),
    max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(_values)
def test_same_text_as_json_dumps(value):
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_report_shapes():
    # A list of segment-like dicts (one encoder call), bead-like dicts with lists of ids,
    # strings holding the separators the fast paths rely on, and empty containers.
    segments = [{"id": i, "text": 'a},\n    {"b"\u2028é', "article": i % 2 == 0, "unit_id": None}
                for i in range(3)]
    beads = [{"source": [0, 1], "target": [], "score": 0.25},
             {"source": [], "target": [2], "score": 1.0, "note": ["x", None, 1.5]}]
    value = {"segments": {"source": segments, "target": []}, "alignment": beads,
             "findings": [{}, {"segments": [], "span": None}], "summary": {"by_code": {}}}
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


_numbers = (st.none() | st.booleans() | st.integers()
            | st.floats(allow_nan=True, allow_infinity=True))
_number_records = st.lists(
    st.dictionaries(st.sampled_from(["source", "target", "score", "a_1", "x"]),
                    _numbers | st.lists(_numbers, max_size=3)
                    | st.tuples(_numbers, _numbers), min_size=1, max_size=4),
    min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(_number_records, st.sampled_from(["", "  ", "    "]))
def test_lists_of_number_records_as_json_dumps(records, indent):
    # The beads' path: one encoder call for the whole list, then separators rewritten.
    expected = json.dumps(records, ensure_ascii=False, indent=2)
    expected = expected.replace("\n", "\n" + indent)
    assert dumps_indented(records, indent) == expected


def test_number_records_with_other_keys_or_values_take_the_general_path():
    # A key that is no plain word, a string inside a list, a nested list, a dict subclass.
    from collections import OrderedDict

    for records in ([{"a b": [1]}], [{'"}': 1, "x": [2]}], [{"x": ["[1]\x01"]}],
                    [{"x": [[1, 2], []]}], [OrderedDict(x=[1], y=OrderedDict(z=2))]):
        assert dumps_indented(records) == json.dumps(records, ensure_ascii=False, indent=2)
