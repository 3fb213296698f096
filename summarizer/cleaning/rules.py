"""Boilerplate pattern families for scraped news, one table, one comment per family.

Each rule matches a whole (stripped) line. Families are written for the shapes news sites
share, in Indonesian, Malay and English, not for particular lines of particular pages.
"""
from __future__ import annotations

import re

from .screen import PatternSet

_I = re.I | re.U

# (family, pattern, max words a matching line may have). The word cap keeps a content
# paragraph that merely starts with the same word ("Baca buku ...") from matching.
RULES: list[tuple[str, re.Pattern[str], int]] = [
    # Navigation and page chrome: single words or short menus.
    ("navigation", re.compile(
        r"^(menu|close|tutup|home|beranda|index|indeks|search|cari|login|log in|masuk|daftar|register|"
        r"sign in|sign up|more|lainnya|next|prev(ious)?|selanjutnya|sebelumnya|back to top|kembali ke atas|"
        r"latest( news)?|berita (terkini|terbaru|terpopuler|lainnya|rekomendasi|pilihan)|terkini|terpopuler|"
        r"popular|most popular|most (read|commented|viewed)|trending|headlines?|top stories|"
        r"topik|topic|tags?|tag ?:|label|video|videos|foto|photos?|gallery|galeri|forum|blog|news|berita|"
        r"you may also like|also read|recommended( for you)?|rekomendasi|english|indonesia|bahasa( indonesia)?|"
        r"print|cetak|email|e-mail|comments?|komentar|lihat komentar|"
        r"source:?|sumber:?|editor:?|penulis:?|reporter:?|pewarta:?|redaktur:?|jurnalis|writer:?)$", _I), 4),
    # Breadcrumbs and menus written on one line: "Home > Berita", "News · Gadget · Games".
    ("navigation", re.compile(r"^([^\s·|>»/]+( [^\s·|>»/]+){0,3} ?[·|>»•] ?){2,}[^·|>»•]*$"), 40),
    ("navigation", re.compile(r"^(home|beranda) ?[>»/|].*$", _I), 8),
    # "Read also" links and their headers.
    ("read-also", re.compile(
        r"^(baca( juga| selengkapnya)?|read (also|more)|also read|lihat juga|simak juga|simak|"
        r"artikel terkait|berita terkait|see also|related|tonton juga|klik)\s*[:»>|–—-].*$", _I), 30),
    ("read-also", re.compile(r"^(baca (artikel|berita|selengkapnya)|read the full|continue reading|"
                             r"simak (juga )?video|tonton (juga )?video|watch( the)? video)\b.*$", _I), 30),
    ("read-also", re.compile(r"^(baca juga|read also|lihat juga|simak juga|berita terkait|artikel terkait|terkait|"
                             r"related( articles| news| stories)?( ?:)?|you may also like|baca berita lainnya|"
                             r"berita lainnya|other news)$", _I), 4),
    # Share, follow and subscribe prompts.
    ("share-prompt", re.compile(
        r"\b(share (on|this|to|via)|bagikan|follow us|ikuti (kami|kanal|saluran|berita|whatsapp)|subscribe|"
        r"berlangganan|newsletter|download (the )?(app|aplikasi)|unduh aplikasi|google news|whatsapp channel|"
        r"telegram channel|tweet|like us|sukai kami|klik di ?sini|click here|dapatkan (update|berita|informasi))\b", _I), 25),
    ("share-prompt", re.compile(r"^(share|facebook|twitter|x|whatsapp|line|telegram|instagram|linkedin|pinterest|"
                                r"copy link|salin tautan|g\+|google\+?)$", _I), 2),
    # Bylines and credits: "Reporter: X", "By Jane Doe", "Rachel Metz dan Shirin Ghaffary–Bloomberg News".
    ("byline", re.compile(r"^(oleh|by|penulis|reporter|editor|pewarta|redaktur|kontributor|jurnalis|writer|"
                          r"author|laporan wartawan|wartawan|sumber|source|foto|video)\s*[:|]\s*\S.*$|"
                          r"^(oleh|by|laporan wartawan)\s+\S.*$", _I), 8),
    ("byline", re.compile(r"^[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3}((,| dan| and| &) [A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3})*"
                          r"\s*[-–—|/]\s*[\w.]+( [\w.]+){0,2}$"), 10),
    # Photo credits and captions.
    ("caption", re.compile(r"(\((foto|photo|gambar|dok|doc|ilustrasi|ist|istimewa|antara foto)\b[^)]*\)|"
                           r"\((reuters|afp|ap|getty|epa|antara)/[^)]*\)|[—–-] ?(picture|photo|foto|pic) (by|:)|^(foto|photo|image|gambar|picture|"
                           r"caption|keterangan)\s*:|\bimage: |\bdoc\. |\bdok\. |[.!?] (foto|photo|image|gambar|picture)\s*:\s*\S+( \S+){0,3}$)", _I), 80),
    ("caption", re.compile(r"^[A-Z0-9]+(\.[A-Z]{2,})+/[A-Z][A-Z .]+\b.*$"), 80),  # KOMPAS.COM/NAME ...
    ("caption", re.compile(r"^(logo|ilustrasi|illustration)\b.*$", _I), 6),
    # Agency codes and end markers alone on a line: "(bbn)", "(fyk/ash)", "(*)", "(E-2)".
    ("agency-code", re.compile(r"^[(\[](\*+|[a-z]{1,6}(/[a-z0-9]{1,6})*|[A-Z]{1,3}-?\d{1,3}|ant|antara)[)\]]$", _I), 2),
    ("agency-code", re.compile(r"^(antara|reuters|afp|ap|bernama)$", _I), 1),
    # Counters and list numbering left over from widgets: "01", "0", "1.229 Views".
    ("counter", re.compile(r"^[\d.,]+( (views?|komentar|comments?|shares?|dilihat|kali dibaca))?$", _I), 3),
    ("counter", re.compile(r"^(dibaca|dilihat|views?|read)\s*:?\s*[\d.,]+( kali| times)?$", _I), 4),
    # Hashtag topic links and embed placeholders: "#Joko Widodo", "[Gambas:Video CNN]".
    ("tag", re.compile(r"^#\w[\w -]*$"), 5),
    ("embed", re.compile(r"^\[[^\]]{1,80}\]$"), 10),
    # Pagination.
    ("pagination", re.compile(r"^(no more pages|load more|(halaman|laman) (selanjutnya|berikutnya|sebelumnya)|"
                              r"lanjut(kan)? ke halaman (selanjutnya|berikutnya)|next page|previous page|muat (lebih banyak|lainnya)|halaman \d+|page \d+( of \d+)?|"
                              r"(\d+|«|»|‹|›|next|prev|first|last) ?(\d+ ?){1,}(next|»|›)?|"
                              r"tampilkan (semua|lebih)|show more|view all|lihat semua|selengkapnya)$", _I), 12),
    # Copyright and legal footers: the sign or the formula anywhere in a footer-length line;
    # the bare words only in short lines (a paragraph about a copyright case is news).
    ("copyright", re.compile(r"(©|\(c\) ?\d{4}|all rights reserved|hak cipta dilindungi|dilindungi undang|"
                             r"pedoman media siber)", _I), 40),
    ("copyright", re.compile(r"(copyright|hak cipta|terms of (use|service)|privacy policy|kebijakan privasi|"
                             r"ketentuan penggunaan|disclaimer)", _I), 8),
    # Advertising.
    ("advertising", re.compile(r"^(advertisement|iklan|ads?|sponsored|scroll to (continue|resume)( with)?( content)?|"
                               r"(gulir|scroll) (ke bawah )?untuk (melanjutkan|lanjut)( membaca)?|konten (bersponsor|sponsor)|"
                               r"informasi pemasangan iklan|pasang iklan|info iklan)\b.*$", _I), 8),
    # Contact lines: e-mail addresses written out or obfuscated.
    ("contact", re.compile(r"(\[at\]|\(at\)|@[\w-]+\.[a-z]{2,}|^(hubungi|contact|kontak|redaksi)\s*:)", _I), 12),
    # Lines that are only a date and/or time: metadata, not text.
    ("dateline", re.compile(
        r"^[|(\s]*((senin|selasa|rabu|kamis|jumat|sabtu|minggu|monday|tuesday|wednesday|thursday|friday|"
        r"saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\s*,?\s*)?"
        r"(\d{1,2}[ /.-]+(\w+|\d{1,2})[ /.,-]+\d{2,4}|\w+ \d{1,2},? \d{4})"
        r"([\s|,-]+(pukul )?\d{1,2}[:.]\d{2}( ?(wib|wita|wit|myt|am|pm|gmt|utc))?)?[|)\s]*"
        r"(\|.*views?|\d[\d.,]* views?)?$", _I), 12),
    # A date and a time with a little noise: "November 20, 2024 8:12 AM GMT+7 Updated 2 hours ago".
    ("dateline", re.compile(r"^(\w+,?\s+)?(\d{1,2}\s+[A-Za-z]+\.?|[A-Za-z]+\.?\s+\d{1,2}),?\s+\d{4}\b.*\d{1,2}[:.]\d{2}", _I), 14),
    ("dateline", re.compile(r"^\d{1,2}[:.]\d{2}( ?(wib|wita|wit|myt|am|pm))?$|^\d+ (min|mins|minutes|hours?|h|m|jam|menit) (ago|lalu)$", _I), 6),
    # A bare dateline prefix whose text sits on the next line: "Jakarta -".
    ("dateline", re.compile(r"^[A-Z][\w.]*( [A-Z][\w.]*)?,? ?(\([\w .]+\))? ?[-–—]+$"), 4),
]

