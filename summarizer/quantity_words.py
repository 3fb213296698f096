"""A general bilingual lexicon of news quantities (Indonesian/Malay and English).

What a figure measures is read from the words around it: a predicate ("tewas", "killed"), a
quantity noun ("kerugian", "revenue") or the noun it counts ("pendaki", "hikers"). Each entry
maps word stems to one English name, so an Indonesian and an English outlet meet on the same
name. A stem matches a word that starts with it ("luka" covers "luka-luka", "rusak" covers
"rusaknya"). Nothing here comes from one story: these are the quantities news reports.
"""
from __future__ import annotations

# What is measured: predicates and quantity nouns → English name.
MEASURES: dict[str, tuple[str, ...]] = {
    "killed": ("tewas", "meninggal", "menewaskan", "wafat", "korban jiwa", "korban meninggal", "terbunuh",
               "mati", "maut", "terkorban", "kematian", "killed", "kill", "dead", "died", "die ", "deaths", "death toll",
               "fatalities", "fatality", "perished", "lives", "bodies", "jenazah", "mayat", "jasad"),
    "injured": ("luka", "terluka", "cedera", "injured", "injuries", "injuring", "wounded", "hurt",
                "hospitalised", "hospitalized", "dirawat"),
    "missing": ("hilang", "missing", "unaccounted", "belum ditemukan", "tertimbun", "buried", "trapped",
                "searched for", "masih dicari", "dalam pencarian", "masih dalam pencarian",
                "terjebak", "terperangkap", "tertimbus"),
    "sick": ("keracunan", "poisoning", "poisoned", "jatuh sakit", "fell ill", "sickened", "terinfeksi",
             "terjangkit", "dijangkiti", "mendapatkan rawatan", "menerima rawatan", "mendapat rawatan",
             "received treatment", "sought treatment", "treated for"),
    "displaced": ("mengungsi", "pengungsi", "pengungsian", "dievakuasi", "evakuasi", "evacuat", "displaced",
                  "homeless", "refugee", "dipindahkan", "relocated", "sheltered", "terlantar"),
    "stranded": ("terkandas", "stranded", "terdampar", "terisolasi", "isolated", "cut off"),
    "on board": ("on board", "onboard", "carrying", "membawa", "mengangkut", "menumpang", "aboard"),
    "rescued": ("diselamatkan", "rescued", "survivors", "survived", "selamat"),
    "arrested": ("ditangkap", "menangkap", "diamankan", "ditahan", "tersangka", "arrested", "arrest",
                 "detained", "suspects", "dibekuk", "diringkus", "direman", "custody", "menahan", "detain",
                 "apprehended", "nabbed", "rounded up"),
    "laid off": ("phk", "pemutusan hubungan kerja", "dirumahkan", "diberhentikan", "memberhentikan",
                 "dipecat", "laid off", "layoff", "lay off", "laying off", "lays off", "job cuts", "retrench", "terminated", "fired",
                 "dismissed", "kehilangan pekerjaan", "lost their jobs", "lose their jobs", "job loss", "redundan",
                 "buang kerja", "kehilangan kerja", "hilang pekerjaan"),
    "damaged": ("rusak", "kerusakan", "rosak", "damaged", "destroyed", "hancur", "roboh", "ambruk",
                "collapsed", "razed", "terbakar", "burned", "burnt", "flattened", "musnah", "gutted"),
    "employed": ("mempekerjakan", "employed", "employs", "employing", "workforce", "headcount"),
    "losses": ("kerugian", "rugi", "kerosakan", "losses", "loss"),
    "cost": ("biaya", "kos ", "cost", "spent", "spend", "belanja", "pengeluaran", "expenditure", "perbelanjaan"),
    "price": ("harga", "price", "priced", "tarif", "fare", "tariff", "seharga"),
    "budget": ("anggaran", "budget", "peruntukan", "allocat", "alokasi", "set aside", "earmark",
               "disiapkan dana", "menyiapkan dana"),
    "imports": ("impor", "mengimpor", "import", "diimpor"),
    "exports": ("ekspor", "mengekspor", "export", "eksport", "diekspor"),
    "production": ("produksi", "memproduksi", "production", "produce", "output", "panen", "harvest"),
    "stock": ("stok", "cadangan", "persediaan", "stock", "stockpile", "reserves", "inventor", "simpanan"),
    "revenue": ("pendapatan", "revenue", "omzet", "penjualan", "sales", "turnover", "hasil jualan"),
    "profit": ("laba", "keuntungan", "untung", "profit", "net income", "earnings"),
    "debt": ("utang", "hutang", "debt", "liabilit", "pinjaman", "loan"),
    "investment": ("investasi", "menginvestasikan", "berinvestasi", "invested", "investing", "invests",
                   "investment", "to invest", "penanaman modal", "pelaburan",
                   "melabur", "pendanaan", "funding", "suntikan dana"),
    "valuation": ("valuasi", "valuation", "valued", "valuing", "bernilai", "menilai", "market value", "senilai",
                  "dengan nilai", "worth",
                  "kapitalisasi pasar", "market cap"),
    "stake": ("saham", "stake", "kepemilikan", "ownership", "pegangan", "ekuiti"),
    "acquisition": ("akuisisi", "mengakuisisi", "acquir", "acquisition", "membeli", "bought", "buy",
                    "pengambilalihan", "takeover", "beli", "mengambil alih", "ambil alih", "take over",
                    "taking over"),
    "capacity": ("kapasitas", "kapasiti", "capacity", "daya tampung", "overcapacity", "muatan", "holds",
                 "can hold", "seating", "seats", "accommodate", "menampung", "tampung"),
    "index": ("indeks", "index", "ipu", "ispu", "aqi", "api reading", "bacaan", "reading"),
    "seized": ("menyita", "disita", "sitaan", "penyitaan", "seized", "seize", "seizure", "confiscat",
               "merampas", "dirampas", "rampasan", "rampas", "forfeit"),
    "compensation": ("denda", "fine", "ganti rugi", "pampasan", "compensation", "santunan", "pampasan"),
    "votes": ("suara", "votes", "undi", "ballots", "voted"),
    "turnout": ("partisipasi", "turnout", "keluar mengundi", "peratusan keluar", "voter turnout",
                "tingkat kehadiran pemilih"),
    "height": ("ketinggian", "tinggi", "height", "tall", "elevation", "altitude", "mdpl"),
    "depth": ("kedalaman", "depth", "deep"),
    "distance": ("jarak", "distance", "away", "sejauh", "dari pusat"),
    "area": ("luas", "area", "hektare", "hectare"),
    "magnitude": ("magnitudo", "magnitude", "skala richter", "richter", "berkekuatan", "kekuatan gempa"),
    "aftershocks": ("gempa susulan", "lindu susulan", "aftershock"),  # Malay "susulan" alone: "following"
    "growth": ("pertumbuhan", "tumbuh", "growth", "grew", "kenaikan", "meningkat", "increase", "naik", "rose",
               "risen", "rise", "jump", "surge", "climb", "soar", "melonjak", "lonjakan", "melambung", "is up",
               "are up", "was up", "were up", "up by"),
    "decline": ("penurunan", "turun", "decline", "fell", "dropped", "anjlok", "merosot", "fall", "is down",
                "are down", "was down", "were down", "down by"),
    "inflation": ("inflasi", "inflation"),
    "interest rate": ("suku bunga", "interest rate", "kadar faedah"),
    "unemployment": ("pengangguran", "unemployment", "jobless", "pengangguran"),
    "age": ("berusia", "usia", "umur", "aged", "year-old", "years old", "berumur"),
    "sentence": ("penjara", "hukuman", "vonis", "sentenced", "prison", "jail", "dipenjara"),
    "population": ("populasi", "population", "inhabitants", "jumlah penduduk"),
    "attendance": ("peserta", "participants", "attendees", "attended", "dihadiri", "crowd", "hadirin",
                   "berkumpul", "gathered", "rallied", "marched", "turun ke jalan", "took to the streets",
                   "berhimpun"),
    "vacancies": ("lowongan", "vacanc", "job openings", "kekosongan"),
    "deal": ("kesepakatan", "sepakat", "setuju", "menyetujui", "perjanjian", "deal", "agreed", "agreement",
             "transaksi", "signed", "ditandatangani", "perjanjian"),
    "speed": ("kecepatan", "speed", "kelajuan"),
    "temperature": ("suhu", "temperature"),
    "duration": ("selama", "lasted", "berlangsung", "for about", "durasi"),
}
# Measures only people have: counts sharing one count people, whatever noun each outlet uses.
PEOPLE_MEASURES = {"killed", "injured", "missing", "displaced", "stranded", "rescued", "arrested", "laid off"}
# Measures of a change say how a figure moved, not what it counts: "rose to 31" needs its subject.
CHANGES = {"growth", "decline"}
# Measures of one family can name one quantity: a deal's price is the money invested in it.
FAMILIES = ({"investment", "acquisition", "price", "deal", "stake"}, {"losses", "damaged", "cost"},
            {"budget", "cost"}, {"missing", "killed"})
