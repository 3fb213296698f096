"""Figures and cross-source disagreements: on the seeds and on article sets built here."""
from __future__ import annotations

import json

import pytest

from conftest import SAMPLES, SHARED
from summarizer import Article, Options, clean
from summarizer.document import SummarySentence
from summarizer.facts import collect_facts
from summarizer.summarization import check_figures, mark_disputes


def article(aid: str, language: str, *paragraphs: str) -> Article:
    return Article(id=aid, source=f"{aid}.txt", paragraphs=paragraphs, language=language)


def sides(disagreement) -> dict:
    return {v.normalized: set(v.sources) for v in disagreement.values}


@pytest.fixture(scope="module")
def seed_facts():
    return collect_facts(clean([str(SAMPLES)]))


def short(ids):
    return {i.split("_")[0] for i in ids}


def test_seed_conflicts_found_with_the_right_sources(seed_facts):
    by_about = {d.about: d for d in seed_facts.disagreements}
    assert set(by_about) == {"investment", "date of the deal"}
    invest = {v.normalized: short(v.sources) for v in by_about["investment"].values}
    assert invest == {14.8e9: {"000", "001"}, 14.3e9: {"002", "003", "004"}}
    dates = {v.normalized: short(v.sources) for v in by_about["date of the deal"].values}
    assert dates == {"2025-06-10": {"000"}, "????-06-13": {"001"}}


@pytest.mark.skipif(not (SHARED / "eval" / "seeds" / "facts.json").exists(), reason="labels not beside checkout")
def test_agreed_seed_figures_are_not_conflicts(seed_facts):
    labels = json.loads((SHARED / "eval" / "seeds" / "facts.json").read_text())
    assert len(seed_facts.disagreements) == len(labels["conflicting"])
    contested = {v.value for d in seed_facts.disagreements for v in d.values}
    for agreed in labels["agreed"]:  # 49%, $29 billion, 200, 500, 2016: none is on a side of a dispute
        number = agreed["value"].split()[0].strip("$%")
        assert not any(number in value for value in contested), agreed


def test_planted_conflict_in_an_earthquake_story_both_languages():
    facts = collect_facts([
        article("a", "id", "Gempa magnitudo 5,6 mengguncang Cianjur pada Senin siang. Gempa itu menewaskan 162 orang, "
                           "kata kepala daerah setempat."),
        article("b", "en", "The earthquake in Cianjur killed 268 people, the disaster agency said on Tuesday."),
        article("c", "id", "Sebanyak 268 orang tewas akibat gempa tersebut, menurut BNPB."),
        article("d", "en", "Rescuers said 13,000 residents were evacuated after the quake."),
    ])
    deaths = [d for d in facts.disagreements if d.about == "deaths"]
    assert len(deaths) == 1 and sides(deaths[0]) == {162.0: {"a"}, 268.0: {"b", "c"}}
    assert all(d.about != "evacuated" for d in facts.disagreements)


def test_planted_conflict_in_company_results_and_no_conflict_for_different_things():
    facts = collect_facts([
        article("x", "en", "Acme reported revenue of $2.1 billion for the quarter. Its shares rose 5% on the news."),
        article("y", "id", "Acme membukukan pendapatan sebesar US$2,4 miliar pada kuartal tersebut."),
        article("z", "en", "Separately, Acme said it would invest $300 million in a new plant."),
    ])
    assert [d.about for d in facts.disagreements] == ["revenue"]
    assert sides(facts.disagreements[0]) == {2.1e9: {"x"}, 2.4e9: {"y"}}


def test_one_source_giving_two_values_is_not_a_dispute():
    facts = collect_facts([
        article("p", "en", "Revenue was $870 million in 2024, and the company targets revenue of $2 billion in 2025."),
        article("q", "en", "The firm's revenue reached $2 billion in 2025, it said."),
    ])
    assert facts.disagreements == ()


def test_invented_figure_in_a_summary_is_flagged_and_replaced():
    source = article("s", "en", "Meta invested $14.3 billion in Scale AI. The deal gave Meta a 49% stake.")
    sentences = [SummarySentence("Meta invested $20 billion in Scale AI.", ("s",)),
                 SummarySentence("Meta took a 49% stake.", ("s",))]
    replaced = check_figures(sentences, [source], replace=True)
    assert replaced[0].text == "Meta invested $14.3 billion in Scale AI."
    assert any("unsupported figure: $20 billion" in f for f in replaced[0].flags)
    assert replaced[1] == sentences[1]
    flagged = check_figures(sentences, [source], replace=False)
    assert flagged[0].text == sentences[0].text and flagged[0].flags


def test_a_summary_sentence_with_a_disputed_figure_names_both_sides(seed_facts):
    ids = sorted({v for d in seed_facts.disagreements for val in d.values for v in val.sources})
    marked = mark_disputes([SummarySentence("Meta invested $14.3 billion in Scale AI.", tuple(ids[2:]))],
                           seed_facts.disagreements, ids)
    assert "$14.8 billion (000, 001)" in marked[0].text and "$14.3 billion (002, 003, 004)" in marked[0].text
    assert "disputed figure" in marked[0].flags
