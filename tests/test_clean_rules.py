"""Cleaning, one rule family at a time, including lines that only look like boilerplate."""
from __future__ import annotations

import pytest

from summarizer.cleaning.rules import match_rule, strip_end_marker, strip_prefix
from summarizer.cleaning.template import learn_template
from summarizer.cleaning.text import classify, is_sentence_like

BODY = [
    "Pemerintah kota mengumumkan rencana pembangunan jalur sepeda baru sepanjang 40 kilometer pada tahun depan.",
    "Menurut kepala dinas perhubungan, proyek itu akan dimulai pada bulan Maret dan selesai dalam dua tahun.",
    "Warga menyambut baik rencana tersebut, meskipun sebagian pedagang khawatir kehilangan tempat parkir.",
    "Anggaran proyek diperkirakan mencapai Rp 120 miliar yang berasal dari dana daerah dan bantuan pusat.",
]


@pytest.mark.parametrize("line, family", [
    ("menu", "navigation"), ("Close", "navigation"), ("Latest News", "navigation"), ("Berita Terkini", "navigation"),
    ("Home > Berita > Nasional", "navigation"), ("News · Gadget · Games · Forum", "navigation"),
    ("BACA JUGA: Harga Beras Naik Lagi di Pasar Induk", "read-also"), ("Baca Juga", "read-also"),
    ("Read also: Floods hit Jakarta again", "read-also"), ("Simak juga: Video banjir", "read-also"),
    ("Share on Facebook", "share-prompt"), ("Ikuti kami di Google News", "share-prompt"), ("Tweet", "share-prompt"),
    ("Reporter: Budi Santoso", "byline"), ("By Jane Doe", "byline"),
    ("Rachel Metz dan Shirin Ghaffary–Bloomberg News", "byline"), ("Fino Yurio Kristo - detikinet", "byline"),
    ("Petugas memeriksa lokasi banjir. (ANTARA FOTO/Budi)", "caption"), ("Logo Bloomberg Technoz", "caption"),
    ("Secretary of State, Pratikno. Image: TEMPO/Imam Sukamto", "caption"),
    ("(bbn)", "agency-code"), ("(fyk/ash)", "agency-code"), ("(*)", "agency-code"), ("(E-2)", "agency-code"),
    ("No more pages", "pagination"), ("Halaman 2", "pagination"), ("1 2 3 Next", "pagination"),
    ("Copyright © 2024 Kompas Cyber Media. All Rights Reserved.", "copyright"), ("Hak Cipta Dilindungi", "copyright"),
    ("ADVERTISEMENT", "advertising"), ("Scroll to continue with content", "advertising"),
    ("Kamis, 05/11/2015 10:08 WIB", "dateline"), ("Wednesday, 04 November 2015 | 19:14", "dateline"),
    ("Rabu, 4 November 2015 | 21:04 WIB", "dateline"), ("Jakarta -", "dateline"),
    ("redaksi[at]detikinet.com", "contact"), ("1.229 Views", "counter"), ("01", "counter"),
    ("Dibaca 53.203 kali", "counter"), ("#Joko Widodo", "tag"), ("[Gambas:Video CNN]", "embed"),
    ("Halaman Selanjutnya", "pagination"), ("SCROLL TO RESUME CONTENT", "advertising"),
    ("Simak Video \"Banjir Rendam Jakarta\"", "read-also"), ("Sumber : kemenag.go.id", "byline"),
    ("Oleh Aminah Yusof", "byline"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None)
def test_rule_families_match_boilerplate(line, family):
    assert match_rule(line) == family


@pytest.mark.parametrize("line", [
    # Starts with "Baca" as a verb: a sentence, not a read-also link.
    "Baca buku setiap hari, kata guru itu, karena membaca melatih anak berpikir kritis dan sabar.",
    # A quote that mentions a menu.
    "\"Kami mengubah menu makan siang sekolah agar lebih sehat,\" ujar kepala dinas pendidikan kota.",
    # Mentions sharing and following in running text.
    "Perusahaan itu memutuskan untuk berbagi data dengan regulator dan mengikuti aturan baru pemerintah.",
    # A copyright dispute is news, not a footer, when it is a full paragraph.
    "Penerbit itu menggugat platform daring karena dugaan pelanggaran hak cipta atas ribuan buku digital yang diunggah tanpa izin sejak 2019.",
    "The minister said the close vote showed the country was divided over the new tax on sugary drinks.",
    "Sumber daya alam Indonesia melimpah, namun pengelolaannya masih menjadi tantangan besar bagi pemerintah.",
    "By the end of the year, the company expects to hire another 500 engineers in Jakarta and Surabaya.",
], ids=["baca-verb", "quote-menu", "berbagi", "copyright-news", "close-vote", "sumber-daya", "by-the-end"])
def test_content_that_looks_like_boilerplate_is_kept(line):
    assert match_rule(line) is None
    assert is_sentence_like(line, None)


def test_site_prefix_and_end_marker_are_stripped():
    assert strip_prefix("JAKARTA, KOMPAS.com - Banjir kembali merendam sejumlah wilayah di ibu kota pagi ini.")[0].startswith("Banjir")
    assert strip_prefix("WWW.SINYALMAGZ.COM – Mark Zuckerberg tengah pusing memikirkan masa depan AI.")[0].startswith("Mark")
    assert strip_prefix("TEMPO.CO, Jakarta - Indonesia could learn from Finland in handling peatlands.")[0].startswith("Indonesia")
    assert strip_prefix("PUTRAJAYA, Nov 22 — Private companies did not pay for the trips, he said.")[0].startswith("Private")
    # A city name alone is part of the sentence, not a site prefix.
    assert strip_prefix("Bogor –Ambisi Meta menghadapi tantangan serius di pasar global.")[1] is None
    assert strip_end_marker("Ia menambahkan bahwa proyek akan selesai tahun depan.(*)") == (
        "Ia menambahkan bahwa proyek akan selesai tahun depan.", "(*)")
    assert strip_end_marker("Kegiatan ditutup dengan doa bersama. (E-2)")[1] == "(E-2)"
    # A parenthesis inside the text is not an end marker.
    assert strip_end_marker("Faisal (37) ditangkap polisi di rumahnya pada Rabu (4/11).")[1] is None


def test_headline_kept_once_as_title_and_repeats_dropped():
    headline = "Kota Bangun Jalur Sepeda Sepanjang 40 Kilometer"
    lines = ["menu", headline, "Selasa, 12 Maret 2024 | 10:00 WIB", BODY[0], headline, *BODY[1:], "Berita Terkait", headline]
    result = classify(lines)
    assert result.title == headline
    assert list(result.paragraphs) == BODY
    assert len([d for d in result.dropped if d.line == headline]) == 2


def test_teaser_headlines_before_the_body_are_not_the_title():
    headline = "Kota Bangun Jalur Sepeda Sepanjang 40 Kilometer"
    lines = [headline, "Budi Santoso - kotanews", "Harga Cabai Melonjak Jelang Lebaran", "Jakarta -", *BODY]
    assert classify(lines).title == headline


def test_subheadings_inside_the_body_are_kept_and_links_after_it_dropped():
    lines = [BODY[0], BODY[1], "LATAR BELAKANG", BODY[2], BODY[3], "Baca Juga", "Harga Cabai Melonjak Jelang Lebaran",
             "Gempa Guncang Cianjur Pagi Ini", "Tags", "Topik Populer"]
    result = classify(lines)
    assert "LATAR BELAKANG" in result.paragraphs
    assert list(result.paragraphs) == [BODY[0], BODY[1], "LATAR BELAKANG", BODY[2], BODY[3]]


def test_every_dropped_line_has_a_reason_and_no_line_is_lost():
    lines = ["menu", "Latest News", *BODY, "(ant)", "Copyright © 2024 Kota News"]
    result = classify(lines)
    assert len(result.paragraphs) + len(result.dropped) == len(lines)
    assert all(d.reason for d in result.dropped)


def test_template_lines_learned_per_site_but_never_sentences():
    quote = "\"Kami akan terus mengawal proyek ini sampai selesai,\" kata wali kota dalam konferensi pers."
    pages = [("kota.news", ["Slogan: Berita Terpercaya Warga Kota", quote, BODY[0]]),
             ("kota.news", ["Slogan: Berita Terpercaya Warga Kota", quote, BODY[1]]),
             ("other.site", ["Slogan: Berita Terpercaya Warga Kota"])]
    template = learn_template(pages)
    assert "Slogan: Berita Terpercaya Warga Kota" in template["kota.news"]
    assert quote not in template["kota.news"]  # two articles quoting one sentence keep it
    assert "Slogan: Berita Terpercaya Warga Kota" not in template.get("other.site", frozenset())


def test_a_list_of_links_under_a_read_also_header_inside_the_body_is_dropped():
    links = ["Harga Cabai Melonjak Jelang Lebaran", "Gempa Guncang Cianjur Pagi Ini", "BI Tahan Suku Bunga",
             "Banjir Rendam Jakarta Utara", "Jalan Tol Baru Dibuka"]
    lines = [BODY[0], BODY[1], "ARTIKEL TERKAIT", *links, BODY[2], BODY[3]]
    result = classify(lines)
    assert list(result.paragraphs) == BODY
    assert {d.line for d in result.dropped if d.reason == "read-also"} == {"ARTIKEL TERKAIT", *links}


def test_the_title_is_not_taken_from_a_list_of_related_headlines():
    headline = "Kota Bangun Jalur Sepeda Sepanjang 40 Kilometer"
    related = ["Rencana Jalur Sepeda Kota Ditolak Pedagang Pasar", "Warga Kota Minta Jalur Sepeda Diperluas Tahun Depan",
               "Dinas Perhubungan Kota Umumkan Proyek Baru"]
    lines = ["Regional", headline, "Selasa, 12 Maret 2024 | 10:00 WIB", "Terkait", *related, "Tweet", *BODY]
    assert classify(lines).title == headline
