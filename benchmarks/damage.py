"""Damage generator for alignment and omission benchmarks.

Builds zh/en documents from a sentence-aligned corpus (MQM newstest2020 zh-en: one
Chinese source sentence and its human reference per row; or a zh/en TMX such as
TICO-19's) and damages them the way real documents are damaged, keeping the gold
alignment:

- merge two adjacent English sentences (gold 2-1) or Chinese sentences (gold 1-2);
- split an English sentence (1-2), a Chinese one (2-1) or both (2-2) at a comma;
- delete English sentences (omissions, gold 1-0), sometimes two in a row;
- cut a paragraph's last English sentence: drop it (1-0) or cut it off mid-way;
- add an English sentence taken from another document (gold 0-1).

Hard-wrapping and reflow are simulated on top of these documents by
``align_bench.py``'s reflow block: it writes them as hard-wrapped pages, reads them back
through tqc's reading, reflow and segment stages and maps the segments to gold sentences.

Everything is driven by a seeded ``random.Random``: same seed, same documents.
"""
from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data" / "mqm-newstest2020-zhen" / "segments.jsonl"
# TICO-19 (COVID-19 medical and Wikipedia texts, translated from English): a second,
# differently styled corpus, so that settings tuned on MQM news can be checked on it.
TICO = SHARED / "data" / "tico19" / "all.en-zh.tmx"


@dataclass
class Unit:
    """One gold bead: Chinese sentences, English sentences, paragraph per side."""

    zh: list[str]
    en: list[str]
    paragraph: int


@dataclass
class DamagedDoc:
    name: str
    zh: list[str]
    en: list[str]
    zh_paragraphs: list[int]
    en_paragraphs: list[int]
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]]
    damage: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DamageRates:
    """Per-unit probabilities of each damage (per paragraph for ``cut_last``)."""

    merge_en: float = 0.05
    merge_zh: float = 0.04
    split_en: float = 0.05
    split_zh: float = 0.03
    split_both: float = 0.02
    delete_en: float = 0.05
    delete_two: float = 0.25   # share of deletions that take the next sentence too
    add_en: float = 0.03
    cut_last: float = 0.10


def load_documents(path: Path = DATA, system: str = "Human-A.0",
                   skip_artifacts: bool = True) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(doc, [(zh, en), ...])] in file order, segments ordered by ``seg``.

    Rows flagged as post-edit artefacts are dropped (both sides, so the gold stays
    1-1); the small gap in the running text does not matter to an aligner.
    """
    by_doc: dict[str, list[dict]] = defaultdict(list)
    order: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["system"] != system:
                continue
            if row["doc"] not in by_doc:
                order.append(row["doc"])
            by_doc[row["doc"]].append(row)
    documents = []
    for name in order:
        rows = sorted(by_doc[name], key=lambda row: row["seg"])
        if skip_artifacts:
            rows = [row for row in rows if not row["postedit_artifact"]]
        pairs = [(row["src"].strip(), row["tgt"].strip()) for row in rows]
        if len(pairs) >= 2 and all(zh and en for zh, en in pairs):
            documents.append((name, pairs))
    return documents


def load_tmx_documents(path: Path = TICO) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(doc, [(zh, en), ...])] from a zh/en TMX whose tuids read ``DOC:NUMBER``.

    Units are grouped by DOC in file order and sorted by NUMBER; units missing a side
    are dropped.
    """
    import xml.etree.ElementTree as ElementTree

    lang_attribute = "{http://www.w3.org/XML/1998/namespace}lang"
    by_doc: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    order: list[str] = []
    for unit in ElementTree.parse(path).getroot().iter("tu"):
        name, _, number = (unit.get("tuid") or "").rpartition(":")
        texts = {}
        for variant in unit.iter("tuv"):
            lang = (variant.get(lang_attribute) or variant.get("lang") or "").lower()
            segment = variant.find("seg")
            if segment is not None:
                texts[lang[:2]] = " ".join("".join(segment.itertext()).split())
        if not name or not number.isdigit() or not texts.get("zh") or not texts.get("en"):
            continue
        if name not in by_doc:
            order.append(name)
        by_doc[name].append((int(number), texts["zh"], texts["en"]))
    documents = []
    for name in order:
        pairs = [(zh, en) for _, zh, en in sorted(by_doc[name])]
        if len(pairs) >= 2:
            documents.append((name, pairs))
    return documents


