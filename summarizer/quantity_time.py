"""When a figure was true: the clock time, day or date its sentence (or the next) gives it."""

from __future__ import annotations

import re

from .numbers import DATE_DMY, DATE_MDY, MONTHS

# fmt: off
DAYS = {"senin": 0, "isnin": 0, "monday": 0, "selasa": 1, "tuesday": 1, "rabu": 2, "wednesday": 2,
        "kamis": 3, "khamis": 3, "thursday": 3, "jumat": 4, "jum'at": 4, "jumaat": 4, "friday": 4,
        "sabtu": 5, "saturday": 5, "minggu": 6, "ahad": 6, "sunday": 6}
# fmt: on
# fmt: off
PARTS_OF_DAY = {"pagi": 480, "morning": 480, "siang": 720, "noon": 720, "sore": 960, "petang": 960,
                "afternoon": 900, "malam": 1200, "evening": 1140, "night": 1260, "tonight": 1260}
# fmt: on
CLOCK = re.compile(
    r"(?:\b(?:pukul|pkl\.?|jam|at|as of|per)\s+)?"
    r"(?<![\d.,])(\d{1,2})(?:[.:](\d{2}))?(?!\d|[.,:]\d)\s*"
    r"(WIB|WITA|WIT|MYT|a\.?\s?m\b\.?|p\.?\s?m\b\.?)?",
    re.I,
)
CLOCK_WORD = re.compile(r"^(pukul|pkl|jam)\b", re.I)
DAY = re.compile(r"\b(" + "|".join(DAYS) + r")\b", re.I)
PAREN_DATE = re.compile(r"\((?:[A-Za-z']+,?\s*)?(\d{1,2})/(\d{1,2})(?:/\s?(\d{2,4}))?\)")
PART = re.compile(r"\b(" + "|".join(PARTS_OF_DAY) + r")\b", re.I)
AS_OF = re.compile(
    r"\b(per|as of|hingga|sehingga|setakat|until|sampai|data|pukul|updated|terkini|latest)\b", re.I
)


def clocks(text: str) -> list[re.Match[str]]:
    """Clock times: "pukul 14.00 WIB", "7:34 p.m.", "10 a.m.", "jam 2 petang"; a bare "14.00"
    needs a zone or a word saying it is a time, and an hour without minutes needs both."""
    found = []
    for c in CLOCK.finditer(text):
        hour, minute, zone = int(c.group(1)), int(c.group(2) or 0), c.group(3)
        prefixed = re.match(r"(pukul|pkl|jam|at|as of|per)\b", c.group(0), re.I)
        explicit = zone or (prefixed if c.group(2) else CLOCK_WORD.match(c.group(0)))
        if hour <= 23 and minute <= 59 and explicit:
            found.append(c)
    return found


def _report_day(text: str) -> re.Match[str] | None:
    """The weekday a figure was reported for: one after "as of"/"hingga"/"setakat" first, else the
    first named; never the event's own day written as a possessive ("Sunday's landslide")."""
    days = [
        m
        for m in DAY.finditer(text)
        if m.group(0)[0].isupper()
        and not text.startswith("'s", m.end())
        and not text.startswith("’s", m.end())
    ]
    dated = [m for m in days if AS_OF.search(text[max(0, m.start() - 25) : m.start()])]
    return (dated or days or [None])[0]


def time_reference(sentence: str, following: str) -> tuple[str | None, tuple]:
    """When a figure was true: its sentence's clock time, day or date; else the next sentence's
    when that one only dates the data ("Data itu dihimpun per Selasa pukul 09.55")."""
    found = _times(sentence)
    if (
        found[0] is None
        and following
        and AS_OF.search(following)
        and not re.search(r"\d{2,}(?![./:]\d)", re.sub(r"\(.*?\)|\d{1,2}[.:]\d{2}", "", following))
    ):
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
    m = _report_day(text)
    if m:
        weekday, spans = DAYS[m.group(1).lower()], spans + [m.span()]
    for c in clocks(text):
        hour, minute, zone = int(c.group(1)), int(c.group(2) or 0), (c.group(3) or "").lower()
        after = PART.match(text, c.end()) or PART.match(text, c.end() + 1)
        if (
            zone.startswith("p") or (after and PARTS_OF_DAY[after.group(1).lower()] >= 900)
        ) and hour < 12:
            hour += 12  # "2 p.m.", Malay "jam 2 petang"
        minutes, spans = hour * 60 + minute, spans + [c.span()] + ([after.span()] if after else [])
        break
    m = PART.search(text)
    if minutes is None and m:
        minutes, spans = PARTS_OF_DAY[m.group(1).lower()], spans + [m.span()]
    if not spans:
        return None, (None, None, None)
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    as_of = (
        text[start:end].strip()
        if end - start <= 45
        else " ".join(text[s:e] for s, e in sorted(spans))
    )
    return as_of, (day_ordinal, weekday, minutes)