# Measures that say little on their own ("affected", "recorded"): they never make two figures
# the same quantity, nor keep them apart.
WEAK = ("terdampak", "terkena", "terjejas", "affected", "impacted", "tercatat", "recorded", "total",
        "jumlah", "sebanyak", "mencapai", "reached")

# Nouns a figure counts → the class it belongs to; classes in HUMAN are all people.
NOUNS: dict[str, tuple[str, ...]] = {
    "people": ("orang", "jiwa", "warga", "people", "persons", "person", "individu", "individual", "residents",
               "penduduk", "korban", "victims", "mangsa", "nyawa", "penghuni", "occupants"),
    "workers": ("karyawan", "pekerja", "buruh", "pegawai", "staf", "staff", "employees", "workers",
                "kakitangan", "tenaga kerja", "jobs"),
    "students": ("siswa", "murid", "pelajar", "mahasiswa", "santri", "students", "pupils", "schoolchildren"),
    "children": ("anak", "kanak-kanak", "children", "kids", "balita", "bayi", "infants"),
    "hikers": ("pendaki", "hikers", "climbers", "mountaineers", "trekkers"),
    "fishermen": ("nelayan", "fishermen", "pemancing"),
    "travellers": ("pemudik", "travellers", "travelers", "commuters", "pelancong", "tourists", "wisatawan",
                   "turis", "visitors", "pengunjung"),
    "protesters": ("demonstran", "pengunjuk rasa", "penunjuk perasaan", "protesters", "protestors",
                   "demonstrators", "massa aksi"),
    "prisoners": ("tahanan", "narapidana", "napi", "banduan", "prisoners", "inmates", "detainees"),
    "soldiers": ("tentara", "prajurit", "askar", "soldiers", "troops", "personnel", "personel"),
    "police": ("polisi", "police", "officers", "anggota polri"),
    "passengers": ("penumpang", "passengers", "riders"),
    "crew": ("anak buah kapal", "anak kapal", "awak kapal", "abk", "crew", "kru", "krew", "awak"),
    "guests": ("tetamu", "tamu", "guests", "undangan"),
    "spectators": ("penonton", "suporter", "supporters", "fans", "spectators", "penyokong", "audience"),
    "patients": ("pasien", "pesakit", "patients"),
    "customers": ("pelanggan", "customers", "subscribers", "users", "pengguna", "nasabah", "consumers",
                  "konsumen", "pengguna"),
    "pilgrims": ("jemaah", "jamaah", "pilgrims"),
    "migrants": ("migran", "migrants", "pendatang"),
    "doctors": ("dokter", "doktor", "doctors", "nurses", "perawat", "jururawat", "medics"),
    "teachers": ("guru", "cikgu", "teachers"),
    "farmers": ("petani", "pekebun", "farmers", "growers"),
    "deaths": ("fatalities", "deaths", "dead", "korban tewas", "korban meninggal", "jenazah", "bodies", "mayat",
               "corpses"),
    "evacuees": ("pengungsi", "evacuees", "refugees", "displaced"),
    "suspects": ("tersangka", "suspects", "suspek"),
    "families": ("keluarga", "kk", "kepala keluarga", "households", "families", "isi rumah"),
    "houses": ("rumah", "homes", "houses", "kediaman", "dwellings", "hunian"),
    "buildings": ("bangunan", "gedung", "buildings", "structures", "bangunan"),
    "vehicles": ("kendaraan", "mobil", "kenderaan", "vehicles", "cars", "trucks", "truk", "motor"),
    "ships": ("kapal", "perahu", "bot", "ships", "boats", "vessels"),
    "flights": ("penerbangan", "flights", "pesawat", "aircraft", "planes"),
    "schools": ("sekolah", "schools", "madrasah"),
    "villages": ("desa", "kampung", "villages", "kelurahan"),
    "districts": ("kecamatan", "kabupaten", "districts", "regencies", "provinsi", "provinces", "negeri"),
    "sites": ("titik", "lokasi", "locations", "sites", "posko", "points", "tempat"),
    "times": ("kali", "times"),
    "companies": ("perusahaan", "companies", "firms", "syarikat", "pabrik", "factories", "kilang"),
    "vacancies": ("lowongan", "vacancies", "openings", "kekosongan"),
    "cases": ("kasus", "kes", "cases", "infections", "infeksi", "jangkitan"),
    "shares": ("lembar saham", "shares", "saham"),
    "days": ("hari", "days", "day"), "hours": ("jam", "hours", "hour"),
    "minutes": ("menit", "minit", "minutes", "minute"), "seconds": ("detik", "saat", "seconds", "second"),
    "years": ("tahun", "years", "year"), "months": ("bulan", "months", "month"),
    "weeks": ("pekan", "minggu", "weeks", "week"),
}
HUMAN = {"people", "workers", "students", "spectators", "children", "hikers", "fishermen", "travellers", "protesters",
         "prisoners", "soldiers", "police", "passengers", "patients", "pilgrims", "migrants", "doctors",
         "teachers", "farmers", "deaths", "evacuees", "suspects", "crew", "guests"}
