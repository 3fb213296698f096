"""Every quantity an article states: its value and interval, unit, what it measures, and when.

Open vocabulary: a count is a figure whatever it counts ("27 pendaki", "31 hikers"); what it
measures is read from the predicate or quantity noun near it through a general lexicon
(quantity_words.py), so outlets in Indonesian, Malay and English meet on one English name.
A hedge ("lebih dari", "about", "hampir") and the precision written ("Rp2,3 triliun") widen the
value into an interval; two figures whose intervals overlap agree.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from .document import Article
from .numbers import DATE_DMY, DATE_MDY, MONTHS, Number, parse_numbers, to_float
from .quantity_words import (CLASSIFIERS, DISPUTE_MARKERS, HEDGES_AFTER, HEDGES_BEFORE, MAGNITUDE_BEFORE,
                             MEASURE_UNITS, MEASURES, NOUN_MEASURES, NOUNS, SEVERITY, UPDATE_MARKERS)
from .segment import split_sentences
from .stopwords import ANY as STOPWORDS

CLAUSE = re.compile(r",(?!\d)|[;()—–\"“”]|:(?!\d)|\s-\s| dan | and | serta | while | whilst | sementara | whereas "
                    r"| sedangkan | manakala | but | tetapi | namun ")
# A past period named in words: its figures belong to another event.
PAST = re.compile(r"\b(last year|a year ago|the previous year|last month|tahun lalu|tahun lepas|setahun lalu|"
                  r"tahun sebelumnya|bulan lalu|bulan lepas)\b", re.I)
NOT_NOUNS = {"remain", "remained", "remains", "still", "masih", "are", "were", "have", "had", "more", "lagi",
             "sudah", "telah", "akan", "belum", "yet", "each", "per", "percent", "persen"}
WORD = re.compile(r"[\w'’/-]+")
WINDOW = 8  # words on each side of a figure that can say what it measures
DAYS = {"senin": 0, "isnin": 0, "monday": 0, "selasa": 1, "tuesday": 1, "rabu": 2, "wednesday": 2,
        "kamis": 3, "khamis": 3, "thursday": 3, "jumat": 4, "jum'at": 4, "jumaat": 4, "friday": 4,
        "sabtu": 5, "saturday": 5, "minggu": 6, "ahad": 6, "sunday": 6}
PARTS_OF_DAY = {"pagi": 480, "morning": 480, "siang": 720, "noon": 720, "sore": 960, "petang": 960,
                "afternoon": 900, "malam": 1200, "evening": 1140, "night": 1260, "tonight": 1260}
CLOCK = re.compile(r"(?:(?:pukul|pkl\.?|jam|at|as of|per)\s+)?(\d{1,2})[.:](\d{2})(?!\d)\s*"
                   r"(WIB|WITA|WIT|MYT|a\.?\s?m\.?|p\.?\s?m\.?)?", re.I)
DAY = re.compile(r"\b(" + "|".join(DAYS) + r")\b", re.I)
PAREN_DATE = re.compile(r"\((?:[A-Za-z']+,?\s*)?(\d{1,2})/(\d{1,2})(?:/\s?(\d{2,4}))?\)")
PART = re.compile(r"\b(" + "|".join(PARTS_OF_DAY) + r")\b", re.I)
AS_OF = re.compile(r"\b(per|as of|hingga|sehingga|until|sampai|data|pukul|updated|terkini|latest)\b", re.I)
MAGNITUDE_AFTER = re.compile(r"^[\s-]*(magnitud[eo]|sr\b|skala richter|on the richter)", re.I)
PLACE = re.compile(r"\b(?:di|in|at|ke|dari|from|kabupaten|kota|desa|kecamatan|provinsi|district|city|village|"
                   r"province)\s+((?:[A-Z][\w'-]+\s?){1,3})")
NOT_PLACES = {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu", "Monday", "Tuesday", "Wednesday",
              "Thursday", "Friday", "Saturday", "Sunday", "Indonesia", "Malaysia", "The", "This", "Kabupaten",
              "Kota", "Desa", "Kecamatan", "Provinsi", "Jalan", "Jl"}
M_PREFIX = re.compile(r"\bM\s?(\d(?:[.,]\d)?)\b")
MEASURE_PATTERNS = {name: re.compile(r"(?<![\w])(?:" + "|".join(re.escape(s.strip()) for s in stems) + ")")
                    for name, stems in MEASURES.items()}
SKIP_AFTER = {"other", "others", "more", "additional", "new", "lainnya", "lain", "lagi", "baru", "tambahan", "of", "the",
              "total", "orang-orang", "para", "buah", "from", "dari"}


@dataclass(frozen=True)
class Quantity:
    """One figure: its value as written, the interval it allows, and what it measures."""

    text: str
    value: float | str
    low: float
    high: float
    kind: str  # "count", "money:USD", "%", a measure unit ("km"), "magnitude", "date"
    noun: str | None  # class of what a count counts ("workers", "hikers"), else None
    measures: frozenset[str]  # what it measures, English names ("killed", "investment")
    primary: str | None  # the measure named nearest to it
    severity: str | None
    qualifier: str | None  # "more than", "about", "at least", "almost", "up to", "less than", "range"
    as_of: str | None
    when: tuple  # (month*31+day, weekday, minutes), each None when unknown
    era: str | None  # an explicit year near the figure
    places: frozenset[str]  # places named in its clause ("di Cianjur", "in Malang")
    marked: bool  # its sentence cites another side's figure or updates an earlier one
    sentence: str
    source: str
    position: int  # order of the figure in its article


def extract_quantities(article: Article) -> list[Quantity]:
    language = article.language if article.language not in (None, "und") else "en"
    sentences = [s for p in article.paragraphs for s in split_sentences(p, language)]
    found: list[Quantity] = []
    intro: frozenset[str] = frozenset()
    for index, sentence in enumerate(sentences):
        following = sentences[index + 1] if index + 1 < len(sentences) else ""
        short = len(WORD.findall(sentence)) <= 8
        found.extend(_sentence_quantities(sentence, following, language, article.id, len(found),
                                          intro if short else frozenset()))
        if sentence.rstrip().endswith(":"):  # a list follows: its items inherit what it measures
            intro = frozenset(_measures(sentence.lower()))
        elif not short:
            intro = frozenset()
    return found


def _sentence_quantities(sentence: str, following: str, language: str, source: str, position: int,
                         intro: frozenset[str]) -> list[Quantity]:
    magnitudes = [Number(m.group(0), to_float(m.group(1), language), "magnitude", m.start(), m.end())
                  for m in M_PREFIX.finditer(sentence)]
    numbers = magnitudes + [n for n in parse_numbers(sentence, language) if n.unit != "year"
                            and not any(m.start <= n.start < m.end for m in magnitudes)]
    numbers.sort(key=lambda n: n.start)
    if not numbers:
        return []
    lower = sentence.lower()
    marked = any(m in lower for m in DISPUTE_MARKERS + UPDATE_MARKERS)
    as_of, when = _time_reference(sentence, following)
    years = [m for m in re.finditer(r"(?<![\d.,/])(19[5-9]\d|20\d\d)(?!\d|[.,/]\d)", sentence)]
    out = []
    for i, number in enumerate(numbers):
        if number.unit == "number" and re.fullmatch(r"\d{1,3}(\.\d{3})+", number.text):
            number = replace(number, value=float(number.text.replace(".", "")))  # "5.100 warga" in Malay text
        left = numbers[i - 1].end if i else 0
        right = numbers[i + 1].start if i + 1 < len(numbers) else len(sentence)
        quantity = _quantity(sentence, number, left, right, intro)
        if quantity is None:
            continue
        kind, noun, measures, primary, severity, places = quantity
        qualifier = _qualifier(sentence, number)
        low, high = _interval(number, qualifier)
        if _is_range(number):
            qualifier = "range"
            low, high = number.value, _range_end(number, language)
        era = next((y.group(1) for y in years if abs(y.start() - number.start) < 60
                    and not (number.start <= y.start() < number.end)), None)
        if era is None and PAST.search(sentence):
            era = "earlier"
        out.append(Quantity(number.text, number.value, low, high, kind, noun, frozenset(measures), primary,
                            severity, qualifier, as_of, when, era, places, marked, sentence, source,
                            position + len(out)))
    return out


def _quantity(sentence: str, number: Number, left: int, right: int, intro: frozenset[str]):
    start, end = _clause(sentence, number, left, right)
    before = sentence[start:number.start].lower()
    after = sentence[number.end:end].lower()
    window = " ".join(WORD.findall(before)[-WINDOW:]) + " # " + " ".join(WORD.findall(after)[:WINDOW])
    measures = _measures(window)
    primary = min(measures.items(), key=lambda kv: kv[1])[0] if measures else None
    names = set(measures) | set(intro)
    severity = next((SEVERITY[w] for w in WORD.findall(after)[:4] if w in SEVERITY), None)
    wide_start, wide_end = _clause(sentence, number, 0, len(sentence))
    places = frozenset(w for m in PLACE.finditer(sentence[wide_start:wide_end]) for w in m.group(1).split()
                       if w not in NOT_PLACES and w.isalpha())
    found = _kind(sentence, number, end, names, primary, severity)
    return None if found is None else (*found, places)


def _kind(sentence: str, number: Number, end: int, names: set[str], primary: str | None, severity: str | None):
    if number.start and sentence[number.start - 1] == "-" and sentence[max(0, number.start - 2)].isalpha():
        return None  # a tag ("Iwan-02"), not a figure
    if number.unit == "number" and number.text[:1] == "0" and number.text[1:2].isdigit():
        return None
    if number.unit == "date":
        return ("date", None, names, primary, None) if "deal" in names else None
    if number.unit == "magnitude" or (number.unit == "number" and _is_magnitude(sentence, number)):
        return "magnitude", None, names | {"magnitude"}, "magnitude", None
    if number.unit not in ("number",):
        kind = number.unit if number.unit == "%" else f"money:{number.unit}"
        noun = _noun(sentence[number.end:end]) if number.unit == "%" else None
        if noun and noun in NOUN_MEASURES:
            names.add(NOUN_MEASURES[noun])
        if not names and noun is None:
            return None
        return kind, noun, names, primary or (noun and NOUN_MEASURES.get(noun)), severity
    unit = _measure_unit(sentence[number.end:end])
    if unit:
        return (unit, None, names, primary, None) if names else None
    noun = _noun(sentence[number.end:end])
    if noun in NOUN_MEASURES:
        names.add(NOUN_MEASURES[noun])
        primary = primary or NOUN_MEASURES[noun]
    if noun in ("days", "hours", "minutes", "seconds", "years", "months", "weeks", "times"):
        return None  # durations and repetitions: how long, how often, never a disputed toll here
    if noun is None and not names:
        return None
    return "count", noun, names, primary, severity


def _clause(sentence: str, number: Number, left: int, right: int) -> tuple[int, int]:
    bounds = [m.start() for m in CLAUSE.finditer(sentence)] + [m.end() for m in CLAUSE.finditer(sentence)]
    start = max([b for b in bounds if b <= number.start] + [left])
    end = min([b for b in bounds if b >= number.end] + [right])
    if len(WORD.findall(sentence[start:end])) <= 2:  # "PT X: 8.504 karyawan" borrows the sentence
        start, end = left, right
    return start, end


def _measures(window: str) -> dict[str, int]:
    """Measure names found in a window ("... # ..."), each with its distance in words to the figure."""
    left, _, right = window.partition(" # ")
    found: dict[str, int] = {}
    for name, pattern in MEASURE_PATTERNS.items():
        for side, text in ((0, left), (1, right)):
            for m in pattern.finditer(text):
                gap = text[m.end():] if side == 0 else text[:m.start()]
                distance = len(WORD.findall(gap)) * 2 + side
                if distance < found.get(name, 99):
                    found[name] = distance
    return found


def _noun(after: str) -> str | None:
    """The class of the noun a count counts: the first noun after it, skipping names and classifiers."""
    words = WORD.findall(after)[:6]
    lowered = " ".join(w.lower() for w in words[:3])
    for name, stems in NOUNS.items():
        if any(" " in s and lowered.startswith(s) for s in stems):
            return name
    i = 0
    while i < len(words) and (words[i][:1].isupper() or words[i].lower() in SKIP_AFTER) and i < 3:
        i += 1
    words = [w.lower().strip("'’-") for w in words[i:]]
    if not words:
        return None
    for skip in (0, 1):
        if skip and words[0] not in CLASSIFIERS:
            break
        rest = words[skip:]
        if not rest:
            break
        phrase = " ".join(rest[:3])
        for name, stems in NOUNS.items():
            if any(phrase == s or phrase.startswith(s + " ") or (" " not in s and _word_is(rest[0], s))
                   for s in stems):
                if skip == 0 and rest[0] in CLASSIFIERS and len(rest) > 1 and _known_noun(rest[1]):
                    break
                return name
    word = words[1] if words[0] in CLASSIFIERS and len(words) > 1 else words[0]
    if (word in STOPWORDS or not word.isalpha() or len(word) < 3 or word in SEVERITY or word in NOT_NOUNS
            or _looks_like_verb(word)):
        return "people" if words[0] == "orang" else None
    if any(_word_is(word, s) for stems in MEASURES.values() for s in stems):
        return "people" if words[0] == "orang" else None
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def _looks_like_verb(word: str) -> bool:
    """English -ed/-ing forms and Indonesian/Malay verb prefixes: what follows a count is then its
    predicate, not the noun it counts."""
    return word.endswith(("ed", "ing")) or (len(word) > 5 and word.startswith(("me", "ber", "di", "ter")))


def _word_is(word: str, stem: str) -> bool:
    return word == stem or (word.startswith(stem) and word[len(stem):] in ("s", "es", "nya", "-nya", "-an"))


def _known_noun(word: str) -> bool:
    return any(_word_is(word, s) for stems in NOUNS.values() for s in stems)


def _measure_unit(after: str) -> str | None:
    words = WORD.findall(after.lower())[:2]
    if len(words) >= 2 and f"{words[0]} {words[1]}" in MEASURE_UNITS:
        return MEASURE_UNITS[f"{words[0]} {words[1]}"]
    return MEASURE_UNITS.get(words[0]) if words else None


def _is_magnitude(sentence: str, number: Number) -> bool:
    before = WORD.findall(sentence[max(0, number.start - 40):number.start].lower())[-3:]
    return bool(MAGNITUDE_AFTER.match(sentence[number.end:])) or any(
        w in MAGNITUDE_BEFORE or "magnitud" in w for w in before)


def _qualifier(sentence: str, number: Number) -> str | None:
    before = " ".join(WORD.findall(sentence[max(0, number.start - 40):number.start].lower())[-3:])
    for hedge in sorted(HEDGES_BEFORE, key=len, reverse=True):
        if before.endswith(hedge) or before.endswith(hedge + " of"):
            return HEDGES_BEFORE[hedge]
    if re.search(r"(ribu|ratus|puluh|juta)an$", number.text.lower()):
        return "about"
    after = sentence[number.end:number.end + 12].lower()
    for hedge in sorted(HEDGES_AFTER, key=len, reverse=True):
        if after.startswith(hedge) or after.startswith(" " + hedge + " ") or after.startswith(" " + hedge + "."):
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
    scale = value / mantissa if mantissa else 1.0
    if mantissa != int(mantissa) or re.search(r"[.,]\d{1,2}$", digits) and value != int(value):
        decimals = len(re.split(r"[.,]", digits)[-1])
        step = 10 ** -decimals * scale
        return step, step
    integer = int(mantissa)
    zeros = len(str(integer)) - len(str(integer).rstrip("0")) if integer else 0
    return scale, 10 ** zeros * scale


def _interval(number: Number, qualifier: str | None) -> tuple[float, float]:
    if isinstance(number.value, str):
        return 0.0, 0.0
    value = float(number.value)
    written, rounded = _steps(number) if number.text[:1].isdigit() or number.unit != "number" else (
        1.0, 10 ** max(0, len(str(int(value))) - len(str(int(value)).rstrip("0"))))
    if qualifier in ("more than", "at least"):
        return value, value + max(rounded, 0.2 * value)
    if qualifier == "about":
        spread = max(rounded, 0.1 * value)
        return value - spread, value + spread
    if qualifier == "almost":
        return 0.85 * value, value
    if qualifier in ("less than", "up to"):
        return value - max(rounded, 0.3 * value), value
    return value - written / 2, value + written / 2


def _is_range(number: Number) -> bool:
    return isinstance(number.value, float) and bool(re.search(r"\d\s?[-–]\s?\d", number.text))


def _range_end(number: Number, language: str) -> float:
    parts = re.findall(r"\d+(?:[.,]\d+)*", number.text)
    first = to_float(parts[0], language)
    return float(number.value) * to_float(parts[-1], language) / first if first else float(number.value)


def _time_reference(sentence: str, following: str) -> tuple[str | None, tuple]:
    """When a figure was true: its sentence's clock time, day or date; else the next sentence's
    when that one only dates the data ("Data itu dihimpun per Selasa pukul 09.55")."""
    found = _times(sentence)
    if found[0] is None and following and AS_OF.search(following) and not re.search(r"\d{2,}(?![./:]\d)", re.sub(
            r"\(.*?\)|\d{1,2}[.:]\d{2}", "", following)):
        found = _times(following)
    return found


def _times(text: str) -> tuple[str | None, tuple]:
    spans, day_ordinal, weekday, minutes = [], None, None, None
    m = PAREN_DATE.search(text)
    if m and 1 <= int(m.group(2)) <= 12:
        day_ordinal, spans = int(m.group(2)) * 31 + int(m.group(1)), [m.span()]
    for regex, order in ((DATE_DMY, "dmy"), (DATE_MDY, "mdy")):
        d = regex.search(text)
        if d and day_ordinal is None:
            day, month = (d.group(1), d.group(2)) if order == "dmy" else (d.group(2), d.group(1))
            if 1 <= int(day) <= 31:
                day_ordinal, spans = MONTHS[month.lower()] * 31 + int(day), spans + [d.span()]
    m = DAY.search(text)
    if m and (m.group(0)[0].isupper()):
        weekday, spans = DAYS[m.group(1).lower()], spans + [m.span()]
    for c in CLOCK.finditer(text):
        hour, minute, zone = int(c.group(1)), int(c.group(2)), (c.group(3) or "").lower()
        explicit = zone or re.match(r"(pukul|pkl|jam|at|as of|per)", c.group(0), re.I)
        if hour > 23 or minute > 59 or not explicit:
            continue
        if zone.startswith("p") and hour < 12:
            hour += 12
        minutes, spans = hour * 60 + minute, spans + [c.span()]
        break
    m = PART.search(text)
    if minutes is None and m:
        minutes, spans = PARTS_OF_DAY[m.group(1).lower()], spans + [m.span()]
    if not spans:
        return None, (None, None, None)
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    as_of = text[start:end].strip() if end - start <= 45 else " ".join(text[s:e] for s, e in sorted(spans))
    return as_of, (day_ordinal, weekday, minutes)
