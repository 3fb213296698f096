"""Articles → stories: the articles of an input that report the same event.

Each article becomes a TF-IDF signature over what carries across Indonesian, Malay and
English: names (capitalised words), figures (digits normalised so "14,8" and "14.8" meet),
years, and content words, with a small lexicon of general news words mapped to one English
form. A word's idf is counted among articles of its own language (names and figures among all),
and no feature carries more than `WEIGHT_CAP` of a signature: one event shows in several
cues, so two articles that meet on one word alone stay apart. Clustering is group-average link, run incrementally: each article joins the story
whose articles it resembles most on average, when that average cosine reaches `THRESHOLD`,
else it starts a story of its own; then stories whose group average reaches the threshold
merge. Candidate stories come from an inverted index over each story's strongest features,
so an article is compared with a few stories, never with every article: the cost grows
with the number of articles times the candidates each one meets.
"""
from __future__ import annotations

import math
import re
import tempfile
import zlib
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from .document import Article
from .stopwords import ANY as FUNCTION_WORDS

# Group-average cosine at or above which an article belongs to a story (and two stories
# merge). Measured by bench/eval_stories.py on every set at hand mixed in one folder
# (../shared/eval/facts-real, samples/, the fourteen blind sets of tests/data/facts-blind,
# five newer blind sets, 18 unrelated single articles): 0.15 and 0.16 keep 21 of 22 sets whole
# and every single alone; 0.14 and below join two singles (two reports of one disease in
# custody, in two countries), 0.17 and above split one more set. The margin is thin on the
# joining side. On the generated archives of bench/stories_bench.py every story is found.
THRESHOLD = 0.15
# Pseudo-articles that share no feature with the input: in a small input, a word every article
# uses still weighs more than one word of a single article (the idf of a large archive would).
BACKGROUND = 20
QUERY_FEATURES = 12  # an article's strongest features, looked up in the index
INDEX_FEATURES = 40  # a story's strongest features, kept in the index
MAX_POSTING = 50  # a feature in the index of more stories than this is not looked up
# The first pass forms cores: an article joins a story only at CORE × the threshold, since a
# story of one or two articles is judged on one or two pairs; the looser threshold then
# applies to group averages (moves and merges), which order of arrival does not sway.
CORE = 2.0
REFINE_ROUNDS = 3  # passes that move articles to the story they fit best (see `_refine`)
SIGNATURE_FEATURES = 150  # features kept per article (the strongest by tf-idf)
NAME_WEIGHT = 4.0  # a capitalised word inside a sentence is likely a name: it says which event
TITLE_WEIGHT = 2.0
# Figures are written alike in every language and seldom repeat across events (counts below 10
# are left out: see `_figure`).
FIGURE_WEIGHT = 4.5
# No feature weighs more than this in a unit signature: a pair of articles that meets on one
# feature alone (a disease's name, one figure) is two events; one event shows in several cues.
WEIGHT_CAP = 0.3
WORD_KIND, NAME, FIGURE = 0, 1, 2  # what a feature is (a name only if never written in lower case)