STRUCTURES = {"houses", "buildings"}
# Counted nouns that name what is measured as well ("162 fatalities" = killed).
NOUN_MEASURES = {"deaths": "killed", "evacuees": "displaced", "suspects": "arrested", "vacancies": "vacancies",
                 "protesters": "attendance"}
# Classifiers skipped before the noun they classify ("14 unit rumah", "8.504 orang karyawan").
CLASSIFIERS = {"orang", "unit", "buah", "ekor", "units", "pieces", "biji", "lembar", "batang", "pucuk"}

# Measures written as units after (or before) a number.
MEASURE_UNITS: dict[str, str] = {
    "km": "km", "kilometer": "km", "kilometers": "km", "kilometre": "km", "kilometres": "km",
    "kilometer persegi": "km2", "km2": "km2", "m": "m", "meter": "m", "meters": "m", "metre": "m",
    "metres": "m", "mdpl": "m", "cm": "cm", "mm": "mm", "mil": "mile", "miles": "mile", "kg": "kg",
    "kilogram": "kg", "ton": "t", "tons": "t", "tonnes": "t", "tan": "t", "hektare": "ha", "hektar": "ha",
    "hectares": "ha", "ha": "ha", "liter": "l", "litres": "l", "liters": "l", "mw": "MW", "gw": "GW",
    "derajat": "deg", "degrees": "deg", "°c": "deg", "knot": "knot", "knots": "knot", "mph": "mph",
    "km/jam": "km/h", "km/h": "km/h", "sr": "magnitude",
}
MAGNITUDE_BEFORE = ("magnitudo", "magnitude", "berkekuatan", "kekuatan")  # "M 5.6": M_PREFIX
SEVERITY = {"ringan": "light", "sedang": "moderate", "berat": "heavy", "parah": "heavy", "kritis": "critical",
            "light": "light", "minor": "light", "moderate": "moderate", "heavy": "heavy", "heavily": "heavy",
            "serious": "heavy", "seriously": "heavy", "severe": "heavy", "severely": "heavy",
            "critical": "critical", "critically": "critical", "teruk": "heavy"}

