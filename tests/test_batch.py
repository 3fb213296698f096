"""Folder translation: mirrored tree, resume, changed inputs redone, lock, and survival of SIGKILL."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from summarizer.batch import MANIFEST, Manifest, write_atomic
from summarizer.cli import main
from summarizer.segment import split_sentences

WORDS = ["pemerintah", "kota", "rencana", "jalur", "sepeda", "warga", "pasar", "harga", "banjir", "sekolah"]


def make_articles(folder: Path, count: int) -> dict[str, str]:
    texts = {}
    for i in range(count):
        sub = folder / f"part{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        sentences = [f"Berita nomor {i} tentang {WORDS[i % 10]} dan {WORDS[(i + j) % 10]} di kota itu pada hari ke-{j}."
                     for j in range(3)]
        text = " ".join(sentences)
        (sub / f"artikel {i:03d}.txt").write_text(text, encoding="utf-8")
        texts[f"part{i % 3}/artikel {i:03d}"] = text
    return texts


def done_lines(out: Path) -> list[dict]:
    lines = []
    for line in (out / MANIFEST).read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if entry["state"] == "done":
            lines.append(entry)
    return lines


def test_folder_is_mirrored_and_rerun_skips_finished_files(models_dir, tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    texts = make_articles(src, 6)
    assert main(["translate", str(src), "--out", str(out), "--engine", "hf"]) == 0
    outputs = sorted(str(p.relative_to(out)) for p in out.rglob("*.txt"))
    assert outputs == sorted(f"{k}.txt" for k in texts)
    capsys.readouterr()
    assert main(["translate", str(src), "--out", str(out), "--engine", "hf"]) == 0
    assert "0 translated, 6 already done" in capsys.readouterr().err
    (src / "part0" / "artikel 000.txt").write_text("Harga beras naik lagi di pasar induk kota pada hari Senin.", encoding="utf-8")
    assert main(["translate", str(src), "--out", str(out), "--engine", "hf"]) == 0
    assert "1 translated, 5 already done" in capsys.readouterr().err


def test_json_output_keeps_sentence_pairs(models_dir, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    texts = make_articles(src, 2)
    assert main(["translate", str(src), "--out", str(out), "--format", "json", "--engine", "hf"]) == 0
    data = json.loads((out / "part0" / "artikel 000.json").read_text())
    assert [p["source"] for p in data["sentences"]] == split_sentences(texts["part0/artikel 000"], "id")


def test_a_bad_file_does_not_stop_the_batch(models_dir, tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    make_articles(src, 3)
    (src / "part0" / "scan.txt").write_bytes(b"%PDF-1.4 binary")
    assert main(["translate", str(src), "--out", str(out), "--engine", "hf"]) == 5
    err = capsys.readouterr().err
    assert "3 translated" in err and "scan.txt: binary file" in err
    assert Manifest.load(out).entries["part0/scan.txt"]["state"] == "failed"


def test_lock_refuses_a_second_writer_and_takes_over_a_dead_ones(models_dir, tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    make_articles(src, 1)
    out.mkdir()
    (out / ".summarizer.lock").write_text(str(os.getpid()))
    assert main(["translate", str(src), "--out", str(out), "--engine", "hf"]) == 3
    assert "another run" in capsys.readouterr().err
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (out / ".summarizer.lock").write_text(str(dead.pid))
    assert main(["translate", str(src), "--out", str(out), "--engine", "hf"]) == 0
    assert not (out / ".summarizer.lock").exists()


def test_out_cannot_be_the_input_folder(tmp_path, capsys):
    make_articles(tmp_path, 1)
    assert main(["translate", str(tmp_path), "--out", str(tmp_path), "--fallback"]) == 3
    assert "overwrite inputs" in capsys.readouterr().err


def test_atomic_write_leaves_no_temp_file(tmp_path):
    write_atomic(tmp_path / "a" / "b.txt", "hello")
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["b.txt"]


def _start(src: Path, out: Path, models: Path, cache: Path) -> subprocess.Popen:
    env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(cache), "HF_HUB_OFFLINE": "1", "SUMMARIZER_MODELS_DIR": str(models)}
    return subprocess.Popen([sys.executable, "-m", "summarizer", "translate", str(src), "--out", str(out),
                             "--format", "json", "--engine", "hf", "--no-cache"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_ctrl_c_as_in_a_terminal)


def _ctrl_c_as_in_a_terminal() -> None:
    # A run started in the background of a script inherits SIGINT ignored; a user's terminal
    # delivers it, which is what these tests are about.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for(out: Path, lines: int, proc: subprocess.Popen, limit: float = 120) -> None:
    start = time.time()
    while time.time() - start < limit and proc.poll() is None:
        if (out / MANIFEST).exists() and len(done_lines(out)) >= lines:
            return
        time.sleep(0.05)


@pytest.mark.slow
def test_sigkill_mid_run_then_resume_ends_with_every_article_once(models_dir, tmp_path):
    src, out, cache = tmp_path / "in", tmp_path / "out", tmp_path / "cache"
    texts = make_articles(src, 320)
    for point in (30, 130, 230):
        proc = _start(src, out, models_dir, cache)
        _wait_for(out, point, proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    proc = _start(src, out, models_dir, cache)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()[-2000:]
    outputs = sorted(out.rglob("*.json"))
    assert len(outputs) == len(texts)
    for path in outputs:
        data = json.loads(path.read_text(encoding="utf-8"))  # complete, parseable
        key = str(path.relative_to(out).with_suffix(""))
        assert [p["source"] for p in data["sentences"]] == split_sentences(texts[key], "id")
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name]
    done = [entry["input"] for entry in done_lines(out)]
    assert len(done) == len(set(done)) == len(texts)  # finished articles were never recomputed


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_says_how_to_resume(models_dir, tmp_path):
    src, out, cache = tmp_path / "in", tmp_path / "out", tmp_path / "cache"
    make_articles(src, 200)
    proc = _start(src, out, models_dir, cache)
    _wait_for(out, 20, proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.fail("the run finished before it could be interrupted")
    assert proc.returncode == 130 and b"rerun the same command to resume" in err
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name]


def test_temp_files_of_a_killed_run_are_removed_on_the_next(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    make_articles(src, 2)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (out / "part0").mkdir(parents=True)
    stale = [out / f".summarizer.tmp-{dead.pid}-0a1b2c3d",
             out / "part0" / f".artikel 000.txt.tmp-{dead.pid}"]  # an older version's name
    for path in stale:
        path.write_text("half a file")
    kept = [out / "notes.tmp-1", out / f".summarizer.tmp-{os.getpid()}-live"]  # not ours / a live run's
    for path in kept:
        path.write_text("keep me")
    assert main(["translate", str(src), "--out", str(out), "--fallback"]) == 0
    assert not any(p.exists() for p in stale) and all(p.exists() for p in kept)


def test_outputs_of_deleted_inputs_are_listed_not_deleted(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    make_articles(src, 3)
    assert main(["translate", str(src), "--out", str(out), "--fallback"]) == 0
    (src / "part1" / "artikel 001.txt").unlink()
    capsys.readouterr()
    assert main(["translate", str(src), "--out", str(out), "--fallback"]) == 0
    listed = [line for line in capsys.readouterr().err.splitlines() if "artikel 001" in line]
    assert len(listed) == 1 and listed[0].startswith("warning: ") and "part1/artikel 001.txt" in listed[0], listed
    assert (out / "part1" / "artikel 001.txt").exists()


def test_untranslated_outputs_are_redone_once_a_model_is_there(built_models, tmp_path, monkeypatch, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    texts = make_articles(src, 3)
    monkeypatch.setenv("SUMMARIZER_MODELS_DIR", str(tmp_path / "no-models"))
    assert main(["translate", str(src), "--out", str(out), "--fallback"]) == 0
    assert "0 translated, 3 written untranslated" in capsys.readouterr().err
    first = out / "part0" / "artikel 000.txt"
    assert first.read_text(encoding="utf-8").strip() == texts["part0/artikel 000"]  # the text kept meanwhile
    monkeypatch.setenv("SUMMARIZER_MODELS_DIR", str(built_models))
    assert main(["translate", str(src), "--out", str(out), "--engine", "hf"]) == 0
    assert "3 translated, 0 already done" in capsys.readouterr().err
    assert first.read_text(encoding="utf-8").strip() != texts["part0/artikel 000"]
    assert len(done_lines(out)) == 3
    assert main(["translate", str(src), "--out", str(out), "--engine", "hf"]) == 0
    assert "0 translated, 3 already done" in capsys.readouterr().err
    # other translation settings make other outputs: the same inputs are done again
    assert main(["translate", str(src), "--out", str(out), "--engine", "hf", "--protect-names"]) == 0
    assert "3 translated, 0 already done" in capsys.readouterr().err


def test_translation_settings_follow_the_glossary_content(tmp_path):
    from summarizer import Options
    from summarizer.batch import translation_settings

    glossary = tmp_path / "terms.tsv"
    glossary.write_text("pemerintah\tgovernment\n", encoding="utf-8")
    before = translation_settings(Options(glossary=glossary))  # a Path, as the API may pass it
    assert before == translation_settings(Options(glossary=str(glossary)))
    glossary.write_text("pemerintah\tthe administration\n", encoding="utf-8")
    assert translation_settings(Options(glossary=glossary)) != before != translation_settings(Options())
