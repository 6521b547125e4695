"""Overlap detection (*tumpang tindih*): two agencies proposing the same kind of work in the same place.

Pure functions, no database: `signature()` turns a proposal's activity text into canonical words
(lower case, Indonesian stop words and planning verbs removed, synonyms folded, place names removed);
`score()` compares two proposals by place and by those words and explains itself in plain reasons.
The service layer (inputs.py) stores signatures and the pairs found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Multi-word phrases folded to one canonical word before splitting, longest first.
PHRASES = {
    "sarana air minum": "air_minum", "sarana air bersih": "air_minum", "air bersih": "air_minum",
    "air minum": "air_minum", "spam": "air_minum", "penyediaan air": "air_minum", "pamsimas": "air_minum",
    "sumur bor": "air_minum",
    "puskesmas pembantu": "pustu", "puskesmas keliling": "pusling", "pos kesehatan desa": "poskesdes",
    "jalan poros": "jalan", "jalan desa": "jalan", "jalan lingkungan": "jalan", "jalan usaha tani": "jalan_tani",
    "jalan setapak": "jalan", "ruas jalan": "jalan", "badan jalan": "jalan", "rabat beton": "jalan",
    "jalan produksi": "jalan_tani",
    "penerangan jalan umum": "listrik", "pju": "listrik", "plts": "listrik", "tenaga surya": "listrik",
    "listrik desa": "listrik", "jaringan listrik": "listrik",
    "base transceiver station": "telekomunikasi", "bts": "telekomunikasi", "menara telekomunikasi": "telekomunikasi",
    "sinyal": "telekomunikasi", "jaringan internet": "telekomunikasi", "internet": "telekomunikasi",
    "blank spot": "telekomunikasi",
    "sekolah dasar": "sekolah", "ruang kelas": "sekolah", "rkb": "sekolah", "gedung sekolah": "sekolah",
    "pasar desa": "pasar", "pasar perbatasan": "pasar",
    "tambatan perahu": "dermaga", "dermaga": "dermaga",
    "pos lintas batas negara": "plbn", "plbn": "plbn",
    "badan usaha milik desa": "bumdes", "bumdes": "bumdes",
    "rumah tidak layak huni": "rtlh", "rtlh": "rtlh", "bedah rumah": "rtlh",
    "irigasi": "irigasi", "saluran irigasi": "irigasi", "jaringan irigasi": "irigasi",
    "drainase": "drainase", "saluran drainase": "drainase",
    "jembatan gantung": "jembatan",
    "stunting": "gizi", "gizi buruk": "gizi", "makanan tambahan": "gizi",
    "narkotika": "narkoba", "narkoba": "narkoba",
    "tenaga kerja": "pekerja_migran", "pekerja migran": "pekerja_migran", "tki": "pekerja_migran",
    "pmi": "pekerja_migran",
}
WORD_SYNONYMS = {
    "jln": "jalan", "jl": "jalan", "pustu": "pustu", "puskesmas": "puskesmas", "sd": "sekolah", "smp": "sekolah",
    "sma": "sekolah", "smk": "sekolah", "sekolah": "sekolah", "pompong": "perahu", "speedboat": "perahu",
    "motoris": "perahu", "ambulans": "ambulan", "ambulance": "ambulan",
}
# Planning verbs and filler: they say how, not what ("pembangunan" or "peningkatan" of a road).
STOP_WORDS = set("""
pembangunan bangun membangun peningkatan tingkatkan rehabilitasi rehab pemeliharaan pelebaran perbaikan
pengerasan pengaspalan aspal hotmix rekonstruksi renovasi pengadaan penyediaan pembuatan perluasan penambahan
optimalisasi pengembangan penguatan fasilitasi sosialisasi pelatihan bimbingan teknis bimtek program kegiatan
sub subkegiatan lanjutan tahap lanjut baru unit paket buah lokasi wilayah kawasan daerah perbatasan dan atau
di ke dari yang untuk pada dengan dalam bagi oleh serta sebagai ini itu tersebut antar menuju km meter m unit
desa dusun kecamatan kabupaten kab kec kota kampung kelurahan provinsi kalimantan barat kalbar sarana prasarana
fasilitas gedung bangunan kondisi rusak berat ringan umum masyarakat warga jalan_menuju
""".split())
WORD_RE = re.compile(r"[a-z0-9_]+")


def _fold_phrases(text: str) -> str:
    for phrase in sorted(PHRASES, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(phrase)}\b", PHRASES[phrase], text)
    return text


def signature(*texts: str, places: set[str] | frozenset[str] = frozenset()) -> str:
    """The canonical content words of a proposal's texts, sorted and space-separated."""
    text = " ".join(t for t in texts if t).lower()
    text = _fold_phrases(text)
    words = set()
    for word in WORD_RE.findall(text):
        word = WORD_SYNONYMS.get(word, word)
        if word in STOP_WORDS or word in places or word.isdigit() or len(word) < 3:
            continue
        words.add(word)
    return " ".join(sorted(words))