# General news words of Indonesian and Malay, mapped to one English form so that an
# untranslated article meets a translated or English one. Topic words only, no names.
LEXICON = {
    **dict.fromkeys("gempa gempabumi".split(), "earthquake"),
    **dict.fromkeys("banjir bah".split(), "flood"), "longsor": "landslide", "tanah": "land",
    **dict.fromkeys("kebakaran".split(), "fire"), "tsunami": "tsunami", "letusan": "eruption",
    **dict.fromkeys("korban mangsa".split(), "victim"), "tewas": "dead", "meninggal": "dead",
    "luka": "injured", "cedera": "injured", "hilang": "missing", "pengungsi": "evacuee",
    "rumah": "house", "rusak": "damaged", "bencana": "disaster", "bantuan": "aid",
    **dict.fromkeys("pemerintah kerajaan".split(), "government"), "presiden": "president",
    "menteri": "minister", "kementerian": "ministry", "gubernur": "governor", "bupati": "regent",
    **dict.fromkeys("polisi polis".split(), "police"), "tentara": "army", "tersangka": "suspect",
    "suspek": "suspect", "pengadilan": "court", "mahkamah": "court", "hakim": "judge",
    "korupsi": "corruption", "rasuah": "corruption", "penjara": "prison", "hukuman": "sentence",
    **dict.fromkeys("perusahaan syarikat firma".split(), "company"), "saham": "share",
    "investasi": "investment", "pelaburan": "investment", "karyawan": "employee",
    "pekerja": "worker", "buruh": "worker", "pemutusan": "termination", "pailit": "bankrupt",
    "bangkrut": "bankrupt", "utang": "debt", "hutang": "debt", "pabrik": "factory",
    "kilang": "factory", "harga": "price", "pasar": "market", "ekonomi": "economy",
    "miliar": "billion", "bilion": "billion", "juta": "million", "triliun": "trillion",
    "trilion": "trillion", "ribu": "thousand", "persen": "percent", "peratus": "percent",
    "pemilu": "election", "pilihan": "election", "pemilihan": "election", "partai": "party",
    "parti": "party", "calon": "candidate", "suara": "vote", "undang": "law",
    "kesehatan": "health", "kesihatan": "health", "sakit": "hospital",
"vaksin": "vaccine", "virus": "virus", "kasus": "case", "kes": "case",
    "sekolah": "school", "siswa": "student", "pelajar": "student", "mahasiswa": "student",
    "jalan": "road", "jembatan": "bridge", "kereta": "train", "pesawat": "plane",
    "kapal": "ship", "bandara": "airport", "lapangan": "field", "kecelakaan": "accident",
    "kemalangan": "accident", "minyak": "oil", "listrik": "electricity", "elektrik": "electricity",
    "teknologi": "technology", "kecerdasan": "intelligence", "buatan": "artificial",
    "akuisisi": "acquisition", "pendanaan": "funding", "valuasi": "valuation",
    "amerika": "america", "serikat": "united",
    # Days and months: the date of an event, whatever the language.
    "senin": "monday", "isnin": "monday", "selasa": "tuesday", "rabu": "wednesday",
    "kamis": "thursday", "khamis": "thursday", "jumat": "friday", "jumaat": "friday",
    "sabtu": "saturday", "minggu": "sunday", "ahad": "sunday", "januari": "january",
    "februari": "february", "maret": "march", "mac": "march", "mei": "may", "juni": "june",
    "jun": "june", "juli": "july", "julai": "july", "agustus": "august", "ogos": "august",
    "oktober": "october", "desember": "december", "disember": "december",
}
# Words of the lexicon are general words (a weekday, a month, "Minister") even when capitalised,
# and so are the legal forms that end company names in the region: thousands of companies
# share them, so they name no event.
COMPANY_FORMS = frozenset("tbk bhd berhad corp corporation holding group inc ltd plc persero".split())
GENERAL_WORDS = frozenset(LEXICON.values()) | COMPANY_FORMS
# A currency or unit glued to its amount ("Rp2,34", "RM30") is split from it, so the figure is
# a figure; longer words with digits ("Covid19") stay one word.
WORD = re.compile(r"[^\W\d_]{1,3}(?=\d)|[^\W\d_][\w'’-]*|\d[\d.,]*\d|\d")
SENTENCE_START = re.compile(r"[.!?\"“”:\n(\[–—-]$")


@dataclass(frozen=True)
class Signature:
    """An article's strongest features and their tf-idf weights (unit length), strongest first.

    Features are kept as 32-bit ids (`feature_id`) beside a float array: about 8 bytes a
    feature, so the signatures of a big archive fit in a few MB.
    """

    keys: array  # array("i") of feature ids
    weights: array  # array("f")

    def items(self) -> Iterable[tuple[int, float]]:
        return zip(self.keys, self.weights)


def feature_id(key: str) -> int:
    """A feature's 32-bit id (CRC-32, the same in every process; signed, to fit array("i")).
    Two features meet on one id about once in a vocabulary of 90,000: a negligible error."""
    return zlib.crc32(key.encode("utf-8")) - (1 << 31)


def _figure(token: str) -> str | None:
    """'14,8' and '14.8' → 'F:14.8'; '1.200' and '1,200' → 'F:1200'; years kept as 'Y:2022'."""
    digits = token.strip(".,")
    if re.fullmatch(r"(19|20)\d\d", digits):
        return "Y:" + digits
    digits = re.sub(r"[.,](?=\d{3}(?:\D|$))", "", digits).replace(",", ".")
    try:
        value = float(digits)
    except ValueError:
        return None
    if value < 10 and value == int(value):
        return None  # small counts ("3 people", "5 orang") name no event
    return "F:" + (f"{value:.4g}" if value != int(value) else str(int(value)))


