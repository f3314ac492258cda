"""Which characters are Han (Chinese characters): one definition for every stage.

CJK Unified Ideographs, Extension A, the Compatibility Ideographs and the
supplementary-plane Extensions B-H.  Modules that need more (〇 as a numeral, CJK
punctuation) add it to ``HAN_RANGE`` in their own character classes.
"""
from __future__ import annotations

import re

HAN_RANGE = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_CHAR = re.compile(f"[{HAN_RANGE}]")
HAN_RUN = re.compile(f"[{HAN_RANGE}]+")


def is_han(char: str) -> bool:
    """One character (or "") is Han: comparisons, cheaper than the regex for one
    character; a character below U+3400 (all of ASCII) fails the first one."""
    return ("\u3400" <= char <= "\u9fff" and not "\u4dc0" <= char <= "\u4dff") \
        or "\uf900" <= char <= "\ufaff" or "\U00020000" <= char <= "\U0003134f"
