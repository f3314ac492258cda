"""Run sacrebleu's own command line on sentence files, for checking tqc's figures."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

_SCORE = re.compile(r"^([^|\s]+)\|(\S+) = (-?\d+(?:\.\d+)?)")


def command() -> list[str]:
    """The ``sacrebleu`` script installed next to this Python, else on PATH, else
    ``python -m sacrebleu`` (the same entry point)."""
    beside = Path(sys.executable).with_name("sacrebleu")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("sacrebleu")
    return [found] if found else [sys.executable, "-m", "sacrebleu"]


def _write(directory: Path, name: str, lines: list[str]) -> Path:
    for line in lines:
        assert "\n" not in line and "\t" not in line, "one sentence per line"
    path = directory / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def run(directory: Path, hypotheses: list[str], references: list[str], metric: str,
        sentence_level: bool) -> list[tuple[str, str, float]]:
    """(metric name, signature, score) per output line of
    ``sacrebleu REF -i HYP -m METRIC -w 6 -f text [--sentence-level]``."""
    hypothesis_file = _write(directory, "hyp.txt", hypotheses)
    reference_file = _write(directory, "ref.txt", references)
    arguments = [*command(), str(reference_file), "-i", str(hypothesis_file), "-m", metric,
                 "-w", "6", "-f", "text"]
    if sentence_level:
        arguments.append("--sentence-level")
    completed = subprocess.run(arguments, capture_output=True, text=True, encoding="utf-8",
                               check=True, timeout=600)
    results = []
    for line in completed.stdout.splitlines():
        match = _SCORE.match(line)
        assert match, f"unexpected sacrebleu output: {line!r}"
        results.append((match.group(1), match.group(2), float(match.group(3))))
    return results


def ter_edits(score: float, hypothesis: str, reference: str) -> int:
    """The edit count behind a sentence TER score: the default tercom tokenisation
    lower-cases and splits on spaces, so the reference length is its word count.
    Against an empty reference every hypothesis word is an edit (score 100)."""
    reference_words = len(reference.lower().split())
    if not reference_words:
        return len(hypothesis.split())
    return round(score * reference_words / 100)
