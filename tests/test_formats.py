"""Exchange formats as input: TMX, XLIFF 1.2/2.0, PO, CSV (and translate-toolkit's)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqc.cli import main
from tqc.errors import InputError
from tqc.formats import ExchangeBitext, ignore_markers, normalise_language, read_exchange_file
from tqc.reading import read_inputs

from conftest import SHARED, validate_report_json

TICO = SHARED / "data" / "tico19" / "all.en-zh.tmx"

TMX_ZH_EN = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header srclang="zh-CN" adminlang="en" segtype="sentence" datatype="plaintext" o-tmf="x"
        creationtool="test" creationtoolversion="1"/>
<body>
<tu tuid="greeting">
  <tuv xml:lang="zh-CN"><seg>欢迎来到<ph x="1">&lt;b&gt;</ph>图书馆。</seg></tuv>
  <tuv xml:lang="en-US"><seg>Welcome to the <hi>library</hi>.</seg></tuv>
</tu>
<tu tuid="hours">
  <note>tqc: ignore[NU01] the opening hours are localised on purpose</note>
  <tuv xml:lang="zh-CN"><seg>开放时间为
早上八点。</seg></tuv>
  <tuv xml:lang="en-US"><seg>Opening hours start at 9 a.m.</seg></tuv>
</tu>
<tu>
  <tuv xml:lang="zh-CN"><seg>请保持安静。</seg></tuv>
  <tuv xml:lang="en-US"><seg>Please keep quiet.</seg></tuv>
</tu>
</body>
</tmx>
"""

TMX_EN_ZH = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" adminlang="en" segtype="sentence" datatype="plaintext"
o-tmf="x" creationtool="test" creationtoolversion="1"/><body>
<tu tuid="1"><tuv xml:lang="en"><seg>The river is long.</seg></tuv>
<tuv xml:lang="zh"><seg>这条河很长。</seg></tuv></tu>
</body></tmx>
"""

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="guide.html" source-language="zh-CN" target-language="en" datatype="html">
    <body>
      <group id="g1">
        <trans-unit id="intro">
          <source>本指南介绍<g id="1">三个</g>步骤。</source>
          <target>This guide describes <g id="1">three</g> steps.</target>
          <note>tqc: ignore[TM, PU01]</note>
        </trans-unit>
      </group>
      <trans-unit id="step1">
        <source>第一步：打开<x id="2"/>设置。</source>
        <target>Step one: open the <bpt id="3">&lt;i&gt;</bpt>settings<ept id="3">&lt;/i&gt;</ept>.</target>
        <alt-trans><target>An older suggestion that must not be read.</target></alt-trans>
      </trans-unit>
      <trans-unit id="step2">
        <source>第二步：保存。</source>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="zh" trgLang="en">
  <file id="f1">
    <unit id="u1">
      <notes><note>tqc: ignore[UN02]</note></notes>
      <segment id="s1">
        <source>我们在<pc id="1">北京</pc>见面。</source>
        <target>We meet in <pc id="1">Beijing</pc>.</target>
      </segment>
      <ignorable><source> </source></ignorable>
      <segment id="s2">
        <source>时间是<ph id="2"/>周一<cp hex="3002"/></source>
        <target>The time is Monday.</target>
      </segment>
    </unit>
    <group id="g">
      <unit id="u2">
        <segment><source>谢谢。</source><target>Thank you.</target></segment>
      </unit>
    </group>
  </file>
</xliff>
"""

