"""An editor's diff: what changed between a draft English translation and its edit.

For every sentence pair: sacrebleu's chrF, BLEU and TER (draft = hypothesis,
edited = reference, so TER is the editor's edit rate), TER's edit count broken
down into insertions, deletions, substitutions and shifts, the word-level
differences, and each change classified as terminology, numbers or style.
Glossary terms whose rendering the editor changed are listed.

Sentences are paired line by line (``compare_lines``), or by aligning the two
segmented documents (``compare_segments``): through the Chinese when it is given,
otherwise directly, by word overlap.  ``compare_files`` is ``tqc compare``.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

from .glossary import Glossary, SourceMatcher, Term, find_rendering
from .model import Bead, Segment
from .reference import (CorpusScore, Scorer, SentenceScores, TerAlignment, join_segments,
                        normalise_space, pair_through_source)

COMPARE_SCHEMA = 1

# --- input ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentencePair:
    """One draft sentence (or several) with what the editor made of it."""

    draft: str
    edited: str
    source: str = ""
    draft_line: int | None = None
    edited_line: int | None = None
    source_line: int | None = None
    draft_segments: tuple[int, ...] = ()
    edited_segments: tuple[int, ...] = ()
    source_segments: tuple[int, ...] = ()


# --- output -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """One step of the word diff, in the edited sentence's order."""

    op: str              # "=" kept, "s" substituted, "d" deleted from the draft, "i" inserted
    draft: str | None    # the draft word as written
    edited: str | None   # the edited word as written
    moved: bool = False  # the draft word was moved by a TER shift

    @property
    def case_changed(self) -> bool:
        """Kept by TER, which ignores case, but the editor changed the case."""
        return self.op == "=" and self.draft != self.edited


@dataclass(frozen=True)
class Change:
    kind: str    # "terminology", "numbers" or "style"
    detail: str  # glossary, name, number, number format, punctuation, case, word order, wording
    draft: str   # draft words involved ("" for a pure insertion)
    edited: str  # edited words involved ("" for a pure deletion)
    edits: int   # TER edits the change accounts for (0 for case: TER ignores case)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "detail": self.detail, "draft": self.draft,
                "edited": self.edited, "edits": self.edits}


@dataclass(frozen=True)
class TermChange:
    """A glossary term whose rendering differs between draft and edit."""

    zh: str
    draft: str | None   # renderings found in the draft, as written
    edited: str | None
    status: str         # fixed, broken or changed
    approved: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"zh": self.zh, "draft": self.draft, "edited": self.edited,
                "status": self.status, "approved": list(self.approved)}


@dataclass
class SentenceComparison:
    number: int
    pair: SentencePair
    scores: SentenceScores
    words: list[Word]
    changes: list[Change]
    terms: list[TermChange]

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def edits(self) -> TerAlignment:
        return self.scores.edits

    def as_dict(self) -> dict:
        pair = self.pair
        return {
            "number": self.number,
            "draft": {"text": pair.draft, "line": pair.draft_line, "segments": list(pair.draft_segments)},
            "edited": {"text": pair.edited, "line": pair.edited_line,
                       "segments": list(pair.edited_segments)},
            "source": ({"text": pair.source, "line": pair.source_line,
                        "segments": list(pair.source_segments)} if pair.source else None),
            "scores": self.scores.as_dict(),
            "diff": [{"op": w.op, "draft": w.draft, "edited": w.edited, "moved": w.moved}
                     for w in self.words],
            "changes": [change.as_dict() for change in self.changes],
            "terms": [term.as_dict() for term in self.terms],
        }


CHANGE_KINDS = ("terminology", "numbers", "style")
TERM_STATUSES = ("fixed", "broken", "changed")


