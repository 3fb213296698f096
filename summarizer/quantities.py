"""Every quantity an article states: its value and interval, unit, what it measures, and when.

Open vocabulary: a count is a figure whatever it counts ("27 pendaki", "31 hikers"); what it
measures is read from the predicate or quantity noun near it through a general lexicon
(quantity_words.py), so outlets in Indonesian, Malay and English meet on one English name.
A hedge ("lebih dari", "about", "hampir") and the precision written ("Rp2,3 triliun") widen the
value into an interval; two figures whose intervals overlap agree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .document import Article
from .numbers import Number, parse_numbers, to_float
from .quantity_context import (WINDOW, WORD, counted_noun, known_noun, measure_unit, measures_near,
                               topics)
from .quantity_interval import interval, is_range, range_end, read_qualifier
from .quantity_time import clocks, time_reference
from .quantity_words import (CHANGES, DISPUTE_MARKERS, MAGNITUDE_BEFORE, NOUN_MEASURES, NOUNS,
                             PEOPLE_MEASURES, SEVERITY, UPDATE_MARKERS, WEAK)
from .segment import split_sentences

CLAUSE = re.compile(r",(?!\d)|[;()—–\"“”]|:(?!\d)|\s-\s| dan | and | serta | while | whilst | sementara | whereas "
                    r"| sedangkan | manakala | but | tetapi | namun ")
# A past period named in words: its figures belong to another event.
PAST = re.compile(r"\b(last year|a year ago|the previous year|last month|tahun lalu|tahun lepas|setahun lalu|"
                  r"tahun sebelumnya|bulan lalu|bulan lepas)\b", re.I)
AREA_UNITS = {"ha", "km2"}
TARGET = re.compile(r"\b(target|targets|targeted|targeting|sasaran|menyasar|mensasarkan|menargetkan|"
                    r"ditargetkan|disasarkan|aims? to|aiming|goal of|projected|forecast|proyeksi|unjuran)\b",
                    re.I)
# Bounds on the work per article: news sentences are far shorter, news articles state far fewer
# figures; a page beyond them is a dump (tables, a one-line scrape).
MAX_SENTENCE = 600
MAX_FIGURES = 400
# "naik 150 persen dibandingkan tahun lalu": last year is the base of a change, not its time
LASTED = re.compile(r"\b(lasted|lasting|went on for|berlangsung|berlarutan|berlarut|berlanjut)\b", re.I)
NAME_COMMA = re.compile(r"\b[A-Z][a-z]+,\s$")
PART_BEFORE = re.compile(r"\b(termasuk|including|di antaranya|antaranya|among them|among the \w+ (?:are|were))"
                         r"[\s,:]+(?:\w+\s+)?$", re.I)
WHOLE_AFTER_PART = re.compile(r"\s+(?:\w+\s+)?(?:of|out of|daripada|dari)\s+(?:the\s+|its\s+|their\s+|"
                              r"all\s+|total\s+|jumlah\s+|\w+'s\s+){0,2}", re.I)
WHOLE_OPENING = re.compile(r"(?:^|[,;:]\s*|\b(?:menyebut|mengatakan|said|berkata)\s+)(?:of|out of|daripada|dari)"
                           r"\s+(?:the\s+|total\s+|jumlah\s+|sejumlah\s+|sebanyak\s+)?$", re.I)
COMPARED = re.compile(r"\b(dibandingkan|dibanding|berbanding|compared|from the same|than|daripada|"
                      r"year-on-year|over the same|sama tahun)\b", re.I)
# A figure completing a verb whose subject comes before its clause ("..., has risen to 31").
LINKED = re.compile(r"\b(to|at|reached|now|is|was|were|are|mencapai|menjadi|jadi|kepada|sebanyak|"
                    r"sejumlah|seramai|ialah|adalah)\s*$")
AGE = re.compile(r"[A-Z][\w'.-]+\s?\($")
# "dua lagi mayat", "two more bodies", "another 3": what was added, not the toll itself
INCREMENT_AFTER = re.compile(r"^\s+(?:lagi|more|additional)\s+(\w+)", re.I)
INCREMENT_BEFORE = re.compile(r"\b(another|additional|tambahan|a further)\s+$", re.I)
WEAK_WORDS = re.compile(r"(?<!\w)(?:" + "|".join(WEAK) + ")")
# Another party's estimate in the same sentence: "police put the crowd at 3,000", "mengklaim".
ESTIMATE_BY = re.compile(r"\bput(?:s|ting)? (?:the|its|their) (?:\w+ ){1,2}at\b|"
                         r"\bclaim|\bklaim|\bdakwa")
MAGNITUDE_AFTER = re.compile(r"^[\s-]*(magnitud[eo]|sr\b|skala richter|on the richter)", re.I)
PLACE = re.compile(r"\b(?:di|in|at|ke|dari|from|kabupaten|kota|desa|kecamatan|provinsi|district|city|village|"
                   r"province)\s+((?:[A-Z][\w'-]+\s?){1,3})")
NOT_PLACES = {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu", "Monday", "Tuesday", "Wednesday",
              "Thursday", "Friday", "Saturday", "Sunday", "Indonesia", "Malaysia", "The", "This", "Kabupaten",
              "Kota", "Desa", "Kecamatan", "Provinsi", "Jalan", "Jl"}
M_PREFIX = re.compile(r"\bM\s?(\d(?:[.,]\d)?)\b")


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
    vague: bool  # said only to be "affected", "recorded", a "total": a measure of any kind
    topics: frozenset[str]  # measures and counted nouns its sentence names
    marked: bool  # its sentence cites another side's figure or updates an earlier one
    sentence: str
    source: str
    position: int  # order of the figure in its article


def extract_quantities(article: Article) -> list[Quantity]:
    """Figures of one article, at most MAX_FIGURES (a page of tables is no news story)."""
    language = article.language if article.language not in (None, "und") else "en"
    sentences = [piece for p in article.paragraphs for s in split_sentences(p, language)
                 for piece in _pieces(s)]
    english = _english_of(article)
    found: list[Quantity] = []
    intro: frozenset[str] = frozenset()
    for index, sentence in enumerate(sentences):
        following = sentences[index + 1] if index + 1 < len(sentences) else ""
        short = len(WORD.findall(sentence)) <= 8
        quantities = _sentence_quantities(sentence, following, language, article.id, len(found),
                                          intro if short else frozenset())
        if english.get(sentence):
            quantities = _read_in_english(quantities, english[sentence])
        found.extend(quantities)
        if sentence.rstrip().endswith(":"):  # a list follows: its items inherit what it measures
            intro = frozenset(measures_near(sentence.lower()))
        elif not short:
            intro = frozenset()
        if len(found) >= MAX_FIGURES:
            return found[:MAX_FIGURES]
    return found


def _english_of(article: Article) -> dict[str, str]:
    """Source sentence → its English translation, when the translate stage ran on the article."""
    if not article.translation or article.language in (None, "und", "en"):
        return {}
    return {pair.source.strip(): pair.target for row in article.translation for pair in row
            if pair.target and pair.target != pair.source and pair.trust != "bad"}


def _read_in_english(quantities: list[Quantity], english: str) -> list[Quantity]:
    """What each figure measures and counts, read again in its sentence's translation: an
    Indonesian "40 relawan gugur" meets an English "45 volunteers died" through "40 volunteers
    died". The value, text and sentence stay the source's."""
    numbers = [n for n in parse_numbers(english, "en") if n.unit not in ("year", "date")]
    out = []
    for q in quantities:
        known = q.noun is None or q.noun in NOUNS  # an open word ("relawan") yields to English
        if q.measures and known:  # the source said it plainly: a translation adds only risk
            out.append(q)
            continue
        i = next((k for k, n in enumerate(numbers)
                  if not isinstance(q.value, str) and n.value == q.value), None)
        read = None if i is None else _quantity(
            english, numbers[i], numbers[i - 1].end if i else 0,
            numbers[i + 1].start if i + 1 < len(numbers) else len(english), frozenset())
        if read is None or read[0] != q.kind:
            out.append(q)
            continue
        _, noun, measures, primary, severity, _, vague = read
        out.append(replace(q, noun=q.noun if known else noun,
                           measures=q.measures | frozenset(measures), primary=q.primary or primary,
                           severity=q.severity or severity, vague=q.vague and not measures))
    return out