def _word(token: str) -> str | None:
    word = re.sub(r"['’]s?$", "", token.lower()).strip("'’-")
    if word.endswith("nya") and len(word) > 6:
        word = word[:-3]
    if len(word) < 3 or word in FUNCTION_WORDS:
        return None
    word = LEXICON.get(word, word)
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]  # English plurals: "workers" meets "pekerja" → "worker"
    return word


def features(article: Article) -> tuple[Counter, dict[str, float], set[str]]:
    """Feature counts of an article (title, body, English translation), each one's boost, and
    the words it writes in lower case: names and figures say which event, content words only
    what kind of event. A capitalised word inside a sentence gets the name boost (whether it
    keeps it depends on the whole input: see `SignatureBuilder`)."""
    counts: Counter = Counter()
    boost: dict[str, float] = {}
    lowered: set[str] = set()
    texts = [(article.title or "", TITLE_WEIGHT), (article.text, 1.0)]
    if article.translation is not None:
        texts.append((article.english, 1.0))
    for text, weight in texts:
        for match in WORD.finditer(text):
            token = match.group()
            if token[0].isdigit():
                key, lift = _figure(token), FIGURE_WEIGHT
            else:
                key = _word(token)
                before = text[max(0, match.start() - 3):match.start()].rstrip(" \t")
                named = token[0].isupper() and bool(before) and not SENTENCE_START.search(before) \
                    and key not in GENERAL_WORDS
                lift = NAME_WEIGHT if named else 1.0
                if key and token[0].islower():
                    lowered.add(key)
            if key:
                counts[key] += weight
                boost[key] = max(boost.get(key, 1.0), lift)
    return counts, boost, lowered


class SignatureBuilder:
    """Signatures built one article at a time (as a run streams its articles).

    Per article it keeps only its strongest features (ids, sublinear counts with figures
    boosted, and which ones were capitalised inside a sentence), packed in 9 bytes a feature,
    in memory or (with `spill`) in a temporary file; the idf, which needs every article, is
    applied in `signatures()`. So is the name boost: a capitalised word that any article of the
    input also writes in lower case is an ordinary word in a title, an institution's name or a
    headline ("Disaster Agency", "Jabatan Bomba", "Floods Hit ..."), which any event of its
    kind shares; only words never written in lower case count as names.
    """

    def __init__(self, spill: bool = False) -> None:
        self._records: list[bytes] = []
        self._file = tempfile.TemporaryFile(prefix="summarizer-signatures-") if spill else None
        self._starts = array("q")
        self._df: Counter = Counter()
        self._language_df: dict[str, Counter] = defaultdict(Counter)  # words: df among one language
        self._languages = array("B")  # each article's language, as an index into `_language_names`
        self._language_names: list[str] = []
        self._lowered: set[int] = set()
        self._place: dict[str, int] = {}  # article id → its place in the order added

    def add(self, article: Article) -> None:
        counts, boost, lowered = features(article)
        self._place[article.id] = len(self)
        kept = [k for k, _ in counts.most_common(2 * SIGNATURE_FEATURES)]
        keys = array("i", (feature_id(k) for k in kept))
        self._df.update(keys)
        language = article.language or "und"
        if language not in self._language_names:
            self._language_names.append(language)
        self._languages.append(self._language_names.index(language))
        self._language_df[language].update(keys)
        self._lowered.update(feature_id(k) for k in lowered)
        lifted = array("f", ((1 + math.log(counts[k])) * (boost[k] if boost[k] != NAME_WEIGHT else 1.0)
                             for k in kept))
        kinds = bytes(FIGURE if k[:2] in ("F:", "Y:") else NAME if boost[k] == NAME_WEIGHT else WORD_KIND
                      for k in kept)
        record = keys.tobytes() + lifted.tobytes() + kinds
        if self._file is None:
            self._records.append(record)
        else:
            self._starts.append(self._file.tell())
            self._file.write(record)

    def __len__(self) -> int:
        return len(self._starts) if self._file is not None else len(self._records)

    def _record(self, place: int) -> tuple[array, array, bytes]:
        if self._file is None:
            record = self._records[place]
        else:
            start = self._starts[place]
            end = self._starts[place + 1] if place + 1 < len(self._starts) else self._file.tell()
            self._file.seek(start)
            record = self._file.read(end - start)
            self._file.seek(0, 2)
        size = len(record) // 9
        keys, lifted = array("i"), array("f")
        keys.frombytes(record[:4 * size])
        lifted.frombytes(record[4 * size:8 * size])
        return keys, lifted, record[8 * size:]

    def signatures(self, ids: Sequence[str] | None = None) -> list[Signature]:
        """TF-IDF signatures (sublinear tf, smoothed idf, boosts), unit length, of the articles
        added, in the order added or in the order of `ids`."""
        n, df = len(self), self._df
        sizes = Counter(self._languages)
        order = range(n) if ids is None else [self._place[i] for i in ids]
        result = []
        for place in order:
            keys, lifted, kinds = self._record(place)
            language = self._language_names[self._languages[place]]
            own_n, own_df = sizes[self._languages[place]], self._language_df[language]
            weights = {}
            for k, w, kind in zip(keys, lifted, kinds):
                name = kind == NAME and k not in self._lowered
                if kind == FIGURE or name:
                    idf = math.log((1 + n + BACKGROUND) / (1 + df[k])) + 1
                else:  # a word is as common as it is among articles of its own language
                    idf = math.log((1 + own_n + BACKGROUND) / (1 + own_df[k])) + 1
                weights[k] = w * idf * (NAME_WEIGHT if name else 1.0)
            top = sorted(weights, key=lambda k: (-weights[k], k))[:SIGNATURE_FEATURES]
            result.append(Signature(array("i", top), _capped([weights[k] for k in top])))
        return result


