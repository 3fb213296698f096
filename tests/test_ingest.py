"""Bad input never crashes: every case gets a clear message, and good files still go through."""
from __future__ import annotations

import http.server
import threading
import time

import pytest

from conftest import SAMPLES
from summarizer.cli import main
from summarizer.errors import InputError
from summarizer.ingest import decode, discover, read_page

ARTICLE = (SAMPLES / "004_91e76faa74af3220.txt").read_text(encoding="utf-8")
# Look-alike Latin-script lines whose cp1252 bytes other single-byte code pages (cp1250, cp775,
# mac_latin2) also decode, to different letters.
CP1252_LINES = [
    "Le ministre a déclaré « l’économie reste fragile » — une hausse de 5 % est prévue à Noël.",
    "Señor García dijo que el precio subió “un poco” — £3 por kilo, ¿demasiado?",
    "Pejabat itu menyebut rencana “ambisius” — namun pemilik kafe di Bandung menolak, kata René.",
]


@pytest.fixture
def messy(tmp_path):
    """A folder with one good page and every kind of bad input."""
    folder = tmp_path / "in put"
    folder.mkdir()
    (folder / "good article.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "empty.txt").write_text("")
    (folder / "blank.txt").write_text("   \n\n  \t\n")
    (folder / "report.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    (folder / "nul.txt").write_bytes(b"abc\x00\x01\x02def" * 10)
    (folder / "no-article.html").write_text("<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav>"
                                            "<footer>Copyright © 2024</footer></body></html>")
    (folder / "huge.txt").write_text(ARTICLE * 400)
    (folder / "broken.txt").symlink_to(folder / "missing-target.txt")
    (folder / "bérita-ñ.txt").write_text(ARTICLE.replace("Meta", "Meta Platforms"), encoding="utf-8")
    (folder / "late-nul.txt").write_bytes(ARTICLE.encode() + b"\n" + b"Harga naik. " * 1000 + b"\x00\x00 ekor")
    (folder / "western.txt").write_bytes((ARTICLE + "\n" + "\n".join(CP1252_LINES)).encode("cp1252", "replace"))
    return folder


def test_bad_input_matrix(messy, capsys):
    code = main(["clean", str(messy), "--max-bytes", "200000"])
    out, err = capsys.readouterr()
    assert code == 5  # some inputs failed
    assert "In a move that flashes" in out and "Meta Platforms" in out  # both good files, one with a non-ASCII name
    assert "l’économie" in out and "“un poco” — £3" in out  # cp1252 without a declaration
    expected = {
        "late-nul.txt": "binary file (contains NUL bytes)",
        "empty.txt": "empty file", "blank.txt": "empty file", "report.txt": "binary file (a PDF document)",
        "nul.txt": "binary file (contains NUL bytes)", "no-article.html": "no article text found",
        "huge.txt": "larger than the 200,000-byte limit", "broken.txt": "broken symbolic link",
    }
    for name, message in expected.items():
        line = next((ln for ln in err.splitlines() if name in ln), "")
        assert line.startswith("error: ") and message in line, (name, err)
    assert "Traceback" not in err


def test_unreadable_file(tmp_path, monkeypatch):
    import summarizer.ingest as ingest

    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE)

    def denied(*args, **kwargs):  # what open() does on a file without read permission (tests run as root)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ingest, "open", denied, raising=False)
    with pytest.raises(InputError, match="permission denied"):
        read_page(discover([str(path)])[0])


@pytest.mark.parametrize("data, encoding, warned", [
    ("Harga naik – kata Menteri “penting”.".encode("utf-8"), "utf-8", False),
    ("\ufeffHarga naik – kata Menteri.".encode("utf-8"), "utf-8-sig", False),
    ("Harga naik – kata Menteri.".encode("utf-16"), "utf-16", False),
    ("Harga naik – kata Menteri “penting” dan café.".encode("cp1252"), "cp1252", True),
    ("Harga naik kata Menteri.".encode("utf-16-le"), "utf-16-le", False),
], ids=["utf8", "utf8-bom", "utf16-bom", "cp1252", "utf16-no-bom"])
def test_encodings(data, encoding, warned):
    text, used, warnings = decode(data)
    assert "Harga naik" in text and "Menteri" in text
    assert used.replace("_", "-").lower() == encoding or (warned and warnings)
    assert bool(warnings) == warned


@pytest.mark.parametrize("line", CP1252_LINES)
def test_cp1252_without_a_declaration_is_not_garbled(line):
    text, used, warnings = decode(line.encode("cp1252"))
    assert text == line and used == "cp1252" and warnings


def test_other_scripts_are_still_detected():
    line = "Министр заявил, что цены на рис выросли на пять процентов за месяц."
    assert decode((line * 3).encode("cp1251"))[0] == line * 3


@pytest.mark.parametrize("declared, data", [
    ("windows-1252", CP1252_LINES[0].encode("cp1252")),
    ("iso-8859-1", CP1252_LINES[1].encode("cp1252")),  # browsers read Latin-1 labels as cp1252
    ("cp1250", "Minister powiedział, że ceny wzrosły o pięć procent.".encode("cp1250")),
], ids=["windows-1252", "latin1-label", "cp1250"])
def test_a_declared_charset_is_honoured(declared, data):
    assert decode(data, declared=declared)[0] == data.decode("cp1252" if declared != "cp1250" else "cp1250")
    html = b'<html><head><meta charset="' + declared.encode() + b'"></head><body><p>' + data + b"</p></body></html>"
    assert data.decode(decode(html)[1]) in decode(html)[0]


def test_nul_bytes_anywhere_mark_a_binary_file():
    with pytest.raises(InputError, match="NUL"):
        decode(b"Harga naik. " * 2000 + b"\x00 sisa")


def test_invalid_utf8_is_replaced_with_a_warning():
    text, _, warnings = decode(b"Harga naik \xff\xfe\xfd dan turun. " * 3 + b"\x81\x8d\x8f\x90\x9d")
    assert "Harga naik" in text and warnings


def test_output_folder_inside_input_folder_is_not_read_back(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.txt").write_text(ARTICLE)
    assert [s.id for s in discover([str(tmp_path)], exclude=[str(tmp_path / "out")])] == ["a"]


def test_ids_are_unique_for_same_named_files(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "page.txt").write_text(ARTICLE)
    ids = [s.id for s in discover([str(tmp_path / "x" / "page.txt"), str(tmp_path / "y" / "page.txt")])]
    assert ids == ["page", "page-2"]


def test_a_page_named_twice_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE)
    page = str(tmp_path / "a.txt")
    sources = discover([page, str(tmp_path / "." / "a.txt"), str(tmp_path)])
    assert [s.id for s in sources] == ["a", "b"]


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/article":
            body = f"<html><head><title>Flood news</title></head><body><article><h1>Flood news</h1>" \
                   f"{''.join(f'<p>{p}</p>' for p in ARTICLE.splitlines())}</article></body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/slow":
            time.sleep(3)
            self.send_response(200)
            self.end_headers()
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"<p>" + b"x" * 10_000 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/trickle":  # a byte every 0.2 s for 8 s: each read is quick, the whole is not
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/western":
            body = ("<html><body><article>" + "".join(f"<p>{p}</p>" for p in ARTICLE.splitlines() + CP1252_LINES)
                    + "</article></body></html>").encode("cp1252", "replace")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=windows-1252")
            self.end_headers()
            self.wfile.write(body)
        elif self.path in ("/to-file", "/to-script"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd" if self.path == "/to-file" else "javascript:alert(1)")
            self.end_headers()
        elif self.path == "/image":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(b"\x89PNG....")
        else:
            self.send_response(404)
            self.end_headers()


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_urls_fetched_safely(server, capsys):
    urls = [f"{server}/{p}" for p in ("article", "slow", "huge", "loop", "missing", "image")]
    code = main(["clean", *urls, "--timeout", "1", "--max-bytes", "200000"])
    out, err = capsys.readouterr()
    assert code == 5 and "In a move that flashes" in out
    assert "timed out" in err and "larger than" in err and "redirect" in err
    assert "HTTP 404" in err and "not a web page (content type image/png)" in err


def test_timeout_is_a_deadline_for_the_whole_fetch(server):
    from summarizer.fetch import fetch

    start = time.monotonic()
    with pytest.raises(InputError, match="timed out after 1 s"):
        fetch(f"{server}/trickle", max_bytes=1000, timeout=1)
    assert time.monotonic() - start < 4  # the server would trickle for 8 s


def test_declared_http_charset_and_refused_redirects(server, capsys):
    code = main(["clean", f"{server}/western", f"{server}/to-file", f"{server}/to-script"])
    out, err = capsys.readouterr()
    assert code == 5 and "l’économie" in out and "“un poco” — £3" in out
    refused = [ln for ln in err.splitlines() if "redirect to a non-http(s) URL refused" in ln]
    assert len(refused) == 2 and "too many redirects" not in err


def test_only_http_urls(capsys):
    assert main(["clean", "ftp://example.invalid/page"]) == 3  # nothing usable at all
    assert "only http:// and https://" in capsys.readouterr().err


def test_lists_of_inputs(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE)
    (tmp_path / "inputs.txt").write_text("# to read\na.txt\n\nhttps://example.org/news/1\n")
    (tmp_path / "inputs.jsonl").write_text('{"path": "b.txt"}\n{"url": "http://example.org/x"}\n')
    sources = discover([f"@{tmp_path / 'inputs.txt'}", str(tmp_path / "inputs.jsonl")])
    assert [s.location for s in sources] == [str(tmp_path / "a.txt"), "https://example.org/news/1",
                                             str(tmp_path / "b.txt"), "http://example.org/x"]
    (tmp_path / "bad.jsonl").write_text('{"title": "x"}\n')
    with pytest.raises(InputError, match="bad.jsonl:1"):
        discover([str(tmp_path / "bad.jsonl")])
    failures: list = []
    sources = discover([str(tmp_path / "bad.jsonl"), str(tmp_path / "a.txt")], failures=failures)
    assert [s.location for s in sources] == [str(tmp_path / "a.txt")] and "bad.jsonl:1" in failures[0][1]


@pytest.fixture
def lists(tmp_path):
    """A list file and a JSONL file, each with one good entry among bad ones."""
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "also.txt").write_text(ARTICLE.replace("Meta", "Meta Platforms"), encoding="utf-8")
    (tmp_path / "list.txt").write_text("good.txt\nmissing-one.txt\n")
    (tmp_path / "items.jsonl").write_text('{"path": "also.txt"}\n{"path": "also.txt"\n{"path": 5}\n[1, 2]\n')
    return tmp_path


@pytest.mark.parametrize("command", [
    ["clean"], ["facts"], ["translate", "--fallback"], ["summarize", "--summarizer", "extractive"],
    ["run", "--fallback", "--summarizer", "extractive"], ["translate", "--fallback", "--out", "OUT"],
], ids=["clean", "facts", "translate", "summarize", "run", "translate-out"])
def test_one_bad_entry_never_throws_away_the_good_ones(lists, command, capsys):
    command = [str(lists / "out") if c == "OUT" else c for c in command]
    args = [f"@{lists / 'list.txt'}", str(lists / "items.jsonl"), str(lists / "not-there.html")]
    code = main([command[0], *args, *command[1:]])
    out, err = capsys.readouterr()
    assert code == 5, err
    if "--out" in command:
        assert len(list((lists / "out").glob("*.txt"))) == 2
    elif command[0] in ("clean", "translate"):
        assert out.count("In a move that flashes") == 2 and "Meta Platforms" in out
    else:  # the brief and the figure table name both articles by id
        assert "[good]" in out and "[also]" in out
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    for bad in ("missing-one.txt", "items.jsonl:2", "items.jsonl:3", "items.jsonl:4", "not-there.html"):
        assert sum(bad in line for line in errors) == 1, (bad, err)
    assert "Traceback" not in err


@pytest.mark.parametrize("files", [{}, {"scan.pdf": b"%PDF-1.4 x", "notes.docx": b"PK\x03\x04"}],
                         ids=["empty", "only-pdf"])
@pytest.mark.parametrize("command", [["clean"], ["translate", "--fallback", "--out", "OUT"]], ids=["clean", "out"])
def test_a_folder_with_no_readable_page_says_so(tmp_path, files, command, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    command = [str(tmp_path / "out") if c == "OUT" else c for c in command]
    assert main([command[0], str(folder), *command[1:]]) == 3
    err = capsys.readouterr().err
    assert "no page files" in err and "Traceback" not in err
    if files:
        assert "2 other file(s)" in err


def test_a_symlink_loop_in_a_folder_is_skipped_with_one_line(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "loop-a.txt").symlink_to(tmp_path / "loop-b.txt")
    (tmp_path / "loop-b.txt").symlink_to(tmp_path / "loop-a.txt")
    (tmp_path / "self.html").symlink_to(tmp_path / "self.html")
    out = tmp_path / "out"
    for _ in range(2):  # and again on a rerun
        assert main(["translate", str(tmp_path), "--out", str(out), "--fallback"]) == 5
        err = capsys.readouterr().err
        assert "Traceback" not in err
        for name in ("loop-a.txt", "loop-b.txt", "self.html"):
            assert sum(name in line and "symbolic link loop" in line for line in err.splitlines()) == 1, err
    assert (out / "good.txt").exists()


@pytest.mark.parametrize("declared", [None, "windows-1252"])
def test_utf8_with_a_few_stray_bytes_keeps_its_characters(declared):
    line = "Menteri’s office said the “new” price — Rp12.500 — holds. "
    data = (line * 10).encode() + b"\x92\xff" + (line * 10).encode() + b"\x81"
    text, used, warnings = decode(data, declared=declared)
    assert text.count("’") == 20 and text.count("—") == 40 and text.count("\ufffd") == 3
    assert used == "utf-8" and "3 invalid UTF-8" in warnings[0]


def test_a_declared_charset_still_wins_over_a_utf8_menu():
    menu = "Beranda · Berita · Olahraga — Kontak » Indeks © Kabar\n".encode() * 6  # the site's template, in UTF-8
    body = ("Die Bürger in München zahlen höhere Preise, sagte der Minister am Dienstag.\n" * 3).encode("cp1252")
    text, used, _ = decode(menu + body, declared="windows-1252")
    assert used == "cp1252" and text.count("Bürger in München") == 3


def test_a_replacement_character_written_in_the_page_is_no_bad_byte():
    line = "Harga kopi “naik” lagi di kafé itu — � tanda dari situsnya. "
    text, used, warnings = decode((line * 3).encode() + b"\xff")
    assert used == "utf-8" and text.count("kafé") == 3 and "1 invalid UTF-8" in warnings[0]
