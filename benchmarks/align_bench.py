"""Alignment benchmark: tqc.align against Gale-Church on damaged MQM and TICO-19 zh-en documents.

    python benchmarks/align_bench.py [--seed 13] [--corpus mqm|tico|all] [--system Human-A.0]
                                     [--no-timing] [--no-baseline] [--timing-copies 4]

Builds documents from ../shared/data/mqm-newstest2020-zhen (news; the corpus the
settings were tuned on) and ../shared/data/tico19 (COVID-19 medical and Wikipedia
texts, translated from English: a check that they carry over), damages them (see
damage.py), aligns each one with tqc.align.align and with the PyPI ``galechurch``
package (``pip install '.[bench]'``), and prints strict/lax precision, recall and F1
(the definitions of Vecalign's and Bertalign's scorer), plus recall and precision of 1-0
beads (Chinese sentences with no English).  Then it times align() alone against
jieba.lcut on the same Chinese, on a ~6,000 x 5,000 sentence document and on four times
that.  Times are CPU time of this process (time.process_time), so that other load on
the machine skews the ratio less; the dictionaries of both are loaded before timing.

Hard-wrapping and reflow are not simulated here: reflow is its own stage, tested on its
own, and the aligner only ever sees the segments it produces.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import damage  # noqa: E402
from tqc.align import align  # noqa: E402
from tqc.model import Segment  # noqa: E402

Bead = tuple[tuple[int, ...], tuple[int, ...]]


def segments(texts: list[str], paragraphs: list[int]) -> list[Segment]:
    return [Segment(k, text, paragraphs[k], 0, len(text), k + 1) for k, text in enumerate(texts)]


# --- scoring (Vecalign's score.py semantics) -------------------------------------------

def _true_positives(gold: list[Bead], test: list[Bead]) -> tuple[int, int, int, int]:
    """(strict tp, strict fp, lax tp, lax fp) of ``test`` against ``gold``."""
    gold_set = {bead for bead in gold if bead[0] or bead[1]}
    test_set = {bead for bead in test if bead[0] or bead[1]}
    gold_targets: dict[int, set[int]] = defaultdict(set)
    for source, target in gold_set:
        for i in source:
            gold_targets[i].update(target)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for source, target in test_set:
        if (source, target) in gold_set:
            tp_strict += 1
            tp_lax += 1
        else:
            fp_strict += 1
            linked = set().union(*(gold_targets[i] for i in source)) if source else set()
            if linked & set(target):
                tp_lax += 1
            else:
                fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


class Scores:
    def __init__(self) -> None:
        self.precision = [0, 0, 0, 0]
        self.recall = [0, 0, 0, 0]
        self.omitted_gold = self.omitted_test = self.omitted_hit = 0

    def add(self, gold: list[Bead], test: list[Bead]) -> None:
        for total, part in ((self.precision, _true_positives(gold, test)),
                            (self.recall, _true_positives(test, gold))):
            for k, value in enumerate(part):
                total[k] += value
        gold_omitted = {s[0] for s, t in gold if len(s) == 1 and not t}
        test_omitted = {s[0] for s, t in test if len(s) == 1 and not t}
        self.omitted_gold += len(gold_omitted)
        self.omitted_test += len(test_omitted)
        self.omitted_hit += len(gold_omitted & test_omitted)

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> dict[str, float]:
        ps = self.precision[0] / max(1, self.precision[0] + self.precision[1])
        rs = self.recall[0] / max(1, self.recall[0] + self.recall[1])
        pl = self.precision[2] / max(1, self.precision[2] + self.precision[3])
        rl = self.recall[2] / max(1, self.recall[2] + self.recall[3])
        return {
            "strict_p": ps, "strict_r": rs, "strict_f1": self._f1(ps, rs),
            "lax_p": pl, "lax_r": rl, "lax_f1": self._f1(pl, rl),
            "1-0_recall": self.omitted_hit / max(1, self.omitted_gold),
            "1-0_precision": self.omitted_hit / max(1, self.omitted_test),
        }


# --- aligners ----------------------------------------------------------------------------

def run_tqc(doc: damage.DamagedDoc) -> list[Bead]:
    beads = align(segments(doc.zh, doc.zh_paragraphs), segments(doc.en, doc.en_paragraphs))
    return [(bead.source, bead.target) for bead in beads]


def run_galechurch(doc: damage.DamagedDoc) -> list[Bead]:
    import galechurch

    # mean_xy acts as source characters per target character: ~1/3.3 for zh -> en.
    block = galechurch.align(doc.zh, doc.en, mean_xy=1 / 3.3)
    return [(tuple(range(b.source_start, b.source_end)), tuple(range(b.target_start, b.target_end)))
            for b in block.beads]


def _bead_fields_probe() -> None:
    """galechurch's Bead field names, checked once so a rename fails loudly here."""
    import galechurch

    bead = galechurch.align(["一。"], ["One."]).beads[0]
    for name in ("source_start", "source_end", "target_start", "target_end"):
        if not hasattr(bead, name):
            raise SystemExit(f"galechurch Bead has no {name!r}: {bead!r}")


