"""Robustness of overlap detection to how real writers vary their wording: found pairs that stay found, negatives
that stay negative, when one side's text is perturbed.

    python bench/overlap_robustness.py [--show N] [--only NAME]

Takes the development sets' pairs only — the tuning split of tests/data/overlap_set.json, the audit, the earlier
pairs (overlap_pairs.json), blind-1 … blind-8, blind-10 … blind-12, -19, -21, -23; NEVER the "heldout" split of
overlap_set.json and never the held-out blind sets (blind-9, blind-13 … -18, -20, -22: their files are not even
opened) — and keeps those the detector gets right unperturbed: the true overlaps it flags (found pairs) and the true
negatives it leaves unflagged. Then, for each pair and each perturbation, it rewrites ONE side (which side is seeded
by the pair's id) the way a real writer varies a text and scores the pair again:

- typo-drop / typo-double / typo-swap / typo-vowels: a slip in the title's key noun (its first word of five letters
  or more that the lexicon's concept phrases hold and that is no work word, filler or place word: "jembatan" →
  "jembtan", "jembattan", "jemabtan", "jmbtn");
- abbreviation: the common planning words of the title written short as pokir and Musrenbang lists write them
  ("pembangunan" → "pemb."/"pembgn", "jalan" → "jln"/"jl.", "desa" → "ds.", "rehabilitasi" → "rehab" …; the list
  below is general Indonesian administrative shorthand, written from knowledge of such lists, not from any set);
- sentence: the title wrapped in a Musrenbang sentence ("Warga dusun kami mengusulkan … karena …", several frames);
- casing: the title upper-cased or lower-cased, with punctuation noise (a trailing dot or "!!", doubled spaces,
  quotes);
- numbers: number formats varied ("800 m" → "800m", "1.000" ↔ "1000", "2 unit" → "2 (dua) unit");
- word-order: the title's work word moved behind its object ("Jalan Poros Desa X, Peningkatan") or its place put
  first ("Desa X: peningkatan jalan poros");
- reduplication: the key noun written as an informal plural ("jalan2", "rumah-rumah");
- pokir: the title as a DPRD member's short note: lower case, its known phrases written as the initialisms planners
  use ("jalan usaha tani" → "JUT", "rumah tidak layak huni" → "RTLH"), its planning words short (the abbreviation
  list), a long word cut at a syllable with a dot ("kesehatan" → "keseh."), "di" and "yang" left out, "dan" as "&";
- loanword: a head written in another spelling of its loanword, English, Dutch-derived or Indonesianised
  ("drainase" ↔ "drainage", "talud" ↔ "talut", "hand traktor" ↔ "hand tractor", "septic tank" ↔ "septik tank");
- musrenbang: the title as a village's request whose reason clause names other things ("Kami warga dusun mohon
  jembatan ... diperbaiki karena setiap musim hujan jalan ke sekolah ..."), asked by a group that is a kind of work of
  its own ("Karang taruna dan pengurus masjid meminta ..."), its work word turned into the passive
  verb villagers write, behind the object ("pengerukan parit" → "parit ... dikeruk"), and where the head is a
  structure named by a verb of its own, that verb ("pembangunan talud sungai" → "sungai ... ditalud").

Every perturbation is deterministic (seeded by the pair id and the perturbation's name): the same figures on every
run. The table gives, per perturbation, the found pairs that stay found and the negatives that stay negative, the
unperturbed baseline of the same run beside it (all found / all negative by construction), and the number of pairs
the perturbation could not apply to (no key noun, no number, …), which are counted as unchanged.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import time
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import overlap_quality  # noqa: E402

# General administrative shorthand of Indonesian planning lists (pokir, Musrenbang, Renja rows): each word with the
# short forms writers use for it, with or without a dot.
ABBREVIATIONS = {
    "pembangunan": ("pemb.", "pembgn", "pbgn", "pembang."),
    "peningkatan": ("peningk.", "pningktn", "pngktn", "pngk."),
    "rehabilitasi": ("rehab", "rehab.", "rehb"),
    "pemeliharaan": ("pemel.", "pmlhrn", "pemelih.", "peml."),
    "pengadaan": ("pengad.", "pngdn", "pengd."),
    "perbaikan": ("perb.", "prbkn", "perbaik."),
    "pembuatan": ("pembuat.", "pmbtn"),
    "pemasangan": ("pemas.", "pmsngn"),
    "penyediaan": ("penyed.", "pnydn"),
    "renovasi": ("renov.", "renov"),
    "jalan": ("jln", "jl.", "jln."),
    "jembatan": ("jemb.", "jmbtn", "jmbt"),
    "desa": ("ds.", "ds"),
    "dusun": ("dsn", "dsn."),
    "kecamatan": ("kec.", "kec"),
    "kabupaten": ("kab.", "kab"),
    "gedung": ("gd.", "gdg"),
    "kantor": ("ktr", "kntr"),
    "lapangan": ("lap.", "lpngn"),
    "saluran": ("sal.", "slrn"),
    "irigasi": ("irig.",),
    "drainase": ("drain.", "drnse"),
    "sekolah": ("sklh", "sklh."),
    "masjid": ("msjd", "mesj."),
    "rumah": ("rmh", "rmh."),
    "kelompok": ("klp", "kelp."),
    "bantuan": ("bant.", "bntn"),
    "puskesmas": ("pkm", "pusk.", "pskms"),
    "posyandu": ("posy.", "psyd"),
    "poskamling": ("pskmlg",),
    "embung": ("embg",),
    "lampu": ("lmp",),
    "pagar": ("pgr",),
    "pertanian": ("pertan.", "prtnian"),
    "lingkungan": ("lingk.", "lingkgn"),
    "pelatihan": ("pelat.", "pltihn"),
    "kegiatan": ("keg.", "kgtn"),
    "kesehatan": ("kes.", "kshtn"),
    "pendidikan": ("pend.", "pendd."),
    "bersih": ("brsh", "bersh"),
    "sepanjang": ("spjg", "spj."),
    # the function words of a note typed as a text message
    "yang": ("yg",), "dengan": ("dgn",), "tidak": ("tdk",), "sudah": ("sdh",), "belum": ("blm",),
    "karena": ("krn",), "supaya": ("spy",), "mohon": ("mhn",), "tersebut": ("tsb",),
}

# Musrenbang sentences a request is written in ({t}: the request, lower-cased; {r}: a reason).
FRAMES = (
    "Warga dusun kami mengusulkan {t} karena {r}.",
    "Kami masyarakat RT 04 mohon dibantu {t}, karena {r}.",
    "Mohon kiranya dapat diusulkan {t} supaya warga tidak kesulitan lagi.",
    "Hasil musyawarah dusun: {t}. Alasannya {r}.",
    "Masyarakat sangat membutuhkan {t} sebab {r}.",
    "Usulan warga agar dilaksanakan {t} pada tahun depan karena {r}.",
    "Kami berharap pemerintah dapat melaksanakan {t} karena {r}.",
)
REASONS = ("kondisinya sudah memprihatinkan", "sudah lama dikeluhkan warga", "belum pernah mendapat bantuan",
           "sangat dibutuhkan oleh warga sekitar", "menjadi kebutuhan mendesak")
# Phrases planners write as initialisms in pokir notes and Renja rows (general planning shorthand).
INITIALISMS = {
    "jalan usaha tani": "JUT", "penerangan jalan umum": "PJU", "rumah tidak layak huni": "RTLH",
    "ruang kelas baru": "RKB", "sarana air bersih": "SAB", "mandi cuci kakus": "MCK", "tempat pembuangan sampah": "TPS",
    "tempat pembuangan sampah sementara": "TPS", "pembangkit listrik tenaga surya": "PLTS", "gedung olahraga": "GOR",
    "ruang terbuka hijau": "RTH", "tembok penahan tanah": "TPT", "dinding penahan tanah": "DPT",
    "rumah potong hewan": "RPH", "pos kesehatan desa": "Poskesdes", "puskesmas pembantu": "Pustu",
    "pondok bersalin desa": "Polindes", "pendidikan anak usia dini": "PAUD", "taman kanak-kanak": "TK",
    "sekolah dasar": "SD", "sekolah menengah pertama": "SMP", "badan usaha milik desa": "BUMDes",
    "alat dan mesin pertanian": "alsintan", "keramba jaring apung": "KJA", "tempat pelelangan ikan": "TPI",
    "instalasi pengolahan air limbah": "IPAL", "penampungan air hujan": "PAH", "hidran umum": "HU",
    "rice milling unit": "RMU", "tempat pemakaman umum": "TPU", "taman pendidikan al quran": "TPQ",
    "pusat kegiatan belajar masyarakat": "PKBM", "unit kesehatan sekolah": "UKS", "alat pemadam api ringan": "APAR",
}
# Spellings of one head that writers use side by side: Indonesian, Indonesianised, English and Dutch-derived.
LOANWORDS = (
    ("drainase", "drainage", "drenase"), ("talud", "talut"), ("bronjong", "beronjong"),
    ("gorong-gorong", "box culvert", "duiker", "deker"), ("septic tank", "septik tank", "septictank", "tangki septik"),
    ("hand traktor", "hand tractor", "handtraktor", "traktor tangan"), ("traktor", "tractor"),
    ("cold storage", "coldstorage", "gudang pendingin"), ("rice milling unit", "RMU", "penggilingan padi"),
    ("paving block", "paving blok", "pavingblok", "paving"), ("genset", "generator set", "jenset"),
    ("ekskavator", "excavator", "eskavator"), ("insinerator", "incinerator"), ("ambulans", "ambulance", "ambulan"),
    ("bola voli", "bola volly", "volley ball"), ("bulutangkis", "badminton", "bulu tangkis"),
    ("masjid", "mesjid"), ("musala", "mushola", "musholla", "mushalla"), ("wastafel", "westafel", "washtafel"),
    ("kloset", "closet"), ("reservoir", "reservoar"), ("broncaptering", "bronkaptering"), ("trotoar", "trotoir"),
    ("rumah kaca", "greenhouse", "green house"), ("pengering", "dryer"), ("kontainer", "container"),
    ("laboratorium", "lab", "labor"), ("komputer", "computer"), ("speedboat", "speed boat", "spidboat"),
    ("sumur bor", "sumur bore", "bore well"), ("pompa air", "water pump"), ("tandon air", "toren air", "water tank"),
    ("kultivator", "cultivator"), ("perontok padi", "power thresher", "thresher"), ("hotmix", "hot mix"),
    ("kanopi", "canopy"), ("halte", "shelter"), ("pipa", "pipanisasi"), ("sprayer", "semprotan", "hand sprayer"),
    # the English loanword for an evacuation site or a safe house, as village and DPRD notes write it
    ("tempat evakuasi", "shelter"), ("rumah aman", "shelter", "safe house"),
)
# Musrenbang: a nominalised work word and the passive verb villagers ask with ("mohon jembatan diperbaiki").
PASSIVES = {"pembangunan": "dibangun", "perbaikan": "diperbaiki", "rehabilitasi": "direhab", "rehab": "direhab",
            "renovasi": "direnovasi", "peningkatan": "ditingkatkan", "pengerukan": "dikeruk",
            "normalisasi": "dinormalisasi", "pengaspalan": "diaspal", "semenisasi": "disemen", "pengecoran": "dicor",
            "pengerasan": "dikeraskan", "penimbunan": "ditimbun", "pelebaran": "dilebarkan", "pengadaan": "diadakan",
            "pemasangan": "dipasang", "pembuatan": "dibuatkan", "penggantian": "diganti", "pemeliharaan": "dipelihara",
            "perluasan": "diperluas", "pemagaran": "dipagar", "penurapan": "diturap", "pengecatan": "dicat",
            "peninggian": "ditinggikan", "penataan": "ditata", "revitalisasi": "direvitalisasi"}
# A head that villagers name by a verb of its own ("sungai ditalud", "jalan dirabat", "halaman dipaving").
HEAD_VERBS = {"turap": "diturap", "talud": "ditalud", "talut": "ditalut", "bronjong": "dibronjong",
              "pagar": "dipagar", "paving block": "dipaving", "paving": "dipaving", "rabat beton": "dirabat",
              "rabat": "dirabat", "aspal": "diaspal", "cor": "dicor", "semenisasi": "disemen"}
# Reasons that name other things of village life (a road, a school, a market, a river): they must not decide the kind.
DISTRACTING = ("setiap musim hujan jalan menuju sekolah becek dan licin",
               "anak-anak sekolah harus menyeberang sungai setiap hari",
               "kalau hujan deras air meluap sampai ke rumah warga dan kebun",
               "warga harus memutar jauh untuk ke pasar dan puskesmas",
               "hasil panen padi dan karet sulit dibawa ke pasar",
               "ibu-ibu yang membawa balita ke posyandu sering terjatuh",
               "kalau malam gelap sehingga sering terjadi kecelakaan di jalan")
MUSRENBANG_OPENINGS = ("Kami warga dusun mohon {o} {v} karena {r}.",
                       "Kami masyarakat di RT kami mengusulkan agar {o} {v}, karena {r}.",
                       "Hasil musdus: {o} mohon {v}. Alasannya {r}.",
                       "Mohon bapak/ibu agar {o} dapat {v} karena {r}, terima kasih.",
                       # who asks named by its group, a kind of work of its own, before an active asking verb
                       "Karang taruna dan pengurus masjid meminta {o} {v} karena {r}.",
                       "Kader posyandu dan komite sekolah di dusun kami mengusulkan {o} {v}, sebab {r}.")
NUMBER_WORDS = {1: "satu", 2: "dua", 3: "tiga", 4: "empat", 5: "lima", 6: "enam", 7: "tujuh", 8: "delapan",
                9: "sembilan", 10: "sepuluh"}
_WORD = re.compile(r"[A-Za-z]+")
_PLACE_TAIL = re.compile(r"^(?P<work>.+?)\s+(?P<place>(?:[Dd]i\s+)?(?:[Dd]esa|[Dd]usun|[Kk]ampung|[Kk]elurahan|"
                         r"[Dd]sn?\.?)(?:\s+[A-Z0-9][\w']*)+)$")


def _rng(pair_id: str, name: str) -> random.Random:
    return random.Random(int(hashlib.sha256(f"{pair_id}|{name}".encode()).hexdigest()[:16], 16))


def _skip_words() -> frozenset[str]:
    """Words that are never the key noun: work and training words, fillers, context and place words."""
    from forum.services.overlap.lexicon import lexicon

    lex = lexicon()
    words = set(lex.work_words) | lex.fillers | lex.context | lex.place_words | lex.institution_words
    return frozenset(w for phrase in words for w in phrase.split())


def key_noun(title: str, skip: frozenset[str]) -> re.Match | None:
    """The title's first word of five letters or more that a concept phrase of the lexicon holds and that is no
    work word, filler, context or place word (the object of the work: "jembatan", "posyandu", "irigasi")."""
    from forum.services.overlap.lexicon import lexicon

    known = lexicon().known
    for m in _WORD.finditer(title):
        word = m.group(0).lower()
        if len(word) >= 5 and word in known and word not in skip:
            return m
    return None


def _replace(text: str, m: re.Match, new: str) -> str:
    return text[:m.start()] + new + text[m.end():]


def _keep_case(old: str, new: str) -> str:
    return new.upper() if old.isupper() and len(old) > 1 else new.capitalize() if old[:1].isupper() else new


def typo(kind: str):
    def apply(title: str, rng: random.Random, skip) -> str | None:
        m = key_noun(title, skip)
        if not m:
            return None
        w = m.group(0)
        inner = range(1, len(w) - 1)
        if kind == "drop":
            i = rng.choice(inner)
            new = w[:i] + w[i + 1:]
        elif kind == "double":
            i = rng.choice(inner)
            new = w[:i] + w[i] + w[i:]
        elif kind == "swap":
            i = rng.choice(range(1, len(w) - 2))
            new = w[:i] + w[i + 1] + w[i] + w[i + 2:]
        else:  # vowels: every vowel after the first letter left out ("jmbtn")
            new = w[0] + "".join(c for c in w[1:] if c.lower() not in "aeiou")
            if len(new) < 3:
                return None
        return _replace(title, m, new)
    return apply


def abbreviation(title: str, rng: random.Random, skip) -> str | None:
    out, changed = [], False
    for part in re.split(r"(\s+)", title):
        short = ABBREVIATIONS.get(part.lower())
        if short and short[0] != part.lower():
            out.append(_keep_case(part, rng.choice(short)))
            changed = True
        else:
            out.append(part)
    return "".join(out) if changed else None


def sentence(title: str, rng: random.Random, skip) -> str | None:
    """A short title (ten words at most, no clause of its own) as the request of a Musrenbang sentence."""
    if len(title.split()) > 10 or re.search(r"[,.;]|\b(?:mohon|minta|karena|supaya|agar)\b", title, re.IGNORECASE):
        return None
    frame = rng.choice(FRAMES)
    request = title.strip().rstrip(".")
    request = request[0].lower() + request[1:] if request[:2].isupper() is False else request.lower()
    return frame.format(t=request, r=rng.choice(REASONS))


def casing(title: str, rng: random.Random, skip) -> str | None:
    text = title.upper() if rng.random() < 0.5 else title.lower()
    noise = rng.choice(("dot", "spaces", "quotes", "bang"))
    if noise == "dot":
        return text + "."
    if noise == "bang":
        return text + " !!"
    if noise == "spaces":
        return " " + re.sub(r" ", "  ", text, count=2) + " "
    return f'"{text}"'


def numbers(title: str, rng: random.Random, skip) -> str | None:
    changed = [False]

    def one(m: re.Match) -> str:
        digits, space, unit = m.group(1), m.group(2), m.group(3)
        value = digits.replace(".", "")
        changed[0] = True
        if unit and unit.lower() in ("m", "km", "meter", "ha", "m2", "m3") and rng.random() < 0.6:
            number = f"{int(value):,}".replace(",", ".") if "." not in digits and len(value) > 3 else value
            return f"{number}{'' if space else ' '}{unit}"
        if value.isdigit() and int(value) in NUMBER_WORDS:
            return f"{value} ({NUMBER_WORDS[int(value)]}){space}{unit}"
        if "." in digits:
            return f"{value}{space}{unit}"
        if len(value) > 3:
            return f"{int(value):,}".replace(",", ".") + f"{space}{unit}"
        return f"{value}{space}{unit}"

    text = re.sub(r"\b(\d[\d.]*\d|\d)(\s*)([A-Za-z0-9]*)", one, title)
    return text if changed[0] and text != title else None


def word_order(title: str, rng: random.Random, skip) -> str | None:
    from forum.services.overlap.lexicon import lexicon

    work = lexicon().work_words
    words = title.split()
    first_is_work = len(words) > 2 and words[0].lower() in work
    place = _PLACE_TAIL.match(title)
    if place and (not first_is_work or rng.random() < 0.5):
        rest = place.group("work").strip(" ,")
        where = re.sub(r"^di\s+", "", place.group("place"), flags=re.IGNORECASE)
        return f"{where}: {rest[0].lower() + rest[1:]}"
    if first_is_work:
        return f"{' '.join(words[1:])}, {words[0]}"
    return None


def reduplication(title: str, rng: random.Random, skip) -> str | None:
    m = key_noun(title, skip)
    if not m:
        return None
    w = m.group(0)
    if title[m.end():m.end() + 1] in ("2", "-"):
        return None
    return _replace(title, m, f"{w}2" if rng.random() < 0.5 else f"{w}-{w.lower()}")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if not text[:2].isupper() else text


def _cut_at_syllable(word: str) -> str:
    """A long word cut as notes cut it: after the consonant that follows its second vowel ("kesehatan" → "keseh.",
    "perpustakaan" → "perpus.")."""
    vowels = [i for i, c in enumerate(word) if c in "aeiou"]
    if len(vowels) < 3:
        return word
    end = vowels[1] + 1
    while end < len(word) and word[end] not in "aeiou":
        end += 1
        break
    return word[:end] + "."


def pokir(title: str, rng: random.Random, skip) -> str | None:
    """The title as a DPRD member's short note (see the module docstring)."""
    text = title.strip().rstrip(".")
    for phrase in sorted(INITIALISMS, key=len, reverse=True):
        short = INITIALISMS[phrase]  # "Gedung Olahraga (GOR)": the initialism once
        text = re.sub(rf"\b{re.escape(phrase)}\b(?:\s*\({re.escape(short)}\))?", short, text, flags=re.IGNORECASE)
    text = abbreviation(text, rng, skip) or text
    text = re.sub(r"\b(?:di|yang)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+dan\s+", " & ", text, flags=re.IGNORECASE)
    from forum.services.overlap.lexicon import lexicon

    work = lexicon().work_words
    words = list(_WORD.finditer(text))
    long = [m for m in words if len(m.group(0)) >= 8 and m.group(0).lower() in work
            and m.group(0).lower() not in ABBREVIATIONS]
    if long:
        m = rng.choice(long)
        text = _replace(text, m, _cut_at_syllable(m.group(0)))
    if rng.random() < 0.5:
        text = " ".join(w if w.isupper() or (w[:1].isupper() and i) else w.lower()
                        for i, w in enumerate(text.split()))
    return text if text != title else None


