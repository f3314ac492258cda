"""What the robustness tests ran, for the summary line conftest.py prints at the end.

tests/test_bad_inputs.py counts its catalogue cases; tests/test_properties.py counts
the examples hypothesis ran, per property."""
from __future__ import annotations

from collections import Counter

catalogue_cases: Counter = Counter()   # "run", "passed", "process" (also run in a new interpreter)
hypothesis_examples: Counter = Counter()  # test name -> examples run


def summary_lines() -> list[str]:
    lines = []
    if catalogue_cases:
        lines.append(f"bad-input catalogue: {catalogue_cases['passed']} of {catalogue_cases['run']} "
                     f"cases passed ({catalogue_cases['process']} also in a new process)")
    if hypothesis_examples:
        total = sum(hypothesis_examples.values())
        each = ", ".join(f"{name} {count}" for name, count in sorted(hypothesis_examples.items()))
        lines.append(f"hypothesis: {total} examples over {len(hypothesis_examples)} properties ({each})")
    return lines
