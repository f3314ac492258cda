"""Terms without a glossary: repeated noun phrases (for CO01) and glossary suggestions.

- :func:`noun_phrases` finds multi-character noun phrases among jieba's words, tagged
  from its dictionary (:func:`tqc.lexicon.segment_chinese`, which CO01 shares).
- :func:`inconsistent_phrases` follows each repeated phrase into the aligned English
  through CC-CEDICT and keeps those whose occurrences choose different words.
- :func:`suggest_terms` ranks frequent domain terms (TF-IDF on jieba.analyse's IDF plus noun
  phrases) with their most consistent aligned English n-gram; :func:`suggestions_tsv`
  writes them as a glossary ``--glossary`` accepts.
"""
from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from .glossary import normalize_zh
from .lexicon import (EN_STOPWORDS, ZhWord, cedict_index, chinese_words, content_stem, import_jieba,
                      segment_chinese, stem)
from .script import HAN_CHAR, HAN_RUN

# jieba tags that make up noun phrases: nouns, proper nouns, organisations, places,
# verbal and adjectival nouns, idiomatic nouns and abbreviations.
NOUN_TAGS = frozenset({"n", "nz", "nt", "ns", "nr", "nrt", "nrfg", "nl", "ng", "vn", "an", "j"})
MIN_PHRASE_CHARS = 4
MAX_EXTRA_WORDS = 2  # English words a phrase's window may hold beyond one per component
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def noun_runs(words: Sequence[ZhWord], breakers: frozenset[str] = frozenset()
              ) -> list[list[ZhWord]]:
    """Runs of consecutive noun-tagged words of one segmented text (``tqc.lexicon.ZhWord``
    tuples, as :func:`tqc.lexicon.segment_chinese` gives them).  A word in ``breakers``
    (glossary terms, in their normalised form) ends a run, and so does a word jieba's
    HMM found: it has no dictionary tag."""
    runs: list[list[ZhWord]] = [[]]
    for entry in words:
        word, tag = entry[0], entry[1]
        if tag in NOUN_TAGS and word not in breakers and HAN_RUN.fullmatch(word):
            runs[-1].append(entry)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _is_phrase(run: Sequence[ZhWord]) -> bool:
    return sum(len(entry[0]) for entry in run) >= MIN_PHRASE_CHARS


def noun_phrases(text: str, breakers: frozenset[str] = frozenset(),
                 words: Sequence[ZhWord] | None = None) -> list[tuple[str, int, int]]:
    """(phrase, start, end) for each run of noun-tagged jieba words in ``text`` with at
    least ``MIN_PHRASE_CHARS`` Han characters (one long word or several).  The phrase is
    in its normalised form; offsets are into ``text``, so OCR spaces and line-wrap joins
    inside a phrase are spanned.  ``words``: ``text`` already segmented (a check's
    shared segmentation); segmented here when None.  A word in ``breakers`` (glossary
    terms, checked on their own) ends a phrase."""
    if words is None:
        words = segment_chinese([text])[0]
    phrases: list[tuple[str, int, int]] = []
    parts: list[str] = []
    first = last = 0
    # (:func:`noun_runs` inlined: CO01 runs this over every sentence of the document)
    for word, tag, start, end in words:
        if tag in NOUN_TAGS and word not in breakers and HAN_RUN.fullmatch(word):
            if not parts:
                first = start
            parts.append(word)
            last = end
        elif parts:
            phrase = "".join(parts)
            if len(phrase) >= MIN_PHRASE_CHARS:
                phrases.append((phrase, first, last))
            parts = []
    if parts:
        phrase = "".join(parts)
        if len(phrase) >= MIN_PHRASE_CHARS:
            phrases.append((phrase, first, last))
    return phrases


@dataclass(frozen=True)
class PhraseHit:
    segment: int
    span: tuple[int, int]
    text: str
    key: tuple[str, ...]


