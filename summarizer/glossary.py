"""Glossary and protected names: terms masked by placeholders the models copy, then restored.

A glossary maps a source term to the English it must become, or keeps a term as it is
(do-not-translate). Before translation each occurrence is replaced by a code such as `XQA`:
upper-case letters are split into single-letter pieces that both opus-mt and NLLB have on the
source and the target side, and the models copy such acronyms through. After translation the
code is replaced by the required English; a term whose English is not in the output is
reported, because a model may still drop or mangle a code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .stopwords import stopwords


@dataclass(frozen=True)
class Glossary:
    """Source term → required English; `keep` terms stay as they are."""

    terms: dict[str, str] = field(default_factory=dict)
    keep: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.keep)


def load_glossary(path: str | Path) -> Glossary:
    """Read a glossary file.

    TSV: `term<TAB>english` per line; a line with a term alone keeps it untranslated; `#` starts
    a comment. JSON: {"terms": {"term": "english"}, "keep": ["term"]}, or a flat {"term":
    "english"} object where a null or empty English keeps the term.

    Raises:
        InputError: the file cannot be read or has no terms.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read glossary {path}: {exc}") from None
    terms: dict[str, str] = {}
    keep: list[str] = []
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"glossary {path} is not valid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise InputError(f"glossary {path}: expected an object of term → English")
        pairs = data
        if "terms" in data or "keep" in data:
            pairs = data.get("terms") or {}
            keep.extend(str(t).strip() for t in data.get("keep") or [] if str(t).strip())
        for term, english in pairs.items():
            if english:
                terms[str(term).strip()] = str(english).strip()
            else:
                keep.append(str(term).strip())
    else:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            term, _, english = (part.strip() for part in line.partition("\t"))
            if english:
                terms[term] = english
            else:
                keep.append(term)
    if not terms and not keep:
        raise InputError(f"glossary {path} has no terms (TSV: term<TAB>english per line)")
    return Glossary(terms, tuple(keep))


_CAPITALISED = r"[A-Z][\w'’.-]*"
_NAME = re.compile(rf"{_CAPITALISED}(?:\s+{_CAPITALISED})+")


def names(sentence: str, language: str) -> list[str]:
    """Names of people, places and institutions: runs of two or more capitalised words, without a
    capitalised function word that only opens the sentence ("Menurut Joko Widodo" → "Joko Widodo")."""
    found = []
    common = stopwords(language)
    for match in _NAME.finditer(sentence):
        words = match.group(0).split()
        while words and words[0].lower() in common:
            words = words[1:]
        if len(words) >= 2:
            found.append(" ".join(words).rstrip(".,"))
    return found


@dataclass(frozen=True)
class Masked:
    """A sentence with its terms replaced by codes, and what each code must become."""

    source: str
    text: str
    codes: tuple[tuple[str, str], ...] = ()  # (code, required English)


def _code(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return "XQ" + letters


def mask(sentence: str, language: str, glossary: Glossary | None, protect_names: bool) -> Masked:
    """Replace glossary terms and (with `protect_names`) names by codes, longest first."""
    wanted: dict[str, str] = {}  # lowercased term → English
    if glossary:
        wanted.update({t.lower(): e for t, e in glossary.terms.items()})
        wanted.update({t.lower(): t for t in glossary.keep})
    patterns: list[tuple[str, str | None]] = [(t, e) for t, e in wanted.items()]
    if protect_names:
        patterns += [
            (n.lower(), None) for n in names(sentence, language) if n.lower() not in wanted
        ]
    if not patterns or "XQ" in sentence:
        return Masked(sentence, sentence)
    codes: list[tuple[str, str]] = []
    text = sentence
    for term, english in sorted(patterns, key=lambda p: -len(p[0])):
        regex = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
        text = regex.sub(lambda match, en=english: _coded(match.group(0), en, codes), text)
    return Masked(sentence, text, tuple(codes))


def _coded(found: str, english: str | None, codes: list[tuple[str, str]]) -> str:
    """The next code, remembered with what it must become (the text as found, for a name)."""
    code = _code(len(codes))
    codes.append((code, english if english is not None else found))
    return code


def unmask(target: str, masked: Masked) -> tuple[str, tuple[str, ...]]:
    """The output with codes replaced; and the required English that did not come through."""
    missing = []
    for code, english in masked.codes:
        target, count = re.subn(rf"(?<![A-Za-z]){code}(?![A-Za-z])", english, target)
        if not count and english.lower() not in target.lower():
            missing.append(english)
    return target, tuple(missing)
