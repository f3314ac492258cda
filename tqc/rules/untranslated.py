"""Chinese left in the English: stray Han words, and whole units not translated."""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Finding
from ..script import HAN_RANGE
from .base import CheckContext, Rule

HAN_OR_ZERO = HAN_RANGE + "\u3007"  # 〇, the numeral zero, too
HAN_OR_ZERO_CHAR = re.compile(f"[{HAN_OR_ZERO}]")
# A run of Han characters, possibly with CJK punctuation inside it (一带一路、小康).
_HAN_RUN = re.compile(f"[{HAN_OR_ZERO}](?:[{HAN_OR_ZERO}\u3000-\u303f\uff0c\uff1a\uff1b·・ ]*[{HAN_OR_ZERO}])?")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_OPENERS = "(（[［“\"‘'「『【《〈"
_CLOSERS = {"(": ")）", "（": ")）", "[": "]］", "［": "]］", "“": "”\"", "\"": "\"”",
            "‘": "’'", "'": "'’", "「": "」", "『": "』", "【": "】", "《": "》", "〈": "〉"}


def han_count(text: str) -> int:
    return len(HAN_OR_ZERO_CHAR.findall(text))


def han_share(text: str) -> float:
    """Han characters as a share of Han characters plus Latin letters (0 for neither)."""
    han = han_count(text)
    letters = len(_LATIN_LETTER.findall(text))
    return han / (han + letters) if han + letters else 0.0


def mostly_chinese(text: str, threshold: float = 0.5) -> bool:
    return han_count(text) >= 2 and han_share(text) >= threshold


def _is_gloss(text: str, start: int, end: int) -> bool:
    """The Han run at [start, end) is given alongside its English form:
    "Xiaokang (小康)", "(xiaokang, 小康)" or "小康 (xiaokang)"."""
    from ..lexicon import EN_STOPWORDS

    # Inside a bracket that also holds Latin text: "(xiaokang, 小康)".
    open_at = max(text.rfind(opener, 0, start) for opener in "(（[［")
    if open_at >= 0:
        close_at = min((i for i in (text.find(c, end) for c in ")）]］") if i >= 0), default=-1)
        between_closers = re.search(r"[)）\]］]", text[open_at + 1:start])
        if close_at >= 0 and not between_closers and (
                _LATIN_LETTER.search(text[open_at + 1:start]) or
                _LATIN_LETTER.search(text[end:close_at])):
            return True
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    if before and before[-1] in _OPENERS and after[:1] and after[0] in _CLOSERS[before[-1]]:
        # Directly bracketed or quoted after an English word: "Xiaokang (小康)".
        word = re.search(r"([A-Za-z\u00c0-\u024f'’-]+)\W*$", before[:-1])
        if word and word.group(1).lower() not in EN_STOPWORDS:
            return True
        after = after[1:].lstrip()
    # The Chinese comes first and a bracketed English form follows: "小康 (xiaokang)".
    return bool(re.match(r"[(（\[［]\s*[A-Za-z\u00c0-\u024f]", after))


def han_runs(text: str) -> list[tuple[int, int]]:
    """Spans of Han runs in ``text`` that are not glossed by an English form."""
    return [(m.start(), m.end()) for m in _HAN_RUN.finditer(text)
            if not _is_gloss(text, m.start(), m.end())]


class HanInEnglish(Rule):
    """Han characters are left in the English: a word or phrase was not translated.

    One finding per English sentence, listing the Chinese runs found in it.
    A Chinese term given together with its English form is allowed: in brackets
    after the English ("Xiaokang (小康)"), or followed by a bracketed English
    form ("小康 (xiaokang)").  A sentence that is mostly Chinese is reported by
    UN02 instead.

    Bad:
    zh: 全面建成小康社会是我们的目标。
    en: Building a 小康 society in all respects is our goal.

    Good:
    zh: 全面建成小康社会是我们的目标。
    en: Building a moderately prosperous (xiaokang, 小康) society in all respects is our goal.
    """

    code = "UN01"
    name = "han-in-english"
    category = "untranslated"
    severity = "error"

    def check(self, context: CheckContext) -> Iterator[Finding]:
        for segment in context.target_segments:
            if not HAN_OR_ZERO_CHAR.search(segment.text) or mostly_chinese(segment.text):
                continue
            runs = han_runs(segment.text)
            if not runs:
                continue
            words = [segment.text[start:end] for start, end in runs]
            shown = "、".join(f"“{word}”" for word in words[:5]) + ("…" if len(words) > 5 else "")
            yield self.finding(
                f"Chinese left untranslated in the English: {shown}",
                target=context.location("target", (segment.id,), span=runs[0]),
                source=_counterpart(context, segment.id),
                confidence=0.95,
            )


class UntranslatedTarget(Rule):
    """The English is a copy of the Chinese, or is mostly Chinese.

    Checked on every aligned unit: a target identical to its source (when the
    source has Chinese text) or whose letters are mostly Han characters was not
    translated.  Numbers, codes and names that are the same in both languages
    are not reported.

    Bad:
    zh: 会议讨论了区域安全问题。
    en: 会议讨论了区域安全问题。

    Good:
    zh: 会议讨论了区域安全问题。
    en: The meeting discussed regional security.

    Options:
    threshold: share of Han characters among letters above which the English
    counts as Chinese (default 0.5)
    """

    code = "UN02"
    name = "target-not-translated"
    category = "untranslated"
    severity = "error"
    options = {"threshold": 0.5}

    def check(self, context: CheckContext) -> Iterator[Finding]:
        threshold = float(self.settings["threshold"])
        for bead in context.alignment:
            if not any(HAN_OR_ZERO_CHAR.search(context.target_segments[i].text) for i in bead.target):
                continue  # both tests below need Han characters in the English
            source_texts = {_normalised(context.source_segments[i].text) for i in bead.source}
            source_texts.add(_normalised(context.source_text(bead.source)))
            # Judged sentence by sentence: the aligner may glue a copied sentence to
            # a translated neighbour.
            flagged = [i for i in bead.target
                       if _normalised(context.target_segments[i].text) in source_texts
                       and han_count(context.target_segments[i].text)
                       or mostly_chinese(context.target_segments[i].text, threshold)]
            if not flagged:
                continue
            target = context.target_text(flagged)
            if _normalised(target) in source_texts or all(
                    _normalised(context.target_segments[i].text) in source_texts for i in flagged):
                message = "English is a copy of the Chinese"
            else:
                message = f"English is mostly Chinese ({han_share(target):.0%} Han characters)"
            yield self.finding(
                f"{message}: {_clip(target)}",
                target=context.location("target", flagged),
                source=context.location("source", bead.source) if bead.source else None,
                confidence=0.98,
            )


def _counterpart(context: CheckContext, target_id: int):
    """The source Location of the bead holding ``target_id``, or None."""
    source_ids = context.counterpart("target", target_id)
    return context.location("source", source_ids) if source_ids else None


def _normalised(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
