"""Glossary formats, lint, matching, the shipped glossaries and the seed article."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

import tqc
from tqc.cli import main
from tqc.config import Config
from tqc.errors import InputError
from tqc.glossary import (Glossary, SourceMatcher, TargetMatcher, Term, find_rendering,
                          jieba_user_words, lint_glossary, load_glossary, parse_glossary,
                          parse_tsv, shipped_glossaries)
from tqc.lexicon import jieba_tokenizer

from conftest import SHARED

TICO = SHARED / "data" / "tico19"


def terms_by_zh(glossary: Glossary) -> dict[str, Term]:
    return {term.zh: term for term in glossary.terms}


# --- formats ------------------------------------------------------------------------

def test_tsv_with_optional_columns():
    glossary = parse_tsv("zh\ten\tforbidden\tnote\tcase\tmatch\tcontext\n"
                         "六方会谈\tSix-Party Talks\t\t\texact\t\tdiplomacy\n"
                         "免疫\timmun\t\t\t\tprefix\t\n", "g.tsv")
    talks, immune = glossary.terms
    assert (talks.case, talks.match, talks.context, talks.origin) == ("exact", "word", "diplomacy", "g.tsv:2")
    assert immune.match == "prefix"


def test_csv_glossary():
    glossary = parse_glossary('zh,en,forbidden,note\n朝鲜半岛,"Korean Peninsula",Korean Peninsular|Peninsular,\n',
                              "g.csv")
    term = glossary.terms[0]
    assert term.en == ("Korean Peninsula",) and term.forbidden == ("Korean Peninsular", "Peninsular")


def test_bad_rows_name_their_line():
    with pytest.raises(InputError) as error:
        parse_tsv("zh\ten\tforbidden\tnote\n合作\tcooperation\t\t\n六方会谈\t\t\t\n", "g.tsv")
    assert (error.value.line, "neither") == (3, "neither") and "neither" in error.value.message
    with pytest.raises(InputError) as error:
        parse_tsv("zh\ten\tforbidden\tnote\tcase\n合作\tcooperation\t\t\tsometimes\n", "g.tsv")
    assert error.value.line == 2 and "'case'" in error.value.message
    with pytest.raises(InputError):
        parse_tsv("en\tzh\n", "g.tsv")


def test_exchange_csv_both_directions():
    text = ("stringID,sourceLang,targetLang,pos,description,sourceString,targetString\n"
            "1,en,zh-CN,adjective,\"contagious, of a disease\",contagious,可传染 : 有传染性\n"
            "2,en,zh_CN,noun,,AIDS,艾滋病（AIDS）\n"
            "3,en,zh_CN,noun,,epidemic,流行病\n"
            "4,en,zh_CN,noun,,pandemic,流行病\n"
            "5,zh-Hans,en,,,方舱医院,Modular hospital : Fangcang shelter hospital\n")
    glossary = parse_glossary(text, "tico.csv")
    terms = terms_by_zh(glossary)
    assert terms["可传染"].en == ("contagious",) and terms["有传染性"].en == ("contagious",)
    assert terms["艾滋病"].en == ("AIDS",)  # the bracketed acronym is the English side's
    assert terms["流行病"].en == ("epidemic", "pandemic")  # several sources, one target
    assert terms["方舱医院"].en == ("Modular hospital", "Fangcang shelter hospital")
    assert terms["可传染"].note == "contagious, of a disease"
    assert not glossary.warnings


@pytest.mark.skipif(not TICO.is_dir(), reason="../shared/data/tico19 is not available")
def test_tico19_glossaries_load():
    for name in ("f_en-zh_CN.csv", "g_en_zh-CN.csv", "g_zh-CN_en.csv"):
        glossary = load_glossary(TICO / name)
        assert len(glossary.terms) > 40
        assert all(term.zh and term.en for term in glossary.terms)


TBX_V2 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en">
 <text><body>
  <termEntry id="c1">
   <descrip type="definition">A regional security organisation.</descrip>
   <langSet xml:lang="zh-CN"><tig><term>上海合作组织</term></tig></langSet>
   <langSet xml:lang="en">
    <tig><term>Shanghai Pact</term>
     <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    <tig><term>Shanghai Cooperation Organization</term>
     <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <ntig><termGrp><term>SCO</term>
     <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termGrp></ntig>
   </langSet>
  </termEntry>
  <termEntry id="c2">
   <langSet xml:lang="en"><tig><term>orphan</term></tig></langSet>
  </termEntry>
 </body></text>
</martif>
"""

TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Core" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
 <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
 <text><body>
  <conceptEntry id="k1">
   <langSec xml:lang="zh"><termSec><term>朝鲜半岛</term></termSec></langSec>
   <langSec xml:lang="en">
    <termSec><term>Korean Peninsula</term>
     <termNote type="normativeAuthorization">preferredTerm</termNote></termSec>
    <termSec><term>Korean Peninsular</term>
     <termNote type="normativeAuthorization">supersededTerm</termNote></termSec>
   </langSec>
  </conceptEntry>
 </body></text>
</tbx>
"""


def test_tbx_v2_statuses_and_lines(tmp_path):
    path = tmp_path / "terms.tbx"
    path.write_text(TBX_V2, encoding="utf-8")
    glossary = load_glossary(path)
    (term,) = glossary.terms
    assert term.en == ("Shanghai Cooperation Organization", "SCO")  # preferred first
    assert term.forbidden == ("Shanghai Pact",)
    assert term.origin == f"{path}:5" and "regional security" in term.note
    lint = lint_glossary(path.read_bytes(), str(path))
    assert any(issue.line == 17 and "no Chinese term" in issue.message for issue in lint)


def test_tbx_v3_namespaced():
    (term,) = parse_glossary(TBX_V3.encode("utf-8"), "v3.tbx").terms
    assert (term.zh, term.en, term.forbidden) == ("朝鲜半岛", ("Korean Peninsula",), ("Korean Peninsular",))


@pytest.mark.parametrize("payload", [
    '<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    '<martif><text><body><termEntry><langSet xml:lang="zh"><tig><term>&b;</term></tig></langSet>'
    '</termEntry></body></text></martif>',
    '<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<martif><text><body><termEntry><langSet xml:lang="zh"><tig><term>&x;</term></tig></langSet>'
    '</termEntry></body></text></martif>',
])
def test_tbx_entities_are_refused(payload):
    with pytest.raises(InputError) as error:
        parse_glossary(payload.encode(), "evil.tbx")
    assert "unsafe XML" in error.value.message


def test_broken_tbx_is_an_input_error():
    with pytest.raises(InputError) as error:
        parse_glossary(b"<martif><text><body><termEntry></body></martif>", "broken.tbx")
    assert "invalid XML" in error.value.message and error.value.line == 1


# --- several glossaries, named glossaries --------------------------------------------

def test_later_glossary_wins_with_a_warning():
    first = parse_tsv("zh\ten\tforbidden\tnote\n合作\tcooperation\t\t\n安全\tsecurity\t\t\n", "a.tsv")
    second = parse_tsv("zh\ten\tforbidden\tnote\n合作\tcollaboration\t\t\n安全\tsecurity\t\t\n", "b.tsv")
    merged = first.merged(second)
    assert terms_by_zh(merged)["合作"].en == ("collaboration",)
    assert merged.warnings == ["b.tsv:2: 合作 overrides the entry at a.tsv:2 (the later glossary wins)"]
    assert merged.paths == ["a.tsv", "b.tsv"]


def test_repeated_row_in_one_file_warns():
    glossary = parse_tsv("zh\ten\tforbidden\tnote\n合作\tcooperation\t\t\n合作\tcollaboration\t\t\n", "a.tsv")
    assert terms_by_zh(glossary)["合作"].en == ("collaboration",)
    assert glossary.warnings and "a.tsv:3" in glossary.warnings[0]


def test_shipped_glossaries_by_name():
    assert {"intl-orgs", "countries", "research", "statistics"} <= set(shipped_glossaries())
    glossary = load_glossary("@intl-orgs")
    assert glossary.paths == ["@intl-orgs"]
    assert terms_by_zh(glossary)["六方会谈"].case == "exact"
    with pytest.raises(InputError) as error:
        load_glossary("@no-such-list")
    assert "@intl-orgs" in error.value.message


@pytest.mark.parametrize("name", sorted(shipped_glossaries()))
def test_shipped_glossary_is_lint_clean_and_documented(name):
    path = shipped_glossaries()[name]
    text = path.read_text(encoding="utf-8")
    assert "Source:" in text and "Licence:" in text
    problems = [issue for issue in lint_glossary(path.read_bytes(), str(path))
                if issue.severity != "info"]
    assert problems == []


# --- lint ----------------------------------------------------------------------------

def test_lint_reports_each_problem_with_its_line():
    text = ("zh\ten\tforbidden\tnote\n"
            "上海合作组织\tShanghai Cooperation Organization||SCO\t\t\n"   # 2 empty alternative
            "合作组织\tcooperative organization\t\t\n"                    # 3 shadowed by line 2
            "朝鲜半岛\tKorean Peninsula\tKorean Peninsula\t\n"            # 4 allowed and forbidden
            "合作组织\tcooperative organization\t\t\n"                    # 5 duplicate of 3
            "安全\tsecurity\t\t\n"                                        # 6
            "安全\tsafety\t\t\n"                                          # 7 conflicts with 6
            "世界卫生组织（WHO\tWorld Health Organization\t\t\n"          # 8 unbalanced
            "新冠肺炎(COVID-19）\tCOVID-19\t\t\n"                          # 9 mixed widths
            "流行病\tepidemic\t\t\n"                                       # 10
            "疫情\toutbreak\tepidemic\t\n"                                 # 11 forbidden here, allowed at 10
            "疾病\t\t\t\n"                                                 # 12 no rendering
            "病毒\tvirus\t\t\textra\n")                                    # 13 too many cells
    issues = lint_glossary(text, "g.tsv")
    found = {(issue.line, issue.severity) for issue in issues}
    messages: dict[int, str] = {}
    for issue in issues:
        if issue.severity != "info":
            messages[issue.line] = messages.get(issue.line, "") + issue.message + "\n"
    assert (2, "warning") in found and "empty alternative" in messages[2]
    assert any(i.line == 2 and i.severity == "info" and "合作组织 (line 3)" in i.message for i in issues)
    assert (4, "error") in found and "both allowed and forbidden" in messages[4]
    assert "duplicate of line 3" in messages[5]
    assert "conflicts with line 6" in messages[7]
    assert "unbalanced brackets" in messages[8]
    assert "mixes full-width" in messages[9]
    assert "allowed for 流行病 (line 10)" in messages[11]
    assert "neither" in messages[12]
    assert "cells" in messages[13]
    assert [i.line for i in issues] == sorted(i.line for i in issues)
    assert str(issues[0]).startswith("g.tsv:2: ")


def test_lint_cli_exit_codes(tmp_path):
    clean = tmp_path / "clean.tsv"
    clean.write_text("zh\ten\tforbidden\tnote\n合作\tcooperation\t\t\n", encoding="utf-8")
    dirty = tmp_path / "dirty.tsv"
    dirty.write_text("zh\ten\tforbidden\tnote\n合作\tcooperation\t\t\n合作\tcooperation\t\t\n",
                     encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["glossary", "lint", str(clean)]).exit_code == 0
    result = runner.invoke(main, ["glossary", "lint", str(dirty)])
    assert result.exit_code == 1 and f"{dirty}:3: warning: duplicate of line 2" in result.output
    assert runner.invoke(main, ["glossary", "lint", "@intl-orgs"]).exit_code == 0
    listed = runner.invoke(main, ["glossary", "list"])
    assert "@intl-orgs" in listed.output and "@statistics" in listed.output


def test_check_warns_on_conflicting_glossaries(tmp_path):
    first = tmp_path / "a.tsv"
    second = tmp_path / "b.tsv"
    first.write_text("zh\ten\tforbidden\tnote\n六方会谈\tSix-Nation Talks\t\t\n", encoding="utf-8")
    second.write_text("zh\ten\tforbidden\tnote\n六方会谈\tSix-Party Talks\t\t\n", encoding="utf-8")
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("各方应按照六方会谈确定的方向解决问题。\n", encoding="utf-8")
    en.write_text("All parties should solve the problem as set by the Six-Party Talks.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tqc", "check", str(zh), str(en), "--glossary",
                             str(first), "--glossary", str(second), "--select", "TM"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"tqc: warning: {second}:2: 六方会谈 overrides the entry at {first}:2" in result.stderr


# --- matching ------------------------------------------------------------------------

GLOSSARY = parse_tsv(
    "zh\ten\tforbidden\tnote\tcase\tmatch\n"
    "上海合作组织\tShanghai Cooperation Organization|SCO\t\t\t\t\n"
    "合作组织\tcooperative organization\t\t\t\t\n"
    "朝鲜半岛\tKorean Peninsula\tKorean Peninsular\t\t\t\n"
    "六方会谈\tSix-Party Talks\t\t\texact\t\n"
    "世界卫生组织\tWorld Health Organization|WHO\t\t\t\t\n"
    "荟萃分析\tmeta-analysis\t\t\t\t\n"
    "免疫\timmun\t\t\t\tprefix\n"
    "肺\tlung\t\t\t\t\n"
    "新冠肺炎\tCOVID-19\t\t\t\t\n"
    "医疗保健\thealth care\t\t\t\t\n"
    "非传统安全\tnontraditional security\t\t\t\t\n"
    "科特迪瓦\tCôte d'Ivoire\t\t\t\t\n"
    "P值\tP value\t\t\t\t\n", "m.tsv")
SOURCE = SourceMatcher(GLOSSARY)
TARGET = TargetMatcher(GLOSSARY.terms)


def zh_found(text: str) -> list[str]:
    return [text[start:end] for _term, start, end in SOURCE.find(text)]


def en_found(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(text[m.start:m.end], m.rendering.kind, m.variant) for m in TARGET.find(text)]


@pytest.mark.parametrize("text, expected", [
    ("上海合作组织成员国", ["上海合作组织"]),                 # longest match
    ("新的合作组织", ["合作组织"]),
    ("上海合作\n组织", ["上海合作\n组织"]),                   # line-wrap join
    ("上 海合作组 织", ["上 海合作组 织"]),                   # OCR spaces
    ("上海。合作组织", ["合作组织"]),                         # never across a sentence end
    ("上海合作組織", ["上海合作組織"]),                       # Traditional
    ("肺炎患者的肺部", []),                                   # 肺 inside words
    ("他的肺受损了", ["肺"]),
    ("新冠肺炎疫情", ["新冠肺炎"]),
    ("P值小于0.05，p值", ["P值", "p值"]),                    # Latin part folds case
    ("SP值", []),                                            # ... and needs a boundary
])
def test_source_matching(text, expected):
    assert zh_found(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("the Korean Peninsula's future", [("Korean Peninsula", "en", ())]),
    ("the Korean Peninsular", [("Korean Peninsular", "forbidden", ())]),
    ("the Six Party Talks", [("Six Party Talks", "en", ("separator",))]),
    ("the Six–Party Talks", [("Six–Party Talks", "en", ("separator",))]),
    ("the six-party talks", [("six-party talks", "en", ("case",))]),
    ("SIX-PARTY TALKS RESUME", [("SIX-PARTY TALKS", "en", ())]),       # a heading
    ("Six-Party Talks-related", [("Six-Party Talks", "en", ())]),
    ("China-ASEAN ties", []), ("new COVID-19 cases", [("COVID-19", "en", ())]),
    ("the SCO's members and SCO members", [("SCO", "en", ()), ("SCO", "en", ())]),
    ("who said so", []), ("Who said so", []),                           # not WHO
    ("WHO said it (who knew?)", [("WHO", "en", ())]),
    ("the World Health Organization (who)", [("World Health Organization", "en", ()),
                                             ("who", "en", ())]),       # small caps
    ("two meta-analyses", [("meta-analyses", "en", ())]),                # Latin plural
    ("immunology and immunity", [("immunology", "en", ()), ("immunity", "en", ())]),
    ("lungs", [("lungs", "en", ())]), ("lunge", []),
    ("Healthcare costs", [("Healthcare", "en", ("separator",))]),        # closed compound
    ("non-traditional security", [("non-traditional security", "en", ("separator",))]),
    ("in Cote d’Ivoire", [("Cote d’Ivoire", "en", ())]),
    ("the P-values", [("P-values", "en", ("separator",))]),
])
def test_target_matching(text, expected):
    assert en_found(text) == expected


def test_find_rendering_keeps_its_contract():
    term = Term("朝鲜半岛", ("Korean Peninsula",))
    assert find_rendering("on the Korean Peninsula.", "Korean Peninsula", term) == [(7, 23)]
    assert find_rendering("on the Korean Peninsular.", "Korean Peninsula", term) == []


def test_jieba_user_words_are_restored():
    tokenizer = jieba_tokenizer()
    word = "澜湄合作机制框架"
    before = list(tokenizer.cut("推进澜湄合作机制框架建设", HMM=False))
    with jieba_user_words([word]) as inside:
        assert word in list(inside.cut("推进澜湄合作机制框架建设", HMM=False))
    assert list(tokenizer.cut("推进澜湄合作机制框架建设", HMM=False)) == before
    assert word not in tokenizer.FREQ


def test_matching_is_near_linear():
    """A 1,000-term glossary over ~1 MB of bitext takes seconds, not minutes."""
    rows = [f"术语{i:04d}号\tterm number {i}\t\t" for i in range(990)]
    glossary = parse_tsv("zh\ten\tforbidden\tnote\n" + "\n".join(rows) + "\n" +
                         "\n".join(f"{t.zh}\t{'|'.join(t.en)}\t{'|'.join(t.forbidden)}\t"
                                   for t in GLOSSARY.terms), "big.tsv")
    zh_sentence = "上海合作组织成员国在术语0042号框架下讨论了朝鲜半岛和肺部疾病问题。"
    en_sentence = ("Member states of the SCO discussed the Korean Peninsula and lung disease "
                   "under term number 42 and the Six Party Talks. ")
    source = SourceMatcher(glossary)
    target = TargetMatcher(glossary.terms)
    started = time.process_time()
    zh_hits = source.find_many([zh_sentence] * 8000)       # ~280,000 characters
    en_hits = [target.find(en_sentence) for _ in range(6000)]  # ~750,000 characters
    elapsed = time.process_time() - started
    assert [term.zh for term, _start, _end in zh_hits[0]] == ["上海合作组织", "术语0042号", "朝鲜半岛"]
    assert len(en_hits[0]) == 5
    assert elapsed < 30, f"matching took {elapsed:.1f}s"


# --- the seed article ----------------------------------------------------------------

def test_seed_terminology_findings(seed_path):
    """With @intl-orgs, the findings an editor would agree with, and no others:
    "Korean Peninsular" (twice) and "the Peninsular" for 朝鲜半岛, "Six Party Talks"
    for the Six-Party Talks, "Treaty on Good Neighborliness" for the treaty's official
    title, "southeastern Asian countries" for 东南亚, and 安全环境 rendered both as
    "security circumstances" and "security environment(s)"."""
    from tqc.pipeline import run
    from tqc.reading import read_inputs

    report = run(read_inputs(str(seed_path)), load_glossary("@intl-orgs"),
                 Config(select=("TM", "CO")))
    found = sorted((f.code, f.source.text if f.code != "CO01" else f.message.split()[0],
                    f.target.text if f.code in ("TM02", "TM03") else "")
                   for f in report.findings)
    assert found == sorted([
        ("TM02", "朝鲜半岛", "Korean Peninsular"),
        ("TM02", "朝鲜半岛", "Korean Peninsular"),
        ("TM02", "朝鲜半岛", "Peninsular"),
        ("TM03", "六方会谈", "Six Party Talks"),
        ("TM01", "睦邻友好合作条约", ""),
        ("TM01", "东南亚", ""),
        ("CO01", "安全环境", ""),
    ]), "\n".join(f"{f.code} {f.message}" for f in report.findings)
    # 上合组织 is the SCO all through the English, so no TM01 or CO01 for it.
    assert not any("上合组织" in f.message or "上海合作组织" in f.message for f in report.findings)


def test_api_takes_a_named_glossary():
    report = tqc.check("各方应维护朝鲜半岛的和平。", "All parties should keep the Korean Peninsular peaceful.",
                       glossary="@intl-orgs", config=Config(select=("TM",)))
    assert [f.code for f in report.findings] == ["TM02"]
    assert report.findings[0].suggestion == "Korean Peninsula"
