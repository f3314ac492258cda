"""Reference-based scoring with sacrebleu: sentence and corpus chrF, BLEU and TER.

A reference translation (an editor's revision, a gold or published translation) is
paired with the draft through the Chinese: both English texts are aligned to the
same source segments, and source segments that either alignment joins form one
group.  Each group is one scored pair.

Scores are sacrebleu's own, with its default settings and tokenisers, so they can
be reproduced with the ``sacrebleu`` command line: chrF2 (character 6-grams),
BLEU (``13a`` for English, ``zh`` for Chinese; effective order at sentence level,
as ``sacrebleu --sentence-level`` does) and TER (tercom, case-insensitive).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .model import Bead, Document, Segment
from .script import HAN_CHAR

# sacrebleu is imported where it is used: it costs a tenth of a second to import,
# and only runs that score against a reference or compare two versions need it.

# RF01's default threshold.  Against an independent human translation of the same
# text (MQM newstest2020 zh-en, 2,000 sentences, Human-B as reference) it flags 6.4%
# of Human-A's sentences and 5.1% of Online-B's; 40 would flag 11.7% and 10.0%.
DEFAULT_CHRF_THRESHOLD = 35.0


def normalise_space(text: str) -> str:
    """One line, single spaces.  Score-neutral for all three metrics, and it makes
    every sentence a line the sacrebleu command line reads the same way."""
    return " ".join(text.split())


# --- TER with its edit operations ----------------------------------------------------

class _Word(str):
    """A hypothesis word that remembers its original position.  It compares and
    hashes as the plain word, so sacrebleu's shift search and edit distance treat it
    exactly as they treat a str, and the shifted lists still tell where words came from."""

    position: int

    def __new__(cls, word: str, position: int) -> "_Word":
        token = super().__new__(cls, word)
        token.position = position
        return token


@dataclass(frozen=True)
class TerAlignment:
    """How TER turns the hypothesis into the reference.

    ``operations`` follow the reference order (the hypothesis after its shifts):
    (op, hypothesis position, reference position) with op "=" kept, "s" substituted,
    "d" hypothesis word deleted, "i" reference word inserted; the position a side
    does not have is None.  ``shifts`` lists the hypothesis positions of each moved
    block.  insertions + deletions + substitutions + len(shifts) is TER's edit count.
    """

    operations: tuple[tuple[str, int | None, int | None], ...]
    shifts: tuple[tuple[int, ...], ...]
    hypothesis_words: int
    reference_words: int

    def count(self, op: str) -> int:
        return sum(1 for operation in self.operations if operation[0] == op)

    @property
    def insertions(self) -> int:
        return self.count("i")

    @property
    def deletions(self) -> int:
        return self.count("d")

    @property
    def substitutions(self) -> int:
        return self.count("s")

    @property
    def edits(self) -> int:
        return self.insertions + self.deletions + self.substitutions + len(self.shifts)


def _moved_block(before: list[_Word], after: list[_Word], reference: list[str]) -> tuple[int, ...]:
    """Positions of the block one sacrebleu shift moved from ``before`` to ``after``.

    A shift rotates one window of the list; moving block A right past B gives the
    same list as moving B left past A.  sacrebleu only moves blocks of at most
    _MAX_SHIFT_SIZE words that match the reference, and of equally good shifts it
    prefers the longer block, so that is the reading taken here.
    """
    from sacrebleu.metrics import lib_ter

    first = next(i for i, (a, b) in enumerate(zip(before, after)) if a.position != b.position)
    last = max(i for i, (a, b) in enumerate(zip(before, after)) if a.position != b.position)
    window = before[first:last + 1]
    lead = next(i for i, word in enumerate(window) if word.position == after[first].position)
    candidates = [window[lead:], window[:lead]]  # moved left / moved right

    def plausible(block: list[_Word]) -> bool:
        size = len(block)
        return 0 < size <= lib_ter._MAX_SHIFT_SIZE and any(
            reference[start:start + size] == block for start in range(len(reference) - size + 1))

    fitting = [block for block in candidates if plausible(block)] or candidates
    return tuple(word.position for word in max(fitting, key=len))


def ter_alignment(hypothesis_words: Sequence[str], reference_words: Sequence[str]) -> TerAlignment:
    """sacrebleu's TER (``lib_ter.translation_edit_rate``) step by step, keeping the
    shifts and the final edit trace so the edit count can be broken down.  It calls
    the same sacrebleu functions in the same order, so the total is the same."""
    from sacrebleu.metrics import lib_ter

    reference = list(reference_words)
    words = [_Word(word, position) for position, word in enumerate(hypothesis_words)]
    if not reference:
        return TerAlignment(tuple(("d", w.position, None) for w in words), (), len(words), 0)
    cached_distance = lib_ter.BeamEditDistance(reference)
    shifts: list[tuple[int, ...]] = []
    checked = 0
    while True:
        delta, shifted, checked = lib_ter._shift(words, reference, cached_distance, checked)
        if checked >= lib_ter._MAX_SHIFT_CANDIDATES or delta <= 0:
            break
        shifts.append(_moved_block(words, shifted, reference))
        words = shifted
    distance, trace = cached_distance(words)
    operations = []
    hyp_index = ref_index = 0
    for op in trace:
        if op in " s":
            operations.append(("=" if op == " " else "s", words[hyp_index].position, ref_index))
            hyp_index += 1
            ref_index += 1
        elif op == "d":  # a hypothesis word with no reference word
            operations.append(("d", words[hyp_index].position, None))
            hyp_index += 1
        else:  # "i": a reference word missing from the hypothesis
            operations.append(("i", None, ref_index))
            ref_index += 1
    alignment = TerAlignment(tuple(operations), tuple(shifts), len(words), len(reference))
    if alignment.edits != distance + len(shifts):
        raise RuntimeError("TER trace does not add up to sacrebleu's edit distance")
    return alignment


# --- scores ---------------------------------------------------------------------------

@dataclass(frozen=True)
class SentenceScores:
    chrf: float
    bleu: float
    ter: float
    ter_edits: int        # TER's edit count (insertions, deletions, substitutions, shifts)
    reference_words: int  # TER's reference length in tercom tokens
    edits: TerAlignment | None = None

    def as_dict(self) -> dict:
        data = {"chrF": round(self.chrf, 4), "BLEU": round(self.bleu, 4),
                "TER": round(self.ter, 4), "ter_edits": self.ter_edits,
                "reference_words": self.reference_words}
        if self.edits is not None:
            data.update(insertions=self.edits.insertions, deletions=self.edits.deletions,
                        substitutions=self.edits.substitutions, shifts=len(self.edits.shifts))
        return data


@dataclass(frozen=True)
class CorpusScore:
    name: str                # sacrebleu's metric name: chrF2, BLEU, TER
    score: float
    signature: str           # corpus-level signature, as ``sacrebleu`` prints it
    sentence_signature: str  # signature of the sentence-level scores

    def as_dict(self) -> dict:
        return {"name": self.name, "score": round(self.score, 4), "signature": self.signature,
                "sentence_signature": self.sentence_signature}


class Scorer:
    """sacrebleu metrics configured once for one target language ("en" or "zh")."""

    def __init__(self, lang: str = "en"):
        from sacrebleu.metrics import BLEU, CHRF, TER

        if lang not in ("en", "zh"):
            raise ValueError(f"unsupported scoring language {lang!r}")
        self.lang = lang
        tokenize = "zh" if lang == "zh" else "13a"
        self.chrf = CHRF()
        self.bleu = BLEU(tokenize=tokenize, trg_lang=lang)
        self.sentence_bleu = BLEU(tokenize=tokenize, trg_lang=lang, effective_order=True)
        # Chinese has no spaces: tercom's normalisation splits it into characters.
        self.ter = TER(normalized=lang == "zh", asian_support=lang == "zh")
        # sacrebleu learns the number of references (part of every signature) from an
        # evaluation; TER is otherwise only driven through ter_alignment below.
        self.ter.sentence_score("", [""])

    def ter_words(self, text: str) -> list[str]:
        """The tokens TER scores: sacrebleu's tercom tokeniser, split on spaces."""
        return self.ter.tokenizer(normalise_space(text)).split()

    def sentence(self, hypothesis: str, reference: str) -> SentenceScores:
        hypothesis, reference = normalise_space(hypothesis), normalise_space(reference)
        # TER is by far the slowest metric: it runs once, through ter_alignment, and
        # sacrebleu's own aggregation turns the edit count into the score.
        edits = ter_alignment(self.ter_words(hypothesis), self.ter_words(reference))
        ter = self.ter._compute_score_from_stats([edits.edits, edits.reference_words])
        return SentenceScores(
            chrf=self.chrf.sentence_score(hypothesis, [reference]).score,
            bleu=self.sentence_bleu.sentence_score(hypothesis, [reference]).score,
            ter=ter.score, ter_edits=edits.edits, reference_words=edits.reference_words,
            edits=edits,
        )

    def corpus(self, hypotheses: Sequence[str], references: Sequence[str],
               sentences: Sequence[SentenceScores] | None = None) -> list[CorpusScore]:
        """chrF, BLEU and TER over all pairs; empty when there is nothing to score.

        With ``sentences`` (the pairs' sentence scores, in order) corpus TER is
        aggregated from their edit counts instead of being computed again.
        """
        if not hypotheses:
            return []
        hypotheses = [normalise_space(text) for text in hypotheses]
        references = [[normalise_space(text) for text in references]]
        scores = []
        for corpus_metric, sentence_metric in ((self.chrf, self.chrf), (self.bleu, self.sentence_bleu)):
            score = corpus_metric.corpus_score(hypotheses, references)
            scores.append(CorpusScore(score.name, score.score, corpus_metric.get_signature().format(),
                                      sentence_metric.get_signature().format()))
        if sentences is None:
            ter = self.ter.corpus_score(hypotheses, references)
        else:
            ter = self.ter._compute_score_from_stats(
                [sum(s.ter_edits for s in sentences), sum(s.reference_words for s in sentences)])
        signature = self.ter.get_signature().format()
        scores.append(CorpusScore(ter.name, ter.score, signature, signature))
        return scores


