"""Per-line features for the learned labeller: general properties of text, never site names.

Each line gets its own properties (length, sentence punctuation, function words in the page's
language, capitalisation, digits, link tokens, the boilerplate rule families of `rules.py`),
its surroundings (running text near it, the run of text it belongs to, repetition, overlap
with the headline and with the rest of the text) and the properties of its neighbours. Pure Python: cleaning must not wait for numpy or scikit-learn to load.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from itertools import accumulate, compress
from operator import itemgetter
from typing import NamedTuple

from ..stopwords import clear_cache as clear_language_cache
from ..stopwords import guess_language, stopwords
from .rules import FAMILIES, LineScreen, strip_end_marker, strip_prefix

WORD = re.compile(r"[^\W\d_][\w'’-]*", re.U)
WORD_ASCII = re.compile(r"[A-Za-z][A-Za-z0-9_'-]*")  # WORD on an ASCII line, without Unicode class tests
SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")
SENTENCE_MARK = re.compile(r"[.!?…][\"”’')\]]*(\s|$)")
LINK = re.compile(r"https?://|www\.|\b[\w-]{1,63}\.(com|co|id|net|org|my|tv|info|news)\b")  # on lower case
HANDLE = re.compile(r"(^|\s)@\w")
HASHTAG = re.compile(r"(^|\s)#\s?\w")
SEPARATOR = re.compile(r"[|·»•>›/]")
BULLET = re.compile(r"^([•▪●◦*–-]|\d{1,2}[.)]|[a-z][.)])\s")
DIGIT = re.compile(r"\d")
CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
YEAR = re.compile(r"\b(19|20)\d\d\b")
QUOTE = re.compile(r"[\"“”]")
CREDIT = re.compile(r"(\((?-i:[A-Z][\w.]*)( [\w.]+){0,3}\)|\b(foto|photo|image|gambar|sumber|source)\s*:\s*\S+( \S+){0,3})$", re.I)
NEIGHBOURS = (-2, -1, 1, 2)
RUNNING_WORDS = 12  # a line this long that ends a sentence is running text beyond doubt


def words(line: str) -> list[str]:
    return (WORD_ASCII if line.isascii() else WORD).findall(line)


def content_words(text: str, language: str | None) -> frozenset[str]:
    """Content words cut to four letters, so "rates"/"rate" and "stabilises"/"stable" meet."""
    return _content(list(map(str.lower, words(text))), stopwords(language))


def _content(lowered: list[str], stop: frozenset[str]) -> frozenset[str]:
    return frozenset([w[:4] for w in lowered if len(w) > 2 and w not in stop])


def _shape(ws: list[str], stop: frozenset[str]) -> tuple[float, float]:
    """Share of lower-case words after the first, share of function words."""
    n = len(ws)
    lower = sum(map(str.islower, "".join([w[0] for w in ws[1:]]))) / max(n - 1, 1)
    function = sum(map(stop.__contains__, [w.lower() for w in ws])) / max(n, 1)
    return lower, function


def _sentence_like(n: int, ends: bool, lower: float, function: float) -> bool:
    # Headlines are title-cased and short; news leads are long even when full of names.
    return n >= 6 and ends and (lower >= 0.6 or (lower >= 0.25 and (function >= 0.08 or n >= 15))
                                or (lower >= 0.15 and n >= 20))


def is_sentence_like(line: str, language: str | None) -> bool:
    """A line that reads as running text rather than a label, link or headline."""
    body, _ = strip_end_marker(line)
    ws = words(body)
    return _sentence_like(len(ws), bool(SENTENCE_END.search(body.rstrip())), *_shape(ws, stopwords(language)))


def _bucket(n: int) -> tuple[float, ...]:
    return (float(n == 0), float(1 <= n <= 2), float(3 <= n <= 5), float(6 <= n <= 10),
            float(11 <= n <= 20), float(21 <= n <= 40), float(n > 40))


BUCKETS = [_bucket(n) for n in range(42)]  # index min(n, 41)
ONE_HOT = {f: tuple(float(f == g) for g in FAMILIES) for f in (*FAMILIES, None)}


OWN_NAMES = (["words=0", "words=1-2", "words=3-5", "words=6-10", "words=11-20", "words=21-40", "words>40",
              "log chars", "sentence end", "ends with colon", "ends with comma or dash", "sentences in line",
              "starts lower-case", "starts with quote", "bullet or number", "lower-case words",
              "capitalised words", "all capitals", "function words", "log function words", "digits",
              "clock time", "year", "link or domain", "handle", "hashtag", "copyright sign",
              "separators", "quotes", "sentence-like", "running text", "site prefix", "end marker",
              "leading capitals", "headline-like", "credit in brackets"]
             + [f"rule: {f}" for f in FAMILIES])
NEIGHBOUR_NAMES = ["sentence-like", "sentence end", "log chars", "any rule", "lower-case words", "function words"]
# No feature says where on the page a line stands (position, text before or after it, distance
# to the nearest text): such features taught the labeller to drop the opening paragraphs of
# plain pages that have no boilerplate above the article.
PAGE_NAMES = ["running text within 3", "running text within 8", "repeated on page", "title overlap", "same as title",
              "shares words with text", "in densest run", "from html extraction",
              "log text block length", "log text block above", "log text block below",
              "run text share", "run density", "best run", "run sentences per line",
              "running text in best run", "short line between text lines",
              "headline between text lines", "long text line"]
NAMES = (OWN_NAMES + [f"{name} at {offset:+d}" for offset in NEIGHBOURS for name in NEIGHBOUR_NAMES]
         + PAGE_NAMES)


class LineFacts(NamedTuple):
    """What one line shows of itself, and the few raw counts the decoder constraints and the
    page features read again. Its features (`own`, order of OWN_NAMES) are kept in the parts
    they were built from, for the labeller to score the one-hot parts by lookup: the word-count
    bucket (min(words, 41)), the screen's bitmask (MASK_FLAGS), the rule family and the values
    of COMPUTED_NAMES."""
    n_words: int
    family: str | None
    content: frozenset[str]  # content words of the whole line (see `content_words`)
    whole_words: int  # words of the whole line, dateline and end marker included
    bucket: int
    mask: int
    computed: tuple[float, ...]
    near_key: int  # the binary part of `neighbour`: 4 × sentence-like + 2 × sentence end + any rule

    @property
    def function_share(self) -> float:
        return self.computed[FUNCTION_AT]

    @property
    def neighbour(self) -> tuple[float, ...]:
        """What the line shows its neighbours (NEIGHBOUR_NAMES)."""
        c = self.computed
        return (c[_SENTENCE_LIKE_AT], 1.0 if self.mask & _ENDS else 0.0, c[LOG_CHARS_AT],
                0.0 if self.family is None else 1.0, c[LOWER_AT], c[FUNCTION_AT])

    @property
    def own(self) -> tuple[float, ...]:
        return _IN_OWN_ORDER((*BUCKETS[self.bucket], *MASK_FLAGS[self.mask], *ONE_HOT[self.family], *self.computed))

    @property
    def ends(self) -> bool:
        """The line ends a sentence."""
        return bool(self.mask & _ENDS)

    @property
    def running(self) -> bool:
        """The line is running text (see `line_facts`)."""
        return self.computed[_RUNNING_AT] > 0


# The questions asked of every line, screened together with the rules (see `rules.LineScreen`).
ON_LINE = (SENTENCE_END, CLOCK, YEAR, HANDLE, HASHTAG, QUOTE, CREDIT, BULLET)
ON_LOWER = (LINK,)
_SCREEN = LineScreen(list(ON_LINE), list(ON_LOWER))


def _found(line: str, stripped: str) -> int:
    """The `LineScreen` bitmask of ON_LINE and ON_LOWER, asked of `re` one by one (the sentence
    end of the stripped line)."""
    lower = line.lower()
    found = sum(1 << i for i, p in enumerate(ON_LINE) if i and p.search(line))
    found |= sum(1 << (len(ON_LINE) + i) for i, p in enumerate(ON_LOWER) if p.search(lower))
    return found | (1 if SENTENCE_END.search(stripped) else 0)


# The features of the screen's bitmask, and the order `line_facts` builds a line's features in
# (chunks looked up whole, then put in the order of OWN_NAMES by one `itemgetter`).
_MASK_NAMES = ["sentence end", "clock time", "year", "handle", "hashtag", "quotes", "credit in brackets",
               "bullet or number", "link or domain"]  # the order of ON_LINE then ON_LOWER
FLAG_NAMES = [name for name in _MASK_NAMES if name != "bullet or number"]  # the bullet is matched again
MASK_FLAGS = [tuple(1.0 if mask >> _MASK_NAMES.index(name) & 1 else 0.0 for name in FLAG_NAMES)
              for mask in range(1 << len(_MASK_NAMES))]
BUCKET_NAMES = OWN_NAMES[:7]
COMPUTED_NAMES = ["log chars", "ends with colon", "ends with comma or dash", "sentences in line", "starts lower-case",
                  "starts with quote", "bullet or number", "lower-case words", "capitalised words", "all capitals",
                  "function words", "log function words", "digits", "copyright sign", "separators", "sentence-like",
                  "running text", "site prefix", "end marker", "leading capitals", "headline-like"]
_BUILT = BUCKET_NAMES + FLAG_NAMES + [f"rule: {f}" for f in FAMILIES] + COMPUTED_NAMES
assert sorted(_BUILT) == sorted(OWN_NAMES)
_IN_OWN_ORDER = itemgetter(*[_BUILT.index(name) for name in OWN_NAMES])
_RUNNING_AT, _SENTENCES_AT = COMPUTED_NAMES.index("running text"), COMPUTED_NAMES.index("sentences in line")
_SENTENCE_LIKE_AT = COMPUTED_NAMES.index("sentence-like")
# The continuous values a line shows its neighbours, read by the labeller.
LOG_CHARS_AT, LOWER_AT = COMPUTED_NAMES.index("log chars"), COMPUTED_NAMES.index("lower-case words")
FUNCTION_AT = COMPUTED_NAMES.index("function words")
_ENDS = 1  # bit of SENTENCE_END in the mask
_BULLET = 1 << ON_LINE.index(BULLET)


_DIGITS, _ASCII_SEPARATORS = b"0123456789", b"|>/"  # DIGIT and SEPARATOR on an ASCII line


def _ascii_count(line: str, members: bytes) -> int:
    """How many characters of an ASCII line are among `members` (counted in C)."""
    encoded = line.encode()
    return len(encoded) - len(encoded.translate(None, members))


def _count(line: str, ascii_line: bool, pattern: re.Pattern[str], ascii_members: bytes) -> int:
    """How many characters of the line `pattern` finds (`ascii_members`: the same characters,
    counted in C on an ASCII line)."""
    return _ascii_count(line, ascii_members) if ascii_line else len(pattern.findall(line))


@lru_cache(maxsize=65536)
def line_facts(line: str, language: str | None) -> LineFacts:
    """A line's own features (cached: the same lines come back in every pass and on every
    page of a site). Written for speed: it runs on every line of every page."""
    original = line
    family, maybe_marker, maybe_prefix, found = _SCREEN.screen(line)
    # A dateline or site prefix and an end marker say where an article starts and ends; the
    # rest of the line is judged without them.
    body, marker = strip_end_marker(line) if maybe_marker else (line, None)
    line, prefix = strip_prefix(body) if maybe_prefix else (body, None)
    stripped = line.rstrip()
    if line is not original or stripped != line:  # the screen saw another string: ask `re`
        found = _found(line, stripped)
    ascii_line = line.isascii()
    ws = (WORD_ASCII if ascii_line else WORD).findall(line)
    n = len(ws)
    but_first = n - 1 if n > 1 else 1
    stop = stopwords(language)
    lowered = list(map(str.lower, ws))
    initials = "".join([w[0] for w in ws])
    lower = sum(map(str.islower, initials[1:])) / but_first
    function = sum(map(stop.__contains__, lowered))
    function_share = function / (n or 1)
    ends = found & _ENDS
    bullet = BULLET.match(line) if found & _BULLET else None
    sentence_like = _sentence_like(n, bool(ends), lower, function_share)
    if line is original:
        content, whole_words = _content(lowered, stop), n
    else:
        whole = list(map(str.lower, words(original)))
        content, whole_words = _content(whole, stop), len(whole)
    log_chars = math.log1p(len(line)) / 6
    bucket = n if n < 41 else 41
    computed = (
        log_chars,
        1.0 if stripped.endswith(":") else 0.0,
        1.0 if stripped.endswith((",", "-", "–", "—")) else 0.0,
        math.log1p(len(SENTENCE_MARK.findall(line))),
        1.0 if line[:1].islower() else 0.0,
        1.0 if line[:1] in "\"“'‘" else 0.0,
        1.0 if bullet else 0.0,
        lower,
        sum(map(str.isupper, initials)) / (n or 1),
        1.0 if line.isupper() and sum(map(str.isalpha, line)) >= 3 else 0.0,
        function_share,
        math.log1p(function),
        _count(line, ascii_line, DIGIT, _DIGITS) / (len(line) or 1),
        1.0 if "©" in line else 0.0,
        math.log1p(_count(line[bullet.end():] if bullet else line, ascii_line, SEPARATOR, _ASCII_SEPARATORS)),
        1.0 if sentence_like else 0.0,
        # Running text: prose, with or without a closing full stop (a paragraph may end in a
        # credit or a name), or an item of a bulleted or numbered list written as prose.
        1.0 if (sentence_like or (n >= 20 and lower >= 0.4 and function_share >= 0.08)
                or (bullet and n >= 4 and lower >= 0.5)) else 0.0,
        0.0 if prefix is None else 1.0,
        0.0 if marker is None else 1.0,
        sum(map(str.isupper, initials[1:8])) / (but_first if but_first < 7 else 7),
        1.0 if 3 <= n <= 20 and not ends else 0.0,
    )
    near_key = (4 if sentence_like else 0) + (2 if ends else 0) + (0 if family is None else 1)
    return LineFacts(n, family, content, whole_words, bucket, found, computed, near_key)


def page_facts(lines: list[str], language: str | None) -> list[LineFacts]:
    return [line_facts(line, language) for line in lines]


def page_features(lines: list[str], title: str | None = None, from_html: bool = False,
                  language: str | None = None, facts: list[LineFacts] | None = None
                  ) -> tuple[list[list[float]], list[bool]]:
    """The feature vector of every line (order of NAMES) and which lines are running text.
    `facts`: the lines' `line_facts` when the caller has them (same language)."""
    language = language or guess_language(lines)
    facts = facts or page_facts(lines, language)
    columns, running = page_context(lines, facts, title, from_html, language)
    return [feature_row(facts, columns, i) for i in range(len(lines))], running


