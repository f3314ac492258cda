"""The one exception tqc raises for bad input or usage; the CLI turns it into exit 2."""
from __future__ import annotations

import re

# Characters that would break the one-line error format or act on a terminal:
# C0/C1 controls (ESC sequences), line and paragraph separators, bidirectional
# overrides and isolates (text that reads differently from what it is), and lone
# surrogates (undecodable bytes in a file name).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` safe for one terminal line: the characters above become escapes
    such as ``\\n``, ``\\x1b`` or ``\\u202e``; everything else is kept."""
    return _UNPRINTABLE.sub(lambda match: repr(match.group())[1:-1], text)


class InputError(Exception):
    """Bad input or usage: printed as ``tqc: error: PATH[:LINE]: message``."""

    def __init__(self, path: str | None, message: str, line: int | None = None):
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = ""
        if self.path:
            path = printable(str(self.path))
            where = f"{path}:{self.line}: " if self.line else f"{path}: "
        return where + printable(self.message)
