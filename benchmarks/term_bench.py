"""Terminology benchmark: recall on planted wrong renderings, false alarms on clean text.

Corpora (read from ../shared, never copied into the repo):

- ``tico19``: the TICO-19 COVID term lists (three CSVs, exchange style) against the
  TICO-19 en-zh translation memory, Chinese as the source;
- ``mqm``: tqc's shipped ``@intl-orgs`` and ``@countries`` glossaries against the human
  reference translations of WMT newstest2020 zh-en (MQM release).

For each corpus, the *clean* units are those where every glossary term found in the
Chinese has one of its renderings in the English by a plain case-insensitive word
search (independent of tqc's matcher).  On them:

- false alarms = TM01/TM02/TM03 findings per 100 clean units (the translations are
  unchanged, so every finding is a false alarm);
- recall = share of planted errors found: in a copy of each clean unit, every
  occurrence of one term's rendering is replaced by a wrong one, either another
  glossary term's rendering ("swap") or a near miss ("near": the last word altered
  the way "Peninsula" becomes "Peninsular", or a multi-word rendering cut short).
  A planted error counts as found when a TM finding names that term.

Usage: python benchmarks/term_bench.py [--corpus tico19|mqm|all] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from tqc.config import Config
from tqc.glossary import Glossary, SourceMatcher, Term, load_glossary
from tqc.pipeline import run
from tqc.reading import parse_tsv

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TICO = SHARED / "data" / "tico19"
MQM = SHARED / "data" / "mqm-newstest2020-zhen" / "segments.jsonl"
SEED = 20240611


def tico_units(limit: int) -> list[tuple[str, str]]:
    units = []
    for unit in ET.parse(TICO / "all.en-zh.tmx").getroot().iter("tu"):
        texts = {}
        for variant in unit.iter("tuv"):
            lang = variant.get("{http://www.w3.org/XML/1998/namespace}lang", "")
            segment = variant.find("seg")
            texts[lang[:2]] = " ".join("".join(segment.itertext()).split()) if segment is not None else ""
        if texts.get("zh") and texts.get("en"):
            units.append((texts["zh"], texts["en"]))
    return units[:limit]


def mqm_units(limit: int) -> list[tuple[str, str]]:
    seen, units = set(), []
    with open(MQM, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if not record["system"].startswith("Human") or record.get("postedit_artifact"):
                continue
            key = (record["src"], record["tgt"])
            if key not in seen:
                seen.add(key)
                units.append((" ".join(record["src"].split()), " ".join(record["tgt"].split())))
    return units[:limit]


def tico_glossary() -> Glossary:
    glossary = Glossary()
    for name in ("f_en-zh_CN.csv", "g_en_zh-CN.csv", "g_zh-CN_en.csv"):
        glossary = glossary.merged(load_glossary(TICO / name))
    return glossary


def plain_pattern(rendering: str) -> re.Pattern:
    """The naive check the clean set is chosen by: words in order, any case."""
    words = [re.escape(word) for word in re.split(r"[\s\-]+", rendering) if word]
    return re.compile(r"(?<!\w)" + r"[\s\-]+".join(words) + r"(?:s|es)?(?!\w)", re.IGNORECASE)


def terms_used(found: list, en: str) -> list[tuple[Term, list[re.Pattern]]] | None:
    """(term, patterns of the renderings the English uses) for every term found in the
    Chinese, or None when a term's renderings are all absent (the unit is not clean)."""
    used = []
    for term, _start, _end in found:
        if not term.en:
            continue
        patterns = [plain_pattern(r) for r in term.en if plain_pattern(r).search(en)]
        if not patterns:
            return None
        used.append((term, patterns))
    return used


def corrupt(en: str, patterns: list[re.Pattern], wrong) -> str:
    """Every rendering of the term replaced, so that the English no longer has one."""
    for pattern in sorted(patterns, key=lambda p: -len(p.pattern)):
        en = pattern.sub(lambda m: wrong(m.group()), en)
    return en


def near_miss(rendering: str) -> str:
    """"Korean Peninsula" -> "Korean", "Peninsula" -> "Peninsular", "virus" -> "viral"."""
    words = rendering.split()
    if len(words) > 1:
        return " ".join(words[:-1])
    word = words[0]
    if not word[-1:].isalpha():
        return word + "X"  # "U.S." -> "U.S.X": no plausible near miss, still wrong
    return word + "r" if word.endswith("a") else word + "al"


def any_spelling(rendering: str) -> re.Pattern:
    """The rendering's letters with any separators (or none) between them, as a word."""
    letters = [re.escape(ch) for ch in rendering.lower() if ch.isalnum()]
    return re.compile(r"(?<![^\W_])" + r"[\W_]*".join(letters) + r"(?:s|es)?(?![^\W_])",
                      re.IGNORECASE)


