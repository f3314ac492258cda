"""GitHub Actions workflow commands and their escaping."""
from __future__ import annotations

from click.testing import CliRunner

from tqc.cli import main
from tqc.reporters.github import escape_data, escape_property, workflow_command


def test_escaping_follows_the_actions_toolkit():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_data("a:b,c") == "a:b,c"  # : and , only matter in properties
    assert escape_property("dir,1/a:b%.txt\n") == "dir%2C1/a%3Ab%25.txt%0A"


def test_workflow_command_shape():
    assert workflow_command("error", "bad: 5%", file="a,b.txt", line="3", title=None) == \
        "::error file=a%2Cb.txt,line=3::bad: 5%25"
    assert workflow_command("notice", "hi") == "::notice::hi"


def test_check_prints_one_annotation_per_finding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a,1.zh.txt").write_text("价格上涨了5%。\n请注意安全。\n", encoding="utf-8")
    (tmp_path / "a,1.en.txt").write_text("Prices rose by 6%.\nPlease stay safe．\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "a,1.zh.txt", "a,1.en.txt", "--select", "NU01,PU01",
                                       "--format", "github"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    number = next(line for line in lines if "NU01" in line)
    assert number.startswith("::error file=a%2C1.zh.txt,line=1,title=tqc NU01 number-mismatch::")
    assert "%0AEnglish: a,1.en.txt:1" in number and "\n" not in number
    punctuation = next(line for line in lines if "PU01" in line)
    assert punctuation.startswith("::warning file=a%2C1.en.txt,line=2,")
    assert lines[-1] == "tqc: 2 findings (1 error, 1 warning) in 1 file pair"