def feature_row(facts: list[LineFacts], columns: list[list[float]], i: int) -> list[float]:
    """Line i's feature vector (order of NAMES): its own features, what its neighbours show
    (zeros off the page) and its page context (the columns of `page_context`)."""
    near = [facts[j].neighbour if 0 <= j < len(facts) else _OFF_PAGE for j in (i + k for k in NEIGHBOURS)]
    return [*facts[i].own, *near[0], *near[1], *near[2], *near[3], *[column[i] for column in columns]]


_OFF_PAGE = (0.0,) * len(NEIGHBOUR_NAMES)


def page_context(lines: list[str], facts: list[LineFacts], title: str | None, from_html: bool,
                 language: str | None) -> tuple[list[list[float]], list[bool]]:
    """The features of each line's place in the page as columns (per name of PAGE_NAMES, a
    list of its value on every line), and which lines are running text."""
    n = len(lines)
    running = [f.computed[_RUNNING_AT] > 0 for f in facts]
    counts = Counter(lines)
    line_words = [f.content for f in facts]
    vocab: Counter[str] = Counter()
    for words_ in compress(line_words, running):
        vocab.update(words_)
    in_text = set(vocab)
    in_other_text = {w for w, count in vocab.items() if count > 1}  # beyond a running line's own count
    shared = [len(cw & (in_other_text if r else in_text)) / len(cw) if cw else 0.0
              for cw, r in zip(line_words, running)]
    title_words = content_words(title, language) if title else frozenset()
    if title_words:
        overlap = [len(cw & title_words) / len(cw) if cw else 0.0 for cw in line_words]
    else:
        overlap = [0.0] * n
    if title:
        title_key = normalised(title)
        same_as_title = [float(normalised(line) == title_key) for line in lines]
    else:
        same_as_title = [0.0] * n
    groups, masses = _runs_and_masses(list(compress(range(n), running)), lines)
    in_densest = [0.0] * n
    if groups:
        start, end = _densest(groups, masses)
        in_densest[start:end + 1] = [1.0] * (end - start + 1)
    lengths = _block_lengths(running)
    log_length = {b: math.log1p(b) / 4 for b in set(lengths)}
    block = list(map(log_length.__getitem__, lengths))
    mass, density, best, sentences = _runs(groups, masses, n, facts)
    padded = [False, *running, False]
    between = [above and below and not r for above, r, below in zip(padded, running, padded[2:])]
    n_words = [f.n_words for f in facts]
    columns = [
        _shares(running, 3), _shares(running, 8),
        [float(counts[line] > 1) for line in lines],
        overlap,
        same_as_title,
        shared,
        in_densest,
        [float(from_html)] * n,
        block, [0.0, *block[:-1]] if n else [], [*block[1:], 0.0] if n else [],  # above, below
        mass, density, best, sentences,
        [b if r else 0.0 for b, r in zip(best, running)],
        [float(b and k <= 5) for b, k in zip(between, n_words)],
        [float(b and k > 5) for b, k in zip(between, n_words)],
        [float(r and k > 40) for r, k in zip(running, n_words)],
    ]
    return columns, running


