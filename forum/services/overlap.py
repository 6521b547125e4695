"""Overlap detection (*tumpang tindih*): two agencies proposing the same kind of work in the same place.

Pure functions over plain values (the region list is read, no database): `signature()` turns a proposal's
texts into canonical words once, when it arrives; `score()` compares two proposals by place and by those
words and explains itself with structured reasons, which `describe()` renders in the user's language.

How the words are made (Indonesian normalisation):
- lower case, punctuation dropped, "Sei" read as "Sungai", reduplication ("sekolah-sekolah") folded;
- place names of the proposal's regency removed (villages named in the text are kept aside as mentions,
  so "ruas jalan Sebunga – Sungai Bening" also counts for Sungai Bening);
- planning vocabulary folded to one concept per kind of work (`CONCEPTS`: "SPAM", "sarana air bersih" and
  "sumur bor" are all `air_minum`; "Pustu" and "Puskesmas Pembantu" are `pustu`);
- planning verbs and filler dropped ("pembangunan", "peningkatan", "rehabilitasi", "pemeliharaan berkala",
  the pe(m/n/ng/ny)-…-an process nouns), then a light stemmer for what is left.
The **heads** are the main objects of the title: the first concept of each coordinated part ("jalan dan
jembatan" → jalan, jembatan; "drainase kawasan pasar" → drainase only). Two proposals are about the same
work when they share a head; school levels (SD/SMP/SMA/SMK) of the same family must not contradict, and
physical work (*fisik*: building, repairing, procuring) is not the same as training or outreach on the
same object (*non-fisik*).

Place counts for more than text: same village strongly, same sub-district less; proposals in different
sub-districts (or different villages of one sub-district) can never reach the threshold, which lets the
service prefilter candidates by sub-district in SQL (see `MAX_TEXT`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

# --- planning vocabulary ---------------------------------------------------------------------
# concept: (what the reason says, the phrases that name it). Phrases are matched longest first on the
# lower-cased text, so "jalan usaha tani" wins over "jalan" and "rumah dinas guru" over "guru".
CONCEPTS: dict[str, tuple] = {
    "jalan": (_l("roads"), "jalan, jln, jl, jalan desa, jalan poros, jalan lingkungan, jalan setapak, ruas jalan, "
                           "badan jalan, rabat beton, jalan paralel, jalan penghubung, jalan akses, akses jalan, "
                           "jalan kabupaten, jalan provinsi, jalan inspeksi, semenisasi jalan, pengaspalan jalan"),
    "jalan_tani": (_l("farm roads"), "jalan usaha tani, jalan produksi, jut, jalan kebun"),
    "jembatan": (_l("bridges"), "jembatan, jembatan gantung, titian, titian gantung, gertak"),
    "air_minum": (_l("drinking water"), "air bersih, air minum, spam, sistem penyediaan air minum, sarana air minum, "
                                        "sarana air bersih, pamsimas, sumur bor, sumur gali, perpipaan air, "
                                        "jaringan perpipaan, penampungan air hujan, pah, hidran umum, "
                                        "instalasi pengolahan air, tandon air, reservoir"),
    "sanitasi": (_l("sanitation"), "sanitasi, jamban, jamban sehat, jamban keluarga, mck, air limbah, ipal, "
                                   "septic tank, tangki septik"),
    "sampah": (_l("waste"), "sampah, persampahan, tps, tps3r, bank sampah"),
    "drainase": (_l("drainage"), "drainase, saluran drainase, parit, gorong gorong"),
    "irigasi": (_l("irrigation"), "irigasi, saluran irigasi, jaringan irigasi, daerah irigasi, bendung"),
    "embung": (_l("small reservoirs"), "embung"),
    "tebing": (_l("riverbank protection"), "turap, talud, penahan tebing, pengaman tebing, tanggul, bronjong"),
    "sungai": (_l("rivers"), "normalisasi sungai, pengerukan sungai, alur sungai"),
    "listrik": (_l("electricity"), "listrik, listrik desa, jaringan listrik, plts, pltmh, tenaga surya, "
                                   "pembangkit listrik, pln, berlistrik"),
    "pju": (_l("street lighting"), "pju, penerangan jalan, penerangan jalan umum, lampu jalan, lampu penerangan"),
    "telekomunikasi": (_l("telecommunication signal"), "bts, base transceiver station, menara telekomunikasi, "
                                                       "telekomunikasi, sinyal, blank spot, blankspot, seluler, "
                                                       "jaringan seluler, telepon seluler, internet, "
                                                       "jaringan internet, akses internet, wifi, fiber optik"),
    "puskesmas": (_l("health centres"), "puskesmas, puskesmas rawat inap"),
    "pustu": (_l("auxiliary health posts"), "pustu, puskesmas pembantu"),
    "poskesdes": (_l("village health posts"), "poskesdes, polindes, pos kesehatan desa, pondok bersalin desa"),
    "posyandu": (_l("integrated health posts"), "posyandu"),
    "rumah_sakit": (_l("hospitals"), "rumah sakit, rsud, rs pratama"),
    "ambulan": (_l("ambulances"), "ambulans, ambulance, ambulan, mobil ambulans, mobil ambulance, ambulans air, "
                                  "speedboat ambulans, perahu ambulans, kapal ambulans"),
    "pusling": (_l("mobile health services"), "puskesmas keliling, pusling"),
    "gizi": (_l("nutrition and stunting"), "gizi, gizi buruk, stunting, makanan tambahan, pmt"),
    "alkes": (_l("medical equipment"), "alat kesehatan, alkes"),
    "nakes": (_l("health workers"), "tenaga kesehatan, nakes, dokter, bidan, perawat"),
    "sekolah": (_l("schools"), "sekolah, ruang kelas, ruang kelas baru, rkb, unit sekolah baru, usb, gedung sekolah"),
    "sd": (_l("primary schools"), "sd, sdn, sekolah dasar"),
    "smp": (_l("junior high schools"), "smp, smpn, sltp, sekolah menengah pertama"),
    "sma": (_l("senior high schools"), "sma, sman, slta, sekolah menengah atas"),
    "smk": (_l("vocational schools"), "smk, smkn, sekolah menengah kejuruan"),
    "paud": (_l("early childhood education"), "paud, taman kanak kanak"),
    "rumah_guru": (_l("teachers' housing"), "rumah guru, rumah dinas guru, mess guru"),
    "asrama": (_l("dormitories"), "asrama, asrama siswa"),
    "perpustakaan": (_l("libraries"), "perpustakaan, taman bacaan"),
    "guru": (_l("teachers"), "guru, tenaga pendidik"),
    "mebel": (_l("school furniture"), "meubelair, mebel, mebeler"),
    "pasar": (_l("markets"), "pasar, pasar desa, pasar perbatasan, pasar rakyat, los pasar, kios pasar"),
    "dermaga": (_l("jetties and moorings"), "dermaga, tambatan perahu, pelabuhan, pelabuhan rakyat"),
    "perahu": (_l("boats"), "perahu, kapal, speedboat, speed boat, pompong, motoris, longboat, sampan"),
    "alat_tangkap": (_l("fishing gear"), "alat tangkap, alat penangkap ikan, jaring ikan"),
    "budidaya_ikan": (_l("fish farming"), "budidaya ikan, keramba, kolam ikan, benih ikan"),
    "plbn": (_l("border crossing posts"), "plbn, pos lintas batas, pos lintas batas negara, pplb"),
    "pos_keamanan": (_l("security posts"), "pos pamtas, pos pengamanan, pos keamanan, pos jaga"),
    "rtlh": (_l("housing"), "rtlh, rumah tidak layak huni, rumah layak huni, bedah rumah, rehab rumah"),
    "rumah_adat": (_l("traditional longhouses"), "rumah adat, rumah betang, rumah panjang, betang"),
    "balai": (_l("meeting halls"), "balai desa, balai pertemuan, balai warga, gedung serbaguna, aula"),
    "kantor_desa": (_l("village offices"), "kantor desa, kantor kepala desa"),
    "kantor_camat": (_l("sub-district offices"), "kantor camat, kantor kecamatan"),
    "ibadah": (_l("places of worship"), "masjid, surau, musala, mushola, gereja, rumah ibadah, tempat ibadah"),
    "olahraga": (_l("sports grounds"), "lapangan, lapangan sepak bola, lapangan olahraga, gelanggang olahraga"),
    "wisata": (_l("tourism"), "wisata, ekowisata, pariwisata, desa wisata, objek wisata, homestay"),
    "bumdes": (_l("village enterprises"), "bumdes, badan usaha milik desa"),
    "umkm": (_l("small businesses"), "umkm, usaha mikro, ikm, industri kecil"),
    "tenun": (_l("weaving"), "tenun, tenun ikat, penenun, menenun"),
    "koperasi": (_l("cooperatives"), "koperasi"),
    "narkoba": (_l("narcotics"), "narkoba, narkotika, p4gn, napza"),
    "tppo": (_l("human trafficking"), "tppo, perdagangan orang, trafficking"),
    "pekerja_migran": (_l("migrant workers"), "pekerja migran, pmi, tki, tenaga kerja indonesia"),
    "penyelundupan": (_l("smuggling"), "penyelundupan"),
    "batas_desa": (_l("village boundaries"), "batas desa, tapal batas desa, patok batas desa"),
    "batas_negara": (_l("state border demarcation"), "batas negara, patok batas negara, tapal batas negara, obp"),
    "angkutan": (_l("public transport"), "angkutan, angkutan perdesaan, angkutan umum, bus, bus sekolah"),
    "terminal": (_l("terminals"), "terminal"),
    "rambu": (_l("traffic signs"), "rambu, rambu lalu lintas, marka jalan"),
    "damkar": (_l("fire fighting"), "pemadam kebakaran, damkar, karhutla, kebakaran hutan"),
    "alsintan": (_l("farm machinery"), "alsintan, traktor, hand traktor"),
    "bibit": (_l("seeds and seedlings"), "bibit, benih"),
    "sawah": (_l("rice fields"), "sawah, cetak sawah"),
    "kebun": (_l("plantations"), "kebun, perkebunan, karet, lada, sawit, kelapa sawit"),
    "ternak": (_l("livestock"), "ternak, peternakan, sapi, babi, kandang"),
}
# A school level is also a school: it counts as the head "sekolah", and two different levels contradict.
SUBTYPES = {"sd": "sekolah", "smp": "sekolah", "sma": "sekolah", "smk": "sekolah"}
# Phrases of programme nomenclature that would otherwise leave misleading words ("angkutan jalan").
STOP_PHRASES = ("lalu lintas dan angkutan jalan", "pokok pokok pikiran", "ukm dan ukp", "sarana dan prasarana",
                "upaya kesehatan masyarakat", "upaya kesehatan perorangan", "fasilitas pelayanan kesehatan",
                "energi baru", "daya tarik")
# Planning verbs and filler: they say how, not what ("pembangunan" or "peningkatan" of a road).
STOP_WORDS = frozenset("""
pembangunan bangun membangun peningkatan tingkat rehabilitasi rehab pemeliharaan berkala pelebaran perbaikan
pengerasan pengaspalan aspal hotmix semenisasi rekonstruksi renovasi revitalisasi normalisasi pengadaan penyediaan
pembuatan perluasan penambahan penggantian pendirian pembukaan pemasangan penanganan penataan penetapan penegasan
optimalisasi pengembangan penguatan fasilitasi sosialisasi penyuluhan pelatihan bimbingan teknis bimtek pembinaan
program kegiatan sub subkegiatan lanjutan tahap lanjut baru unit paket buah lokasi wilayah kawasan daerah
perbatasan pengelolaan penyelenggaraan pemberdayaan pemenuhan upaya pelayanan layanan usulan aspirasi bantuan
pokok pikiran dprd infrastruktur perdesaan pedesaan kewenangan kualitas kapasitas sistem utilitas instalasi
dan atau di ke dari yang untuk pada dengan dalam bagi oleh serta sebagai ini itu tersebut antar menuju melalui
se tanpa belum sudah akan km meter ii iii iv
desa dusun kecamatan kabupaten kab kec kota kampung kelurahan provinsi kalimantan barat kalbar sarana prasarana
fasilitas gedung bangunan kondisi rusak berat ringan sedang umum masyarakat warga publik negeri dinas badan
kesehatan pendidikan kebudayaan sosial perumahan menara
""".split())
# pe(m/n/ng/ny)-…-an nouns name a process (pembangunan, penanganan, pengaspalan); these few name a thing.
PROCESS_NOUN = re.compile(r"^pe(?:m|n|ng|ny)[a-z]{3,}an$")
THING_NOUNS = frozenset({"pemukiman", "pendapatan", "pengungsian", "pemakaman", "penginapan"})
# Physical work (*kegiatan fisik*) and training or outreach (*non-fisik*) on the same object are different
# work: training posyandu volunteers does not overlap building the posyandu.
PHYSICAL = frozenset("""pembangunan bangun rehabilitasi rehab pemeliharaan renovasi rekonstruksi pengaspalan
semenisasi pemasangan pengadaan pembuatan perbaikan penggantian pendirian pelebaran pengerasan""".split())
NON_PHYSICAL = frozenset("""pelatihan sosialisasi penyuluhan bimtek bimbingan pembinaan pendampingan kampanye
lokakarya workshop diklat edukasi""".split())
COORDINATORS = frozenset({"dan", "serta", "atau", "maupun"})
SEPARATORS = frozenset(",;()/&+")

THRESHOLD = 0.6
# Place evidence (0–0.45) plus text evidence (at most MAX_TEXT). Different sub-districts score 0 for place
# and different villages of one sub-district OTHER_VILLAGE: with MAX_TEXT neither can reach THRESHOLD,
# so the service only loads candidates of the same sub-district (or without one).
SAME_VILLAGE, SAME_DISTRICT, SAME_REGENCY, WITHIN_REGENCY, OTHER_VILLAGE = 0.45, 0.3, 0.25, 0.15, 0.05
MAX_TEXT = 0.5
SHARED_HEAD, SHARED_HEAD_WORDS = 0.38, 0.12  # same kind of work; plus up to 0.12 for similar wording
SIMILAR_WORDS, MIN_SIMILARITY = 0.45, 0.34  # neither names a known kind of work: wording alone

_TOKEN = re.compile(r"[a-z0-9_]+|[,;()/&+]")
_REDUP = re.compile(r"\b([a-z]+)-\1\b")
_PHRASE_OF: dict[str, str] = {}
for _concept, (_label, _phrases) in CONCEPTS.items():
    for _phrase in _phrases.split(","):
        _PHRASE_OF[" ".join(_phrase.split())] = _concept
_PHRASE_OF.update(dict.fromkeys(STOP_PHRASES, ""))
PROTECTED = frozenset(p for p in _PHRASE_OF if " " not in p)  # never taken for a place name


def _normalise(text: str) -> str:
    text = _REDUP.sub(r"\1", text.lower())
    text = re.sub(r"[^a-z0-9,;()/&+]+", " ", text)
    return re.sub(r"\bsei\b", "sungai", text)


PREFIXES = (("meny", "s"), ("peny", "s"), ("meng", ""), ("peng", ""), ("mem", "p"), ("pem", "p"), ("men", "t"),
            ("pen", "t"), ("ber", ""), ("per", ""), ("ter", ""), ("me", ""), ("pe", ""), ("ke", ""))
VERB_PREFIXES = ("meny", "meng", "mem", "men", "me", "ber")


def stem(word: str) -> str:
    """A light Indonesian stemmer for words outside the vocabulary: a confix (pe-…-an, per-…-an,
    ke-…-an: perikanan → ikan) or a verb prefix (me-, ber-: menenun → tenun, berlistrik → listrik).
    Roots that merely end in -an ("nelayan") or start like a prefix ("kelompok") are left alone."""
    if len(word) <= 5 or not word.isalpha():
        return word
    suffix = next((s for s in ("kan", "an") if word.endswith(s)), "")
    for prefix, repl in PREFIXES:
        if not word.startswith(prefix) or (not suffix and prefix not in VERB_PREFIXES):
            continue
        rest = word[len(prefix): len(word) - len(suffix)]
        if len(rest) < 3:
            continue
        return repl + rest if repl and rest[0] in "aiueo" else rest  # mem+bangun → bangun, pem+akai → pakai
    return word


# --- places ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Places:
    """Place names to take out of a proposal's texts; `villages` are those worth noting as mentions.

    One pattern holds the place names and the vocabulary's phrases, longest first, so that at any
    position the longer reading wins: "tambatan perahu" (a mooring) over the village Tambatan."""
    pattern: re.Pattern
    names: frozenset[str] = frozenset()
    villages: dict[str, str] = field(default_factory=dict)  # alias → official village name

    @classmethod
    def of(cls, names=(), villages: dict[str, str] | None = None) -> Places:
        villages = villages or {}
        phrases = frozenset(" ".join(_normalise(n).split()) for n in (*names, *villages)) - {""}
        return cls(_pattern(phrases), phrases, villages)


def _pattern(places) -> re.Pattern:
    phrases = sorted(set(_PHRASE_OF) | set(places), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")


def _variants(name: str) -> set[str]:
    """"Sei/Sungai Bening" → sungai bening; "Semangit (Semanget)" → semangit semanget, semangit, semanget."""
    out = {name}
    out.update(part for part in re.split(r"[/()]", name) if part.strip())
    if "/" in name:
        head, _slash, tail = name.partition("/")
        out.add(f"{head} {tail.split(' ', 1)[1] if ' ' in tail else ''}")
    return {" ".join(_normalise(v).split()) for v in out} - {""}


NO_PLACES = Places.of()


@lru_cache(maxsize=256)
def places_for(regency: str, district: str = "") -> Places:
    """The names to take out of a proposal's texts: every regency of the province, the sub-districts of
    its regency, and the villages of its sub-district (of the whole regency when no sub-district is
    given), the latter noted as mentions. Single words shared by many places ("sungai", "nanga", "jaya")
    or naming a kind of work ("pasar", "balai") are never removed on their own."""
    from forum.services import regions

    root = regions.province()
    generic = _generic_words()
    names: set[str] = {"kalimantan barat"}
    villages: dict[str, str] = {}

    def add(name: str, *, village: bool = False) -> None:
        for variant in _variants(name):
            if " " not in variant and (variant in generic or variant in PROTECTED):
                continue
            names.add(variant)
            if village:
                villages[variant] = name

    for r in root.children.values():
        add(r.name)
        names.add(" ".join(_normalise(re.sub(r"^(kabupaten|kota)\s+", "", r.name, flags=re.I)).split()))
    r = root.find(regency) if regency else None
    if r is not None:
        for d in r.children.values():
            add(d.name)
            if not district or d.name == district:
                for v in d.children.values():
                    add(v.name, village=bool(district))
        for key in _variants(district) if district else ():  # "Kecamatan Badau" is not the village Badau
            villages.pop(key, None)
    return Places.of(names, villages)


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    from collections import Counter

    from forum.services import regions

    counts: Counter = Counter()
    for r in regions.province().children.values():
        for d in r.children.values():
            for v in d.children.values():
                counts.update(set(_normalise(v.name).split()))
            counts.update(set(_normalise(d.name).split()))
    return frozenset(w for w, n in counts.items() if n >= 5)


# --- signature -------------------------------------------------------------------------------

def _tokens(text: str, places: Places, mentions: set[str]) -> list[str]:
    def fold(match: re.Match) -> str:
        phrase = match.group(0)
        if phrase in places.names:
            name = places.villages.get(phrase)
            if name:
                mentions.add(name)
            return " , "  # a place ends a part of the title ("jalan Sebunga - Kaliau"), like a comma
        return f" {_PHRASE_OF[phrase] or ','} "

    out = []
    for token in _TOKEN.findall(places.pattern.sub(fold, _normalise(text))):
        if token in SEPARATORS or token in COORDINATORS:
            out.append(",")
        elif token in CONCEPTS:
            out.append(token)
        elif token in STOP_WORDS or token.isdigit() or len(token) < 3:
            continue
        elif PROCESS_NOUN.match(token) and token not in THING_NOUNS:
            continue
        else:
            root = stem(token)
            if _PHRASE_OF.get(root):
                out.append(_PHRASE_OF[root])
            elif root not in STOP_WORDS and len(root) >= 3:
                out.append(root)
    return out


def _heads(tokens: list[str]) -> list[str]:
    """The first concept of each comma- or "dan"-separated part: the objects of the work."""
    heads, seen_in_part = [], False
    for word in tokens:
        if word == ",":
            seen_in_part = False
        elif word in CONCEPTS and not seen_in_part:
            heads.append(SUBTYPES.get(word, word))
            seen_in_part = True
    return heads


def signature(title: str, activity: str = "", sub_activity: str = "", program: str = "", *,
              places: Places | None = None) -> str:
    """A proposal's canonical words, for `Proposal.of`: content words, `*head`s, `@village` mentions and
    `#physical` or `#training` when the text says which.

    Heads come from the title, else the activity, the sub-activity, the programme (in that order)."""
    places = places or NO_PLACES
    mentions: set[str] = set()
    words: set[str] = set()
    heads: list[str] = []
    work = ""
    for text in (title, activity, sub_activity, program):
        tokens = _tokens(text or "", places, mentions)
        words.update(t for t in tokens if t != ",")
        words.update(SUBTYPES[t] for t in tokens if t in SUBTYPES)
        if not heads:
            heads = _heads(tokens)
        if not work:
            work = _work(text or "")
    parts = sorted(words) + sorted({"*" + h for h in heads}) + sorted("@" + m.replace(" ", "_") for m in mentions)
    return " ".join(parts + ([f"#{work}"] if work else []))


def _work(text: str) -> str:
    """"physical" or "training" when the text says which, from its first telling word."""
    for word in _normalise(text).split():
        if word in PHYSICAL:
            return "physical"
        if word in NON_PHYSICAL:
            return "training"
    return ""


# --- scoring ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Proposal:
    id: int
    agency_id: int | None
    regency: str
    district: str
    village: str
    words: frozenset[str]
    heads: frozenset[str] = frozenset()
    mentions: frozenset[str] = frozenset()  # villages of its sub-district named in its texts
    work: str = ""  # "physical", "training" or unknown

    @classmethod
    def of(cls, id, agency_id, regency, district, village, match_text):  # noqa: A002 (domain name)
        words, heads, mentions, work = set(), set(), set(), ""
        for token in (match_text or "").split():
            if token[0] == "*":
                heads.add(token[1:])
            elif token[0] == "@":
                mentions.add(token[1:].replace("_", " "))
            elif token[0] == "#":
                work = token[1:]
            else:
                words.add(token)
        return cls(id, agency_id, regency or "", district or "", village or "", frozenset(words), frozenset(heads),
                   frozenset(mentions), work)


def _place(a: Proposal, b: Proposal) -> tuple[float, dict | None]:
    if a.regency != b.regency or not a.regency:
        return 0.0, None
    if a.district and b.district:
        if a.district != b.district:
            return 0.0, None
        here_a = ({a.village} if a.village else set()) | a.mentions
        here_b = ({b.village} if b.village else set()) | b.mentions
        shared = here_a & here_b
        if shared:
            return SAME_VILLAGE, {"code": "same_village", "name": min(shared)}
        if a.village and b.village:
            return OTHER_VILLAGE, None
        return SAME_DISTRICT, {"code": "same_district", "name": a.district}
    if not a.district and not b.district:
        return SAME_REGENCY, {"code": "same_regency", "name": a.regency}
    return WITHIN_REGENCY, {"code": "same_regency", "name": a.regency}


def _contradict(family: str, a: Proposal, b: Proposal) -> bool:
    """"SMP" and "SMA" are both schools, but not the same school."""
    levels_a = {w for w in a.words if SUBTYPES.get(w) == family}
    levels_b = {w for w in b.words if SUBTYPES.get(w) == family}
    return bool(levels_a and levels_b and not levels_a & levels_b)


def score(a: Proposal, b: Proposal) -> tuple[float, list[dict]]:
    """How likely `a` and `b` are the same work in the same place (0–1), with structured reasons."""
    place, place_reason = _place(a, b)
    if place == 0.0 or not a.words or not b.words or (a.work and b.work and a.work != b.work):
        return 0.0, []
    similarity = len(a.words & b.words) / len(a.words | b.words)
    if a.heads and b.heads:
        shared = sorted(h for h in a.heads & b.heads if not _contradict(h, a, b))
        if not shared:
            return 0.0, []
        text = SHARED_HEAD + SHARED_HEAD_WORDS * similarity
        text_reason = {"code": "topic", "topics": shared}
    else:
        if similarity < MIN_SIMILARITY:
            return 0.0, []
        text = SIMILAR_WORDS * similarity
        text_reason = {"code": "similar_words", "words": sorted(a.words & b.words)[:5]}
    reasons = [r for r in (place_reason, text_reason) if r]
    return round(min(1.0, place + text), 3), reasons


def candidates(new: Proposal, existing, threshold: float = THRESHOLD) -> list[tuple[int, float, list[dict]]]:
    """Other agencies' proposals that overlap `new`, best first (the same agency never overlaps itself)."""
    found = []
    for other in existing:
        if other.id == new.id or (new.agency_id is not None and other.agency_id == new.agency_id):
            continue
        value, reasons = score(new, other)
        if value >= threshold:
            found.append((other.id, value, reasons))
    found.sort(key=lambda item: (-item[1], item[0]))
    return found


# --- reasons in the user's language ------------------------------------------------------------

def describe(reasons) -> list[str]:
    """Structured reasons → plain sentences in the current locale ("same village Sebunga")."""
    out = []
    for reason in reasons or ():
        if isinstance(reason, str):  # stored before reasons were structured
            out.append(reason)
            continue
        code = reason.get("code")
        if code == "same_village":
            out.append(_("same village %(name)s", name=reason["name"]))
        elif code == "same_district":
            out.append(_("same sub-district %(name)s", name=reason["name"]))
        elif code == "same_regency":
            out.append(_("same regency %(name)s", name=reason["name"]))
        elif code == "topic":
            labels = [str(CONCEPTS[t][0]) if t in CONCEPTS else t for t in reason.get("topics", ())]
            out.append(_("both about %(topics)s", topics=", ".join(labels)))
        elif code == "similar_words":
            out.append(_("similar wording: %(words)s", words=", ".join(reason.get("words", ()))))
    return out
