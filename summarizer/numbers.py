"""Numbers as news writes them, in Indonesian, Malay and English, parsed to comparable values.

"US$14,8 Miliar" = 14.8e9 USD, "Rp 2,5 juta" = 2.5e6 IDR, "49 persen" = 49 %, "13 Juni 2025"
= 2025-06-13, "3.016 orang" = 3016 people (Indonesian dot thousands), "$14.3 billion" =
14.3e9 USD. Shared by the translation figure check and the facts stage.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "pebruari": 2,
    "maret": 3, "march": 3, "mac": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "julai": 7, "agustus": 8,
    "august": 8, "ogos": 8, "aug": 8, "agu": 8, "agt": 8, "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10, "november": 11, "nopember": 11, "nov": 11,
    "desember": 12, "december": 12, "disember": 12, "des": 12, "dec": 12,
}
SCALES = {
    "ribu": 1e3, "rb": 1e3, "thousand": 1e3, "k": 1e3, "juta": 1e6, "jt": 1e6, "million": 1e6,
    "mn": 1e6, "mln": 1e6, "miliar": 1e9, "milyar": 1e9, "billion": 1e9, "bn": 1e9, "b": 1e9,
    "bilion": 1e9, "triliun": 1e12, "trilyun": 1e12, "trilion": 1e12, "trillion": 1e12, "tn": 1e12, "t": 1e12,
}
CURRENCY_SIGNS = {
    "us$": "USD", "usd": "USD", "us $": "USD", "as$": "USD", "$": "USD", "rp": "IDR", "rp.": "IDR", "idr": "IDR",
    "rm": "MYR", "myr": "MYR", "s$": "SGD", "sgd": "SGD", "€": "EUR", "eur": "EUR", "£": "GBP",
    "gbp": "GBP", "¥": "JPY", "jpy": "JPY",
}
CURRENCY_WORDS = {"dolar": "USD", "dollar": "USD", "dollars": "USD", "rupiah": "IDR", "ringgit": "MYR",
                  "euro": "EUR", "euros": "EUR"}
COMMA_DECIMAL = {"id"}  # Malay, like English, writes a decimal point

_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUM = r"\d+(?:[.,]\d+)*"
_CUR = r"US\s?\$|AS\$|USD|Rp\.?|IDR|RM|MYR|S\$|SGD|EUR|GBP|JPY|[$€£¥]"
_SCALE = (r"ribu|rb|thousand|juta|jt|million|mln|mn|miliar|milyar|billion|bilion|bn|triliun|trilyun|trilion|trillion|"
          r"tn|k|b|t")
DATE_DMY = re.compile(rf"\b(\d{{1,2}})\s+({_MON})\.?(?:\s+(\d{{4}}))?\b", re.I)
DATE_MDY = re.compile(rf"\b({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
DATE_ISO = re.compile(r"\b((?:19|20)\d\d)[-/](\d\d)[-/](\d\d)\b")
MONTH_YEAR = re.compile(rf"\b({_MON})\s+(\d{{4}})\b", re.I)
AMOUNT = re.compile(
    rf"(?P<cur>{_CUR})?\s?(?P<num>{_NUM})(?:\s?[-–]\s?(?P<num2>{_NUM}))?"
    rf"(?:\s?(?P<scale>{_SCALE})\b)?"
    rf"(?:\s(?P<curword>dolar(?: AS| Amerika(?: Serikat)?)?|dollars?|rupiah|ringgit|euros?)\b)?"
    rf"(?:\s?(?P<pct>%|persen\b|peratus\b|per ?cent\b|pc\b))?", re.I)
YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
TIME = re.compile(r"\d{1,2}[.:]\d{2}(?!\d)(?=\s*(wib|wita|wit|myt|am|pm|a\.m|p\.m|h\b)|(?<=:\d\d))", re.I)


@dataclass(frozen=True)
class Number:
    """A number found in text: `value` is a float, or an ISO date ("2025-06-13", "2024-05")."""

    text: str
    value: float | str
    unit: str  # USD, IDR, ..., "%", "date", "year", "number"
    start: int
    end: int


def to_float(digits: str, language: str | None) -> float:
    """'14,3' → 14.3 in Indonesian, '2,000' → 2000 in English, '3.016' → 3016 in Indonesian."""
    if "." in digits and "," in digits:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
    elif "," in digits:
        groups = re.fullmatch(r"\d{1,3}(,\d{3})+", digits)
        decimal = "," if language in COMMA_DECIMAL or not groups else ""
    elif "." in digits:
        groups = re.fullmatch(r"\d{1,3}(\.\d{3})+", digits)
        many = digits.count(".") > 1
        decimal = "" if many or (groups and language in COMMA_DECIMAL) else "."
    else:
        decimal = ""
    thousands = {",": ".", ".": ",", "": ".,"}[decimal]
    cleaned = digits.translate({ord(c): None for c in thousands})
    return float(cleaned.replace(",", ".")) if cleaned else 0.0


def parse_numbers(text: str, language: str | None) -> list[Number]:
    """Every number in `text`: amounts, percentages, dates, years and plain numbers."""
    found: list[Number] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for m in DATE_ISO.finditer(text):  # "2022-11-22": none of its parts is a count
        if 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
            iso = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
            found.append(Number(m.group(0), iso, "date", m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for regex, order in ((DATE_DMY, "dmy"), (DATE_MDY, "mdy")):
        for m in regex.finditer(text):
            day, month, year = (m.group(1), m.group(2), m.group(3)) if order == "dmy" else (m.group(2), m.group(1), m.group(3))
            if not 1 <= int(day) <= 31 or not free(m.start(), m.end()):
                continue
            iso = f"{year or '????'}-{MONTHS[month.lower()]:02d}-{int(day):02d}"
            found.append(Number(m.group(0), iso, "date", m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in MONTH_YEAR.finditer(text):
        if free(m.start(), m.end()):
            found.append(Number(m.group(0), f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}", "date", m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for number in word_numbers(text):
        if free(number.start, number.end):
            found.append(number)
            taken.append((number.start, number.end))
    for m in AMOUNT.finditer(text):
        if not m.group("num") or not free(m.start("num"), m.end("num")):
            continue
        first = m.start("cur") if m.group("cur") else m.start("num")
        before = text[first - 1] if first > 0 else " "
        after = text[m.end("num"):m.end("num") + 1]
        if before.isalpha() or before in "/:" or after == "/" or TIME.match(text, m.start("num")):
            continue  # part of a name ("S6"), a short date ("6/11") or a time ("pukul 08.00")
        number = _amount(m, language)
        if number is not None:
            found.append(number)
            taken.append((number.start, number.end))
    return sorted(found, key=lambda n: n.start)


# Counts written as words, in Indonesian/Malay and English. "satu"/"one" stay out: mostly "one of".
UNITS_WORDS = {
    "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "lapan": 8,
    "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "two": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
    "a hundred": 100, "a thousand": 1000, "satu": 1, "one": 1,
}
WORD_MULTIPLIERS = {"belas": 10, "puluh": 10, "ratus": 100, "hundred": 100}
WORD_SCALES = {"seribu": 1e3, "sejuta": 1e6, "ribu": 1e3, "thousand": 1e3, "juta": 1e6, "million": 1e6, "miliar": 1e9,
               "billion": 1e9, "bilion": 1e9, "triliun": 1e12, "trillion": 1e12}
_WORD = "|".join(sorted(list(UNITS_WORDS) + list(WORD_MULTIPLIERS) + list(WORD_SCALES), key=len,
                        reverse=True))
_FIRST = "|".join(sorted(list(UNITS_WORDS) + ["seribu", "sejuta"], key=len, reverse=True))
WORD_NUMBER = re.compile(rf"\b(?:{_FIRST})(?:[\s-]+(?:{_WORD}|dan|and))*(?:an)?\b", re.I)


def word_numbers(text: str) -> list[Number]:
    """Counts written in words: "tujuh", "dua puluh", "delapan ribuan", "twenty-one", "seven"."""
    found = []
    for m in WORD_NUMBER.finditer(text):
        phrase = m.group(0)
        value = _word_value(re.sub(r"(ribu|ratus|puluh|juta|liar)an$", r"\1", phrase.lower()))
        if value is None or value < 2:
            continue
        # "ribuan" ("thousands of") says about, never exactly: kept as the round lower bound
        found.append(Number(phrase, value, "number", m.start(), m.end()))
    return found


def _word_value(phrase: str) -> float | None:
    words = [w for w in re.split(r"[\s-]+", phrase) if w not in ("dan", "and")]
    if not words or words[-1] in ("dan", "and"):
        return None
    total, current, last, seen = 0.0, 0.0, 0.0, False
    i = 0
    while i < len(words):
        word = words[i]
        pair = f"{word} {words[i + 1]}" if i + 1 < len(words) else ""
        if pair in UNITS_WORDS:
            word = pair
            i += 1
        if word in UNITS_WORDS:
            last = UNITS_WORDS[word]
            current += last
        elif word == "belas":
            current += 10 - (0 if last else -1)
        elif word == "puluh":
            current += (last or 1) * 9
        elif word in WORD_MULTIPLIERS:  # ratus, hundred: the whole group below it
            current = (current or 1) * WORD_MULTIPLIERS[word]
        elif word in ("seribu", "sejuta"):
            total += WORD_SCALES[word]
        elif word in WORD_SCALES:
            total += (current or 1) * WORD_SCALES[word]
            current = 0.0
        else:
            return None
        if word not in UNITS_WORDS:
            last = 0.0
        seen = True
        i += 1
    return total + current if seen else None


def _amount(m: re.Match[str], language: str | None) -> Number | None:
    cur, digits, scale_word, pct = m.group("cur"), m.group("num"), m.group("scale"), m.group("pct")
    curword = m.group("curword")
    scale_key = (scale_word or "").lower()
    # A lone letter scale ("k", "b", "t") only counts right after a currency amount.
    if scale_key in ("k", "b", "t") and not cur:
        scale_key, scale_word = "", None
    value = to_float(digits, language) * SCALES.get(scale_key, 1.0)
    if pct:
        unit = "%"
    elif cur:
        unit = CURRENCY_SIGNS.get(re.sub(r"\s+", " ", cur.lower()).replace("us $", "us$"), "USD")
    elif curword:
        unit = CURRENCY_WORDS.get(curword.split()[0].lower(), "USD")
    elif YEAR.match(digits) and not scale_word:
        unit = "year"
    else:
        unit = "number"
    end = m.end() if (pct or scale_word or curword) else m.end("num2") if m.group("num2") else m.end("num")
    start = m.start("cur") if cur else m.start("num")
    text = m.string[start:end].strip()
    return Number(text, value, unit, start, start + len(text))


def same_value(a: float | str, b: float | str, rel: float = 1e-6) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and dates_compatible(a, b)
    return abs(a - b) <= rel * max(abs(a), abs(b), 1.0)


def dates_compatible(a: str, b: str) -> bool:
    """'2025-06-13' matches '????-06-13' (year unknown) and '2025-06' (month only)."""
    year_a, rest_a = a.split("-", 1)
    year_b, rest_b = b.split("-", 1)
    if "????" not in (year_a, year_b) and year_a != year_b:
        return False
    n = min(len(rest_a), len(rest_b))
    return rest_a[:n] == rest_b[:n]


SCALE_NAMES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
CURRENCY_DISPLAY = {"USD": "$", "IDR": "Rp ", "MYR": "RM", "SGD": "S$", "EUR": "€", "GBP": "£", "JPY": "¥"}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


def format_value(value: float | str, unit: str) -> str:
    """A normalised figure in English: 14.3e9 USD → "$14.3 billion", "2025-06-10" → "10 June 2025"."""
    if unit == "date" and isinstance(value, str):
        parts = value.split("-")
        month = MONTH_NAMES[int(parts[1]) - 1]
        year = "" if parts[0] == "????" else parts[0]
        day = str(int(parts[2])) if len(parts) > 2 else ""
        return " ".join(x for x in (day, month, year) if x)
    number = float(value)
    if unit == "%":
        return f"{number:g}%"
    if unit == "year":
        return f"{int(number)}"
    text = f"{number:,.0f}" if number == int(number) else f"{number:g}"
    for scale, name in SCALE_NAMES:
        if abs(number) >= scale:
            text = f"{number / scale:g} {name}"
            break
    if unit in CURRENCY_DISPLAY:
        return f"{CURRENCY_DISPLAY[unit]}{text}"
    if unit == "magnitude":
        return f"M{number:g}"
    return text if unit in ("number", "people", "count") else f"{text} {unit}"