FAMILIES = tuple(dict.fromkeys(family for family, _, _ in RULES))
# A headline after a "read also" prefix is a link wherever it stands, even when it reads like news.
LINK_LINE = re.compile(r"^(baca juga|read also|also read|lihat juga|simak juga|artikel terkait|berita terkait|"
                       r"see also|related( articles| news| stories)?|tonton juga)\s*[:»>|–—-]\s*\S", _I)

# Dateline or site prefix before the first paragraph: a domain ("WWW.SITE.COM – ", "Site.co.id, Jakarta - "),
# a place with a domain, date or agency ("CITY, Site.com – ", "City, Region (AGENCY News) - ",
# "CITY, Nov 20 (Agency) - ", "CITY, Nov 22 — "), a city in capitals and a colon (Malaysian style) or
# a one-word place ending its own sentence ("City. "). Dashes are spaced: "Bogor –Ambisi" is text.
DOMAIN = r"(?i:(www\.)?[\w-]+(\.[\w-]+)*\.(com|co|id|net|org|my|tv|news)(\.[a-z]{2})?)"
MONTH = r"(?i:(jan|feb|mar|apr|may|mei|jun|jul|aug|agu|agt|sep|oct|okt|nov|dec|des)\w*\.?)"
PLACE = r"[A-Z][\w.'’-]*( [A-Z][\w.'’-]*){0,2}"
DASH = r"\s+[-–—]{1,2}\s+"
PREFIXES = [
    re.compile(r"^" + DOMAIN + r"(, ?" + PLACE + r")?" + DASH, _I),
    re.compile(r"^" + PLACE + r"(, ?" + PLACE + r")?, ?(" + DOMAIN + r"|" + MONTH + r" \d{1,2})( ?\([^)]{2,30}\))?"
               + DASH, re.U),
    re.compile(r"^" + PLACE + r", ?" + PLACE + r"( ?\([^)]{2,30}\))?" + DASH + r"(?=[A-Z\"“])", re.U),
    re.compile(r"^[A-Z][A-Z'.-]+( [A-Z][A-Z'.-]+){0,2}:\s+(?=[A-Z\"“])"),
    re.compile(r"^[A-Z][a-z]+( [A-Z][a-z]+)?" + DASH + r"(?=[A-Z\"“])"),
    re.compile(r"^(?!(Prof|Sept|Gen|Capt|Corp|Inc)\.)[A-Z][a-z]{3,}\.\s+(?=[A-Z])"),
]
# End markers after the last sentence: "(*)", "(abc)", "(abc/de)", "(E-2)", a writer's name in
# brackets, and agency credits ("Reporting by A; Editing by B").
END_MARKER = re.compile(r"(?<=[.!?\"”’'])\s*([(\[](\*+|[a-z]{2,6}(/[\w.]{1,12})*|[A-Z]{1,3}-\d{1,3}|"
                        r"(?-i:[A-Z][a-z]+( [A-Z][a-z]+){0,3}))[)\]]|"
                        r"\(?((additional )?reporting|writing|editing) by [^.!?]{3,160}\)?)\s*$", _I)