PO = """# Translation of a small test catalogue.
msgid ""
msgstr ""
"Language: en\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

# tqc: ignore[TM01]
#: src/menu.c:12
msgctxt "menu"
msgid "打开文件"
msgstr "Open file"

#, fuzzy
msgid ""
"这是一段"
"较长的说明。"
msgstr ""
"This is a longer "
"description."

msgid "一个苹果"
msgid_plural "多个苹果"
msgstr[0] "one apple"
msgstr[1] "several apples"

#~ msgid "旧的条目"
#~ msgstr "An obsolete entry"
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def texts(bitext) -> list[tuple[str, str]]:
    return [(zh.text, en.text) for zh, en in zip(bitext.source.paragraphs, bitext.target.paragraphs)]


# --- TMX ------------------------------------------------------------------------------------


def test_tmx_units_ids_lines_and_inline_code(tmp_path):
    bitext = read_inputs(write(tmp_path, "memory.tmx", TMX_ZH_EN))
    assert isinstance(bitext, ExchangeBitext) and bitext.prealigned and bitext.format == "tmx"
    assert texts(bitext) == [("欢迎来到图书馆。", "Welcome to the library."),
                             ("开放时间为\n早上八点。", "Opening hours start at 9 a.m."),
                             ("请保持安静。", "Please keep quiet.")]
    assert [p.index for p in bitext.source.paragraphs] == [0, 1, 2]
    assert [p.unit_id for p in bitext.source.paragraphs] == ["greeting", "hours", None]
    assert {p.kind for p in bitext.source.paragraphs + bitext.target.paragraphs} == {"unit"}
    lines = TMX_ZH_EN.split("\n")
    first_zh, first_en = bitext.source.paragraphs[0], bitext.target.paragraphs[0]
    assert "欢迎来到" in lines[first_zh.line - 1] and "Welcome" in lines[first_en.line - 1]
    second = bitext.source.paragraphs[1]  # a segment wrapped over two input lines
    assert second.line_at(0) + 1 == second.line_at(second.text.index("早上"))
    assert "早上八点" in lines[second.line_at(second.text.index("早上")) - 1]
    assert bitext.ignored == {1: ("NU01",)}
    assert bitext.languages == ("zh", "en")


def test_tmx_english_source_is_refused_without_swap(tmp_path):
    path = write(tmp_path, "en-zh.tmx", TMX_EN_ZH)
    with pytest.raises(InputError, match="English -> Chinese.*--swap"):
        read_inputs(path)
    swapped = read_inputs(path, swap=True)
    assert texts(swapped) == [("这条河很长。", "The river is long.")]
    assert swapped.languages == ("en", "zh")
    assert swapped.source.lang == "zh" and swapped.target.lang == "en"


def test_swap_on_a_chinese_source_file_is_an_error(tmp_path):
    with pytest.raises(InputError, match="already translates Chinese -> English"):
        read_inputs(write(tmp_path, "m.tmx", TMX_ZH_EN), swap=True)


def test_language_options_fill_what_the_file_leaves_open(tmp_path):
    undeclared = TMX_EN_ZH.replace('srclang="en"', 'srclang="*all*"')
    path = write(tmp_path, "all.tmx", undeclared)
    assert texts(read_inputs(path)) == [("这条河很长。", "The river is long.")]  # says nothing: zh->en
    with pytest.raises(InputError, match="English -> Chinese"):
        read_inputs(path, source_lang="en")
    with pytest.raises(InputError, match="--source-lang zh contradicts the file"):
        read_inputs(write(tmp_path, "en.tmx", TMX_EN_ZH), source_lang="zh")


def test_other_languages_are_refused(tmp_path):
    xliff = XLIFF12.replace('target-language="en"', 'target-language="fr"')
    with pytest.raises(InputError, match="zh -> fr"):
        read_inputs(write(tmp_path, "fr.xlf", xliff))


def test_tico19_tmx_is_refused_without_swap_and_read_with_it():
    if not TICO.is_file():
        pytest.skip("../shared/data/tico19 is not available")
    runner = CliRunner()
    refused = runner.invoke(main, ["check", str(TICO)])
    assert refused.exit_code == 2
    assert "English -> Chinese" in refused.output and "--swap" in refused.output
    bitext = read_inputs(str(TICO), swap=True)
    assert len(bitext.source.paragraphs) == 3071
    assert bitext.source.paragraphs[0].unit_id == "CMU_1:1"
    assert bitext.source.paragraphs[0].text.endswith("？") and bitext.target.paragraphs[0].text.startswith("about")
    accepted = runner.invoke(main, ["check", str(TICO), "--swap", "--select", "PU01",
                                    "--format", "json", "--fail-on", "never"])
    assert accepted.exit_code == 0, accepted.output
    data = validate_report_json(accepted.stdout)
    assert len(data["segments"]["source"]) == 3071
    assert data["segments"]["source"][5]["id"] == 5 and data["segments"]["source"][5]["unit_id"] == "CMU_1:6"


# --- XLIFF -----------------------------------------------------------------------------------


def test_xliff_12_units_groups_inline_and_notes(tmp_path):
    bitext = read_inputs(write(tmp_path, "guide.xlf", XLIFF12))
    assert bitext.format == "xliff-1.2"
    assert texts(bitext) == [("本指南介绍三个步骤。", "This guide describes three steps."),
                             ("第一步：打开设置。", "Step one: open the settings."),
                             ("第二步：保存。", "")]
    assert [p.unit_id for p in bitext.target.paragraphs] == ["intro", "step1", "step2"]
    assert bitext.ignored == {0: ("TM", "PU01")}
    lines = XLIFF12.split("\n")
    assert "<target>Step one" in lines[bitext.target.paragraphs[1].line - 1]
    assert "<source>第一步" in lines[bitext.source.paragraphs[1].line - 1]


def test_xliff_12_english_source_needs_swap(tmp_path):
    english_source = """<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a" source-language="en-GB" target-language="zh-Hans" datatype="plaintext"><body>
