"""Many regular expressions asked of one line in a single pass.

The cleaner asks some fifty questions of every line of every page (is it a menu word, a byline,
a caption, does it hold a clock time, a link, a dateline prefix...). Python's `re` answers them
one pattern at a time; an RE2 `Set` answers all of them in one scan of the line (two sets in
fact: the patterns tied to the start of the line, and the others), several times faster. The
answers stay exactly `re`'s:
- RE2 reads `\\w`, `\\s`, `\\b` and `\\d` as ASCII where `re` reads them as Unicode, so RE2
  screens only printable lines (tabs allowed) whose letters, digits and spaces are all ASCII
  (curly quotes and dashes are fine: both read them alike); other lines go through `re`.
- RE2 has no look-around: a pattern with look-around is screened with it left out (which can
  only match more) and whatever the screen lets through is confirmed by `re`.
- A repetition counted far (`{1,63}`) is screened unbounded, and confirmed by `re` likewise:
  counted far, it gives the automaton more states than RE2 keeps, so that every new line
  costs the building of states again.
- A pattern RE2 cannot stand in for (a quantified look-around, a letter spelled as an escape,
  flags other than case, syntax RE2 lacks) is asked of `re` on every line.
"""
from __future__ import annotations

import re

try:  # google-re2 is a dependency; without it (a broken install) every line takes `re`'s path.
    import re2
except ImportError:  # pragma: no cover - exercised by test_screen's fallback test
    re2 = None

_LOOKAROUND = re.compile(r"\(\?<?[=!]")
_UNICODE_WORD_OR_SPACE = re.compile(r"(?![\x00-\x7f])[\w\s]")  # where RE2 and `re` differ


def without_lookaround(pattern: str) -> str:
    """The pattern with every look-ahead and look-behind group removed (which can only let it
    match more). Raises ValueError where removing one would change it otherwise (a quantifier
    on a look-around)."""
    def drop(i: int) -> tuple[str, int] | None:
        if not _LOOKAROUND.match(pattern, i):
            return None
        end = _group_end(pattern, i)
        if pattern[end:end + 1] in ("*", "+", "?", "{"):
            raise ValueError(f"a quantifier on a look-around in {pattern!r}")
        return "", end

    return _rewritten(pattern, drop)


WIDE_COUNT = 8  # a repetition counted beyond this is screened as unbounded
_COUNTED = re.compile(r"\{(\d*),(\d+)\}")  # Python reads "{,n}" as "{0,n}"; RE2 as plain text


def without_wide_counts(pattern: str) -> str:
    """The pattern with every repetition counted beyond `WIDE_COUNT` left unbounded ("{1,63}"
    becomes "{1,}"), which can only let it match more, and "{,n}" written "{0,n}" as RE2 needs.
    A pattern that may count up to 63 word characters from any word keeps a thread for each
    count: a set holding it has more automaton states than RE2 keeps, and builds them again on
    every new line."""
    def widen(i: int) -> tuple[str, int] | None:
        m = _COUNTED.match(pattern, i)
        if not m:
            return None
        least = m.group(1) or "0"
        return "{" + least + "," + ("" if int(m.group(2)) > WIDE_COUNT else m.group(2)) + "}", m.end()

    return _rewritten(pattern, widen)


def _rewritten(pattern: str, rewrite) -> str:
    """The pattern with `rewrite(i)` applied at each place outside escapes and character classes
    where it answers (replacement text, index to go on from) rather than None."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern[i] == "[":
            end = _class_end(pattern, i)
            out.append(pattern[i:end])
            i = end
        elif (done := rewrite(i)) is not None:
            text, i = done
            out.append(text)
        else:
            out.append(pattern[i])
            i += 1
    return "".join(out)


def _class_end(pattern: str, start: int) -> int:
    """Index just past the character class opened at `start`."""
    i = start + 1
    if pattern[i:i + 1] == "^":
        i += 1
    if pattern[i:i + 1] == "]":  # a leading ']' is a member, not the end
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
        elif pattern[i] == "]":
            return i + 1
        else:
            i += 1
    raise ValueError(f"unterminated character class in {pattern!r}")


def _group_end(pattern: str, start: int) -> int:
    """Index just past the group opened at `start` (escapes and character classes skipped)."""
    depth, i = 0, start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(pattern, i)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced group in {pattern!r}")


def _names_capitals(pattern: str) -> bool:
    """Whether a pattern names an upper-case letter (group names aside): asked of lower-case
    text it could never match one, where RE2's case flag would."""
    body = re.sub(r"\(\?P<\w+>|\(\?P=\w+\)", "(", pattern)
    for m in re.finditer(r"[A-Z]", body):
        before = body[:m.start()]
        if (len(before) - len(before.rstrip("\\"))) % 2 == 0:  # not the letter of an escape like \S
            return True
    return False


