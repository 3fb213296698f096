"""Outputs: every input gets its own id and file, file-system faults end in one line, stdout pipes."""
from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path


from conftest import ROOT, SAMPLES
from summarizer.batch import MANIFEST, OutputLock, safe_relative
from summarizer.cli import main
from summarizer.ingest import discover

FALLBACK = ["--fallback", "--summarizer", "extractive"]


def article(marker: str) -> str:
    """An Indonesian-looking article whose every sentence carries `marker`, to trace its output."""
    return " ".join(f"Warga kota {marker} melaporkan banjir di pasar pada hari ke-{j} minggu ini." for j in range(3))


def html_article(marker: str) -> str:
    return f"<html><body><article><h1>Berita {marker}</h1><p>{article(marker)}</p></article></body></html>"


def entries(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / MANIFEST).read_text(encoding="utf-8").splitlines()]


def translate(*args) -> int:
    return main(["translate", *map(str, args), "--fallback"])


def tricky_folder(src: Path) -> dict[bytes, str]:
    """Names that used to share an output: same stem, long common prefix, control characters,
    a stem equal to a de-duplication suffix, bytes that are not UTF-8, a 250-byte name.
    Returns file name → the marker word its article carries."""
    src.mkdir()
    names = {
        b"story.txt": "kisah-teks", b"story.html": "kisah-html", b"story-2.txt": "kisah-dua",
        b"a" * 130 + b"-one.txt": "panjang-satu", b"a" * 130 + b"-two.txt": "panjang-dua",
        b"tab\x01.txt": "kontrol-satu", b"tab\x02.txt": "kontrol-dua",
        b"caf\xe9.txt": "latin-satu", b"caf\xe8.txt": "latin-dua", b"b" * 246 + b".txt": "nama-maksimal",
    }
    for name, marker in names.items():
        with open(os.fsencode(src) + b"/" + name, "w", encoding="utf-8") as fh:
            fh.write(html_article(marker) if name.endswith(b".html") else article(marker))
    return names