# --- pairing through the source ---------------------------------------------------------

@dataclass(frozen=True)
class ReferencePair:
    """Source segments with the draft's and the reference's translation of them."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    reference: tuple[int, ...]
    confidence: float  # the weakest alignment bead involved, on either side


def pair_through_source(target_beads: Sequence[Bead], reference_beads: Sequence[Bead],
                        source_count: int) -> list[ReferencePair]:
    """Combine two alignments of the same source segments into draft/reference pairs.

    A group of source segments ends where both alignments end a bead.  A bead with
    no source segment (an added sentence) joins the group of the bead before it, or
    the first group, so every sentence of both translations is in exactly one pair.
    """
    ends_target = {bead.source[-1] for bead in target_beads if bead.source}
    ends_reference = {bead.source[-1] for bead in reference_beads if bead.source}
    group_of_source: list[int] = []
    group = 0
    for source_id in range(source_count):
        group_of_source.append(group)
        if source_id in ends_target and source_id in ends_reference:
            group += 1
    group_count = group_of_source[-1] + 1 if group_of_source else 1

    sources: list[list[int]] = [[] for _ in range(group_count)]
    for source_id, owner in enumerate(group_of_source):
        sources[owner].append(source_id)
    targets: list[list[int]] = [[] for _ in range(group_count)]
    references: list[list[int]] = [[] for _ in range(group_count)]
    confidences = [1.0] * group_count
    for beads, collected in ((target_beads, targets), (reference_beads, references)):
        current = 0
        for bead in beads:
            if bead.source:
                current = group_of_source[bead.source[0]]
            collected[current].extend(bead.target)
            confidences[current] = min(confidences[current], bead.score)
    return [ReferencePair(tuple(sources[g]), tuple(sorted(targets[g])), tuple(sorted(references[g])),
                          confidences[g])
            for g in range(group_count) if sources[g] or targets[g] or references[g]]


# --- scoring a draft against a reference --------------------------------------------------

@dataclass(frozen=True)
class ScoredPair:
    pair: ReferencePair
    target_text: str
    reference_text: str
    scores: SentenceScores | None  # None when the reference has no text for the pair


@dataclass
class ReferenceResult:
    """Everything ``check --reference`` knows about the draft against the reference."""

    path: str
    lang: str
    reference_segments: list[Segment]
    alignment: list[Bead]  # source -> reference
    pairs: list[ScoredPair]
    corpus: list[CorpusScore]

    @property
    def scored(self) -> list[ScoredPair]:
        return [pair for pair in self.pairs if pair.scores is not None]

    def as_dict(self, threshold: float | None = None) -> dict:
        """The report's ``reference`` key (see schemas/report-1.schema.json)."""
        below = [p for p in self.scored if threshold is not None and p.scores.chrf < threshold]
        return {
            "path": self.path,
            "lang": self.lang,
            "threshold": threshold,
            "segments": [{"id": s.id, "paragraph": s.paragraph, "text": s.text, "line": s.line,
                          "article": s.article, "kind": s.kind}
                         for s in self.reference_segments],
            "alignment": [{"source": list(b.source), "target": list(b.target),
                           "score": round(b.score, 4)} for b in self.alignment],
            "corpus": [score.as_dict() for score in self.corpus],
            "pairs": [{
                "source": list(p.pair.source), "target": list(p.pair.target),
                "reference": list(p.pair.reference), "confidence": round(p.pair.confidence, 4),
                "scores": p.scores.as_dict() if p.scores else None,
            } for p in self.pairs],
            "summary": {"pairs": len(self.pairs), "scored": len(self.scored),
                        "below_threshold": len(below)},
        }