def loanword(title: str, rng: random.Random, skip) -> str | None:
    """A head of the title written in another of its spellings (LOANWORDS)."""
    for spellings in LOANWORDS:
        for written in sorted(spellings, key=len, reverse=True):
            m = re.search(rf"(?<![\w-]){re.escape(written)}(?![\w-])", title, re.IGNORECASE)
            if m:
                other = rng.choice([s for s in spellings if s != written])
                return _replace(title, m, _keep_case(m.group(0), other))
    return None


def musrenbang(title: str, rng: random.Random, skip) -> str | None:
    """The title as a village's Musrenbang request with a reason that names other things (see the module docstring).
    Only a short title that opens with a work word it can turn into a passive verb, or with a head named by one."""
    if len(title.split()) > 10 or re.search(r"[,.;]|\b(?:mohon|minta|karena|supaya|agar)\b", title, re.IGNORECASE):
        return None
    text = _lower_first(title.strip())
    first, _sp, rest = text.partition(" ")
    verb = PASSIVES.get(first.lower())
    if not verb or not rest or rest.split()[0].lower() in ("dan", "&", "serta"):
        return None
    for head in sorted(HEAD_VERBS, key=len, reverse=True):
        after = rest[len(head) + 1:].split()
        if rest.lower().startswith(head + " ") and after and after[0].lower() not in ("dan", "&", "serta", "keliling"):
            verb, rest = HEAD_VERBS[head], rest[len(head) + 1:]
            break
    frame = rng.choice(MUSRENBANG_OPENINGS)
    return frame.format(o=_lower_first(rest), v=verb, r=rng.choice(DISTRACTING))