@dataclass
class Comparison:
    draft_path: str
    edited_path: str
    source_path: str | None
    sentences: list[SentenceComparison]
    corpus: list[CorpusScore]
    pairing: str  # "lines", "source" or "overlap"
    glossaries: list[str] = field(default_factory=list)
    version: str = ""

    def totals(self) -> dict:
        edits = {"insertions": 0, "deletions": 0, "substitutions": 0, "shifts": 0, "total": 0,
                 "edited_words": 0}
        kinds = {kind: 0 for kind in CHANGE_KINDS}
        kind_edits = {kind: 0 for kind in CHANGE_KINDS}
        terms = {status: 0 for status in TERM_STATUSES}
        for sentence in self.sentences:
            alignment = sentence.edits
            edits["insertions"] += alignment.insertions
            edits["deletions"] += alignment.deletions
            edits["substitutions"] += alignment.substitutions
            edits["shifts"] += len(alignment.shifts)
            edits["total"] += alignment.edits
            edits["edited_words"] += alignment.reference_words
            for change in sentence.changes:
                kinds[change.kind] += 1
                kind_edits[change.kind] += change.edits
            for term in sentence.terms:
                terms[term.status] += 1
        changed = sum(1 for s in self.sentences if s.changed)
        return {"sentences": len(self.sentences), "changed": changed,
                "unchanged": len(self.sentences) - changed, "edits": edits,
                "changes": kinds, "change_edits": kind_edits, "terms": terms}

    def as_dict(self) -> dict:
        return {
            "schema": COMPARE_SCHEMA,
            "type": "compare",
            "tool": {"name": "tqc", "version": self.version},
            "files": {"draft": self.draft_path, "edited": self.edited_path,
                      "source": self.source_path, "glossaries": list(self.glossaries)},
            "pairing": self.pairing,
            "corpus": [score.as_dict() for score in self.corpus],
            "totals": self.totals(),
            "sentences": [sentence.as_dict() for sentence in self.sentences],
        }


# --- word diff and classification -------------------------------------------------------

_TOKEN = re.compile(r"\S+")
_DIGITS = re.compile(r"\d+(?:[.,:/]\d+)*")
# "one" is left out: as a pronoun ("one of the ...") it is not a number.
_NUMBER_WORDS = frozenset(
    "zero two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion trillion dozen dozens hundreds thousands millions billions "
    "half quarter double twice triple first second third fourth fifth".split())
_WORD_CHARS = re.compile(r"[^\W_]+")


