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