# Hedges → how the interval around the written value is drawn.
HEDGES_BEFORE: dict[str, str] = {
    "lebih dari": "more than", "lebih": "more than", "lebih daripada": "more than", "more than": "more than", "over": "more than",
    "melebihi": "more than", "above": "more than", "upwards of": "more than", "north of": "more than",
    "in excess of": "more than", "exceeding": "more than", "sedikitnya": "at least", "setidaknya": "at least",
    "paling sedikit": "at least", "minimal": "at least", "sekurang-kurangnya": "at least",
    "at least": "at least", "no fewer than": "at least", "sekitar": "about", "sekira": "about",
    "kurang lebih": "about", "lebih kurang": "about", "kira-kira": "about", "kisaran": "about",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "an estimated": "about", "estimated": "about", "ditaksir": "about", "diperkirakan": "about",
    "dianggarkan": "about", "anggaran": "about", "hampir": "almost", "nyaris": "almost", "almost": "almost",
    "nearly": "almost", "close to": "almost", "up to": "up to", "as many as": "up to", "maksimal": "up to", "paling banyak": "up to", "kurang dari": "less than",
    "less than": "less than", "fewer than": "less than", "under": "less than", "below": "less than",
    "tidak sampai": "less than", "tak sampai": "less than",
}
HEDGES_AFTER: dict[str, str] = {"lebih": "more than", "lebih banyak": "more than", "-an": "about", "an": "about",
                                "+": "more than", "plus": "more than", "odd": "more than", "or more": "at least"}

# A sentence citing another side's figure, or a figure replacing an earlier one: one outlet may
# then give two values of one quantity without their being two quantities.
DISPUTE_MARKERS = ("berbeda", "beda dengan", "versi", "different from", "differ", "contrary", "contradict",
                   "disputed", "membantah", "denied", "sementara data", "whereas", "sedangkan",
                   "mendakwa", "dakwaan", "mengklaim", "klaim", "claimed", "claims", "however",
                   "bagaimanapun", "sebaliknya")
UPDATE_MARKERS = ("bertambah", "naik menjadi", "meningkat menjadi", "rose to", "risen to", "increased to",
                  "climbed to", "jumped to", "up from", "has risen", "has increased", "revised", "updated",
                  "meningkat kepada", "bertambah kepada", "direvisi", "diperbarui")
