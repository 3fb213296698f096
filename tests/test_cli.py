"""End to end through the command line: CliRunner and the installed entry point."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLES
from summarizer.cli import cli, main

SUMMARIZER = Path(sys.executable).parent / "summarizer"


def invoke(*args, input=None):
    """Run the CLI the way the entry point does (errors mapped to exit codes)."""
    runner = CliRunner()
    result = runner.invoke(cli, [str(a) for a in args], input=input, standalone_mode=False, catch_exceptions=True)
    if result.exception and not isinstance(result.exception, SystemExit):
        from summarizer.errors import SummarizerError

        if isinstance(result.exception, SummarizerError):
            return result.exception.exit_code, result.output
        raise result.exception
    return result.exit_code, result.output


def run_main(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_run_on_samples_gives_a_brief(models_dir, capsys):
    code, out, err = run_main(capsys, "run", SAMPLES, "--engine", "hf", "--beams", "1")
    assert code == 0, err
    assert out.count("source: ") == 5 and "translated by opus-mt-id-en" in out
    assert "COMBINED SUMMARY" in out and "DISAGREEMENTS" in out
    assert "$14.8 billion [14,8 miliar dolar] (000, 001)" in out and "(002, 003, 004)" in out


def test_json_brief_has_the_documented_keys(models_dir, capsys):
    code, out, _ = run_main(capsys, "run", SAMPLES, "--format", "json", "--summarizer", "extractive", "--engine", "hf")
    assert code == 0
    brief = json.loads(out)
    assert set(brief) == {"articles", "combined", "facts", "failures", "stories"}
    for article in brief["articles"]:
        assert {"id", "source", "title", "language", "text", "english", "summary", "warnings"} <= set(article)
        assert article["english"] and article["summary"]["text"]
        assert all(s["sources"] == [article["id"]] for s in article["summary"]["sentences"])
    assert [a["id"][:3] for a in brief["articles"]] == ["000", "001", "002", "003", "004"]
    assert all(s["sources"] for s in brief["combined"]["sentences"])
    disagreement = brief["facts"]["disagreements"][0]
    assert set(disagreement) == {"about", "kind", "values"} and disagreement["kind"] in ("conflict", "update")
    assert {"value", "normalized", "unit", "english", "sources"} <= set(disagreement["values"][0]) <= {
        "value", "normalized", "unit", "english", "sources", "qualifier", "as_of"}


def test_out_writes_brief_and_article_files(models_dir, tmp_path, capsys):
    out = tmp_path / "brief"
    code, _, _ = run_main(capsys, "run", SAMPLES, "--summarizer", "extractive", "--engine", "hf", "--out", out, "--format", "markdown")
    assert code == 0
    assert {p.name for p in out.iterdir()} == {"brief.txt", "brief.md", "brief.json", "brief.html", "articles"}
    folder = out / "articles" / "000_c52daa8c54ef4d20"
    assert {p.name for p in folder.iterdir()} == {"cleaned.txt", "english.txt", "summary.txt"}
    assert "BACA JUGA" not in (folder / "cleaned.txt").read_text()
    code, _, err = run_main(capsys, "run", SAMPLES / "004_91e76faa74af3220.txt", "--summarizer", "extractive",
                            "--engine", "hf", "--out", out)
    # the brief now holds one article; the four others' folders stay, named in one warning
    assert code == 0 and len(json.loads((out / "brief.json").read_text())["articles"]) == 1
    warning = [line for line in err.splitlines() if "earlier run" in line]
    assert len(warning) == 1 and warning[0].startswith("warning: 4 article folder(s)") and "000_c52daa8c54ef4d20" in warning[0]
    assert (folder / "cleaned.txt").exists()


def test_missing_model_stops_with_one_clear_message(capsys):
    code, out, err = run_main(capsys, "run", SAMPLES)
    assert code == 4 and out == ""
    # the summarizer is loaded first, so that a missing one stops the run before translation
    assert "distilbart-cnn" in err and "Looked in" in err and "summarizer models pull distilbart-cnn" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_missing_translator_names_the_ways_to_go_on_without_it(capsys):
    code, out, err = run_main(capsys, "run", SAMPLES, "--summarizer", "extractive")
    assert code == 4 and "opus-mt-id-en" in err and "--no-translate" in err and "--fallback" in err
    code, out, err = run_main(capsys, "run", SAMPLES, "--summarizer", "extractive", "--no-translate")
    assert code == 0 and "COMBINED SUMMARY" in out


def test_an_unknown_model_name_is_called_unknown(capsys):
    code, out, err = run_main(capsys, "models", "where", "no-such-model")
    assert code == 4 and "unknown translation model 'no-such-model'" in err and "models list" in err
    assert "pull no-such-model" not in err and len(err.strip().splitlines()) == 1


def test_fallback_runs_without_models(capsys):
    code, out, err = run_main(capsys, "run", SAMPLES, "--fallback")
    assert code == 0 and "COMBINED SUMMARY" in out and "not translated" in out


def test_stdin_and_pipeline_composition(models_dir, capsys):
    text = (SAMPLES / "004_91e76faa74af3220.txt").read_text()
    code, out = invoke("summarize", "-", "--summarizer", "extractive", input=text)
    assert code == 0 and "In a move that flashes" in out
    code, out = invoke("clean", "-", input=(SAMPLES / "003_22358cdc0b291002.txt").read_text())
    assert code == 0 and "No more pages" not in out and "Logo Bloomberg" not in out


def test_clean_json_lists_dropped_lines_with_reasons():
    code, out = invoke("clean", SAMPLES / "001_f25e02178ca9b32d.txt", "--json")
    data = json.loads(out)
    assert data["title"].startswith("Pertaruhan AI Meta")
    reasons = {d["line"]: d["reason"] for d in data["dropped"]}
    assert reasons["menu"] == "navigation" and reasons["Latest News"] == "navigation"


def test_facts_json_contract():
    code, out = invoke("facts", SAMPLES, "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"figures", "disagreements"}
    investment = next(d for d in data["disagreements"] if d["about"] == "investment")
    assert {v["normalized"] for v in investment["values"]} == {14.8e9, 14.3e9}
    assert {"value", "normalized", "unit", "about", "sentence", "source"} <= set(data["figures"][0])


def test_models_list_and_where(models_dir):
    code, out = invoke("models", "list")
    assert code == 0 and "opus-mt-id-en" in out and str(models_dir / "opus-mt-id-en") in out and "not installed" in out
    code, out = invoke("models", "where", "opus-mt-id-en")
    assert code == 0 and out.strip() == str(models_dir / "opus-mt-id-en")


def test_models_convert_prints_the_folder_and_which_tokenizer_runs(models_dir, capsys):
    code, out, err = run_main(capsys, "models", "convert", "opus-mt-id-en")
    assert code == 0, err
    assert (Path(out.strip()) / "model.bin").exists()
    assert "tokenizer: its own, no torch needed: identical on the probes" in err
    (Path(out.strip()) / "summarizer-tokenizer-check.json").unlink()  # converted before the check existed
    code, out, err = run_main(capsys, "models", "convert", "opus-mt-id-en")
    assert code == 0 and "tokenizer: its own, no torch needed" in err


def test_usage_errors_exit_2(capsys):
    code, _, err = run_main(capsys, "run", SAMPLES, "--engine", "nope")
    assert code == 2 and "nope" in err
    code, _, err = run_main(capsys, "run", SAMPLES, "--beams", "0")
    assert code == 2 and "beams" in err


def test_help_teaches_with_examples():
    for command in ([], ["run"], ["clean"], ["translate"], ["summarize"], ["facts"]):
        code, out = invoke(*command, "--help")
        assert code == 0
        assert "Examples" in out or "Quick start" in out


def test_installed_entry_point_runs(tmp_path):
    env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    result = subprocess.run([str(SUMMARIZER), "clean", str(SAMPLES / "000_c52daa8c54ef4d20.txt")],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0
    assert result.stdout.startswith("Mark Zuckerberg tengah pusing.") and "BACA JUGA" not in result.stdout


def test_import_and_help_load_no_heavy_modules():
    code = ("import sys, summarizer, summarizer.cli; "
            "from summarizer.cli import main; main(['--help']); "
            "heavy = [m for m in ('torch', 'transformers', 'ctranslate2', 'trafilatura', 'lingua') if m in sys.modules]; "
            "print('HEAVY', heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr


def test_clean_a_folder_into_out(tmp_path):
    code, _ = invoke("clean", SAMPLES, "--out", tmp_path / "clean")
    assert code == 0
    written = sorted(p.name for p in (tmp_path / "clean").iterdir())
    assert written == sorted(f"{p.stem}.txt" for p in SAMPLES.glob("*.txt"))
    assert "menu\n" not in (tmp_path / "clean" / "001_f25e02178ca9b32d.txt").read_text()


def test_clean_json_for_several_inputs_is_json_lines():
    code, out = invoke("clean", SAMPLES, "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 5 and rows[4]["language"] == "en"


def test_clean_text_for_several_inputs_marks_where_each_begins():
    code, out = invoke("clean", SAMPLES)
    headers = [line for line in out.splitlines() if line.startswith("==> ")]
    assert code == 0 and headers == [f"==> {path} <==" for path in sorted(map(str, SAMPLES.glob("*.txt")))]
    code, out = invoke("clean", SAMPLES / "001_f25e02178ca9b32d.txt")
    assert code == 0 and "==> " not in out
    code, out = invoke("translate", SAMPLES, "--fallback")
    assert code == 0 and sum(line.startswith("==> ") for line in out.splitlines()) == 5


@pytest.mark.parametrize("fmt, line", [("text", "- {}: empty file"), ("markdown", "- `{}`: empty file"),
                                       ("html", "<code>{}</code>: empty file")])
def test_a_skipped_input_is_named_once_with_its_reason(tmp_path, capsys, fmt, line):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "page.txt").write_text((SAMPLES / "004_91e76faa74af3220.txt").read_text())
    code, out, err = run_main(capsys, "run", tmp_path, "--no-translate", "--summarizer", "extractive", "--format", fmt)
    assert code == 5 and line.format(tmp_path / "empty.txt") in out and out.count(str(tmp_path / "empty.txt")) == 1


def test_facts_with_no_usable_input_prints_no_table(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("")
    code, out, err = run_main(capsys, "facts", tmp_path / "empty.txt")
    assert code == 3 and out == "" and "empty file" in err


def test_each_command_offers_only_the_model_options_that_change_what_it_does():
    options = {}
    for command in ("run", "translate", "summarize"):
        code, out = invoke(command, "--help")
        options[command] = {word for line in out.splitlines() for word in line.split() if word.startswith("--")}
    assert {"--translator", "--summarizer", "--beams", "--length"} <= options["run"]
    assert "--translator" in options["translate"] and not {"--summarizer", "--beams", "--length"} & options["translate"]
    assert "--summarizer" in options["summarize"] and "--translator" not in options["summarize"]


def test_the_global_flags_may_follow_the_command(tmp_path, capsys):
    from summarizer.errors import InputError

    with pytest.raises(InputError):  # --traceback lets the error through, for its full traceback
        main(["clean", str(tmp_path / "missing.txt"), "--traceback"])
    assert run_main(capsys, "clean", tmp_path / "missing.txt")[0] == 3
    code, out, err = run_main(capsys, "clean", SAMPLES / "004_91e76faa74af3220.txt", "-v")
    assert code == 0 and "Meta" in out
    code, out, err = run_main(capsys, "clean", "--", "-v")  # past `--`, a file named -v
    assert code == 3 and "-v" in err and "No such option" not in err