# Escapes that may spell a letter (\x41, \u0041, \101, \N{...}): such a pattern is not screened.
_SPELLED = re.compile(r"\\[xuUN0-7]")


def _printable_but_tabs(text: str) -> bool:
    """Tabs are spaces to both engines (`\\s`, `\\b`, `.`, `$` alike); other control characters are not."""
    return "\t" in text and text.replace("\t", "").isprintable()


class PatternSet:
    """Which of a list of compiled patterns `search()` finds in a text, in one scan per RE2 set.

    Each pattern is asked either of the text or of its lower case (a case-insensitive pattern
    runs several times faster in `re` without its flag, on lower-cased text). RE2 asks the latter
    of the text itself with its case-insensitive flag: the same answer where RE2 screens (only
    ASCII letters, and no upper-case letter in the pattern), without lower-casing the text.
    """

    def __init__(self, patterns: list[tuple[re.Pattern[str], bool]]) -> None:
        self.patterns = patterns
        self.confirm: frozenset[int] = frozenset()  # screened wider than written: ask `re` too
        self.unscreened: list[int] = []  # patterns RE2 cannot stand in for: always asked of `re`
        self.screen: list | None = None  # per RE2 set: its match function, the pattern of each entry
        self._any_lower = any(lower for _, lower in patterns)
        for pattern, lower in patterns:
            if lower and _names_capitals(pattern.pattern):
                raise ValueError(f"a pattern asked of lower-case text names an upper-case letter: "
                                 f"{pattern.pattern!r}")
        if re2 is None:
            return
        # Two sets: patterns tied to the start of the line, and the others. One set of all of them
        # is as fast on text it has seen, but on new text its automaton has too many states to
        # keep, and building them cost 5 times the time per line.
        anchored, free = re2.Set.SearchSet(re2.Options()), re2.Set.SearchSet(re2.Options())
        entries: tuple[list[int], list[int]] = ([], [])
        confirm = set()
        for i, (pattern, lower) in enumerate(patterns):
            source = pattern.pattern
            try:
                if _SPELLED.search(source) or pattern.flags & (re.M | re.S | re.X | re.A):
                    raise ValueError("not screened")
                if _LOOKAROUND.search(source):
                    source = without_lookaround(source)
                    confirm.add(i)
                widened = without_wide_counts(source)
                if widened != source:
                    source = widened
                    confirm.add(i)
                at_start = source.startswith("^")
                if lower or pattern.flags & re.I:
                    source = "(?i)" + source
                (anchored if at_start else free).Add(source)
            except (ValueError, re2.error):
                confirm.discard(i)
                self.unscreened.append(i)
                continue
            entries[0 if at_start else 1].append(i)
        self.screen = []
        for screen, of_entry in zip((anchored, free), entries):
            if of_entry:
                screen.Compile()
                # The compiled set itself where the wrapper exposes it: one Python call less per line.
                self.screen.append((getattr(screen, "_set", screen).Match, of_entry))
        self.confirm = frozenset(confirm)

    def matches(self, text: str) -> list[int]:
        """Indices of the patterns found in `text` (or its lower case), ascending."""
        if self.screen is not None and (text.isprintable() or _printable_but_tabs(text)) and (
                text.isascii() or not _UNICODE_WORD_OR_SPACE.search(text)):
            encoded = text.encode()
            found: list[int] = []
            for match, of_entry in self.screen:
                found.extend(map(of_entry.__getitem__, match(encoded) or ()))
            if not self.confirm.isdisjoint(found):
                found = [i for i in found if i not in self.confirm or self._search(i, text)]
            if self.unscreened:
                found += [i for i in self.unscreened if self._search(i, text)]
            found.sort()
            return found
        lower = text.lower() if self._any_lower else text
        return [i for i, (pattern, on_lower) in enumerate(self.patterns)
                if pattern.search(lower if on_lower else text)]

    def _search(self, i: int, text: str) -> bool:
        pattern, lower = self.patterns[i]
        return bool(pattern.search(text.lower() if lower else text))
