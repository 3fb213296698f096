"""Lines that recur across pages of one site (menus, footers, slogans), learned from the batch.

Only lines that do not read as sentences qualify, so two articles quoting the same
sentence never lose it.
"""
from __future__ import annotations

from collections import defaultdict

from .features import is_sentence_like


def learn_template(pages: list[tuple[str, list[str]]], min_pages: int = 2) -> dict[str, frozenset[str]]:
    """Map each site key to the lines found in at least `min_pages` of its pages.

    Args:
        pages: (site key, lines) per page; pages of unknown site share the key "".
    """
    seen: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for site, lines in pages:
        for line in set(lines):
            if len(line) <= 200 and not is_sentence_like(line, None):
                seen[site][line] += 1
    return {site: frozenset(line for line, n in counts.items() if n >= min_pages) for site, counts in seen.items()}
