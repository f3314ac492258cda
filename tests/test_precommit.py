"""The shipped pre-commit hook, run by the real pre-commit tool in a temporary git repository.

pre-commit would install a ``language: python`` hook into its own virtualenv from the
hook's repository, which needs the network.  The test runs the hook definition from
.pre-commit-hooks.yaml (entry, files, pass_filenames, require_serial) as a ``repo: local``
hook with ``language: system``, so the installed tqc runs it offline.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MANIFEST = REPO / ".pre-commit-hooks.yaml"
GOOD_ZH = "人工智能正在改变医学研究。\n研究人员使用机器学习分析影像。\n"
GOOD_EN = ("Artificial intelligence is changing medical research.\n"
           "Researchers use machine learning to analyse images.\n")
BAD_EN = GOOD_EN.replace("Artificial intelligence", "Artificial wisdom")
GLOSSARY = "zh\ten\tforbidden\tnote\n人工智能\tartificial intelligence\tartificial wisdom\tliteral rendering\n"


def _pre_commit(*args, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def _git(*args, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def environment(tmp_path) -> dict:
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]')")
    pytest.importorskip("yaml", reason="PyYAML (a pre-commit dependency) is missing")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path / "home"),
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
           "GIT_CONFIG_NOSYSTEM": "1", "NO_COLOR": "1"}
    (tmp_path / "home").mkdir()
    return env


def _local_config(hook: dict) -> str:
    import yaml

    local = dict(hook)
    words = shlex.split(local["entry"])
    assert words[0] == "tqc"
    # The installed tqc of this interpreter, whatever is on PATH.
    local["entry"] = shlex.join([sys.executable, "-m", "tqc", *words[1:]])
    local["language"] = "system"
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}, allow_unicode=True)


def test_manifest_is_valid(environment, tmp_path):
    result = _pre_commit("validate-manifest", str(MANIFEST), cwd=tmp_path, env=environment)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hook_fails_a_commit_with_a_forbidden_term(environment, tmp_path):
    import yaml

    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    hook = next(item for item in hooks if item["id"] == "tqc")
    repo = tmp_path / "project"
    repo.mkdir()
    assert _git("init", "-q", cwd=repo, env=environment).returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(_local_config(hook), encoding="utf-8")
    (repo / "tqc.toml").write_text('preset = "ci-glossary"\nglossaries = ["terms.tsv"]\n', encoding="utf-8")
    (repo / "terms.tsv").write_text(GLOSSARY, encoding="utf-8")
    docs = repo / "docs"
    docs.mkdir()
    (docs / "ai.zh.txt").write_text(GOOD_ZH, encoding="utf-8")
    (docs / "ai.en.txt").write_text(GOOD_EN, encoding="utf-8")
    installed = _pre_commit("install", cwd=repo, env=environment)
    if installed.returncode != 0:
        pytest.skip(f"pre-commit cannot install its hook here: {installed.stderr.strip()}")

    _git("add", "-A", cwd=repo, env=environment)
    good = _git("commit", "-q", "-m", "good translation", cwd=repo, env=environment)
    assert good.returncode == 0, good.stdout + good.stderr

    # Only the English file changes: the hook finds its Chinese partner on disk.
    (docs / "ai.en.txt").write_text(BAD_EN, encoding="utf-8")
    _git("add", "docs/ai.en.txt", cwd=repo, env=environment)
    bad = _git("commit", "-q", "-m", "forbidden term", cwd=repo, env=environment)
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0, output
    assert "TM02" in output and "artificial wisdom" in output.lower()
    log = _git("log", "--oneline", cwd=repo, env=environment).stdout.splitlines()
    assert len(log) == 1  # the bad commit did not happen
