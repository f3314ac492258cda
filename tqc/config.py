"""Effective settings: defaults, then a config file, then command-line options."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import InputError
from .model import SEVERITIES

FAIL_ON = ("error", "warning", "info", "never")


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()        # codes or prefixes; empty means all rules
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    min_confidence: float = 0.0
    glossaries: tuple[str, ...] = ()
    severity: dict = field(default_factory=dict)       # code -> severity
    rule_options: dict = field(default_factory=dict)   # code -> {option: value}
    format: str = "text"
    output: str | None = None
    source: str = ""  # where the file settings came from, for `config show`

    def with_overrides(self, **changes) -> "Config":
        return replace(self, **{key: value for key, value in changes.items() if value is not None})


def split_codes(values) -> tuple[str, ...]:
    """``["OM,TR01", "AD"]`` -> ``("OM", "TR01", "AD")``, upper-cased."""
    if isinstance(values, str):
        values = [values]
    codes: list[str] = []
    for value in values or ():
        codes.extend(part.strip().upper() for part in str(value).split(",") if part.strip())
    return tuple(codes)


def rule_enabled(code: str, config: Config) -> bool:
    """``ignore`` wins over ``select``; both take codes or prefixes."""
    if any(code.startswith(prefix) for prefix in config.ignore):
        return False
    return not config.select or any(code.startswith(prefix) for prefix in config.select)


_KEYS = {"select", "ignore", "fail-on", "min-confidence", "glossaries", "format", "output", "rules"}


def parse_table(table: dict, origin: str) -> Config:
    """Build a Config from the ``[tool.tqc]`` / tqc.toml table."""
    from .rules import RULES_BY_CODE

    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise InputError(origin, f"unknown config key(s): {', '.join('tqc.' + k for k in unknown)}")
    fail_on = table.get("fail-on", "error")
    if fail_on not in FAIL_ON:
        raise InputError(origin, f"tqc.fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    try:
        min_confidence = float(table.get("min-confidence", 0.0))
    except (TypeError, ValueError):
        raise InputError(origin, "tqc.min-confidence must be a number") from None
    severity: dict[str, str] = {}
    rule_options: dict[str, dict] = {}
    for code, options in (table.get("rules") or {}).items():
        if code not in RULES_BY_CODE:
            raise InputError(origin, f"tqc.rules.{code}: no such rule")
        if not isinstance(options, dict):
            raise InputError(origin, f"tqc.rules.{code} must be a table")
        options = dict(options)
        if "severity" in options:
            value = options.pop("severity")
            if value not in SEVERITIES:
                raise InputError(origin, f"tqc.rules.{code}.severity must be one of "
                                 f"{', '.join(SEVERITIES)}, not {value!r}")
            severity[code] = value
        allowed = RULES_BY_CODE[code].options
        for key in options:
            if key not in allowed:
                raise InputError(origin, f"tqc.rules.{code}.{key}: unknown option")
        rule_options[code] = options
    glossaries = table.get("glossaries", [])
    if isinstance(glossaries, str):
        glossaries = [glossaries]
    return Config(
        select=split_codes(table.get("select", ())),
        ignore=split_codes(table.get("ignore", ())),
        fail_on=fail_on, min_confidence=min_confidence,
        glossaries=tuple(str(g) for g in glossaries),
        severity=severity, rule_options=rule_options,
        format=table.get("format", "text"), output=table.get("output"), source=origin,
    )


def load_config(path: str | Path) -> Config:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(str(path), f"cannot read config: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"invalid TOML: {error}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("tqc", {})
    return parse_table(data, str(path))


def find_config(start: Path | None = None) -> Path | None:
    """The nearest tqc.toml, or pyproject.toml with a [tool.tqc] table, walking up."""
    directory = (start or Path.cwd()).resolve()
    for folder in (directory, *directory.parents):
        candidate = folder / "tqc.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                if "tqc" in tomllib.loads(candidate.read_text(encoding="utf-8")).get("tool", {}):
                    return candidate
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
    return None
