"""The one exception tqc raises for bad input or usage; the CLI turns it into exit 2."""
from __future__ import annotations


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
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return where + self.message
