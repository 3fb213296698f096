"""Function words per language: cleaning uses their density, extractive summaries ignore them."""
from __future__ import annotations

_ID = """yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan juga oleh sebagai
atau karena bahwa ada telah sudah saat para kami kita mereka ia dia saya anda tersebut lebih
bisa dapat hanya masih namun tetapi tapi jika kalau agar supaya serta seperti hingga sampai
antara setelah sebelum sejak selama tentang terhadap bagi per pun lagi sangat akan harus
sebuah seorang satu beberapa banyak semua setiap secara yakni yaitu menjadi merupakan
kata ujar menurut nya sedang belum pernah oleh bila maka sehingga namun demikian
""".split()
_MS = """yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan juga oleh sebagai
atau kerana bahawa ada telah sudah ketika para kami kita mereka beliau dia saya anda tersebut
lebih boleh dapat hanya masih namun tetapi jika kalau agar supaya serta seperti hingga
sehingga antara selepas sebelum sejak selama tentang terhadap bagi lagi sangat perlu harus
sebuah seorang satu beberapa banyak semua setiap secara iaitu menjadi merupakan kata menurut
""".split()
_EN = """the a an and or but of to in on at for with by from as is are was were be been being
that this these those it its he she they we you i his her their our your not no can could
will would should may might must has have had do does did than then there here which who
whom whose what when where why how about into over after before between during under also
said says more most such only other some any each all both very so if because while
""".split()

STOPWORDS: dict[str, frozenset[str]] = {
    "id": frozenset(_ID),
    "ms": frozenset(_MS),
    "en": frozenset(_EN),
}
# Unknown languages: the union still finds function words in mixed pages.
ANY = frozenset(_ID) | frozenset(_MS) | frozenset(_EN)


def stopwords(language: str | None) -> frozenset[str]:
    return STOPWORDS.get(language or "", ANY)