# --- timing --------------------------------------------------------------------------------

def timing_document(copies: int, seed: int) -> damage.DamagedDoc:
    """Copies of the corpus in one document, damaged so that English has ~5/6 the sentences."""
    rates = damage.DamageRates(merge_en=0.16, delete_en=0.06, add_en=0.02)
    parts = []
    for copy in range(copies):
        system = "Human-A.0" if copy % 2 == 0 else "Human-B.0"
        parts.extend(damage.damaged_corpus(seed + copy, system, rates))
    return damage.concatenated(parts, f"x{copies}")


def time_pair(doc: damage.DamagedDoc) -> tuple[float, float, list[Bead]]:
    """(align CPU seconds, jieba.lcut CPU seconds, beads) on one document."""
    from tqc.align import prepare
    from tqc.lexicon import jieba_tokenizer

    tokenizer = jieba_tokenizer()  # quiet, dictionary loaded before timing
    prepare()  # likewise tqc's dictionary index and pinyin tables
    start = time.process_time()
    for text in doc.zh:
        tokenizer.lcut(text)
    jieba_seconds = time.process_time() - start
    source, target = segments(doc.zh, doc.zh_paragraphs), segments(doc.en, doc.en_paragraphs)
    start = time.process_time()
    beads = align(source, target)
    align_seconds = time.process_time() - start
    return align_seconds, jieba_seconds, [(b.source, b.target) for b in beads]


def _print_scores(label: str, summary: dict[str, float]) -> None:
    print(f"  {label:<12} " + "  ".join(f"{key} {value:.4f}" for key, value in summary.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--system", action="append", help="MQM reference system (repeatable); "
                        "default Human-A.0 and Human-B.0")
    parser.add_argument("--corpus", choices=("mqm", "tico", "all"), default="all",
                        help="MQM newstest2020 news (tuning), TICO-19 medical/Wikipedia (check), or both")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--timing-copies", type=int, default=4,
                        help="corpus copies in the timing document (4 ~ 6,000 Chinese sentences)")
    args = parser.parse_args(argv)
    if not damage.DATA.exists():
        print(f"data not found: {damage.DATA}", file=sys.stderr)
        return 2
    baseline = not args.no_baseline
    if baseline:
        try:
            _bead_fields_probe()
        except ImportError:
            print("galechurch is not installed (pip install '.[bench]'): baseline skipped")
            baseline = False
    corpora = []
    if args.corpus in ("mqm", "all"):
        for system in args.system or ["Human-A.0", "Human-B.0"]:
            corpora.append((system, lambda system=system: damage.damaged_corpus(args.seed, system)))
    if args.corpus in ("tico", "all"):
        if damage.TICO.exists():
            corpora.append(("TICO-19", lambda: damage.damaged_documents(
                damage.load_tmx_documents(), args.seed)))
        else:
            print(f"data not found: {damage.TICO}: TICO-19 skipped")
    for label, build in corpora:
        docs = build()
        total = damage.concatenated(docs)
        print(f"{label}: {len(docs)} documents, {len(total.zh)} zh / {len(total.en)} en sentences; "
              f"damage {total.damage}")
        ours, theirs = Scores(), Scores()
        ours_seconds = 0.0
        for doc in docs:
            start = time.process_time()
            ours.add(doc.gold, run_tqc(doc))
            ours_seconds += time.process_time() - start
            if baseline:
                theirs.add(doc.gold, run_galechurch(doc))
        mine = ours.summary()
        _print_scores("tqc", mine)
        if baseline:
            base = theirs.summary()
            _print_scores("galechurch", base)
            print("  ratio tqc/galechurch: " + "  ".join(
                f"{key} {mine[key] / base[key]:.2f}" if base[key] else f"{key} n/a" for key in mine))
        print(f"  tqc time {ours_seconds:.2f}s for {len(docs)} documents")
    if not args.no_timing:
        base_doc = timing_document(args.timing_copies, args.seed)
        big_doc = timing_document(4 * args.timing_copies, args.seed)
        results = []
        for doc in (base_doc, big_doc):
            align_seconds, jieba_seconds, beads = time_pair(doc)
            scores = Scores()
            scores.add(doc.gold, beads)
            summary = scores.summary()
            results.append(align_seconds)
            print(f"timing {doc.name}: {len(doc.zh)} x {len(doc.en)} sentences, "
                  f"{sum(map(len, doc.zh))} Chinese chars: align {align_seconds:.2f}s, "
                  f"jieba.lcut {jieba_seconds:.2f}s, ratio {align_seconds / jieba_seconds:.2f}; "
                  f"strict F1 {summary['strict_f1']:.4f}, 1-0 R/P "
                  f"{summary['1-0_recall']:.3f}/{summary['1-0_precision']:.3f}")
        print(f"scaling: 4x the text took {results[1] / results[0]:.2f}x the time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