@dataclass(frozen=True)
class PhraseVariants:
    zh: str
    source_segment: int
    variants: tuple[tuple[str, list[PhraseHit]], ...]  # most frequent first
    confidence: float


def _components(phrase: str) -> list[frozenset[str]] | None:
    """CC-CEDICT translation stems of each word of the phrase (None when a word has none)."""
    index = cedict_index()
    words = chinese_words(phrase, index)
    if len(words) < 2 or any(len(word) < 2 for word in words):
        return None
    stems = [frozenset(index.get(word)) - {""} for word in words]
    return None if any(not found for found in stems) else stems


class _EnglishWords:
    """One English text's words and the stem of each ("" for a stopword): made once per
    target segment, however many phrases look into it.  ``known`` (word -> stem) is
    shared between texts."""

    __slots__ = ("text", "words", "stems", "present")

    def __init__(self, text: str, known: dict[str, str] | None = None):
        self.text = text
        self.words = _EN_WORD.findall(text)
        known = {} if known is None else known
        self.stems = list(map(known.get, self.words))
        if None in self.stems:  # words met for the first time
            self.stems = [_content_stem(word, known) if value is None else value
                          for word, value in zip(self.words, self.stems)]
        self.present = frozenset(self.stems)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character offsets from the start of word ``first`` to the end of word ``last``."""
        matches = itertools.islice(_EN_WORD.finditer(self.text), first, last + 1)
        start = end = 0
        for number, match in enumerate(matches):
            if number == 0:
                start = match.start()
            end = match.end()
        return start, end


def _content_stem(word: str, known: dict[str, str]) -> str:
    known[word] = value = content_stem(word)
    return value


def _window(components: Sequence[frozenset[str]], english: str | _EnglishWords
            ) -> tuple[int, int, tuple[str, ...]] | None:
    """The shortest run of English words holding a translation of every component, as
    (its first word, its last word, per-component key)."""
    if isinstance(english, str):
        english = _EnglishWords(english)
    stems, present_stems = english.stems, english.present
    present = []
    for component in components:
        common = component & present_stems
        if not common:
            return None  # (the usual case: a sentence lacks one of the words)
        present.append(common)
    positions = []  # of each component's words, in order (list scans run in C)
    for common in present:
        found = []
        for value in common:
            index = -1
            for _ in range(stems.count(value)):
                index = stems.index(value, index + 1)
                found.append(index)
        if len(common) > 1:
            found.sort()
        positions.append(found)
    combinations = math.prod(map(len, positions))
    if combinations > 400:
        return None  # too ambiguous to say which words render the phrase
    longest = len(components) + MAX_EXTRA_WORDS - 1  # last - first word of the widest window
    best = None
    for chosen in _choices(positions, combinations, longest):
        low, high = min(chosen), max(chosen)
        if high - low > longest or len(set(chosen)) < len(chosen):
            continue
        if best is None or (high - low, low) < (best[1] - best[0], best[0]):
            best = (low, high, chosen)
    if best is None:
        return None
    low, high, chosen = best
    # each word's identity, tolerant of inflection and derivation: its stem's first letters
    return low, high, tuple(stems[index][:5] for index in chosen)


def _choices(positions: list[list[int]], combinations: int, longest: int):
    """One position per component, in ``itertools.product`` order, less (when there
    are many) those that spread over more than ``longest`` words from the first."""
    if combinations == 1:
        return (tuple(found[0] for found in positions),)
    if combinations <= 8:
        return itertools.product(*positions)
    return ((first, *rest) for first in positions[0]
            for rest in itertools.product(*([index for index in found if abs(index - first) <= longest]
                                            for found in positions[1:])))


def inconsistent_phrases(context, analysis=None) -> list[PhraseVariants]:
    """Repeated noun phrases of the Chinese rendered with different words in the English."""
    breakers = frozenset(normalize_zh(term.zh)[0] for term in context.glossary.terms)
    # First every article sentence's phrases, then the English of those seen twice or
    # more: a phrase met once cannot be rendered inconsistently.
    sentences: list[tuple[int, list[tuple[int, str]], list[str]]] = []
    seen: Counter = Counter()
    for bead in context.alignment:
        if not bead.source or not bead.target or bead.score < 0.5:
            continue
        targets = [(i, context.target_segments[i].text) for i in bead.target
                   if context.target_segments[i].article]
        if not targets:
            continue
        for segment_id in bead.source:
            if not context.source_segments[segment_id].article:
                continue
            phrases = [phrase for phrase, _start, _end in noun_phrases(
                context.source_segments[segment_id].text, breakers, context.source_words(segment_id))]
            if phrases:
                sentences.append((segment_id, targets, phrases))
                seen.update(phrases)
    # phrase -> (source segment, target segment, first and last English word, key)
    occurrences: dict[str, list[tuple[int, int, int, int, tuple[str, ...]]]] = {}
    components_of: dict[str, list[frozenset[str]] | None] = {}
    english: dict[int, _EnglishWords] = {}
    stems: dict[str, str] = {}
    for segment_id, targets, phrases in sentences:
        for phrase in phrases:
            if seen[phrase] < 2:
                continue
            if phrase not in components_of:
                components_of[phrase] = _components(phrase)
            components = components_of[phrase]
            if components is None:
                continue
            for target_id, text in targets:
                if target_id not in english:
                    english[target_id] = _EnglishWords(text, stems)
                window = _window(components, english[target_id])
                if window is not None:
                    occurrences.setdefault(phrase, []).append((segment_id, target_id, *window))
                    break
    found: list[PhraseVariants] = []
    for phrase, hits in sorted(occurrences.items(), key=lambda item: item[1][0][0]):
        if len({hit[4] for hit in hits}) < 2:
            continue
        groups: dict[tuple[str, ...], list[PhraseHit]] = {}
        for _segment, target_id, first, last, key in hits:
            # where the words stand, worked out only for the phrases reported
            target = english[target_id]
            start, end = target.span(first, last)
            groups.setdefault(key, []).append(PhraseHit(target_id, (start, end),
                                                        target.text[start:end], key))
        ranked = sorted(groups.values(), key=lambda group: (-len(group), group[0].segment))
        variants = tuple((Counter(hit.text.lower() for hit in group).most_common(1)[0][0], group)
                         for group in ranked)
        confidence = 0.55 + min(0.25, 0.05 * len(hits))
        found.append(PhraseVariants(phrase, hits[0][0], variants, round(confidence, 2)))
    return found


# --- glossary suggestions -----------------------------------------------------------

@dataclass(frozen=True)
class Suggestion:
    zh: str
    en: str
    count: int         # beads where both occur
    confidence: float  # 0..1


def _ngrams(text: str, surfaces: Counter | None = None, longest: int = 5) -> set[str]:
    """Lower-cased English n-grams without a stopword at either edge; ``surfaces``
    counts how each was written."""
    words = [word.replace("’", "'") for word in _EN_WORD.findall(text)]
    lowered = [word.lower() for word in words]
    grams = set()
    for size in range(1, longest + 1):
        for start in range(len(words) - size + 1):
            gram = lowered[start:start + size]
            if gram[0] in EN_STOPWORDS or gram[-1] in EN_STOPWORDS or len(gram[-1]) < 2:
                continue
            key = " ".join(gram)
            grams.add(key)
            if surfaces is not None:
                surfaces[(key, " ".join(words[start:start + size]))] += 1
    return grams


def _offered(zh: str) -> frozenset[str]:
    """English stems CC-CEDICT offers for a Chinese term or its words."""
    index = cedict_index()
    offered = set(index.get(zh))
    for word in chinese_words(zh, index):
        offered.update(index.get(word))
    return frozenset(offered)


def _lexical_share(zh: str, gram: str) -> float:
    """Share of the n-gram's content words that CC-CEDICT offers for the Chinese term."""
    offered = _offered(zh)
    words = [word for word in gram.split() if word not in EN_STOPWORDS]
    return sum(stem(word) in offered for word in words) / len(words) if words else 0.0