# --- perturbations of a side's code and places (the whole side, not its title alone) ----------------------------

def _code_form(form: str):
    """A nomenclature code ("1.03.10.2.01.0017") as Renja spreadsheets type it: digits alone, spaces for dots, the
    last segment's zeros dropped, a trailing dot or comma, the activity (kegiatan) only, the code in the title cell
    (its own cell left empty) or the code cell holding the sub-activity's name too. Only where both sides carry a
    six-segment code (the others are counted as not applicable)."""
    def apply(side: dict, other: dict, rng: random.Random, skip) -> dict | None:
        code = side.get("code", "")
        parts = code.split(".")
        if len(parts) != 6 or len(other.get("code", "").split(".")) != 6:
            return None
        if form == "nodots":
            return dict(side, code="".join(parts))
        if form == "spaces":
            return dict(side, code=" ".join(parts))
        if form == "unpadded":
            return dict(side, code=".".join([*parts[:-1], str(int(parts[-1]))]))
        if form == "trailing":
            return dict(side, code=code + rng.choice((".", ",", " .")))
        if form == "activity":
            return dict(side, code=".".join(parts[:5]))
        if form == "in-title":
            return dict(side, code="", title=f"{code} {side['title']}")
        return dict(side, code=f"{code} {rng.choice(('', '- '))}{side.get('activity') or side['title']}")
    return apply


