"""The interval a written figure allows: its hedge ("lebih dari", "about") and its precision."""

from __future__ import annotations

import math
import re

from .numbers import Number, to_float
from .quantity_words import HEDGES_AFTER, HEDGES_BEFORE

WORD = re.compile(r"[\w'’/-]+")


def read_qualifier(sentence: str, number: Number) -> str | None:
    before = " ".join(WORD.findall(sentence[max(0, number.start - 40) : number.start].lower())[-3:])
    for hedge in sorted(HEDGES_BEFORE, key=len, reverse=True):
        if before.endswith(hedge) or before.endswith(hedge + " of"):
            return HEDGES_BEFORE[hedge]
    if re.search(r"(ribu|ratus|puluh|juta)an$", number.text.lower()):
        return "about"
    after = sentence[number.end : number.end + 12].lower()
    for hedge in sorted(HEDGES_AFTER, key=len, reverse=True):
        if (
            after.startswith(hedge)
            or after.startswith(" " + hedge + " ")
            or after.startswith(" " + hedge + ".")
        ):
            return HEDGES_AFTER[hedge]
    return None


def _steps(number: Number) -> tuple[float, float]:
    """(the rounding step of the digits written, the step of its last non-zero digit)."""
    value = float(number.value)
    m = re.search(r"\d+(?:[.,]\d+)*", number.text)
    if not m or value == 0:
        magnitude = 10 ** max(0, math.floor(math.log10(abs(value)))) if value else 1.0
        return magnitude, magnitude
    digits = m.group(0)
    mantissa = to_float(digits, "id" if re.search(r",\d{1,2}$|,\d(?!\d)", digits) else "en")
    grouped = re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits)
    if grouped and value >= int(
        re.sub(r"\D", "", digits)
    ):  # "8.200" read as eight thousand two hundred
        mantissa = float(re.sub(r"\D", "", digits))
    scale = value / mantissa if mantissa else 1.0
    if mantissa != int(mantissa) or re.search(r"[.,]\d{1,2}$", digits) and value != int(value):
        decimals = len(re.split(r"[.,]", digits)[-1])
        step = 10**-decimals * scale
        return step, step
    integer = int(mantissa)
    zeros = len(str(integer)) - len(str(integer).rstrip("0")) if integer else 0
    if integer >= 1000 and zeros >= 2:  # "8.200 kasus" is how news rounds 8,213; "60" stays exact
        return 10**zeros * scale, 10**zeros * scale
    return scale, 10**zeros * scale


def interval(number: Number, qualifier: str | None) -> tuple[float, float]:
    if isinstance(number.value, str):
        return 0.0, 0.0
    value = float(number.value)
    written, rounded = (
        _steps(number)
        if number.text[:1].isdigit() or number.unit != "number"
        else (1.0, 10 ** max(0, len(str(int(value))) - len(str(int(value)).rstrip("0"))))
    )
    rounded = min(rounded, 0.5 * value)  # "about 10,000" is not "anything up to 20,000"
    if qualifier in ("more than", "at least"):
        return value, value + max(rounded, 0.2 * value)
    if qualifier == "about":
        spread = max(rounded / 2, 0.1 * value)
        return value - spread, value + spread
    if qualifier == "almost":
        return 0.85 * value, value
    if qualifier in ("less than", "up to"):
        return value - max(rounded, 0.3 * value), value
    return value - written / 2, value + written / 2


def is_range(number: Number) -> bool:
    return isinstance(number.value, float) and bool(re.search(r"\d\s?[-–]\s?\d", number.text))


def range_end(number: Number, language: str) -> float:
    parts = re.findall(r"\d+(?:[.,]\d+)*", number.text)
    first = to_float(parts[0], language)
    return (
        float(number.value) * to_float(parts[-1], language) / first
        if first
        else float(number.value)
    )