def _capped(weights: list[float]) -> array:
    """Unit length, with no weight above `WEIGHT_CAP` where the features are enough for that
    (the excess is cut and the rest scaled up, a few times over)."""
    for _ in range(4):
        norm = math.sqrt(sum(w * w for w in weights)) or 1.0
        weights = [w / norm for w in weights]
        if max(weights, default=0.0) <= WEIGHT_CAP + 1e-6 or len(weights) * WEIGHT_CAP ** 2 < 1:
            break
        weights = [min(w, WEIGHT_CAP) for w in weights]
    return array("f", weights)


def signatures(articles: Iterable[Article]) -> list[Signature]:
    """TF-IDF signatures of the articles (see `SignatureBuilder`), unit length."""
    builder = SignatureBuilder()
    for article in articles:
        builder.add(article)
    return builder.signatures()


def cosine(a: Signature, b: Signature) -> float:
    other = dict(b.items())
    return sum(w * other.get(k, 0.0) for k, w in a.items())


class _Stories:
    """Stories under construction: members, the sum of their signatures, an inverted index."""

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.members: dict[int, list[int]] = {}
        self.sums: dict[int, dict[int, float]] = {}
        self.index: dict[int, set[int]] = defaultdict(set)
        self.indexed: dict[int, tuple[int, ...]] = {}

    def average(self, signature: Signature, story: int, minus: Signature | None = None) -> float:
        """Mean cosine between `signature` and the story's articles (less `minus`, if a member)."""
        total = self.sums[story]
        size = len(self.members[story]) - (minus is not None)
        if size <= 0:
            return 0.0
        dot = sum(w * total.get(k, 0.0) for k, w in signature.items())
        if minus is not None:
            dot -= sum(w * w for w in signature.weights)
        return dot / size

    def candidates(self, keys: Iterable[int]) -> set[int]:
        """Stories indexed under any of `keys`; a key shared by very many stories names none."""
        found: set[int] = set()
        for key in keys:
            posting = self.index.get(key)
            if posting and len(posting) <= MAX_POSTING:
                found |= posting
        return found

    def add(self, story: int, item: int, signature: Signature) -> None:
        self.members.setdefault(story, []).append(item)
        total = self.sums.setdefault(story, {})
        for k, w in signature.items():
            total[k] = total.get(k, 0.0) + w
        size = len(self.members[story])
        if size & (size - 1) == 0:  # re-index at sizes 1, 2, 4, 8 ...: amortised linear
            self._reindex(story)

    def _reindex(self, story: int) -> None:
        for key in self.indexed.pop(story, ()):
            self.index[key].discard(story)
        total = self.sums.get(story)
        if not total:
            return
        top = tuple(sorted(total, key=lambda k: -total[k])[:INDEX_FEATURES])
        for key in top:
            self.index[key].add(story)
        self.indexed[story] = top

    def remove(self, story: int, item: int, signature: Signature) -> None:
        """Take `item` out of `story` (a story left empty is dropped; the index is left as it is:
        a stale entry only makes the story a candidate, never a member)."""
        self.members[story].remove(item)
        if not self.members[story]:
            del self.members[story], self.sums[story]
            for key in self.indexed.pop(story, ()):
                self.index[key].discard(story)
            return
        total = self.sums[story]
        for k, w in signature.items():
            total[k] = total.get(k, 0.0) - w

    def merge(self, keep: int, gone: int) -> None:
        self.members[keep].extend(self.members.pop(gone))
        total = self.sums[keep]
        for k, w in self.sums.pop(gone).items():
            total[k] = total.get(k, 0.0) + w
        for key in self.indexed.pop(gone, ()):
            self.index[key].discard(gone)
        self._reindex(keep)

    def group_average(self, a: int, b: int) -> float:
        small, large = sorted((self.sums[a], self.sums[b]), key=len)
        dot = sum(w * large.get(k, 0.0) for k, w in small.items())
        return dot / (len(self.members[a]) * len(self.members[b]))