@lru_cache(maxsize=1)
def _villages_by_district() -> dict:
    """(regency, district) → the villages of that sub-district, as the region list writes them."""
    from forum.services import regions

    return {(r.name.lower(), d.name.lower()): sorted(v.name for v in d.children.values())
            for r in regions.province().children.values() for d in r.children.values()}


def _neighbours(place: tuple, exclude: tuple, rng: random.Random, n: int) -> list[str] | None:
    regency = place[0].lower()
    regency = regency if regency.startswith(("kabupaten", "kota")) else f"kabupaten {regency}"
    villages = _villages_by_district().get((regency, place[1].lower()))
    if not villages:
        return None
    left = [v for v in villages if v.lower() not in {x.lower() for x in exclude}]
    return rng.sample(left, n) if len(left) >= n else None


def _without_place(title: str, village: str) -> str:
    """The title without its own place at its end ("… Desa X", "… X"): the work alone; any other title whole."""
    m = _PLACE_TAIL.match(title)
    if m:
        return m.group("work").strip(" ,")
    tail = re.compile(rf"\s*,?\s*(?:di\s+)?(?:desa\s+|ds\.?\s+)?{re.escape(village)}\s*$", re.IGNORECASE)
    return tail.sub("", title).strip(" ,") or title


def _written(village: str) -> str:
    """A village as a writer names it, not as the region list spells its variants ("Sei/Sungai Bakau" → "Sungai
    Bakau", "Pala Asang (Palapasang)" → "Pala Asang")."""
    return re.sub(r"\b\w+/(\w+)", r"\1", re.sub(r"\s*\(.*?\)", "", village)).strip()