_ZH_COMMA = re.compile(r"[，；]")
_EN_COMMA = re.compile(r"[,;] ")


def _split_at(text: str, pattern: re.Pattern, rng: random.Random) -> tuple[str, str] | None:
    """Split at a comma in the middle third of the text, or None."""
    length = len(text)
    cuts = [m.end() for m in pattern.finditer(text) if length / 4 <= m.end() <= 3 * length / 4]
    if not cuts:
        return None
    cut = rng.choice(cuts)
    return text[:cut].strip(), text[cut:].strip()


def paragraphs_for(count: int, rng: random.Random) -> list[int]:
    """Paragraph index per sentence: paragraphs of 1-5 sentences."""
    indices, paragraph = [], 0
    while len(indices) < count:
        size = rng.choice((1, 2, 3, 3, 4, 5))
        indices.extend([paragraph] * size)
        paragraph += 1
    return indices[:count]


def damage_document(name: str, pairs: list[tuple[str, str]], rng: random.Random,
                    foreign_english: list[str], rates: DamageRates = DamageRates()) -> DamagedDoc:
    paragraph_of = paragraphs_for(len(pairs), rng)
    units = [Unit([zh], [en], paragraph_of[k]) for k, (zh, en) in enumerate(pairs)]
    counts: dict[str, int] = defaultdict(int)
    result: list[Unit] = []
    k = 0
    while k < len(units):
        unit = units[k]
        nxt = units[k + 1] if k + 1 < len(units) else None
        same_paragraph = nxt is not None and nxt.paragraph == unit.paragraph
        roll = rng.random()
        edge = 0.0
        for kind, rate in (("merge_en", rates.merge_en), ("merge_zh", rates.merge_zh),
                           ("split_en", rates.split_en), ("split_zh", rates.split_zh),
                           ("split_both", rates.split_both), ("delete_en", rates.delete_en)):
            edge += rate
            if roll < edge:
                break
        else:
            kind = "keep"
        if kind == "merge_en" and same_paragraph:
            result.append(Unit(unit.zh + nxt.zh, [unit.en[0] + " " + nxt.en[0]], unit.paragraph))
            k += 2
        elif kind == "merge_zh" and same_paragraph:
            result.append(Unit([unit.zh[0] + nxt.zh[0]], unit.en + nxt.en, unit.paragraph))
            k += 2
        elif kind in ("split_en", "split_both") and (parts := _split_at(unit.en[0], _EN_COMMA, rng)):
            zh_parts = _split_at(unit.zh[0], _ZH_COMMA, rng) if kind == "split_both" else None
            if kind == "split_both" and not zh_parts:
                result.append(unit)
                kind = "keep"
            else:
                result.append(Unit(list(zh_parts) if zh_parts else unit.zh, list(parts), unit.paragraph))
            k += 1
        elif kind == "split_zh" and (parts := _split_at(unit.zh[0], _ZH_COMMA, rng)):
            result.append(Unit(list(parts), unit.en, unit.paragraph))
            k += 1
        elif kind == "delete_en":
            result.append(Unit(unit.zh, [], unit.paragraph))
            if nxt is not None and same_paragraph and rng.random() < rates.delete_two:
                result.append(Unit(nxt.zh, [], nxt.paragraph))
                counts["delete_en"] += 1
                k += 1
            k += 1
        else:
            result.append(unit)
            kind = "keep"
            k += 1
        counts[kind] += 1
        if rng.random() < rates.add_en:
            result.append(Unit([], [rng.choice(foreign_english)], result[-1].paragraph))
            counts["add_en"] += 1
    # cut the last English sentence of some paragraphs
    for position, unit in enumerate(result):
        last = position + 1 == len(result) or result[position + 1].paragraph != unit.paragraph
        if last and len(unit.en) == 1 and len(unit.zh) == 1 and rng.random() < rates.cut_last:
            if rng.random() < 0.5:
                unit.en = []
                counts["cut_last_dropped"] += 1
            else:
                words = unit.en[0].split()
                unit.en = [" ".join(words[: max(1, len(words) // 2)])]
                counts["cut_last_truncated"] += 1
    counts.pop("keep", None)
    return _flatten(name, result, dict(sorted(counts.items())))


def _flatten(name: str, units: list[Unit], counts: dict[str, int]) -> DamagedDoc:
    zh, en, zh_par, en_par, gold = [], [], [], [], []
    for unit in units:
        zh_ids = tuple(range(len(zh), len(zh) + len(unit.zh)))
        en_ids = tuple(range(len(en), len(en) + len(unit.en)))
        zh.extend(unit.zh)
        en.extend(unit.en)
        zh_par.extend([unit.paragraph] * len(unit.zh))
        en_par.extend([unit.paragraph] * len(unit.en))
        if zh_ids or en_ids:
            gold.append((zh_ids, en_ids))
    return DamagedDoc(name, zh, en, zh_par, en_par, gold, counts)


def damaged_corpus(seed: int = 13, system: str = "Human-A.0", rates: DamageRates = DamageRates(),
                   path: Path = DATA) -> list[DamagedDoc]:
    """Every usable document of ``system``, damaged with a fixed seed."""
    return damaged_documents(load_documents(path, system), seed, rates)


def damaged_documents(documents: list[tuple[str, list[tuple[str, str]]]], seed: int = 13,
                      rates: DamageRates = DamageRates()) -> list[DamagedDoc]:
    """``documents`` as from :func:`load_documents`, damaged with a fixed seed."""
    rng = random.Random(seed)
    result = []
    for position, (name, pairs) in enumerate(documents):
        # foreign sentences come from a different document, so they truly do not belong
        other = documents[(position + len(documents) // 2) % len(documents)][1]
        result.append(damage_document(name, pairs, rng, [en for _, en in other], rates))
    return result


def concatenated(docs: list[DamagedDoc], name: str = "all") -> DamagedDoc:
    """One long document from several (paragraph numbers and ids shifted)."""
    zh, en, zh_par, en_par, gold = [], [], [], [], []
    counts: dict[str, int] = defaultdict(int)
    paragraph_base = 0
    for doc in docs:
        zh_base, en_base = len(zh), len(en)
        zh.extend(doc.zh)
        en.extend(doc.en)
        zh_par.extend(p + paragraph_base for p in doc.zh_paragraphs)
        en_par.extend(p + paragraph_base for p in doc.en_paragraphs)
        gold.extend((tuple(i + zh_base for i in s), tuple(j + en_base for j in t)) for s, t in doc.gold)
        paragraph_base += 1 + max(doc.zh_paragraphs + doc.en_paragraphs, default=0)
        for key, value in doc.damage.items():
            counts[key] += value
    return DamagedDoc(name, zh, en, zh_par, en_par, gold, dict(sorted(counts.items())))


def lexical_noise(docs: list[DamagedDoc], rate: float, seed: int = 13) -> list[DamagedDoc]:
    """Copies of ``docs`` with each English word replaced, at ``rate``, by a random word
    of the corpus: lengths stay, lexical evidence thins out as in a free (literary)
    translation or a vocabulary the dictionary does not know."""
    if rate <= 0:
        return docs
    rng = random.Random(seed)
    vocabulary = [word for doc in docs for sentence in doc.en for word in sentence.split()]
    return [replace(doc, en=[" ".join(word if rng.random() >= rate else rng.choice(vocabulary)
                                      for word in sentence.split()) for sentence in doc.en])
            for doc in docs]
