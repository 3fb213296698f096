"""The Python API: paths or strings in, typed results out."""
from __future__ import annotations

from pathlib import Path

from conftest import SAMPLES
import pytest

from summarizer import Article, Brief, InputError, UsageError, clean, summarize, translate

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


def test_clean_names_the_features_behind_a_learned_drop_when_asked():
    page = ("Beranda\nOlahraga\nTim sepak bola desa juara turnamen antarkecamatan\n"
            "Tim sepak bola Desa Sukamaju menjuarai turnamen antarkecamatan setelah menang 2-1 atas tim Desa "
            "Cibodas dalam laga final yang digelar pada Minggu sore di lapangan kecamatan.\n"
            "Kapten tim mengatakan kemenangan itu dipersembahkan untuk warga desa yang selalu datang menonton "
            "setiap pertandingan sejak babak penyisihan bulan lalu.\n"
            "Terpopuler\nHarga cabai di pasar induk naik lagi\nJalan desa rusak parah usai hujan deras\n")
    [plain] = clean(page)
    [explained] = clean(page, explain=True)
    assert plain.paragraphs == explained.paragraphs
    learned = [(a.reason, b.reason) for a, b in zip(plain.dropped, explained.dropped) if a.reason.startswith("p=")]
    assert learned and all(b.startswith(a + ": ") and len(b) > len(a) + 2 for a, b in learned)


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


# Every public entry point treats bad inputs the same way: each one that cannot be used is
# listed in `.failures` (Brief.failures, or the returned list's .failures), and when no input
# is usable at all an InputError naming the reason is raised.
def _clean(inputs):
    return clean(inputs)


def _translate(inputs):
    return translate(inputs, translate=False)


def _summarize(inputs):
    return summarize(inputs, summarizer="extractive", translate=False)


def _pipeline_run(inputs):
    from summarizer import Options, Pipeline

    return Pipeline(Options(summarizer="extractive", translate=False)).run(
        inputs if isinstance(inputs, list) else [inputs], allow_text=True)


ENTRY_POINTS = [_clean, _translate, _summarize, _pipeline_run]
GOOD = SAMPLES / "004_91e76faa74af3220.txt"


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize("bad, message", [
    (Path("no/such/page.txt"), "no such file or folder"),
    ("no/such/page.html", "no such file or folder"),  # a string shaped like a path is not page text
    ("", "empty text"),
    (b"", "empty"),
    ([], "no input given"),
    (b"%PDF-1.7 binary", "binary file"),
], ids=["missing-path", "missing-path-string", "empty-string", "empty-bytes", "empty-list", "pdf-bytes"])
def test_nothing_usable_raises_input_error(entry, bad, message):
    with pytest.raises(InputError, match=message) as caught:
        entry(bad)
    assert caught.value.exit_code == 3


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda f: f.__name__.strip("_"))
def test_bad_inputs_beside_good_ones_are_listed_in_failures(entry):
    result = entry([GOOD, Path("no/such/page.txt"), ""])
    articles = result.articles if isinstance(result, Brief) else result
    assert [a.id for a in articles] == ["004_91e76faa74af3220"]
    assert [(source, reason.split(": ")[-1]) for source, reason in result.failures] == [
        ("no/such/page.txt", "no such file or folder"), ("<text>", "empty text")]


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda f: f.__name__.strip("_"))
def test_bytes_are_page_content(entry):
    page = ("Harga beras di Bandung naik “cukup tajam” pekan ini — kata René, pedagang. "
                             "Pemerintah berjanji menambah pasokan dari gudang di Jawa Barat.\n") * 3
    result = entry(page.encode("cp1252"))
    articles = result.articles if isinstance(result, Brief) else result
    assert len(articles) == 1 and not result.failures
    assert "“cukup tajam” pekan ini — kata René" in articles[0].text


@pytest.mark.parametrize("entry", [_clean, _summarize], ids=["clean", "summarize"])
def test_wrong_types_are_usage_errors(entry):
    with pytest.raises(UsageError, match="expected a path, URL, page text or bytes"):
        entry([GOOD, 42])
    for whole in (42, None, {"path": GOOD}):  # not an input, nor a list of them
        with pytest.raises(UsageError, match="or a list of them"):
            entry(whole)


def test_unknown_option_names_the_choices():
    with pytest.raises(UsageError, match="unknown option 'summariser'.*summarizer"):
        summarize(GOOD, summariser="extractive")


def test_a_run_with_no_usable_input_lists_each_one(capsys, tmp_path):
    from summarizer.cli import main

    (tmp_path / "blank.txt").write_text("  \n")
    assert main(["run", str(tmp_path / "gone.txt"), str(tmp_path / "blank.txt"), "--summarizer", "extractive"]) == 3
    err = capsys.readouterr().err
    assert "gone.txt: no such file or folder" in err and "blank.txt: empty file" in err
    assert "no input could be used (2 failed)" in err and "Traceback" not in err