# jieba.analyse's stop words: its TF-IDF ignores them whatever their tag.
_KEYWORD_STOPWORDS = frozenset((
    "the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are", "by", "be", "as",
    "on", "with", "can", "if", "from", "which", "you", "it", "this", "then", "at", "have",
    "all", "not", "one", "has", "or"))
KEYWORD_TAGS = frozenset({"n", "nz", "nt", "ns", "nl", "vn", "an", "j"})


def _idf_table() -> tuple[dict[str, float], float]:
    """jieba.analyse's inverse document frequencies and their median, cached (the
    text file is 6 MB; importing jieba.analyse would also load jieba.posseg)."""
    from .diskcache import cached_table, package_stamp

    stamp = package_stamp("jieba", "analyse/idf.txt")
    return cached_table(f"jieba-idf-{stamp}-f{_IDF_FORMAT}", _read_idf)


# Bump when _read_idf's table changes shape.
_IDF_FORMAT = 1


def _read_idf() -> tuple[dict[str, float], float]:
    from pathlib import Path

    idf: dict[str, float] = {}
    path = Path(import_jieba().__file__).parent / "analyse" / "idf.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2:
            idf[parts[0]] = float(parts[1])
    median = sorted(idf.values())[len(idf) // 2] if idf else 0.0
    return idf, median


def keywords(words: Sequence[ZhWord], top: int) -> list[tuple[str, float]]:
    """The ``top`` TF-IDF keywords among noun-like words (:data:`KEYWORD_TAGS`, and Han
    words the dictionary lacks) of one segmented text, heaviest first, as
    ``jieba.analyse.extract_tags`` weighs them."""
    counts: dict[str, float] = {}
    for word, tag, _start, _end in words:
        # a Han word jieba's dictionary lacks (tag "") is a coinage its HMM found: the new
        # domain terms a glossary most needs, which jieba's tagger would mostly call nouns
        if (tag in KEYWORD_TAGS or (not tag and HAN_CHAR.search(word))) \
                and len(word.strip()) >= 2 and word.lower() not in _KEYWORD_STOPWORDS:
            counts[word] = counts.get(word, 0.0) + 1.0
    total = sum(counts.values())
    idf, median = _idf_table()
    weights = {word: count * (idf.get(word, median) / total) for word, count in counts.items()}
    return sorted(weights.items(), key=lambda item: item[1], reverse=True)[:top]


def candidate_terms(source_text: str, top: int) -> list[tuple[str, float]]:
    """Frequent domain terms of a Chinese text with a weight in (0, 1]: TF-IDF keywords
    and repeated noun phrases, heaviest first."""
    normal, _offsets = normalize_zh(source_text)
    words = segment_chinese([normal])[0]
    pieces = set()  # every contiguous part of a noun run long enough to be a term
    for run in noun_runs(words):
        for first in range(len(run)):
            for last in range(first + 1, min(len(run), first + 4) + 1):
                if _is_phrase(run[first:last]):
                    pieces.add("".join(entry[0] for entry in run[first:last]))
    counts = {piece: normal.count(piece) for piece in pieces}
    weights: dict[str, float] = {}
    for word, weight in keywords(words, max(top * 4, 40)):
        if len(word) >= 2 and HAN_CHAR.search(word) and normal.count(word) >= 2:
            weights[word] = weight
    top_weight = max(weights.values(), default=1.0)
    for phrase, count in counts.items():
        if count >= 2:  # a repeated compound is a term candidate as strong as a top keyword
            weights[phrase] = max(weights.get(phrase, 0.0), top_weight * min(1.0, count / 3))
    ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
    return [(word, weight / top_weight) for word, weight in ranked]


def suggest_terms(source_segments, target_segments, alignment, top: int = 20) -> list[Suggestion]:
    """Glossary candidates: frequent Chinese terms with their most consistent English.

    An English n-gram's score is its Dice coefficient with the term over aligned beads,
    weighted up when CC-CEDICT offers its words for the term; the ranking also weighs
    how much of a domain term the Chinese is (TF-IDF, repeated compounds)."""
    beads = [(normalize_zh(" ".join(source_segments[i].text for i in bead.source))[0],
              " ".join(target_segments[i].text for i in bead.target))
             for bead in alignment if bead.source and bead.target]
    source_text = "\n".join(zh for zh, _en in beads)
    surfaces: Counter = Counter()
    grams_per_bead = [_ngrams(en, surfaces) for _zh, en in beads]
    gram_beads = Counter(gram for grams in grams_per_bead for gram in grams)
    written: dict[str, str] = {}
    for (key, surface), _count in sorted(surfaces.items(), key=lambda item: (-item[1], item[0])):
        written.setdefault(key, surface)
    ranked: list[tuple[float, Suggestion]] = []
    for zh, weight in candidate_terms(source_text, top):
        with_term = [grams for (chinese, _en), grams in zip(beads, grams_per_bead) if zh in chinese]
        if len(with_term) < 2:
            continue
        together = Counter(gram for grams in with_term for gram in grams)
        known = bool(_offered(zh))
        best: tuple[float, int, str] | None = None
        for gram, both in together.items():
            if both < 2:
                continue
            dice = 2 * both / (len(with_term) + gram_beads[gram])
            lexical = _lexical_share(zh, gram)
            if known and not lexical:
                continue  # the dictionary knows the term, and this n-gram is none of it
            score = dice * (0.5 + 0.5 * lexical)
            candidate = (round(score, 6), len(gram.split()), gram)
            if best is None or candidate > best:
                best = candidate
        if best is None or best[0] < 0.2:
            continue
        score, _size, gram = best
        confidence = round(min(1.0, score * min(1.0, 0.5 + 0.1 * together[gram])), 2)
        suggestion = Suggestion(zh, written.get(gram, gram), together[gram], confidence)
        ranked.append((confidence * (0.5 + 0.5 * weight), suggestion))
    ranked.sort(key=lambda item: (-item[0], -item[1].count, item[1].zh))
    return _drop_nested([suggestion for _rank, suggestion in ranked])[:top]


def _drop_nested(suggestions: list[Suggestion]) -> list[Suggestion]:
    """Keep 能源安全 -> energy security, not also 能源 -> energy from the same evidence."""
    kept: list[Suggestion] = []
    for suggestion in suggestions:
        if any(suggestion.zh in other.zh and f" {suggestion.en.lower()} " in f" {other.en.lower()} "
               for other in kept):
            continue
        kept.append(suggestion)
    return kept


def suggestions_tsv(suggestions: Iterable[Suggestion]) -> str:
    lines = ["zh\ten\tforbidden\tnote"]
    for item in suggestions:
        lines.append(f"{item.zh}\t{item.en}\t\tsuggested, seen {item.count} times "
                     f"(confidence {item.confidence:.2f})")
    return "\n".join(lines) + "\n"


def suggest_from_files(source_path: str, target_path: str | None = None,
                       top: int = 20) -> list[Suggestion]:
    """Read, segment and align like ``tqc check``, then suggest glossary entries."""
    from .align import align
    from .reading import read_inputs
    from .segment import segment

    bitext = read_inputs(source_path, target_path)
    source = segment(bitext.source, prealigned=bitext.prealigned)
    target = segment(bitext.target, prealigned=bitext.prealigned)
    if bitext.prealigned:
        from .model import Bead

        alignment = [Bead((i,), (i,), 1.0) for i in range(min(len(source), len(target)))]
    else:
        alignment = align(source, target)
    return suggest_terms(source, target, alignment, top)
