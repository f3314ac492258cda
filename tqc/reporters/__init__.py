"""Output formats.  Each reporter module has ``render(report, options) -> str``;
FORMATS maps a format name to that function."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..model import Report
from . import csv_report, github, html, json_report, junit, markdown, sarif, text


@dataclass(frozen=True)
class OutputOptions:
    color: bool = False


Renderer = Callable[[Report, OutputOptions], str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
    "html": html.render,
    "markdown": markdown.render,
    "csv": csv_report.render,
    # CI formats: these also take a batch of reports (tqc.batch.ReportBatch).
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
}


def render(report: Report, format: str = "text", **options) -> str:
    try:
        renderer = FORMATS[format]
    except KeyError:
        raise ValueError(f"unknown format {format!r}; choose from {', '.join(FORMATS)}") from None
    return renderer(report, OutputOptions(**options))