def _runs(groups: list[list[int]], masses: list[int], n: int, facts: list[LineFacts]
          ) -> tuple[list[float], list[float], list[float], list[float]]:
    """Per line (four columns), facts about the run of running text around it (`groups`, of
    `masses` characters each): its share of the page's text, how dense it is (a teaser list
    spends two lines of headline and date on each lead; an article runs on), whether it is
    the page's best run by text times density, and its sentences per line."""
    columns = ([0.0] * n, [0.0] * n, [0.0] * n, [0.0] * n)
    if not groups:
        return columns
    total = sum(masses) or 1
    measures = []
    for group, chars in zip(groups, masses):
        sentences = sum(math.expm1(facts[i].computed[_SENTENCES_AT]) for i in group) / len(group)
        measures.append((chars / total, len(group) / (group[-1] - group[0] + 1), sentences))
    best = max(range(len(groups)), key=lambda g: measures[g][0] * measures[g][1])
    for g, group in enumerate(groups):
        mass, density, sentences = measures[g]
        span = group[-1] - group[0] + 1
        for column, value in zip(columns, (mass, density, float(g == best), math.log1p(sentences))):
            column[group[0]:group[-1] + 1] = [value] * span
    return columns


def _block_lengths(running: list[bool]) -> list[int]:
    """For each running-text line, the number of running lines in its unbroken block; 0 otherwise."""
    out = [0] * len(running)
    i = 0
    while i < len(running):
        if not running[i]:
            i += 1
            continue
        j = i
        while j < len(running) and running[j]:
            j += 1
        out[i:j] = [j - i] * (j - i)
        i = j
    return out


