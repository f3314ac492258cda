"""Output formats.  Each reporter module has ``render(report, options) -> str``;
FORMATS maps a format name to that function."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Callable

from ..model import Report


@dataclass(frozen=True)
class OutputOptions:
    color: bool = False


Renderer = Callable[[Report, OutputOptions], str]


def _deferred(module: str) -> Renderer:
    """The ``render`` of reporter ``module``, imported on first use: a check that writes
    JSON need not load Jinja2 for the HTML reporter."""
    def render(report, options=None):
        return import_module(f"{__name__}.{module}").render(report, options)

    render.__qualname__ = f"{module}.render"
    return render


FORMATS: dict[str, Renderer] = {
    "text": _deferred("text"),
    "json": _deferred("json_report"),
    "html": _deferred("html"),
    "markdown": _deferred("markdown"),
    "csv": _deferred("csv_report"),
    # CI formats: these also take a batch of reports (tqc.batch.ReportBatch).
    "sarif": _deferred("sarif"),
    "junit": _deferred("junit"),
    "github": _deferred("github"),
}


def render(report: Report, format: str = "text", **options) -> str:
    try:
        renderer = FORMATS[format]
    except KeyError:
        raise ValueError(f"unknown format {format!r}; choose from {', '.join(FORMATS)}") from None
    return renderer(report, OutputOptions(**options))
