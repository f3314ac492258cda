"""Stage 1: bytes -> decoded text -> one Document per language.

Inputs come in three shapes: one text file holding both languages (split here
by script, line by line), two files (Chinese, English), or a pre-aligned TSV.
Decoding refuses what is not text with a message a user can act on.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass

from .errors import InputError
from .model import Document, Paragraph, Segment
from .reflow import reflow
from .script import HAN_CHAR

STDIN = "-"

# --- decoding ----------------------------------------------------------------

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_NEWLINES = re.compile(r"\r\n?")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")  # not \t \n \v \f \r or ESC
_CONTROL_SHARE_LIMIT = 0.05
_PDF_MESSAGE = "this is a PDF; extract its text first (e.g. pdftotext -layout)"
_SAVE_AS_TEXT = "save it as plain text (UTF-8) first"
# Leading bytes of files that are often given by mistake, and what to do instead.
_MAGIC = (
    (b"%PDF-", _PDF_MESSAGE),
    (b"PK\x03\x04", f"this is a ZIP archive (a .docx, .xlsx, .odt or .epub document?); {_SAVE_AS_TEXT}"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
     f"this is a Microsoft Office 97-2003 document (.doc, .xls); {_SAVE_AS_TEXT}"),
    (b"{\\rtf", f"this is an RTF document; {_SAVE_AS_TEXT}"),
    (b"\x89PNG\r\n\x1a\n", "this is a PNG image; run OCR on it and check the text"),
    (b"\xff\xd8\xff", "this is a JPEG image; run OCR on it and check the text"),
    (b"GIF87a", "this is a GIF image; run OCR on it and check the text"),
    (b"GIF89a", "this is a GIF image; run OCR on it and check the text"),
    (b"II*\x00", "this is a TIFF image; run OCR on it and check the text"),
    (b"MM\x00*", "this is a TIFF image; run OCR on it and check the text"),
    (b"\x1f\x8b", "this is a gzip-compressed file; decompress it first"),
)
_UNDECODABLE = "cannot decode the text: not UTF-8, UTF-16, GB18030 or Big5"
_CHINESE_CODECS = ("gb18030", "big5")  # ties go to the first: mainland text is the common case
_CODEC_NAMES = {"gb18030": "GB18030", "big5": "Big5"}
_WESTERN_CODECS = ["cp1252", "latin_1"]
_CODEC_SAMPLE_CHARS = 20_000
_CJK_PUNCTUATION = frozenset("，。、；：？！“”‘’（）《》【】—…·")


DEFAULT_MAX_INPUT_MB = 16
MAX_INPUT_ENV = "TQC_MAX_INPUT_MB"
_MB = 1_000_000


def max_input_bytes() -> int:
    """The most bytes tqc reads from one input: TQC_MAX_INPUT_MB megabytes (default 16).

    A run takes about 300 MB plus 50 times its input, so the default keeps it near 1 GB;
    a larger file is refused before it is read."""
    value = os.environ.get(MAX_INPUT_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_INPUT_MB * _MB
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = -1.0
    if not 0 < megabytes < float("inf"):
        raise InputError(None, f"{MAX_INPUT_ENV} must be a positive number of megabytes, "
                               f"not {value!r}")
    return max(int(megabytes * _MB), 1)


def _size_label(size: int) -> str:
    return f"{round(size / _MB, 1):g} MB" if size >= _MB // 10 else f"{size:,} bytes"


def _too_large(path: str, size: int | None, limit: int) -> InputError:
    what = f"file is {_size_label(size)}" if size is not None else "input is too large"
    return InputError(path, f"{what}; tqc reads at most {_size_label(limit)} per input "
                            f"(set {MAX_INPUT_ENV} to raise the limit)")


def read_bytes(path: str) -> bytes:
    """The raw bytes of ``path``; '-' reads standard input.

    Refuses, before reading them, inputs larger than :func:`max_input_bytes`; a
    stream (standard input, a pipe, /dev/zero) is read only up to the limit."""
    limit = max_input_bytes()
    if path == STDIN:
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise _too_large(path, None, limit)
        return data
    try:
        if os.path.isdir(path):
            raise InputError(path, "is a directory, not a file")
        if os.path.islink(path) and not os.path.exists(path):
            raise InputError(path, f"broken symbolic link (it points to {os.readlink(path)!r})")
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise _too_large(path, size, limit)
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "cannot read the file: permission denied") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except OSError as error:
        raise InputError(path, f"cannot read the file: {_reason(error)}") from None
    except (ValueError, UnicodeError):  # a NUL or an unencodable character in the name
        raise InputError(path, "not a valid file name") from None
    if len(data) > limit:  # a device or a growing file: its size said less
        raise _too_large(path, None, limit)
    return data


def _reason(error: OSError) -> str:
    """'permission denied' from an OSError, for 'cannot read the file: ...'."""
    reason = error.strerror or str(error)
    return reason[:1].lower() + reason[1:]


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _common_han_share(text: str) -> float:
    """Share of Han characters (and CJK punctuation) that are everyday ones.

    A wrong Chinese codec still "decodes" most double-byte text, but into rare
    characters, private-use code points and bopomofo.  GB2312 level 1 and the
    Big5 frequently-used block hold the everyday simplified and traditional
    characters, so membership in either is a codec-neutral sign of real text.
    """
    common = total = 0
    for char in text:
        if char < "\u0080" or char.isspace():
            continue
        if total == _CODEC_SAMPLE_CHARS:  # a sample decides; whole books need not be read
            break
        total += 1
        if char in _CJK_PUNCTUATION:
            common += 1
            continue
        try:
            gb = char.encode("gb2312")
            if len(gb) == 2 and 0xB0 <= gb[0] <= 0xD7:
                common += 1
                continue
        except UnicodeEncodeError:
            pass
        try:
            big5 = char.encode("big5")
            if len(big5) == 2 and 0xA4 <= big5[0] <= 0xC6:
                common += 1
        except UnicodeEncodeError:
            pass
    return common / total if total else 0.0


def _decode_guess(data: bytes, path: str) -> str:
    """Not UTF-8 and no BOM: GB18030/GBK or Big5, else what charset-normalizer finds."""
    candidates = []
    for codec in _CHINESE_CODECS:
        try:
            candidates.append((_common_han_share(data.decode(codec)), codec))
        except UnicodeDecodeError:
            continue
    best_share, best_codec = max(candidates, key=lambda item: item[0], default=(0.0, None))
    if best_codec and best_share >= 0.5:
        return data.decode(best_codec)
    from charset_normalizer import from_bytes

    # English written on Windows (smart quotes in cp1252) is the remaining common case.
    match = from_bytes(data, cp_isolation=_WESTERN_CODECS).best()
    if match is not None:
        return str(match)
    # A Chinese codec that yields mostly rare characters has decoded something else
    # (Japanese Shift-JIS, say) into nonsense: refuse rather than check nonsense.
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, _UNDECODABLE, _line_of(data, error.start)) from None
    raise InputError(path, _UNDECODABLE)  # pragma: no cover - utf-8 succeeded above


def _known_binary(data: bytes) -> str | None:
    """What to do with a file format that is not text, known by its first bytes."""
    head = data[:16]
    for magic, message in _MAGIC:
        if head.startswith(magic):
            return message
    if data.lstrip()[:5] == b"%PDF-":  # some PDFs start after a few blank bytes
        return _PDF_MESSAGE
    return None


def _text_share(text: str) -> float:
    """Share of letters, digits, marks, punctuation and white space: near 1 in text."""
    if not text:
        return 0.0
    sample = text[:_CODEC_SAMPLE_CHARS]
    plain = sum(1 for char in sample if char.isprintable() or char in "\n\r\t")
    return plain / len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without its byte-order mark: its ASCII characters put a NUL in
    every other byte, which would otherwise look like a binary file.  Only text with
    plenty of ASCII (English, digits, line ends) is recognised here; Chinese-only UTF-16
    is recognised by :func:`_utf16_chinese_without_bom`."""
    if len(data) % 2 or len(data) < 8:
        return None
    even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
    high, low = max(even_nuls, odd_nuls), min(even_nuls, odd_nuls)
    if high < 0.2 * len(data) / 2 or low > high / 4:
        return None
    try:
        text = data.decode("utf-16-le" if odd_nuls > even_nuls else "utf-16-be")
    except UnicodeDecodeError:
        return None
    if "\x00" in text or _text_share(text) < 0.95:
        return None
    has_han = HAN_CHAR.search(text[:_CODEC_SAMPLE_CHARS]) is not None
    return text if not has_han or _common_han_share(text) >= 0.5 else None


