"""benchmarks/perf_bench.py keeps working: a smoke run on ~20 KB.  No timing assertions."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MQM

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "perf_bench.py"


def test_smoke_run_reports_every_figure(tmp_path):
    if not MQM.is_file():
        pytest.skip("../shared/data/mqm-newstest2020-zhen is not available")
    figures = tmp_path / "figures.json"
    result = subprocess.run([sys.executable, str(BENCH), "--smoke", "--json", str(figures)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    for heading in ("Stage times", "Start-up", "Targets", "end-to-end / jieba"):
        assert heading in result.stdout
    data = json.loads(figures.read_text())
    small, large = data["sizes"]
    assert small["chinese_bytes"] < large["chinese_bytes"]
    for size in (small, large):
        assert size["source_segments"] > 0 and size["target_segments"] > 0
        assert size["tqc_wall"] > 0 and size["jieba_wall"] > 0 and size["peak_mb"] > 0
    stages = large["stages"]
    assert {"reading", "reflow", "segment", "align", "report (json)", "total"} <= set(stages)
    assert any(name.startswith("rule ") for name in stages)
    assert set(data["targets"]) == {"end-to-end / jieba", "20KB / 10KB time", "peak memory MB",
                                    "start-up / jieba initialise"}
    assert {"tqc check (one paragraph)", "tqc --help"} <= set(data["startup"])
