"""Places: village ⊂ sub-district ⊂ regency, several per proposal or plan row, and the villages a text names.

A place is (regency, district, village) with the lower levels empty when it covers a whole sub-district or
regency ("se-Kecamatan Badau", a regency-wide programme). Two items meet where one place contains the other;
two different villages are different places, even in one sub-district.

The region list (services/regions.py) is only read to find the villages and sub-districts a text names
("jalan Sebunga - Kaliau" is also in Kaliau; "jalan desa di Kecamatan Seluas (Desa Sahan)" is in Sahan) and to
take place names out of the words that are compared. A regency the list does not know simply yields no
mentions: the structured place still counts.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from forum.services.overlap.lexicon import corrected, dictionary, lexicon, normal_words, stem

Place = tuple[str, str, str]  # (regency, district, village), lower case; "" = the whole of the level above

# How much a pair of places says, best first. other_village: the same sub-district but named different villages.
PLACE_WEIGHT = {"same_village": 1.0, "district_covers": 0.85, "same_district": 0.85, "regency_covers": 0.75,
                "same_regency": 0.7}
# The words of an area ("se-kecamatan"), the words that call a name a village, sub-district or regency, the links of a
# list of villages and the words that tell the parts of a village apart ("Setapuk Besar" / "Setapuk Kecil") are the
# lexicon's (forum/data/overlap_lexicon.yaml: area_words … village_parts), read through `lexicon()`.


@lru_cache(maxsize=16384)  # a forum names the same few thousand villages over and over
def place_of(regency: str, district: str = "", village: str = "") -> Place:
    low = [" ".join(normal_words(x)) for x in (regency, district, village)]
    if not low[0]:
        return ("", "", "")
    return (_regency_key(low[0]), low[1] if low[0] else "", low[2] if low[1] else "")


def _regency_key(name: str) -> str:
    for prefix in ("kabupaten ", "kab ", "kota "):
        if name.startswith(prefix):
            return name[len(prefix):] if prefix != "kota " else name
    return name


def relation(a: Place, b: Place) -> str:
    """How two places meet: same_village, district_covers, same_district, regency_covers, same_regency,
    other_village (same sub-district, different villages) or "" (they do not meet)."""
    if not a[0] or a[0] != b[0]:
        return ""
    if not a[1] or not b[1]:
        return "same_regency" if not a[1] and not b[1] else "regency_covers"
    if a[1] != b[1]:
        return ""
    if a[2] and b[2]:
        return "same_village" if a[2] == b[2] else "other_village"
    return "district_covers" if a[2] or b[2] else "same_district"


RANK = {"same_village": 6, "district_covers": 5, "same_district": 5, "regency_covers": 4, "same_regency": 4,
        "other_village": 1, "": 0}


def best_relation(places_a, places_b) -> tuple[str, Place | None]:
    """The closest way any place of one meets any place of the other, and the narrower place of that pair."""
    best, where = "", None
    for a in places_a:
        for b in places_b:
            found = relation(a, b)
            if RANK[found] > RANK[best]:
                best, where = found, max(a, b, key=lambda p: (bool(p[1]), bool(p[2])))
    return best, where


# --- the names a text mentions ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Names:
    """The place names of one regency (and every regency's name), as word tuples."""
    villages: dict  # words → (district, village), official names in lower case
    homonyms: dict  # words → every (district, village) of that name, where sub-districts share a village's name
    districts: dict  # words → district
    others: frozenset  # other names to take out of the text (regencies of the province)
    longest: int

    def every(self, words: tuple) -> tuple:
        """Every village a name may be: one, each sub-district's village of that name ("Kayu Ara" of two
        sub-districts; the item's own sub-district picks among them: `places_with_mentions`), or each of the numbered
        villages one village was split into, named without its number (`_numbered_families`)."""
        return self.homonyms.get(words, (self.villages[words],))


@lru_cache(maxsize=64)
def names_of(regency: str) -> Names:
    from forum.services import regions

    root = regions.province()
    villages, districts, others, homonyms = {}, {}, set(), {}
    for r in root.children.values():
        for alias in regions._aliases(r.name) | {" ".join(normal_words(r.name.split(" ", 1)[-1]))}:  # noqa: SLF001
            others.add(tuple(alias.split()))
    found = root.find(regency) if regency else None
    if found is not None:
        for d in found.children.values():
            dkey = " ".join(normal_words(d.name))
            for alias in regions._aliases(d.name):  # noqa: SLF001 (the region list's own alias rule)
                districts.setdefault(tuple(alias.split()), dkey)
            for v in d.children.values():
                for alias in regions._aliases(v.name):  # noqa: SLF001
                    village = (dkey, " ".join(normal_words(v.name)))
                    villages.setdefault(tuple(alias.split()), village)
                    if alias == village[1]:  # the whole name, not a short alias ("sungai" of "Sei/Sungai Laki")
                        homonyms.setdefault(tuple(alias.split()), {})[village] = None
    homonyms = {k: tuple(v) for k, v in homonyms.items() if len({d for d, _v in v}) > 1}
    for family, members in _numbered_families(villages).items():
        villages[family] = members[0]
        homonyms[family] = members
    longest = max((len(k) for k in (*villages, *districts, *others)), default=1)
    return Names(villages, homonyms, districts, frozenset(others), longest)


def _numbered_families(villages: dict) -> dict:
    """The villages a village was split into, told apart by a number ("X I", "X II", "Sei/Sungai Y 1") or a word of
    village_parts ("X Hulu", "X Kuala"), by the name they share (each alias) where no village bears it alone: a title
    writes the road "ke X" for whichever of them it reaches. {name words: ((district, village), ...)}."""
    families: dict = {}
    for words, village in villages.items():
        if len(words) >= 2 and _ordinary_last(words[-1]):
            families.setdefault((village[0], words[:-1]), set()).add(village)
    return {stem_words: tuple(sorted(members)) for (_d, stem_words), members in families.items()
            if len(members) > 1 and stem_words not in villages}


@lru_cache(maxsize=1)
def province_names() -> tuple[frozenset, int]:
    """Every sub-district's and village's name of the province (each alias), as word tuples, and the longest: a name
    written in full is a name wherever the item is filed ("Simba Raya" is no typo of "simda")."""
    from forum.services import regions

    found = {tuple(alias.split()) for r in regions.province().children.values() for d in r.children.values()
             for place in (d, *d.children.values()) for alias in regions._aliases(place.name)}  # noqa: SLF001
    return frozenset(found), max((len(k) for k in found), default=1)


def named_words(words: list[str]) -> list[bool]:
    """Which words are part of a name, never a typo of a lexicon word: a sub-district's or village's name of the
    province written in full (of two or more words, or one word no dictionary holds), and the name of a site after
    a place word or a river ("Dusun Simba", "Sungai Sapan": past the common words of settlement names, a slip in
    them read)."""
    names, longest = province_names()
    lex = lexicon()
    out = [False] * len(words)
    i = 0
    while i < len(words):
        n = next((n for n in range(min(longest, len(words) - i), 0, -1) if tuple(words[i:i + n]) in names), 0)
        if n and not _ordinary_word(tuple(words[i:i + n])):
            out[i:i + n] = [True] * n
            i += n
            continue
        if words[i] in lex.place_words or words[i] in lex.river_words:
            k = i + 1
            while k < len(words) and corrected(words[k]) in lex.settlement_words:  # "ds Pariit Bugis" too
                k += 1
            if k < len(words) and words[k].isalpha():
                out[k] = True
        i += 1
    return out




@lru_cache(maxsize=1)
def _official_names() -> dict[str, str]:
    from forum.services import regions

    out: dict[str, str] = {}
    for r in regions.province().children.values():
        for d in r.children.values():
            out.setdefault(" ".join(normal_words(d.name)), d.name)
            for v in d.children.values():
                out.setdefault(" ".join(normal_words(v.name)), v.name)
    return out


def official_name(name: str) -> str:
    """A sub-district or village as the region list writes it, from the form a reason stores ("semangit semanget"
    → "Semangit (Semanget)"); "" for a name the list does not hold."""
    return _official_names().get(name, "")


def _ordinary_word(words: tuple) -> bool:
    """A one-word name that is also an ordinary word ("Durian", "Kantor", "Pasar"): a place only after "desa"."""
    if len(words) != 1:
        return False
    word = words[0]
    return word in dictionary() or word in lexicon().known


@dataclass
class Mentions:
    villages: set  # (district, village)
    districts: set
    area: bool  # "se-Kecamatan", "seluruh desa": the text covers an area on purpose
    spans: list  # (start, end) of every place name in the words


def mentions(words: list[str], regency: str, *, strict: bool = False) -> Mentions:
    """The villages and sub-districts of `regency` that `words` name, and where place names are. `strict`: for a
    text that gives no place of its own, a name of ordinary words only ("Simpang Tiga", "Tunas Harapan") is a place
    only where called one ("desa Simpang Tiga"), as a one-word name always is."""
    names = names_of(regency)
    out = Mentions(set(), set(), False, [])
    ordinary: list[tuple[int, int, tuple]] = []  # village names that are ordinary words, not read as places yet
    i, lex = 0, lexicon()
    while i < len(words):
        if words[i] in lex.area_words:
            out.area = True
        hit = None
        for n in range(min(names.longest, len(words) - i), 0, -1):
            key = tuple(words[i:i + n])
            if key in names.villages or key in names.districts or key in names.others:
                hit = key
                break
        hit = hit or _misspelt_village(words, i, regency)
        if hit is None:
            i += 1
            continue
        before = _word_before(words, i)
        end = i + len(hit)
        called = (before in lex.village_kind_words or before in lex.district_kind_words
                  or before in lex.regency_kind_words)  # "desa X", "kec. X", "kab. X": a place, though a word
        plain = _ordinary_word(hit) or (strict and all(_ordinary_word((w,)) for w in hit))
        if plain and not called and not _village_of_hamlet(words, i, end):
            if hit in names.villages:
                ordinary.append((i, end, hit))
            i += 1
            continue
        out.spans.append((i, end))
        if before in lex.regency_kind_words and hit in names.others:
            i = end  # "Kabupaten Sintang" is the regency, not its capital's sub-district of the same name
            continue
        if hit in names.villages and before not in lex.district_kind_words and (
                hit not in names.districts or before in lex.village_kind_words or _town_facility(words, i, hit, names)):
            out.villages.update(names.every(hit))
        elif hit in names.districts:
            out.districts.add(names.districts[hit])
        i = end
    _listed_villages(words, names, out, ordinary)
    return out


SLIP_LETTERS = 4  # a word of a name read through a slip has this many letters at least ("blai" balai)


@lru_cache(maxsize=64)
def _slip_index(regency: str) -> dict:
    """The regency's village names of two words or more, each with one of its words left open: {(words, "*" in the
    open one's place): [the name, ...]} (`_misspelt_village`)."""
    out: dict = {}
    for name in names_of(regency).villages:
        for k, word in enumerate(name if len(name) >= 2 else ()):
            if len(word) >= SLIP_LETTERS and word.isalpha():
                out.setdefault((*name[:k], "*", *name[k + 1:]), []).append(name)
    return out


def _misspelt_village(words: list[str], start: int, regency: str) -> tuple | None:
    """The one village name of two words or more that `words` write at `start` with a slip in one word, the others as
    the name writes them ("Blai X": a vowel left out of "Balai X"; "Lubk Y"): the slip keeps the first letter and is a
    vowel left out or one edit of a word of five letters or more; no word of the lexicon or the dictionary. Else
    None."""
    from rapidfuzz.distance import OSA

    index = _slip_index(regency)
    villages = names_of(regency).villages
    found = {}  # village → the name read (two spellings of one village's name are one)
    for n in range(2, min(names_of(regency).longest, len(words) - start) + 1):
        window = words[start:start + n]
        for k, written in enumerate(window):
            if len(written) < SLIP_LETTERS - 1 or not written.isalpha() or written in lexicon().known \
                    or written in dictionary():
                continue
            for name in index.get((*window[:k], "*", *window[k + 1:]), ()):
                word = name[k]
                if written[0] == word[0] and (_vowel_left_out(written, word) or (
                        len(word) >= 5 and OSA.distance(written, word, score_cutoff=1) <= 1)):
                    found[villages[name]] = name
    return found.popitem()[1] if len(found) == 1 else None


def _vowel_left_out(written: str, word: str) -> bool:
    """Whether `word` is `written` with one vowel put back."""
    return len(word) == len(written) + 1 and any(
        word[:i] + word[i + 1:] == written for i in range(1, len(word)) if word[i] in "aeiou")


def _word_before(words: list[str], start: int) -> str:
    """The word before a name, past a colon: "desa: Entikong", "di 3 desa: A, B, C", "Kec.: Badau" call the name
    a village or a sub-district as "desa Entikong" does."""
    k = start - 1 if start and words[start - 1] != ":" else start - 2
    return words[k] if k >= 0 else ""


def _village_of_hamlet(words: list[str], start: int, end: int) -> bool:
    """A name in brackets right after a hamlet's ("dusun Sungai Limau (Jelutung)"): the village the hamlet is in, even
    where its name is an ordinary word."""
    return (0 < start and words[start - 1] == "(" and end < len(words) and words[end] == ")"
            and not lexicon().hamlet_naming.isdisjoint(words[max(0, start - 5):start - 1]))


def _town_facility(words: list[str], start: int, hit: tuple, names: Names) -> bool:
    """An institution named by the name a sub-district shares with its town, the village of that name in it ("Puskesmas
    Noyan", "kantor camat Noyan"): the institution stands in the town, wherever the item is filed from."""
    if names.villages[hit][0] != names.districts.get(hit):
        return False
    lex = lexicon()
    for begin in range(max(0, start - 3), start):
        found = lex.concept_phrases.match_at(words[:start], [stem(w) for w in words[:start]], begin)
        if found and begin + found[0] == start and found[1] in lex.facilities:
            return True
    return False


def _listed_villages(words: list[str], names: Names, out: Mentions, ordinary: list) -> None:
    """A village whose name is an ordinary word, listed beside a village read as one ("Desa Balai Sepuak, Sebetung
    dan Ijuk", "revetmen Penjajap & Sebatuan", "RTLH Sebetung 4 unit, Ijuk 6 unit"), is a village too: a list of names
    joined by list_links, each perhaps with its count, names places; so does a place a route runs through, between two
    route_links ("ruas A - Pisang - C": not an end, "jalan A - Pisang", which may be a hamlet's)."""
    read = {(s, e) for s, e in out.spans if tuple(words[s:e]) in names.villages}
    lex = lexicon()
    added = True
    while added:
        added = False
        for start, end, hit in ordinary:
            if (start, end) in read:
                continue
            link = _past_count(words, end)
            routed = (start and link < len(words) and words[start - 1] in lex.route_links
                      and words[link] in lex.route_links)
            links = lex.list_links | (lex.route_links if routed else frozenset())
            after = link < len(words) and words[link] in links and any(s == link + 1 for s, _e in read)
            before = start and words[start - 1] in links and any(_past_count(words, e) == start - 1 for _s, e in read)
            if after or before:
                read.add((start, end))
                out.spans.append((start, end))
                out.villages.update(names.every(hit))
                added = True


def _past_count(words: list[str], i: int) -> int:
    """Where a list's next link may stand after a name at `i`: past the count the writer gave the place ("Sahan 10 unit,
    Mayak 5 unit": a number and the word it counts)."""
    if i < len(words) and words[i].isdigit():
        i += 1
        if i < len(words) and words[i].isalpha() and words[i] not in lexicon().list_links:
            i += 1
    return i


def _siblings(a: str, b: str) -> bool:
    """Two villages of one name told apart by their last word, a numeral or a word of village_parts ("Sungkung II" /
    "Sungkung III", "Setapuk Besar" / "Setapuk Kecil", "X Hulu" / "X Hilir"), or a name of two words or more and the
    same name with such a word after it ("X Y" / "X Y Hulu"); not two names behind one common
    first word ("Nanga Sokan" / "Nanga Danau"), nor one name inside the other ("Labian" / "Labian Ira'ang")."""
    wa, wb = a.split(), b.split()
    short, long = sorted((wa, wb), key=len)
    if len(long) == len(short) + 1 >= 3:  # "Balai Pinang" / "Balai Pinang Hulu": the name and one part of it
        return long[:-1] == short and _ordinary_last(long[-1])
    return (len(wa) == len(wb) >= 2 and wa[:-1] == wb[:-1] and wa[-1] != wb[-1]
            and all(_ordinary_last(w[-1]) for w in (wa, wb)))


def _numbered_siblings(a: str, b: str) -> bool:
    """Two villages of one name told apart by a number ("X II" / "X III", "X I (Satu)" / "X II (Dua)")."""
    na, nb = _number_split(a), _number_split(b)
    return bool(na and nb and na[0] == nb[0] and na[1] != nb[1])


def _number_split(name: str) -> tuple | None:
    """(the words before a village name's number, the number) or None: "x ii dua" → (("x",), "ii")."""
    words = name.split()
    k = next((k for k, w in enumerate(words) if k and (w.isdigit() or set(w) <= set("ivx"))), None)
    return (tuple(words[:k]), words[k]) if k is not None else None


def _ordinary_last(word: str) -> bool:
    return word.isdigit() or set(word) <= set("ivx") or word in lexicon().village_parts


def places_with_mentions(base: Place, found: Mentions) -> tuple[Place, ...]:
    """The item's places: its structured place, narrowed or widened by the villages its title names.

    A village-level item also counts for the other villages of its sub-district it names (a road between two
    villages); a sub-district-level item that names villages of its sub-district is about those villages
    (unless it says it covers the whole sub-district); a regency-level item naming villages or sub-districts is
    about those (the whole of the sub-districts it names, where it says it covers an area)."""
    regency, district, village = base
    if not regency:
        return ()
    if village:
        extra = {(regency, district, v) for d, v in found.villages if d == district}
        if base in extra:  # its own village's name without the number ("X" of X I) is its own village
            extra -= {p for p in extra if p != base and _numbered_siblings(village, p[2])}
        if base not in extra and any(_siblings(village, v) for _r, _d, v in extra):
            return tuple(sorted(extra))  # "PLTS Sungkung III" filed under Sungkung II is about Sungkung III
        return tuple(sorted({base} | extra))
    if district:
        named = {(regency, district, v) for d, v in found.villages if d == district}
        return tuple(sorted(named)) if named and not found.area else (base,)
    named = {(regency, d, v) for d, v in found.villages} | {(regency, d, "") for d in found.districts}
    if found.area and found.districts:  # "se-Kecamatan K", "seluruh desa di Kecamatan K": the whole of K
        named = {(regency, d, "") for d in found.districts}
    return tuple(sorted(named)) if named and (not found.area or found.districts) else (base,)


# --- the place of an item that names none: read from its texts ---------------------------------------------------

@dataclass(frozen=True)
class _Province:
    """Every regency's place names, to read a text that gives no regency: which regencies hold a name (so that the
    villages of only those few are read), every regency's own names, and the region list's spelling of each place."""
    holders: dict  # words → the regencies (official names) with a village or sub-district of that name
    regencies: dict  # words → regency (official name): "sambas", "kapuas hulu", "pontianak" (Kota Pontianak)
    official: dict  # (regency, district key[, village key]) → the region list's name of the district / village
    longest: int


@lru_cache(maxsize=1)
def _province() -> _Province:
    from forum.services import regions

    holders: dict = {}
    regencies: dict = {}
    official: dict = {}
    for r in regions.province().children.values():
        for alias in regions._aliases(r.name) | {" ".join(normal_words(r.name.split(" ", 1)[-1]))}:  # noqa: SLF001
            regencies.setdefault(tuple(alias.split()), r.name)
        names = names_of(r.name)
        for words in (*names.villages, *names.districts):
            holders.setdefault(words, set()).add(r.name)
        for d in r.children.values():
            dkey = " ".join(normal_words(d.name))
            official.setdefault((r.name, dkey), d.name)
            for v in d.children.values():
                official.setdefault((r.name, dkey, " ".join(normal_words(v.name))), v.name)
    longest = max((len(k) for k in (*holders, *regencies)), default=1)
    return _Province({k: frozenset(v) for k, v in holders.items()}, regencies, official, longest)


def _names_in(words: list[str], province: _Province) -> tuple[set, set]:
    """The regencies `words` name (not right after "kecamatan" or "desa": "kecamatan Sambas" is the sub-district) and
    the regencies holding a village or sub-district of a name they write; the longest name first, so that the regency
    inside a sub-district's name ("Sanggau Ledo", "Mempawah Hulu") is none."""
    regencies, holders, i = set(), set(), 0
    lex = lexicon()
    calls_other = lex.district_kind_words | lex.village_kind_words
    while i < len(words):
        n = next((n for n in range(min(province.longest, len(words) - i), 0, -1)
                  if tuple(words[i:i + n]) in province.holders or tuple(words[i:i + n]) in province.regencies), 0)
        name = tuple(words[i:i + n])
        if name in province.regencies and _word_before(words, i) not in calls_other:
            regencies.add(province.regencies[name])
        holders |= province.holders.get(name, set())
        i += n or 1
    return regencies, holders


NOWHERE: Place = ("", "", "")
COMPARISON_REACH = 6  # words after a comparison word that may name its example ("seperti yang sudah ada di Kota X")


def _without_comparisons(words: list[str]) -> list[str]:
    """A field's words without the places of the comparisons it makes (lexicon comparison_words: "seperti di Kota X"):
    from a comparison word up to the end of its clause (a separator or a word opening another clause), at most
    COMPARISON_REACH words after it."""
    lex = lexicon()
    out, skip = [], 0
    for word in words:
        if skip and (word in (",", ";") or word in lex.subordinators):
            skip = 0
        if word in lex.comparison_words:
            skip = COMPARISON_REACH + 1
        if skip:
            skip -= 1
            out.append(",")  # a break where the comparison stood: the names around it are not joined
            continue
        out.append(word)
    return out


def place_in_texts(fields: list[list[str]]) -> Place:
    """The one place a proposal's texts name (each field's normalised words), as the region list writes it
    (regency, district, village), for an item sent without a location; NOWHERE when they name none, or not one
    unambiguously.

    The villages and sub-districts are read as for an item of each regency whose names the texts write (`mentions`:
    "desa" before a name that is also a word, homonyms within a regency). A village name two sub-districts or regencies
    share counts only with its sub-district or regency named beside it; villages of two sub-districts (or two
    sub-districts, or a village and a regency that does not hold it) place the item nowhere; a sub-district alone
    places it in the whole sub-district, a regency alone in the whole regency. Several villages of one sub-district
    place it in that sub-district (its signature's mentions narrow it to those villages, as for a sub-district-level
    location)."""
    province = _province()
    regencies: set = set()
    villages: set = set()  # (regency, district key, village key)
    districts: set = set()  # (regency, district key)
    for words in map(_without_comparisons, fields):
        named, holders = _names_in(words, province)
        regencies |= named
        for regency in holders:
            found = mentions(words, regency, strict=True)
            villages.update((regency, d, v) for d, v in found.villages)
            districts.update((regency, d) for d in found.districts)
    # a regency's capital sub-district written bare ("jalan di Sambas") is read as the regency, the wider place
    districts = {(r, d) for r, d in districts if province.regencies.get(tuple(d.split())) != r or r not in regencies}
    if regencies:  # a homonym's regency named beside it
        villages = {p for p in villages if p[0] in regencies} or villages
        districts = {p for p in districts if p[0] in regencies} or districts
    if districts:  # a homonym's sub-district named beside it
        villages = {p for p in villages if p[:2] in districts} or villages
    wheres = {p[:2] for p in villages} | districts
    if len(wheres) > 1 or (wheres and not regencies <= {r for r, _d in wheres}):  # two places, or a regency apart
        return NOWHERE
    if wheres:
        (where,) = wheres
        village = province.official[next(iter(villages))] if len(villages) == 1 else ""
        return (where[0], province.official[where], village)
    return (next(iter(regencies)), "", "") if len(regencies) == 1 else NOWHERE
