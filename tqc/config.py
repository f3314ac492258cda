"""Effective settings: defaults, then a preset, then a config file, then command-line options.

Config lives in ``[tool.tqc]`` of a pyproject.toml or in a tqc.toml, found by walking up
from the current directory.  Every value remembers where it came from
(``Config.origins``) so that ``tqc config show`` can say.  Unknown keys and bad values
are InputErrors naming the key path (the CLI exits 2).
"""
from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from .errors import InputError
from .model import CATEGORIES, SEVERITIES

FAIL_ON = ("error", "warning", "info", "never")
# the third is the plain-text parallel corpus layout of Moses, hunalign and OPUS
DEFAULT_PAIRS = (("{name}.zh.txt", "{name}.en.txt"), ("zh/{name}", "en/{name}"), ("{name}.zh", "{name}.en"))
NAME_PLACEHOLDER = "{name}"
DEFAULT_ORIGIN = "default"
COMMAND_LINE = "command line"


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()        # codes or prefixes; empty means all rules
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    min_confidence: float = 0.0
    glossaries: tuple[str, ...] = ()
    severity: dict = field(default_factory=dict)       # code -> severity (resolved)
    rule_options: dict = field(default_factory=dict)   # code -> {option: value}
    format: str = "text"
    output: str | None = None
    source: str = ""  # the config file the settings came from, if any
    preset: str | None = None
    category_severity: dict = field(default_factory=dict)  # category or "*" -> severity
    baseline: str | None = None        # baseline file: its findings are hidden
    suppressions: str | None = None    # suppression file: fingerprints with reasons
    pairs: tuple[tuple[str, str], ...] = DEFAULT_PAIRS  # batch pairing (zh, en) patterns
    output_dir: str | None = None      # relative output paths are placed here
    outputs: tuple[tuple[str, str], ...] = ()  # (format, path): several reports at once
    jobs: int = 1
    # Config key path ("fail-on", "rules.TM01.severity") -> where its value came from.
    origins: dict = field(default_factory=dict)

    def with_overrides(self, origin: str = COMMAND_LINE, **changes) -> "Config":
        """Replace the fields given (None means "not given") and record their origin."""
        given = {key: value for key, value in changes.items() if value is not None}
        origins = dict(self.origins)
        for key in given:
            origins[_FIELD_KEYS.get(key, key)] = origin
        return replace(self, **given, origins=origins)

    def origin(self, key: str) -> str:
        return self.origins.get(key, DEFAULT_ORIGIN)


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


# --- validation --------------------------------------------------------------------------


class _BadValue(ValueError):
    """A bad value; the message is completed with the key path by the caller."""


# TOML key -> Config field.
_KEY_FIELDS = {
    "preset": "preset", "select": "select", "ignore": "ignore", "fail-on": "fail_on",
    "min-confidence": "min_confidence", "glossaries": "glossaries", "format": "format",
    "output": "output", "output-dir": "output_dir", "outputs": "outputs", "baseline": "baseline",
    "suppressions": "suppressions", "pairs": "pairs", "jobs": "jobs",
    "category-severity": "category_severity", "rules": "rules",
}
_FIELD_KEYS = {field_name: key for key, field_name in _KEY_FIELDS.items()}
_PATH_KEYS = frozenset({"glossaries", "output-dir", "baseline", "suppressions"})
_PRESET_FORBIDDEN = frozenset({"preset", "glossaries", "baseline", "suppressions", "output",
                               "output-dir", "outputs"})


