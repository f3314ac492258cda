"""Command line: parses options and wires the pipeline stages together."""
from __future__ import annotations

import gc
import io
import json
import os
import sys
import traceback
from contextlib import contextmanager

import click

from . import __version__
from .config import FAIL_ON, split_codes
from .errors import InputError, printable

_debug = False


class TqcGroup(click.Group):
    """Turns every failure into one line on stderr: InputError and anything unexpected
    exit 2, Ctrl-C exits 130; a traceback only with ``tqc --debug``."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except InputError as error:
            _fail(str(error))
        except KeyboardInterrupt:
            click.echo("tqc: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # The reader went away (tqc check ... | head): nothing left to say to it; the
            # status is the shell's for a process ended by SIGPIPE.
            _detach_stdout()
            sys.exit(141)
        except MemoryError:
            _fail("out of memory; the input is too large for this machine "
                  "(see TQC_MAX_INPUT_MB in the README)")
        except OSError as error:  # the environment (cache directory, disk), not the input
            where = f"{error.filename}: " if error.filename else ""
            reason = error.strerror or str(error)
            _fail(printable(f"{where}{reason[:1].lower()}{reason[1:]}"))
        except Exception as error:  # noqa: BLE001 - last line of defence: no traceback
            _fail(printable(f"internal error: {type(error).__name__}: {error} "
                            "(run with --debug for a traceback)"))


def _fail(message: str) -> None:
    """``tqc: error: message`` and exit 2; after the traceback with --debug."""
    if _debug:
        traceback.print_exc()
    click.echo(f"tqc: error: {message}", err=True)
    sys.exit(2)


def _detach_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush raises no second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


@click.group(cls=TqcGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tqc")
@click.option("--debug", is_flag=True, help="Show a traceback with any error.")
def main(debug: bool) -> None:
    """tqc: translation quality checker for Chinese -> English."""
    global _debug
    _debug = debug


def _use_colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _preset_choice() -> click.Choice:
    from .config import preset_names

    return click.Choice(preset_names())


# Options of every command that checks inputs (check, baseline create).
_INPUT_OPTIONS = (
    click.argument("paths", metavar="INPUT [TARGET] | DIR | GLOB...", nargs=-1, required=True),
    click.option("--glossary", "glossaries", multiple=True, metavar="FILE|@NAME",
                 help="Glossary (TSV/CSV, TBX, exchange CSV) or a shipped one by name, e.g. "
                      "@intl-orgs (see 'tqc glossary list'); may be repeated, later ones win."),
    click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
                 help="Exit 1 when a finding reaches this severity (default error)."),
    click.option("--select", multiple=True, metavar="CODES", help="Only these codes or prefixes, e.g. OM,TR01."),
    click.option("--ignore", multiple=True, metavar="CODES", help="Skip these codes or prefixes; wins over --select."),
    click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
                 help="Hide findings below this confidence."),
    click.option("--config", "config_path", default=None, metavar="FILE",
                 help="Config file (tqc.toml or pyproject.toml); default: found by walking up."),
    click.option("--preset", default=None, type=_preset_choice(),
                 help="Settings for a use: abstract-audit, ci-glossary, editor-review; the config file "
                      "and options still apply over it."),
    click.option("--reference", "reference_path", default=None, metavar="FILE",
                 help="Reference English translation: score the draft against it (chrF, BLEU, TER; RF01)."),
    click.option("--suppressions", "suppressions_path", default=None, metavar="FILE",
                 help="Suppression file: fingerprints of findings to hide, each with a reason."),
    click.option("--batch", "batch_mode", is_flag=True,
                 help="Treat the paths as a batch even when they are one or two files: pair them "
                      "(and find missing partners on disk) by the configured patterns."),
    click.option("--jobs", "-j", type=click.IntRange(1), default=None, help="Check a batch in N processes."),
    click.option("--source-lang", default=None, metavar="LANG",
                 help="Source language of a TMX/XLIFF/PO/CSV file that does not say."),
    click.option("--target-lang", default=None, metavar="LANG",
                 help="Target language of a TMX/XLIFF/PO/CSV file that does not say."),
    click.option("--swap", is_flag=True,
                 help="Check an English -> Chinese TMX/XLIFF/PO/CSV file with the Chinese as source."),
)


def _input_options(function):
    for decorator in reversed(_INPUT_OPTIONS):
        function = decorator(function)
    return function


def _prepare(paths, options: dict, use_baseline: bool = True):
    """Settings, the plan of what to check, and the check settings, from the options."""
    from .baseline import load_baseline, load_suppressions
    from .batch import CheckSettings, plan_inputs
    from .config import load_settings
    from .pipeline import load_glossaries
    from .reporters import FORMATS

    config = load_settings(options["config_path"], options["preset"]).with_overrides(
        select=split_codes(options["select"]) or None, ignore=split_codes(options["ignore"]) or None,
        fail_on=options["fail_on"], min_confidence=options["min_confidence"],
        glossaries=tuple(options["glossaries"]) or None, jobs=options["jobs"],
        suppressions=options["suppressions_path"], format=options.get("output_format"),
        output=options.get("output"), output_dir=options.get("output_dir"),
        baseline=options.get("baseline_path"),
    )
    if config.format not in FORMATS:
        raise click.BadParameter(f"{config.format!r}; choose from {', '.join(FORMATS)}",
                                 param_hint="--format")
    glossary = load_glossaries(list(config.glossaries))
    for warning in glossary.warnings:
        click.echo(f"tqc: warning: {warning}", err=True)
    plan = plan_inputs(paths, options["batch_mode"], config.pairs)
    if plan.batch and options["reference_path"]:
        raise InputError(options["reference_path"], "--reference works with one file pair, not a batch")
    settings = CheckSettings(
        config, glossary, options["source_lang"], options["target_lang"], options["swap"],
        baseline=load_baseline(config.baseline) if use_baseline and config.baseline else None,
        suppressions=load_suppressions(config.suppressions) if config.suppressions else None,
        reference=options["reference_path"], batch=plan.batch)
    return config, plan, settings


def _run(plan, settings, config):
    """(Report or ReportBatch, unused suppression entries); batch problems go to stderr."""
    from .batch import Progress, run_batch, run_single

    if not plan.batch:
        return run_single(plan.jobs[0], settings)
    result = run_batch(plan, settings, config.jobs, Progress(len(plan.jobs)))
    for item in result.unpaired:
        click.echo(f"tqc: warning: {item['path']}: {item['reason']}", err=True)
    for error in result.errors:
        click.echo(f"tqc: error: {error['message']}", err=True)
    return result, result.unused_suppressions


@contextmanager
def _collections_skipped(single_check: bool):
    """For one file pair: no cyclic garbage collection from the check to the end of the
    process.  A check makes no reference cycles, and each collection would only walk
    the report and the dictionaries loaded for it (tenths of a second on a big input,
    the interpreter's last collection at exit included), so the collector is paused
    and everything alive after the check is frozen (gc.freeze: never walked again)."""
    if not single_check:
        yield
        return
    enabled = gc.isenabled()
    gc.unfreeze()  # what an earlier check in this process froze may be collected again
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if enabled:
            gc.enable()


def _other_inputs(config, options: dict, *more: str | None) -> list[str]:
    """Files read besides the checked ones (glossaries, reference...): no report may
    overwrite them either."""
    named = (*config.glossaries, options.get("reference_path"), config.suppressions, *more)
    return [path for path in named if path and not path.startswith("@")]


@main.command()
@_input_options
@click.option("--format", "output_format", default=None,
              help="Output format: text (default), json, html, markdown, csv, sarif, junit, github.")
@click.option("--output", "-o", default=None, metavar="FILE|-", help="Write the report here (default stdout).")
@click.option("--output-format", "output_formats", multiple=True, metavar="FORMAT[=PATH]",
              help="One more report, e.g. sarif=tqc.sarif or html=reports/ (a directory: one page "
                   "per pair); may be repeated.")
@click.option("--output-dir", default=None, metavar="DIR",
              help="Put reports with a relative path here (created when missing).")
@click.option("--baseline", "baseline_path", default=None, metavar="FILE",
              help="Hide the findings recorded by 'tqc baseline create'; report only new ones.")
def check(paths, output_formats, **options):
    """Check INPUT (bilingual text, TSV, TMX, XLIFF, PO, CSV), the pair INPUT TARGET
    (Chinese, English), or a batch: a directory, a glob or several files.  A file
    beside a directory or glob is refused unless --batch says it is a batch."""
    from .baseline import describe_hidden, hidden_totals
    from .batch import check_outputs, exit_status, input_files, output_targets, write_outputs

    config, plan, settings = _prepare(paths, options)
    targets = output_targets(config, output_formats)
    inputs = input_files(plan) + _other_inputs(config, options, config.baseline)
    if not config.output_dir:  # a configured output-dir is created when writing
        check_outputs(targets, inputs, plan.batch)
    with _collections_skipped(not plan.batch):
        result, unused = _run(plan, settings, config)
        write_outputs(result, targets, inputs, _use_colour(), config.output_dir)
    note = describe_hidden(hidden_totals(getattr(result, "reports", [result])), unused)
    if note:
        click.echo(f"tqc: {note}", err=True)
    sys.exit(exit_status(result, config.fail_on))


@main.group("baseline")
def baseline_group():
    """Known findings: record them once, then report only new ones (check --baseline)."""


@baseline_group.command("create")
@_input_options
@click.option("--output", "-o", default=None, metavar="FILE",
              help="Where to write the baseline (default: the config's baseline, else tqc-baseline.json).")
def baseline_create_command(paths, output, **options):
    """Record the current findings of the inputs as fingerprints (no line numbers)."""
    from .baseline import render_baseline
    from .batch import input_files
    from .output import write_report

    config, plan, settings = _prepare(paths, options, use_baseline=False)
    result, _ = _run(plan, settings, config)
    reports = getattr(result, "reports", [result])
    destination = output or config.baseline or "tqc-baseline.json"
    write_report(render_baseline(reports, destination, __version__), destination,
                 input_files(plan) + _other_inputs(config, options))
    total = sum(len(report.findings) for report in reports)
    click.echo(f"tqc: baseline of {total} finding{'s' if total != 1 else ''} in "
               f"{len(reports)} file pair{'s' if len(reports) != 1 else ''} written to {destination}",
               err=True)
    sys.exit(2 if getattr(result, "errors", None) else 0)


@main.group("config")
def config_group():
    """The effective configuration."""


@config_group.command("show")
@click.option("--config", "config_path", default=None, metavar="FILE",
              help="Config file (tqc.toml or pyproject.toml); default: found by walking up.")
@click.option("--preset", default=None, type=_preset_choice(), help="Show the settings with this preset.")
def config_show_command(config_path, preset):
    """Print the effective configuration and where each value came from."""
    from .config import describe, load_settings

    click.echo(describe(load_settings(config_path, preset)), nl=False)


@main.command("align")
@click.argument("source_path", metavar="SRC")
@click.argument("target_path", metavar="[TGT]", required=False)
@click.option("--segmented", is_flag=True, help="Each line is one sentence, used as is.")
@click.option("--format", "output_format", type=click.Choice(["beads", "json", "tsv"]),
              default="beads", show_default=True)
@click.option("--glossary", "glossaries", multiple=True, metavar="FILE|@NAME",
              help="Glossary whose term pairs count as evidence, as in 'tqc check'; may be repeated.")
def align_command(source_path, target_path, segmented, output_format, glossaries):
    """Align SRC (Chinese) with TGT (English) and print the beads.

    Without TGT, SRC is one file holding both languages (read as 'tqc check' reads
    it).  With --segmented, SRC and TGT hold one sentence per line."""
    from .align import align, beads_to_lines
    from .model import Report
    from .pipeline import load_glossaries
    from .reading import read_inputs, read_segmented
    from .reporters.json_report import report_dict
    from .segment import segment

    glossary = load_glossaries(list(glossaries)) if glossaries else None
    for warning in glossary.warnings if glossary else ():
        click.echo(f"tqc: warning: {warning}", err=True)
    if segmented:
        if target_path is None:
            raise InputError(source_path, "--segmented needs two files, SRC and TGT, each one sentence per line")
        source_segments = read_segmented(source_path, "zh")
        target_segments = read_segmented(target_path, "en")
        source_doc = target_doc = None
    else:
        bitext = read_inputs(source_path, target_path)
        source_segments = segment(bitext.source, bitext.prealigned)
        target_segments = segment(bitext.target, bitext.prealigned)
        source_doc, target_doc = bitext.source, bitext.target
    beads = align(source_segments, target_segments, glossary)
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
    from .output import check_destination, write_report
    from .pipeline import load_glossaries

    inputs = [draft_path, edited_path, source_path,
              *(path for path in glossaries if not path.startswith("@"))]
    check_destination(output, inputs)
    comparison = compare_files(draft_path, edited_path, source_path,
                               load_glossaries(list(glossaries)), segmented)
    write_report(render_comparison(comparison, output_format, show_unchanged), output, inputs)


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


@main.group("glossary")
def glossary_group():
    """Glossary tools: lint a glossary file, list the shipped glossaries."""


@glossary_group.command("lint")
@click.argument("path", metavar="FILE|@NAME")
def glossary_lint_command(path):
    """Report duplicate, conflicting, shadowed and malformed entries, each with its line.

    Exits 1 when an error or warning is found (info lines alone exit 0)."""
    from .glossary import lint_glossary, resolve_glossary_path
    from .reading import read_bytes

    resolved = resolve_glossary_path(path)
    issues = lint_glossary(read_bytes(resolved), resolved)
    for issue in issues:
        click.echo(str(issue))
    serious = sum(issue.severity in ("error", "warning") for issue in issues)
    click.echo(f"{len(issues)} problem{'s' if len(issues) != 1 else ''} "
               f"({serious} error or warning)", err=True)
    sys.exit(1 if serious else 0)


@glossary_group.command("list")
def glossary_list_command():
    """List the glossaries shipped with tqc (use them as --glossary @NAME)."""
    from .glossary import load_glossary, shipped_glossaries

    for name in shipped_glossaries():
        glossary = load_glossary(f"@{name}")
        click.echo(f"@{name:<12} {len(glossary.terms):>4} terms")


@main.group("terms")
def terms_group():
    """Term mining."""


@terms_group.command("suggest")
@click.argument("source_path", metavar="ZH")
@click.argument("target_path", metavar="EN", required=False)
@click.option("--top", default=20, show_default=True, type=click.IntRange(1, 10000),
              help="How many suggestions.")
@click.option("--output", "-o", default=None, metavar="FILE",
              help="Write the glossary TSV here (default stdout).")
def terms_suggest_command(source_path, target_path, top, output):
    """Propose glossary entries from ZH and its translation EN (or one bilingual file).

    Frequent Chinese terms (jieba TF-IDF and noun phrases) are paired with their most
    consistent aligned English n-gram; the TSV works with --glossary."""
    from .output import check_destination, write_report
    from .terms import suggest_from_files, suggestions_tsv

    inputs = [source_path, target_path]
    check_destination(output, inputs)
    write_report(suggestions_tsv(suggest_from_files(source_path, target_path, top)), output, inputs)


if __name__ == "__main__":  # pragma: no cover
    main()
