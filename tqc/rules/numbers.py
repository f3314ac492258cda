"""Numbers that change in translation."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterator

from ..model import Bead, Finding
from ..numbers import Quantity, same_quantities
from .base import CheckContext, Rule

# Units a translator may convert: unit -> (dimension, factor to the base unit).
# Temperatures are converted by formula.  Longest spellings first in the regexes.
_ZH_UNITS = {
    "平方公里": ("area", 1e6), "平方千米": ("area", 1e6), "平方米": ("area", 1.0),
    "公顷": ("area", 1e4), "亩": ("area", 10_000 / 15),
    "公里": ("length", 1000.0), "千米": ("length", 1000.0), "厘米": ("length", 0.01),
    "毫米": ("length", 0.001), "英里": ("length", 1609.344), "英尺": ("length", 0.3048),
    "海里": ("length", 1852.0), "米": ("length", 1.0),
    "千克": ("mass", 1.0), "公斤": ("mass", 1.0), "吨": ("mass", 1000.0), "克": ("mass", 0.001),
    "斤": ("mass", 0.5), "磅": ("mass", 0.45359237),
    "摄氏度": ("celsius", 1.0), "℃": ("celsius", 1.0), "华氏度": ("fahrenheit", 1.0),
    "℉": ("fahrenheit", 1.0), "升": ("volume", 1.0), "毫升": ("volume", 0.001),
}
_EN_UNITS = {
    "square kilometres": ("area", 1e6), "square kilometers": ("area", 1e6), "sq km": ("area", 1e6),
    "km2": ("area", 1e6), "km²": ("area", 1e6), "square metres": ("area", 1.0),
    "square meters": ("area", 1.0), "sq m": ("area", 1.0), "m2": ("area", 1.0), "m²": ("area", 1.0),
    "hectares": ("area", 1e4), "hectare": ("area", 1e4), "ha": ("area", 1e4),
    "acres": ("area", 4046.8564224), "acre": ("area", 4046.8564224), "mu": ("area", 10_000 / 15),
    "kilometres": ("length", 1000.0), "kilometers": ("length", 1000.0), "kilometre": ("length", 1000.0),
    "kilometer": ("length", 1000.0), "km": ("length", 1000.0), "nautical miles": ("length", 1852.0),
    "miles": ("length", 1609.344), "mile": ("length", 1609.344), "metres": ("length", 1.0),
    "meters": ("length", 1.0), "metre": ("length", 1.0), "meter": ("length", 1.0), "m": ("length", 1.0),
    "centimetres": ("length", 0.01), "centimeters": ("length", 0.01), "cm": ("length", 0.01),
    "millimetres": ("length", 0.001), "millimeters": ("length", 0.001), "mm": ("length", 0.001),
    "feet": ("length", 0.3048), "foot": ("length", 0.3048), "ft": ("length", 0.3048),
    "kilograms": ("mass", 1.0), "kilogram": ("mass", 1.0), "kg": ("mass", 1.0),
    "tonnes": ("mass", 1000.0), "tonne": ("mass", 1000.0), "tons": ("mass", 1000.0),
    "ton": ("mass", 1000.0), "grams": ("mass", 0.001), "gram": ("mass", 0.001), "g": ("mass", 0.001),
    "pounds": ("mass", 0.45359237), "pound": ("mass", 0.45359237), "lbs": ("mass", 0.45359237),
    "lb": ("mass", 0.45359237), "jin": ("mass", 0.5),
    "°c": ("celsius", 1.0), "degrees celsius": ("celsius", 1.0), "degrees centigrade": ("celsius", 1.0),
    "celsius": ("celsius", 1.0), "°f": ("fahrenheit", 1.0), "degrees fahrenheit": ("fahrenheit", 1.0),
    "fahrenheit": ("fahrenheit", 1.0), "litres": ("volume", 1.0), "liters": ("volume", 1.0),
    "litre": ("volume", 1.0), "liter": ("volume", 1.0), "millilitres": ("volume", 0.001),
    "milliliters": ("volume", 0.001), "ml": ("volume", 0.001),
}


def _alternation(units: dict) -> str:
    """Any of ``units``, the longest that matches first, as a trie: a regex engine that
    finds no unit here gives up after a character or two instead of trying every unit."""
    branches: dict[str, list[str]] = {}
    for unit in units:
        if unit:
            branches.setdefault(unit[0], []).append(unit[1:])
    parts = [re.escape(first) + _alternation(dict.fromkeys(rests))
             for first, rests in sorted(branches.items())]
    if "" in units:
        parts.append("")  # a unit ends here: tried after every longer one
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


_ZH_UNIT_AFTER = re.compile(rf"\s*(?:多|余)?\s*(?P<unit>{_alternation(_ZH_UNITS)})")
_EN_UNIT_AFTER = re.compile(rf"[\s-]*(?:of\s+)?(?P<unit>{_alternation(_EN_UNITS)})(?![A-Za-z])", re.IGNORECASE)


@dataclass(frozen=True)
class Placed:
    """A quantity with the segment it was found in (offsets are segment-local)."""

    quantity: Quantity
    segment: int
    unit: tuple[str, float] | None = None
    unit_name: str = ""
    written: str = ""  # the quantity with its unit, as written


def _quantities(context: CheckContext, side: str, ids: tuple[int, ...]) -> list[Placed]:
    if side == "source":
        segments, lang, units, unit_re = context.source_segments, "zh", _ZH_UNITS, _ZH_UNIT_AFTER
    else:
        segments, lang, units, unit_re = context.target_segments, "en", _EN_UNITS, _EN_UNIT_AFTER
    counted_kind = _QUARTER_COUNTED_KIND[lang]
    placed = []
    for segment_id in ids:
        # Extracted once per check: OM03 weighs the same quantities.
        quantities = context.quantities(side, segment_id)
        if not quantities:
            continue
        text = segments[segment_id].text
        for quantity in quantities:
            if quantity.kind == counted_kind:
                quantity = _quarter_count(quantity, text, lang)
            unit_match = unit_re.match(text, quantity.end)
            name = unit_match.group("unit") if unit_match else ""
            unit = units.get(name if lang == "zh" else name.lower()) if name else None
            written = text[quantity.start:unit_match.end()] if unit else quantity.text
            placed.append(Placed(quantity, segment_id, unit, name if unit else "", written.strip()))
    return placed


_EN_QUARTER_COUNT = re.compile(r"(?i)(two|three|four|[234])\s+quarters\b")
_EN_QUARTER_SPAN_BEFORE = re.compile(r"(?i)\b(?:first|last|past|next|previous|final)\s+$")
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4}
# The kind tqc.numbers gives a count of quarters: 前三季度 "third quarter", "three quarters" 3/4.
_QUARTER_COUNTED_KIND = {"zh": "ordinal", "en": "fraction"}


def _quarter_count(quantity: Quantity, text: str, lang: str) -> Quantity:
    """前三季度 and "the first three quarters" count quarters (3), where tqc.numbers
    reads an ordinal (third quarter) and a fraction (3/4)."""
    if lang == "zh":
        if quantity.text.endswith("季度") and \
                text[max(0, quantity.start - 12):quantity.start].endswith(("前", "后", "头")):
            return replace(quantity, kind="cardinal", enumerator=False)
    elif _EN_QUARTER_SPAN_BEFORE.search(text[max(0, quantity.start - 12):quantity.start]):
        count = _EN_QUARTER_COUNT.fullmatch(quantity.text.strip())
        if count:
            word = count.group(1).lower()
            return replace(quantity, value=float(_COUNT_WORDS.get(word) or int(word)),
                           kind="cardinal")
    return quantity


def _to_base(value: float, unit: tuple[str, float]) -> tuple[str, float]:
    dimension, factor = unit
    if dimension == "fahrenheit":
        return "temperature", (value - 32) * 5 / 9
    if dimension == "celsius":
        return "temperature", value
    return dimension, value * factor


def _written_precision(text: str) -> float:
    digits = re.search(r"\d+(?:[.,]\d+)*", text)
    if not digits or "." not in digits.group():
        return 0.5
    return 0.5 * 10 ** -len(digits.group().rsplit(".", 1)[1])


def converted_match(source: Placed, target: Placed) -> bool:
    """The translator converted units (5公里 -> 3.1 miles, 20摄氏度 -> 68°F)."""
    if not source.unit or not target.unit:
        return False
    source_dimension, source_base = _to_base(source.quantity.value, source.unit)
    target_dimension, _ = _to_base(target.quantity.value, target.unit)
    if source_dimension != target_dimension:
        return False
    if source_dimension == "temperature":
        expected = source_base if target.unit[0] == "celsius" else source_base * 9 / 5 + 32
    else:
        expected = source_base / target.unit[1]
    tolerance = max(_written_precision(target.quantity.text) * 1.01, 0.03 * abs(expected),
                    target.quantity.step / 2)
    return abs(expected - target.quantity.value) <= tolerance


def _same(first: Quantity, second: Quantity) -> bool:
    # Both sides must pair: a weak quantity is never *reported* unmatched, which
    # must not make it equal to anything.
    unmatched_first, unmatched_second = same_quantities([first], [second])
    return not unmatched_first and not unmatched_second


@dataclass
class _BeadNumbers:
    bead: Bead
    source: list[Placed]
    target: list[Placed]


def unmatched_numbers(context: CheckContext) -> list[_BeadNumbers]:
    """For every bead, the quantities of each side that found no equal on the other.

    Beads with an empty side keep all their quantities: they can still cancel a
    neighbour's leftovers when the aligner put a bead boundary in the wrong place.
    """
    result = []
    for bead in context.alignment:
        source = _quantities(context, "source", bead.source)
        target = _quantities(context, "target", bead.target)
        if bead.source and bead.target and (source or target):
            all_source, all_target = source, target
            source, target, wrong_units = _pair_units(source, target)
            left_zh, left_en = same_quantities([p.quantity for p in source], [p.quantity for p in target])
            source = _keep(source, left_zh)
            target = _keep(target, left_en)
            source, target = _slash_pairs(source, target)
            source = _drop_repeats(source, all_source, target)
            target = _drop_repeats(target, all_target, source)
            if target:
                target = _drop_words_for_compound_numerals(
                    target, _compound_numerals(context, bead.source))
            source += [pair[0] for pair in wrong_units]
            target += [pair[1] for pair in wrong_units]
            source.sort(key=lambda p: (p.segment, p.quantity.start))
            target.sort(key=lambda p: (p.segment, p.quantity.start))
        result.append(_BeadNumbers(bead, source, target))
    return result


def _keep(placed: list[Placed], left: list[Quantity]) -> list[Placed]:
    remaining = list(left)
    kept = []
    for item in placed:
        if any(item.quantity is q for q in remaining):
            kept.append(item)
            remaining = [q for q in remaining if q is not item.quantity]
    return kept


def _pair_units(source: list[Placed], target: list[Placed]
                ) -> tuple[list[Placed], list[Placed], list[tuple[Placed, Placed]]]:
    """Take out quantities whose units the translator converted correctly, and
    pairs with the same figure in different units (5公里 -> "5 miles")."""
    source, target = list(source), list(target)
    wrong: list[tuple[Placed, Placed]] = []
    for item in list(source):
        if not item.unit:
            continue
        converted = next((other for other in target if converted_match(item, other)), None)
        if converted:
            source.remove(item)
            target.remove(converted)
            continue
        same_figure = next((other for other in target if other.unit and other.unit != item.unit
                            and _dimension(other.unit) == _dimension(item.unit)
                            and abs(other.quantity.value - item.quantity.value) < 1e-9), None)
        if same_figure:
            source.remove(item)
            target.remove(same_figure)
            wrong.append((item, same_figure))
    return source, target, wrong


def _converted(source: Placed, target: Placed) -> str | None:
    """The Chinese quantity expressed in the English unit: "3.11 miles"."""
    dimension, base = _to_base(source.quantity.value, source.unit)
    if dimension != _dimension(target.unit) and not (dimension == "temperature" and
                                                     _dimension(target.unit) == "temperature"):
        return None
    if dimension == "temperature":
        value = base if target.unit[0] == "celsius" else base * 9 / 5 + 32
    else:
        value = base / target.unit[1]
    separator = "" if target.unit_name.startswith("°") else " "
    return f"{value:.3g}{separator}{target.unit_name}"


def _dimension(unit: tuple[str, float]) -> str:
    return "temperature" if unit[0] in ("celsius", "fahrenheit") else unit[0]


def _slash_pairs(source: list[Placed], target: list[Placed]) -> tuple[list[Placed], list[Placed]]:
    """"9／19" in the English is the date 9·19 of the Chinese, not the fraction 9/19."""
    for item in list(target):
        parts = re.fullmatch(r"\s*(\d+)\s*[/／]\s*(\d+)\s*", item.quantity.text)
        if item.quantity.kind != "fraction" or not parts:
            continue
        wanted = [float(parts.group(1)), float(parts.group(2))]
        found = []
        for value in wanted:
            match = next((p for p in source if p.quantity.value == value and p not in found), None)
            if match:
                found.append(match)
        if len(found) == 2:
            target.remove(item)
            source = [p for p in source if p not in found]
    return source, target


def _drop_repeats(unmatched: list[Placed], everything: list[Placed], other_side: list[Placed]) -> list[Placed]:
    """A second mention of a matched figure ("三股势力" twice, "the three forces" once)
    is a repetition the translator may fold; kept only when the other side also has
    a leftover number, which would make it a real mismatch."""
    if other_side:
        return unmatched
    kept = []
    for item in unmatched:
        matched_twin = any(other is not item and other not in unmatched and
                           other.quantity.value == item.quantity.value and
                           other.quantity.kind == item.quantity.kind for other in everything)
        if not matched_twin:
            kept.append(item)
    return kept


# Chinese numeral characters by value, financial forms and 两/双/俩 included.
_NUMERAL_CHARACTERS = {1: "一壹", 2: "二两双俩贰", 3: "三叁仨", 4: "四肆", 5: "五伍", 6: "六陆",
                       7: "七柒", 8: "八捌", 9: "九玖", 10: "十拾"}
# Words with a numeral that never stands for its number ("very", "some", "further").
_NUMERAL_IDIOMS = frozenset("""
十分 一些 一直 一起 一般 一定 一切 一样 一旦 一致 一律 一向 一同 一度 一再 一下 一边 一面
统一 万一 唯一 进一步 同一 之一 一方面 四处 四周 三番五次 一心 一贯 不一
""".split())


def _compound_numerals(context: CheckContext, source_ids: tuple[int, ...]) -> set[int]:
    """The values of the numerals in the bead's Chinese words (两国, 双方, 三权分置, or 两
    alone before 国外长 as jieba cuts it), idioms such as 十分 "very" or 一些 "some"
    left out."""
    values = set()
    for segment_id in source_ids:
        for word, *_ in context.source_words(segment_id):
            if word in _NUMERAL_IDIOMS:
                continue
            for value, characters in _NUMERAL_CHARACTERS.items():
                if any(char in word for char in characters):
                    values.add(value)
    return values


def _drop_words_for_compound_numerals(target: list[Placed], values: set[int]) -> list[Placed]:
    """An English number word from one to ten whose numeral the Chinese holds inside
    a word (两国 "the two countries", 双方 "both/two sides", 三权分置 "separation of
    three rights") renders that word: tqc.numbers reads no number in such compounds,
    so the English word is not a number the Chinese lacks."""
    return [p for p in target
            if not (p.quantity.kind == "cardinal" and p.quantity.text.strip().isalpha()
                    and p.quantity.value in values)]


def _cancel_neighbours(beads: list[_BeadNumbers]) -> None:
    """A number left over in one bead and found left over on the other side of the
    next or previous bead is an alignment slip, not a translation error."""
    for index, current in enumerate(beads):
        for neighbour_index in (index - 1, index + 1):
            if not 0 <= neighbour_index < len(beads):
                continue
            neighbour = beads[neighbour_index]
            for item in list(current.source):
                match = next((other for other in neighbour.target if _same(item.quantity, other.quantity)), None)
                if match:
                    current.source.remove(item)
                    neighbour.target.remove(match)
            for item in list(current.target):
                match = next((other for other in neighbour.source if _same(other.quantity, item.quantity)), None)
                if match:
                    current.target.remove(item)
                    neighbour.source.remove(match)


def _drop_lone_enumerators(source: list[Placed], target: list[Placed]) -> tuple[list[Placed], list[Placed]]:
    """List markers (一是, 第二，, "Secondly,") dropped or added on one side only are
    style; two different markers facing each other are a real mismatch."""
    source_markers = [p for p in source if p.quantity.enumerator]
    target_markers = [p for p in target if p.quantity.enumerator or p.quantity.kind == "ordinal"]
    if source_markers and target_markers:
        return source, target
    return ([p for p in source if not p.quantity.enumerator],
            [p for p in target if not p.quantity.enumerator])


def _explained_by_approximation(source: list[Placed], target: list[Placed]) -> bool:
    """Every unmatched number is approximate, and where both sides have one the
    values are within a quarter of each other (约300 / "about 280"): a vague
    figure rendered loosely, not a scale slip (近600亿 / "nearly $6 billion")."""
    if not all(p.quantity.approximate for p in source + target):
        return False
    if not source or not target:
        return True
    return all(any(_close(p.quantity.value, q.quantity.value) for q in target) for p in source)


def _vague(quantity: Quantity) -> bool:
    """十余, 几十: approximate to the whole of their value, so no figure to suggest."""
    return quantity.approximate and quantity.step >= abs(quantity.value)


def _close(first: float, second: float) -> bool:
    return abs(first - second) <= 0.25 * max(abs(first), abs(second))


_NUMERAL_PINYIN = {"一": "Yi", "二": "Er", "三": "San", "四": "Si", "五": "Wu", "六": "Liu",
                   "七": "Qi", "八": "Ba", "九": "Jiu", "十": "Shi", "两": "Liang"}


def _drop_numerals_in_names(source: list[Placed], english: str) -> list[Placed]:
    """A lone numeral character the English spells as a capitalised pinyin syllable
    is part of a name (张三 -> "Zhang San", 李四 -> "Li Si"), not a number."""
    return [placed for placed in source
            if not (len(placed.quantity.text) == 1 and placed.quantity.text in _NUMERAL_PINYIN
                    and re.search(rf"\b{_NUMERAL_PINYIN[placed.quantity.text]}\b", english))]


def _drop_idiomatic_ordinals(source: list[Placed], target: list[Placed]
                             ) -> tuple[list[Placed], list[Placed]]:
    """第一/首/一流 are as often "top", "leading" or "primary" as "first", and
    "second to" renders 仅次于: a lone first or second with nothing left over on the
    other side is wording, not a number."""
    def idiomatic(placed: list[Placed]) -> list[Placed]:
        return [p for p in placed if p.quantity.kind == "ordinal" and p.quantity.value in (1, 2)
                and not p.quantity.enumerator]
    if source and not target and len(idiomatic(source)) == len(source):
        return [], []
    if target and not source and len(idiomatic(target)) == len(target):
        return [], []
    return source, target


def describe(quantity: Quantity) -> str:
    """Normalised value for a reader: 600亿 -> 60 billion, 40％ -> 40%."""
    value = quantity.value
    if quantity.kind == "percent":
        return f"{_plain(value)}%"
    if quantity.kind == "fraction":
        return f"{value:.4g}"
    if quantity.kind in ("year", "date-part", "time"):
        return _plain(value)
    if quantity.kind == "ordinal":
        return _ordinal(value)
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{_plain(value / scale)} {word}"
    if abs(value) >= 10_000:
        return f"{value:,.0f}" if value == int(value) else f"{value:,}"
    return _plain(value)


def _plain(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.6g}"


def _ordinal(value: float) -> str:
    number = int(value)
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _shown(placed: list[Placed]) -> str:
    parts = []
    for item in placed:
        quantity = item.quantity
        normal = describe(quantity)
        text = quantity.text.strip()
        unit = f" {item.unit_name}" if item.unit_name else ""
        written = item.written or text
        parts.append(f"“{written}”" if _same_spelling(text, normal) else f"“{written}” ({normal}{unit})")
    return ", ".join(parts)


def _same_spelling(text: str, normal: str) -> bool:
    return re.sub(r"[\s,％%]", "", text) == re.sub(r"[\s,%]", "", normal)


class NumberMismatch(Rule):
    """A number in the Chinese is missing or different in the English.

    The numbers of each aligned pair of sentences are compared as a multiset
    after normalisation (tqc.numbers): Arabic, full-width and Chinese numerals;
    万/亿 against thousand/million/billion (600亿美元 = $60 billion, 3.5亿 =
    350 million); 百分之 and ％ against percent; ranges, decimals and
    thousands separators; years and 年月日 dates against English dates;
    ordinals (第三 = third, 第二 = secondly); and units converted by the
    translator (5公里 = 3.1 miles, 20摄氏度 = 68°F).  The unmatched value on
    each side is reported.  Approximate quantities (十余年 ≈ "over ten years")
    only give an info finding, and a number only the English has is a
    warning; a list marker present on one side only (一是 → no numbering) and
    a lone idiomatic first or second (第一要务 → "top priority") are wording,
    not a mismatch.  A number that turns up in the neighbouring sentence
    pair is an alignment slip and is not reported.

    Bad:
    zh: 双边贸易额接近600亿美元。
    en: Bilateral trade reached nearly $6 billion.

    Good:
    zh: 双边贸易额接近600亿美元。
    en: Bilateral trade reached nearly $60 billion.

    Options:
    approximate: severity when every unmatched number is approximate (default "info")
    added: severity when only the English has a number left over — often a
    translator's clarification such as a year or a currency conversion
    (default "warning")
    """

    code = "NU01"
    name = "number-mismatch"
    category = "number"
    severity = "error"
    options = {"approximate": "info", "added": "warning"}

    def __init__(self, severity: str | None = None, **options):
        from ..model import SEVERITIES

        super().__init__(severity, **options)
        for option in ("approximate", "added"):
            if self.settings[option] not in SEVERITIES:
                raise ValueError(f"NU01 option {option} must be one of {', '.join(SEVERITIES)}")

    def check(self, context: CheckContext) -> Iterator[Finding]:
        beads = unmatched_numbers(context)
        _cancel_neighbours(beads)
        for numbers in beads:
            bead = numbers.bead
            if not bead.source or not bead.target or not (numbers.source or numbers.target):
                continue
            source, target = _drop_lone_enumerators(numbers.source, numbers.target)
            source, target = _drop_idiomatic_ordinals(source, target)
            source = _drop_numerals_in_names(source, context.target_text(bead.target))
            if not source and not target:
                continue
            yield self._finding(context, bead, source, target)

    def _finding(self, context: CheckContext, bead: Bead, source: list[Placed],
                 target: list[Placed]) -> Finding:
        approximate = _explained_by_approximation(source, target)
        if source and target:
            message = f"number mismatch: Chinese {_shown(source)} vs English {_shown(target)}"
        elif source:
            message = f"number mismatch: Chinese {_shown(source)} not found in the English"
        else:
            message = f"number mismatch: English {_shown(target)} not found in the Chinese"
        suggestion = None
        if len(source) == 1 and len(target) == 1 and source[0].unit and target[0].unit:
            suggestion = _converted(source[0], target[0])
        elif len(source) == 1 and source[0].quantity.kind not in ("ordinal", "fraction") \
                and not _vague(source[0].quantity):
            suggestion = describe(source[0].quantity)
        return self.finding(
            message,
            source=self._location(context, "source", bead.source, source),
            target=self._location(context, "target", bead.target, target),
            confidence=0.5 + 0.45 * max(0.0, min(bead.score, 1.0)),
            severity=(self.settings["approximate"] if approximate else
                      self.settings["added"] if not source else None),
            suggestion=suggestion,
        )

    @staticmethod
    def _location(context: CheckContext, side: str, ids: tuple[int, ...], placed: list[Placed]):
        if not placed:
            return context.location(side, ids)
        first = placed[0]
        position = ids.index(first.segment)
        return context.location(side, ids[position:], span=(first.quantity.start, first.quantity.end))