# Case-insensitive patterns run on the lower-cased line without re.I: the same matches, several
# times faster (the cleaner runs every rule on every line).
# Patterns naming upper-case ranges keep their flag.
_FOLDED = [bool(pattern.flags & re.I) and not re.search(r"[A-Z]-[A-Z]", pattern.pattern) for _, pattern, _ in RULES]
_FAST = [(family, re.compile(pattern.pattern, pattern.flags & ~re.I) if folded else pattern, folded, max_words)
         for (family, pattern, max_words), folded in zip(RULES, _FOLDED)]


class LineScreen:
    """Every rule, prefix and end-marker pattern, with the caller's own patterns (asked of the
    line or of its lower case), asked of a line in one pass (see `screen.py`)."""

    def __init__(self, on_line: list[re.Pattern[str]] = (), on_lower: list[re.Pattern[str]] = ()) -> None:
        rules = [(pattern, folded) for _, pattern, folded, _ in _FAST]
        self._marker = len(rules)
        own = [(p, False) for p in on_line] + [(p, True) for p in on_lower]
        self._set = PatternSet(rules + [(END_MARKER, False)] + [(p, False) for p in PREFIXES] + own)
        # Per pattern of the set: the bit of a caller's pattern in the `found` mask (0 for ours).
        self._bit = [0] * (len(rules) + 1 + len(PREFIXES)) + [1 << k for k in range(len(own))]

    def screen(self, line: str) -> tuple[str | None, bool, bool, int]:
        """The line's rule family; whether an end marker and a prefix may be there (`strip_*`
        says for sure); a bitmask of the caller's patterns found (line patterns from bit 0,
        then the lower-case ones)."""
        family = words = None
        marker = prefix = False
        found = 0
        for i in self._set.matches(line):  # ascending: the first rule that holds names the family
            bit = self._bit[i]
            if bit:
                found |= bit
            elif i < self._marker:
                if family is None:
                    words = len(line.split()) if words is None else words
                    if words <= _FAST[i][3]:
                        family = _FAST[i][0]
            elif i == self._marker:
                marker = True
            else:
                prefix = True
        return family, marker, prefix, found


def match_rule(line: str) -> str | None:
    """The boilerplate family a whole line belongs to, or None."""
    return _SCREEN.screen(line)[0]


def strip_prefix(line: str) -> tuple[str, str | None]:
    """Remove a dateline/site prefix; return (line, removed prefix or None)."""
    for pattern in PREFIXES:
        m = pattern.match(line)
        if m and len(line) - m.end() > 20:
            return line[m.end():], m.group(0).strip()
    return line, None


def strip_end_marker(line: str) -> tuple[str, str | None]:
    m = END_MARKER.search(line)
    if m:
        return line[: m.start()].rstrip(), m.group(0).strip()
    return line, None


_SCREEN = LineScreen()
