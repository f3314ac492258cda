"""Stage 1: decoding, refusals, the bilingual split, TSV units and file pairs."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from tqc.errors import InputError
from tqc.reading import (
    Bitext, bitext_from_texts, decode, read_bytes, read_inputs, read_segmented, read_text,
    split_by_script,
)

FIXTURES = Path(__file__).parent / "fixtures" / "reading"

SIMPLIFIED = "城市图书馆延长了开放时间。\n周末也对读者开放。\n"
TRADITIONAL = "城市圖書館延長了開放時間。\n週末也對讀者開放。\n"


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def texts(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def refusal(data: bytes) -> InputError:
    with pytest.raises(InputError) as caught:
        decode(data, "in.txt")
    return caught.value


# --- encodings -------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"),
    SIMPLIFIED.encode("utf-16"),  # BOM in the machine's byte order
    b"\xff\xfe" + SIMPLIFIED.encode("utf-16-le"),
    b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"),
    SIMPLIFIED.encode("utf-32"),
    SIMPLIFIED.encode("gb18030"),
    SIMPLIFIED.encode("gbk"),
], ids=["utf-8-bom", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030", "gbk"])
def test_simplified_chinese_in_every_supported_encoding(tmp_path, data):
    assert read_text(write(tmp_path, "zh.txt", data)) == SIMPLIFIED


def test_big5_is_told_apart_from_gb18030(tmp_path):
    # Big5 bytes also "decode" as GB18030, into rare characters; the pick must be Big5.
    data = TRADITIONAL.encode("big5")
    data.decode("gb18030")  # the trap is real
    assert read_text(write(tmp_path, "zh.txt", data)) == TRADITIONAL


@pytest.mark.parametrize("text", ["你好，世界。", "臺灣的經濟發展"])
@pytest.mark.parametrize("codec", ["gb18030", "big5"])
def test_short_chinese_texts_decode_with_their_own_codec(text, codec):
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        pytest.skip(f"{codec} cannot hold {text}")
    assert decode(data, "in.txt") == text


def test_gb18030_wins_a_tie_deterministically():
    data = "中文".encode("gb18030")
    assert {decode(data, "in.txt") for _ in range(3)} == {"中文"}


def test_windows_english_with_smart_quotes():
    data = "\u201cWe will keep working,\u201d she said.\n".encode("cp1252")
    assert decode(data, "en.txt") == "\u201cWe will keep working,\u201d she said.\n"


def test_crlf_and_lone_cr_become_newlines():
    assert decode(b"one\r\ntwo\rthree\n\r\nfour", "in.txt") == "one\ntwo\nthree\n\nfour"


def test_line_numbers_survive_crlf(tmp_path):
    data = "第一句话。\r\n\r\n第二句话。\r\n".encode("utf-8")
    zh = write(tmp_path, "zh.txt", data)
    en = write(tmp_path, "en.txt", b"First sentence.\r\n\r\nSecond sentence.\r\n")
    bitext = read_inputs(zh, en)
    assert [p.line for p in bitext.source.paragraphs] == [1, 3]
    assert [p.line for p in bitext.target.paragraphs] == [1, 3]


# --- refusals --------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"  \n\t\n", b"\xef\xbb\xbf", b"\xff\xfe"],
                         ids=["empty", "whitespace", "utf-8-bom-only", "utf-16-bom-only"])
def test_empty_input_is_refused(data):
    error = refusal(data)
    assert error.message == "file is empty"
    assert str(error) == "in.txt: file is empty"


def test_nul_bytes_are_binary_and_name_the_line():
    error = refusal(b"first line\nsecond\x00line\n")
    assert error.message == "binary file, not text"
    assert error.line == 2
    assert str(error) == "in.txt:2: binary file, not text"


def test_mostly_control_characters_are_binary():
    error = refusal(b"ok\n" + bytes(range(1, 9)) * 20)
    assert error.message == "binary file, not text"
    assert error.line == 2


def test_pdf_is_refused_with_a_hint():
    error = refusal(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert error.message == "this is a PDF; extract its text first (e.g. pdftotext -layout)"
    assert error.line is None


def test_undecodable_bytes_name_their_line():
    data = "第一行\n第二行\n".encode("utf-8") + b"\xc3\x28\xff\xfe bad\n"
    error = refusal(data)
    assert error.message == "cannot decode the text: not UTF-8, UTF-16, GB18030 or Big5"
    assert error.line == 3


def test_broken_utf16_after_its_bom():
    error = refusal(b"\xff\xfe\x00\xd8")
    assert "UTF-16-LE" in error.message


def test_directory_and_missing_file(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_bytes(str(tmp_path))
    with pytest.raises(InputError, match="no such file") as caught:
        read_bytes(str(tmp_path / "absent.txt"))
    assert caught.value.path == str(tmp_path / "absent.txt")


# --- one bilingual file ----------------------------------------------------------------


def test_chinese_then_english(tmp_path):
    bitext = read_inputs(str(FIXTURES / "zh_then_en.txt"))
    assert isinstance(bitext, Bitext) and not bitext.prealigned
    assert bitext.source.lang == "zh" and bitext.target.lang == "en"
    assert texts(bitext.source) == [
        "图书馆将于下月开放新的阅览室，可同时容纳两百名读者。",
        "新阅览室每天开放到晚上十点。",
    ]
    assert texts(bitext.target) == [
        "The library will open a new reading room next month, with seats for two hundred "
        "readers.",
        "The new room will stay open until ten every evening.",
    ]
    # Original line numbers are kept; the lone page number "7" is page furniture.
    assert [p.line for p in bitext.source.paragraphs] == [1, 4]
    assert [p.line for p in bitext.target.paragraphs] == [10, 13]
    assert bitext.source.dropped == {"page-number": 1}


def test_english_then_chinese(tmp_path):
    text = ("The bridge opened to traffic last autumn.\n\nIt links the two halves of the town.\n"
            "\n\n大桥于去年秋天通车。\n\n它连接了城镇的两部分。\n")
    bitext = read_inputs(write(tmp_path, "both.txt", text.encode()))
    assert texts(bitext.source) == ["大桥于去年秋天通车。", "它连接了城镇的两部分。"]
    assert [p.line for p in bitext.source.paragraphs] == [6, 8]
    assert texts(bitext.target) == ["The bridge opened to traffic last autumn.",
                                    "It links the two halves of the town."]


def test_interleaved_paragraphs(tmp_path):
    bitext = read_inputs(str(FIXTURES / "interleaved.txt"))
    assert texts(bitext.source) == [
        "市政府决定扩建城东的污水处理厂，预计明年年底完工。",
        "扩建后，日处理能力将提高一倍。",
    ]
    assert texts(bitext.target) == [
        "The city government has decided to expand the sewage plant in the east of the city, "
        "with completion expected at the end of next year.",
        "After the expansion, its daily capacity will double.",
    ]
    # A paragraph of the other language in between always ends a paragraph.
    assert [p.line for p in bitext.source.paragraphs] == [1, 7]
    assert [p.line_map for p in bitext.target.paragraphs] == [((0, 4), (71, 5)), ((0, 9),)]


def test_a_stray_line_of_the_other_script_stays_in_its_block():
    lines = ["这是中文的第一行内容。"] * 6 + ["", "Nye, Joseph. Soft Power. New York, 2004.", ""] + \
        ["这是中文的后面几行。"] * 6 + ["English text follows here, several lines of it."] * 6
    chinese, english = split_by_script(lines)
    # The stray line and the blank lines around it stay, so no gap splits the Chinese.
    assert [number for number, _ in chinese] == list(range(1, 16))
    assert [number for number, _ in english] == list(range(16, 22))


def test_weak_lines_follow_their_nearest_block():
    lines = ["一", "、中文标题", "", "", "I", "An English line with words."]
    chinese, english = split_by_script(lines)
    assert [number for number, _ in chinese] == [1, 2, 3, 4]  # a tie goes to the block above
    assert [number for number, _ in english] == [5, 6]


def test_one_language_only_is_refused(tmp_path):
    with pytest.raises(InputError) as caught:
        read_inputs(write(tmp_path, "zh.txt", "只有中文。\n".encode()))
    assert caught.value.message == "no English text found"
    with pytest.raises(InputError) as caught:
        read_inputs(write(tmp_path, "en.txt", b"Only English here.\n"))
    assert caught.value.message == "no Chinese text found"


# --- TSV ------------------------------------------------------------------------------


def test_tsv_header_ids_and_lines(tmp_path):
    data = "ZH\tEN\n你好。\tHello.\n\n再见。\tGoodbye.\n".encode()
    bitext = read_inputs(write(tmp_path, "units.tsv", data))
    assert bitext.prealigned
    for document in (bitext.source, bitext.target):
        assert [p.kind for p in document.paragraphs] == ["unit", "unit"]
        assert [p.unit_id for p in document.paragraphs] == ["0", "1"]
        assert [p.index for p in document.paragraphs] == [0, 1]
        assert [p.line_map for p in document.paragraphs] == [((0, 2),), ((0, 4),)]
    assert texts(bitext.source) == ["你好。", "再见。"]
    assert texts(bitext.target) == ["Hello.", "Goodbye."]


def test_tsv_source_target_header_and_no_header(tmp_path):
    with_header = read_inputs(write(tmp_path, "a.tsv", b"source\tTarget\nx\ty\n"))
    assert texts(with_header.target) == ["y"]
    without = read_inputs(write(tmp_path, "b.tsv", "你好。\tHello.\n".encode()))
    assert texts(without.source) == ["你好。"]
    assert without.source.paragraphs[0].unit_id == "0"


def test_tsv_quotes_are_text(tmp_path):
    data = '他说：“好”。\t"Fine," he said.\n"a\t"b\n'.encode()
    bitext = read_inputs(write(tmp_path, "q.tsv", data))
    assert texts(bitext.target) == ['"Fine," he said.', '"b']
    assert texts(bitext.source) == ["他说：“好”。", '"a']


def test_tsv_ragged_row_names_its_line(tmp_path):
    path = write(tmp_path, "bad.tsv", "zh\ten\n一。\tOne.\n二。\tTwo.\textra\n".encode())
    with pytest.raises(InputError) as caught:
        read_inputs(path)
    assert caught.value.line == 3
    assert "found 3" in caught.value.message
    with pytest.raises(InputError) as caught:
        read_inputs(write(tmp_path, "one.tsv", "只有一列\n".encode()))
    assert caught.value.line == 1


def test_tsv_with_only_a_header_is_refused(tmp_path):
    with pytest.raises(InputError, match="no rows"):
        read_inputs(write(tmp_path, "h.tsv", b"zh\ten\n"))


def test_tsv_cannot_take_a_second_file(tmp_path):
    tsv = write(tmp_path, "u.tsv", "你好。\tHello.\n".encode())
    with pytest.raises(InputError, match="already aligned"):
        read_inputs(tsv, tsv)


# --- two files and stdin ----------------------------------------------------------------


def test_two_files(tmp_path):
    zh = write(tmp_path, "zh.txt", "河水清澈，\n鱼儿很多。\n".encode("gb18030"))
    en = write(tmp_path, "en.txt", b"The river is clear\nand full of fish.\n")
    bitext = read_inputs(zh, en)
    assert texts(bitext.source) == ["河水清澈，鱼儿很多。"]
    assert texts(bitext.target) == ["The river is clear and full of fish."]
    assert bitext.source.path == zh and bitext.target.path == en


def test_swapped_files_get_a_hint(tmp_path):
    zh = write(tmp_path, "zh.txt", "河水清澈。\n".encode())
    en = write(tmp_path, "en.txt", b"The river is clear.\n")
    with pytest.raises(InputError, match="swapped") as caught:
        read_inputs(en, zh)
    assert caught.value.path == en


def stdin_with(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_as_one_of_two_files(tmp_path, monkeypatch):
    stdin_with(monkeypatch, "河水清澈。\n".encode("utf-16"))
    en = write(tmp_path, "en.txt", b"The river is clear.\n")
    bitext = read_inputs("-", en)
    assert texts(bitext.source) == ["河水清澈。"]
    assert bitext.source.path == "-"


def test_stdin_bilingual_and_tsv(monkeypatch):
    stdin_with(monkeypatch, "河水清澈。\n\nThe river is clear.\n".encode())
    bitext = read_inputs("-")
    assert texts(bitext.source) == ["河水清澈。"] and texts(bitext.target) == ["The river is clear."]
    stdin_with(monkeypatch, "河水清澈。\tThe river is clear.\n".encode())
    assert read_inputs("-").prealigned


def test_stdin_only_once(monkeypatch):
    with pytest.raises(InputError, match="only one"):
        read_inputs("-", "-")


def test_empty_stdin(monkeypatch):
    stdin_with(monkeypatch, b"")
    with pytest.raises(InputError, match="file is empty") as caught:
        read_inputs("-")
    assert caught.value.path == "-"


# --- the Python API and segmented files --------------------------------------------------


def test_bitext_from_texts_reflows_like_files():
    bitext = bitext_from_texts("河水清澈，\r\n鱼儿很多。", "The river is clear\nand full of fish.")
    assert texts(bitext.source) == ["河水清澈，鱼儿很多。"]
    assert bitext.source.path == "<source>" and bitext.target.path == "<target>"
    assert not bitext.prealigned


def test_bitext_from_texts_refuses_empty_text():
    with pytest.raises(InputError, match="text is empty") as caught:
        bitext_from_texts("河水清澈。", "  \n")
    assert caught.value.path == "<target>"


def test_read_segmented(tmp_path):
    # Used as is: an empty line is a sentence, spaces stay, a final newline adds none.
    path = write(tmp_path, "s.txt", "第一句。\r\n\r\n 第二句。 \r\n".encode())
    segments = read_segmented(path, "zh")
    assert [(s.id, s.text, s.line, s.start, s.end) for s in segments] == [
        (0, "第一句。", 1, 0, 4), (1, "", 2, 0, 0), (2, " 第二句。 ", 3, 0, 6)]


# --- hostile input (tests/bad_inputs/manifest.toml runs the same through the CLI) ----------


def test_utf16_without_bom_is_read_when_it_has_ascii():
    text = "城市图书馆延长了开放时间。\nThe city library opens longer.\n"
    assert decode(text.encode("utf-16-le"), "in.txt") == text
    assert decode(text.encode("utf-16-be"), "in.txt") == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [
    SIMPLIFIED, TRADITIONAL, "会议于周一开幕。", "“研究”——结果：（一）增长５％。\n" * 3,
], ids=["simplified", "traditional", "no-line-end", "full-width"])
def test_chinese_only_utf16_without_bom_is_read(text, codec):
    # Its only NULs (if any) are the high bytes of line ends: too few for the ASCII test,
    # but nearly every code unit has a CJK high byte.  It used to be "binary file".
    assert decode(text.encode(codec), "in.txt") == text


def test_chinese_only_utf16_without_bom_in_a_file_and_with_crlf(tmp_path):
    data = SIMPLIFIED.replace("\n", "\r\n").encode("utf-16-le")
    assert read_text(write(tmp_path, "zh.txt", data)) == SIMPLIFIED


@pytest.mark.parametrize("data", [
    # A NUL code unit inside Chinese UTF-16: not text.
    SIMPLIFIED.encode("utf-16-le")[:20] + b"\x00\x00" + SIMPLIFIED.encode("utf-16-le")[20:],
    # The CJK byte pattern, but rare ideographs: not everyday Chinese.
    "".join(chr(0x4E00 + 37 * i) for i in range(40)).encode("utf-16-le") + b"\n\x00",
], ids=["nul-unit", "rare-ideographs"])
def test_cjk_byte_pattern_that_is_not_chinese_text_stays_binary(data):
    assert refusal(data).message == "binary file, not text"


def test_ascii_with_a_stray_nul_is_not_taken_for_utf16():
    assert refusal(b"The library opens.\nAt nine\x00 and later.\n").message == "binary file, not text"


def test_mixed_encodings_name_the_first_foreign_line():
    data = SIMPLIFIED.encode("utf-8") + "读者很满意。\n".encode("gbk") + SIMPLIFIED.encode("utf-8")
    error = refusal(data)
    assert (error.line, error.message) == (3, "mixed encodings: this line is GB18030, others are "
                                              "UTF-8; save the whole file in one encoding (UTF-8)")


def test_pure_gbk_is_not_mixed():
    assert decode((SIMPLIFIED * 20).encode("gbk"), "in.txt") == SIMPLIFIED * 20


@pytest.mark.parametrize("data, kind", [
    (b"PK\x03\x04\x14\x00", "ZIP archive"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "Office 97-2003"),
    (b"{\\rtf1\\ansi hello}", "RTF"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff\xe0", "JPEG"),
    (b"\x1f\x8b\x08\x00", "gzip"),
])
def test_documents_and_images_say_what_to_do(data, kind):
    assert kind in refusal(data + b"\x00" * 8).message


def test_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    monkeypatch.setenv("TQC_MAX_INPUT_MB", "0.001")
    path = write(tmp_path, "big.txt", "图书馆。\n".encode() * 100)
    with pytest.raises(InputError) as caught:
        read_bytes(path)
    assert caught.value.message == ("file is 1,300 bytes; tqc reads at most 1,000 bytes per input "
                                    "(set TQC_MAX_INPUT_MB to raise the limit)")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_read_only_up_to_the_limit(monkeypatch):
    monkeypatch.setenv("TQC_MAX_INPUT_MB", "0.001")
    with pytest.raises(InputError, match="input is too large"):
        read_bytes("/dev/zero")  # its size says 0; reading it all would never end


def test_file_names_that_cannot_be_opened():
    with pytest.raises(InputError, match="not a valid file name"):
        read_bytes("bad\x00name.txt")


def test_broken_symbolic_link(tmp_path):
    (tmp_path / "link.txt").symlink_to("gone.txt")
    with pytest.raises(InputError) as caught:
        read_bytes(str(tmp_path / "link.txt"))
    assert caught.value.message == "broken symbolic link (it points to 'gone.txt')"


def test_lone_surrogates_from_the_python_api_are_refused():
    with pytest.raises(InputError) as caught:
        bitext_from_texts("河水清澈。\n鱼儿\udcff很多。", "The river is clear.")
    assert str(caught.value) == "<source>:2: not valid Unicode: a lone surrogate U+DCFF"
