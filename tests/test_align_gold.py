"""benchmarks/align_gold.py: scoring tqc against a hand-made gold alignment."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import align_gold  # noqa: E402
from test_align_bench import EN as LIBRARY_EN, ZH as LIBRARY_ZH  # noqa: E402
from tqc.errors import InputError  # noqa: E402

# The library text of test_align_bench with its third Chinese sentence split in two
# (a 2-1 bead) and the English of its fifth left out (a 1-0 bead).
ZH = LIBRARY_ZH[:2] + ["市民普遍欢迎这一决定。", "但也有人担心停车位不足。"] + LIBRARY_ZH[3:5]
EN = LIBRARY_EN[:4]
# sentence 1-1, 1-1, 2-1, 1-1, and the last Chinese sentence left out (1-0)
GOLD = "[0]:[0]\n[1]:[1]\n[2,3]:[2]\n[4]:[3]\n[5]:[]\n"


def _write(tmp_path: Path, gold: str = GOLD) -> list[str]:
    paths = [tmp_path / "a.zh", tmp_path / "a.en", tmp_path / "a.gold"]
    for path, text in zip(paths, ("\n".join(ZH) + "\n", "\n".join(EN) + "\n", gold)):
        path.write_text(text, encoding="utf-8")
    return [str(path) for path in paths]


def test_tqc_gets_the_hand_made_gold_right(tmp_path):
    figures = align_gold.score_files([tuple(_write(tmp_path))], baseline=False)["tqc"]
    assert figures["strict_f1"] == 1.0 and figures["lax_f1"] == 1.0
    assert figures["1-0_recall"] == 1.0 and figures["1-0_precision"] == 1.0


def test_a_wrong_gold_bead_lowers_strict_but_not_lax(tmp_path):
    wrong = GOLD.replace("[2,3]:[2]\n", "[2]:[2]\n[3]:[]\n")
    figures = align_gold.score_files([tuple(_write(tmp_path, wrong))], baseline=False)["tqc"]
    assert figures["strict_p"] == pytest.approx(4 / 5)
    assert figures["lax_p"] == 1.0
    assert figures["1-0_precision"] == 1.0 and figures["1-0_recall"] == pytest.approx(1 / 2)


@pytest.mark.parametrize("gold, message", [
    ("[0]:[0]\n[1]-[1]\n", "2: expected a bead"),
    ("[0]:[0]\n[9]:[1]\n", "2: bead [9]:[1] names a sentence past the end"),
    (GOLD.replace("[4]:[3]", "[4]:[2]"), "4: sentence 2 is in two beads (lines 3 and 4)"),
])
def test_bad_gold_is_an_error_naming_its_line(tmp_path, gold, message, capsys):
    zh, en, gold_path = _write(tmp_path, gold)
    with pytest.raises(InputError, match=re.escape(message.split(": ", 1)[1])) as error:
        align_gold.read_gold(gold_path, len(ZH), len(EN))
    assert str(error.value).startswith(f"{gold_path}:{message.split(':')[0]}:")
    assert align_gold.main([zh, en, gold_path, "--no-baseline"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_cli_prints_a_table(tmp_path, capsys):
    assert align_gold.main([*_write(tmp_path), "--no-baseline"]) == 0
    out = capsys.readouterr().out
    assert "strict_f1" in out and "1.000" in out


def test_a_sentence_in_no_bead_is_an_error(tmp_path):
    zh, en, gold_path = _write(tmp_path, GOLD.replace("[5]:[]\n", ""))
    with pytest.raises(InputError, match="Chinese sentence 5 is in no bead"):
        align_gold.read_gold(gold_path, len(ZH), len(EN))
