"""Sentences, Indonesian-aware: sentencex plus an exceptions layer for abbreviations."""
from __future__ import annotations

import re
from typing import Callable

# Abbreviations after which a sentence never ends (a name or number follows).
NEVER_ENDS = {
    "jl", "jln", "no", "prof", "dr", "drs", "ir", "h", "hj", "kh", "st", "kec", "kab", "kel", "prov",
    "rp", "tbk", "pt", "cv", "sdr", "bpk", "ny", "tn", "mr", "mrs", "ms", "inc", "corp", "co", "ltd",
    "vs", "u.s", "a.n", "u.p", "s.h", "m.si", "m.m", "s.e", "s.t", "s.kom", "gen", "lt", "kol", "brigjen",
    "mayjen", "letjen", "jend", "kapt", "sgt", "hlm", "tel", "telp", "fig", "no", "nos", "art", "ps",
}
# Abbreviations that may end a sentence: merge only when a lower-case word follows.
MAY_END = {"dll", "dsb", "dst", "dkk", "etc", "tsb", "cs", "al", "sbb"}
ABBREV = re.compile(r"(?:^|[\s(])([A-Za-z](?:\.[A-Za-z])*|[A-Za-z]{1,9}(?:\.[A-Za-z]{1,4})*)\.\s*$")


def split_sentences(text: str, language: str = "id") -> list[str]:
    """Split a paragraph into sentences; abbreviations, decimals and quotes stay whole."""
    text = text.strip()
    if not text:
        return []
    from sentencex import segment

    pieces = [p for p in segment(language if language not in ("und", None) else "en", text) if p.strip()]
    sentences: list[str] = []
    for piece in pieces:
        if sentences and _continues(sentences[-1], piece):
            sentences[-1] = sentences[-1] + piece
        else:
            sentences.append(piece)
    return [s.strip() for s in sentences if s.strip()]


def _continues(previous: str, piece: str) -> bool:
    if previous and not previous[-1].isspace():
        return True  # a split inside a token ("WWW.SITE.COM", "3.016") is never a sentence end
    m = ABBREV.search(previous)
    if m:
        word = m.group(1).lower()
        if word in NEVER_ENDS or (len(word) == 1 and word.isalpha()):
            return True
        if word in MAY_END and piece.lstrip()[:1].islower():
            return True
    # A closing quote or a lower-case start is the tail of the previous sentence.
    start = piece.lstrip()
    return bool(start) and (start[0] in "”’\"" and len(start) < 3 or start[0].islower())


CLAUSE_BREAK = re.compile(r"(?<=[,;:])\s+|\s+(?=[—–-]\s)|\s+(?=(?:dan|tetapi|namun|sedangkan|yang|karena|sehingga|"
                          r"and|but|which|because)\s)")


def split_long(sentence: str, limit: int, count: Callable[[list[str]], list[int]]) -> list[str]:
    """Pieces of `sentence` that each fit `limit` tokens: clause boundaries first, then words."""
    if count([sentence])[0] <= limit:
        return [sentence]
    clauses = [c for c in CLAUSE_BREAK.split(sentence) if c and c.strip()]
    if len(clauses) == 1:
        words = sentence.split()
        if len(words) == 1:
            return [sentence]  # a single enormous token: the tokenizer truncates, nothing else can
        half = len(words) // 2
        return split_long(" ".join(words[:half]), limit, count) + split_long(" ".join(words[half:]), limit, count)
    pieces: list[str] = []
    current = ""
    for clause in clauses:
        candidate = f"{current} {clause}".strip()
        if current and count([candidate])[0] > limit:
            pieces.extend(split_long(current, limit, count))
            current = clause
        else:
            current = candidate
    if current:
        pieces.extend(split_long(current, limit, count))
    return pieces
