"""Figures in the sources, what each describes, and where the sources disagree.

Facts come from the original-language text (not the translation), so they do not depend
on translation quality. A figure's subject is the concept named nearest to it in its
clause ("investasi", "valuation", "PHK", "tewas" ...), from a bilingual lexicon; figures
of one concept and unit from different sources are compared, and differing values make a
disagreement. Historical figures (an earlier year in the same clause) are kept apart.
"""
from __future__ import annotations

import re
from collections import defaultdict

from .document import Article, Disagreement, DisagreementValue, Facts, Figure
from .numbers import Number, parse_numbers, same_value
from .segment import split_sentences

# concept → word stems (Indonesian/Malay and English) that name it. A stem matches a word
# that starts with it, so "investasi" covers "investasinya" and "invest" covers "invested".
CONCEPTS: dict[str, tuple[str, ...]] = {
    "investment": ("investasi", "menginvestasikan", "berinvestasi", "invest", "pendanaan", "seharga",
                   "plunged", "poured", "suntikan", "menyuntikkan", "digelontorkan", "menggelontorkan"),
    "valuation": ("valuasi", "menilai", "valuation", "valued", "valuing", "bernilai"),
    "funding raised": ("mengumpulkan dana", "menghimpun", "raised", "fundraising", "dana segar"),
    "revenue": ("pendapatan", "revenue", "omzet", "penjualan", "sales", "turnover"),
    "profit": ("laba", "keuntungan", "profit", "net income", "earnings"),
    "spending": ("pengeluaran", "belanja", "spending", "capex", "anggaran", "budget"),
    "stake": ("saham", "stake", "kepemilikan", "share of", "ownership"),
    "layoffs": ("phk", "memangkas", "merumahkan", "pemutusan", "memberhentikan", "layoff", "laid off",
                "lay off", "cut", "cuts", "dipecat", "fired", "job losses", "tenaga kerja", "workforce"),
    "contractors": ("kontraktor", "contractor"),
    "deaths": ("tewas", "meninggal", "menewaskan", "korban jiwa", "killed", "dead", "died", "deaths", "death toll"),
    "injuries": ("luka", "terluka", "injured", "wounded"),
    "evacuated": ("mengungsi", "pengungsi", "dievakuasi", "evacuated", "displaced"),
    "price": ("harga", "price", "tarif", "cost", "biaya"),
    "growth": ("pertumbuhan", "tumbuh", "growth", "grew", "naik", "rose", "increase", "kenaikan"),
    "decline": ("turun", "penurunan", "fell", "decline", "dropped", "anjlok"),
    "inflation": ("inflasi", "inflation"),
    "founded": ("didirikan", "mendirikan", "berdiri", "founded", "established"),
    "age": ("berusia", "usia", "umur", "aged", "year-old", "years old"),
    "deal": ("kesepakatan", "setuju", "menyetujui", "mengakuisisi", "akuisisi", "deal", "agreed",
                  "agreement", "acquire", "acquisition", "announced", "diumumkan", "mengumumkan"),
    "passengers": ("penumpang", "passenger"),
    "flights": ("penerbangan", "flight"),
    "votes": ("suara", "votes", "vote"),
}
# Concepts a date or a year can be the time of.
EVENT_CONCEPTS = {"deal", "founded", "layoffs", "deaths", "evacuated"}
# Units that make a count a figure worth comparing ("200 karyawan", "15 people").
COUNT_NOUNS = ("orang", "karyawan", "pekerja", "pegawai", "staf", "korban", "warga", "penumpang", "siswa",
               "kontraktor", "penerbangan", "rumah", "unit", "people", "employees", "workers", "staff",
               "victims", "residents", "passengers", "students", "contractors", "flights", "homes", "houses",
               "persons", "jiwa", "kk", "doctors", "dokter", "troops", "tentara", "soldiers")
CLAUSE = re.compile(r"[,;:()—–]|\s-\s| yang | which | who | setelah | after | while | sementara ")
WORD = re.compile(r"[\w$%'’-]+")
MAX_CONCEPT_DISTANCE = 8  # words between a figure and the concept word it describes


def extract_figures(article: Article) -> list[Figure]:
    """Figures of one article, from its source-language text."""
    language = article.language if article.language not in (None, "und") else "en"
    figures: list[Figure] = []
    for para in article.paragraphs:
        for sentence in split_sentences(para, language):
            figures.extend(_sentence_figures(sentence, language, article.id))
    return figures


def _sentence_figures(sentence: str, language: str, source: str) -> list[Figure]:
    numbers = parse_numbers(sentence, language)
    years_here = [n for n in numbers if n.unit == "year" or (n.unit == "date" and not n.value.startswith("????"))]
    figures = []
    for number in numbers:
        unit = _figure_unit(number, sentence)
        if unit is None:
            continue
        concept = _concept(sentence, number, unit)
        if concept is None:
            continue
        era = None if unit in ("date", "year") else _era(number, years_here)
        label = f"date of the {concept}" if unit == "date" and concept == "deal" else \
            f"year {concept}" if unit == "year" else f"value of the {concept}" if concept == "deal" else concept
        about = label if era is None else f"{label} ({era})"
        figures.append(Figure(number.text, number.value, unit, about, sentence, source))
    return figures


