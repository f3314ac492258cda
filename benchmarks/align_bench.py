"""Alignment benchmark: tqc.align against Gale-Church on damaged MQM and TICO-19 zh-en documents.

    python benchmarks/align_bench.py [--seed 13] [--corpus mqm|tico|all] [--system Human-A.0]
                                     [--no-timing] [--no-baseline] [--no-reflow]
                                     [--timing-copies 4]

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

Each corpus is then damaged once more, by hard-wrapping and reflow: every damaged
document is written out as hard-wrapped text (30-40 Han characters or 70-80 English
characters a line, paragraphs marked by blank lines or first-line indents, a page number
and running head at every page break, mid-paragraph), read back through tqc's reading,
reflow and sentence splitting, and aligned as segments.  The beads are scored against
the gold after mapping segments back to gold sentences by their characters (see
``held_sentences`` and ``in_gold_ids``), beside the best score any aligner could reach
on those segments and Gale-Church's on the same segments.
"""
from __future__ import annotations

import argparse
import random
import sys
import textwrap
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import damage  # noqa: E402
from tqc.align import align  # noqa: E402
from tqc.model import Segment  # noqa: E402
from tqc.reading import bitext_from_texts  # noqa: E402
from tqc.segment import segment  # noqa: E402

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


# --- hard-wrapping and reflow ------------------------------------------------------------
# The damaged documents written out as a PDF's text layer or an OCR engine gives them:
# hard-wrapped lines, paragraphs marked by blank lines or by first-line indents, and page
# breaks with a page number and a running head wherever the page ends (mid-paragraph,
# mid-sentence).  They are read back through tqc's own reading, reflow and sentence
# splitting, and the aligner works on the segments that come out.

_ZH_LINE_OPENING_FORBIDDEN = "，。、；：？！”’）》」』…"  # kinsoku: never at a line's start
_ZH_RUNNING_HEADS = ("环球时事评论　第{page}页", "国际新闻周刊·专题报道", "今日要闻　{page}")
_EN_RUNNING_HEADS = ("WORLD AFFAIRS REVIEW  {page}", "International News Weekly", "Page {page} | Daily Report")


def _wrap_zh(text: str, width: int, first_indent: str) -> list[str]:
    lines = []
    line = first_indent
    limit = width
    for char in text:
        if len(line) >= limit and char not in _ZH_LINE_OPENING_FORBIDDEN:
            lines.append(line)
            line = ""
        line += char
    if line.strip():
        lines.append(line)
    return lines


def _wrap_en(text: str, width: int, first_indent: str) -> list[str]:
    return textwrap.wrap(text, width, initial_indent=first_indent, break_long_words=False,
                         break_on_hyphens=False)


def hard_wrapped(sentences: list[str], paragraphs: list[int], lang: str, rng: random.Random) -> str:
    """``sentences`` (paragraph index per sentence) as hard-wrapped text: a width, a
    paragraph style (blank lines or first-line indents) and a page length drawn from
    ``rng``, with a page number and running head at every page break."""
    if lang == "zh":
        width, wrap, joiner = rng.randint(30, 40), _wrap_zh, ""
        indent, heads = "\u3000\u3000", _ZH_RUNNING_HEADS
    else:
        width, wrap, joiner = rng.randint(70, 80), _wrap_en, " "
        indent, heads = "    ", _EN_RUNNING_HEADS
    indented = rng.random() < 0.5
    page_lines = rng.randint(24, 36)
    head = rng.choice(heads)
    form_feed = rng.random() < 0.5
    grouped: dict[int, list[str]] = {}
    for sentence, paragraph in zip(sentences, paragraphs):
        grouped.setdefault(paragraph, []).append(sentence)
    out: list[str] = []
    page, on_page = 1, 0
    for position, paragraph in enumerate(grouped.values()):
        if position and not indented:
            out.append("")
        for line in wrap(joiner.join(paragraph), width, indent if indented else ""):
            if on_page == page_lines:  # page break: number, blank, running head, blank
                page += 1
                on_page = 0
                out.extend(["", ("\f" if form_feed else "") + str(page), "",
                            head.format(page=page), ""])
            out.append(line)
            on_page += 1
    return "\n".join(out) + "\n"


def _visible(texts: list[str]) -> tuple[str, list[int]]:
    """The non-space characters of ``texts`` run together, and the text each came from."""
    chars, owners = [], []
    for position, text in enumerate(texts):
        for char in text:
            if not char.isspace():
                chars.append(char)
                owners.append(position)
    return "".join(chars), owners


_RESYNC = 8          # characters that must agree to pick up the thread again...
_RESYNC_WINDOW = 600  # ...within this many characters


