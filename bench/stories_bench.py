"""Stories benchmark: `run --summarizer extractive --no-translate` over generated archives.

Measured as the CLI runs: articles spilled to a temporary file, brief.json written a piece at
a time.

Folders of 1,000, 4,000 and 16,000 look-alike articles (Indonesian, Malay and English, written
from templates here, with names and figures varied per story and a few figures varied per
article) mixing many stories. Each size runs in a child process (`--child`) that times the
whole run, the serial tail (grouping + per-story combined summary and facts, which the Ray
executor runs on the driver) and grouping alone; the parent adds the child's peak RSS and
scores the stories found against the generated ones. Writes the "Stories" section of
RESULTS.md (or --out).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from run import child_result  # bench/ is on sys.path when a bench script runs

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work" / "stories"
SECTION = "## Stories: grouping and near-linear cost"

SYLLABLES = "ba ka la ma na pa ra sa ta wa ja ya bu ku lu mu nu pu ru su tu ri ni gi di sen ran tan jaya wang".split()
EVENTS = {
    "quake": {
        "en": ["A magnitude {m} earthquake struck {place} regency on {day}, officials said.",
               "The earthquake in {place} killed {deaths} people and injured {injured} others, the agency said.",
               "{person}, head of the {place} disaster agency, said {homes} homes were damaged.",
               "Rescuers from {org} searched collapsed buildings near {town} through the night.",
               "About {evacuees} residents of {town} were evacuated to tents after the quake."],
        "id": ["Gempa magnitudo {m} mengguncang Kabupaten {place} pada hari {day_id}, kata pejabat setempat.",
               "Gempa di {place} menewaskan {deaths} orang dan melukai {injured} orang lainnya.",
               "{person}, kepala badan bencana {place}, mengatakan {homes} rumah rusak.",
               "Tim penyelamat dari {org} mencari korban di bangunan yang runtuh di {town}.",
               "Sebanyak {evacuees} warga {town} mengungsi ke tenda darurat setelah gempa."],
    },
    "layoffs": {
        "en": ["{org} said on {day} it would lay off {workers} workers at its {place} factory.",
               "The layoffs at {org} follow losses of ${money} million last year, {person} said.",
               "Workers gathered outside the {town} plant as {person} announced the cuts.",
               "The union in {place} said {workers2} employees had already been sent home.",
               "{org} shares fell {pct} percent after the announcement."],
        "ms": ["{org} berkata pada hari {day_id} ia akan memberhentikan {workers} pekerja di kilang {place}.",
               "Pemberhentian di {org} berlaku selepas kerugian {money} juta dolar tahun lalu, kata {person}.",
               "Pekerja berkumpul di luar kilang {town} ketika {person} mengumumkan pengurangan itu.",
               "Kesatuan sekerja di {place} berkata {workers2} pekerja telah dihantar pulang.",
               "Saham {org} jatuh {pct} peratus selepas pengumuman itu."],
        "id": ["{org} mengumumkan pada hari {day_id} akan melakukan PHK terhadap {workers} pekerja di pabrik {place}.",
               "PHK di {org} terjadi setelah kerugian {money} juta dolar tahun lalu, kata {person}.",
               "Para pekerja berkumpul di depan pabrik {town} saat {person} mengumumkan pemangkasan.",
               "Serikat pekerja di {place} menyebut {workers2} karyawan sudah dirumahkan.",
               "Saham {org} turun {pct} persen setelah pengumuman tersebut."],
    },
    "deal": {
        "en": ["{org} agreed on {day} to invest ${money} million in {org2}, a startup based in {place}.",
               "The deal values {org2} at ${value} million, {person} said.",
               "{person} will join the board of {org2} as part of the agreement.",
               "Analysts in {town} said the investment gives {org} a {pct} percent stake.",
               "{org2} was founded in {place} and employs {workers} people."],
        "id": ["{org} sepakat pada hari {day_id} berinvestasi {money} juta dolar di {org2}, startup asal {place}.",
               "Kesepakatan itu menilai {org2} sebesar {value} juta dolar, kata {person}.",
               "{person} akan bergabung dengan dewan {org2} sebagai bagian dari kesepakatan.",
               "Analis di {town} menyebut investasi itu memberi {org} saham {pct} persen.",
               "{org2} didirikan di {place} dan mempekerjakan {workers} orang."],
    },
    "flood": {
        "en": ["Floods swept through {place} on {day} after days of heavy rain.",
               "The floods in {place} killed {deaths} people, {person} told reporters.",
               "About {evacuees} residents of {town} fled to higher ground, the agency said.",
               "Soldiers from {org} delivered food to {homes} flooded homes.",
               "The river near {town} rose {pct} metres above its normal level."],
        "ms": ["Banjir melanda {place} pada hari {day_id} selepas hujan lebat berhari-hari.",
               "Banjir di {place} mengorbankan {deaths} orang, kata {person} kepada wartawan.",
               "Kira-kira {evacuees} penduduk {town} dipindahkan ke kawasan tinggi.",
               "Anggota {org} menghantar makanan ke {homes} rumah yang dinaiki air.",
               "Sungai berhampiran {town} naik {pct} meter melebihi paras biasa."],
    },
}
FILLER = {
    "en": ["Read more news on our website.", "The situation is still developing, officials said.",
           "Further details were not immediately available."],
    "id": ["Baca berita lainnya di situs kami.", "Situasi masih terus berkembang, kata pejabat.",
           "Rincian lebih lanjut belum tersedia."],
    "ms": ["Baca berita lain di laman kami.", "Keadaan masih berkembang, kata pegawai.",
           "Butiran lanjut belum diperoleh."],
}
DAYS = [("Monday", "Senin"), ("Tuesday", "Selasa"), ("Wednesday", "Rabu"), ("Thursday", "Kamis"), ("Friday", "Jumat")]


def name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def story_facts(rng: random.Random) -> dict:
    day, day_id = rng.choice(DAYS)
    return {"place": name(rng, 3), "town": name(rng, 4), "person": f"{name(rng, 3)} {name(rng, 3)}",
            "org": f"{name(rng, 3)} {rng.choice(['Group', 'Corp', 'Holdings', 'Tbk'])}", "org2": name(rng, 3) + " AI",
            "day": day, "day_id": day_id, "m": f"{rng.randint(50, 74) / 10}", "deaths": rng.randint(12, 400),
            "injured": rng.randint(100, 900), "homes": rng.randint(1000, 30000), "evacuees": rng.randint(2000, 90000),
            "workers": rng.randint(300, 9000), "workers2": rng.randint(100, 900), "money": rng.randint(20, 900),
            "value": rng.randint(1000, 9000), "pct": rng.randint(11, 49)}


def generate(folder: Path, articles: int, per_story: int, seed: int = 7) -> dict[str, int]:
    """Write `articles` files about `articles // per_story` stories (at least 20); returns file → story."""
    rng = random.Random(seed)
    stories = max(20, articles // per_story)
    facts = [story_facts(rng) for _ in range(stories)]
    kinds = [rng.choice(sorted(EVENTS)) for _ in range(stories)]
    folder.mkdir(parents=True, exist_ok=True)
    truth = {}
    for n in range(articles):
        story = n % stories if n < stories else rng.randrange(stories)  # every story at least once
        templates = EVENTS[kinds[story]]
        language = rng.choice(sorted(templates))
        values = dict(facts[story])
        if rng.random() < 0.2:  # a source with another figure: a disagreement inside the story
            values["deaths"] = values["deaths"] + rng.randint(1, 9)
            values["workers"] = values["workers"] + rng.randint(10, 90)
        sentences = rng.sample(templates[language], k=rng.randint(3, len(templates[language])))
        sentences += rng.sample(FILLER[language], k=1)
        body = [" ".join(s.format(**values) for s in sentences[i:i + 2]) for i in range(0, len(sentences), 2)]
        title = templates[language][0].format(**values).split(",")[0]
        file = f"{rng.getrandbits(48):012x}.txt"
        (folder / file).write_text(title + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        truth[file[:-4]] = story
    return truth


def child(folder: str, out: str) -> None:
    """One measured run in this process: whole run, serial tail, grouping alone (timed inside
    the run, so that grouping is not done twice and the peak RSS is the run's)."""
    sys.path.insert(0, str(ROOT))
    import summarizer.pipeline as pipeline_module
    from summarizer import Options, Pipeline
    from summarizer.output_folder import write_atomic
    from summarizer.report import iter_render

    marks: dict[str, float] = {"group": 0.0}

    def timed(function):
        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                marks["group"] += time.perf_counter() - start
        return run

    builder = pipeline_module.SignatureBuilder
    builder.signatures = timed(builder.signatures)  # the idf pass over every article
    pipeline_module.cluster_stories = timed(pipeline_module.cluster_stories)

    def progress(stage: str, advance: int, total: int | None, detail: str = "") -> None:
        if stage == "articles" and total is None:
            marks["tail"] = time.perf_counter()  # after the last article: grouping and per-story work
    start = time.perf_counter()
    pipeline = Pipeline(Options(summarizer="extractive", translate=False, use_cache=False), progress=progress)
    brief = pipeline.run([folder], spill=True)  # as the CLI runs it: articles wait on disk
    end = time.perf_counter()
    write_atomic(Path(out), iter_render(brief, "json"))  # as `run --out` writes brief.json
    rendered = time.perf_counter()
    print(json.dumps({"articles": len(brief.articles), "wall_s": rendered - start, "run_s": end - start,
                      "tail_s": end - marks.get("tail", end), "group_s": marks["group"],
                      "stories": [list(s.article_ids) for s in brief.stories]}))


def measure(folder: Path, truth: dict[str, int]) -> dict:
    result = child_result([__file__, "--child", str(folder), str(WORK / "brief.json")])
    found = result.pop("stories")
    # Purity: articles in a found story whose generated story is that story's majority.
    pure = sum(max(sum(1 for a in s if truth[a] == t) for t in {truth[a] for a in s}) for s in found)
    result["purity"] = pure / max(1, sum(len(s) for s in found))
    result["found"], result["true"] = len(found), len(set(truth.values()))
    return result


def table(rows: list[dict], per_story: int) -> list[str]:
    base = rows[0]["wall_s"] / rows[0]["articles"]
    cpu_base = rows[0]["cpu_s"] / rows[0]["articles"]
    lines = [SECTION, "",
             f"`run --summarizer extractive --no-translate` (in-process, as the CLI runs it: articles spilled to a "
             f"temporary file, brief.json written a piece at a time) over generated folders, "
             f"about {per_story} articles per story (at least 20 stories); one run per size on 2 cores. "
             "Tail = grouping + each story's combined summary and facts (the serial part on the Ray driver). "
             "Purity: share of articles whose story is the majority story of the group they landed in.", "",
             "CPU s (user + system of the run's process) is the steadier figure on a shared machine.", "",
             "| articles | stories (generated / found) | wall s | ms/article | × 1,000's | CPU s | CPU ms/article | "
             "× 1,000's | tail s | grouping s | purity | peak RSS MiB |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        per = r["wall_s"] / r["articles"]
        lines.append(f"| {r['articles']:,} | {r['true']} / {r['found']} | {r['wall_s']:.1f} | {per * 1000:.2f} | "
                     f"{per / base:.2f}× | {r['cpu_s']:.1f} | {r['cpu_s'] / r['articles'] * 1000:.2f} | "
                     f"{r['cpu_s'] / r['articles'] / cpu_base:.2f}× | {r['tail_s']:.1f} | {r['group_s']:.1f} | {r['purity']:.3f} | "
                     f"{r['peak_rss_mib']:.0f} |")
    return lines + [""]


def write_section(path: Path, lines: list[str]) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if SECTION in text:
        head, rest = text.split(SECTION, 1)
        tail = rest[rest.find("\n## "):] if "\n## " in rest else ""
        text = head.rstrip() + "\n\n" + "\n".join(lines) + tail
    else:
        text = text.rstrip() + "\n\n" + "\n".join(lines)
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,4000,16000")
    parser.add_argument("--per-story", type=int, default=50)
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--child", nargs=2, metavar=("FOLDER", "BRIEF"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        folder = WORK / f"{size}-{args.per_story}"
        truth_file = folder.with_suffix(".truth.json")
        if not truth_file.exists():
            truth_file.parent.mkdir(parents=True, exist_ok=True)
            truth_file.write_text(json.dumps(generate(folder, size, args.per_story)), encoding="utf-8")
        row = measure(folder, json.loads(truth_file.read_text(encoding="utf-8")))
        print(json.dumps(row), file=sys.stderr)
        rows.append(row)
    write_section(args.out, table(rows, args.per_story))


if __name__ == "__main__":
    main()