def _spans(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _numbers(words: Sequence[str]) -> Counter:
    found: Counter = Counter()
    for word in words:
        for match in _DIGITS.finditer(word):
            found[re.sub(r"(?<=\d),(?=\d{3}\b)", "", match.group())] += 1
        for part in _WORD_CHARS.findall(word.lower()):
            if part in _NUMBER_WORDS:
                found[part] += 1
    return found


def _words_only(words: Sequence[str]) -> list[str]:
    return [part for word in words for part in _WORD_CHARS.findall(word.lower())]


def _capitalised(words: Iterable[str]) -> set[str]:
    return {part for word in words for part in _WORD_CHARS.findall(word) if part[:1].isupper()}


def _names(words: Sequence[tuple[str, int]]) -> set[str]:
    """Capitalised word parts not starting the sentence: names and titles.
    ``words`` are (word, position in the sentence)."""
    return _capitalised(word for word, position in words if position > 0)


def _overlaps(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


@dataclass(frozen=True)
class _Sentences:
    """What a run of edits is judged against: the two whole sentences."""

    draft_terms: Sequence[tuple[int, int]]   # glossary rendering spans in the draft
    edited_terms: Sequence[tuple[int, int]]
    draft_only_numbers: Counter               # numbers the edit no longer has
    edited_only_numbers: Counter              # numbers the editor brought in
    draft_capitalised: frozenset              # every capitalised word part of the draft
    edited_capitalised: frozenset

    @classmethod
    def of(cls, draft: str, edited: str, draft_terms=(), edited_terms=()) -> "_Sentences":
        draft_words, edited_words = draft.split(), edited.split()
        draft_numbers, edited_numbers = _numbers(draft_words), _numbers(edited_words)
        return cls(draft_terms, edited_terms, draft_numbers - edited_numbers,
                   edited_numbers - draft_numbers,
                   frozenset(_capitalised(draft_words)), frozenset(_capitalised(edited_words)))


def _classify(draft: list[tuple[str, int, int, int]], edited: list[tuple[str, int, int, int]],
              sentences: _Sentences) -> tuple[str, str]:
    """(kind, detail) of one run of edits.  ``draft``/``edited`` hold (word, start,
    end, position) of the words involved.

    Numbers and names count as changed only when the other sentence does not have
    them anywhere: a number or a name the editor merely moved is not a change of
    numbers or terminology.
    """
    if (any(_overlaps((start, end), sentences.draft_terms) for _, start, end, _ in draft)
            or any(_overlaps((start, end), sentences.edited_terms) for _, start, end, _ in edited)):
        return "terminology", "glossary"
    draft_words = [word for word, *_ in draft]
    edited_words = [word for word, *_ in edited]
    draft_numbers, edited_numbers = _numbers(draft_words), _numbers(edited_words)
    if (draft_numbers & sentences.draft_only_numbers) or (edited_numbers & sentences.edited_only_numbers):
        return "numbers", "number"
    draft_plain, edited_plain = _words_only(draft_words), _words_only(edited_words)
    if draft_plain == edited_plain:
        return "style", "punctuation"
    if (draft_numbers or edited_numbers) and [w for w in draft_plain if not w.isdigit()] == \
            [w for w in edited_plain if not w.isdigit()]:
        return "style", "number format"  # same values written differently: 1,000 / 1000
    removed_names = _names([(w, p) for w, _, _, p in draft]) - sentences.edited_capitalised
    added_names = _names([(w, p) for w, _, _, p in edited]) - sentences.draft_capitalised
    if removed_names or added_names:
        return "terminology", "name"
    return "style", "wording"


def word_diff(draft: str, edited: str, alignment: TerAlignment) -> list[Word]:
    """The TER alignment as words as written (TER itself compares lower-cased)."""
    draft_words = [word for word, *_ in _spans(draft)]
    edited_words = [word for word, *_ in _spans(edited)]
    if len(draft_words) != alignment.hypothesis_words or len(edited_words) != alignment.reference_words:
        raise ValueError("text does not match the TER alignment's words")
    moved = {position for block in alignment.shifts for position in block}
    return [Word(op, draft_words[d] if d is not None else None,
                 edited_words[e] if e is not None else None, d in moved)
            for op, d, e in alignment.operations]


def changes_of(draft: str, edited: str, alignment: TerAlignment,
               draft_terms: Sequence[tuple[int, int]] = (),
               edited_terms: Sequence[tuple[int, int]] = ()) -> list[Change]:
    """Group the TER operations into changes an editor reads, and classify them.

    A change is a run of consecutive insertions, deletions and substitutions, one
    TER shift, or a run of words whose case alone changed.  The TER edits of all
    changes add up to the sentence's TER edit count.
    """
    draft_spans, edited_spans = _spans(draft), _spans(edited)
    sentences = _Sentences.of(draft, edited, draft_terms, edited_terms)
    changes: list[Change] = []
    run: list[tuple[str, int | None, int | None]] = []
    case_run: list[tuple[int, int]] = []

    def draft_word(position: int) -> tuple[str, int, int, int]:
        return (*draft_spans[position], position)

    def edited_word(position: int) -> tuple[str, int, int, int]:
        return (*edited_spans[position], position)

    def close_run() -> None:
        if not run:
            return
        old = [draft_word(d) for _, d, _ in run if d is not None]
        new = [edited_word(e) for _, _, e in run if e is not None]
        kind, detail = _classify(old, new, sentences)
        changes.append(Change(kind, detail, " ".join(w for w, *_ in old),
                              " ".join(w for w, *_ in new), len(run)))
        run.clear()

    def close_case_run() -> None:
        if case_run:
            changes.append(Change("style", "case", " ".join(draft_spans[d][0] for d, _ in case_run),
                                  " ".join(edited_spans[e][0] for _, e in case_run), 0))
            case_run.clear()

    for op, d, e in alignment.operations:
        if op == "=":
            close_run()
            if draft_spans[d][0] != edited_spans[e][0]:
                case_run.append((d, e))
            else:
                close_case_run()
        else:
            close_case_run()
            run.append((op, d, e))
    close_run()
    close_case_run()

    for block in alignment.shifts:
        words = [draft_word(position) for position in sorted(block)]
        kind, detail = "style", "word order"
        if any(_overlaps((start, end), draft_terms) for _, start, end, _ in words):
            kind, detail = "terminology", "glossary"
        changes.append(Change(kind, detail, " ".join(w for w, *_ in words), "", 1))
    return changes


# --- glossary terms ---------------------------------------------------------------------


@dataclass(frozen=True)
class _TermUse:
    approved: tuple[str, ...]   # approved renderings found, as written
    forbidden: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]

    def state(self) -> tuple:
        return (tuple(sorted({t.lower() for t in self.approved})),
                tuple(sorted({t.lower() for t in self.forbidden})))


def _term_use(text: str, term: Term) -> _TermUse:
    approved, forbidden, spans = [], [], []
    for renderings, found in ((term.en, approved), (term.forbidden, forbidden)):
        for rendering in renderings:
            for start, end in find_rendering(text, rendering, term):
                found.append(text[start:end])
                spans.append((start, end))
    return _TermUse(tuple(approved), tuple(forbidden), tuple(sorted(spans)))


def _first_word(rendering: str) -> str:
    return re.split(r"[\s\-‐‑–—]+", rendering.strip().lower(), maxsplit=1)[0]


def _status(draft: _TermUse, edited: _TermUse) -> str:
    draft_good = bool(draft.approved) and not draft.forbidden
    edited_good = bool(edited.approved) and not edited.forbidden
    if edited_good and not draft_good:
        return "fixed"
    if draft_good and not edited_good:
        return "broken"
    return "changed"


def glossary_changes(draft: str, edited: str, source: str, glossary: Glossary,
                     matcher: SourceMatcher | None = None
                     ) -> tuple[list[TermChange], list[tuple[int, int]], list[tuple[int, int]]]:
    """Terms whose rendering differs, and the spans of every glossary rendering
    found in the draft and in the edit (for classifying the changes there).

    With a source, the terms are those of the Chinese sentence; without one, those
    with a rendering (approved or forbidden) in either English sentence.
    """
    if not glossary.terms:
        return [], [], []
    if source:
        matcher = matcher or SourceMatcher(glossary)
        seen: dict[str, Term] = {}
        for term, _, _ in matcher.find(source):
            seen.setdefault(term.zh, term)
        terms = list(seen.values())
    else:
        # Cheap filter before the regexes: a rendering's first word must occur somewhere.
        lowered = f"{draft} {edited}".lower()
        terms = [term for term in glossary.terms
                 if any(_first_word(rendering) in lowered for rendering in term.en + term.forbidden)]
    changed: list[TermChange] = []
    draft_spans: list[tuple[int, int]] = []
    edited_spans: list[tuple[int, int]] = []
    for term in terms:
        draft_use, edited_use = _term_use(draft, term), _term_use(edited, term)
        draft_spans.extend(draft_use.spans)
        edited_spans.extend(edited_use.spans)
        if draft_use.state() == edited_use.state():
            continue
        changed.append(TermChange(
            term.zh, ", ".join(draft_use.approved + draft_use.forbidden) or None,
            ", ".join(edited_use.approved + edited_use.forbidden) or None,
            _status(draft_use, edited_use), term.en))
    return changed, sorted(draft_spans), sorted(edited_spans)


# --- comparing --------------------------------------------------------------------------


def compare_pairs(pairs: Sequence[SentencePair], glossary: Glossary | None = None,
                  draft_path: str = "", edited_path: str = "", source_path: str | None = None,
                  pairing: str = "lines") -> Comparison:
    """Score and diff every pair (draft = hypothesis, edited = reference)."""
    from . import __version__

    glossary = glossary or Glossary()
    matcher = SourceMatcher(glossary) if glossary.terms else None
    scorer = Scorer("en")
    sentences = []
    for number, pair in enumerate(pairs, start=1):
        pair = SentencePair(normalise_space(pair.draft), normalise_space(pair.edited),
                            normalise_space(pair.source), pair.draft_line, pair.edited_line,
                            pair.source_line, pair.draft_segments, pair.edited_segments,
                            pair.source_segments)
        scores = scorer.sentence(pair.draft, pair.edited)
        terms, draft_terms, edited_terms = glossary_changes(pair.draft, pair.edited, pair.source,
                                                            glossary, matcher)
        sentences.append(SentenceComparison(
            number, pair, scores, word_diff(pair.draft, pair.edited, scores.edits),
            changes_of(pair.draft, pair.edited, scores.edits, draft_terms, edited_terms), terms))
    corpus = scorer.corpus([s.pair.draft for s in sentences], [s.pair.edited for s in sentences],
                           [s.scores for s in sentences])
    return Comparison(draft_path, edited_path, source_path, sentences, corpus, pairing,
                      list(glossary.paths), __version__)


def compare_lines(draft_lines: Sequence[str], edited_lines: Sequence[str],
                  source_lines: Sequence[str] | None = None, glossary: Glossary | None = None,
                  draft_path: str = "", edited_path: str = "",
                  source_path: str | None = None) -> Comparison:
    """Line N of the draft against line N of the edit, as sacrebleu reads files.

    Lines blank on both sides are skipped, which changes no score (line numbers
    are kept); the files must have the same number of lines.
    """
    from .errors import InputError

    for lines, path in ((edited_lines, edited_path), (source_lines, source_path)):
        if lines is not None and len(lines) != len(draft_lines):
            raise InputError(path or None, f"{_plural(len(lines), 'line')}, but the draft has "
                             f"{len(draft_lines)}; comparing line by line needs the same number")
    pairs = []
    for index, (draft, edited) in enumerate(zip(draft_lines, edited_lines)):
        source = source_lines[index] if source_lines is not None else ""
        if not draft.strip() and not edited.strip():
            continue
        line = index + 1
        pairs.append(SentencePair(draft, edited, source, line, line, line if source else None))
    return compare_pairs(pairs, glossary, draft_path, edited_path, source_path, "lines")


def _pairs_from_beads(beads: Sequence[tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]],
                      draft: Sequence[Segment], edited: Sequence[Segment],
                      source: Sequence[Segment] = ()) -> list[SentencePair]:
    pairs = []
    for source_ids, draft_ids, edited_ids in beads:
        if not draft_ids and not edited_ids:
            continue
        pairs.append(SentencePair(
            join_segments(draft, draft_ids), join_segments(edited, edited_ids),
            "".join(source[i].text for i in source_ids),
            draft[draft_ids[0]].line if draft_ids else None,
            edited[edited_ids[0]].line if edited_ids else None,
            source[source_ids[0]].line if source_ids else None,
            tuple(draft_ids), tuple(edited_ids), tuple(source_ids)))
    return pairs


