"""The Python API: paths or strings in, typed results out."""
from __future__ import annotations

from pathlib import Path

from conftest import SAMPLES
from summarizer import Article, Brief, clean, summarize, translate

HTML = ("<html><head><title>Banjir Rendam Jakarta - Kota News</title></head><body><nav>Home News</nav><article>"
        "<h1>Banjir Rendam Jakarta</h1><p>Banjir kembali merendam sejumlah wilayah di Jakarta pada Senin pagi "
        "setelah hujan deras mengguyur sejak malam.</p><p>Sebanyak 1.200 warga mengungsi ke sekolah dan masjid "
        "terdekat, kata petugas.</p><p>BACA JUGA: Harga Beras Naik</p></article><footer>Copyright © 2024</footer>"
        "</body></html>")


def test_clean_accepts_paths_and_strings():
    [from_path] = clean(SAMPLES / "003_22358cdc0b291002.txt")
    assert isinstance(from_path, Article) and from_path.language == "id"
    [from_html] = clean([HTML])
    assert from_html.title == "Banjir Rendam Jakarta" and from_html.kind == "html"
    assert all("BACA JUGA" not in p for p in from_html.paragraphs) and len(from_html.paragraphs) == 2


def test_summarize_returns_a_brief_with_provenance():
    brief = summarize([str(SAMPLES / "004_91e76faa74af3220.txt"), HTML], summarizer="extractive", translate=False)
    assert isinstance(brief, Brief) and [a.id for a in brief.articles] == ["004_91e76faa74af3220", "text2"]
    assert [s.article_ids for s in brief.summaries] == [("004_91e76faa74af3220",), ("text2",)]
    assert brief.combined is not None and all(s.sources for s in brief.combined.sentences)


def test_translate_with_models(models_dir):
    [article] = translate(SAMPLES / "002_5531c03d8080ae25.txt", engine="hf")
    assert article.translation is not None and article.english and article.translator == "opus-mt-id-en"


def test_a_missing_path_in_the_cli_is_an_error_not_text(capsys):
    from summarizer.cli import main

    assert main(["clean", str(Path("no/such/file.txt"))]) == 3
    assert "no such file or folder" in capsys.readouterr().err


def test_api_functions_stay_functions_once_every_module_is_imported():
    """A stage module named like an API function (clean, translate, summarize) would replace it
    on the package as soon as anything imported that module."""
    import importlib
    import pkgutil

    import summarizer

    for module in pkgutil.walk_packages(summarizer.__path__, "summarizer."):
        if module.name not in ("summarizer.__main__", "summarizer.distributed"):  # runs the CLI; needs ray
            importlib.import_module(module.name)
    from summarizer import Pipeline, clean, summarize, translate

    assert Pipeline.__name__ == "Pipeline"
    for function in (clean, summarize, translate, summarizer.clean, summarizer.summarize, summarizer.translate):
        assert callable(function) and function.__module__ == "summarizer"