def clear_caches() -> None:
    """Forget the per-line features and language counts (benchmarks: a repeated page must cost
    what a new one does)."""
    line_facts.cache_clear()
    clear_language_cache()


def _shares(running: list[bool], k: int) -> list[float]:
    """For each line, the share of running-text lines among the 2k+1 lines around it."""
    width = 2 * k + 1
    before = list(accumulate([False] * k + running + [False] * k, initial=0))  # lines off the page: no text
    return [(end - start) / width for start, end in zip(before, before[width:])]


def runs_of(body: list[int], max_gap: int) -> list[list[int]]:
    """Line numbers (ascending, non-empty) cut into runs wherever more than `max_gap` lines lie
    between two of them."""
    runs: list[list[int]] = [[body[0]]]
    for i in body[1:]:
        if i - runs[-1][-1] - 1 <= max_gap:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


RUN_GAP = 4  # lines of other text a run of running text may span


def _runs_and_masses(body: list[int], lines: list[str]) -> tuple[list[list[int]], list[int]]:
    """The runs of running-text lines `body` (see `runs_of`) and the characters each holds."""
    groups = runs_of(body, RUN_GAP) if body else []
    return groups, [sum(len(lines[i]) for i in group) for group in groups]


def _densest(groups: list[list[int]], masses: list[int]) -> tuple[int, int]:
    """First and last line of the first run holding the most text."""
    best = groups[masses.index(max(masses))]
    return best[0], best[-1]


def densest_run(body: list[int], lines: list[str]) -> tuple[int, int] | None:
    """The run of running-text lines holding the most text, gaps of at most RUN_GAP lines."""
    groups, masses = _runs_and_masses(body, lines)
    return _densest(groups, masses) if groups else None


def normalised(text: str) -> str:
    """The text case-folded, its runs of white space made one space (`\\s` as `re` reads it)."""
    return " ".join(text.split()).casefold()