# How a proposal lists several villages ({w}: the work; {v}: the villages, first the one at stake; {k}: the
# sub-district). "whole" forms cover the sub-district and list no village: only for a found pair.
PLACE_LISTS = (
    ("and", lambda w, v, k, rng: f"{w} Desa {', '.join(v[:-1])} dan {v[-1]}"),
    ("count", lambda w, v, k, rng: f"{w} di {len(v)} desa: {', '.join(v)}"),
    ("range", lambda w, v, k, rng: f"{w} Desa {v[0]} s/d {v[-1]}"),
    ("hamlets", lambda w, v, k, rng: f"{w} Dusun {rng.choice(('I', 'Harapan', 'Sumber'))} dan Dusun "
                                     f"{rng.choice(('II', 'Karya', 'Maju'))} Desa {v[0]}"),
    ("district-list", lambda w, v, k, rng: f"{w} Kec. {k} ({', '.join('Desa ' + x for x in v)})"),
    ("whole-se", lambda w, v, k, rng: f"{w} se-Kecamatan {k}"),
    ("whole-all", lambda w, v, k, rng: f"{w} seluruh desa di Kecamatan {k}"),
)


_HAMLET = re.compile(r"\b(?:[Dd]usun|DUSUN|[Dd]sn\.?)\s+([A-Z][\w']*(?:\s+[A-Z][\w']*){0,2})")