def join_segments(segments: Sequence[Segment], ids: Sequence[int]) -> str:
    return " ".join(segments[i].text for i in ids)


def score_reference(target_segments: Sequence[Segment], reference_segments: Sequence[Segment],
                    target_alignment: Sequence[Bead], reference_alignment: Sequence[Bead],
                    source_count: int, path: str = "", lang: str = "en") -> ReferenceResult:
    """Pair the draft with the reference through the source, and score every pair.

    A pair whose reference side is empty is not scored (there is nothing to compare
    with); a pair whose draft side is empty is scored, as an untranslated sentence.
    """
    scorer = Scorer(lang)
    scored_pairs = []
    for pair in pair_through_source(target_alignment, reference_alignment, source_count):
        target_text = join_segments(target_segments, pair.target)
        reference_text = join_segments(reference_segments, pair.reference)
        scores = scorer.sentence(target_text, reference_text) if reference_text.strip() else None
        scored_pairs.append(ScoredPair(pair, target_text, reference_text, scores))
    with_scores = [p for p in scored_pairs if p.scores is not None]
    corpus = scorer.corpus([p.target_text for p in with_scores],
                           [p.reference_text for p in with_scores],
                           [p.scores for p in with_scores])
    return ReferenceResult(path, lang, list(reference_segments), list(reference_alignment),
                           scored_pairs, corpus)