@dataclass(frozen=True)
class Proposal:
    id: int
    agency_id: int | None
    regency: str
    district: str
    village: str
    words: frozenset[str]

    @classmethod
    def of(cls, id, agency_id, regency, district, village, match_text):  # noqa: A002 (domain name)
        return cls(id, agency_id, regency or "", district or "", village or "", frozenset((match_text or "").split()))


# Words that name the kind of work; sharing one of them is strong evidence of the same work.
TOPIC_LABELS = {
    "jalan": "village roads", "jalan_tani": "farm roads", "jembatan": "bridges", "air_minum": "drinking water",
    "pustu": "auxiliary health posts", "puskesmas": "health centres", "poskesdes": "village health posts",
    "sekolah": "schools", "listrik": "electricity and lighting", "telekomunikasi": "telecommunication signal",
    "pasar": "markets", "dermaga": "jetties", "irigasi": "irrigation", "drainase": "drainage", "rtlh": "housing",
    "bumdes": "village enterprises", "gizi": "nutrition", "narkoba": "narcotics", "pekerja_migran": "migrant workers",
    "plbn": "border posts", "perahu": "boats", "ambulan": "ambulances",
}
THRESHOLD = 0.6


def score(a: Proposal, b: Proposal) -> tuple[float, list[str]]:
    """How likely `a` and `b` are the same work in the same place (0–1), with the reasons."""
    reasons: list[str] = []
    if a.regency and b.regency and a.regency != b.regency:
        return 0.0, []
    place = 0.0
    if a.village and a.village == b.village and a.district == b.district:
        place = 0.5
        reasons.append(f"same village {a.village}")
    elif a.district and a.district == b.district:
        place = 0.3 if not (a.village and b.village) else 0.15
        reasons.append(f"same sub-district {a.district}")
    elif a.regency and a.regency == b.regency:
        place = 0.05
    if not a.words or not b.words:
        return 0.0, []
    shared = a.words & b.words
    topics = sorted(w for w in shared if w in TOPIC_LABELS)
    similarity = len(shared) / len(a.words | b.words)
    text = 0.0
    if topics:
        text = 0.35 + 0.15 * min(1.0, similarity * 2)
        reasons.append("both about " + ", ".join(TOPIC_LABELS[t] for t in topics))
    elif shared:
        text = 0.4 * similarity
        if similarity >= 0.5:
            reasons.append("similar activity: " + ", ".join(sorted(shared)[:4]))
    if text == 0.0:
        return 0.0, []
    return round(min(1.0, place + text), 3), reasons


def candidates(new: Proposal, existing: list[Proposal], threshold: float = THRESHOLD
               ) -> list[tuple[int, float, list[str]]]:
    """Other agencies' proposals that overlap `new`, best first."""
    found = []
    for other in existing:
        if other.id == new.id or (new.agency_id is not None and other.agency_id == new.agency_id):
            continue
        value, reasons = score(new, other)
        if value >= threshold:
            found.append((other.id, value, reasons))
    found.sort(key=lambda item: -item[1])
    return found