def hamlet_list(side: dict, other: dict, rng: random.Random, skip) -> dict | None:
    """A found pair whose other side names its hamlet ("Dusun Parit Wak Dalek"): this side rewritten to list that
    hamlet and another of the village ("… Dusun Parit Wak Dalek dan Dusun Karya Bakti Desa Z"), filed at village or
    sub-district level. Found pairs only: on a negative it would write in the other's hamlet."""
    place, there = side["place"], other["place"]
    both = _HAMLET.search(other["title"])
    if not both or not place[2] or place != there:
        return None
    work = _HAMLET.sub("", _without_place(side["title"], place[2])).strip(" ,") or side["title"]
    second = rng.choice(("Karya Bakti", "Sumber Rejeki", "Tanjung Harapan"))
    title = f"{work} Dusun {both.group(1)} dan Dusun {second} Desa {_written(place[2])}"
    return dict(side, title=title, place=(place[0], place[1], "") if rng.random() < 0.5 else place)


def place_list(side: dict, other: dict, rng: random.Random, skip, *, negative: bool) -> dict | None:
    """One side's title rewritten to list several villages of its sub-district (drawn from the region list): for a
    same-village pair the list holds the village of both; for a different-village pair it holds its own and none of
    the other's. Half the rewritten sides are filed at sub-district level, as a proposal for several villages is."""
    place, there = side["place"], other["place"]
    if not place[2] or place[0] != there[0] or place[1] != there[1] or (place[2] == there[2]) == negative:
        return None
    hamlet = re.compile(r"\b(?:dusun|dsn)\b", re.IGNORECASE)
    named_hamlet = hamlet.search(side["title"]) or hamlet.search(other["title"])  # a made-up one would contradict it
    forms = [f for f in PLACE_LISTS if not (negative and f[0].startswith("whole"))
             and not (named_hamlet and f[0] == "hamlets")]
    name, write = forms[rng.randrange(len(forms))]
    others = _neighbours(place, (place[2], there[2]), rng, 1 if name in ("range", "hamlets") else rng.choice((1, 2)))
    if others is None:
        return None
    villages = [_written(place[2]), *map(_written, others)] if name != "hamlets" else [_written(place[2])]
    title = write(_without_place(side["title"], place[2]), villages, place[1], rng)
    filed = (place[0], place[1], "") if rng.random() < 0.5 or name.startswith("whole") else place
    return dict(side, title=title, place=filed)