# High bytes of the UTF-16 code units of Chinese text: CJK unified ideographs (and
# extension A), ASCII (line ends, digits), general punctuation (“ ” — …), CJK symbols
# (。、《》) and full-width forms (，：（）).
_CJK_HAN_HIGH_BYTES = bytes(range(0x34, 0xA0))
_CJK_TEXT_HIGH_BYTES = _CJK_HAN_HIGH_BYTES + bytes((0x00, 0x20, 0x30, 0xFF))
# Shares of the code units that make a byte pattern "clearly Chinese UTF-16".
_UTF16_CJK_TEXT_SHARE = 0.95
_UTF16_HAN_SHARE = 0.3
_UTF16_MIN_UNITS = 8
# Real Chinese is >= 0.95 everyday characters even sentence by sentence; random code
# units in the ideograph range are about a third.
_UTF16_COMMON_HAN_SHARE = 0.8


def _utf16_chinese_without_bom(data: bytes) -> str | None:
    """Chinese UTF-16 text saved without its byte-order mark, when one byte order puts
    a CJK high byte in nearly every code unit (in the other order those bytes are the
    ideographs' low bytes, spread over all values).  The text must then decode strictly,
    hold no NUL and be everyday Chinese: anything else stays binary or undecodable."""
    if len(data) % 2 or len(data) < 2 * _UTF16_MIN_UNITS:
        return None
    sample = data[:2 * _CODEC_SAMPLE_CHARS]
    codecs = []
    for codec, high_bytes in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        units = len(high_bytes)
        text_units = units - len(high_bytes.translate(None, _CJK_TEXT_HIGH_BYTES))
        han_units = units - len(high_bytes.translate(None, _CJK_HAN_HIGH_BYTES))
        if text_units >= _UTF16_CJK_TEXT_SHARE * units and han_units >= _UTF16_HAN_SHARE * units:
            codecs.append(codec)
    if len(codecs) != 1:
        return None  # neither order, or both: not a clear pattern
    try:
        text = data.decode(codecs[0])
    except UnicodeDecodeError:
        return None
    if "\x00" in text or _text_share(text) < 0.95 \
            or _common_han_share(text) < _UTF16_COMMON_HAN_SHARE:
        return None
    return text


