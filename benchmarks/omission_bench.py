"""Omission and truncation benchmark on MQM newstest2020 zh-en (../shared/data).

    python benchmarks/omission_bench.py [--seed 13] [--system Human-A.0] [--fit]

1. OM03 on the pre-aligned MQM pairs.  Positives: at least one rater marked a Major
   omission; negatives: no rater marked any error; other rows are not scored (they
   still count towards their document's own length-ratio distribution).  Post-edit
   artefact rows are dropped.  Documents are split dev/test by a CRC32 of their name;
   only the test half is reported, side by side with the baseline "flag when the
   English/Chinese length ratio is below the 5th percentile" (the percentile taken on
   the dev half), and with that baseline again at OM03's false-positive rate.  The
   calibration line reads the dev half: the share of findings with confidence >= 0.8
   that are real.
2. OM03 on clause cuts: the test half's error-free human translations as negatives,
   and the same translations with one clause (four or more words, cut at a comma or
   semicolon) removed as positives: the omission an editor makes by hand.
3. OM01, TR01 and TR02 on documents rebuilt from the same data and damaged by
   benchmarks/damage.py (sentences deleted, paragraph tails dropped or cut), plus one
   paragraph per document in five cut mid-way with the rest of its English dropped
   (a page break never resumed: TR02's case).  Sentence-level precision, recall, F1
   and false-positive rate, per code and for deleted / cut sentences as a whole, on the
   test half's documents (``--half dev|all`` for the others).

``--fit`` refits OM03's logistic weights on the dev half's clause cuts and prints them
(the values in tqc/coverage.py came from this).
"""
from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import damage  # noqa: E402
from tqc.align import align  # noqa: E402
from tqc.coverage import (OMISSION_WEIGHTS, fit_length_model, omission_evidence,  # noqa: E402
                          source_chars, target_chars)
from tqc.glossary import Glossary  # noqa: E402
from tqc.lexicon import segment_chinese  # noqa: E402
from tqc.model import Bead, Document, Paragraph, Segment  # noqa: E402
from tqc.rules import CheckContext  # noqa: E402
from tqc.rules.omission import PartialOmission, UntranslatedSentence  # noqa: E402
from tqc.rules.truncation import find_cuts  # noqa: E402

CALIBRATION_LEVEL = 0.8
BASELINE_PERCENTILE = 5.0


def split_of(doc: str) -> str:
    return "dev" if zlib.crc32(doc.encode("utf-8")) % 2 == 0 else "test"


# --- building contexts ------------------------------------------------------------------

def _side(paragraphs: list[list[str]], lang: str, kind: str) -> tuple[Document, list[Segment]]:
    joiner = "" if lang == "zh" else " "
    built, segments = [], []
    for index, sentences in enumerate(paragraphs):
        text = ""
        for sentence in sentences:
            if text:
                text += joiner
            start = len(text)
            text += sentence
            segments.append(Segment(len(segments), sentence, index, start, len(text), index + 1, kind))
        built.append(Paragraph(index, text, kind, ((0, index + 1),)))
    return Document(f"<{lang}>", lang, built), segments


def _grouped(texts: list[str], paragraph_of: list[int]) -> list[list[str]]:
    groups: dict[int, list[str]] = defaultdict(list)
    for text, paragraph in zip(texts, paragraph_of):
        groups[paragraph].append(text)
    return [groups[key] for key in sorted(groups)]


def unit_context(pairs: list[tuple[str, str]]) -> CheckContext:
    """Pre-aligned pairs, one unit per row, as tqc reads a TSV."""
    source, source_segments = _side([[zh] for zh, _ in pairs], "zh", "unit")
    target, target_segments = _side([[en] for _, en in pairs], "en", "unit")
    beads = [Bead((i,), (i,), 1.0) for i in range(len(pairs))]
    return CheckContext(source, target, source_segments, target_segments, beads, Glossary(), True)


def document_context(zh: list[str], en: list[str], zh_paragraphs: list[int],
                     en_paragraphs: list[int]) -> CheckContext:
    """A rebuilt document, aligned by tqc.align as the pipeline would."""
    source, source_segments = _side(_grouped(zh, zh_paragraphs), "zh", "body")
    target, target_segments = _side(_grouped(en, en_paragraphs), "en", "body")
    beads = align(source_segments, target_segments)
    return CheckContext(source, target, source_segments, target_segments, beads, Glossary(), False)