<trans-unit id="1"><source>Good morning.</source><target>早上好。</target></trans-unit>
</body></file></xliff>"""
    path = write(tmp_path, "en.xliff", english_source)
    with pytest.raises(InputError, match="--swap"):
        read_inputs(path)
    assert texts(read_inputs(path, swap=True)) == [("早上好。", "Good morning.")]


def test_xliff_20_segments_join_into_one_unit(tmp_path):
    bitext = read_inputs(write(tmp_path, "doc.xlf", XLIFF20))
    assert bitext.format == "xliff-2.0"
    assert texts(bitext) == [("我们在北京见面。 时间是周一。", "We meet in Beijing. The time is Monday."),
                             ("谢谢。", "Thank you.")]
    assert [p.unit_id for p in bitext.source.paragraphs] == ["u1", "u2"]
    assert bitext.ignored == {0: ("UN02",)}
    paragraph = bitext.target.paragraphs[0]
    lines = XLIFF20.split("\n")
    assert "We meet" in lines[paragraph.line_at(0) - 1]
    assert "The time is" in lines[paragraph.line_at(paragraph.text.index("The time")) - 1]


# --- PO ----------------------------------------------------------------------------------------


def test_po_entries_context_plural_lines_and_markers(tmp_path):
    bitext = read_inputs(write(tmp_path, "zh.po", PO))
    assert bitext.format == "po"
    assert texts(bitext) == [("打开文件", "Open file"),
                             ("这是一段较长的说明。", "This is a longer description."),
                             ("一个苹果", "one apple")]
    assert bitext.source.paragraphs[0].unit_id == "menu\x04打开文件"
    assert bitext.source.paragraphs[2].unit_id == "一个苹果"
    lines = PO.split("\n")
    assert lines[bitext.source.paragraphs[0].line - 1] == 'msgid "打开文件"'
    assert lines[bitext.target.paragraphs[0].line - 1] == 'msgstr "Open file"'
    assert lines[bitext.source.paragraphs[1].line - 1] == '"这是一段"'
    assert bitext.ignored == {0: ("TM01",)}


def test_po_with_chinese_target_language_is_english_source(tmp_path):
    po = ('msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n\nmsgid "Save"\nmsgstr "保存"\n')
    path = write(tmp_path, "app.po", po)
    with pytest.raises(InputError, match="English -> Chinese"):
        read_inputs(path)
    assert texts(read_inputs(path, swap=True)) == [("保存", "Save")]


def test_po_without_language_header_is_told_by_its_script(tmp_path):
    po = 'msgid "你好，世界。"\nmsgstr "Hello, world."\n'
    assert texts(read_inputs(write(tmp_path, "plain.po", po))) == [("你好，世界。", "Hello, world.")]
    reversed_po = 'msgid "Hello, world."\nmsgstr "你好，世界。"\n'
    with pytest.raises(InputError, match="English -> Chinese"):
        read_inputs(write(tmp_path, "reversed.po", reversed_po))


def test_bad_po_names_the_line(tmp_path):
    with pytest.raises(InputError) as caught:
        read_inputs(write(tmp_path, "bad.po", 'msgid "一"\nmsgstr "one"\nthis is not po\n'))
    assert caught.value.line == 3


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_with_language_header_and_quoted_newlines(tmp_path):
    text = 'id,zh-CN,en-US,note\nk1,"第一行，\n第二行。","First line,\nsecond line.",\nk2,你好。,Hello.,tqc: ignore[UN]\n'
    bitext = read_inputs(write(tmp_path, "pairs.csv", text))
    assert texts(bitext) == [("第一行，\n第二行。", "First line,\nsecond line."), ("你好。", "Hello.")]
    assert [p.unit_id for p in bitext.source.paragraphs] == ["k1", "k2"]
    assert [p.line for p in bitext.source.paragraphs] == [2, 5]  # a row starts its unit
    assert bitext.ignored == {1: ("UN",)}


def test_csv_without_header_and_with_a_short_row(tmp_path):
    bitext = read_inputs(write(tmp_path, "plain.csv", "你好。,Hello.\n再见。,Goodbye.\n"))
    assert texts(bitext) == [("你好。", "Hello."), ("再见。", "Goodbye.")]
    assert [p.unit_id for p in bitext.source.paragraphs] == ["0", "1"]
    with pytest.raises(InputError) as caught:
        read_inputs(write(tmp_path, "short.csv", "source,target\n你好。,Hello.\n再见。\n"))
    assert caught.value.line == 3 and "expected 2 columns" in caught.value.message


def test_csv_english_first_needs_swap(tmp_path):
    path = write(tmp_path, "en.csv", "en,zh\nHello.,你好。\n")
    with pytest.raises(InputError, match="--swap"):
        read_inputs(path)
    assert texts(read_inputs(path, swap=True)) == [("你好。", "Hello.")]


# --- safety and errors --------------------------------------------------------------------------


def test_entity_declarations_are_refused(tmp_path):
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
            '<tmx version="1.4"><header srclang="zh"/><body><tu><tuv xml:lang="zh"><seg>&b;</seg>'
            '</tuv></tu></body></tmx>')
    with pytest.raises(InputError, match="declares entities"):
        read_inputs(write(tmp_path, "bomb.tmx", bomb))
    external = ('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                '<tmx version="1.4"><body><tu><tuv xml:lang="zh"><seg>&x;</seg></tuv></tu></body></tmx>')
    with pytest.raises(InputError, match="declares entities|external"):
        read_inputs(write(tmp_path, "xxe.tmx", external))


def test_malformed_xml_names_the_line(tmp_path):
    with pytest.raises(InputError) as caught:
        read_inputs(write(tmp_path, "broken.xlf", '<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n</xliff>\n'))
    assert caught.value.line == 4 and "not well-formed" in caught.value.message


def test_wrong_root_empty_file_and_no_units(tmp_path):
    with pytest.raises(InputError, match="not a TMX file"):
        read_inputs(write(tmp_path, "x.tmx", "<xliff version='1.2'/>"))
    with pytest.raises(InputError, match="empty"):
        read_inputs(write(tmp_path, "empty.tmx", "  \n"))
    with pytest.raises(InputError, match="no translation units"):
        read_inputs(write(tmp_path, "none.xlf", '<xliff version="1.2"><file source-language="zh"/></xliff>'))


def test_language_options_on_a_text_file_are_an_error(tmp_path):
    path = write(tmp_path, "a.txt", "你好。\nHello.\n")
    with pytest.raises(InputError, match="apply to TMX"):
        read_inputs(path, swap=True)
    assert read_exchange_file(path) is None


def test_exchange_file_with_a_second_file_is_an_error(tmp_path):
    with pytest.raises(InputError, match="already aligned"):
        read_inputs(write(tmp_path, "m.tmx", TMX_ZH_EN), write(tmp_path, "e.txt", "Hello."))


def test_language_codes_and_markers():
    assert [normalise_language(code) for code in ("zh-Hans-CN", "ZH_tw", "cmn", "en-GB", "*all*", "fr", None)] \
        == ["zh", "zh", "zh", "en", None, "fr", None]
    assert ignore_markers(["note tqc: ignore[TM01,nu] and TQC: ignore[TM01]"]) == ("TM01", "NU")
    with pytest.raises(InputError, match="not a rule code"):
        ignore_markers(["tqc: ignore[everything]"], "x.po", 3)


# --- end to end ---------------------------------------------------------------------------------


def test_check_reports_unit_ids_and_honours_ignore_markers(tmp_path):
    path = write(tmp_path, "memory.tmx", TMX_ZH_EN)
    result = CliRunner().invoke(main, ["check", path, "--select", "NU01", "--format", "json"])
    data = validate_report_json(result.stdout)
    assert "1 hidden by tqc: ignore markers" in result.stderr
    assert data["findings"] == []  # unit "hours" changes 8 to 9, and its note says ignore[NU01]
    assert data["summary"]["suppressed"] == {"inline": 1}
    assert result.exit_code == 0
    unmarked = write(tmp_path, "unmarked.tmx", TMX_ZH_EN.replace("tqc: ignore[NU01]", "checked"))
    result = CliRunner().invoke(main, ["check", unmarked, "--select", "NU01", "--format", "json"])
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["code"] == "NU01" and finding["source"]["segments"] == [1]
    segment = json.loads(result.stdout)["segments"]["source"][1]
    assert segment["unit_id"] == "hours" and segment["id"] == 1


def test_translate_toolkit_formats_with_the_cat_extra(tmp_path):
    pytest.importorskip("translate.storage.ts2")
    ts = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Main</name>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
</context>
</TS>
"""
    bitext = read_inputs(write(tmp_path, "app.ts", ts))
    assert texts(bitext) == [("退出", "Quit"), ("帮助", "Help")]
    assert [p.line for p in bitext.source.paragraphs] == [7, 11]