def _figure_unit(number: Number, sentence: str) -> str | None:
    if number.unit == "number":
        follow = sentence[number.end:number.end + 20].lower().split()
        if follow and follow[0].strip(".,;") in COUNT_NOUNS:
            return "people" if follow[0] not in ("penerbangan", "flights", "rumah", "homes", "houses", "unit") else follow[0]
        return None
    return number.unit


def _allowed(unit: str) -> set[str]:
    """Concepts a figure of this unit can describe (a percentage is no date of a deal)."""
    if unit == "date":
        return EVENT_CONCEPTS
    if unit == "year":
        return {"founded"}
    if unit == "%":
        return set(CONCEPTS) - {"deal", "investment", "valuation", "funding raised", "founded", "age"}
    if unit in ("people", "flights", "homes", "houses", "unit", "penerbangan", "rumah"):
        return {"layoffs", "deaths", "injuries", "evacuated", "contractors", "passengers", "flights", "votes"}
    return set(CONCEPTS) - EVENT_CONCEPTS - {"age", "passengers", "flights", "votes", "contractors"} | {"deal"}


def _concept(sentence: str, number: Number, unit: str) -> str | None:
    """The concept named nearest to the number inside its clause."""
    bounds = [m.start() for m in CLAUSE.finditer(sentence)]
    left = max([b for b in bounds if b < number.start] or [0])
    right = min([b for b in bounds if b >= number.end] or [len(sentence)])
    # A clause made only of the figure ("—setara Rp230 triliun—") borrows the sentence.
    if len(WORD.findall(sentence[left:right])) <= 4:
        left, right = 0, len(sentence)
    clause = sentence[left:right].lower()
    position = number.start - left
    best, best_distance = None, MAX_CONCEPT_DISTANCE + 1
    for concept, stems in CONCEPTS.items():
        for stem in stems:
            if concept not in _allowed(unit):
                continue
            for m in re.finditer(r"(?<![\w])" + re.escape(stem), clause):
                if m.end() <= position:
                    gap = clause[m.end():position]
                else:
                    gap = clause[position + len(number.text):m.start()]
                distance = len(WORD.findall(gap)) + (0 if m.end() <= position else 0.5)
                if distance < best_distance:
                    best, best_distance = concept, distance
    return best


def _era(number: Number, years: list[Number]) -> str | None:
    """The explicit year nearest the figure in its sentence, if close enough to date it."""
    near = [(abs(o.start - number.start), str(o.value)[:4]) for o in years
            if o is not number and str(o.value)[:4].isdigit() and abs(o.start - number.start) < 60]
    return min(near)[1] if near else None


def find_disagreements(figures: list[Figure]) -> list[Disagreement]:
    """Group figures by (subject, unit) and report groups whose sources give different values."""
    latest = _latest_year(figures)
    groups: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for figure in figures:
        about = figure.about
        if latest and about.endswith(f"({latest})"):
            about = about[: -len(f" ({latest})")]  # the current year is the default era
        groups[(about, figure.unit)].append(figure)
    disagreements = []
    for (about, unit), members in groups.items():
        values = _distinct_values(members)
        if len(values) < 2 or not _comparable(values, unit):
            continue
        sources = [set(f.source for f in group) for group in values]
        if len(set().union(*sources)) < 2 or any(a & b for i, a in enumerate(sources) for b in sources[i + 1:]):
            continue  # one source giving both values describes two things, not a dispute
        disagreements.append(Disagreement(about, tuple(
            DisagreementValue(group[0].value, group[0].normalized, unit, tuple(sorted(s)))
            for group, s in sorted(zip(values, sources), key=lambda vs: (-len(vs[1]), str(vs[0][0].normalized))))))
    return disagreements


def _distinct_values(members: list[Figure]) -> list[list[Figure]]:
    """Cluster equal values; a less precise value ("Juni", "$14 billion") joins the one it rounds."""
    clusters: list[list[Figure]] = []
    for figure in sorted(members, key=lambda f: -_precision(f.normalized)):
        for cluster in clusters:
            if same_value(cluster[0].normalized, figure.normalized) or _rounds_to(cluster[0].normalized, figure.normalized):
                cluster.append(figure)
                break
        else:
            clusters.append([figure])
    return clusters


def _precision(value: float | str) -> int:
    if isinstance(value, str):
        return len(value.replace("?", ""))
    text = f"{value:.6g}".rstrip("0").rstrip(".")
    return len(text.replace(".", "").rstrip("0"))


def _rounds_to(precise: float | str, rough: float | str) -> bool:
    if isinstance(precise, str) or isinstance(rough, str) or rough == 0:
        return False
    digits = _precision(rough)
    return float(f"{precise:.{digits}g}") == rough and _precision(precise) > digits


def _comparable(values: list[list[Figure]], unit: str) -> bool:
    """Different facts of one concept differ wildly; reporting disputes differ by a little."""
    if unit == "date":
        return True
    numbers = [float(group[0].normalized) for group in values]
    return min(numbers) > 0 and max(numbers) / min(numbers) <= 2.0


def _latest_year(figures: list[Figure]) -> str | None:
    years = [int(m.group(1)) for f in figures for m in [re.search(r"\((\d{4})\)$", f.about)] if m]
    years += [int(str(f.normalized)[:4]) for f in figures if f.unit == "date" and str(f.normalized)[:4].isdigit()]
    return str(max(years)) if years else None


def collect_facts(articles: list[Article]) -> Facts:
    figures = [f for article in articles for f in extract_figures(article)]
    return Facts(tuple(figures), tuple(find_disagreements(figures)))