def _increment(sentence: str, number: Number, numbers: list[Number]) -> bool:
    """A count of what was added ("selepas dua lagi mayat ditemui") beside the larger total it
    brings about in the same sentence."""
    more = INCREMENT_AFTER.match(sentence[number.end:])  # "dua lagi mayat", not "11 lagi cedera"
    added = ((more and known_noun(more.group(1).lower()))
             or INCREMENT_BEFORE.search(sentence[:number.start]))
    larger = [n for n in numbers if n.unit == number.unit and isinstance(n.value, float)
              and n.value > float(number.value)]
    return bool(added) and bool(larger)


def _pieces(sentence: str) -> list[str]:
    """A run-on "sentence" (a one-line page, a table) cut into pieces of at most MAX_SENTENCE
    characters at spaces, so the work per figure stays bounded; real sentences stay whole."""
    if len(sentence) <= MAX_SENTENCE:
        return [sentence]
    pieces, start = [], 0
    while start < len(sentence):
        end = min(start + MAX_SENTENCE, len(sentence))
        cut = sentence.rfind(" ", start + MAX_SENTENCE // 2, end) if end < len(sentence) else -1
        end = cut if cut > start else end
        pieces.append(sentence[start:end].strip())
        start = end
    return [p for p in pieces if p]


def _sentence_quantities(sentence: str, following: str, language: str, source: str, position: int,
                         intro: frozenset[str]) -> list[Quantity]:
    magnitudes = [Number(m.group(0), to_float(m.group(1), language), "magnitude", m.start(), m.end())
                  for m in M_PREFIX.finditer(sentence)]
    taken = [(m.start, m.end) for m in magnitudes] + [c.span() for c in clocks(sentence)]
    numbers = magnitudes + [n for n in parse_numbers(sentence, language) if n.unit != "year"
                            and not any(a <= n.start < b for a, b in taken[len(magnitudes):])
                            and not any(m.start <= n.start < m.end for m in magnitudes)]
    numbers.sort(key=lambda n: n.start)
    if not numbers:
        return []
    lower = sentence.lower()
    marked = (any(m in lower for m in DISPUTE_MARKERS + UPDATE_MARKERS)
              or bool(ESTIMATE_BY.search(lower)))
    as_of, when = time_reference(sentence, following)
    about = topics(sentence)
    years = [m for m in re.finditer(r"(?<![\d.,/])(19[5-9]\d|20\d\d)(?!\d|[.,/]\d)", sentence)]
    out = []
    for i, number in enumerate(numbers):
        if number.unit == "number" and re.fullmatch(r"\d{1,3}(\.\d{3})+", number.text):
            number = replace(number, value=float(number.text.replace(".", "")))  # "5.100 warga" in Malay text
        # a date beside a figure is part of its context ("inflasi Februari 2024 tercatat 2,75%")
        left = max((n.end for n in numbers[:i] if n.unit != "date"), default=0)
        later = [n for n in numbers[i + 1:] if n.unit != "date"]
        if later and WHOLE_AFTER_PART.fullmatch(sentence[number.end:later[0].start]):
            later = later[1:]  # "20 of the 26 crew were rescued": the part reads past its whole
        right = later[0].start if later else len(sentence)
        quantity = _quantity(sentence, number, left, right, intro)
        if quantity is None or _increment(sentence, number, numbers):
            continue
        kind, noun, measures, primary, severity, places, vague = quantity
        qualifier = read_qualifier(sentence, number)
        low, high = interval(number, qualifier)
        if is_range(number):
            qualifier = "range"
            low, high = number.value, range_end(number, language)
        era = next((y.group(1) for y in years
                    if (abs(y.start() - number.start) < 60 or y.start() < 12)
                    and not (number.start <= y.start() < number.end)), None)
        past = PAST.search(sentence)
        compared = past and COMPARED.search(sentence[max(0, past.start() - 50):past.start()])
        if era is None and past and not compared:
            era = "earlier"
        if PART_BEFORE.search(sentence[max(0, number.start - 40):number.start]):
            era = "part"  # "143 warga, termasuk 38 anak": a part is compared with parts only
        if _is_whole(sentence, number, numbers, i):
            era = "total"  # "25 of the 31 crew were rescued": 31 is the crew, not the rescued
        if TARGET.search(sentence[max(0, number.start - 60):number.start]):
            era = "target"  # a goal or a plan is no measured figure: "mensasarkan ... 70 peratus"
        out.append(Quantity(number.text, number.value, low, high, kind, noun, frozenset(measures), primary,
                            severity, qualifier, as_of, when, era, places, vague, about, marked,
                            sentence, source,
                            position + len(out)))
    return out


def _is_whole(sentence: str, number: Number, numbers: list[Number], i: int) -> bool:
    """The whole that a part is counted from: "11 of the 21 districts", "dari 31 awak, 25
    selamat", "Of the 1,318 hectares burned, 415 ..."; it measures the group, not the part's verb."""
    before = sentence[:number.start]
    if i > 0 and WHOLE_AFTER_PART.fullmatch(sentence[numbers[i - 1].end:number.start]):
        return True
    return bool(WHOLE_OPENING.search(before)) and any(
        n.start > number.end and "," in sentence[number.end:n.start]
        and len(sentence[number.end:n.start]) <= 80 for n in numbers[i + 1:i + 2])


def _quantity(sentence: str, number: Number, left: int, right: int, intro: frozenset[str]):
    start, end = _clause(sentence, number, left, right)
    before = sentence[start:number.start].lower()
    after = sentence[number.end:end].lower()
    window = " ".join(WORD.findall(before)[-WINDOW:]) + " # " + " ".join(WORD.findall(after)[:WINDOW])
    measures = measures_near(window)
    if set(measures) - {"magnitude"} <= CHANGES and LINKED.search(before):  # "The toll ... rose to 31"
        earlier = " ".join(WORD.findall(sentence[:number.start].lower())[-3 * WINDOW:])
        measures |= {name: WINDOW + d for name, d in measures_near(earlier + " # ").items()
                     if name not in measures}
    if number.unit != "magnitude" and not _is_magnitude(sentence, number):
        measures.pop("magnitude", None)  # "a 6.2-magnitude quake ... rose to 42": 42 is no magnitude
    primary = min(measures.items(), key=lambda kv: kv[1])[0] if measures else None
    names = set(measures) | set(intro)
    severity = next((SEVERITY[w] for w in WORD.findall(after)[:4] if w in SEVERITY), None)
    wide_start, wide_end = _clause(sentence, number, 0, len(sentence))
    places = frozenset(_skeleton(w) for m in PLACE.finditer(sentence[wide_start:wide_end])
                       for w in m.group(1).split() if w not in NOT_PLACES and w.isalpha())
    found = _kind(sentence, number, end, names, primary, severity)
    vague = not measures and bool(WEAK_WORDS.search(window))
    return None if found is None else (*found, places, vague)


def _skeleton(place: str) -> str:
    """A place name's consonants, so spellings of one place meet: Sumatera/Sumatra, Aceh/Acheh."""
    return re.sub(r"[aeiouh]", "", place.lower()) or place.lower()


def _kind(sentence: str, number: Number, end: int, names: set[str], primary: str | None, severity: str | None):
    if number.start and sentence[number.start - 1] == "-" and sentence[max(0, number.start - 2)].isalpha():
        return None  # a tag ("Iwan-02"), not a figure
    if AGE.search(sentence[:number.start]) and sentence[number.end:number.end + 1] == ")":
        return None  # "Hasnah (14), pelajar SMP": an age after a name
    if NAME_COMMA.search(sentence[:number.start]) and sentence[number.end:number.end + 1] == ",":
        return None  # "the captain, Hendra Saputra, 48, was rescued": an age after a name
    if number.unit == "number" and number.text[:1] == "0" and number.text[1:2].isdigit():
        return None
    if number.unit == "date":
        return ("date", None, names, primary, None) if "deal" in names else None
    if number.unit == "magnitude" or (number.unit == "number" and _is_magnitude(sentence, number)):
        return "magnitude", None, names | {"magnitude"}, "magnitude", None
    if number.unit not in ("number",):
        kind = number.unit if number.unit == "%" else f"money:{number.unit}"
        names -= PEOPLE_MEASURES  # "Rp412 miliar ... dari para tersangka": money is never arrested
        noun = _share_of(sentence[number.end:end]) if number.unit == "%" else None
        if noun and noun in NOUN_MEASURES:
            names.add(NOUN_MEASURES[noun])
        if not names and noun is None:
            return None
        return kind, noun, names, primary or (noun and NOUN_MEASURES.get(noun)), severity
    unit = measure_unit(sentence[number.end:end])
    if unit in AREA_UNITS:  # hectares measure an area whatever else is said of them
        names.add("area")
    if unit:
        return (unit, None, names, primary, None) if names else None
    noun = counted_noun(sentence[number.end:end])
    if noun in NOUN_MEASURES:
        names.add(NOUN_MEASURES[noun])
        primary = primary or NOUN_MEASURES[noun]
    if noun in ("days", "hours", "minutes", "seconds", "years", "months", "weeks", "times"):
        if noun != "times" and LASTED.search(sentence[max(0, number.start - 60):number.start]):
            return f"duration:{noun}", None, names | {"duration"}, "duration", None  # "lasted 10 hours"
        return None  # how long something else took, how often: no disputed figure
    if noun is None and not names:
        return None
    return "count", noun, names, primary, severity


def _share_of(after: str) -> str | None:
    """What a percentage is a share of: "45% of workers" → workers, "10% of the price index" →
    price; "15% since January" → None (a change, no base named)."""
    m = re.match(r"\s*(?:of|dari|daripada)\s+(.*)", after, re.I)
    noun = counted_noun(m.group(1).lower()) if m else counted_noun(after)
    return noun if m or noun in NOUNS else None


def _clause(sentence: str, number: Number, left: int, right: int) -> tuple[int, int]:
    bounds = [m.start() for m in CLAUSE.finditer(sentence)] + [m.end() for m in CLAUSE.finditer(sentence)]
    start = max([b for b in bounds if b <= number.start] + [left])
    end = min([b for b in bounds if b >= number.end] + [right])
    if len(WORD.findall(sentence[start:end])) <= 2:  # "PT X: 8.504 karyawan" borrows the sentence
        start, end = left, right
    return start, end


def _is_magnitude(sentence: str, number: Number) -> bool:
    before = WORD.findall(sentence[max(0, number.start - 40):number.start].lower())[-3:]
    return bool(MAGNITUDE_AFTER.match(sentence[number.end:])) or any(
        w in MAGNITUDE_BEFORE or "magnitud" in w for w in before)