def compare_segments(draft: Sequence[Segment], edited: Sequence[Segment],
                     source: Sequence[Segment] | None = None, glossary: Glossary | None = None,
                     draft_path: str = "", edited_path: str = "",
                     source_path: str | None = None) -> Comparison:
    """Pair segmented documents (through the source when given) and compare them."""
    if source:
        from .align import align

        draft_beads = align(source, draft, glossary)
        edited_beads = align(source, edited, glossary)
        grouped = [(p.source, p.target, p.reference)
                   for p in pair_through_source(draft_beads, edited_beads, len(source))]
        pairing = "source"
    else:
        grouped = [((), bead.source, bead.target) for bead in align_revisions(draft, edited)]
        pairing = "overlap"
    pairs = _pairs_from_beads(grouped, draft, edited, source or ())
    return compare_pairs(pairs, glossary, draft_path, edited_path, source_path, pairing)


# --- aligning two English versions without the source ---------------------------------

_tokenize_13a = Tokenizer13a()
# Costs are counted in words left unmatched.  A sentence the editor added or removed
# costs a little less than pairing it with nothing in common, so unrelated sentences
# are reported as removed and added; a split or a merge costs two extra words.
_SKIP_WEIGHT = 0.9
_MERGE_PENALTY = 2.0
_SHAPES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