# --- scores -----------------------------------------------------------------------------------

@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, predicted: bool, real: bool) -> None:
        if predicted and real:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif real:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def fpr(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    def line(self) -> str:
        return (f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"FPR {self.fpr:.3f}  (tp {self.tp} fp {self.fp} fn {self.fn} tn {self.tn})")


def counts_at(scored: list[tuple[float, bool]], threshold: float) -> Counts:
    counts = Counts()
    for score, real in scored:
        counts.add(score >= threshold, real)
    return counts


def roc_auc(scored: list[tuple[float, bool]]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    ranked = sorted(scored, key=lambda item: item[0])
    positives = sum(1 for _, real in ranked if real)
    negatives = len(ranked) - positives
    if not positives or not negatives:
        return float("nan")
    rank_sum, position = 0.0, 0
    while position < len(ranked):
        end = position
        while end < len(ranked) and ranked[end][0] == ranked[position][0]:
            end += 1
        average_rank = (position + end + 1) / 2.0  # ranks are 1-based
        rank_sum += average_rank * sum(1 for _, real in ranked[position:end] if real)
        position = end
    return (rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives)


def counts_at_fpr(scored: list[tuple[float, bool]], fpr: float) -> Counts:
    """Flag the highest scores until the false-positive rate would exceed ``fpr``."""
    negatives = sum(1 for _, real in scored if not real)
    allowed = math.floor(fpr * negatives + 1e-9)
    ranked = sorted(scored, key=lambda item: -item[0])
    counts, false = Counts(), 0
    for position, (score, real) in enumerate(ranked):
        if not real:
            false += 1
        if false > allowed:
            for _, rest_real in ranked[position:]:
                counts.add(False, rest_real)
            break
        counts.add(True, real)
    return counts


# --- MQM pairs -------------------------------------------------------------------------------

def load_rows(path: Path = damage.DATA) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [row for row in map(json.loads, handle) if not row["postedit_artifact"]]


def label_of(row: dict) -> bool | None:
    if row["omission_major_raters"] >= 1:
        return True
    if row["any_error_raters"] == 0:
        return False
    return None


def files_of(rows: list[dict]) -> list[list[dict]]:
    """The rows of each (document, system) pair, in segment order: one translated file
    each, in a fixed order."""
    by_file: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        by_file[(row["doc"], row["system"])].append(row)
    return [sorted(by_file[key], key=lambda row: row["seg"]) for key in sorted(by_file)]


def modelled_files(rows: list[dict]):
    """For each file of :func:`files_of`: (its rows, its own length model, the Chinese
    words of each row, segmented in one batch as a check does)."""
    for group in files_of(rows):
        yield (group, fit_length_model((row["src"], row["tgt"]) for row in group),
               segment_chinese([row["src"] for row in group]))


def om03_scores(rows: list[dict]) -> list[tuple[dict, float]]:
    """(row, OM03 confidence or 0.0) for every labelled row, each document-system pair
    checked as one pre-aligned file."""
    rule = PartialOmission(None, threshold=0.0)
    result = []
    for group in files_of(rows):
        context = unit_context([(row["src"], row["tgt"]) for row in group])
        confidence = {finding.source.segments[0]: finding.confidence for finding in rule.check(context)}
        for index, row in enumerate(group):
            if label_of(row) is not None:
                result.append((row, confidence.get(index, 0.0)))
    return result


def length_ratio(row: dict) -> float:
    return (target_chars(row["tgt"]) + 1.0) / (source_chars(row["src"]) + 1.0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    position = share / 100.0 * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def report_mqm(rows: list[dict]) -> None:
    scored = om03_scores(rows)
    threshold = PartialOmission.options["threshold"]
    test = [(score, label_of(row)) for row, score in scored if split_of(row["doc"]) == "test"]
    dev = [(score, label_of(row)) for row, score in scored if split_of(row["doc"]) == "dev"]
    positives = sum(1 for _, real in test if real)
    print(f"OM03 on MQM pairs, test half: {positives} Major-omission positives, "
          f"{len(test) - positives} error-free negatives")
    ours = counts_at(test, threshold)
    print(f"  OM03 (confidence >= {threshold})       {ours.line()}")
    print(f"  OM03 (confidence >= {CALIBRATION_LEVEL})       {counts_at(test, CALIBRATION_LEVEL).line()}")
    cutoff = percentile([length_ratio(row) for row in rows if split_of(row["doc"]) == "dev"],
                        BASELINE_PERCENTILE)
    baseline = [(-length_ratio(row), label_of(row)) for row, _ in scored if split_of(row["doc"]) == "test"]
    print(f"  baseline (ratio < p5 = {cutoff:.3f})   {counts_at(baseline, -cutoff).line()}")
    at_fpr = counts_at_fpr(baseline, ours.fpr)
    print(f"  baseline at OM03's FPR            {at_fpr.line()}")
    print(f"  F1 difference at equal FPR: {ours.f1 - at_fpr.f1:+.3f}")
    print(f"  dev half, where the weights were fitted: OM03 (confidence >= {threshold}) "
          f"{counts_at(dev, threshold).line()}")
    calibrated = [real for score, real in dev if score >= CALIBRATION_LEVEL]
    share = sum(calibrated) / len(calibrated) if calibrated else float("nan")
    print(f"  calibration (dev): {len(calibrated)} findings with confidence >= {CALIBRATION_LEVEL}, "
          f"{share:.2f} real")
    lengths = [(float(len(row["src"])), label_of(row)) for row, _ in scored
               if split_of(row["doc"]) == "test"]
    print(f"  ROC AUC on the test pairs: OM03 {roc_auc(test):.3f}, short English (baseline) "
          f"{roc_auc(baseline):.3f}, Chinese sentence length alone {roc_auc(lengths):.3f}")


# --- clause cuts ----------------------------------------------------------------------------

_CLAUSE_BREAK = re.compile(r"(?<=[,;]) ")
MIN_CUT_WORDS = 4
MAX_CUT_SHARE = 0.6


def cut_clause(english: str, rng: random.Random) -> str | None:
    """``english`` without one clause of 4+ words (at most 60% of it), or None."""
    parts = _CLAUSE_BREAK.split(english)
    if len(parts) < 2:
        return None
    words = len(english.split())
    candidates = [k for k, part in enumerate(parts)
                  if MIN_CUT_WORDS <= len(part.split()) <= MAX_CUT_SHARE * words]
    if not candidates:
        return None
    k = rng.choice(candidates)
    text = " ".join(parts[:k] + parts[k + 1:])
    if k == len(parts) - 1:
        text = re.sub(r"[,;]\s*$", ".", text.rstrip())
    return text


def clause_cut_examples(rows: list[dict], half: str, seed: int, human_only: bool = True
                        ) -> list[tuple[dict[str, float], float, bool]]:
    """(features, OM03's confidence or 0.0, is_cut) for the error-free translations of
    ``half`` and their clause-cut copies, each against its own document's length model
    (the features are the model's, before OM03 decides whether to judge the pair)."""
    rng = random.Random(seed)
    rule = PartialOmission()
    chosen = [row for row in rows if split_of(row["doc"]) == half
              and (row["system"].startswith("Human") or not human_only)]
    examples = []
    for group, model, words in modelled_files(chosen):
        for row, row_words in zip(group, words):
            if row["any_error_raters"] != 0:
                continue
            cut = cut_clause(row["tgt"], rng)
            for english, is_cut in ((row["tgt"], False), (cut, True)):
                if english is None:
                    continue
                evidence = omission_evidence(row["src"], english, model, words=row_words)
                judged = rule.assess(row["src"], english, model, words=row_words)
                examples.append((evidence.features(), judged.probability if judged else 0.0, is_cut))
    return examples


def report_clause_cuts(rows: list[dict], seed: int) -> None:
    examples = clause_cut_examples(rows, "test", seed)
    scored = [(probability, real) for _, probability, real in examples]
    positives = sum(1 for _, real in scored if real)
    print(f"OM03 on clause cuts (human translations, test half): {positives} cut, "
          f"{len(scored) - positives} intact")
    for threshold in (PartialOmission.options["threshold"], CALIBRATION_LEVEL):
        print(f"  OM03 (confidence >= {threshold})       {counts_at(scored, threshold).line()}")
    dev = clause_cut_examples(rows, "dev", seed)
    calibrated = [real for _, probability, real in dev if probability >= CALIBRATION_LEVEL]
    if calibrated:
        print(f"  calibration (dev): {len(calibrated)} with confidence >= {CALIBRATION_LEVEL}, "
              f"{sum(calibrated) / len(calibrated):.2f} real")


def fit_logistic(rows: list[tuple[list[float], bool]], l2: float = 1.0, rounds: int = 50
                 ) -> list[float]:
    """Newton's method for L2-regularised logistic regression; weight 0 is the intercept."""
    size = len(rows[0][0]) + 1
    weights = [0.0] * size
    for _ in range(rounds):
        gradient = [l2 * w if k else 0.0 for k, w in enumerate(weights)]
        hessian = [[(l2 if i == j and i else 0.0) for j in range(size)] for i in range(size)]
        for features, real in rows:
            x = [1.0] + features
            score = sum(w * v for w, v in zip(weights, x))
            p = 1.0 / (1.0 + math.exp(-max(min(score, 30.0), -30.0)))
            for i in range(size):
                gradient[i] += (p - real) * x[i]
                for j in range(size):
                    hessian[i][j] += p * (1 - p) * x[i] * x[j]
        step = _solve(hessian, gradient)
        weights = [w - s for w, s in zip(weights, step)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return weights


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting."""
    n = len(vector)
    augmented = [row[:] + [value] for row, value in zip(matrix, vector)]
    for column in range(n):
        pivot = max(range(column, n), key=lambda r: abs(augmented[r][column]))
        augmented[column], augmented[pivot] = augmented[pivot], augmented[column]
        for r in range(column + 1, n):
            factor = augmented[r][column] / augmented[column][column]
            for c in range(column, n + 1):
                augmented[r][c] -= factor * augmented[column][c]
    solution = [0.0] * n
    for r in range(n - 1, -1, -1):
        solution[r] = (augmented[r][n] - sum(augmented[r][c] * solution[c]
                                              for c in range(r + 1, n))) / augmented[r][r]
    return solution


def mqm_examples(rows: list[dict], half: str) -> list[tuple[dict[str, float], bool, str]]:
    """(features, is a Major omission, document) for the labelled MQM pairs of ``half``
    that OM03 judges at all (long enough, something uncovered), each against its own
    (document, system) length model, as om03_scores() checks them."""
    rule = PartialOmission()
    examples = []
    for group, model, words in modelled_files([row for row in rows if split_of(row["doc"]) == half]):
        for row, row_words in zip(group, words):
            real = label_of(row)
            if real is None:
                continue
            judged = rule.assess(row["src"], row["tgt"], model, words=row_words)
            if judged is not None:
                examples.append((judged.features(), real, row["doc"]))
    return examples


FOLDS = 5


def precision_at_recall(scored: list[tuple[float, bool]], recall: float) -> float:
    """Precision of the highest scores that reach ``recall`` of all positives."""
    positives = sum(1 for _, real in scored if real)
    needed, hits = math.ceil(recall * positives), 0
    for flagged, (_, real) in enumerate(sorted(scored, key=lambda item: -item[0]), start=1):
        hits += real
        if hits >= needed:
            return hits / flagged
    return 0.0


def _probability(weights: list[float], features: list[float]) -> float:
    score = weights[0] + sum(w * v for w, v in zip(weights[1:], features))
    return 1.0 / (1.0 + math.exp(-max(min(score, 30.0), -30.0)))


def report_fit(rows: list[dict], seed: int, source: str = "mqm") -> None:
    """Fit OM03's logistic weights on the dev half: the labelled MQM pairs OM03 judges
    (``mqm``), the clause cuts (``cuts``), or both.  Also prints a 5-fold, by-document
    cross-validation on the dev MQM pairs (ROC AUC, precision at recall 0.3), the
    figure that chose the features, without reading the test half."""
    names = list(OMISSION_WEIGHTS)
    mqm = mqm_examples(rows, "dev")
    training = []
    if source in ("mqm", "both"):
        training += [([features[name] for name in names], real) for features, real, _ in mqm]
    if source in ("cuts", "both"):
        training += [([features[name] for name in names], real)
                     for features, _, real in clause_cut_examples(rows, "dev", seed)]
    weights = fit_logistic(training)
    print(f"fitted on {len(training)} dev examples ({source}):")
    print(f"  OMISSION_INTERCEPT = {weights[0]:.3f}")
    print("  OMISSION_WEIGHTS = {" + ", ".join(
        f'"{name}": {value:.3f}' for name, value in zip(names, weights[1:])) + "}")
    if source != "mqm":
        return
    held_out = []
    for fold in range(FOLDS):
        inside = [(f, real) for f, real, doc in mqm if (zlib.crc32(doc.encode("utf-8")) // 2) % FOLDS != fold]
        fold_weights = fit_logistic([([f[name] for name in names], real) for f, real in inside])
        held_out += [(_probability(fold_weights, [f[name] for name in names]), real)
                     for f, real, doc in mqm if (zlib.crc32(doc.encode("utf-8")) // 2) % FOLDS == fold]
    print(f"  {FOLDS}-fold by-document cross-validation on {len(mqm)} judged dev pairs: ROC AUC "
          f"{roc_auc(held_out):.3f}, precision at recall 0.3 {precision_at_recall(held_out, 0.3):.3f}")


# --- rebuilt documents ---------------------------------------------------------------------

@dataclass
class Rebuilt:
    doc: damage.DamagedDoc
    deleted: set[int]       # Chinese sentences whose English was removed
    unreached: set[int]     # Chinese sentences after a mid-paragraph cut
    tail_cuts: set[int]     # English sentences cut at the end of their paragraph
    break_cuts: set[int]    # English sentences cut mid-paragraph (TR02)


def _truncated(doc: damage.DamagedDoc, originals: dict[str, str]) -> set[int]:
    """English sentences of 1-1 gold beads that are a strict prefix of their original."""
    cut = set()
    for source, target in doc.gold:
        if len(source) == 1 and len(target) == 1:
            original = originals.get(doc.zh[source[0]])
            text = doc.en[target[0]]
            if original and text != original and original.startswith(text):
                cut.add(target[0])
    return cut


def cut_at_break(doc: damage.DamagedDoc, rng: random.Random, rate: float = 0.2
                 ) -> tuple[damage.DamagedDoc, set[int], set[int]]:
    """With probability ``rate``, cut one paragraph's English mid-way: a 1-1 bead that
    is neither first nor last of its paragraph loses the second half of its words, and
    every later English sentence of the paragraph is dropped.  Returns the new document,
    the cut English sentence id and the Chinese ids left without English."""
    by_paragraph: dict[int, list[int]] = defaultdict(list)
    for index, (source, target) in enumerate(doc.gold):
        paragraph = doc.zh_paragraphs[source[0]] if source else doc.en_paragraphs[target[0]]
        by_paragraph[paragraph].append(index)
    candidates = []
    for paragraph in sorted(by_paragraph):
        beads = by_paragraph[paragraph]
        for position in range(1, len(beads) - 1):
            source, target = doc.gold[beads[position]]
            later = beads[position + 1:]
            if len(source) == 1 and len(target) == 1 and len(doc.en[target[0]].split()) >= 8 \
                    and any(doc.gold[b][0] for b in later) \
                    and all(doc.gold[b][1] for b in later if doc.gold[b][0]):
                candidates.append((beads[position], beads[position + 1:]))
    if not candidates or rng.random() >= rate:
        return doc, set(), set()
    chosen, dropped = rng.choice(candidates)
    drop_english = {j for b in dropped for j in doc.gold[b][1]}
    cut_english = doc.gold[chosen][1][0]
    words = doc.en[cut_english].split()
    new_en, new_par, renumber = [], [], {}
    for j, text in enumerate(doc.en):
        if j in drop_english:
            continue
        renumber[j] = len(new_en)
        new_en.append(" ".join(words[: len(words) // 2]) if j == cut_english else text)
        new_par.append(doc.en_paragraphs[j])
    gold = []
    for index, (source, target) in enumerate(doc.gold):
        kept = tuple(renumber[j] for j in target if j in renumber)
        if source or kept:
            gold.append((source, kept))
    unreached = {i for b in dropped for i in doc.gold[b][0]}
    damaged = damage.DamagedDoc(doc.name, doc.zh, new_en, doc.zh_paragraphs, new_par, gold,
                                dict(doc.damage, cut_at_break=1))
    return damaged, {renumber[cut_english]}, unreached


def rebuilt_documents(system: str, seed: int, half: str | None = "test") -> list[Rebuilt]:
    """The damaged documents of ``half`` ("dev", "test" or None for all); the damage
    is drawn for every document, so a document is damaged the same in any half."""
    originals = {}
    for _, pairs in damage.load_documents(damage.DATA, system):
        originals.update(pairs)
    rng = random.Random(seed + 1)
    result = []
    for doc in damage.damaged_corpus(seed, system):
        tail_cuts = _truncated(doc, originals)
        doc, break_cuts, unreached = cut_at_break(doc, rng)
        if break_cuts:  # ids moved: find the tail cuts again in the new numbering
            tail_cuts = _truncated(doc, originals) - break_cuts
        deleted = {source[0] for source, target in doc.gold if len(source) == 1 and not target}
        if half is None or split_of(doc.name) == half:
            result.append(Rebuilt(doc, deleted - unreached, unreached, tail_cuts, break_cuts))
    return result


def report_rebuilt(system: str, seed: int, half: str | None) -> tuple[Counts, Counts]:
    """TR01 and TR02 findings are the cuts find_cuts() returns with those codes, one each.
    Returns the (deleted, cut) sentence counts."""
    documents = rebuilt_documents(system, seed, half)
    om01 = UntranslatedSentence()
    per_code = {code: Counts() for code in ("OM01", "TR01", "TR02")}
    deleted_all, cut_all = Counts(), Counts()
    damage_total: dict[str, int] = defaultdict(int)
    for item in documents:
        doc = item.doc
        for key, value in doc.damage.items():
            damage_total[key] += value
        context = document_context(doc.zh, doc.en, doc.zh_paragraphs, doc.en_paragraphs)
        untranslated = {i for finding in om01.check(context) for i in finding.source.segments}
        cuts = [cut for cut in find_cuts(context) if cut.code in ("TR01", "TR02")]
        english_cuts = {code: {cut.segment for cut in cuts if cut.code == code and cut.side == "target"}
                        for code in ("TR01", "TR02")}
        chinese_cuts = [cut for cut in cuts if cut.side == "source"]  # none is real here
        reached = {i for cut in cuts if cut.code == "TR02" for i in cut.following}
        for i in range(len(doc.zh)):
            per_code["OM01"].add(i in untranslated, i in item.deleted)
            deleted_all.add(i in untranslated or i in reached, i in item.deleted | item.unreached)
        for j in range(len(doc.en)):
            per_code["TR01"].add(j in english_cuts["TR01"], j in item.tail_cuts)
            per_code["TR02"].add(j in english_cuts["TR02"], j in item.break_cuts)
            cut_all.add(j in english_cuts["TR01"] | english_cuts["TR02"],
                        j in item.tail_cuts | item.break_cuts)
        for cut in chinese_cuts:
            per_code[cut.code].add(True, False)
            cut_all.add(True, False)
    print(f"Rebuilt {system} documents ({half or 'all'}): {len(documents)}; "
          f"damage {dict(sorted(damage_total.items()))}")
    for code, counts in per_code.items():
        print(f"  {code}                              {counts.line()}")
    print(f"  deleted sentences (OM01 + TR02)   {deleted_all.line()}")
    print(f"  cut sentences (TR01 + TR02)       {cut_all.line()}")
    return deleted_all, cut_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--system", action="append",
                        help="MQM reference system for rebuilt documents (repeatable; "
                             "default Human-A.0 and Human-B.0)")
    parser.add_argument("--fit", choices=("mqm", "cuts", "both"), nargs="?", const="mqm",
                        help="refit OM03's weights on the dev half (default: its MQM pairs) and print them")
    parser.add_argument("--half", choices=("test", "dev", "all"), default="test",
                        help="documents the rebuilt-document scores read (default test)")
    parser.add_argument("--skip", action="append", default=[], choices=("mqm", "cuts", "rebuilt"),
                        help="leave a section out (repeatable)")
    args = parser.parse_args(argv)
    if not damage.DATA.exists():
        print(f"data not found: {damage.DATA}", file=sys.stderr)
        return 2
    args.half = None if args.half == "all" else args.half
    rows = load_rows()
    if args.fit:
        report_fit(rows, args.seed, args.fit)
        return 0
    if "mqm" not in args.skip:
        report_mqm(rows)
    if "cuts" not in args.skip:
        report_clause_cuts(rows, args.seed)
    if "rebuilt" not in args.skip:
        systems = args.system or ["Human-A.0", "Human-B.0"]
        totals = [Counts(), Counts()]
        for system in systems:
            for total, counts in zip(totals, report_rebuilt(system, args.seed, args.half)):
                for name in ("tp", "fp", "fn", "tn"):
                    setattr(total, name, getattr(total, name) + getattr(counts, name))
        if len(systems) > 1:
            print(f"All rebuilt documents ({args.half or 'all'}):")
            print(f"  deleted sentences (OM01 + TR02)   {totals[0].line()}")
            print(f"  cut sentences (TR01 + TR02)       {totals[1].line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