def cluster(signatures: Sequence[Signature], threshold: float = THRESHOLD) -> list[list[int]]:
    """Indices of `signatures` grouped into stories, largest first (ties: first seen first)."""
    stories = _Stories(threshold)
    for item, signature in enumerate(signatures):
        best, best_score = None, threshold * CORE
        for story in stories.candidates(signature.keys[:QUERY_FEATURES]):
            score = stories.average(signature, story)
            if score >= best_score and (best is None or score > best_score or story < best):
                best, best_score = story, score
        stories.add(item if best is None else best, item, signature)
    _refine(stories, signatures)
    _merge(stories)
    if _refine(stories, signatures):
        _merge(stories)
    groups = [sorted(m) for m in stories.members.values()]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def _refine(stories: _Stories, signatures: Sequence[Signature], rounds: int = REFINE_ROUNDS) -> bool:
    """Undo what the order of arrival decided: an article joins the story it came first to,
    judged then on the few articles there. Each article now moves to the story whose articles
    it resembles most on average, if that beats its own story (without itself), or leaves to
    a story of its own when its own no longer reaches the threshold. Returns whether any moved.
    """
    story_of = {item: story for story, members in stories.members.items() for item in members}
    fresh = len(signatures)  # keys for stories started here (the first ones are item numbers)
    changed = False
    for _ in range(rounds):
        moved = 0
        for item, signature in enumerate(signatures):
            current = story_of[item]
            alone = len(stories.members[current]) == 1
            own = 0.0 if alone else stories.average(signature, current, minus=signature)
            if own >= stories.threshold * CORE:
                continue  # fits its story as well as a core member: no other story is looked at
            best, best_score = None, max(own, stories.threshold)
            for story in stories.candidates(signature.keys[:QUERY_FEATURES]) - {current}:
                score = stories.average(signature, story)
                if score > best_score or (score == best_score and best is not None and story < best):
                    best, best_score = story, score
            if best is None and (alone or own >= stories.threshold):
                continue
            if best is None:
                best, fresh = fresh, fresh + 1
            stories.remove(current, item, signature)
            stories.add(best, item, signature)
            story_of[item] = best
            moved += 1
        changed = changed or bool(moved)
        if not moved:
            break
    return changed


def _merge(stories: _Stories) -> None:
    """Merge stories whose group average reaches the threshold; a merged story is looked at again."""
    todo = sorted(stories.members, key=lambda s: (len(stories.members[s]), -s))  # largest popped first
    while todo:
        story = todo.pop()
        if story not in stories.members:
            continue
        near = stories.candidates(stories.indexed.get(story, ())[:QUERY_FEATURES]) - {story}
        scored = [(stories.group_average(story, other), -other) for other in near]
        best = max((s for s in scored if s[0] >= stories.threshold), default=None)
        if best is not None:
            stories.merge(story, -best[1])
            todo.append(story)


def group(articles: Sequence[Article], threshold: float = THRESHOLD) -> list[list[int]]:
    """Indices of `articles` grouped into stories, largest first."""
    return cluster(signatures(articles), threshold)


def label(articles: Sequence[Article]) -> str:
    """A story's label: the title (or opening words) of its most central article."""
    sample = list(articles[:50])
    sigs = signatures(sample)
    center = max(range(len(sample)), key=lambda i: (sum(cosine(sigs[i], s) for s in sigs), -i))
    article = sample[center]
    text = article.title or (article.paragraphs[0] if article.paragraphs else article.id)
    words = text.split()
    return " ".join(words[:14]) + (" …" if len(words) > 14 else "")
