"""The one-pass pattern screen gives exactly the answers of Python's `re`, pattern by pattern."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES, SHARED
from summarizer.cleaning import features, rules, screen
from summarizer.cleaning.screen import PatternSet, without_lookaround, without_wide_counts

# Letters where RE2 and `re` part ways (accented, dotless i, Kelvin sign), spaces (no-break,
# thin), curly quotes and dashes (where they agree), digits of other scripts, a tab.
ALPHABET = st.sampled_from(list("abcdeKkSsiIxyz0123456789 .,:;!?()[]/|>-@#©·»•'\"")
                           + ["é", "ı", "İ", "K", "ſ", "\xa0", "\u2009", "“", "”", "’", "–", "—", "٣", "\t"])
lines = st.lists(ALPHABET, max_size=60).map("".join) | st.sampled_from([
    "Baca juga: Harga cabai naik lagi di pasar induk", "SHARE", "Follow us on Instagram",
    "JAKARTA, Sinarpos.com - Hujan deras mengguyur kota sejak pagi hari ini.", "(abc/de)",
    "Foto: Dok. Humas Pemkot", "Senin, 3 Maret 2025 14:05 WIB", "Home > Berita > Daerah", "1 2 3 Next",
    "Warga mengungsi ke balai desa.(*)", "© 2025 Kabar Kota. All rights reserved.", "www.kabarkota.co.id",
    "Reporting by Ana Putri; Editing by Joe Bloggs", "KOTA KINABALU: Hujan lebat melanda pagi ini.",
])


def one_by_one(patterns: list[tuple[re.Pattern[str], bool]], text: str) -> list[int]:
    return [i for i, (p, lower) in enumerate(patterns) if p.search(text.lower() if lower else text)]


def every_pattern() -> list[tuple[re.Pattern[str], bool]]:
    return ([(p, folded) for _, p, folded, _ in rules._FAST] + [(rules.END_MARKER, False)]
            + [(p, False) for p in rules.PREFIXES] + [(p, False) for p in features.ON_LINE]
            + [(p, True) for p in features.ON_LOWER])


SCREENED = PatternSet(every_pattern())


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(lines)
def test_screen_answers_as_re_does_on_any_line(line):
    assert SCREENED.matches(line) == one_by_one(SCREENED.patterns, line)


def test_screen_answers_as_re_does_on_real_pages():
    pages = list(SAMPLES.glob("*.txt")) + sorted((SHARED / "eval").glob("html*/*.txt"))
    assert len(pages) > 20, "the labelled pages of ../shared/eval are needed"
    checked = 0
    for page in pages:
        for line in page.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip():
                assert SCREENED.matches(line.strip()) == one_by_one(SCREENED.patterns, line.strip()), line
                checked += 1
    assert checked > 1000


def test_without_re2_the_same_answers_come_from_re(monkeypatch):
    monkeypatch.setattr(screen, "re2", None)
    plain = PatternSet(every_pattern())
    assert plain.screen is None
    for line in ("Baca juga: Banjir rob", "Ia menutup rapat.(abc)", "Kota Bharu, 3 Mac — Hujan", ""):
        assert plain.matches(line) == SCREENED.matches(line) == one_by_one(plain.patterns, line)


def test_lookaround_is_left_out_of_the_screen_and_confirmed():
    assert without_lookaround(r"(?<=[.!?])\s*\((?!x)[a-z(]+\)(?=$)") == r"\s*\([a-z(]+\)"
    assert without_lookaround(r"a(?=[)\]])b") == "ab"
    only_after_stop = PatternSet([(re.compile(r"(?<=\.)\s*\(x\)$"), False)])
    assert only_after_stop.matches("done. (x)") == [0]
    assert only_after_stop.matches("done (x)") == []  # the screen lets it through; `re` says no


def test_far_counted_repetitions_are_screened_unbounded_and_confirmed():
    assert without_wide_counts(r"\b[\w-]{1,63}\.(com|id)\b x{2,3} \{1,99} [{1,99}]") == \
        r"\b[\w-]{1,}\.(com|id)\b x{2,3} \{1,99} [{1,99}]"
    at_most_ten = PatternSet([(re.compile(r"^a{1,10}b"), False), (re.compile(r"c{0,12}d$"), True)])
    assert at_most_ten.confirm == {0, 1}
    assert at_most_ten.matches("a" * 10 + "b") == [0]
    assert at_most_ten.matches("a" * 11 + "b") == []  # the screen lets it through; `re` says no
    assert at_most_ten.matches("A" * 3 + "b CCD") == [1]
    # Python reads "{,n}" as "{0,n}", RE2 as the letters themselves: written out for the screen.
    assert without_wide_counts(r"ab{,3}c d{,20}") == r"ab{0,3}c d{0,}"
    up_to_three = PatternSet([(re.compile(r"ab{,3}c"), False)])
    assert [up_to_three.matches(t) for t in ("abbc", "ac", "abbbbc", "ab{,3}c")] == [[0], [0], [], []]


def test_patterns_re2_cannot_stand_in_for_are_asked_of_re():
    odd = [(re.compile(r"a(?=b){2}c?"), False), (re.compile(r"\x41\d"), False), (re.compile(r"[(?=x]y"), False),
           (re.compile(r"^b$", re.M), False)]
    patterns = PatternSet(odd)
    assert set(patterns.unscreened) >= {0, 1, 3}
    for text in ("ab", "A1", "a1", "(y", "xy", "a\nb", "b", "zzz"):
        assert patterns.matches(text) == one_by_one(odd, text), text


def test_a_lower_case_pattern_must_not_name_capitals():
    with pytest.raises(ValueError, match="upper-case"):
        PatternSet([(re.compile(r"^Menu$"), True)])
    assert PatternSet([(re.compile(r"(?P<Word>menu)\S"), True)]).matches("menu:") == [0]  # a group name is no letter


def test_rule_families_are_the_first_rule_that_fits_the_line():
    def first_rule(line: str) -> str | None:
        n, lower = len(line.split()), line.lower()
        return next((family for family, p, folded, cap in rules._FAST
                     if n <= cap and p.search(lower if folded else line)), None)

    for line in ("Home", "Baca juga: Harga cabai naik", "Share this article", "(fyk/ash)", "12.345 views",
                 "Oleh: Rina Sari", "Lihat semua", "Iklan", "Hubungi: redaksi@kabarkota.id",
                 "Warga desa mulai kembali ke rumah setelah air surut pada Selasa pagi."):
        assert rules.match_rule(line) == first_rule(line), line


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(lines)
def test_characters_counted_in_c_are_what_the_patterns_find_on_ascii_lines(line):
    """An ASCII line's digits and separators are counted by `bytes.translate`, not the patterns."""
    line = line.encode("ascii", "replace").decode()
    assert features._ascii_count(line, features._DIGITS) == len(features.DIGIT.findall(line))
    assert features._ascii_count(line, features._ASCII_SEPARATORS) == len(features.SEPARATOR.findall(line))