def character_counts(sentences: list[str], segments: list[str]) -> Counter:
    """(sentence, segment) -> how many non-space characters of the sentence the segment holds.

    The non-space characters of the segments are matched in order against those of the
    sentences; where they part (text reflow added, dropped or changed), the match picks
    up again at the nearest place where the next few characters agree."""
    original, sentence_of = _visible(sentences)
    produced, segment_of = _visible(segments)
    counts: Counter = Counter()
    i = j = 0
    while i < len(produced) and j < len(original):
        if produced[i] == original[j]:
            counts[sentence_of[j], segment_of[i]] += 1
            i += 1
            j += 1
            continue
        ahead_produced = produced.find(original[j:j + _RESYNC], i + 1, i + _RESYNC_WINDOW)
        ahead_original = original.find(produced[i:i + _RESYNC], j + 1, j + _RESYNC_WINDOW)
        skip_produced = ahead_produced - i if ahead_produced >= 0 else None
        skip_original = ahead_original - j if ahead_original >= 0 else None
        if skip_produced is not None and (skip_original is None or skip_produced <= skip_original):
            i = ahead_produced  # text reflow added (a running head it kept)
        elif skip_original is not None:
            j = ahead_original  # text reflow dropped
        else:
            i += 1
            j += 1
    return counts


def held_sentences(sentences: list[str], segments: list[str]) -> list[tuple[int, ...]]:
    """Gold sentence ids per segment: the sentence holding most of the segment's
    characters, and every sentence most of whose characters the segment holds (two
    sentences the splitter did not part, a headline run into the next line).  A segment
    of no sentence (a running head reflow kept) holds none."""
    counts = character_counts(sentences, segments)
    best_sentence: dict[int, tuple[int, int]] = {}
    best_segment: dict[int, tuple[int, int]] = {}
    for (sentence, segment_id), count in sorted(counts.items()):
        if count > best_sentence.get(segment_id, (0, 0))[0]:
            best_sentence[segment_id] = (count, sentence)
        if count > best_segment.get(sentence, (0, 0))[0]:
            best_segment[sentence] = (count, segment_id)
    held: list[set[int]] = [set() for _ in segments]
    for segment_id, (_, sentence) in best_sentence.items():
        held[segment_id].add(sentence)
    for sentence, (_, segment_id) in best_segment.items():
        held[segment_id].add(sentence)
    return [tuple(sorted(ids)) for ids in held]


@dataclass
class ReflowedDoc:
    """A damaged document after hard-wrapping and tqc's reading, reflow and splitting."""

    doc: damage.DamagedDoc
    zh_segments: list[Segment]
    en_segments: list[Segment]
    zh_held: list[tuple[int, ...]]   # gold sentence ids per segment
    en_held: list[tuple[int, ...]]


def reflowed(doc: damage.DamagedDoc, rng: random.Random) -> ReflowedDoc:
    zh_text = hard_wrapped(doc.zh, doc.zh_paragraphs, "zh", rng)
    en_text = hard_wrapped(doc.en, doc.en_paragraphs, "en", rng)
    if doc.zh and doc.en:
        bitext = bitext_from_texts(zh_text, en_text, f"{doc.name}.zh.txt", f"{doc.name}.en.txt")
        zh_segments, en_segments = segment(bitext.source), segment(bitext.target)
    else:  # a side with no text at all is no file to read
        zh_segments = segments(doc.zh, doc.zh_paragraphs)
        en_segments = segments(doc.en, doc.en_paragraphs)
    return ReflowedDoc(doc, zh_segments, en_segments,
                       held_sentences(doc.zh, [s.text for s in zh_segments]),
                       held_sentences(doc.en, [s.text for s in en_segments]))


def _joined(beads: list[tuple[set[int], set[int]]]) -> list[Bead]:
    """Beads that share a gold sentence on either side joined, with those between them."""
    result: list[tuple[set[int], set[int]]] = []
    for zh, en in beads:
        first = len(result)
        for position, (zh_seen, en_seen) in enumerate(result):
            if zh & zh_seen or en & en_seen:
                first = position
                break
        for zh_seen, en_seen in result[first:]:
            zh, en = zh | zh_seen, en | en_seen
        del result[first:]
        result.append((zh, en))
    return [(tuple(sorted(zh)), tuple(sorted(en))) for zh, en in result]


def in_gold_ids(beads: list[Bead], reflowed_doc: ReflowedDoc) -> list[Bead]:
    """Beads over segments as beads over gold sentences: each bead takes the sentences
    its segments hold, and beads that share a sentence are joined (a sentence is the
    unit gold knows: an aligner that cut one across two beads said where its pieces
    go, not whether the sentence is translated).  A bead that holds none is dropped."""
    zh_held, en_held = reflowed_doc.zh_held, reflowed_doc.en_held
    mapped = []
    for source, target in beads:
        zh = {sentence for k in source for sentence in zh_held[k]}
        en = {sentence for k in target for sentence in en_held[k]}
        if zh or en:
            mapped.append((zh, en))
    return _joined(mapped)