def _string(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _BadValue(f"must be a non-empty string, not {_shown(value)}")
    return value


def _string_list(value) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise _BadValue(f"must be a string or a list of strings, not {_shown(value)}")
    return value


def _codes(value) -> tuple[str, ...]:
    from .rules import RULES_BY_CODE

    codes = split_codes(_string_list(value))
    for code in codes:
        if not any(rule.startswith(code) for rule in RULES_BY_CODE):
            raise _BadValue(f"{code!r} matches no rule (see 'tqc rules')")
    return codes


def _choice(choices):
    def check(value):
        if value not in choices:
            raise _BadValue(f"must be one of {', '.join(choices)}, not {_shown(value)}")
        return value
    return check


def _confidence(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise _BadValue(f"must be a number from 0 to 1, not {_shown(value)}")
    return float(value)


def _jobs(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _BadValue(f"must be a whole number of at least 1, not {_shown(value)}")
    return value


def _format(value) -> str:
    from .reporters import FORMATS

    return _choice(tuple(FORMATS))(value)


def _preset(value) -> str:
    value = _string(value)
    if value not in preset_names():
        raise _BadValue(f"no preset {value!r}; choose from {', '.join(preset_names())}")
    return value


def _pairs(value) -> tuple[tuple[str, str], ...]:
    shape = 'must be a list of [zh, en] pattern pairs such as [["{name}.zh.txt", "{name}.en.txt"]]'
    if not isinstance(value, list) or not value:
        raise _BadValue(shape)
    pairs = []
    for pair in value:
        if (not isinstance(pair, list) or len(pair) != 2
                or not all(isinstance(pattern, str) for pattern in pair)):
            raise _BadValue(f"{shape}, not {_shown(pair)}")
        for pattern in pair:
            if pattern.count(NAME_PLACEHOLDER) != 1:
                raise _BadValue(f"pattern {pattern!r} must contain {NAME_PLACEHOLDER} exactly once")
        if pair[0] == pair[1]:
            raise _BadValue(f"the zh and en patterns are the same: {pair[0]!r}")
        pairs.append((pair[0], pair[1]))
    return tuple(pairs)


_SCALAR_VALIDATORS = {
    "preset": _preset, "select": _codes, "ignore": _codes, "fail-on": _choice(FAIL_ON),
    "min-confidence": _confidence, "glossaries": _string_list, "format": _format,
    "output": _string, "output-dir": _string, "baseline": _string, "suppressions": _string,
    "pairs": _pairs, "jobs": _jobs,
}


def _shown(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _unknown(key: str, known, path: str) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    return f"{path}: unknown key" + (f" (did you mean {close[0]!r}?)" if close else "")


def _resolve_path(value: str, base: Path | None) -> str:
    """Paths in a config file are relative to that file; @names are shipped glossaries."""
    if base is None or value.startswith("@") or os.path.isabs(value):
        return value
    return os.path.relpath(base / value)


@dataclass
class _Layer:
    """One source of settings, flattened to key paths: {"fail-on": ..., "rules.TM01.severity": ...}."""

    origin: str
    values: dict


def parse_table(table: dict, origin: str, *, prefix: str = "", base: Path | None = None,
                is_preset: bool = False) -> _Layer:
    """Validate a ``[tool.tqc]`` / tqc.toml / preset table into a layer of key paths.

    ``prefix`` is how keys are shown in messages ("tool.tqc." in a pyproject.toml)."""
    from .rules import RULES_BY_CODE

    values: dict = {}
    for key in sorted(table):
        path = f"{prefix}{key}"
        value = table[key]
        if key not in _KEY_FIELDS or (is_preset and key in _PRESET_FORBIDDEN):
            raise InputError(origin, _unknown(key, set(_KEY_FIELDS) - (_PRESET_FORBIDDEN if is_preset else set()),
                                              path))
        try:
            if key == "rules":
                values.update(_rule_table(value, path, RULES_BY_CODE))
            elif key == "category-severity":
                values.update(_category_table(value, path))
            elif key == "outputs":
                values["outputs"] = _outputs_table(value, path, base)
            else:
                checked = _SCALAR_VALIDATORS[key](value)
                if key in _PATH_KEYS:
                    checked = ([_resolve_path(item, base) for item in checked] if key == "glossaries"
                               else _resolve_path(checked, base))
                values[key] = checked
        except _BadValue as error:
            message = str(error)  # table checks name the full key path themselves
            raise InputError(origin, message if message.startswith(path) else f"{path}: {message}") from None
    return _Layer(origin, values)


def _rule_table(value, path: str, rules_by_code: dict) -> dict:
    if not isinstance(value, dict):
        raise _BadValue("must be a table of rule codes")
    values = {}
    for code in sorted(value):
        options = value[code]
        code_path = f"{path}.{code}"
        if code not in rules_by_code:
            close = difflib.get_close_matches(code.upper(), list(rules_by_code), n=1)
            raise _BadValue(f"{code_path}: no such rule" + (f" (did you mean {close[0]!r}?)" if close else ""))
        if not isinstance(options, dict):
            raise _BadValue(f"{code_path}: must be a table")
        rule = rules_by_code[code]
        for name in sorted(options):
            option_value = options[name]
            option_path = f"{code_path}.{name}"
            if name == "severity":
                if option_value not in SEVERITIES:
                    raise _BadValue(f"{option_path}: must be one of {', '.join(SEVERITIES)}, "
                                    f"not {_shown(option_value)}")
            elif name not in rule.options:
                raise _BadValue(f"{option_path}: unknown option" + (
                    f"; {code} has {', '.join(sorted(rule.options))}" if rule.options else
                    f"; {code} has no options"))
            else:
                _check_option_type(option_path, rule.options[name], option_value)
            values[f"rules.{code}.{name}"] = option_value  # key paths without the prefix
        rule_options = {name: options[name] for name in options if name != "severity"}
        try:
            rule(None, **rule_options)  # the rule's own checks of its option values
        except (TypeError, ValueError) as error:
            raise _BadValue(f"{code_path}: {error}") from None
    return values


def _check_option_type(path: str, default, value) -> None:
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, (int, float)):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif isinstance(default, (list, tuple)):
        ok = isinstance(value, list)
    else:
        ok = isinstance(value, type(default))
    if not ok:
        kind = {bool: "true or false", int: "a number", float: "a number", str: "a string",
                list: "a list", tuple: "a list", dict: "a table"}.get(type(default), type(default).__name__)
        raise _BadValue(f"{path}: must be {kind}, not {_shown(value)}")


def _category_table(value, path: str) -> dict:
    if not isinstance(value, dict):
        raise _BadValue('must be a table such as {terminology = "error", "*" = "warning"}')
    values = {}
    for category in sorted(value):
        if category != "*" and category not in CATEGORIES:
            raise _BadValue(f"{path}.{category}: no such category; use {', '.join(CATEGORIES)} or \"*\"")
        if value[category] not in SEVERITIES:
            raise _BadValue(f"{path}.{category}: must be one of {', '.join(SEVERITIES)}, "
                            f"not {_shown(value[category])}")
        values[f"category-severity.{category}"] = value[category]
    return values


def _outputs_table(value, path: str, base: Path | None) -> tuple[tuple[str, str], ...]:
    from .reporters import FORMATS

    if not isinstance(value, dict) or not value:
        raise _BadValue('must be a table of format = path, such as {sarif = "tqc.sarif"}')
    outputs = []
    for name in sorted(value):
        if name not in FORMATS:
            raise _BadValue(f"{path}.{name}: no such format; choose from {', '.join(FORMATS)}")
        destination = value[name]
        if not isinstance(destination, str) or not destination.strip():
            raise _BadValue(f"{path}.{name}: must be a path (or \"-\" for standard output)")
        outputs.append((name, destination if destination == "-" else _resolve_path(destination, base)))
    return tuple(outputs)


# --- presets -----------------------------------------------------------------------------


def _presets_directory():
    return resources.files("tqc").joinpath("data", "presets")


def preset_names() -> tuple[str, ...]:
    """The presets shipped in tqc/data/presets (see rules/presets/README.md)."""
    return tuple(sorted(entry.name[:-5] for entry in _presets_directory().iterdir()
                        if entry.name.endswith(".toml")))


def load_preset(name: str) -> _Layer:
    if name not in preset_names():
        raise InputError(None, f"no preset {name!r}; choose from {', '.join(preset_names())}")
    text = _presets_directory().joinpath(f"{name}.toml").read_text(encoding="utf-8")
    origin = f"preset {name}"
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:  # pragma: no cover - shipped files are tested
        raise InputError(origin, f"invalid TOML: {error}") from None
    return parse_table(table, origin, is_preset=True)


# --- files ---------------------------------------------------------------------------------


def _read_config_file(path: Path) -> _Layer:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        reason = "is a directory" if path.is_dir() else (error.strerror or str(error)).lower()
        raise InputError(str(path), f"cannot read config: {reason}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"invalid TOML: {error}") from None
    prefix = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("tqc", {})
        prefix = "tool.tqc."
        if not isinstance(data, dict):
            raise InputError(str(path), "tool.tqc must be a table")
    return parse_table(data, str(path), prefix=prefix, base=path.resolve().parent)


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


def _merge(layers: list[_Layer], source: str) -> Config:
    """Later layers win, key path by key path; severities resolve layer by layer:
    "*" first, then categories, then single rules."""
    from .rules import ALL_RULES

    merged: dict = {}
    origins: dict = {}
    severity: dict[str, str] = {}
    for layer in layers:
        for key, value in layer.values.items():
            merged[key] = value
            origins[key] = layer.origin
        for scope in ("*", *CATEGORIES):
            chosen = layer.values.get(f"category-severity.{scope}")
            if chosen is None:
                continue
            for rule in ALL_RULES:
                if scope == "*" or rule.category == scope:
                    severity[rule.code] = chosen
                    origins[f"severity.{rule.code}"] = f"{layer.origin} (category-severity.{scope})"
        for rule in ALL_RULES:
            chosen = layer.values.get(f"rules.{rule.code}.severity")
            if chosen is not None:
                severity[rule.code] = chosen
                origins[f"severity.{rule.code}"] = f"{layer.origin} (rules.{rule.code}.severity)"
    rule_options: dict[str, dict] = {}
    category_severity: dict[str, str] = {}
    for key, value in merged.items():
        parts = key.split(".")
        if parts[0] == "rules" and parts[2] != "severity":
            rule_options.setdefault(parts[1], {})[parts[2]] = value
        elif parts[0] == "category-severity":
            category_severity[parts[1]] = value
    simple = {_KEY_FIELDS[key]: value for key, value in merged.items()
              if key in _SCALAR_VALIDATORS or key == "outputs"}
    for name in ("select", "ignore", "glossaries"):
        if name in simple:
            simple[name] = tuple(simple[name])
    return Config(**simple, severity=severity, rule_options=rule_options,
                  category_severity=category_severity, source=source, origins=origins)


def load_settings(config_path: str | Path | None = None, preset: str | None = None,
                  start: Path | None = None, search: bool = True) -> Config:
    """Defaults < preset < config file < (the caller's command-line overrides).

    ``config_path`` None: the nearest config walking up from ``start`` (when ``search``).
    ``preset`` (from the command line) replaces the preset the file names."""
    path = Path(config_path) if config_path else (find_config(start) if search else None)
    file_layer = _read_config_file(path) if path else _Layer("", {})
    preset_name = preset or file_layer.values.get("preset")
    layers = []
    if preset_name:
        layers.append(load_preset(preset_name))
    layers.append(file_layer)
    config = _merge(layers, str(path) if path else "")
    if preset:
        config = config.with_overrides(preset=preset)
    return config


# --- tqc config show ----------------------------------------------------------------------


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(key)} = {_toml_value(item)}"
                               for key, item in value.items()) + "}"
    return json.dumps(str(value))


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def describe(config: Config) -> str:
    """The effective configuration as TOML, each line commented with its origin."""
    from .rules import ALL_RULES

    rows: list[tuple[str, str]] = []

    def add(key: str, value, origin_key: str | None = None) -> None:
        origin = config.origin(origin_key or key)
        if value is None:
            rows.append((f"# {key} is not set", origin))
        else:
            rows.append((f"{key} = {_toml_value(value)}", origin))

    add("preset", config.preset)
    add("select", list(config.select))
    add("ignore", list(config.ignore))
    add("fail-on", config.fail_on)
    add("min-confidence", config.min_confidence)
    add("glossaries", list(config.glossaries))
    add("format", config.format)
    add("output", config.output)
    add("output-dir", config.output_dir)
    add("outputs", dict(config.outputs))
    add("baseline", config.baseline)
    add("suppressions", config.suppressions)
    add("pairs", [list(pair) for pair in config.pairs])
    add("jobs", config.jobs)
    for category, value in sorted(config.category_severity.items()):
        add(f"category-severity.{_toml_key(category)}", value, f"category-severity.{category}")
    for rule in ALL_RULES:
        severity = config.severity.get(rule.code, rule.severity)
        origin_key = f"severity.{rule.code}"
        rows.append((f"rules.{rule.code}.severity = {_toml_value(severity)}",
                     config.origin(origin_key) if origin_key in config.origins
                     else "default (the rule's own)"))
        for name, default in rule.options.items():
            value = config.rule_options.get(rule.code, {}).get(name, default)
            rows.append((f"rules.{rule.code}.{name} = {_toml_value(value)}",
                         config.origin(f"rules.{rule.code}.{name}")))
    width = min(max(len(text) for text, _ in rows), 60)
    header = [f"# effective tqc configuration; config file: {config.source or 'none found'}",
              "# each line: key = value  # where the value came from"]
    return "\n".join(header + [f"{text:<{width}}  # {origin}" for text, origin in rows]) + "\n"