def tm_findings(units: list[tuple[str, str]], glossary: Glossary, options: dict) -> list[list]:
    """Findings per unit, the units run as one pre-aligned TSV through the pipeline."""
    text = "\n".join(f"{zh.replace(chr(9), ' ')}\t{en.replace(chr(9), ' ')}" for zh, en in units)
    config = Config(select=("TM01", "TM02", "TM03"), rule_options=options)
    report = run(parse_tsv(text + "\n", "units.tsv"), glossary, config)
    per_unit: list[list] = [[] for _ in units]
    for finding in report.findings:
        segment_id = (finding.source.segments or finding.target.segments)[0]
        per_unit[report.source_segments[segment_id].paragraph].append(finding)
    return per_unit


def measure(name: str, units: list[tuple[str, str]], glossary: Glossary,
            options: dict | None = None) -> dict:
    options = options or {}
    started = time.perf_counter()
    rng = random.Random(SEED)
    matcher = SourceMatcher(glossary)
    clean = []
    for (zh, en), found in zip(units, matcher.find_many(zh for zh, _en in units)):
        used = terms_used(found, en)
        if used:
            clean.append((zh, en, used))
    findings = tm_findings([(zh, en) for zh, en, _used in clean], glossary, options)
    false_alarms = sum(len(found) for found in findings)
    by_code = Counter(finding.code + ("" if finding.severity == "error" else f"-{finding.severity}")
                      for found in findings for finding in found)
    alarm_examples = [(clean[i][0], clean[i][1], found[0].message)
                      for i, found in enumerate(findings) if found][:40]

    renderings = sorted({r for term in glossary.terms for r in term.en if len(r) > 3})
    planted: list[tuple[str, str, str, str]] = []  # zh, corrupted en, term zh, kind
    for zh, en, used in clean:
        term, patterns = used[rng.randrange(len(used))]
        for kind in ("swap", "near"):
            if kind == "swap":
                choice = rng.choice(renderings)
                corrupted = corrupt(en, patterns, lambda _found: choice)
            else:
                corrupted = corrupt(en, patterns, near_miss)
            if any(any_spelling(r).search(corrupted) for r in term.en):
                continue  # a right rendering is still there in some spelling: not an error
            planted.append((zh, corrupted, term.zh, kind))
    planted_findings = tm_findings([(zh, en) for zh, en, _t, _k in planted], glossary, options)
    found = {"swap": [0, 0], "near": [0, 0]}
    misses = []
    for (zh, en, term_zh, kind), result in zip(planted, planted_findings):
        found[kind][1] += 1
        if any(term_zh in finding.message for finding in result):
            found[kind][0] += 1
        elif len(misses) < 5:
            misses.append((kind, term_zh, zh, en))
    hits = sum(value[0] for value in found.values())
    total = sum(value[1] for value in found.values())
    return {
        "corpus": name, "units": len(units), "terms": len(glossary.terms), "clean": len(clean),
        "false_alarms": false_alarms, "by_code": dict(sorted(by_code.items())),
        "false_alarms_per_100": round(100 * false_alarms / max(len(clean), 1), 2),
        "planted": total, "recall": round(hits / max(total, 1), 4),
        "recall_swap": round(found["swap"][0] / max(found["swap"][1], 1), 4),
        "recall_near": round(found["near"][0] / max(found["near"][1], 1), 4),
        "seconds": round(time.perf_counter() - started, 1),
        "alarm_examples": alarm_examples, "miss_examples": misses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", choices=("tico19", "mqm", "all"), default="all")
    parser.add_argument("--limit", type=int, default=20000, help="units read per corpus")
    parser.add_argument("--verbose", action="store_true", help="print examples of errors")
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"no shared data at {SHARED}", file=sys.stderr)
        return 2
    results = []
    if args.corpus in ("tico19", "all"):
        units, glossary = tico_units(args.limit), tico_glossary()
        results.append(measure("tico19", units, glossary))
        # TICO's lists write "hand-washing", "self isolation": a term list, not a style
        # guide.  The default reports hyphenation only in proper names; "distinct"
        # shows what reporting it everywhere would cost.
        results.append(measure("tico19 (TM03 separators=distinct)", units, glossary,
                               {"TM03": {"separators": "distinct"}}))
    if args.corpus in ("mqm", "all"):
        glossary = load_glossary("@intl-orgs").merged(load_glossary("@countries"))
        results.append(measure("mqm+intl-orgs+countries", mqm_units(args.limit), glossary))
    for result in results:
        print(f"{result['corpus']}: {result['terms']} terms, {result['units']} units, "
              f"{result['clean']} clean units using the terms")
        print(f"  false alarms: {result['false_alarms']} "
              f"({result['false_alarms_per_100']} per 100 units; by code: {result['by_code']})")
        print(f"  recall: {result['recall']:.4f} on {result['planted']} planted errors "
              f"(swap {result['recall_swap']:.4f}, near miss {result['recall_near']:.4f})")
        print(f"  time: {result['seconds']} s")
        if args.verbose:
            for zh, en, message in result["alarm_examples"]:
                print(f"  ALARM {message}\n    zh: {zh}\n    en: {en}")
            for kind, term, zh, en in result["miss_examples"]:
                print(f"  MISS ({kind}) {term}\n    zh: {zh}\n    en: {en}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