# Perturbations of a whole side: (side, other side, rng, skip words) → the new side, or None (not applicable).
SIDE_PERTURBATIONS = {
    **{f"code-{form}": _code_form(form) for form in ("nodots", "spaces", "unpadded", "trailing", "activity",
                                                      "in-title", "with-name")},
    "places-list": lambda side, other, rng, skip: place_list(side, other, rng, skip, negative=False),
    "places-list-neg": lambda side, other, rng, skip: place_list(side, other, rng, skip, negative=True),
    "places-hamlets-pos": hamlet_list,
}


PERTURBATIONS = {"typo-drop": typo("drop"), "typo-double": typo("double"), "typo-swap": typo("swap"),
                 "typo-vowels": typo("vowels"), "abbreviation": abbreviation, "sentence": sentence,
                 "casing": casing, "numbers": numbers, "word-order": word_order, "reduplication": reduplication,
                 "pokir": pokir, "loanword": loanword, "musrenbang": musrenbang}


def _of_title(perturb):
    """A title perturbation as a side perturbation."""
    def apply(side: dict, other: dict, rng: random.Random, skip) -> dict | None:
        title = perturb(side["title"], rng, skip)
        return None if title is None else dict(side, title=title)
    return apply


def development_pairs() -> list[dict]:
    """The development sets' pairs: never the held-out split of overlap_set.json nor a held-out blind set."""
    pairs = [p for p in overlap_quality.development_pairs() if p["split"] not in overlap_quality.HELD_OUT]
    assert not {p["split"] for p in pairs} & set(overlap_quality.HELD_OUT)
    return pairs


