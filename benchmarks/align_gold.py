"""Score tqc's alignment against hand-made gold alignments (your own texts).

    python benchmarks/align_gold.py ZH EN GOLD [ZH EN GOLD ...] [--no-baseline] [--show-errors]

ZH and EN hold one sentence per line, as ``tqc align --segmented`` reads them (the
input of hunalign, Vecalign and Bertalign).  GOLD holds one bead per line in the
format ``tqc align --format beads`` prints and Vecalign and Bertalign use for their
gold files: ``[0]:[0,1]``, with ``[]`` for a sentence that has no counterpart.  Several
triples are scored together, as one corpus.

It prints strict and lax precision, recall and F1 (the definitions of Vecalign's and
Bertalign's scorer, the same code as align_bench.py), the recall and precision of 1-0
beads (Chinese sentences the English leaves out), and, when the PyPI ``galechurch``
package is installed (``pip install '.[bench]'``), Gale-Church's scores on the same
files beside them.  Issue #3's targets on real texts: strict F1 >= 0.92 political,
>= 0.99 medical, >= 0.85 literary; lax F1 >= 0.97 everywhere.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from align_bench import Bead, Scores  # noqa: E402
from tqc.align import align  # noqa: E402
from tqc.errors import InputError  # noqa: E402
from tqc.reading import read_segmented  # noqa: E402

_BEAD_LINE = re.compile(r"\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*")


def _indices(field: str) -> tuple[int, ...]:
    return tuple(int(number) for number in field.split(",") if number.strip())


def read_gold(path: str, source_count: int, target_count: int) -> list[Bead]:
    """The beads of a gold file: every sentence of each side in exactly one bead, as
    Vecalign's and Bertalign's gold files have them.  A malformed line, an index out
    of range or in two beads, or a sentence in none is an InputError."""
    beads: list[Bead] = []
    seen: tuple[dict[int, int], dict[int, int]] = ({}, {})  # sentence -> line of its bead
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            match = _BEAD_LINE.fullmatch(line.rstrip("\r\n"))
            if match is None:
                raise InputError(path, f"expected a bead such as [0]:[0,1], found {line.strip()[:40]!r}",
                                 line=number)
            source, target = _indices(match.group(1)), _indices(match.group(2))
            if any(i >= source_count for i in source) or any(j >= target_count for j in target):
                raise InputError(path, f"bead {line.strip()} names a sentence past the end of the "
                                       f"texts ({source_count} Chinese, {target_count} English)",
                                 line=number)
            for side, indices in zip(seen, (source, target)):
                for index in indices:
                    if index in side:
                        raise InputError(path, f"sentence {index} is in two beads (lines "
                                               f"{side[index]} and {number})", line=number)
                    side[index] = number
            beads.append((source, target))
    for side, count, language in zip(seen, (source_count, target_count), ("Chinese", "English")):
        missing = [index for index in range(count) if index not in side]
        if missing:
            raise InputError(path, f"{language} sentence {missing[0]} is in no bead "
                                   f"({len(missing)} missing): every sentence needs one")
    return beads


def tqc_beads(source, target) -> list[Bead]:
    return [(bead.source, bead.target) for bead in align(source, target)]


def galechurch_beads(source, target) -> list[Bead]:
    import galechurch

    # mean_xy acts as source characters per target character: ~1/3.3 for zh -> en.
    block = galechurch.align([s.text for s in source], [t.text for t in target], mean_xy=1 / 3.3)
    return [(tuple(range(b.source_start, b.source_end)), tuple(range(b.target_start, b.target_end)))
            for b in block.beads]


def _has_galechurch() -> bool:
    try:
        import galechurch  # noqa: F401
    except ImportError:
        return False
    return True


def _wrong_beads(gold: list[Bead], test: list[Bead]) -> list[Bead]:
    gold_set = set(gold)
    return [bead for bead in test if bead not in gold_set and (bead[0] or bead[1])]


def score_files(triples: list[tuple[str, str, str]], baseline: bool, show_errors: bool = False
                ) -> dict[str, dict[str, float]]:
    ours, theirs = Scores(), Scores() if baseline else None
    for zh_path, en_path, gold_path in triples:
        source, target = read_segmented(zh_path, "zh"), read_segmented(en_path, "en")
        gold = read_gold(gold_path, len(source), len(target))
        test = tqc_beads(source, target)
        ours.add(gold, test)
        if theirs is not None:
            theirs.add(gold, galechurch_beads(source, target))
        if show_errors:
            for bead in _wrong_beads(gold, test):
                print(f"{zh_path}: tqc bead {list(bead[0])}:{list(bead[1])} is not in the gold",
                      file=sys.stderr)
    figures = {"tqc": ours.summary()}
    if theirs is not None:
        figures["galechurch"] = theirs.summary()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", metavar="ZH EN GOLD",
                        help="one or more triples of Chinese, English and gold-bead files")
    parser.add_argument("--no-baseline", action="store_true", help="skip Gale-Church")
    parser.add_argument("--show-errors", action="store_true",
                        help="list tqc's beads that are not in the gold, on stderr")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if len(args.files) % 3:
        parser.error("give the files as triples: ZH EN GOLD [ZH EN GOLD ...]")
    triples = [tuple(args.files[k:k + 3]) for k in range(0, len(args.files), 3)]
    baseline = not args.no_baseline and _has_galechurch()
    try:
        figures = score_files(triples, baseline, args.show_errors)
    except (InputError, OSError, UnicodeDecodeError) as error:
        print(f"align_gold: error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(figures, indent=2, sort_keys=True))
        return 0
    names = list(figures)
    print(f"{'':14}" + "".join(f"{name:>12}" for name in names))
    for key in ("strict_p", "strict_r", "strict_f1", "lax_p", "lax_r", "lax_f1",
                "1-0_recall", "1-0_precision"):
        print(f"{key:14}" + "".join(f"{figures[name][key]:12.3f}" for name in names))
    if not baseline and not args.no_baseline:
        print("(galechurch is not installed: pip install '.[bench]' for the baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