def _mixed_encodings(data: bytes, error: UnicodeDecodeError) -> tuple[int, str] | None:
    """(line, codec) when the text is UTF-8 Chinese in some lines and GB18030 or Big5
    in others, as when files in two encodings are pasted together."""
    utf8_han_line = False
    for line in data.split(b"\n"):
        try:
            decoded = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(HAN_CHAR.findall(decoded)) >= 2:
            utf8_han_line = True
            break
    if not utf8_han_line:
        return None
    bad_lines = []
    for line in data.split(b"\n"):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad_lines.append(line)
    sample = b"\n".join(bad_lines)
    for codec in _CHINESE_CODECS:
        try:
            decoded = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        if _common_han_share(decoded) >= 0.5:
            return _line_of(data, error.start), _CODEC_NAMES[codec]
    return None


def decode(data: bytes, path: str) -> str:
    """Decode ``data`` to text with ``\\n`` line ends, or refuse with an InputError."""
    if not data.strip():
        raise InputError(path, "file is empty")
    known = _known_binary(data)
    if known:
        raise InputError(path, known)
    text = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                text = body.decode(codec)
            except UnicodeDecodeError as error:
                line = body[:error.start].decode(codec, errors="replace").count("\n") + 1
                raise InputError(path, f"not valid {codec.upper()} despite its byte-order mark",
                                 line) from None
            break
    if text is None:
        nul = data.find(b"\x00")
        if nul >= 0:
            text = _utf16_without_bom(data) or _utf16_chinese_without_bom(data)
            if text is None:
                raise InputError(path, "binary file, not text", _line_of(data, nul))
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            text = _utf16_chinese_without_bom(data)  # no line end, so no NUL to flag it
            mixed = None if text is not None else _mixed_encodings(data, error)
            if mixed:
                line, codec = mixed
                raise InputError(path, f"mixed encodings: this line is {codec}, others are "
                                       "UTF-8; save the whole file in one encoding (UTF-8)",
                                 line) from None
            if text is None:
                text = _decode_guess(data, path)
    text = _NEWLINES.sub("\n", text)
    if not text.strip():
        raise InputError(path, "file is empty")
    controls = _CONTROL.findall(text)
    if len(controls) > _CONTROL_SHARE_LIMIT * len(text) or "\x00" in controls:
        first = _CONTROL.search(text)
        raise InputError(path, "binary file, not text", text.count("\n", 0, first.start()) + 1)
    return text


