"""Terms without a glossary: repeated noun phrases (for CO01) and glossary suggestions.

- :func:`noun_phrases` finds multi-character noun phrases with jieba's tagger.
- :func:`inconsistent_phrases` follows each repeated phrase into the aligned English
  through CC-CEDICT and keeps those whose occurrences choose different words.
- :func:`suggest_terms` ranks frequent domain terms (jieba.analyse TF-IDF plus noun
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

from .glossary import _HAN_CHAR, jieba_user_words, normalize_zh
from .lexicon import EN_STOPWORDS, cedict_index, chinese_words, stem

# jieba tags that make up noun phrases: nouns, proper nouns, organisations, places,
# verbal and adjectival nouns, idiomatic nouns and abbreviations.
NOUN_TAGS = frozenset({"n", "nz", "nt", "ns", "nr", "nrt", "nrfg", "nl", "ng", "vn", "an", "j"})
MIN_PHRASE_CHARS = 4
MAX_EXTRA_WORDS = 2  # English words a phrase's window may hold beyond one per component
_HAN_ONLY = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")


def _pos_tokenizer():
    from .lexicon import jieba_tokenizer

    jieba_tokenizer()  # tqc's jieba set-up (quiet, user cache dir) before the tagger uses it
    import jieba.posseg

    return jieba.posseg.dt


def noun_runs(text: str, tokenizer=None, breakers: frozenset[str] = frozenset()
              ) -> list[list[tuple[str, int]]]:
    """Runs of consecutive noun-tagged jieba words of normalised ``text``, each word
    with its offset there.  A word in ``breakers`` (glossary terms) ends a run."""
    tagger = tokenizer or _pos_tokenizer()
    runs: list[list[tuple[str, int]]] = [[]]
    position = 0
    for word, tag in tagger.cut(text, HMM=False):
        if tag in NOUN_TAGS and _HAN_ONLY.fullmatch(word) and word not in breakers:
            runs[-1].append((word, position))
        elif runs[-1]:
            runs.append([])
        position += len(word)
    return [run for run in runs if run]


def _is_phrase(run: list[tuple[str, int]]) -> bool:
    return sum(len(word) for word, _start in run) >= MIN_PHRASE_CHARS


def noun_phrases(text: str, tokenizer=None, breakers: frozenset[str] = frozenset()
                 ) -> list[tuple[str, int, int]]:
    """(phrase, start, end) for each run of noun-tagged jieba words in ``text`` with at
    least ``MIN_PHRASE_CHARS`` Han characters (one long word or several).  Offsets are
    into ``text``; OCR spaces and line-wrap joins inside a phrase are skipped.  A word
    in ``breakers`` (glossary terms, checked on their own) ends a phrase."""
    normal, offsets = normalize_zh(text)
    phrases = []
    for run in noun_runs(normal, tokenizer, breakers):
        if not _is_phrase(run):
            continue
        start, end = run[0][1], run[-1][1] + len(run[-1][0])
        if offsets is not None:
            start, end = offsets[start], offsets[end - 1] + 1
        phrases.append(("".join(word for word, _start in run), start, end))
    return phrases


def _key(word: str) -> str:
    """Inflection- and derivation-tolerant identity of an English word."""
    return stem(word)[:5]


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
    stems = [frozenset(index.get(word)) for word in words]
    return None if any(not found for found in stems) else stems


def _window(components: Sequence[frozenset[str]], text: str) -> tuple[int, int, tuple[str, ...]] | None:
    """The shortest run of English words in ``text`` holding a translation of every
    component, as (start, end, per-component key)."""
    words = [(m.start(), m.end(), m.group()) for m in _EN_WORD.finditer(text)]
    stems = [stem(word) if word.lower() not in EN_STOPWORDS else "" for _a, _b, word in words]
    positions = [[i for i, value in enumerate(stems) if value and value in component]
                 for component in components]
    if any(not found for found in positions):
        return None
    if math.prod(len(found) for found in positions) > 400:
        return None  # too ambiguous to say which words render the phrase
    best = None
    for chosen in itertools.product(*positions):
        if len(set(chosen)) < len(chosen):
            continue
        low, high = min(chosen), max(chosen)
        if high - low + 1 > len(components) + MAX_EXTRA_WORDS:
            continue
        if best is None or (high - low, low) < (best[1] - best[0], best[0]):
            best = (low, high, chosen)
    if best is None:
        return None
    low, high, chosen = best
    key = tuple(_key(words[i][2]) for i in chosen)
    return words[low][0], words[high][1], key


def inconsistent_phrases(context, analysis=None) -> list[PhraseVariants]:
    """Repeated noun phrases of the Chinese rendered with different words in the English."""
    glossary_zh = [term.zh for term in context.glossary.terms]
    breakers = frozenset(normalize_zh(zh)[0] for zh in glossary_zh)
    tagger = _pos_tokenizer()
    occurrences: dict[str, list[tuple[int, PhraseHit]]] = {}
    components_of: dict[str, list[frozenset[str]] | None] = {}
    with jieba_user_words(glossary_zh):
        for bead in context.alignment:
            if not bead.source or not bead.target or bead.score < 0.5:
                continue
            targets = [(i, context.target_segments[i].text) for i in bead.target
                       if context.target_segments[i].article]
            for segment_id in bead.source:
                segment = context.source_segments[segment_id]
                if not segment.article:
                    continue
                for phrase, _start, _end in noun_phrases(segment.text, tagger, breakers):
                    if phrase not in components_of:
                        components_of[phrase] = _components(phrase)
                    components = components_of[phrase]
                    if components is None:
                        continue
                    for target_id, text in targets:
                        window = _window(components, text)
                        if window is not None:
                            start, end, key = window
                            occurrences.setdefault(phrase, []).append(
                                (segment_id, PhraseHit(target_id, (start, end), text[start:end], key)))
                            break
    found: list[PhraseVariants] = []
    for phrase, hits in sorted(occurrences.items(), key=lambda item: item[1][0][0]):
        groups: dict[tuple[str, ...], list[PhraseHit]] = {}
        for _segment, hit in hits:
            groups.setdefault(hit.key, []).append(hit)
        if len(groups) < 2:
            continue
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


def candidate_terms(source_text: str, top: int) -> list[tuple[str, float]]:
    """Frequent domain terms of a Chinese text with a weight in (0, 1]: jieba.analyse
    TF-IDF keywords and repeated noun phrases, heaviest first."""
    import jieba.analyse

    _pos_tokenizer()
    normal, _offsets = normalize_zh(source_text)
    pieces = set()  # every contiguous part of a noun run long enough to be a term
    for run in noun_runs(normal):
        for first in range(len(run)):
            for last in range(first + 1, min(len(run), first + 4) + 1):
                if _is_phrase(run[first:last]):
                    pieces.add("".join(word for word, _start in run[first:last]))
    counts = {piece: normal.count(piece) for piece in pieces}
    keywords = jieba.analyse.extract_tags(
        normal, topK=max(top * 4, 40), withWeight=True,
        allowPOS=("n", "nz", "nt", "ns", "nl", "vn", "an", "j"))
    weights: dict[str, float] = {}
    for word, weight in keywords:
        if len(word) >= 2 and _HAN_CHAR.search(word) and normal.count(word) >= 2:
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