def _bag(text: str) -> Counter:
    return Counter(_tokenize_13a(text.lower()).split())


def _window_bags(bags: list[Counter]) -> dict[int, dict[int, tuple[Counter, int]]]:
    windows: dict[int, dict[int, tuple[Counter, int]]] = {1: {}, 2: {}}
    for end in range(1, len(bags) + 1):
        windows[1][end] = (bags[end - 1], sum(bags[end - 1].values()))
        if end >= 2:
            joined = bags[end - 2] + bags[end - 1]
            windows[2][end] = (joined, sum(joined.values()))
    return windows


def align_revisions(draft: Sequence[Segment], edited: Sequence[Segment]) -> list[Bead]:
    """Monotone alignment of a draft's sentences with the edited sentences.

    Edits keep most words and the order of sentences, so a dynamic programme over
    one-to-one, one-to-two, two-to-one, added and removed sentences that minimises
    the words left unmatched (sacrebleu's 13a tokens, lower-cased) recovers the
    pairs.  The search stays in a band around the diagonal, wide enough for the
    difference in sentence counts.  A bead's score is its Dice word overlap.
    """
    n, m = len(draft), len(edited)
    if not n or not m:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    # bags[k][i]: the words of sentences i-k .. i-1 (k = 1 or 2), built once.
    bags_draft = _window_bags([_bag(s.text) for s in draft])
    bags_edited = _window_bags([_bag(s.text) for s in edited])
    half_width = max(20, abs(n - m) + 10)

    def in_band(i: int, j: int) -> bool:
        return abs(j - i * m / n) <= half_width or (i, j) == (n, m)

    best_at: dict[tuple[int, int], tuple[float, tuple[int, int], float]] = {(0, 0): (0.0, (0, 0), 0.0)}
    for i in range(n + 1):
        for j in range(m + 1):
            if (i, j) == (0, 0) or not in_band(i, j):
                continue
            best = None
            for di, dj in _SHAPES:
                previous = best_at.get((i - di, j - dj))
                if previous is None:
                    continue
                left, left_size = bags_draft[di][i] if di else (None, 0)
                right, right_size = bags_edited[dj][j] if dj else (None, 0)
                size = left_size + right_size
                if di and dj:
                    matched = 2 * sum((left & right).values())
                    step = size - matched + (_MERGE_PENALTY if di + dj > 2 else 0.0)
                    overlap = matched / size if size else 1.0
                else:
                    step, overlap = _SKIP_WEIGHT * size, 0.0
                total = previous[0] + step
                if best is None or total < best[0] - 1e-9:
                    best = (total, (di, dj), overlap)
            if best is not None:
                best_at[(i, j)] = best
    beads = []
    i, j = n, m
    while (i, j) != (0, 0):
        _, (di, dj), overlap = best_at[(i, j)]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), round(overlap, 4)))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


