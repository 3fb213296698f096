"""Figures in the sources, what each measures, and where the sources disagree.

Facts come from the original-language text (not the translation), so they do not depend on
translation quality. Every quantity is read with its unit, what it measures, its hedge and its
time (quantities.py). Figures of different sources are matched by what they measure, never by a
list of expected stories: the same kind of unit, a shared measure or counted noun, the same
severity and era. Matching runs in two passes. Agreeing figures (overlapping intervals) join
first; then differing ones join, closest values first. One outlet giving two different values of
one measure states two quantities (a breakdown, another period), so those never join, unless the
sentence cites another side's figure or an update. A group whose values do not all agree is a
disagreement: an `update` when its values follow one another in time, else a `conflict`.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace

from .document import Article, Disagreement, DisagreementValue, Facts, Figure
from .quantities import Quantity, extract_quantities
from .quantity_words import CHANGES, FAMILIES, HUMAN, NOUNS, PEOPLE_MEASURES, STRUCTURES

# How far apart two values of one quantity can be and still be the same quantity misreported:
# early disaster tolls differ severalfold between agencies; money and measures by far less.
MAX_RATIO = {"count": 5.0, "magnitude": 1.3}
DEFAULT_MAX_RATIO = 1.5
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")


def extract_figures(article: Article) -> list[Figure]:
    """Figures of one article, from its source-language text."""
    return [_figure(q) for q in extract_quantities(article)]


def collect_facts(articles: list[Article]) -> Facts:
    quantities = [q for article in articles for q in extract_quantities(article)]
    return Facts(tuple(_figure(q) for q in quantities), tuple(find_disagreements(quantities)))


def _figure(q: Quantity) -> Figure:
    return Figure(q.text, q.value, _unit(q), _about([q]), q.sentence, q.source, q.qualifier, q.as_of)


def _unit(q: Quantity) -> str:
    if q.kind.startswith("money:"):
        return q.kind.split(":", 1)[1]
    if q.kind == "count":
        return q.noun or "count"
    return q.kind


def _about(members: list[Quantity]) -> str:
    if members[0].kind == "date":
        return "date of the deal"
    primary = Counter(q.primary for q in members if q.primary).most_common(1)
    measure = primary[0][0] if primary else None
    nouns = Counter(q.noun for q in members if q.noun and q.noun != "people").most_common(1)
    noun = nouns[0][0] if nouns else None
    label = measure or noun or members[0].kind
    if measure and noun and members[0].kind == "count" and noun not in ("deaths", "evacuees", "suspects"):
        label = f"{measure} ({noun})"
    if members[0].kind == "%":
        label = f"{label} (%)"
    era = Counter(q.era for q in members if q.era).most_common(1)
    return f"{label} ({era[0][0]})" if era and members[0].kind != "date" else label


def agree(a: Quantity, b: Quantity) -> bool:
    if isinstance(a.value, str) or isinstance(b.value, str):
        from .numbers import dates_compatible
        return isinstance(a.value, str) and isinstance(b.value, str) and dates_compatible(a.value, b.value)
    tolerance = 1e-9 * max(abs(a.high), abs(b.high), 1.0)
    if a.qualifier is None and b.qualifier is None:
        # two plain figures agree when the finer rounds to the coarser: "Rp2,34 triliun" is
        # "Rp2,3 triliun", but "2,5 juta ton" is not "2 juta ton" (it rounds up)
        coarse, fine = (a, b) if a.high - a.low >= b.high - b.low else (b, a)
        return coarse.low - tolerance <= float(fine.value) < coarse.high - tolerance
    return a.low <= b.high + tolerance and b.low <= a.high + tolerance


def same_measure(a: Quantity, b: Quantity) -> bool:
    """Whether two figures can be one quantity: same unit kind, era, severity, a shared measure
    or counted noun, and counted nouns of one family (people with people, houses with buildings)."""
    if a.kind != b.kind or a.era != b.era or a.severity != b.severity:
        return False
    if a.places and b.places and not a.places & b.places:
        return False
    if a.kind == "%" and (a.noun is None) != (b.noun is None):
        return False  # a share of something named ("10% of the index") and a change or rate
    if _people_both(a, b):
        pass  # "23 penambang tewas" and "27 miners killed": whatever the noun, people were killed
    elif (a.kind == "count" and (a.noun is None) != (b.noun is None)
          and (a.noun or b.noun) not in HUMAN):
        return False
    elif a.noun and b.noun and a.noun != b.noun:
        family = (HUMAN, STRUCTURES)
        if not any(a.noun in f and b.noun in f for f in family):
            return False
        if a.noun not in ("people", "deaths", "evacuees") and b.noun not in ("people", "deaths", "evacuees"):
            return False
    shared = a.measures & b.measures
    if shared and shared <= CHANGES and not (a.topics & b.topics) - CHANGES:
        return False  # "naik 8 persen" (profit) and "rose 9%" (shares): changes of two things
    if a.measures and b.measures:
        return bool(shared) or (a.kind != "count" and any(
            a.measures & family and b.measures & family for family in FAMILIES))
    if a.kind == "magnitude":
        return True
    if (a.measures and not b.vague) or (b.measures and not a.vague):
        return False  # "3 workers killed" and "2 migrant workers" (said of nothing): two things
    return bool(a.noun and a.noun == b.noun and a.noun != "people")


def _people_both(a: Quantity, b: Quantity) -> bool:
    """Counts sharing a measure only people have (killed, missing, arrested …), whose nouns are
    people or words outside the noun classes (a trade or a role the lexicon does not list)."""
    def unnamed(q: Quantity) -> bool:
        return q.noun in (None, "people", "deaths", "evacuees", "suspects") or q.noun not in NOUNS
    human = (all(unnamed(q) or q.noun in HUMAN for q in (a, b))
             and (unnamed(a) or unnamed(b) or a.noun == b.noun))
    return a.kind == b.kind == "count" and bool(a.measures & b.measures & PEOPLE_MEASURES) and human


def find_disagreements(quantities: list[Quantity]) -> list[Disagreement]:
    years = {y for q in quantities for y in YEAR.findall(q.sentence)}
    latest = max(years | {q.era for q in quantities if q.era and q.era.isdigit()}, default=None)
    # the latest year named is the story's own time: only an earlier year sets a figure apart
    quantities = [replace(q, era=None) if q.era == latest else q for q in quantities]
    groups: list[_Group | None] = [_Group(i, q) for i, q in enumerate(quantities)]  # None once absorbed
    group_of = list(range(len(quantities)))

    def join(i: int, j: int, conflict: bool) -> None:
        a, b = group_of[i], group_of[j]
        if a == b:
            return
        first, second = groups[a], groups[b]
        assert first is not None and second is not None  # group_of names live groups only
        if first.holds_apart(second, quantities):
            return
        if first.places and second.places and not first.places & second.places:
            return  # another place's figure ("in Malang"), however alike
        # a pair joins only one kind of figure (same_measure), so its kind is both groups' kind
        if conflict and not first.plausible_with(second, quantities[i].kind):
            return
        for k in second.members():
            group_of[k] = a
        first.absorb(second)
        groups[b] = None

    pairs = [(i, j) for i, j in _candidates(quantities)
             if same_measure(quantities[i], quantities[j])]
    for i, j in sorted((p for p in pairs if agree(quantities[p[0]], quantities[p[1]])),
                       key=lambda p: _width(quantities[p[0]]) + _width(quantities[p[1]])):
        join(i, j, conflict=False)
    conflicting = [p for p in pairs if quantities[p[0]].source != quantities[p[1]].source
                   and not agree(quantities[p[0]], quantities[p[1]])]
    for i, j in sorted(conflicting, key=lambda p: _distance(quantities[p[0]], quantities[p[1]])):
        join(i, j, conflict=True)
    found = [_disagreement([quantities[k] for k in sorted(group.members())]) for group in groups if group is not None]
    return [d for d in found if d is not None]


def _candidates(quantities: list[Quantity]) -> list[tuple[int, int]]:
    """Pairs that can be one quantity: of one unit kind and sharing a measure, a family of
    measures, a counted noun or being magnitudes (what same_measure needs), found by an index
    instead of all pairs."""
    index: dict[tuple, list[int]] = {}
    for i, q in enumerate(quantities):
        keys = {("measure", name) for name in q.measures}
        keys |= {("noun", q.noun)} if q.noun not in (None, "people") else set()
        keys |= {("family", k) for k, family in enumerate(FAMILIES)
                 if q.kind != "count" and q.measures & family}
        keys |= {("magnitude",)} if q.kind == "magnitude" else set()
        for key in keys:
            index.setdefault((q.kind, *key), []).append(i)
    return sorted({(i, j) for group in index.values()
                   for x, i in enumerate(group) for j in group[x + 1:]})


def _apart(a: Quantity, b: Quantity) -> bool:
    """One outlet's two different values of one measure are two quantities, unless it cites a
    dispute or an update, or dates them apart (Monday's toll and Wednesday's)."""
    dated_apart = any(x is not None and y is not None and x != y
                      for x, y in zip(a.when[:2], b.when[:2]))
    return a.source == b.source and not agree(a, b) and not (a.marked or b.marked or dated_apart)


def _width(q: Quantity) -> float:
    return (q.high - q.low) / max(abs(float(q.value)), 1e-9) if not isinstance(q.value, str) else 0.0


def _distance(a: Quantity, b: Quantity) -> float:
    if isinstance(a.value, str) or isinstance(b.value, str):
        return 0.0
    x, y = abs(float(a.value)), abs(float(b.value))
    return abs(math.log((x + 1e-9) / (y + 1e-9)))


class _Group:
    """Figures joined as one quantity, with what a join asks of them kept up to date: their
    members by source (only one outlet's figures can be held apart), the places they name and
    the range of their values."""

    def __init__(self, index: int, q: Quantity) -> None:
        self.by_source: dict[str, list[int]] = {q.source: [index]}
        self.places = set(q.places)
        # the lowest and highest value; None for dates (ISO strings), which have no ratio
        self.range = None if isinstance(q.value, str) else (float(q.value), float(q.value))

    def members(self) -> list[int]:
        return [k for indices in self.by_source.values() for k in indices]

    def holds_apart(self, other: _Group, quantities: list[Quantity]) -> bool:
        """Whether some outlet gives two figures of the two groups as two quantities (`_apart`)."""
        return any(_apart(quantities[x], quantities[y])
                   for source in self.by_source.keys() & other.by_source.keys()
                   for x in self.by_source[source] for y in other.by_source[source])

    def plausible_with(self, other: _Group, kind: str) -> bool:
        """Whether the values of both groups can be one quantity misreported (MAX_RATIO); dates
        always can."""
        if kind == "date" or self.range is None or other.range is None:
            return True
        low, high = _span(self.range, other.range)
        return low > 0 and high / low <= MAX_RATIO.get(kind, DEFAULT_MAX_RATIO)

    def absorb(self, other: _Group) -> None:
        for source, indices in other.by_source.items():
            self.by_source.setdefault(source, []).extend(indices)
        self.places |= other.places
        if other.range is not None:
            self.range = other.range if self.range is None else _span(self.range, other.range)


def _span(one: tuple[float, float], other: tuple[float, float]) -> tuple[float, float]:
    return min(one[0], other[0]), max(one[1], other[1])


def _sides(group: list[Quantity]) -> list[list[Quantity]]:
    """Values that agree form one side, led by its most precise figure."""
    sides: list[list[Quantity]] = []
    for q in sorted(group, key=lambda q: (_width(q), q.source, q.position)):
        near = [side for side in sides if agree(side[0], q)]
        if near:  # a hedged value joins the side closest to what it says
            min(near, key=lambda side: _distance(side[0], q)).append(q)
        else:
            sides.append([q])
    return sides


def _disagreement(group: list[Quantity]) -> Disagreement | None:
    sides = _sides(group)
    sources = [{q.source for q in side} for side in sides]
    if len(sides) < 2 or len(set().union(*sources)) < 2:
        return None
    kind, sides = _order(sides)
    unit = _unit(group[0])
    values = tuple(DisagreementValue(side[0].text, side[0].value, unit, tuple(sorted({q.source for q in side})),
                                     side[0].qualifier, _as_of(side)) for side in sides)
    return Disagreement(_about(group), values, kind)


def _as_of(side: list[Quantity]) -> str | None:
    return next((q.as_of for q in side if q.as_of), None)


def _order(sides: list[list[Quantity]]) -> tuple[str, list[list[Quantity]]]:
    """An update when every side is dated, the dates differ and the values run one way in time
    (latest last); a conflict otherwise, the most-cited value first."""
    whens = _whens(sides)
    if whens and len(set(whens)) == len(whens):
        ordered = [side for _, side in sorted(zip(whens, sides), key=lambda ws: ws[0])]
        values = [float(side[0].value) for side in ordered] if not isinstance(sides[0][0].value, str) else []
        if values and (values == sorted(values) or values == sorted(values, reverse=True)):
            return "update", ordered
    ranked = sorted(sides, key=lambda side: (-len({q.source for q in side}), str(side[0].value)))
    return "conflict", ranked


def _whens(sides: list[list[Quantity]]) -> list[tuple[int, int]] | None:
    """Comparable (day, minutes) per side: by date when every side has one, else by weekday (a
    week read from the longest gap, so Sunday comes before Monday). Two sides of one day compare
    only when both give a clock time: a figure with no hour is not a midnight figure."""
    for field in (0, 1):
        found = [max((q.when for q in side if q.when[field] is not None), default=None,
                     key=lambda when: sum(part is not None for part in when)) for side in sides]
        if any(when is None for when in found):
            continue
        days = [when[field] for when in found]
        if field == 1:
            days = _unwrap_week(days)
        keys = list(zip(days, (when[2] for when in found)))
        for x, (day, minutes) in enumerate(keys):
            if any(day == other and None in (minutes, m) for other, m in keys[x + 1:]):
                return None
        return [(day, minutes or 0) for day, minutes in keys]
    return None


def _unwrap_week(weekdays: list[int]) -> list[int]:
    """Weekdays (Monday 0) as days in order: the week starts after the longest gap between them."""
    present = sorted(set(weekdays))
    gaps = [((present[(k + 1) % len(present)] - day) % 7 or 7, k) for k, day in enumerate(present)]
    start = present[(max(gaps)[1] + 1) % len(present)]
    return [(day - start) % 7 for day in weekdays]