def test_every_input_gets_its_own_output_and_the_mapping_is_in_the_manifest(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    names = tricky_folder(src)
    assert translate(src, "--out", out) == 0, capsys.readouterr().err
    outputs = [p for p in out.rglob("*") if p.is_file() and p.name != MANIFEST]
    assert len(outputs) == len(names)
    assert all(p.suffix == ".txt" and len(os.fsencode(p.name)) <= 200 for p in outputs)
    written = [e for e in entries(out) if e["state"] == "untranslated"]  # no model: the text as it is
    assert len({e["input"] for e in written}) == len({e["outputs"][0] for e in written}) == len(names)
    for entry in written:  # each output holds the text of the input the manifest names
        assert names[os.fsencode(entry["input"])] in (out / entry["outputs"][0]).read_text(encoding="utf-8")
    capsys.readouterr()
    assert translate(src, "--out", out) == 0  # still no model: written again, to the same files
    assert f"0 translated, {len(names)} written untranslated" in capsys.readouterr().err
    assert sorted(p for p in out.rglob("*") if p.is_file() and p.name != MANIFEST) == sorted(outputs)


def test_clean_out_and_run_out_write_one_file_per_input(tmp_path, capsys):
    src = tmp_path / "in"
    names = tricky_folder(src)
    assert main(["clean", str(src), "--out", str(tmp_path / "clean")]) == 0
    assert len(list((tmp_path / "clean").rglob("*.txt"))) == len(names)
    assert main(["run", str(src), "--out", str(tmp_path / "brief"), "--format", "json", *FALLBACK]) == 0
    brief = json.loads(capsys.readouterr().out)
    assert len({a["id"] for a in brief["articles"]}) == len(names)
    assert len(list((tmp_path / "brief" / "articles").rglob("cleaned.txt"))) == len(names)


def test_urls_of_one_host_get_ids_from_host_and_path():
    urls = ["https://www.site.com/read/x/a", "https://www.site.com/read/x/b",
            "https://www.site.com/news.php?id=1", "https://www.site.com/news.php?id=2",
            "https://www.site.com/" + "seg/" * 60 + "end"]
    ids = [s.id for s in discover(urls)]
    assert len(set(ids)) == len(ids)
    assert ids[0].startswith("www.site.com") and ids[0].endswith("read-x-a")
    assert all("/" not in i and len(i.encode()) <= 130 for i in ids)


def test_the_deduplication_suffix_never_takes_another_inputs_stem(tmp_path, capsys):
    for sub, stem, marker in (("x", "a", "satu"), ("y", "a", "dua"), ("z", "a-2", "tiga"), ("w", "A", "empat")):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / f"{stem}.txt").write_text(article(marker), encoding="utf-8")
    paths = [str(tmp_path / s / f"{n}.txt") for s, n in (("x", "a"), ("y", "a"), ("z", "a-2"), ("w", "A"))]
    ids = [s.id for s in discover(paths)]
    assert ids == ["a", "a-3", "a-2", "A-4"]  # deterministic; case-insensitive file systems too
    assert main(["clean", *paths, "--json"]) == 0  # read one by one, still one id each
    assert [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()] == ids
    assert main(["translate", *paths, "--out", str(tmp_path / "out"), "--fallback"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").glob("*.txt")) == sorted(f"{i}.txt" for i in ids)


def test_output_names_are_sanitised():
    assert str(safe_relative("../../etc/passwd")) == "etc/passwd"
    assert str(safe_relative("/abs/path/x.txt")) == "abs/path/x.txt"
    assert str(safe_relative('a<b>:"c|d?*.txt')) == "a_b___c_d__.txt"
    long_a, long_b = safe_relative("x" * 500 + "1"), safe_relative("x" * 500 + "2")
    assert long_a != long_b and len(long_a.name.encode()) <= 120
    assert str(safe_relative("..")) == "article"


# File-system faults: one line, exit 3, and a rerun finishes the folder. ----------------------
def _fail_writes_under(monkeypatch, folder: Path, code: int) -> None:
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        if str(path).startswith(str(folder)) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)


def test_read_only_output_folder(tmp_path, monkeypatch, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(article("satu"), encoding="utf-8")
    out.mkdir()
    _fail_writes_under(monkeypatch, out, errno.EROFS)  # tests run as root: chmod would not stop us
    assert translate(src, "--out", out) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "read-only" in err.lower() and "Traceback" not in err
    monkeypatch.undo()
    assert translate(src, "--out", out) == 0


def test_output_folder_whose_parent_is_a_file(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(article("satu"), encoding="utf-8")
    (tmp_path / "file").write_text("x")
    for command in (["translate", "--fallback"], ["clean"], ["run", *FALLBACK]):
        code = main([command[0], str(tmp_path / "a.txt"), "--out", str(tmp_path / "file" / "out"), *command[1:]])
        err = capsys.readouterr().err
        assert code == 3 and err.count("error: ") == 1 and "Traceback" not in err, (command, err)


def test_an_output_path_that_is_a_folder_fails_that_input_only(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(article("satu"), encoding="utf-8")
    (src / "b.txt").write_text(article("dua"), encoding="utf-8")
    (out / "a.txt").mkdir(parents=True)
    assert translate(src, "--out", out) == 5
    err = capsys.readouterr().err
    assert "error: " in err and "a.txt" in err and "is a folder" in err
    assert "dua" in (out / "b.txt").read_text(encoding="utf-8")
    (out / "a.txt").rmdir()
    assert translate(src, "--out", out) == 0
    assert "satu" in (out / "a.txt").read_text(encoding="utf-8")


def test_a_full_disk_stops_with_one_line_and_a_rerun_finishes(tmp_path, monkeypatch, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(4):
        (src / f"p{i}.txt").write_text(article(f"nomor{i}"), encoding="utf-8")
    real_fsync, calls = os.fsync, []

    def filling(fd):  # the disk fills up after a few writes
        calls.append(fd)
        if len(calls) > 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", filling)
    assert translate(src, "--out", out) == 3
    err = capsys.readouterr().err
    assert err.count("error: ") == 1 and "No space left" in err and "Traceback" not in err
    assert not [p for p in out.iterdir() if ".tmp-" in p.name]
    monkeypatch.undo()
    assert translate(src, "--out", out) == 0
    assert sorted(p.name for p in out.glob("*.txt")) == [f"p{i}.txt" for i in range(4)]


def test_run_out_failure_keeps_the_brief_on_stdout(tmp_path, capsys):
    out = tmp_path / "brief"
    out.mkdir()
    (out / "articles").write_text("a file where a folder goes")
    code = main(["run", str(SAMPLES / "004_91e76faa74af3220.txt"), "--out", str(out), *FALLBACK])
    stdout, err = capsys.readouterr()
    assert code == 3 and "COMBINED SUMMARY" in stdout
    assert err.startswith("error: ") and "articles" in err and "Traceback" not in err


def _cli(args: list[str], **kwargs) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen([sys.executable, "-m", "summarizer", *args], cwd=ROOT, env=env,
                            stderr=subprocess.PIPE, **kwargs)


def test_a_closed_pipe_on_stdout_exits_quietly():
    proc = _cli(["clean", str(SAMPLES)], stdout=subprocess.PIPE)
    proc.stdout.close()  # like `| head -1` that has already left
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and err == b""


def test_a_full_stdout_is_one_error_line(tmp_path):
    with open("/dev/full", "w") as full:
        proc = _cli(["clean", str(SAMPLES)], stdout=full)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 3 and err.decode().startswith("error: ") and b"Traceback" not in err


def _closed_stdout() -> None:
    os.close(1)  # like `summarizer clean x >&-`


def test_a_closed_stdout_is_an_error_unless_an_out_folder_takes_the_output(tmp_path):
    proc = _cli(["clean", str(SAMPLES)], stdout=None, preexec_fn=_closed_stdout)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 3 and b"standard output is closed" in err
    proc = _cli(["clean", str(SAMPLES), "--out", str(tmp_path / "clean")], preexec_fn=_closed_stdout)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and len(list((tmp_path / "clean").glob("*.txt"))) == 5


def test_lock_file_holds_the_pid_before_it_is_visible(tmp_path, monkeypatch):
    seen = []
    real_link = os.link

    def watching(src, dst, *args, **kwargs):
        seen.append(Path(src).read_text())
        return real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", watching)
    with OutputLock(tmp_path):
        assert (tmp_path / ".summarizer.lock").read_text() == str(os.getpid())
    assert seen == [str(os.getpid())]
    assert sorted(p.name for p in tmp_path.iterdir()) == []