# --- files ------------------------------------------------------------------------------


def _file_lines(text: str) -> list[str]:
    """Lines as sacrebleu reads a file: a final newline does not start another line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def compare_files(draft_path: str, edited_path: str, source_path: str | None = None,
                  glossary: Glossary | None = None, segmented: bool = False) -> Comparison:
    """``tqc compare``: read the files and compare them.

    ``segmented``: each line is one sentence and line N of the draft is compared
    with line N of the edit (and of the source), as sacrebleu reads files.
    Otherwise the texts are reflowed and split into sentences like ``tqc check``
    does, and paired by alignment.
    """
    from .reading import read_text
    from .reference import read_document

    if segmented:
        return compare_lines(_file_lines(read_text(draft_path)), _file_lines(read_text(edited_path)),
                             _file_lines(read_text(source_path)) if source_path else None,
                             glossary, draft_path, edited_path, source_path)
    from .segment import segment

    draft = segment(read_document(draft_path, "en"))
    edited = segment(read_document(edited_path, "en"))
    source = segment(read_document(source_path, "zh")) if source_path else None
    return compare_segments(draft, edited, source, glossary, draft_path, edited_path, source_path)


# --- rendering --------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffRun:
    """Consecutive diff words of one kind, for display."""

    kind: str    # "same", "moved", "case" or "change"
    draft: str   # draft words of the run ("" for an insertion)
    edited: str  # edited words of the run ("" for a deletion)


def diff_runs(words: Sequence[Word]) -> list[DiffRun]:
    runs: list[tuple[str, list[str], list[str]]] = []
    for word in words:
        if word.op != "=":
            kind = "change"
        elif word.moved:
            kind = "moved"
        elif word.case_changed:
            kind = "case"
        else:
            kind = "same"
        if not runs or runs[-1][0] != kind:
            runs.append((kind, [], []))
        if word.draft is not None:
            runs[-1][1].append(word.draft)
        if word.edited is not None:
            runs[-1][2].append(word.edited)
    return [DiffRun(kind, " ".join(draft), " ".join(edited)) for kind, draft, edited in runs]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _score_line(scores: SentenceScores) -> str:
    edits = scores.edits
    return (f"chrF {scores.chrf:.1f} · BLEU {scores.bleu:.1f} · TER {scores.ter:.1f} · "
            f"{_plural(edits.edits, 'edit')}: {edits.insertions} ins, {edits.deletions} del, "
            f"{edits.substitutions} sub, {len(edits.shifts)} shift")


def _text_diff(words: Sequence[Word]) -> str:
    parts = []
    for run in diff_runs(words):
        if run.kind == "same" or run.kind == "case":
            parts.append(run.edited)
        elif run.kind == "moved":
            parts.append(f"[~{run.edited}~]")
        else:
            parts.append((f"[-{run.draft}-]" if run.draft else "")
                         + (f"{{+{run.edited}+}}" if run.edited else ""))
    return " ".join(parts)


def render_text(comparison: Comparison, show_unchanged: bool = False) -> str:
    totals = comparison.totals()
    edits = totals["edits"]
    lines = [f"tqc compare: {comparison.draft_path} (draft) -> {comparison.edited_path} (edited)"
             + (f", source {comparison.source_path}" if comparison.source_path else "")
             + f"; sentences paired by {comparison.pairing}"]
    if comparison.corpus:
        lines.append("Draft against the edit (sacrebleu):")
        lines += [f"  {score.name:<6} {score.score:6.2f}  {score.signature}" for score in comparison.corpus]
    lines.append(f"{totals['sentences']} sentences: {totals['changed']} changed, "
                 f"{totals['unchanged']} unchanged")
    lines.append(f"TER edits: {edits['total']} = {edits['insertions']} insertions + "
                 f"{edits['deletions']} deletions + {edits['substitutions']} substitutions + "
                 f"{edits['shifts']} shifts, over {edits['edited_words']} edited words")
    lines.append("Changes: " + ", ".join(
        f"{totals['changes'][kind]} {kind} ({_plural(totals['change_edits'][kind], 'edit')})"
        for kind in CHANGE_KINDS))
    if any(totals["terms"].values()):
        lines.append("Glossary terms: " + ", ".join(f"{count} {status}"
                                                     for status, count in totals["terms"].items()))
    lines.append("Diff notation: [-deleted-]{+inserted+} [~moved~]")
    for sentence in comparison.sentences:
        if not sentence.changed and not show_unchanged:
            continue
        pair = sentence.pair
        if not pair.draft:
            where = f"added by the editor · edited line {pair.edited_line}"
        elif not pair.edited:
            where = f"draft line {pair.draft_line} · removed by the editor"
        else:
            where = f"draft line {pair.draft_line} · edited line {pair.edited_line}"
        lines += ["", f"[{sentence.number}] {where} · {_score_line(sentence.scores)}"]
        if pair.source:
            lines.append(f"  source: {pair.source}")
        lines += [f"  draft:  {pair.draft}", f"  edited: {pair.edited}",
                  f"  diff:   {_text_diff(sentence.words)}"]
        for change in sentence.changes:
            if change.detail == "word order":
                lines.append(f"  - {change.kind} (word order): moved {change.draft}")
            else:
                lines.append(f"  - {change.kind} ({change.detail}): {change.draft or '∅'} -> "
                             f"{change.edited or '∅'}")
        for term in sentence.terms:
            lines.append(f"  - glossary term {term.zh} {term.status}: {term.draft or 'none'} -> "
                         f"{term.edited or 'none'}")
    return "\n".join(lines) + "\n"


def render_json(comparison: Comparison) -> str:
    import json

    return json.dumps(comparison.as_dict(), ensure_ascii=False, indent=2) + "\n"


def render_html(comparison: Comparison) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(loader=PackageLoader("tqc", "templates"),
                              autoescape=select_autoescape(default=True, default_for_string=True),
                              trim_blocks=True, lstrip_blocks=True)
    return environment.get_template("compare.html.j2").render(
        comparison=comparison, totals=comparison.totals(), kinds=CHANGE_KINDS,
        term_rows=[(sentence, term) for sentence in comparison.sentences for term in sentence.terms],
        runs={sentence.number: diff_runs(sentence.words) for sentence in comparison.sentences})


COMPARE_FORMATS = ("text", "json", "html")


def render(comparison: Comparison, format: str = "text", show_unchanged: bool = False) -> str:
    if format == "text":
        return render_text(comparison, show_unchanged)
    if format == "json":
        return render_json(comparison)
    if format == "html":
        return render_html(comparison)
    raise ValueError(f"unknown format {format!r}; choose from {', '.join(COMPARE_FORMATS)}")
