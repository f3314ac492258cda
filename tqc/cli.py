"""Command line: parses options and wires the pipeline stages together."""
from __future__ import annotations

import json
import os
import sys
import traceback

import click

from . import __version__
from .config import FAIL_ON, Config, find_config, load_config, split_codes
from .errors import InputError

_debug = False


class TqcGroup(click.Group):
    """Turns InputError (and anything unexpected) into one line and exit 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except InputError as error:
            click.echo(f"tqc: error: {error}", err=True)
            sys.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("tqc: interrupted", err=True)
            sys.exit(130)
        except Exception as error:  # noqa: BLE001 - last line of defence: no traceback
            if _debug:
                traceback.print_exc()
            click.echo(f"tqc: error: internal error: {type(error).__name__}: {error} "
                       "(run with --debug for a traceback)", err=True)
            sys.exit(2)


@click.group(cls=TqcGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tqc")
@click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")
def main(debug: bool) -> None:
    """tqc: translation quality checker for Chinese -> English."""
    global _debug
    _debug = debug


def _use_colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _settings(config_path: str | None) -> Config:
    path = config_path or find_config()
    return load_config(path) if path else Config()


@main.command()
@click.argument("input_path", metavar="INPUT")
@click.argument("target_path", metavar="[TARGET]", required=False)
@click.option("--glossary", "glossaries", multiple=True, metavar="FILE",
              help="Glossary TSV (zh, en, forbidden, note); may be repeated.")
@click.option("--format", "output_format", default=None,
              help="Output format: text (default), json, html.")
@click.option("--output", "-o", default=None, metavar="FILE|-", help="Write the report here (default stdout).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Exit 1 when a finding reaches this severity (default error).")
@click.option("--select", multiple=True, metavar="CODES", help="Only these codes or prefixes, e.g. OM,TR01.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these codes or prefixes; wins over --select.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Hide findings below this confidence.")
@click.option("--config", "config_path", default=None, metavar="FILE",
              help="Config file (tqc.toml or pyproject.toml); default: found by walking up.")
@click.option("--reference", "reference_path", default=None, metavar="FILE",
              help="Reference English translation: score the draft against it (chrF, BLEU, TER; RF01).")
def check(input_path, target_path, glossaries, output_format, output, fail_on, select, ignore,
          min_confidence, config_path, reference_path):
    """Check INPUT (bilingual text, TSV) or the pair INPUT TARGET (Chinese, English)."""
    from .pipeline import exit_status, load_glossaries, run
    from .reading import read_inputs
    from .output import write_report
    from .reporters import FORMATS, render

    config = _settings(config_path).with_overrides(
        select=split_codes(select) or None, ignore=split_codes(ignore) or None,
        fail_on=fail_on, min_confidence=min_confidence, format=output_format, output=output,
        glossaries=tuple(glossaries) or None,
    )
    if config.format not in FORMATS:
        raise click.BadParameter(f"{config.format!r}; choose from {', '.join(FORMATS)}",
                                 param_hint="--format")
    glossary = load_glossaries(list(config.glossaries))
    bitext = read_inputs(input_path, target_path)
    reference = None
    if reference_path:
        from .reference import read_reference
        reference = read_reference(reference_path)
    report = run(bitext, glossary, config, reference=reference)
    colour = config.format == "text" and config.output in (None, "-") and _use_colour()
    text = render(report, config.format, color=colour)
    write_report(text, config.output, [input_path, *( [target_path] if target_path else []),
                                       *([reference_path] if reference_path else [])])
    sys.exit(exit_status(report, config.fail_on))


@main.command("align")
@click.argument("source_path", metavar="SRC")
@click.argument("target_path", metavar="TGT")
@click.option("--segmented", is_flag=True, help="Each line is one sentence, used as is.")
@click.option("--format", "output_format", type=click.Choice(["beads", "json", "tsv"]),
              default="beads", show_default=True)
def align_command(source_path, target_path, segmented, output_format):
    """Align SRC (Chinese) with TGT (English) and print the beads."""
    from .align import align, beads_to_lines
    from .reading import read_inputs, read_segmented
    from .reporters.json_report import report_dict
    from .model import Report
    from .segment import segment

    if segmented:
        source_segments = read_segmented(source_path, "zh")
        target_segments = read_segmented(target_path, "en")
        source_doc = target_doc = None
    else:
        bitext = read_inputs(source_path, target_path)
        source_segments = segment(bitext.source, bitext.prealigned)
        target_segments = segment(bitext.target, bitext.prealigned)
        source_doc, target_doc = bitext.source, bitext.target
    beads = align(source_segments, target_segments)
    if output_format == "beads":
        lines = beads_to_lines(beads)
    elif output_format == "tsv":
        lines = ["\t".join((
            " ".join(source_segments[i].text for i in bead.source),
            " ".join(target_segments[i].text for i in bead.target),
            f"{bead.score:.3f}")) for bead in beads]
    else:
        from .model import Document
        empty = Document(source_path, "zh", [])
        report = Report(source_doc or empty, target_doc or Document(target_path, "en", []),
                        source_segments, target_segments, beads, [], version=__version__)
        data = report_dict(report)
        lines = [json.dumps({"schema": data["schema"], "tool": data["tool"],
                             "segments": data["segments"], "alignment": data["alignment"]},
                            ensure_ascii=False, indent=2)]
    click.echo("\n".join(lines))


@main.command("compare")
@click.argument("draft_path", metavar="DRAFT")
@click.argument("edited_path", metavar="EDITED")
@click.option("--source", "source_path", default=None, metavar="ZH",
              help="The Chinese source: pairs sentences through it and finds its glossary terms.")
@click.option("--glossary", "glossaries", multiple=True, metavar="FILE",
              help="Glossary TSV; reports the terms whose rendering the editor changed.")
@click.option("--segmented", is_flag=True,
              help="Each line is one sentence; line N of DRAFT is compared with line N of EDITED.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "html"]),
              default="text", show_default=True)
@click.option("--output", "-o", default=None, metavar="FILE|-", help="Write the report here (default stdout).")
@click.option("--all", "show_unchanged", is_flag=True, help="Text format: list unchanged sentences too.")
def compare_command(draft_path, edited_path, source_path, glossaries, segmented, output_format,
                    output, show_unchanged):
    """An editor's diff of DRAFT and EDITED (English): chrF/BLEU/TER, TER edits, changes."""
    from .compare import compare_files, render as render_comparison
    from .output import write_report
    from .pipeline import load_glossaries

    comparison = compare_files(draft_path, edited_path, source_path,
                               load_glossaries(list(glossaries)), segmented)
    write_report(render_comparison(comparison, output_format, show_unchanged), output,
                 [draft_path, edited_path, *([source_path] if source_path else [])])


@main.command("rules")
@click.argument("prefix", required=False, default="")
def rules_command(prefix):
    """List every rule (optionally only codes starting with PREFIX)."""
    from .rules import ALL_RULES

    for rule in ALL_RULES:
        if rule.code.startswith(prefix.upper()):
            summary = rule.documentation().summary
            click.echo(f"{rule.code}  {rule.name:<28} {rule.category:<12} {rule.severity:<8} {summary}")


@main.command("explain")
@click.argument("code")
def explain_command(code):
    """Explain what rule CODE checks, with a bad and a good example."""
    from .rules import RULES_BY_CODE

    rule = RULES_BY_CODE.get(code.upper())
    if rule is None:
        raise InputError(None, f"no rule {code!r}; see 'tqc rules'")
    doc = rule.documentation()
    parts = [f"{rule.code} {rule.name} ({rule.category}, default severity {rule.severity})",
             "", doc.summary]
    if doc.description:
        parts += ["", doc.description]
    parts += ["", "Bad:", _indent(doc.bad), "", "Good:", _indent(doc.good)]
    if doc.options:
        parts += ["", "Options:", _indent(doc.options)]
    click.echo("\n".join(parts))


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


if __name__ == "__main__":  # pragma: no cover
    main()