# --- reading and aligning a reference ----------------------------------------------------

_SCRIPT = {"en": (re.compile(r"[A-Za-z]"), "English"),
           "zh": (HAN_CHAR, "Chinese")}


def read_document(path: str, lang: str) -> Document:
    """One language's text file ('-' for standard input) as a reflowed Document."""
    from .errors import InputError
    from .reading import read_text
    from .reflow import reflow

    text = read_text(path)
    pattern, language = _SCRIPT[lang]
    if not pattern.search(text):
        raise InputError(path, f"no {language} text found")
    return reflow(list(enumerate(text.split("\n"), start=1)), lang, path)


def read_reference(path: str):
    """An English reference translation: a text file gives a Document; a .tsv of
    aligned units gives a Bitext whose target is the reference."""
    from .reading import read_inputs

    if path.lower().endswith(".tsv"):
        return read_inputs(path)
    return read_document(path, "en")


def reference_for(reference, source_segments: Sequence[Segment],
                  target_segments: Sequence[Segment], target_alignment: Sequence[Bead],
                  glossary=None) -> ReferenceResult:
    """Segment a reference (a Document, or a Bitext whose target is the reference),
    align it to the source and score the draft against it.

    A pre-aligned reference (TSV units) with as many units as the source is paired
    unit by unit; anything else is aligned like a translation.
    """
    from .align import align
    from .errors import InputError
    from .segment import segment

    prealigned = bool(getattr(reference, "prealigned", False))
    document = reference.target if hasattr(reference, "target") else reference
    if document.lang != "en":
        raise InputError(document.path, "the reference must be an English translation")
    reference_segments = segment(document, prealigned=prealigned)
    if not reference_segments:
        raise InputError(document.path, "the reference has no text")
    if prealigned and len(reference_segments) == len(source_segments):
        alignment = [Bead((i,), (i,), 1.0) for i in range(len(source_segments))]
    else:
        alignment = align(list(source_segments), reference_segments, glossary)
    return score_reference(target_segments, reference_segments, target_alignment, alignment,
                           len(source_segments), document.path, "en")
