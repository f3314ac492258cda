"""Batch mode: pairing, unpaired files, the combined report, processes, several outputs."""
from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from tqc.batch import Job, Progress, plan_inputs
from tqc.cli import main
from tqc.errors import InputError

from conftest import validate_report_json

CHINESE = "会议于5月3日举行。\n与会代表共40人。\n"
ENGLISH = "The meeting was held on May 3.\nA total of 40 delegates attended.\n"
WRONG = "The meeting was held on May 4.\nA total of 40 delegates attended.\n"
TMX = ('<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="zh"/><body>\n'
       '<tu tuid="1"><tuv xml:lang="zh"><seg>共有3本书。</seg></tuv>'
       '<tuv xml:lang="en"><seg>There are 3 books.</seg></tuv></tu>\n</body></tmx>\n')


def invoke(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """docs/ with both pairing layouts, an unpaired file, a TMX and unrelated files."""
    monkeypatch.chdir(tmp_path)
    files = {
        "docs/intro.zh.txt": CHINESE, "docs/intro.en.txt": WRONG,
        "docs/zh/guide/part1.txt": CHINESE, "docs/en/guide/part1.txt": ENGLISH,
        "docs/zh/orphan.txt": CHINESE,
        "docs/memory.tmx": TMX,
        "docs/README.md": "Not a translation.\n",
        "docs/.hidden/x.zh.txt": CHINESE,
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_directory_pairs_by_both_default_patterns(tree):
    plan = plan_inputs(["docs"])
    assert plan.batch
    assert plan.jobs == [Job("docs/intro.zh.txt", "docs/intro.en.txt"), Job("docs/memory.tmx"),
                         Job("docs/zh/guide/part1.txt", "docs/en/guide/part1.txt")]
    assert plan.unpaired == [{"path": "docs/zh/orphan.txt",
                              "reason": "no English partner (expected docs/en/orphan.txt)"}]


def test_parallel_corpus_files_pair_by_their_language_suffix(tree):
    """news.zh / news.en, as Moses, hunalign and OPUS name a sentence-aligned pair."""
    (tree / "corpus").mkdir()
    for name in ("news.zh", "news.en", "notes.zh.md"):
        (tree / "corpus" / name).write_text(CHINESE if ".zh" in name else ENGLISH, encoding="utf-8")
    plan = plan_inputs(["corpus"])
    assert plan.jobs == [Job("corpus/news.zh", "corpus/news.en")] and plan.unpaired == []


def test_named_file_finds_its_partner_on_disk(tree):
    plan = plan_inputs(["docs/intro.en.txt"], batch=True)
    assert plan.jobs == [Job("docs/intro.zh.txt", "docs/intro.en.txt")] and plan.unpaired == []
    both = plan_inputs(["docs/intro.zh.txt", "docs/intro.en.txt", "docs/memory.tmx"])
    assert both.batch and len(both.jobs) == 2  # three paths: a batch; the pair counted once


def test_one_or_two_files_are_a_single_check(tree):
    assert not plan_inputs(["docs/intro.zh.txt", "docs/intro.en.txt"]).batch
    assert not plan_inputs(["docs/memory.tmx"]).batch


def test_globs_and_configured_patterns(tree):
    (tree / "docs/story_cn.md").write_text(CHINESE, encoding="utf-8")
    (tree / "docs/story_en.md").write_text(ENGLISH, encoding="utf-8")
    plan = plan_inputs(["docs/*_cn.md"], pairs=(("{name}_cn.md", "{name}_en.md"),))
    assert plan.jobs == [Job("docs/story_cn.md", "docs/story_en.md")]
    with pytest.raises(InputError, match="matches no file"):
        plan_inputs(["docs/*.nothing"])
    with pytest.raises(InputError, match="no such file"):
        plan_inputs(["missing-dir"])


def test_combined_json_report(tree):
    result = invoke("check", "docs", "--format", "json", "--select", "NU01")
    assert result.exit_code == 1  # intro.en.txt changes the date
    data = validate_report_json(result.stdout)
    assert set(data) >= {"schema", "files", "summary"} and data["schema"] == 1
    assert [single["files"]["source"] for single in data["files"]] == \
        ["docs/intro.zh.txt", "docs/memory.tmx", "docs/zh/guide/part1.txt"]
    summary = data["summary"]
    assert summary["pairs"] == 3 and summary["findings"] == 1 and summary["by_code"] == {"NU01": 1}
    assert [entry["findings"] for entry in summary["files"]] == [1, 0, 0]
    assert summary["unpaired"][0]["path"] == "docs/zh/orphan.txt"
    assert "docs/zh/orphan.txt: no English partner" in result.stderr


def test_single_pair_json_is_unchanged(tree):
    result = invoke("check", "docs/intro.zh.txt", "docs/intro.en.txt", "--format", "json")
    data = validate_report_json(result.stdout)
    assert isinstance(data["files"], dict) and "segments" in data


def test_processes_give_the_same_report(tree):
    one = invoke("check", "docs", "--format", "json", "--jobs", "1")
    two = invoke("check", "docs", "--format", "json", "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout


def test_unreadable_pair_is_reported_and_the_rest_checked(tree):
    (tree / "docs/bad.zh.txt").write_bytes(b"\x00\x01\x02")
    (tree / "docs/bad.en.txt").write_text(ENGLISH, encoding="utf-8")
    result = invoke("check", "docs", "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["summary"]["pairs"] == 3
    assert data["summary"]["errors"][0]["files"] == ["docs/bad.zh.txt", "docs/bad.en.txt"]
    assert "binary file" in result.stderr


def test_several_outputs_at_once(tree):
    missing = invoke("check", "docs", "--output-format", "sarif=r.sarif", "--output-format", "json=out/r.json")
    assert missing.exit_code == 2 and "output directory 'out' does not exist" in missing.stderr
    assert not (tree / "r.sarif").exists()  # nothing is written unless every output can be
    (tree / "out").mkdir()
    result = invoke("check", "docs", "--output-format", "json=out/r.json", "--output-format", "sarif=r.sarif",
                    "--output-format", "html=pages/", "--output-format", "github")
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[-1].startswith("tqc: 1 finding")  # github to stdout
    validate_report_json((tree / "out/r.json").read_text(encoding="utf-8"))
    assert json.loads((tree / "r.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert sorted(path.name for path in (tree / "pages").iterdir()) == \
        ["docs__intro.zh.html", "docs__memory.html", "docs__zh__guide__part1.html"]


def test_output_dir_and_config_outputs(tree):
    (tree / "tqc.toml").write_text('output-dir = "reports"\n[outputs]\njunit = "junit.xml"\nsarif = "tqc.sarif"\n',
                                   encoding="utf-8")
    result = invoke("check", "docs")
    assert result.exit_code == 1 and result.stdout == ""
    assert (tree / "reports/junit.xml").is_file() and (tree / "reports/tqc.sarif").is_file()
    result = invoke("check", "docs", "--format", "json")  # adds one output to stdout
    validate_report_json(result.stdout)


def test_per_pair_formats_need_a_directory_and_one_stdout(tree):
    result = invoke("check", "docs", "--format", "html")
    assert result.exit_code == 2 and "give a directory" in result.stderr
    result = invoke("check", "docs", "--output-format", "json", "--output-format", "sarif")
    assert result.exit_code == 2 and "only one report can go to standard output" in result.stderr
    result = invoke("check", "docs", "--output-format", "nope=x")
    assert result.exit_code == 2 and "no format 'nope'" in result.stderr


def test_text_output_of_a_batch_has_a_section_per_pair(tree):
    result = invoke("check", "docs", "--select", "NU01")
    assert "== docs/intro.zh.txt -> docs/intro.en.txt ==" in result.stdout
    assert result.stdout.rstrip().endswith("1 finding in 3 file pairs, 1 unpaired")


def test_progress_bar_only_when_enabled():
    stream = io.StringIO()
    bar = Progress(2, stream=stream, enabled=True)
    bar.advance("a.zh.txt")
    bar.advance("b.zh.txt")
    bar.close()
    assert "2/2 b.zh.txt" in stream.getvalue() and stream.getvalue().endswith("\r\033[K")
    quiet = io.StringIO()
    Progress(2, stream=quiet).advance("a")  # StringIO is not a terminal
    assert quiet.getvalue() == ""


def test_reference_is_refused_in_a_batch(tree):
    result = invoke("check", "docs", "--reference", "docs/intro.en.txt")
    assert result.exit_code == 2 and "one file pair" in result.stderr


def test_swap_applies_to_the_exchange_files_of_a_batch(tree):
    (tree / "docs/memory.tmx").write_text(TMX.replace('srclang="zh"', 'srclang="en"'), encoding="utf-8")
    refused = invoke("check", "docs", "--format", "json")
    assert refused.exit_code == 2 and "--swap" in refused.stderr
    swapped = invoke("check", "docs", "--format", "json", "--swap")
    data = json.loads(swapped.stdout)
    assert swapped.exit_code == 1 and data["summary"]["errors"] == []  # the text pairs are unaffected
    assert "docs/memory.tmx" in [single["files"]["source"] for single in data["files"]]


@pytest.mark.parametrize("paths, other", [
    (["docs/intro.zh.txt", "docs/en"], "docs/en is a directory"),
    (["docs/en", "docs/intro.zh.txt"], "docs/en is a directory"),
    (["docs/intro.zh.txt", "docs/*.en.txt"], "docs/*.en.txt is a glob"),
])
def test_a_file_beside_a_directory_or_glob_is_a_usage_error(tree, paths, other):
    # INPUT TARGET with a directory or glob as one side is neither a pair nor a documented
    # batch form: before, it became a batch that checked nothing and exited 0.
    result = invoke("check", *paths)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tqc: error: ")
    assert f"docs/intro.zh.txt is a file but {other}" in lines[0] and "--batch" in lines[0]
    with pytest.raises(InputError, match="add --batch"):
        plan_inputs(paths)


def test_a_file_beside_a_directory_is_a_batch_with_the_batch_option(tree):
    plan = plan_inputs(["docs/intro.zh.txt", "docs/zh"], batch=True)
    assert plan.batch and Job("docs/intro.zh.txt", "docs/intro.en.txt") in plan.jobs
    assert Job("docs/zh/guide/part1.txt", "docs/en/guide/part1.txt") in plan.jobs


def test_two_directories_and_more_than_two_paths_stay_a_batch(tree):
    assert plan_inputs(["docs/zh", "docs/en"]).jobs == [
        Job("docs/zh/guide/part1.txt", "docs/en/guide/part1.txt")]
    assert plan_inputs(["docs/intro.zh.txt", "docs/intro.en.txt", "docs/zh"]).batch


def test_check_help_says_how_a_file_beside_a_directory_is_read():
    assert "refused unless --batch" in " ".join(invoke("check", "--help").output.split())