class Scorer:
    """The detector's verdict on a pair, each side's signature computed once per text."""

    def __init__(self):
        self.signatures: dict = {}
        self.agencies: dict = {}

    def signature(self, f: dict) -> str:
        from forum.services import overlap

        key = (f["title"], f.get("activity", ""), f.get("program", ""), f.get("problem", ""), f.get("body", ""),
               f["place"][0])
        if key not in self.signatures:
            self.signatures[key] = overlap.signature(f["title"], f.get("activity", ""), "", f.get("program", ""),
                                                     f.get("problem", ""), body=f.get("body", ""),
                                                     regency=f["place"][0])
        return self.signatures[key]

    def relation(self, a: dict, b: dict) -> str:
        from forum.services import overlap

        items = [overlap.item(n + 1, self.agencies.setdefault(f["agency"], len(self.agencies) + 1), [f["place"]],
                              self.signature(f), f.get("code", "")) for n, f in enumerate((a, b))]
        found = overlap.candidates(items[1], [items[0]], include_related=True)
        return found[0][1].relation if found else "none"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print up to N broken pairs per perturbation")
    parser.add_argument("--only", action="append",
                        help="run the perturbations whose name starts with this (repeatable)")
    args = parser.parse_args()
    from forum import create_app

    started = time.perf_counter()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"})
    with app.test_request_context():
        skip = _skip_words()
        scorer = Scorer()
        pairs = development_pairs()
        found = [p for p in pairs if p["label"] == "overlap" and scorer.relation(p["a"], p["b"]) == "overlap"]
        negatives = [p for p in pairs if p["label"] != "overlap" and scorer.relation(p["a"], p["b"]) != "overlap"]
        print(f"Development pairs: {len(pairs)} (tuning, old, audit, blind-1 … blind-8, blind-10 … blind-12, "
              "-19, -21, -23; no held-out set); "
              f"baseline, unperturbed: {len(found)} true overlaps found, {len(negatives)} true negatives\n")
        print("| perturbation | found pairs still found | baseline | negatives still negative | baseline | "
              "not applicable (pos/neg) |")
        print("|---|---:|---:|---:|---:|---:|")
        broken_all = {}
        for name, perturb in ({n: _of_title(f) for n, f in PERTURBATIONS.items()} | SIDE_PERTURBATIONS).items():
            if args.only and not any(name.startswith(only) for only in args.only):
                continue
            counts, broken = {}, []
            for label, group, want in (("pos", found, True), ("neg", negatives, False)):
                kept = skipped = 0
                for p in group:
                    if name.endswith(f"-{'neg' if label == 'pos' else 'pos'}"):  # a negative's (a found pair's) only
                        skipped += 1
                        kept += 1
                        continue
                    rng = _rng(p["id"], name)
                    side = "a" if rng.random() < 0.5 else "b"
                    changed = perturb(p[side], p["b" if side == "a" else "a"], rng, skip)
                    if changed is None:
                        skipped += 1
                        kept += 1
                        continue
                    new_title = changed["title"] if changed.get("code") == p[side].get("code") else \
                        f"{changed['title']} [code {changed.get('code', '')!r}]"
                    a, b = (changed, p["b"]) if side == "a" else (p["a"], changed)
                    flagged = scorer.relation(a, b) == "overlap"
                    if flagged == want:
                        kept += 1
                    else:
                        broken.append((label, p["id"], p[side]["title"], new_title,
                                       p["b" if side == "a" else "a"]["title"]))
                counts[label] = (kept, skipped)
            broken_all[name] = broken
            (pk, ps), (nk, ns) = counts["pos"], counts["neg"]
            print(f"| {name} | {pk}/{len(found)} ({pk / len(found):.3f}) | {len(found)}/{len(found)} | "
                  f"{nk}/{len(negatives)} ({nk / len(negatives):.3f}) | {len(negatives)}/{len(negatives)} | "
                  f"{ps}/{ns} |")
    if args.show:
        for name, broken in broken_all.items():
            for label, ident, old, new, other in broken[:args.show]:
                print(f"  {name} {label} {ident}: {old!r} -> {new!r}  ||  {other!r}")
    print(f"\n({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