def read_text(path: str) -> str:
    return decode(read_bytes(path), path)


# --- script split --------------------------------------------------------------

_LATIN = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
# One Han character carries about as much as three Latin letters.
_HAN_WEIGHT = 3
_STRAY_RUN_MAX_LINES = 2
_SURROUNDING_RUN_MIN_LINES = 5


def _script_label(line: str) -> str | None:
    """'zh', 'en', or None for a line with no or too little evidence."""
    han = len(HAN_CHAR.findall(line))
    latin = len(_LATIN.findall(line))
    if not han and not latin:
        return None
    if han * _HAN_WEIGHT >= latin:
        return "zh" if han >= 2 else None
    return "en" if latin >= 4 else None


def split_by_script(lines: list[str]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Split the lines of a bilingual file into (Chinese, English) numbered lines.

    Lines with little or no script evidence (blank lines, page numbers, debris,
    a lone numeral) go with the nearest line that has evidence, so reflow can
    still see and count them.  A run of at most two lines of one script inside
    long runs of the other (an English reference in Chinese text) stays with
    its surroundings.
    """
    labels = [_script_label(line) for line in lines]
    strong = [i for i, label in enumerate(labels) if label]
    if not strong:
        return [], []
    # Nearest strong line for every weak line; ties go to the preceding one.
    assigned: list[str] = []
    next_pos = 0
    for i, label in enumerate(labels):
        if label:
            assigned.append(label)
            continue
        while next_pos < len(strong) and strong[next_pos] < i:
            next_pos += 1
        before = strong[next_pos - 1] if next_pos > 0 else None
        after = strong[next_pos] if next_pos < len(strong) else None
        if before is None or (after is not None and after - i < i - before):
            assigned.append(labels[after])
        else:
            assigned.append(labels[before])
    # Runs of strong lines by script.
    runs: list[list] = []  # [script, first strong index, last strong index, strong line count]
    for i in strong:
        if runs and runs[-1][0] == labels[i]:
            runs[-1][2] = i
            runs[-1][3] += 1
        else:
            runs.append([labels[i], i, i, 1])
    for k in range(1, len(runs) - 1):
        before, run, after = runs[k - 1], runs[k], runs[k + 1]
        if (run[3] <= _STRAY_RUN_MAX_LINES and before[0] == after[0] != run[0]
                and before[3] >= _SURROUNDING_RUN_MIN_LINES
                and after[3] >= _SURROUNDING_RUN_MIN_LINES):
            for i in range(before[2] + 1, after[1]):  # with the blank lines around it
                assigned[i] = before[0]
    chinese = [(i + 1, line) for i, line in enumerate(lines) if assigned[i] == "zh"]
    english = [(i + 1, line) for i, line in enumerate(lines) if assigned[i] == "en"]
    return chinese, english


# --- inputs ------------------------------------------------------------------------


@dataclass
class Bitext:
    """The two sides of one check; ``prealigned`` when units came aligned (TSV)."""

    source: Document
    target: Document
    prealigned: bool


_TSV_HEADERS = frozenset({("zh", "en"), ("source", "target")})


def parse_tsv(text: str, path: str) -> Bitext:
    """Pre-aligned units: Chinese TAB English per row; an optional header row."""
    source: list[Paragraph] = []
    target: list[Paragraph] = []
    header_checked = False
    for number, row in enumerate(text.split("\n"), start=1):
        if not row.strip():
            continue
        cells = row.split("\t")
        if len(cells) != 2:
            raise InputError(path, f"expected 2 tab-separated columns (Chinese, English), "
                                   f"found {len(cells)}", number)
        zh, en = cells[0].strip(), cells[1].strip()
        if not header_checked:
            header_checked = True
            if (zh.lower(), en.lower()) in _TSV_HEADERS:
                continue
        index = len(source)
        unit_id = str(index)
        source.append(Paragraph(index, zh, "unit", ((0, number),), unit_id))
        target.append(Paragraph(index, en, "unit", ((0, number),), unit_id))
    if not source:
        raise InputError(path, "no rows found")
    return Bitext(Document(path, "zh", source), Document(path, "en", target), prealigned=True)


def _looks_like_tsv(text: str) -> bool:
    rows = [row for row in text.split("\n") if row.strip()]
    return bool(rows) and all(row.count("\t") == 1 for row in rows)


def _numbered(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.split("\n"), start=1))


def _has_script(lines: list[tuple[int, str]], pattern: re.Pattern) -> bool:
    return any(pattern.search(line) for _, line in lines)


def _two_documents(zh_text: str, en_text: str, zh_name: str, en_name: str) -> Bitext:
    zh_lines, en_lines = _numbered(zh_text), _numbered(en_text)
    zh_has_han, en_has_latin = _has_script(zh_lines, HAN_CHAR), _has_script(en_lines, _LATIN)
    swapped = " (are the two files swapped?)"
    if not zh_has_han:
        hint = swapped if _has_script(en_lines, HAN_CHAR) else ""
        raise InputError(zh_name, "no Chinese text found" + hint)
    if not en_has_latin:
        hint = swapped if _has_script(zh_lines, _LATIN) else ""
        raise InputError(en_name, "no English text found" + hint)
    return Bitext(reflow(zh_lines, "zh", zh_name), reflow(en_lines, "en", en_name),
                  prealigned=False)


def read_inputs(input_path: str, target_path: str | None = None, **exchange_options) -> Bitext:
    """Read one bilingual file, a TSV of aligned units, or a Chinese/English file pair.

    TMX, XLIFF, PO and CSV files go to :mod:`tqc.formats` by extension;
    ``exchange_options`` (source_lang, target_lang, swap) apply to them only."""
    from .formats import read_exchange_file

    exchange = read_exchange_file(input_path, target_path, **exchange_options)
    if exchange is not None:
        return exchange
    if target_path is not None:
        if input_path == STDIN and target_path == STDIN:
            raise InputError(STDIN, "standard input can be only one of the two files")
        if input_path.lower().endswith(".tsv"):
            raise InputError(input_path, "a .tsv file is already aligned; give it alone")
        return _two_documents(read_text(input_path), read_text(target_path),
                              input_path, target_path)
    text = read_text(input_path)
    if input_path.lower().endswith(".tsv") or (input_path == STDIN and _looks_like_tsv(text)):
        return parse_tsv(text, input_path)
    chinese, english = split_by_script(text.split("\n"))
    if not any(HAN_CHAR.search(line) for _, line in chinese):
        raise InputError(input_path, "no Chinese text found")
    if not any(_LATIN.search(line) for _, line in english):
        raise InputError(input_path, "no English text found")
    return Bitext(reflow(chinese, "zh", input_path), reflow(english, "en", input_path),
                  prealigned=False)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def bitext_from_texts(source_text: str, target_text: str, source_name: str = "<source>",
                      target_name: str = "<target>") -> Bitext:
    """The Python API's input: two strings, reflowed like two files."""
    texts = []
    for text, name in ((source_text, source_name), (target_text, target_name)):
        if not isinstance(text, str):
            raise InputError(name, f"expected text (str), got {type(text).__name__}")
        text = _NEWLINES.sub("\n", text).lstrip("\ufeff")
        if not text.strip():
            raise InputError(name, "text is empty")
        surrogate = _LONE_SURROGATE.search(text)
        if surrogate:  # from bytes decoded with errors="surrogateescape", say
            raise InputError(name, f"not valid Unicode: a lone surrogate "
                                   f"U+{ord(surrogate.group()):04X}",
                             text.count("\n", 0, surrogate.start()) + 1)
        texts.append(text)
    return _two_documents(texts[0], texts[1], source_name, target_name)


def read_segmented(path: str, lang: str) -> list[Segment]:
    """One sentence per line, used as is (``tqc align --segmented``), as hunalign,
    Vecalign and Bertalign read them: split on newlines (decoding already dropped
    the \r of CRLF), an empty line is a sentence, and a final newline adds none."""
    text = read_text(path)
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    if not lines:
        raise InputError(path, "file is empty")
    # All on paragraph 0: the lines are sentences, not paragraphs, so the aligner
    # sees no paragraph boundary to respect.
    return [Segment(index, line, 0, 0, len(line), index + 1) for index, line in enumerate(lines)]
