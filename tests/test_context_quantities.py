"""CheckContext.quantities: each segment's numbers, extracted once per check for the
rules that weigh them (NU01, OM03)."""
from __future__ import annotations

from rule_helpers import make_context

from tqc.numbers import extract_numbers

SOURCE = ["去年出口增长了百分之十二，达到三千五百万吨。", "双方同意继续对话。"]
TARGET = ["Exports rose 12% last year to 35 million tonnes.", "Both sides agreed to keep talking."]


def test_quantities_are_each_segments_numbers_on_either_side():
    context = make_context(SOURCE, TARGET)
    for number, text in enumerate(SOURCE):
        assert context.quantities("source", number) == extract_numbers(text, "zh")
    for number, text in enumerate(TARGET):
        assert context.quantities("target", number) == extract_numbers(text, "en")
    assert [quantity.value for quantity in context.quantities("target", 0)
            if not quantity.weak][:2] == [12, 35_000_000]
    assert context.quantities("source", 1) == [] and context.quantities("target", 1) == []


def test_quantities_are_extracted_once_per_side_and_segment():
    context = make_context(SOURCE, TARGET)
    source = context.quantities("source", 0)
    target = context.quantities("target", 0)
    assert context.quantities("source", 0) is source
    assert context.quantities("target", 0) is target
    # a segment without numbers is remembered too, and the sides are kept apart
    assert context.quantities("source", 1) is context.quantities("source", 1)
    assert context.memo["quantities-source"].keys() == {0, 1}
    assert context.memo["quantities-target"].keys() == {0}
    # a new check extracts afresh
    assert make_context(SOURCE, TARGET).quantities("source", 0) is not source