def best_possible(reflowed_doc: ReflowedDoc) -> list[Bead]:
    """The gold beads as the segments allow them: what an aligner that is always right
    could reach through :func:`in_gold_ids` (the ceiling reflow and splitting leave)."""
    zh_holders: dict[int, list[int]] = defaultdict(list)
    en_holders: dict[int, list[int]] = defaultdict(list)
    for k, held in enumerate(reflowed_doc.zh_held):
        for sentence in held:
            zh_holders[sentence].append(k)
    for k, held in enumerate(reflowed_doc.en_held):
        for sentence in held:
            en_holders[sentence].append(k)
    beads = [(tuple(sorted({k for i in zh for k in zh_holders[i]})),
              tuple(sorted({k for j in en for k in en_holders[j]})))
             for zh, en in reflowed_doc.doc.gold]
    return in_gold_ids(beads, reflowed_doc)


def run_tqc_reflowed(doc: ReflowedDoc) -> list[Bead]:
    return [(bead.source, bead.target) for bead in align(doc.zh_segments, doc.en_segments)]


def run_galechurch_reflowed(doc: ReflowedDoc) -> list[Bead]:
    import galechurch

    zh = [segment.text for segment in doc.zh_segments]
    en = [segment.text for segment in doc.en_segments]
    if not zh or not en:
        return [((k,), ()) for k in range(len(zh))] + [((), (k,)) for k in range(len(en))]
    block = galechurch.align(zh, en, mean_xy=1 / 3.3)
    return [(tuple(range(b.source_start, b.source_end)), tuple(range(b.target_start, b.target_end)))
            for b in block.beads]


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
    print(f"  {label:<13} " + "  ".join(f"{key} {value:.4f}" for key, value in summary.items()))


def _reflow_block(docs: list[damage.DamagedDoc], seed: int, baseline: bool) -> None:
    """The same documents hard-wrapped, then read, reflowed and split by tqc: scores of
    the beads over segments, mapped back to gold sentence ids."""
    rng = random.Random(seed)
    ours, theirs, ceiling = Scores(), Scores(), Scores()
    zh_segments = en_segments = zh_shared = en_shared = 0
    for doc in docs:
        reflowed_doc = reflowed(doc, rng)
        zh_segments += len(reflowed_doc.zh_segments)
        en_segments += len(reflowed_doc.en_segments)
        zh_shared += sum(len(held) > 1 for held in reflowed_doc.zh_held)
        en_shared += sum(len(held) > 1 for held in reflowed_doc.en_held)
        ceiling.add(doc.gold, best_possible(reflowed_doc))
        ours.add(doc.gold, in_gold_ids(run_tqc_reflowed(reflowed_doc), reflowed_doc))
        if baseline:
            theirs.add(doc.gold, in_gold_ids(run_galechurch_reflowed(reflowed_doc), reflowed_doc))
    print(f"  hard-wrapped, read back and reflowed by tqc: {zh_segments} zh / {en_segments} en "
          f"segments ({zh_shared} zh / {en_shared} en hold more than one gold sentence)")
    _print_scores("best possible", ceiling.summary())
    _print_side_by_side(ours, theirs if baseline else None)


def _print_side_by_side(ours: "Scores", theirs: "Scores | None") -> None:
    """tqc's scores, and galechurch's with their ratio when the baseline ran."""
    mine = ours.summary()
    _print_scores("tqc", mine)
    if theirs is not None:
        base = theirs.summary()
        _print_scores("galechurch", base)
        print("  ratio tqc/galechurch: " + "  ".join(
            f"{key} {mine[key] / base[key]:.2f}" if base[key] else f"{key} n/a" for key in mine))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--system", action="append", help="MQM reference system (repeatable); "
                        "default Human-A.0 and Human-B.0")
    parser.add_argument("--corpus", choices=("mqm", "tico", "all"), default="all",
                        help="MQM newstest2020 news (tuning), TICO-19 medical/Wikipedia (check), or both")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-reflow", action="store_true",
                        help="skip the hard-wrapped and reflowed copy of each corpus")
    parser.add_argument("--lexical-noise", type=float, default=0.0, metavar="RATE",
                        help="replace this share of the English words by random words of the "
                             "corpus (a free translation's thin lexical evidence; default 0)")
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
        docs = damage.lexical_noise(build(), args.lexical_noise, args.seed)
        total = damage.concatenated(docs)
        noise = f", {args.lexical_noise:.0%} of the English words random" if args.lexical_noise else ""
        print(f"{label}: {len(docs)} documents, {len(total.zh)} zh / {len(total.en)} en sentences; "
              f"damage {total.damage}{noise}")
        ours, theirs = Scores(), Scores()
        ours_seconds = 0.0
        for doc in docs:
            start = time.process_time()
            ours.add(doc.gold, run_tqc(doc))
            ours_seconds += time.process_time() - start
            if baseline:
                theirs.add(doc.gold, run_galechurch(doc))
        _print_side_by_side(ours, theirs if baseline else None)
        print(f"  tqc time {ours_seconds:.2f}s for {len(docs)} documents")
        if not args.no_reflow:
            _reflow_block(docs, args.seed, baseline)
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
