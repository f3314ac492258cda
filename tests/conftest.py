"""Shared test helpers."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "000_51ad7e2952bd91a4.txt"
MQM = SHARED / "data" / "mqm-newstest2020-zhen" / "segments.jsonl"
CASES = Path(__file__).parent / "cases"


def mqm_pairs(limit: int) -> list[tuple[str, str]]:
    """(source, translation) of the first ``limit`` MQM rows; [] without ../shared."""
    if not MQM.is_file():
        return []
    with open(MQM, encoding="utf-8") as handle:
        rows = [json.loads(line) for _, line in zip(range(limit), handle)]
    return [(row["src"], row["tgt"]) for row in rows]


@lru_cache(maxsize=1)
def _report_validator():
    import jsonschema

    schema = json.loads(resources.files("tqc").joinpath("schemas/report-1.schema.json").read_text())
    return jsonschema.Draft202012Validator(schema)


def validate_report_json(data: dict | str) -> dict:
    """Every JSON report a test produces goes through this: schema 1 must hold."""
    if isinstance(data, str):
        data = json.loads(data)
    if "files" in data and isinstance(data["files"], list):  # several pairs
        for single in data["files"]:
            _report_validator().validate(single)
    else:
        _report_validator().validate(data)
    return data


@pytest.fixture
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip("../shared/seeds is not available")
    return SEED


@pytest.fixture
def mqm_path() -> Path:
    if not MQM.is_file():
        pytest.skip("../shared/data/mqm-newstest2020-zhen is not available")
    return MQM


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (tests/browser.py), shared by the browser tests; skips, saying
    why, where none can be started."""
    from browser import browser_session

    yield from browser_session()


def pytest_terminal_summary(terminalreporter):
    """The bad-input catalogue cases and the hypothesis examples that ran (run_counts.py)."""
    from run_counts import summary_lines

    lines = summary_lines()
    if lines:
        terminalreporter.section("robustness")
        for line in lines:
            terminalreporter.write_line(line)
