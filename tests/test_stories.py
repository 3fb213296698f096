"""Stories: real article sets come back as their stories; each story has its own disagreements."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, SHARED
from summarizer import Options, Pipeline
from summarizer.cli import main
from summarizer.document import Article
from summarizer.errors import UsageError
from summarizer.stories import THRESHOLD, cosine, group, signatures

FACTS_REAL = SHARED / "eval" / "facts-real"
FRESH = SHARED / "eval" / "html-fresh"


def pipeline(stories: str = "auto") -> Pipeline:
    return Pipeline(Options(summarizer="extractive", translate=False, use_cache=False, stories=stories))


def real_sets() -> dict[str, list[Path]]:
    """Each facts-real set and samples/: one story each (read in place; fails without ../shared)."""
    assert FACTS_REAL.is_dir() and FRESH.is_dir(), f"{SHARED} is missing: the real article sets live there"
    sets = {d.name: sorted(d.glob("*.txt")) for d in sorted(FACTS_REAL.iterdir()) if d.is_dir()}
    sets["samples"] = sorted(SAMPLES.glob("*.txt"))
    assert len(sets) >= 3 and all(len(files) >= 3 for files in sets.values())
    return sets


def test_real_sets_mixed_with_unrelated_articles_come_back_as_their_stories():
    sets = real_sets()
    fresh = sorted(FRESH.glob("*.txt"))
    assert len(fresh) >= 8
    paths = [p for files in sets.values() for p in files] + fresh
    brief = pipeline().run([str(p) for p in sorted(paths, key=lambda p: p.name)])
    assert not brief.failures
    by_source = {a.id: a.source for a in brief.articles}
    found = sorted(sorted(by_source[i] for i in story.article_ids) for story in brief.stories)
    expected = sorted([sorted(str(p) for p in files) for files in sets.values()] + [[str(p)] for p in fresh])
    assert found == expected
    sizes = [len(s.article_ids) for s in brief.stories]
    assert sizes == sorted(sizes, reverse=True)  # largest first
    # Each story's disagreements cite only its own articles.
    for story in brief.stories:
        cited = {s for d in story.facts.disagreements for v in d.values for s in v.sources}
        assert cited <= set(story.article_ids)


@pytest.mark.parametrize("name", ["gempa-cianjur", "phk-sritex", "samples"])
def test_each_real_set_alone_is_one_story(name):
    files = real_sets()[name]
    brief = pipeline().run([str(p) for p in files])
    assert len(brief.stories) == 1 and len(brief.stories[0].article_ids) == len(files)


def english(aid: str, text: str) -> Article:
    return Article(id=aid, source=f"{aid}.txt", paragraphs=tuple(text.split("\n")), language="en")


QUAKE = ("A strong earthquake shook Garut regency in West Java on Tuesday morning, damaging hundreds of homes.\n"
         "The Garut earthquake killed {deaths} people, the regional disaster agency said, and rescuers from "
         "Bandung searched collapsed buildings in Pameungpeuk district.")
FLOOD = ("Flash floods swept through Medan city in North Sumatra on Friday after the Deli river burst its banks.\n"
         "The Medan floods killed {deaths} people, the city's mayor told reporters, and the Belawan port "
         "closed for two days.")


def write_two_stories(folder: Path) -> None:
    folder.mkdir()
    for name, text in [("quake1", QUAKE.format(deaths=120)), ("quake2", QUAKE.format(deaths=160)),
                       ("flood1", FLOOD.format(deaths=150)), ("flood2", FLOOD.format(deaths=150))]:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def test_a_disagreement_is_only_between_articles_of_one_story(tmp_path):
    write_two_stories(tmp_path / "in")
    brief = pipeline().run([str(tmp_path / "in")])
    assert sorted(sorted(s.article_ids) for s in brief.stories) == [["flood1", "flood2"], ["quake1", "quake2"]]
    story_of = {aid: s.id for s in brief.stories for aid in s.article_ids}
    disputes = [d for d in brief.facts.disagreements if d.about == "killed"]
    assert len(disputes) == 1
    assert {s for v in disputes[0].values for s in v.sources} == {"quake1", "quake2"}
    for d in brief.facts.disagreements:
        assert len({story_of[s] for v in d.values for s in v.sources}) == 1
    # As one story, the flood's toll is wrongly set against the quake's: what stories prevent.
    one = pipeline("one").run([str(tmp_path / "in")])
    assert len(one.stories) == 1
    mixed = {s for d in one.facts.disagreements for v in d.values for s in v.sources}
    assert {"flood1", "flood2"} & mixed


def test_json_lists_stories_and_text_shows_them(tmp_path, capsys):
    write_two_stories(tmp_path / "in")
    args = ["run", str(tmp_path / "in"), "--summarizer", "extractive", "--no-translate", "--no-cache"]
    assert main(args + ["--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [sorted(s["articles"]) for s in data["stories"]] == [["flood1", "flood2"], ["quake1", "quake2"]]
    assert all(set(s) == {"id", "label", "articles", "combined", "facts"} for s in data["stories"])
    assert {"articles", "combined", "facts", "failures"} <= set(data)
    assert main(args) == 0
    text = capsys.readouterr().out
    assert text.count("STORY s") == 2 and "Garut" in text and "Medan" in text
    assert main(args + ["--stories", "one", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["stories"]) == 1
    assert main(args + ["--stories", "some"]) == 2


def test_stories_mode_is_validated():
    with pytest.raises(UsageError):
        Pipeline(Options(stories="many"))


def test_the_threshold_separates_shared_names_and_figures_from_shared_topic_words():
    same = [english("a", QUAKE.format(deaths=120)), english("b", QUAKE.format(deaths=160).replace(
        "A strong earthquake shook", "Hundreds of homes were damaged when a quake hit"))]
    other_quake = english("c", "An earthquake hit Palu in Central Sulawesi on Sunday night. It killed 40 people "
                               "and destroyed the Talise bridge, officials in Donggala said.")
    sigs = signatures(same + [other_quake])
    assert cosine(sigs[0], sigs[1]) >= THRESHOLD > cosine(sigs[0], sigs[2])
    assert group(same + [other_quake]) == [[0, 1], [2]]


def test_grouping_a_thousand_articles_compares_each_with_few_stories():
    """Many small stories: each article meets only the stories sharing its strongest features."""
    articles = []
    for story in range(100):
        for copy in range(10):
            articles.append(english(f"{story}-{copy}", f"Officials of Kota{story} and Desa{story}{copy % 3} "
                                    f"counted {1000 + story * 7} residents and {story * 13 + 5000} homes "
                                    f"after the event number {story}, said mayor Nama{story}."))
    groups = group(articles)
    assert len(groups) == 100 and all(len(g) == 10 for g in groups)
    assert all(len({articles[i].id.split("-")[0] for i in g}) == 1 for g in groups)


def _imports(path: Path) -> set[str]:
    """summarizer modules a file imports, anywhere in it (function-level imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.add((node.module or "").split(".")[0])
    return found - {""}


def test_executors_have_no_import_cycle_and_only_the_ray_path_names_ray():
    package = ROOT / "summarizer"
    graph = {p.stem: _imports(p) for p in package.glob("*.py")}
    for start in ("pipeline", "batch", "executors", "distributed"):
        seen, todo = set(), list(graph.get(start, ()))
        while todo:
            module = todo.pop()
            if module not in seen:
                seen.add(module)
                todo.extend(graph.get(module, ()))
        assert start not in seen, f"{start} imports itself back"
    assert graph["distributed"] <= {"errors"}
    for module in ("pipeline", "batch", "executors"):
        tree = ast.parse((package / f"{module}.py").read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not any(name.split(".")[0] == "ray" for name in names)


def test_pages_are_processed_a_chunk_at_a_time_with_the_same_brief(tmp_path, monkeypatch):
    import summarizer.pipeline as pipeline_module

    write_two_stories(tmp_path / "in")
    whole = pipeline().run([str(tmp_path / "in")])
    monkeypatch.setattr(pipeline_module, "STREAM_GROUP", 1)
    streamed = pipeline().run([str(tmp_path / "in")])
    assert streamed.stories == whole.stories and streamed.articles == whole.articles
    assert all(a.dropped == () for a in streamed.articles)  # lean: only `clean --json` shows them


def test_a_spilled_run_keeps_articles_on_disk_and_renders_the_same_brief(tmp_path):
    from summarizer.report import brief_dict, iter_render, render
    from summarizer.spill import ArticleStore

    write_two_stories(tmp_path / "in")
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")  # a failure in the brief too
    whole = pipeline().run([str(tmp_path / "in")])
    spilled = pipeline().run([str(tmp_path / "in")], spill=True)
    assert isinstance(spilled.articles, ArticleStore) and len(spilled.articles) == 4
    assert list(spilled.articles) == list(whole.articles) and spilled.articles[-1] == whole.articles[-1]
    assert spilled.stories == whole.stories and spilled.failures == whole.failures
    for fmt in ("json", "text", "markdown", "html"):
        assert render(spilled, fmt) == render(whole, fmt), fmt
    # The JSON is written a piece at a time, and the pieces make the documented JSON.
    assert json.loads("".join(iter_render(spilled, "json"))) == json.loads(json.dumps(brief_dict(whole)))
    assert render(whole, "json") == json.dumps(brief_dict(whole), ensure_ascii=False, indent=2)


def test_cli_run_writes_the_same_files_from_a_spilled_run(tmp_path, capsys):
    write_two_stories(tmp_path / "in")
    args = ["run", str(tmp_path / "in"), "--summarizer", "extractive", "--no-translate", "--no-cache"]
    assert main(args + ["--format", "json", "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert (tmp_path / "out" / "brief.json").read_text(encoding="utf-8") == printed
    assert [sorted(s["articles"]) for s in json.loads(printed)["stories"]] == [["flood1", "flood2"], ["quake1", "quake2"]]
    assert (tmp_path / "out" / "articles" / "quake2" / "summary.txt").read_text(encoding="utf-8").strip()


# Two fires in one state, reported in Malay: the same institutions and kind of event, other
# places, people, figures and wording. Look-alike lines written for this test.
FIRES = [
    (("Jabatan Bomba dan Penyelamat Malaysia berkata kebakaran di kilang plastik Kampung Seri Manis "
      "bermula pukul 4.10 petang. Pengarahnya, Azlan Hashim, berkata 17 pekerja maut dan 23 cedera."),
     "Seramai 48 anggota bomba dikejarkan ke Kampung Seri Manis, kata Azlan Hashim kepada pemberita.",
     "Kilang plastik di Seri Manis musnah; 17 maut, 23 cedera menurut Azlan Hashim."),
    (("Api memusnahkan gudang kayu di Bukit Tinggi Jaya malam tadi, menurut Jabatan Bomba dan "
      "Penyelamat Malaysia. Rosnah Idris, ketua operasi, mengesahkan 12 mangsa terkorban."),
     "Rosnah Idris berkata 65 anggota dan 31 orang awam yang cedera dibawa ke hospital Bukit Tinggi Jaya.",
     "Gudang kayu Bukit Tinggi Jaya terbakar: 12 terkorban, 31 cedera, kata Rosnah Idris."),
]


def test_stories_do_not_depend_on_the_order_articles_arrive_in():
    articles = [english(f"f{n}{m}", text) for n, texts in enumerate(FIRES) for m, text in enumerate(texts)]
    for order in (list(range(6)), [0, 3, 1, 4, 2, 5], [5, 2, 4, 1, 3, 0], [3, 0, 4, 1, 5, 2]):
        shuffled = [articles[i] for i in order]
        found = sorted(sorted(shuffled[i].id[:2] for i in g) for g in group(shuffled))
        assert found == [["f0"] * 3, ["f1"] * 3], order


def test_capitalised_common_words_are_not_names_and_glued_currencies_are_figures():
    from summarizer.stories import SignatureBuilder, feature_id, features

    counts, _, _ = features(english("a", "The firm paid Rp2,34 triliun and RM30 to Covid19 victims."))
    assert {"F:2.34", "F:30", "covid19"} <= set(counts)
    # "Disaster Agency" is written in lower case elsewhere in the input: no name boost for it.
    one = english("a", "Officials of the National Disaster Agency counted homes in Sukamaju. Rescuers searched "
                       "villages, schools, markets, bridges, roads and farms across the valley after rains.")
    two = english("b", "The disaster agency said the national count would rise.")
    builder = SignatureBuilder()
    builder.add(one)
    builder.add(two)
    weights = dict(builder.signatures()[0].items())
    assert weights[feature_id("disaster")] == pytest.approx(weights[feature_id("national")])
    assert weights[feature_id("sukamaju")] > 1.4 * weights[feature_id("disaster")]


def test_run_out_writes_each_article_before_the_stories_are_built(tmp_path):
    from summarizer.outputs import ArticleWriter

    write_two_stories(tmp_path / "in")
    out = tmp_path / "out"
    seen_at_tail: list[set[str]] = []

    def progress(stage, advance, total, detail=""):
        if stage == "summarize" and total is not None and not seen_at_tail:
            seen_at_tail.append({p.parent.name for p in out.glob("articles/*/summary.txt")})

    options = Options(summarizer="extractive", translate=False, use_cache=False)
    writer = ArticleWriter(out)
    brief = Pipeline(options, progress=progress).run([str(tmp_path / "in")], spill=True, each=writer)
    assert writer.error is None and len(brief.stories) == 2
    assert seen_at_tail == [{"quake1", "quake2", "flood1", "flood2"}]


def test_a_spilled_run_keeps_no_article_summary_or_figure_in_memory(tmp_path):
    """What a big folder's peak memory depends on: after a spilled run, the per-article summaries
    and every story's figures are on disk, read back only when the brief is written."""
    import gc

    from summarizer.document import Figure, Summary
    from summarizer.report import render

    write_two_stories(tmp_path / "in")
    whole = pipeline().run([str(tmp_path / "in")])
    del whole
    spilled = pipeline().run([str(tmp_path / "in")], spill=True)
    gc.collect()
    ids = {"quake1", "quake2", "flood1", "flood2"}
    alive = [o for o in gc.get_objects() if isinstance(o, (Summary, Figure))]
    assert not [o for o in alive if isinstance(o, Summary) and len(o.article_ids) == 1 and o.article_ids[0] in ids]
    assert not [o for o in alive if isinstance(o, Figure) and o.source in ids]
    # ... and still in the brief: read back from disk when it is rendered.
    text = render(spilled, "text")
    assert text.count("summary: ") == 4 and "killed" in text
    assert sum(1 for f in spilled.facts.figures if f.source in ids) >= 4


def _article(aid: str, text: str, language: str) -> Article:
    return Article(id=aid, source=f"{aid}.txt", paragraphs=tuple(text.split("\n")), language=language)


def test_two_events_that_share_one_strong_feature_stay_apart():
    """Cases in two custody blocks of two countries: one disease's name is all they share (and a
    weekday, which is a date's word, not a name). Look-alike lines written for this test."""
    from summarizer.stories import NAME_WEIGHT, WEIGHT_CAP, features

    kuantan = _article("a", "Polis mengesahkan 14 tahanan di lokap Kuantan positif COVID-19 pada hari Jumaat.\n"
                            "Ketua Polis Pahang, Ramli Osman, berkata semua tahanan COVID-19 dipindahkan ke hospital.",
                       "ms")
    jakarta = _article("b", "Sebanyak 23 tahanan di Rutan Cipinang, Jakarta Timur, dinyatakan positif COVID-19, kata "
                            "Kepala Rutan Budi Santoso.\nMereka menjalani isolasi COVID-19 di blok khusus sejak Jumat.",
                       "id")
    sigs = signatures([kuantan, jakarta])
    assert max(max(s.weights) for s in sigs) <= WEIGHT_CAP + 1e-6
    assert cosine(sigs[0], sigs[1]) < THRESHOLD and group([kuantan, jakarta]) == [[0], [1]]
    _, boost, _ = features(english("c", "The court in Bandung met again on Monday, officials said."))
    assert boost["bandung"] == NAME_WEIGHT and boost["monday"] == 1.0
