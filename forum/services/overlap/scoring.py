"""Scoring two items, finding the candidates of a new one, and explaining a verdict.

A pair is checked for **vetoes** first — things that make two items different work whatever their wording:
places that do not meet (other regency, other sub-district, two different villages), two different kinds of
work (a football field and a volleyball court), a kind of work against an unknown object, two different
unknown objects unless the texts are alike (UNKNOWN_TEXT: the lexicon never knows every object), different
commodities (rubber and pepper), different institution numbers (SD Negeri 9 and SD Negeri 14), different sections
of one asset ("ruas 2" / "ruas 3", "blok A" / "blok B", two RTs of one RW) or stretches that do not meet ("km 41 -
44" / "kilometer 30 sampai 33", by station "STA 0+000 - 1+500") or levels of one channel network ("saluran sekunder" /
"irigasi tersier"), different ordinals ("jembatan gantung I" / "II" / "1", "posyandu Mawar I di dusun" / "posyandu Mawar
III"), differently named assets, hamlets or route ends that share no name ("parit Haji Husin" / "parit Wak Dollah",
"drainase jalan Merpati" / "gang Kenari", "dusun Sungai Limau" / "dusun Harapan Jaya", a road "Meragun - Pantok" /
"Meragun - Nanga Engkulun", "embung Sengkuang" / "embung Pelaik": Item.place_names, Item.asset_names), or that share
one name and each name another the other never writes (two stretches of one street between different cross streets,
two roads from one hamlet to two others: _name_conflict; two roads from one village to two others of the region
list: _route_conflict), different uses, builds or water sources of one kind ("dermaga nelayan" / "dermaga
penyeberangan", "keramba apung" / "keramba tancap", "jaringan perpipaan" / "sumur bor": Item.facet_words; a title naming
none meets either), institutions the titles name as their own that differ (Item.facilities), an institution's asset
against the community's ("perpustakaan SDN 4" / "perpustakaan desa", "IPAL puskesmas" / "IPAL komunal": Item.owners),
training on something
against building it, a path in a building's grounds against a
public road, a neighbourhood's road or drain against a through road (Item.road_class), a road to the fields or a
tourist site against a through road (_use_and_through), a new asset beside the
existing one against repairing it ("RKB" / "rehab ruang kelas"). An unknown head word that the other title writes
out ("jln" / "jalan", "PLUT" / "pusat layanan usaha terpadu") or misspells ("karamba" / "keramba") is read without the
lexicon as the same object; another acronym of either title that the other writes out ("RS Pratama" / "rumah sakit
pratama") is weaker evidence. Then the evidence adds up (0–1):

    same kind, or the head
    abbreviated or misspelt:  KIND_SAME    + PLACE × place weight + TEXT_SAME × text similarity
    general vs specific kind,
    the same unknown head,
    a kind the other text
    names beside its unknown
    head (MENTIONED_TEXT), or
    another acronym:          KIND_NEAR    + PLACE × place weight + TEXT_NEAR × text similarity
    no kind known:            KIND_NONE    + PLACE × place weight + TEXT_NONE × text similarity
    + SAME_CODE when both carry the same nomenclature code (kegiatan or sub kegiatan level)
    + SAME_INSTITUTION when one names a numbered institution alone and the other a part of it ("SDN 6" / "ruang
      kelas SD Negeri 6")

A pair at or above THRESHOLD is flagged; its relation is "related" when one of the two is a phase (design
study, DED, supervision, land acquisition) and the other is not the same phase, else "overlap" — the phase a row funds
is the one its title names; a title that names the works is the works whatever its activity field says
(Features.phase).
Text similarity: the cosine of the content stems (title weighted double) and of their character trigrams,
which carries what the lexicon does not know (a shared unusual word, a spelling variant).
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from forum.services.overlap import places as placing
from forum.services.overlap.analysis import ROMAN, VOWELS, Features
from forum.services.overlap.lexicon import FACETS, NOT_OBJECT, lexicon, normal_words, stem

THRESHOLD = 0.6
PLACE = 0.2
KIND_SAME, TEXT_SAME = 0.45, 0.35
KIND_NEAR, TEXT_NEAR = 0.25, 0.55
KIND_NONE, TEXT_NONE = 0.1, 0.7
SAME_CODE = 0.2  # the same sub-activity code (sub kegiatan, x.xx.xx.x.xx.xxxx)
SAME_ACTIVITY = 0.1  # the same activity (kegiatan, x.xx.xx.x.xx), one of the two coded no deeper
# Both name one numbered institution of the place ("SD Negeri 08"), one of them naming only the institution, the other
# a part of it ("SD Negeri 08 Tawang lantainya rusak, mohon direhab" / "Rehabilitasi Ruang Kelas SD Negeri 08"): the
# number says which school as surely as a shared code says which line (any value from 0.15 to 0.25 gives the same
# verdicts on the development sets; two parts of one school, a teachers' room and new classrooms, stay apart).
SAME_INSTITUTION = 0.2
# Two different head words the lexicon does not know are different work unless the texts say the same thing
# strongly: the lexicon can never know every object, and the wording is then all there is. Short titles that
# differ only in their object ("tenda pesta desa" / "kursi pesta desa") reach 0.5-0.66, hence 0.7.
UNKNOWN_TEXT = 0.7
# A kind of work against a head word the lexicon does not know is different work, unless the text of that head
# names the kind elsewhere and the other text names the head word too ("penguatan modal BUMDes" / "tambahan modal
# untuk ... badan usaha milik desa": both about capital and the village enterprise), and the wordings agree this
# much. "Papan nama dekat gereja" against "rehab gereja" stays different work (the sign is not in the other text).
MENTIONED_TEXT = 0.3
# A general kind whose item names the other's specific kind in another field ("Pasar ...", its activity "Pasar
# perbatasan") is that kind where the two wordings share this much at least (a word, or some letters of several): two
# items of one village that meet only on a kind named in passing (a problem's "guru bekerja di ruang kelas", a
# reason's "genset hanya menyala ...") share none (0.0-0.05 on the development sets; the same work 0.14 and more).
SPECIFIED_TEXT = 0.1
PHRASE_GRAMS = (3, 4, 5)
# The lexicon lacks the head of one item or both, each item's head word is written in the other's key phrase,
# and the key phrases are this alike in their characters (phrase_similarity): the same object, read without the
# lexicon ("rehab kantor kec" / "rehabilitasi kantor camat"). On the development sets every value from 0.30 to
# 0.70 gives the same verdicts (one more blind-2 pair found, no false flag); 0.5 sits in the middle.
PHRASE_LIFT = 0.5
# ... and more than half the shorter key phrase's words are the other's: "pemeliharaan berkala kantor desa" and
# "pemeliharaan berkala pos kesehatan" share their first word (an unknown head, "berkala") and half their letters.
# (Any value from 0.3 to 0.7 gives the same verdicts on the development sets; it is what keeps 15,000 synthetic plan
# rows of bench/overlap.py — "pemeliharaan berkala X" for many X — from some 8,600 pairs of different work.)
PHRASE_COVER = 0.5
# The naming words (after which a title names a place or an asset, and the words passed over or never read as
# a name) are the lexicon's (forum/data/overlap_lexicon.yaml: place_naming … not_names), read through `lexicon()`.
NAME_RUN = 3  # at most this many words after a naming word are its name
# The reading words below (river_words … network_levels) are the lexicon's too (forum/data/overlap_lexicon.yaml, its
# last block), read through `lexicon()`; the concept ids they go with and the thresholds stay here.
# The river an asset of a kind stands on, written after "di" ("jembatan kayu di sungai Lumut": river_words): named like
# the asset.
NAME_RATIO = 85  # rapidfuzz ratio of two name words of five letters or more read as one name misspelt
# An ordinal of the asset: a roman numeral ("jembatan gantung II"; "i", "v", "x" only where the title ends, else they
# are letters as often) or an ordinal word (ordinal_words) after "yang" (ordinal_after: "jembatan yang
# pertama").
# ... or a numeral that ends the asset's name inside the title: after a name word and before a word of where the asset
# is (the lexicon's ordinal_before: "posyandu Kenanga I di dusun ...", "jembatan sungai Sepauk 3 yang rusak").
# The stretch of a road or a channel a title gives by its position along it: kilometres (km_words: "km 41 - 44",
# "kilometer 30 sampai 33", "km 12,5 sd km 14", "kilometer satu sampai dua", number_words) or stations (station_words:
# "STA 0+000 s/d 1+500", metres from the start), their ends linked by stretch_links. A number before "km" is a length
# ("3 km"), not a position, and is not read.
# A new asset beside the existing one (new_words) against repairing the existing one (repair_words): "RKB" (ruang kelas
# baru) / "rehabilitasi ruang kelas", "drainase baru" / "rehab drainase" are two works a planner funds apart. "Baru"
# counts after the word it describes, not before a verb ("yang baru dibangun": recently built, not_new_before) nor
# after a naming word ("Dusun Baru"). A title that tells of damage (damage_words) asks for a new part in place of the
# broken one: a repair ("pintu airnya rusak, mohon dibuat pintu air baru").
# A road or path in the grounds of a building (grounds_words, its yard: "jalan setapak di halaman kantor desa", "jalan
# masuk dan halaman SD") is part of that building's works, not the public road of the village.
# A building named right after a word of position (landmark_words) is a landmark of the work, not its object ("dekat
# gereja").
ROAD_ROOTS = frozenset({"road"})
ROUTE_ROOTS = frozenset({"road", "farm_road"})  # works that run from one place to another (road_words: "jalan ke Riam")
# The uses (the lexicon's `uses`) that make a road a road of its own, not the through road: the fields it leads to, a
# tourist site it serves, the high ground people flee to in a flood. Who travels it (an ambulance, patients) does not.
ROAD_USES = frozenset({"farming", "passengers", "evacuation"})
SPAN_RATIO = 1.25  # two bridges' lengths this far apart are two bridges (a writer's estimate of one is not so far off)
CULVERT_ROOTS = frozenset({"culvert"})  # a culvert under a farm road is not the one under the main road
BRIDGE_ROOTS = frozenset({"bridge"})  # a footbridge to the fields is a bridge of its own (_farm_footbridge)
# A road or drain of a neighbourhood and a through road or its drain are two assets of different classes, planned under
# different lines (PSU perumahan / jalan kabupaten): Item.road_class reads how strongly a title says either. A housing
# estate, a lane (estate_words) or "di dalam desa" (inside_words) is strongly a neighbourhood's, "lingkungan" alone
# weakly (neighbourhood_words), and so is a road named right after its term by the hamlet it lies in ("jalan rabat Dusun
# X": Item._hamlets_lane); a road between villages (link_words: antar desa, penghubung, tembus, lintas, of the
# regency or province, or a route between two villages of its places) strongly a through road, and so is a road to the
# sub-district's town (the lexicon's district_words); "jalan poros" (a village's own main road) or a big or trunk drain
# ("parit besar", "saluran induk") weakly (main_road_words). Two weak ones are not told apart: the neighbourhood roads
# and the main road of one village are often the same request.
MAIN_REACH = 3  # words before a main road word that may name the road it describes ("jalan rabat beton poros")
NETWORK_ROOTS = frozenset({"road", "drainage"})  # the works whose network levels (network_levels) tell two apart
MIN_CODE_DEPTH = 5  # kegiatan (x.xx.xx.x.xx) or deeper: a programme code is shared by too many rows
SUB_ACTIVITY_DEPTH = 6  # sub kegiatan (x.xx.xx.x.xx.xxxx): Permendagri 90/2019's finest level


@dataclass(eq=False)
class Item:
    """One proposal or plan row as the detector sees it. `key` identifies it to the caller (an id, or a
    ("item", id) / ("input", id) tuple); `agency_id` None is "unknown agency" (never the same as another)."""
    key: object
    agency_id: int | None
    places: tuple  # of places.Place
    features: Features
    code: str = ""

    @cached_property
    def grams(self) -> frozenset:
        out = set()
        for word in self.features.words:
            padded = f" {word} "
            out.update(padded[i:i + 3] for i in range(len(padded) - 2))
        return frozenset(out)

    @cached_property
    def phrase_grams(self) -> frozenset:
        """The key phrase's character n-grams (PHRASE_GRAMS long, hashed): the title's words without places,
        numbers, fillers and the words of the work or phase ("pembangunan", "rehab", "DED"), each padded by a
        space. Computed once per item; a pair costs one set intersection."""
        out = set()
        for word in key_words(self.features.title_seq):
            padded = f" {word} "
            for n in PHRASE_GRAMS:
                out.update(hash(padded[i:i + n]) for i in range(len(padded) - n + 1))
        return frozenset(out)

    @cached_property
    def key_stems(self) -> frozenset:
        """The key phrase's words and their stems (an unknown head is a stem)."""
        words = key_words(self.features.title_seq)
        return frozenset(words) | frozenset(stem(w) for w in words)

    @cached_property
    def key_set(self) -> frozenset:
        """The key phrase's distinct words, as stems."""
        return frozenset(stem(w) for w in key_words(self.features.title_seq))

    @cached_property
    def head_words(self) -> frozenset:
        """The unknown head (a stem), else the first word of the key phrase and its stem (see _read_in_characters)."""
        if self.features.unknown:
            return frozenset(self.features.unknown)
        words = key_words(self.features.title_seq)
        return frozenset((words[0], stem(words[0]))) if words else frozenset()

    @cached_property
    def weighted_words(self) -> dict:
        weights = dict.fromkeys(self.features.words, 1.0)
        for word in self.features.title_words:
            weights[word] = 2.0
        return weights

    @cached_property
    def norm(self) -> float:
        return math.sqrt(sum(w * w for w in self.weighted_words.values()))

    @cached_property
    def place_names(self) -> frozenset:
        """The words by which the title names where its work goes (place_naming) and the words of the villages and
        sub-districts it names: "box culvert jln Meragun - Pantok" → {meragun, pantok}. Computed once per item."""
        out = set(self._named_after(lexicon().place_naming))
        for _district, village in self.features.mentions:
            out.update(_name_words(village))
        for district in self.features.district_mentions:
            out.update(_name_words(district, district=True))
        return frozenset(out)

    @cached_property
    def asset_names(self) -> frozenset:
        """The words by which the title names its asset (asset_naming, kind_naming): "gertak parit Wak Dollah" → {wak,
        dollah}, "embung Sengkuang" → {sengkuang}."""
        return frozenset(self._named_after(lexicon().asset_naming | lexicon().kind_naming))

    @cached_property
    def river_named(self) -> bool:
        """Whether the title names its asset by a river: a name right after a river word that is no part of the term
        of its kind ("jembatan sungai Kedondong", "jembatan Parit Seribu"; not "dermaga sungai Nanga Serawai")."""
        seq, lex = self.features.title_seq, lexicon()
        return any(seq[j - 1] in lex.river_words and seq[j] in self.asset_names
                   and not (j > 1 and _names_one_kind(seq[j - 2], seq[j - 1])) for j in range(1, len(seq)))

    @cached_property
    def river_unnamed(self) -> bool:
        """Whether the title writes a river word with no name of an asset after it: the river's name is read as the
        place ("jembatan rangka baja sungai Puguk" in the village Puguk), so a river named like its village."""
        seq, lex = self.features.title_seq, lexicon()
        return any(word in lex.river_words and (j + 1 == len(seq) or seq[j + 1] not in self.asset_names)
                   for j, word in enumerate(seq))

    def _named_after(self, naming: frozenset) -> list[str]:
        """The name words (`_is_name_word`: no lexicon, filler or affixed word; a name is not "tersumbat", blocked)
        right after a word of `naming` in the title, up to NAME_RUN words (an article or an initial passed over).
        After any naming word the common words of settlement names are passed over ("ruas Parit Haji - Selingkar",
        "jembatan sungai Lumut": the bridge is named by its river), and a hamlet named by them alone, with a number
        perhaps, is named by them: "dusun Bukit Raya", "dusun Simpang Tiga" ("ke sungai", to the river, names no
        place); so is a route's other end after its first ("ruas Pelangau - Batu Harapan"). A name with a bare prefix
        is a name (`_is_prefixed_name`: "embung Pelaik", "pasar Selumpit")."""
        seq, out, lex = self.features.title_seq, [], lexicon()
        kinds = naming & lex.kind_naming
        reasons, plain = self.features.reasons, self.features.plain
        for i, word in enumerate(seq):
            route = word in lex.place_naming and word not in lex.place_words
            if i in reasons and route:
                continue  # "... karena anak-anak lari ke hal-hal negatif": where people go, not where the work goes
            if word not in naming and not (kinds and word in lex.river_words and i and _river_of_kind(seq, i, kinds)):
                continue
            place, common, found, trailing = word in lex.place_naming, [], False, []
            for k, name in enumerate(seq[i + 1:i + 1 + 2 * NAME_RUN]):
                if k - len(common) >= NAME_RUN:
                    break  # the common words of a hamlet's name do not count ("dusun Bukit Raya Sungai Entabai")
                if len(name) <= 2 and name.isalpha() and _passed_over(name):
                    continue  # "masjid Al Falah", "gang H. Salim": an article or an initial
                if not k and _names_one_kind(word, name):
                    continue  # "gereja Katolik Santo Paulus": the kind of the asset, then its name
                if not k and route and name in lex.direction_words:
                    continue  # "ke arah Amang": the direction, then the route's end
                if (name in lex.settlement_words and not _lane_name(word, name, k)
                        or word == "kelompok" and name in lex.group_kinds
                        or route and _plain_before_name(seq, i + 1 + k, plain)):
                    common.append(name)  # "dusun Sungai Limau", "kelompok tani Mufakat", "ke riam Merasap"
                    trailing.append(name)
                    continue
                if place and common and name in lex.number_words:
                    common.append(name)  # "dusun Simpang Tiga"
                    continue
                river = seq[i + k] in lex.river_words  # after "sungai": a river's name, affixed, or a number
                if name in lex.damage_words or route and i + 1 + k in plain:
                    break  # "jalan hancur", "jembatan ambruk": how the asset is, no name of it; "ke teras": no place
                if not (_is_name_word(name) or _lane_name(word, name, k) or _is_prefixed_name(name)
                        or _tail_among_names(seq, i + 1 + k, found)
                        or river and name not in lex.not_names
                        and (_is_region_name_word(name) or name in lex.number_words or name in self._area_words
                             or _kind_word_naming_river(seq, i + 1 + k, plain))):
                    break
                out.append(name)
                found, trailing = True, []
            if word in lex.hamlet_naming and common and not found:
                out += common
            if place and found and len(trailing) >= 2:
                out += trailing  # a route's other end named by common words alone ("Pelangau - Batu Harapan")
        return out

    @cached_property
    def _area_words(self) -> frozenset:
        """The words of the names of its sub-districts and villages, lexicon words too: a river gives its name to the
        places at its mouth ("Nanga Taman"), so after a river word such a word is the river's name ("jembatan di
        sungai Taman"), whatever else it means."""
        settlement = lexicon().settlement_words
        return frozenset(w for p in self.places for part in p[1:] for w in part.split()
                         if len(w) >= 3 and w.isalpha() and w not in settlement)

    @cached_property
    def ordinals(self) -> frozenset:
        """The ordinals the title gives its asset (ordinal_words, roman numerals, a number of one or two digits that
        ends the title after a word, "jembatan gantung 1", "tahap 2", or ends a name before where the asset is,
        ordinal_before: "posyandu Kenanga I di dusun ...", or stands right after the word of its kind where the name
        between was a place's: _numbers_the_kind): "jmbtn gantung II" → {2}. A number up to two
        words after a word of an institution or a section is read there ("SD Negeri 3", "ruas 2", "gang Harapan 4":
        Features.numbers, Features.sections)."""
        seq, out = self.features.title_seq, set()
        lex = lexicon()
        for i, word in enumerate(seq):
            if not i:
                continue
            ends = i == len(seq) - 1 or (_is_region_name_word(seq[i - 1]) and (seq[i + 1] in lex.ordinal_before
                                                                         or seq[i + 1] in lex.place_words))
            if seq[i - 1] in lex.place_words or seq[i - 1] in lex.stage_words:
                continue  # "Dusun II", "RT 3": the number of a hamlet, where the asset is; "tahap 2": a stage (stages)
            if word in ROMAN and (len(word) > 1 or ends):
                out.add(ROMAN[word])
            elif word in lex.ordinal_words and seq[i - 1] in lex.ordinal_after:
                out.add(lex.ordinal_words[word])
            elif (ends and word.isdigit() and len(word) <= 2 and seq[i - 1].isalpha()
                  and not any(w in lex.institution_words or w in lex.section_words or w in lex.km_words
                              or w in lex.station_words for w in seq[max(0, i - 2):i])):
                out.add(int(word))
            elif seq[i - 1] in lex.kind_naming and _numbers_the_kind(seq, i):
                out.add(int(word) if word.isdigit() else lex.number_words[word])
        return frozenset(out)

    @cached_property
    def stages(self) -> tuple[frozenset, bool]:
        """The stages of its work the title names (a number, a roman numeral or an ordinal word right after a stage
        word, wherever it stands: "Tahap I, lantai 1" → {1}, "thp 2" → {2}) and whether it continues earlier work
        (continuation_words: "lanjutan turap", "tahap lanjutan")."""
        seq, lex = self.features.title_seq, lexicon()
        found = set()
        for before, word in zip(seq, seq[1:], strict=False):
            if before in lex.stage_words:
                number = ROMAN.get(word) or lex.ordinal_words.get(word) or (int(word) if word.isdigit() else 0)
                if 0 < number < 100:
                    found.add(number)
        return frozenset(found), not lex.continuation_words.isdisjoint(seq)

    @cached_property
    def stretch(self) -> tuple[int, int] | None:
        """The stretch (from, to) in metres that the title gives by kilometre or station (km_words, station_words),
        or None: "jln km 20-23" → (20000, 23000), "STA 0+000 - 1+500" → (0, 1500)."""
        seq, lex = self.features.title_seq, lexicon()
        for i, word in enumerate(seq):
            if word in lex.km_words or word in lex.station_words:
                found = _stretch_at(seq, i + 1, station=word in lex.station_words)
                if found:
                    return found
        return None

    @cached_property
    def span(self) -> float:
        """The length in metres its title gives (a number before a length word, length_words: "25 m", "40m", "24,5
        meter", "2 x 20 m" → 20), the first one; 0 for none."""
        seq, lex = self.features.title_seq, lexicon()
        for i, word in enumerate(seq):
            joined = re.fullmatch(r"(\d+)([a-z]+)", word)
            if joined and joined[2] in lex.length_words:
                return float(joined[1])
            if word.isdigit() and i + 1 < len(seq) and seq[i + 1] in lex.length_words:
                if i and seq[i - 1].isdigit():
                    return float(f"{seq[i - 1]}.{word}")  # "24,5 meter", its comma left out of the words
                return float(word)
        return 0.0

    @cached_property
    def levels(self) -> frozenset:
        """The levels of a channel network the title names (network_levels, as stems: "sekundernya" → sekunder), else
        those of a whole scheme it names (network_schemes: "daerah irigasi X" is its primary and secondary canals)."""
        lex, seq = lexicon(), self.features.title_seq
        out = {w for w in (stem(w) for w in seq) if w in lex.network_levels}
        for words, levels in lex.network_schemes.items():
            if not out and any(seq[i:i + len(words)] == words for i in range(len(seq))):
                out |= levels
        return frozenset(out)

    @cached_property
    def neighbourhoods(self) -> frozenset:
        """The neighbourhood units (rukun tetangga) the title names, as sections: "gang Kamboja RT 07 RW 2" → {rt:7}.
        An RW holds several RTs: two titles of one RW and two RTs are two neighbourhoods, one RW alone tells none."""
        seq = self.features.title_seq
        return frozenset(f"rt:{int(seq[i + 1])}" for i, w in enumerate(seq[:-1]) if w == "rt" and seq[i + 1].isdigit())

    @cached_property
    def renewal(self) -> str:
        """"new" when the title builds its asset new beside the existing one (new_words, "<asset> baru") and tells of
        no damage (damage_words), "repair" when it repairs the existing one (repair_words), "" for neither or both."""
        seq, lex = self.features.title_seq, lexicon()
        new = any(w in lex.new_words or (w == "baru" and i and _new_after(seq, i)) for i, w in enumerate(seq))
        repair = not lex.repair_words.isdisjoint(seq)
        new = new and lex.damage_words.isdisjoint(seq)
        return "new" if new and not repair else "repair" if repair and not new else ""

    @cached_property
    def facet_words(self) -> dict:
        """What its title says the asset serves, how it is built, where it takes its water and which part of a supply
        network it is (the lexicon's FACETS), each (facet, class) with the title's words that say it: "dermaga tambat
        kapal nelayan" → {(uses, fishing): [nelayan]}. Where it names a place that makes a good (facet_makers: a compost
        house), the good it names is that place's product, not a class of its own."""
        lex = lexicon()
        table, out, seq = lex.facet_words, defaultdict(list), self.features.title_seq
        for i, word in enumerate(seq):
            if not lex.negations.isdisjoint(seq[max(0, i - 2):i]):
                continue  # not after a negation: "SPAM bukan jaringan perpipaan" is not piped
            for said in table.get(word, ()):
                if said[0] == "sources" and i and seq[i - 1] in lex.field_words:
                    continue  # "sawah tadah hujan": rain-fed fields, not rainwater tanks
                if word not in out[said]:
                    out[said].append(word)
        for phrase, pairs in lex.facet_phrases.items():  # a phrase says its class whole, a negation in it too
            if any(seq[i:i + len(phrase)] == phrase for i in range(len(seq))):
                for said in pairs:
                    out[said].append(" ".join(phrase))
        for (facet, use), words in list(out.items()):
            if words and use in lex.facet_makers:
                out[facet, lex.facet_makers[use]] = []  # "rumah kompos ... pupuk organik": the good it makes
        return {use: words for use, words in out.items() if words}

    @cached_property
    def covered(self) -> frozenset:
        """The name words of the villages it covers, when it covers several and runs nowhere (its title names no road
        or route end: wells for three villages, not a road between two nor a culvert on one). They are other places of
        the item, not another name of where it meets one ("sumur bor Desa Sebubus, Mentibar dan Nibung" / "sumur bor
        Dusun Setinggak" in Mentibar)."""
        villages = [p for p in self.places if p[2]]
        if len(villages) < 2:
            return frozenset()
        if self._linked() and self._lists_villages():
            # "jalan A-B, Desa A, C dan D": the road's two ends are its names, the villages it lists beside them covered
            return frozenset().union(*(_name_words(p[2]) for p in villages)) - self.features.route_ends
        if self._names_route():
            return frozenset()
        if not ROUTE_ROOTS.isdisjoint(self.roots) and not self._lists_villages():
            return frozenset()  # "jalan Desa A - B": a road between the two villages it names
        if self.river_unnamed and not BRIDGE_ROOTS.isdisjoint(self.roots) and not self._lists_villages():
            return frozenset()  # "jembatan sungai Sekida desa Jagoi": a river named like a village, one crossing
        return frozenset().union(*(_name_words(p[2]) for p in villages))

    def _names_route(self) -> bool:
        """Whether the title names a route's end: a road's link of two ends ("A - B", "A-B": `_linked`),
        "ruas", "dari", "ke", "menuju" (not "sampai", s/d, without "dari": "wifi Desa A s/d C" is a range of villages),
        and for any work but a road a road word ("sumur bor jalan ke ..."). Not "ke" before a place word: "listrik ke
        dusun" takes the work to the hamlets, it names no end."""
        seq, lex = self.features.title_seq, lexicon()
        route = (lex.place_naming - lex.place_words - lex.hamlet_naming) - lex.range_words
        if ROUTE_ROOTS.isdisjoint(self.roots):
            route |= lex.road_words
        return self._linked() or any(word in route and not (i + 1 < len(seq) and seq[i + 1] in lex.place_words)
                                     for i, word in enumerate(seq))

    def _linked(self) -> bool:
        """Whether a road's title links two ends ("jalan Retok - Kubu Padi": Features.route_ends; "pengaman pantai A -
        B" is a stretch of coast along both villages, no route)."""
        return bool(self.features.route_ends) and not ROUTE_ROOTS.isdisjoint(self.roots)

    def _lists_villages(self) -> bool:
        """Whether a road's title lists the villages it covers, joined by a list word ("JUT Desa A dan B", "Desa A s/d
        C") or counted ("jalan poros di 3 desa"), where a route names its two ends ("dari A ke B", "A - B")."""
        return self.features.lists

    @cached_property
    def written(self) -> frozenset:
        """Its names and every word of its title (a name the other writes in passing is not another name)."""
        return self.place_names | self.asset_names | frozenset(self.features.title_seq) | self.features.title_words

    @cached_property
    def road_class(self) -> tuple[str, int]:
        """("neighbourhood" | "through", 2 strongly or 1 weakly) for a road or drain (NETWORK_ROOTS) whose title says
        which (see estate_words), ("", 0) for neither, both or another kind of work."""
        if NETWORK_ROOTS.isdisjoint(self.roots):
            return "", 0
        seq, lex = self.features.title_seq, lexicon()
        inside = any(w == "dalam" and seq[i + 1] in lex.inside_words for i, w in enumerate(seq[:-1]))
        estate = inside or not lex.estate_words.isdisjoint(seq)
        neighbourhood = 2 if estate else int(self._hamlets_lane() or not lex.neighbourhood_words.isdisjoint(seq))
        route = sum(1 for p in self.places if p[2]) >= 2 or bool(
            self.features.district_mentions and lex.district_words.isdisjoint(seq))
        main = _on_main_road(self)
        through = 2 if route or not lex.link_words.isdisjoint(seq) else int(main)
        if bool(neighbourhood) == bool(through):
            return "", 0
        return ("neighbourhood", neighbourhood) if neighbourhood else ("through", through)

    def _hamlets_lane(self) -> bool:
        """Whether the title names its road or drain by the hamlet it lies in, right after the term of its kind, and
        names no route ("jalan rabat Dusun Mancal Hulu", "rabat beton kampung Melana"; not "jalan ke Dusun Tanjung",
        "ruas A - B"): a lane of that settlement."""
        seq, lex = self.features.title_seq, lexicon()
        if self._names_route():
            return False
        ends = {end for _start, end, c in lex.concept_phrases.find_all(list(seq), [stem(w) for w in seq])
                if c.split(".", 1)[0] in NETWORK_ROOTS}
        return any(w in lex.hamlet_naming and j + 1 < len(seq) and (j in ends or j - 1 in ends)
                   and seq[j - 1] not in lex.place_naming for j, w in enumerate(seq))

    @cached_property
    def facilities(self) -> frozenset:
        """The institutions its title names as its own (lexicon facilities): not one named after a word of position,
        a landmark ("sinyal hanya ada di satu titik dekat gereja"), nor one its problem or activity names in passing
        (a referral "ke RSUD" is where the ambulance goes, not the institution it serves), unless it says which of
        the institutions its title names (see below)."""
        lex = lexicon()
        words = list(self.features.title_seq)
        found = lex.concept_phrases.find_all(words, [stem(w) for w in words])
        named = {c for start, _end, c in found if start - 1 not in self.features.landmarks}
        # ... and the one its other texts specify of an institution its title names ("Internet Sekolah", its activity
        # "VSAT untuk SMP": a junior high school)
        return frozenset(c for c in self.features.topics & lex.facilities
                         if c in named or any(lex.related(k, c) == "general" for k in named))

    @cached_property
    def owners(self) -> tuple[frozenset, bool]:
        """Whose its asset is, as its title says right after the phrase of one of its kinds: (the institutions named
        there, "perpustakaan sekolah SDN 12", "IPAL puskesmas", "lapangan olahraga SMPN 3" — not one further on, a
        landmark or where a road ends: "jalan provinsi sampai kantor desa"; and
        whether a word of the community's own is there or a village word inside the phrase: "IPAL komunal", "taman
        baca masyarakat", "perpustakaan desa": public_words, village_kind_words)."""
        lex = lexicon()
        words = list(self.features.title_seq)
        found = lex.concept_phrases.find_all(words, [stem(w) for w in words])
        heads = [(start, end) for start, end, c in found if any(lex.related(c, k) for k in self.features.kinds)]
        owners = frozenset(c for start, _end, c in found if c in lex.facilities
                           and any(start == end for _s, end in heads))
        public = any(not lex.public_words.isdisjoint(words[start:end + 1])
                     or not lex.village_kind_words.isdisjoint(words[start + 1:end]) for start, end in heads)
        return owners, public

    @property
    def roots(self) -> frozenset:
        return frozenset(k.split(".", 1)[0] for k in self.features.kinds)


@dataclass(frozen=True)
class Match:
    """The verdict on a pair: `relation` is "overlap", "related", or None (not flagged)."""
    score: float
    relation: str | None
    reasons: list = field(default_factory=list)


@lru_cache(maxsize=50_000)
def _is_key_word(word: str, *, derived: bool = True) -> bool:
    """A word of a title that names what is done and where; `derived`: read as a derived word (not when its root is a
    filler: "pembangunan"), else as a name with a bare prefix ("Sepantai" is no "pantai", see `_is_prefixed_name`)."""
    lex = lexicon()
    if not word.isalpha() or len(word) < 2 or word in lex.fillers or word in lex.context or word in lex.place_words:
        return False
    stemmed = stem(word) if derived else word
    return (stemmed not in lex.fillers and lex.work_phrases.match_at([word], [stemmed], 0) is None
            and lex.phase_phrases.match_at([word], [stemmed], 0) is None)


@lru_cache(maxsize=50_000)
def _is_name_word(word: str) -> bool:
    """A word that may be (part of) a proper name: a key word (`_is_key_word`) the lexicon does not know, of three
    letters or more with a vowel (not a contraction: "rmh", "skrg"), no word of position (not_names), with no affix
    of a verb or a derived noun ("tersumbat", "dikeruk" describe, they do not name), not ending in two consonants
    but "ng" (a cut word or an acronym: "perbts", "lingk", "upt"; a name's syllables end in one consonant)."""
    lex = lexicon()
    return (word not in lex.not_names and word not in lex.link_words and _is_region_name_word(word)
            and stem(word) == word and (word[-1] in VOWELS or word[-2] in VOWELS or word.endswith("ng")))


def _kind_word_naming_river(seq: tuple, i: int, plain: frozenset) -> bool:
    """Whether the word at `i`, right after a river word, is a word of a kind the lexicon knows that names the river
    ("jembatan Sungai Taman", "Sungai Pasar": rivers named so, no park or market): a one-word term of an object or a
    word that names a kind (kind_naming) that the title does not write before, not written plain where the title
    writes its names capitalised."""
    word = seq[i]
    if i in plain or not _is_key_word(word):
        return False
    lex = lexicon()
    found = lex.concept_phrases.match_at([word], [stem(word)], 0)
    return (word in lex.kind_naming or found is not None and found[1] != NOT_OBJECT) and word not in seq[:i - 1]


def _river_of_kind(seq: tuple, i: int, kinds: frozenset) -> bool:
    """Whether the river word at `i` names the river an asset of a kind (`kinds`: "jembatan") stands on: after "di"
    with the asset written before ("jembatan kayu di sungai Lumut"), or after a word of crossing (crossing_words) with
    the asset anywhere in the title ("warga di seberang sungai Lumut minta jembatan")."""
    if seq[i - 1] in lexicon().crossing_words:
        return not kinds.isdisjoint(seq)
    return i > 1 and seq[i - 1] == "di" and not kinds.isdisjoint(seq[:i - 1])


def _tail_among_names(seq: tuple, i: int, found: bool) -> bool:
    """Whether the word at `i`, one the lexicon knows only inside a longer phrase (Lexicon.tails: "raja" of "makam
    raja"), stands in a run of names: a name word after it and another before it or after that ("jalan Lingkar Raja -
    Amang - Munggu", "jln Sebunga Raja Amang"). Alone before one name it describes ("jalan beton Sebunga")."""
    word, after = seq[i], seq[i + 1:i + 3]
    if word not in lexicon().tails or not word.isalpha() or stem(word) != word or not after:
        return False
    return _is_name_word(after[0]) and (found or len(after) > 1 and _is_name_word(after[1]))


def _lane_name(naming: str, word: str, k: int) -> bool:
    """Whether `word`, `k` words after a naming word, is a lane's or a ditch's name written as a common word: right
    after a lane word (lane_words), one of common_names ("gang Sepakat", "parit Sekolah")."""
    lex = lexicon()
    return not k and naming in lex.lane_words and word in lex.common_names


@lru_cache(maxsize=16384)
def _names_one_kind(naming: str, word: str) -> bool:
    """Whether a naming word and the word after it are one term of the lexicon ("gereja katolik", "jalan poros"): the
    kind of the asset, after which its name may follow."""
    found = lexicon().concept_phrases.match_at([naming, word], [stem(naming), stem(word)], 0)
    return found is not None and found[0] == 2


@lru_cache(maxsize=16384)
def _is_prefixed_name(word: str) -> bool:
    """A word that looks derived only by the bare affixes of place and asset names: a prefix "se-", "pe-" or "ke-"
    before a root ("Semanggis", "Selumpit", "Pelaik"; "Sepantai", on a root of settlement names), and/or an "-i" after
    a root's last vowel ("Kerabai", "Sebalai"): a name, where a derived word of a title has another affix
    ("tersumbat", "dikeruk", "lingkungan", "pertanian", "perbaiki"). Not an ordinal ("kedua"), a word of position
    ("sebelah") or a lexicon word (`_is_region_name_word`)."""
    root = stem(word)
    lex = lexicon()
    if (root == word or root in lex.number_words or word in lex.not_names
            or not _is_region_name_word(word, derived=root not in lex.settlement_words)):
        return False
    rest = word[2:] if word[:2] in lex.name_prefixes else word
    return rest == root or rest == root + "i" and root[-1] in VOWELS


def _plain_before_name(seq: tuple, at: int, plain: frozenset) -> bool:
    """Whether the word at `at`, written plain (Features.plain) and looking like a name, stands before a word written
    as a name: a common word of the name ("ke riam Merasap"), passed over as a settlement word is."""
    return (at in plain and _is_name_word(seq[at]) and at + 1 < len(seq) and at + 1 not in plain
            and seq[at + 1].isalpha())


@lru_cache(maxsize=16384)
def _passed_over(word: str) -> bool:
    """A word of one or two letters inside a name ("al", "h"): no context, filler or lexicon word ("ke", "di")."""
    lex = lexicon()
    return word not in lex.context and word not in lex.fillers and word not in lex.known


@lru_cache(maxsize=16384)
def _name_words(name: str, *, district: bool = False) -> frozenset:
    """The words of a place name that may tell it apart ("sungai kupah" → {kupah}). A sub-district's name is kept
    even where it looks affixed ("Sepauk" is no "pauk"): a title naming another sub-district names where its route
    goes ("jalan tembus Tempunak - Sepauk"). A village's keeps the affix test: a list of villages ("Sebubus,
    Mentibar dan Nibung") names the places an item covers, not its asset."""
    test = _is_region_name_word if district else _is_name_word
    return frozenset(w for w in name.replace("/", " ").replace("(", " ").replace(")", " ").split() if test(w))


@lru_cache(maxsize=16384)
def _numbers_the_kind(seq: tuple, i: int) -> bool:
    """The number at `i`, right after the word of the asset's kind, is its ordinal: the asset's name between them was a
    place's, left out of the title's words ("jembatan [Semanga] 2 (sandaran)", "jembatan [Semanga] Satu yang dekat
    masjid", "lokasi jembatan 3 yang"), unless a word of a count or a measure follows ("jembatan 2 unit", "12 m")."""
    lex, word = lexicon(), seq[i]
    after = seq[i + 1] if i + 1 < len(seq) else ""
    if not after or after in lex.ordinal_before:
        return word.isdigit() and len(word) <= 2 or word in lex.number_words
    return word.isdigit() and len(word) <= 2 and after.isalpha() and after not in lex.fillers


def _is_region_name_word(word: str, *, derived: bool = True) -> bool:
    """`_is_name_word` without the affix test: a word of an official place name that the lexicon does not know."""
    lex = lexicon()
    return (len(word) >= 3 and _is_key_word(word, derived=derived) and word not in lex.known
            and word not in lex.section_words and not VOWELS.isdisjoint(word) and word not in lex.institution_words
            and word not in lex.requests)


@lru_cache(maxsize=16384)
def _place_words(place) -> frozenset:
    """The name words of a place's regency, sub-district and village."""
    return frozenset().union(*(_name_words(part, district=n < 2) for n, part in enumerate(place)))


def key_words(title_seq) -> list[str]:
    """The words of a title that name what is done and where it goes, not how (see Item.phrase_grams)."""
    return [w for w in title_seq if _is_key_word(w)]


def phrase_similarity(a: Item, b: Item) -> float:
    """The cosine of the two key phrases' character n-gram sets (0-1): close wording the lexicon need not know
    ("toliet umum kmr bilas" / "toilet umum kamar bilas", "rehab kantor kec" / "rehabilitasi kantor camat")."""
    ga, gb = a.phrase_grams, b.phrase_grams
    if not ga or not gb:
        return 0.0
    return round(len(ga & gb) / math.sqrt(len(ga) * len(gb)), 3)


def text_similarity(a: Item, b: Item) -> float:
    if not a.weighted_words or not b.weighted_words:
        return 0.0
    wa, wb = a.weighted_words, b.weighted_words
    dot = sum(w * wb[k] for k, w in wa.items() if k in wb)
    words = dot / (a.norm * b.norm)
    ga, gb = a.grams, b.grams
    grams = len(ga & gb) / math.sqrt(len(ga) * len(gb)) if ga and gb else 0.0
    return round(0.6 * words + 0.4 * grams, 3)


def _covered(a: Item, b: Item) -> float:
    """The share of the shorter key phrase's words (as stems) that the other key phrase writes too."""
    sa, sb = a.key_set, b.key_set
    short, other = (sa, b.key_stems) if len(sa) <= len(sb) else (sb, a.key_stems)
    return sum(1 for w in short if w in other) / len(short) if short else 0.0


def _read_in_characters(a: Item, b: Item, kind: tuple[str, list]) -> tuple[str, list] | None:
    """("phrase", [word]) when the lexicon lacks the head of one item or both (a kind against an unknown head,
    two unknown heads), each item's head word is written in the other's key phrase, and the two key phrases are
    alike in their characters (PHRASE_LIFT): the same object, whatever the lexicon knows ("rehab kantor kec" /
    "rehabilitasi kantor camat"). An item's head word is its unknown head, else the first word of its key phrase
    (where Indonesian names the object): "pagar kantor desa" (a fence) against "rehab kantor" stays different
    work — "kantor" is written in both, "pagar" in one only. None otherwise."""
    if kind[0] not in ("different", "unknown") or (a.features.kinds and b.features.kinds):
        return None
    ha, hb = a.head_words, b.head_words
    if not ha & b.key_stems or not hb & a.key_stems or _covered(a, b) <= PHRASE_COVER:
        return None
    if phrase_similarity(a, b) < PHRASE_LIFT:
        return None
    return "phrase", sorted((ha & b.key_stems) | (hb & a.key_stems))[:1]


def _kind_relation(a: Features, b: Features) -> tuple[str, list]:
    """("same" | "general" | "same_unknown" | "mentioned" | "different" | "unknown", the concepts or words
    concerned). Two different head words the lexicon does not know are "unknown" with both words: the wording
    decides (_vetoes); so does "mentioned": a kind against an unknown head whose text names that kind elsewhere,
    the head word being in the other text too."""
    lex = lexicon()
    if a.kinds and b.kinds:
        return _between_kinds(a, b)
    if a.kinds or b.kinds:
        known, other = (a, b) if a.kinds else (b, a)
        if not other.unknown:
            return "unknown", []
        named = sorted({k for k in known.kinds for t in other.topics if lex.related(k, t)})
        if named and other.unknown & known.words:  # both name the unknown object and the kind
            return "mentioned", named
        read = _read_in(other.unknown, known) or _acronym_read_as_kind(a, b) or _acronym_in(other, known)
        if read:  # "jln" / "jalan", "RS" / "rumah sakit", "karamba" / "keramba": the lexicon lacks a spelling
            return read
        return "different", [sorted(a.kinds or a.unknown), sorted(b.kinds or b.unknown)]
    if a.unknown and b.unknown:
        from rapidfuzz import fuzz

        for ua in a.unknown:
            for ub in b.unknown:
                if ua == ub or fuzz.ratio(ua, ub) >= 85:
                    return "same_unknown", [ua]
        return _read_in(a.unknown, b) or _read_in(b.unknown, a) or _acronym_in(a, b) or (
            "unknown", [sorted(a.unknown), sorted(b.unknown)])
    return "unknown", []


def _between_kinds(a: Features, b: Features) -> tuple[str, list]:
    """`_kind_relation` of two items that both name kinds: "same", "general", "specified" (a general kind whose item
    names the other's specific kind in another field: `_specified_elsewhere`, read as "same" where the wordings share
    something, `_explain`) or "different" (unless an acronym reads as the other's kind)."""
    lex = lexicon()
    best, shared = "", []
    for ka in sorted(a.kinds):
        for kb in sorted(b.kinds):
            found = lex.related(ka, kb)
            if found == "same" or (found == "general" and best != "same"):
                if found != best:
                    shared = []
                best = found
                shared.append(ka if found == "same" or len(ka) < len(kb) else kb)
    specified = _specified_elsewhere(a, b) if best == "general" else []
    if specified:
        return "specified", specified
    if best:
        return best, sorted(set(shared))
    return _acronym_read_as_kind(a, b) or ("different", [sorted(a.kinds), sorted(b.kinds)])


def _specified_elsewhere(a: Features, b: Features) -> list[str]:
    """The specific kinds (or parts) of a general-and-specific pair that the general item's own texts name too
    ("Pasar" titled, its activity "Pasar perbatasan"; "Penataan kawasan wisata tepian sungai": the waterfront; a
    packaging course whose problem is the PIRT licence of home food): both items say the specific kind, one of them
    in another field."""
    lex = lexicon()
    out = set()
    for x in a.kinds:
        for y in b.kinds:
            if lex.related(x, y) != "general":
                continue
            (general, whole), (specific, part) = ((a, x), (b, y)) if _is_whole_of(x, y) else ((b, y), (a, x))
            # or the part's item is asked because of its whole ("... karena kampung kami kumuh": the slum's boardwalk)
            if part in general.topics or (whole in specific.reason_topics and not part.startswith(whole + ".")):
                out.add(part)
    return sorted(out)


def _is_whole_of(x: str, y: str) -> bool:
    """Whether `x` is the general form of `y`, or a whole `y` is the core part of (lexicon `parts`)."""
    return y.startswith(x + ".") or (not x.startswith(y + ".") and any(
        x == w or x.startswith(w + ".") for w in lexicon().parts_of(y)))


SPELLING_RATIO = 85  # rapidfuzz ratio of two words of five letters or more read as one word misspelt


def _read_in(heads, other: Features) -> tuple[str, list] | None:
    """An unknown head word that the other item's title (`words`) writes out or spells otherwise, without the
    lexicon: ("abbreviation", ["jln → jalan"]) when it abbreviates consecutive words of that title, ("spelling",
    ["karamba → keramba"]) when it is one of them misspelt; None otherwise."""
    from rapidfuzz import fuzz

    words = other.title_seq
    for head in sorted(heads):
        phrase = _expansion(head, words) if head[:1] in other.initials else ""
        if phrase:
            return "abbreviation", [f"{head} → {phrase}"]
        if len(head) >= 5:
            for word in words:
                if (len(word) >= 5 and fuzz.ratio(head, word, score_cutoff=SPELLING_RATIO)
                        and stem(word) != head):
                    return "spelling", [f"{head} → {word}"]
    return None


def _acronym_in(a: Features, b: Features) -> tuple[str, list] | None:
    """("abbreviated", ["rs → rumah sakit"]) when a word of either title that is no Indonesian word (not the head)
    abbreviates consecutive words of the other ("RS Pratama" / "rumah sakit pratama"): weaker evidence than the
    head itself (the near weights, and the wording must agree: MENTIONED_TEXT)."""
    for short, long in ((a, b), (b, a)):
        for token in short.acronyms:
            phrase = _expansion(token, long.title_seq) if token[0] in long.initials else ""
            if phrase:
                return "abbreviated", [f"{token} → {phrase}"]
    return None


def _acronym_read_as_kind(a: Features, b: Features) -> tuple[str, list] | None:
    """("abbreviation", ["psr → pasar"]) when one item's kind comes from a short form in its title that the lexicon
    reads as an acronym (PSR, the oil-palm replanting) and that is the contraction of one word of the other title
    naming the other's kind ("rehab psr" / "revitalisasi pasar"): the writer's short form of the other's object, not
    the lexicon's acronym."""
    concepts = lexicon().concept_phrases
    for short, long in ((a, b), (b, a)):
        for token in _bare_acronyms(short):
            word = _expansion(token, long.title_seq)
            read = concepts.match_at([word], [stem(word)], 0) if word and " " not in word else None
            if read and read[1] in long.kinds:
                return "abbreviation", [f"{token} → {word}"]
    return None


def _bare_acronyms(f: Features) -> list[str]:
    """The title's short forms that give the item a kind as lexicon acronyms without the title spelling them out
    ("rehab psr", not "Peremajaan Sawit Rakyat (PSR)"), or that the item's texts left unread because they stand for
    several things (lexicon `ambiguous_short_forms`: "perbaikan atap psr"): the writer may mean a word they contract
    (`_contractions`)."""
    lex = lexicon()
    out = []
    for token in f.acronyms:
        own = lex.concept_phrases.match_at([token], [token], 0)
        if (token in lex.ambiguous or (own and own[1] in f.kinds)) and not _expansion(
                token, tuple(w for w in f.title_seq if w != token)):
            out.append(token)
    return out


@lru_cache(maxsize=2_000)
def _contractions(token: str) -> frozenset:
    """The concepts of the one-word lexicon terms that `token`, written without vowels, contracts ("psr": pasar)."""
    if len(token) < 3 or VOWELS & set(token[1:]):
        return frozenset()
    return frozenset(value for words, value in lexicon().concept_phrases.surface.items()
                     if len(words) == 1 and words[0][0] == token[0] and len(words[0]) > len(token)
                     and _subsequence(token[1:], words[0][1:]))


def _expansion(abbr: str, words: tuple) -> str:
    """The consecutive words of `words` that `abbr` abbreviates, or "": several words, each giving a prefix of
    itself in order ("rs" rumah sakit, "bumdes" badan usaha milik desa, "smpn" smp negeri), or one word of which it
    keeps the first letter and then only consonants, in order ("jln" jalan, "kntr" kantor)."""
    if not abbr.isalpha() or not 2 <= len(abbr) <= 8 or abbr in words:
        return ""
    for start, word in enumerate(words):
        if word[0] != abbr[0]:
            continue
        if len(words[start]) > len(abbr) >= 3 and not VOWELS & set(abbr[1:]) and _subsequence(abbr[1:], word[1:]):
            return word
        end = _prefixes(abbr, words, start)
        if end - start >= 2:
            return " ".join(words[start:end])
    return ""


def _prefixes(abbr: str, words: tuple, start: int) -> int:
    """The end of the words from `start` whose prefixes, one per word, spell `abbr` exactly (0: none do)."""
    if not abbr:
        return start
    if start >= len(words) or not words[start] or words[start][0] != abbr[0]:
        return 0
    word = words[start]
    for cut in range(min(len(word), len(abbr)), 0, -1):  # the longest piece first
        if word[:cut] == abbr[:cut]:
            end = _prefixes(abbr[cut:], words, start + 1)
            if end:
                return end
    return 0


def _subsequence(part: str, word: str) -> bool:
    letters = iter(word)
    return all(ch in letters for ch in part)


def _name_conflict(a: Item, b: Item, where) -> tuple[list, list] | None:
    """Both name where their work goes, other than the place where the two meet, or both name their asset, and no name
    of one is a name of the other: two lanes, ditches or roads of one kind in one place ("parit Haji Husin" / "parit
    Wak Dollah", a road "Meragun - Pantok" / "Meragun - Nanga Engkulun"). One that names nothing is not told apart,
    nor one whose name the other writes anywhere in its title ("Batu Badak - Lihai" / "dari Lihai menuju ..."), nor
    a list of villages against the name of an asset in one of them (places against a name are compared for two
    roads alone: a road's name and where a road runs both tell it, "jln Camar Bulan" / "jalan Dusun Maludin").
    Two that share a name are still told apart when each names another that the other never writes: two stretches of
    one street between different cross streets ("Jalan Parit Pangeran segmen Jl. Khatulistiwa - Gg. Hikmah" / "jln
    Prt Pangeran (Gg Hikmah - Budi Utomo)"), two roads from one hamlet to two others ("Bukit Raya - Mulya Sari" /
    "Padang Tikar ... Mulya Sari")."""
    here = _place_words(where) if where else frozenset()
    placed = (a.place_names - here - a.covered, b.place_names - here - b.covered)
    if placed[0] and placed[1] and not placed[0] & b.written and not placed[1] & a.written and not _misspelt(*placed):
        return sorted(placed[0]), sorted(placed[1])
    met = _meeting_words(where)
    na, nb = _asset_names(a), _asset_names(b)
    if (na and nb and not _name_written(na, met, a, b) and not _name_written(nb, met, b, a)
            and not _misspelt(na, nb)):
        return sorted(na), sorted(nb)
    # two roads, one named by its own name alone, the other only by where it runs (a hamlet, a route's end), neither
    # writing the other's name: "jln Camar Bulan" / "jalan lingkungan Dusun Maludin" (a building or a pond named by its
    # own name stands in some hamlet: "embung Pelaik" / "embung dusun Teluk Nibung" may be one)
    roads = not ROUTE_ROOTS.isdisjoint(a.roots) and not ROUTE_ROOTS.isdisjoint(b.roots)
    sides = ((na, placed[0], a), (nb, placed[1], b))
    for (names, own_places, one), (other_names, places, other) in (sides, sides[::-1]):
        if (roads and names and not own_places and places and not other_names and not names & other.written
                and not places & one.written and not _misspelt(names, places)):
            return (sorted(names), sorted(places)) if one is a else (sorted(places), sorted(names))
    na, nb = (placed[0] | _asset_names(a), placed[1] | _asset_names(b))  # the villages a list covers are no such name
    if na & nb:
        ua, ub = frozenset(w for w in na if w not in b.written), frozenset(w for w in nb if w not in a.written)
        if ua and ub and not _misspelt(ua, ub):
            return sorted(ua), sorted(ub)
    return None


def _name_written(names: frozenset, met: frozenset, one: Item, other: Item) -> bool:
    """Whether the other title writes the name of one's asset. A name that runs on from the village where they meet
    ("jln Sebunga - Temilang - Lumar") is its other words: the other writing that village ("jalan Sebunga (Jl.
    Merpati)") writes no name of it. A name of the village alone ("jembatan Sebunga") is compared whole; a river named
    like its village ("jembatan sungai Sebunga": Item.river_named) is not written by a title that writes the village
    only as where its own named asset is ("jembatan Parit Seribu ds Sebunga"), unless that title writes a river of no
    other name (Item.river_unnamed: "jembatan baja sungai Sebunga", the river's name read as the village)."""
    own = names - met
    if own:
        return bool(own & other.written)
    if one.river_named and not other.river_unnamed:
        return bool(names & (other.asset_names | (other.written - other.place_names)))
    return bool(names & other.written)


def _asset_names(x: Item) -> frozenset:
    """Its asset's names (Item.asset_names) but the name of a whole sub-district it is filed for: "rehab jembatan kayu
    K" filed for the sub-district K is its bridges, named by where they are."""
    area = frozenset().union(*(_name_words(p[1], district=True) for p in x.places if p[1] and not p[2]))
    return x.asset_names - area


@lru_cache(maxsize=4096)
def _meeting_words(where) -> frozenset:
    """Every word of the name of the village where two items meet, lexicon words too ("Raja"); none where they meet in
    a sub-district only."""
    return frozenset(w for w in normal_words(where[2] if where and len(where) > 2 and where[2] else "") if len(w) >= 3)


def _route_conflict(a: Item, b: Item, where) -> tuple[list, list] | None:
    """Two roads that each run from the village where they meet to another village of the region list, the other ends
    different ("jalan Hilir Kantor - Sebirang" / "jalan dari Hilir Kantor ke Tebedak"): two routes out of one village,
    not one road, even where an end's name looks affixed and is no name word ("Sebirang"). Not when either title writes
    the other's end (a route through three villages, one of them named by an ordinary word), and only roads: a list of
    villages for wells or training covers places, it runs nowhere (a road linking two ends beside its list runs)."""
    if (where is None or not where[2] or ROUTE_ROOTS.isdisjoint(a.roots) or ROUTE_ROOTS.isdisjoint(b.roots)
            or any(x.covered and not x._linked() for x in (a, b))):
        return None  # a road listing the villages it covers runs through them, to no other end, unless it links two
    ends_a = {p for p in a.places if p[2] and p != where} or _district_end(a, where)
    ends_b = {p for p in b.places if p[2] and p != where} or _district_end(b, where)
    if not ends_a or not ends_b or ends_a & ends_b or where not in a.places or where not in b.places:
        return None
    words_a, words_b = (frozenset().union(*(_name_words(p[2] or p[1], district=True) for p in ends))
                        for ends in (ends_a, ends_b))
    if words_a & b.written or words_b & a.written:
        return None
    return sorted(p[2] or p[1] for p in ends_a), sorted(p[2] or p[1] for p in ends_b)


def _district_end(x: Item, where) -> set:
    """The sub-district's own name as the other end of a road's link from the village where two items meet ("jalan
    Menjalin - Sepahat" in Sepahat of the sub-district Menjalin: from the sub-district's centre), as a place of the
    sub-district alone; none where the title links no two ends or writes no such name."""
    district = _name_words(where[1], district=True) - _name_words(where[2], district=True)
    return {(where[0], where[1], "")} if district and x._linked() and district <= x.features.route_ends else set()


def _misspelt(na: frozenset, nb: frozenset) -> bool:
    from rapidfuzz import fuzz

    return any(len(x) >= 5 and len(y) >= 5 and fuzz.ratio(x, y, score_cutoff=NAME_RATIO) for x in na for y in nb)


def _lane_numbered_once(a: Item, b: Item) -> tuple | None:
    """A lane one title numbers after its name ("Gang Melati 2") and the other names without a number ("Gang Melati
    RT 3"): two lanes of one name, the numbered one the other's sibling (lane words: estate_words that are
    section_words). The sections that differ, or None."""
    lex = lexicon()
    lanes = lex.estate_words & lex.section_words
    numbered = [frozenset(s for s in item.features.sections for key, _c, n in [s.partition(":")]
                          if key in lanes and n.isdigit()) for item in (a, b)]  # no initial ("gang H. Salim")
    if bool(numbered[0]) == bool(numbered[1]) or not a.asset_names & b.asset_names:
        return None
    return sorted(numbered[0]) or ["-"], sorted(numbered[1]) or ["-"]


def _commodities_meet(a: frozenset, b: frozenset) -> bool:
    """Whether two items' commodities share one, or one names the general form of the other's (the lexicon's dotted
    names, as its concepts: fruit, "buah", is the general form of oranges, "buah.jeruk")."""
    return any(x == y or x.startswith(y + ".") or y.startswith(x + ".") for x in a for y in b)


def _vetoes(a: Item, b: Item, place: str, kind: tuple[str, list], text: float, code: str = "",
            where=None) -> list[dict]:
    out = []
    if place == "":
        out.append({"code": "different_places"})
    elif place == "other_village":
        out.append({"code": "other_villages"})
    if not _lexicon_gap(a, b, code):  # the code names the work the lexicon cannot (see _lexicon_gap)
        out += _kind_vetoes(kind, text)
    fa, fb = a.features, b.features
    if fa.commodities and fb.commodities and not _commodities_meet(fa.commodities, fb.commodities):
        out.append({"code": "different_commodities", "a": sorted(fa.commodities), "b": sorted(fb.commodities)})
    if fa.numbers and fb.numbers and not fa.numbers & fb.numbers:
        out.append({"code": "different_numbers", "a": sorted(fa.numbers), "b": sorted(fb.numbers)})
    out += _ordinal_vetoes(a, b)
    sections = (_section_conflict(fa.sections | a.neighbourhoods, fb.sections | b.neighbourhoods)
                or _stretch_conflict(a, b) or _level_conflict(a, b) or _lane_numbered_once(a, b))
    if sections:
        out.append({"code": "different_sections", "a": sections[0], "b": sections[1]})
    uses = _use_conflict(a, b) or _span_conflict(a, b)
    if uses:  # a fishermen's jetty and a ferry landing, a farm reservoir and a raw-water one, a 40 m and a 25 m bridge
        out.append({"code": "different_uses", "a": uses[0], "b": uses[1]})
    out += _institution_vetoes(a, b)
    if {fa.work, fb.work} == {"training", "physical"}:
        out.append({"code": "training_and_works"})
    if _grounds_and_road(a, b):
        out.append({"code": "grounds_and_road"})
    if {a.road_class[0], b.road_class[0]} == {"neighbourhood", "through"} and a.road_class[1] + b.road_class[1] >= 3:
        out.append({"code": "neighbourhood_and_through"})
    if (_use_and_through(a, b) or _use_and_through(b, a) or _farm_footbridge(a, b) or _farm_footbridge(b, a)
            or _farm_and_main_crossing(a, b) or _farm_and_main_crossing(b, a)):
        out.append({"code": "use_and_through"})
    if {a.renewal, b.renewal} == {"new", "repair"}:  # new classrooms beside the school's, and the old ones repaired
        out.append({"code": "new_and_repair"})
    names = _name_conflict(a, b, where) or _route_conflict(a, b, where)
    if names:
        out.append({"code": "different_names", "a": names[0], "b": names[1]})
    return out


def _kind_vetoes(kind: tuple[str, list], text: float) -> list[dict]:
    if kind[0] == "different" or (kind[0] == "unknown" and kind[1] and text < UNKNOWN_TEXT):
        return [{"code": "different_kinds", "a": kind[1][0], "b": kind[1][1]}]
    if kind[0] == "mentioned" and text < MENTIONED_TEXT:
        return [{"code": "kind_only_mentioned", "kinds": kind[1]}]
    if kind[0] == "abbreviated" and text < MENTIONED_TEXT:  # "SDN 9" / "SD Negeri 9": the place, not the object
        return [{"code": "abbreviation_only", "words": kind[1]}]
    return []


def _new_after(seq: tuple, i: int) -> bool:
    """Whether "baru" at `i` says the thing before it is new: not after a naming word, a place word or a negation
    ("Dusun Baru", "yang baru"), nor before a verb ("baru dibangun", "baru saja")."""
    before, after = seq[i - 1], seq[i + 1] if i + 1 < len(seq) else ""
    lex = lexicon()
    if (before in lex.not_new_before or before in lex.place_naming or before in lex.asset_naming
            or before in lex.place_words):
        return False
    verb = len(after) > 3 and after.startswith(("di", "ter", "me", "ber"))  # "di", a preposition, is no verb
    return not (verb or after in ("saja", "selesai", "mulai"))


def _use_conflict(a: Item, b: Item) -> tuple[list, list] | None:
    """Both titles name what their asset serves (Item.facet_words) and no use is both's: two assets of one kind, a jetty
    for fishing boats and a ferry landing, a reservoir for the fields and one for raw water. One that names no use is
    the general form of either and is not told apart."""
    for facet in FACETS:
        ua = {use: ws for (f, use), ws in a.facet_words.items() if f == facet}
        ub = {use: ws for (f, use), ws in b.facet_words.items() if f == facet}
        if ua and ub and not ua.keys() & ub.keys():
            return sorted(w for ws in ua.values() for w in ws), sorted(w for ws in ub.values() for w in ws)
    return None


def _span_conflict(a: Item, b: Item) -> tuple[list, list] | None:
    """Two bridges (and no other work: a road's length is no span) whose titles give their length in metres
    (Item.span), one more than SPAN_RATIO times the other: a river sets a bridge's span, so a 40 m bridge and a 25 m
    one are two bridges."""
    if not (a.roots and b.roots and a.roots | b.roots <= BRIDGE_ROOTS and a.span and b.span):
        return None
    if max(a.span, b.span) <= SPAN_RATIO * min(a.span, b.span):
        return None
    return [f"{a.span:g} m"], [f"{b.span:g} m"]


def _use_and_through(a: Item, b: Item) -> bool:
    """A road whose title names the fields or the tourist site it serves (ROAD_USES of Item.facet_words: "jalan ke arah
    kebun", a beach's footpath) and is no through road against a through road naming no use (Item.road_class): a farm
    or site road and the road between villages are two roads."""
    if ROAD_ROOTS.isdisjoint(a.roots) or ROAD_ROOTS.isdisjoint(b.roots):
        return False
    uses = {use for (facet, use) in a.facet_words if facet == "uses"}
    return bool(uses & ROAD_USES) and a.road_class[0] != "through" and b.road_class[0] == "through" and not any(
        facet == "uses" for facet, _use in b.facet_words)


def _farm_footbridge(a: Item, b: Item) -> bool:
    """A footbridge (footbridge_words: "titian", "gertak", a small bridge) whose title names the fields it serves (the
    farming use of Item.facet_words: "gertak usaha tani", "titian ... menuju ladang") against a bridge of no use that is
    no footbridge ("jembatan gantung", "jembatan beton"): the farmers' crossing of a ditch and the village's bridge are
    two bridges, as a farm road and the through road are (_use_and_through). So is any bridge to the fields against one
    its title names by a river (Item.river_named: "jembatan gantung ... ke ladang" / "jembatan Sungai Mongko"). Not
    when one writes the river or ditch the other names its bridge by (Item.asset_names): one crossing, described
    twice."""
    if (BRIDGE_ROOTS.isdisjoint(a.roots) or BRIDGE_ROOTS.isdisjoint(b.roots)
            or a.asset_names & (b.written - b.place_names) or b.asset_names & (a.written - a.place_names)):
        return False  # the same river or ditch named by both: one crossing (not a hamlet named like the river)
    foot = lexicon().footbridge_words
    uses = {use for (facet, use) in a.facet_words if facet == "uses"}
    return ("farming" in uses and (not foot.isdisjoint(a.features.title_seq) or b.river_named)
            and foot.isdisjoint(b.features.title_seq) and not any(facet == "uses" for facet, _use in b.facet_words))


def _farm_and_main_crossing(a: Item, b: Item) -> bool:
    """Two culverts, each under the road its title names: one under a farm road (the farming use of Item.facet_words:
    "gorong-gorong jalan usaha tani") and one under a main road (`_on_main_road`: "box culvert jalan poros") that names
    no use — two roads, so two culverts, as a farm road and the through road are (_use_and_through)."""
    if CULVERT_ROOTS.isdisjoint(a.roots) or CULVERT_ROOTS.isdisjoint(b.roots):
        return False
    uses = {use for (facet, use) in a.facet_words if facet == "uses"}
    return ("farming" in uses and not _on_main_road(a) and _on_main_road(b)
            and not any(facet == "uses" for facet, _use in b.facet_words))


def _on_main_road(x: Item) -> bool:
    """Whether its title names a main road (main_road_words after a road or drain word: "jalan poros"), the word not
    one of a settlement's name ("Dusun Bukit Raya")."""
    seq, lex = x.features.title_seq, lexicon()
    return any(w in lex.main_road_words and any(_names_network(v) for v in seq[max(0, i - MAIN_REACH):i])
               and (seq[i - 1] not in lex.settlement_words or _names_network(seq[i - 1]))
               for i, w in enumerate(seq))


@lru_cache(maxsize=4096)
def _names_network(word: str) -> bool:
    """Whether a word names a road or a drain (NETWORK_ROOTS, network_words) by itself: "jalan", "parit", "saluran" —
    the word a main road word describes, up to MAIN_REACH words before it ("jalan poros", "parit besar", "jalan rabat
    beton poros"), where "banjir besar" describes no road."""
    lex = lexicon()
    found = lex.concept_phrases.match_at([word], [stem(word)], 0)
    return word in lex.network_words or found is not None and found[1].split(".", 1)[0] in NETWORK_ROOTS


def _grounds_and_road(a: Item, b: Item) -> bool:
    """One title's work is in the grounds of a building (grounds_words), the other's not, and the other is a road or
    stands by one (a road word in its title): a road and a school's yard paved, a wall holding a road's side and one
    holding a school yard ("talud jalan desa" / "talud halaman SD")."""
    lex = lexicon()
    in_grounds = [not lex.grounds_words.isdisjoint(x.features.title_seq) for x in (a, b)]
    if in_grounds[0] == in_grounds[1]:
        return False
    other = b if in_grounds[0] else a
    both_roads = not ROAD_ROOTS.isdisjoint(a.roots) and not ROAD_ROOTS.isdisjoint(b.roots)
    return both_roads or not lex.road_words.isdisjoint(other.features.title_seq)


def _stretch_at(seq: tuple, start: int, *, station: bool) -> tuple[int, int] | None:
    """The positions read from `start` on (numbers, and the words that link two of them: stretch_links) as (from, to)
    in metres. A kilometre followed at once by a smaller number has decimals ("12,5" is written "12 5"); a station
    is two numbers, the second of three digits ("1+500")."""
    points, last, i, lex = [], None, start, lexicon()
    while i < len(seq) and len(points) < 2:
        word = seq[i]
        if word in lex.number_words and not station:
            word = str(lex.number_words[word])
        if word in lex.stretch_links and points:
            last = None
        elif not word.isdigit():
            break
        elif station:
            if i + 1 >= len(seq) or not seq[i + 1].isdigit() or len(seq[i + 1]) != 3:
                break
            points.append(int(word) * 1000 + int(seq[i + 1]))
            i += 1
        elif last is not None and int(word) < last:
            pass  # the decimals of the kilometre before
        else:
            last = int(word)
            points.append(last * 1000)
        i += 1
    return (min(points), max(points)) if points else None


def _stretch_conflict(a: Item, b: Item) -> tuple[list, list] | None:
    """Both give the stretch of their work along the road or channel and the stretches do not meet."""
    sa, sb = a.stretch, b.stretch
    if sa is None or sb is None or not (sa[1] < sb[0] or sb[1] < sa[0]):
        return None
    return [_stretch_label(sa)], [_stretch_label(sb)]


def _ordinal_vetoes(a: Item, b: Item) -> list[dict]:
    """The first and the second bridge (Item.ordinals); the first stage of one building and its second stage or its
    continuation (_stage_conflict), read apart: "jembatan gantung II tahap 1" / "... II tahap 2" are two stages."""
    out = []
    if a.ordinals and b.ordinals and not a.ordinals & b.ordinals:
        out.append({"code": "different_ordinals", "a": sorted(a.ordinals), "b": sorted(b.ordinals)})
    stages = _stage_conflict(a, b) or _numbered_conflict(a, b)
    if stages:
        out.append({"code": "different_ordinals", "a": stages[0], "b": stages[1]})
    return out


def _name_numbers(x: Item) -> frozenset:
    """The numbers of 2 or more its title gives its named asset: an ordinal (Item.ordinals, "parit Haji Usman II") or
    a number after a naming word ("gang Melati 2": Features.sections of an asset_naming word)."""
    naming = lexicon().asset_naming
    sections = {int(n) for w, n in (s.split(":", 1) for s in x.features.sections) if w in naming and n.isdigit()}
    return frozenset(n for n in x.ordinals | sections if n >= 2)


def _numbered_conflict(a: Item, b: Item) -> tuple[list, list] | None:
    """Both name their asset by one name and one numbers it 2 or more where the other gives it no number at all ("gang
    Melati 2" / "gang Melati", "jalan parit Haji Usman II" / "jalan parit Haji Usman"): a street's or a ditch's second
    of that name is its own asset, and the first of a series is the one written without a number."""
    if not _asset_names(a) & _asset_names(b):
        return None
    na, nb = _name_numbers(a), _name_numbers(b)
    for one, other, unnumbered in ((na, nb, b), (nb, na, a)):
        if one and not other and not unnumbered.ordinals and not any(
                s.split(":", 1)[0] in lexicon().asset_naming and s.split(":", 1)[1].isdigit()
                for s in unnumbered.features.sections):
            return (sorted(one), ["–"]) if one is na else (["–"], sorted(one))
    return None


def _stage_conflict(a: Item, b: Item) -> tuple[list, list] | None:
    """Both name the stage of their work and share none ("tahap I" / "thp 2"), or one names the first stage alone and
    the other continues earlier work without naming its stage ("Tahap I" / "lanjutan pembangunan ..."): two rows of
    one asset's works, funded one after the other (Item.stages)."""
    (sa, ca), (sb, cb) = a.stages, b.stages
    if sa and sb:
        return None if sa & sb else (sorted(sa), sorted(sb))
    if sa == {1} and not ca and cb and not sb:
        return [1], ["2+"]
    if sb == {1} and not cb and ca and not sa:
        return ["2+"], [1]
    return None


def _level_conflict(a: Item, b: Item) -> tuple[list, list] | None:
    """Both name the level of their channel in its network (network_levels: "saluran sekunder", "irigasi tersier") and
    share none: a primary or secondary canal and the tertiary ditches off it are different assets, built and kept by
    different hands."""
    la, lb = a.levels, b.levels
    if not la or not lb or la & lb:
        return None
    return sorted(la), sorted(lb)


def _stretch_label(stretch: tuple[int, int]) -> str:
    ends = [f"{m / 1000:g}" for m in stretch]
    return "km " + (ends[0] if ends[0] == ends[1] else "–".join(ends))


def _section_conflict(a: frozenset, b: frozenset) -> tuple[list, list] | None:
    """Both name sections of the same word ("ruas 2" / "ruas 3", "blok A" / "blok B", "RT 7" / "RT 3") and share none
    of that word's: "RT 7 RW 2" / "RT 3 RW 2" are two neighbourhoods of one RW."""
    for word in sorted({s.split(":", 1)[0] for s in a} & {s.split(":", 1)[0] for s in b}):
        mine = sorted(s.replace(":", " ") for s in a if s.split(":", 1)[0] == word)
        theirs = sorted(s.replace(":", " ") for s in b if s.split(":", 1)[0] == word)
        if not set(mine) & set(theirs):
            return mine, theirs
    return None


def _same_institution(a: Features, b: Features) -> list[int]:
    """The institution numbers both name ("SD Negeri 8" / "SDN 08") when they name one institution (a facility both
    texts name) and one of them names nothing but the institution (its kinds are facilities): [] otherwise."""
    lex = lexicon()
    if a.topics & b.topics & lex.facilities and (a.kinds <= lex.facilities or b.kinds <= lex.facilities):
        return sorted(a.numbers & b.numbers)
    return []


def _facility_conflict(a: Item, b: Item) -> tuple[list, list] | None:
    """Both titles name institutions (school levels, clinics, houses of worship: Item.facilities) and none of a's is
    one of b's: different institutions."""
    lex = lexicon()
    fa, fb = a.facilities, b.facilities
    if not fa or not fb or any(lex.related(x, y) for x in fa for y in fb):
        return None
    return sorted(fa), sorted(fb)


def _institution_vetoes(a: Item, b: Item) -> list[dict]:
    """Different institutions (_facility_conflict); an institution's asset against the community's (_owner_conflict)."""
    facilities, owned = _facility_conflict(a, b), _owner_conflict(a, b)
    return ([{"code": "different_facilities", "a": facilities[0], "b": facilities[1]}] if facilities else []) + (
        [{"code": "institution_and_public", "a": owned}] if owned else [])


def _owner_conflict(a: Item, b: Item) -> list | None:
    """One title names the institution its asset belongs to (Item.owners: a school's library, a health centre's
    wastewater plant), the other calls its asset of that kind the village's or the community's (a village library, a
    communal IPAL), or names a narrower kind of it than the institution's general one (a school's sports ground, a
    football field), and names no institution in any of its texts: two assets."""
    lex = lexicon()
    for owner, other in ((a, b), (b, a)):
        owned = owner.owners[0]
        if (owned and (other.owners[1] or _narrower(other.features.kinds, owner.features.kinds))
                and not other.facilities and not any(lex.related(f, t) for f in owned for t in other.features.topics)):
            return sorted(owned)
    return None


def _narrower(kinds: frozenset, than: frozenset) -> bool:
    """Every kind of `kinds` is a specific form of one of `than` ("sport.football" of "sport")."""
    return bool(kinds) and all(any(k.startswith(t + ".") for t in than) for k in kinds)


# The widths of the nomenclature's segments (urusan 1, bidang urusan 2, program 2, the kegiatan's type 1, kegiatan 2,
# sub kegiatan 4: "1.03.10.2.01.0019"): a code is compared in this form, however it was typed.
SEGMENT_WIDTHS = (1, 2, 2, 1, 2, 4)
_CODE_SEPARATORS = re.compile(r"[^0-9A-Z]+")


@lru_cache(maxsize=16384)
def _segments(code: str) -> tuple:
    """A nomenclature code's segments in one form, whatever separators and padding it was typed with:
    "1.03.10.2.01.0019", "1-03-10-2-01-0019", "1 3 10 2 1 19", "01.03.10.2.01.19" and "103102010019" (the digits
    alone, at the widths of SEGMENT_WIDTHS) are one code; a letter segment ("X" of a cross-cutting urusan) is kept.
    A code cell that also holds words ("Kode 1.03.10.2.01.0019 Pembangunan Jalan") gives the code alone: the words
    before it are passed over and the first word after it ends it."""
    parts = [p for p in _CODE_SEPARATORS.split((code or "").upper()) if p]
    start = next((n for n, p in enumerate(parts) if _code_part(p)), len(parts))
    end = next((n for n in range(start, len(parts)) if not _code_part(parts[n])), len(parts))
    parts = parts[start:end]
    if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) in (8, 12):  # the digits alone
        digits, parts = parts[0], []
        for width in SEGMENT_WIDTHS:
            if digits:
                parts.append(digits[:width])
                digits = digits[width:]
    widths = (*SEGMENT_WIDTHS, *[1] * len(parts))
    return tuple(str(int(p)).zfill(w) if p.isdigit() else p for p, w in zip(parts, widths, strict=False))


def _code_part(part: str) -> bool:
    """A segment of a nomenclature code: digits, or the X placeholders of a cross-cutting urusan ("X.XX")."""
    return part.isdigit() or set(part) == {"X"}


def code_relation(a: Item, b: Item) -> str:
    """"sub_activity": both carry the same sub-activity code (six segments) — the agencies filed the rows under
    one line of the nomenclature; "activity": the same activity code (five segments) and one of the two is coded
    no deeper (two different sub-activity codes of one activity say different lines, not the same); "" otherwise
    (a programme code alone is shared by too many rows)."""
    ca, cb = _segments(a.code), _segments(b.code)
    if len(ca) < MIN_CODE_DEPTH or len(cb) < MIN_CODE_DEPTH:
        return ""
    if len(ca) >= SUB_ACTIVITY_DEPTH and ca == cb:
        return "sub_activity"
    if ca[:MIN_CODE_DEPTH] == cb[:MIN_CODE_DEPTH] and MIN_CODE_DEPTH in (len(ca), len(cb)):
        return "activity"
    return ""


def same_code(a: Item, b: Item) -> bool:
    """Both carry the same nomenclature code, at activity level or deeper (`code_relation`)."""
    return code_relation(a, b) != ""


def _lexicon_gap(a: Item, b: Item, code: str) -> bool:
    """The same sub-activity code where the lexicon does not know the object of one of the two (or of both), or where
    one's object is named in the other's texts: the code says what the work is, so the kinds do not veto the pair
    ("Peningkatan kualitas permukiman kumuh" / "Penanganan kawasan kumuh: jalan titian, drainase"; "Pembangunan gedung
    posyandu" / "Sarana fisik posyandu: ruang layanan ibu hamil", read as maternal care). Two kinds the lexicon knows,
    neither named by the other, stay a veto: one broad sub-activity ("Pengadaan sarana fasilitas kesehatan") holds an
    ambulance and an X-ray unit."""
    if code != "sub_activity":
        return False
    fa, fb = a.features, b.features
    return not (fa.kinds and fb.kinds) or bool(fa.kinds & fb.topics or fb.kinds & fa.topics)


def explain(a: Item, b: Item) -> dict:
    """Every part of the verdict on a pair, for a moderator who asks why it was (not) flagged."""
    kind = _kind_relation(a.features, b.features)
    return _explain(a, b, placing.best_relation(a.places, b.places), _read_in_characters(a, b, kind) or kind,
                    phrase_similarity(a, b))


def _covers_on_purpose(a: Item, b: Item, place: str) -> bool:
    """One item says it covers the whole area that holds the other's village ("se-Kecamatan K", "seluruh desa di
    Kecamatan K"): its work goes to that village as surely as a work filed there, so the places weigh as one village.
    A sub-district's or regency's item that only is filed there may mean any one of its villages."""
    if place not in ("district_covers", "regency_covers"):
        return False
    return any(wide.features.area and not any(p[2] for p in wide.places) and any(p[2] for p in narrow.places)
               for wide, narrow in ((a, b), (b, a)))


def _explain(a: Item, b: Item, placed: tuple, kind: tuple[str, list], phrase: float | None = None) -> dict:
    """`explain` with the places' and kinds' relations found already (`score` finds them first). The key phrases'
    similarity counts only where they told the object (kind "phrase"): `score` computes it for those alone."""
    place, where = placed
    text = text_similarity(a, b)
    if kind[0] == "specified":  # a kind one item names in another field counts where the wordings meet at all
        kind = ("same" if text >= SPECIFIED_TEXT else "general", kind[1])
    code = code_relation(a, b)
    vetoes = _vetoes(a, b, place, kind, text, code, where)
    if a.agency_id is not None and a.agency_id == b.agency_id:
        vetoes.insert(0, {"code": "same_agency"})
    weight = placing.PLACE_WEIGHT.get(place, 0.0) if not _covers_on_purpose(a, b, place) else 1.0
    base, per_text = {"same": (KIND_SAME, TEXT_SAME), "general": (KIND_NEAR, TEXT_NEAR),
                      "same_unknown": (KIND_NEAR, TEXT_NEAR), "mentioned": (KIND_NEAR, TEXT_NEAR),
                      "abbreviation": (KIND_SAME, TEXT_SAME), "spelling": (KIND_SAME, TEXT_SAME),
                      "abbreviated": (KIND_NEAR, TEXT_NEAR)}.get(
        kind[0], (KIND_NONE, TEXT_NONE))
    code_score = {"sub_activity": SAME_CODE, "activity": SAME_ACTIVITY}.get(code, 0.0)
    institution = _same_institution(a.features, b.features) if kind[0] == "general" else []
    institution_score = SAME_INSTITUTION if institution else 0.0
    if phrase is None:
        phrase = phrase_similarity(a, b) if kind[0] == "phrase" else 0.0
    wording = max(text, phrase) if kind[0] == "phrase" else text  # the characters carry what the words do not
    value = round(min(1.0, base + PLACE * weight + per_text * wording + code_score + institution_score), 3)
    flagged = not vetoes and value >= THRESHOLD
    phases = (a.features.phase, b.features.phase)
    relation = None
    if flagged:
        relation = "related" if phases[0] != phases[1] else "overlap"
    return {"score": value if not vetoes else 0.0, "evidence_score": value, "threshold": THRESHOLD,
            "flagged": flagged, "relation": relation, "place": place, "place_weight": weight,
            "kind": kind[0], "kinds": kind[1], "text": text, "phrase": phrase, "same_code": bool(code), "code": code,
            "code_score": code_score, "institution": institution, "institution_score": institution_score,
            "phases": list(phases),
            "vetoes": vetoes,
            "reasons": _reasons(a, b, place, where, kind, text, code, phases, phrase, institution) if flagged else []}


def _reasons(a: Item, b: Item, place, where, kind, text, code, phases, phrase=0.0, institution=()) -> list[dict]:
    out = []
    if where is not None:
        name = where[2] or where[1] or where[0]
        out.append({"code": "place", "relation": place, "name": name})
    if kind[0] in ("same", "general"):
        out.append({"code": "kind", "kinds": kind[1], "general": kind[0] == "general"})
    elif kind[0] == "mentioned":
        out.append({"code": "kind_mentioned", "kinds": kind[1]})
    elif kind[0] == "same_unknown":
        out.append({"code": "same_object", "words": kind[1]})
    elif kind[0] in ("abbreviation", "abbreviated", "spelling"):
        out.append({"code": "spelling" if kind[0] == "spelling" else "abbreviation", "words": kind[1]})
    elif kind[0] == "phrase":
        out.append({"code": "phrase", "words": kind[1], "similarity": phrase})
    if text >= 0.25 or kind[0] not in ("same", "general"):
        shared = sorted(a.features.words & b.features.words)[:5]
        out.append({"code": "wording", "similarity": text, "words": shared})
    typos = sorted(a.features.corrected | b.features.corrected)
    if typos:
        out.append({"code": "typos", "words": typos[:3]})
    if code:
        shared = ".".join(_segments(a.code)[:SUB_ACTIVITY_DEPTH if code == "sub_activity" else MIN_CODE_DEPTH])
        out.append({"code": "same_code", "value": shared, "level": code})
    if institution:
        out.append({"code": "same_institution", "numbers": list(institution)})
    if phases[0] != phases[1]:
        out.append({"code": "phases", "phases": [p or "works" for p in phases]})
    return out


def score(a: Item, b: Item) -> Match:
    """The verdict on a pair (symmetric). Places and kinds are checked first: most pairs a blocking index
    hands over end there, without computing the wording's similarity."""
    placed = placing.best_relation(a.places, b.places)
    if placing.RANK[placed[0]] <= 1:
        return Match(0.0, None, [])
    kind = _kind_relation(a.features, b.features)
    kind = _read_in_characters(a, b, kind) or kind
    if kind[0] == "different" and not (a.code and b.code and _lexicon_gap(a, b, code_relation(a, b))):
        return Match(0.0, None, [])
    found = _explain(a, b, placed, kind)  # the relations found above, not found again
    return Match(found["score"], found["relation"], found["reasons"])


def candidates(new: Item, existing, *, include_related: bool = False) -> list[tuple[object, Match]]:
    """The items of `existing` flagged with `new`, best first: (key, Match). Related pairs (phases) only with
    `include_related`; the same agency and the item itself never."""
    found = []
    for other in existing:
        if other is new or other.key == new.key:
            continue
        if new.agency_id is not None and other.agency_id == new.agency_id:
            continue
        match = score(new, other)
        if match.relation == "overlap" or (include_related and match.relation == "related"):
            found.append((other.key, match))
    found.sort(key=lambda pair: (-pair[1].score, str(pair[0])))
    return found


def topics(features: Features, code: str = "") -> frozenset:
    """What an item is met under (`Index`, and the SQL first cut of a forum through the "^" tokens of its stored
    signature: the same sets, so that a forum loses no pair the detector finds): its broad heads, the wholes its
    kinds are the core part of (lexicon `parts`: classrooms are met under the schools they belong to, a slum's roads
    and drains under the slum's upgrading: `lexicon.related` calls them general and specific), the heads of the
    words its bare short forms may contract, "?" for no known kind, and its sub-activity code."""
    lex = lexicon()
    roots = {k.split(".", 1)[0] for k in features.kinds}
    # a specific form of a part too ("sme.crafts" of the small industry centre's "sme"), as `lexicon.related` reads
    wholes = {whole.split(".", 1)[0] for k in features.kinds for whole in lex.parts_of(k)}
    read = {k.split(".", 1)[0] for token in _bare_acronyms(features) for k in _contractions(token)}
    found = (roots | wholes | read) or {"?"}  # a whole is met by its root, as every item is
    if len(_segments(code)) >= SUB_ACTIVITY_DEPTH:  # the same sub-activity may lift a kind veto
        found.add("code:" + ".".join(_segments(code)))
    return frozenset(found)


class Index:
    """Items by place and broad kind of work, so that an item meets only those that could be flagged with it:
    places that meet (the same village, or one place holding the other: its sub-district or its regency — two
    villages or two sub-districts never do), and a shared broad head, or no known kind on either side, or the
    same code. `at`: the items at exactly a place; `within`: the items anywhere inside a regency or sub-district."""

    ANY = "*"  # every topic: what an item of no known kind looks up

    def __init__(self, items=()):
        self.items: list[Item] = []
        self.at: dict[tuple, list[int]] = defaultdict(list)  # (regency, district, village, topic)
        self.within: dict[tuple, list[int]] = defaultdict(list)  # (regency[, district], topic)
        for item in items:
            self.add(item)

    @staticmethod
    def _topics(item: Item) -> set:
        return set(topics(item.features, item.code))

    def add(self, item: Item) -> None:
        index = len(self.items)
        self.items.append(item)
        at = {p for p in item.places if p[0]}
        within = {(p[0],) for p in at} | {(p[0], p[1]) for p in at if p[1]}
        for topic in self._topics(item) | {self.ANY}:
            for place in at:
                self.at[(*place, topic)].append(index)
            for area in within:
                self.within[(*area, topic)].append(index)

    def near(self, item: Item) -> list[Item]:
        """The indexed items whose places meet `item`'s and that share a topic with it."""
        return [self.items[i] for i in sorted(self._near(item))]

    def _near(self, item: Item) -> set[int]:
        found: set[int] = set()
        topics = self._topics(item) | {"?"} if item.roots else {self.ANY}
        for regency, district, village in {p for p in item.places if p[0]}:
            for topic in topics:
                if village:  # its village, its whole sub-district, its whole regency
                    keys = (self.at, (regency, district, village, topic)), (self.at, (regency, district, "", topic)), \
                        (self.at, (regency, "", "", topic))
                elif district:  # anything in its sub-district, its whole regency
                    keys = (self.within, (regency, district, topic)), (self.at, (regency, "", "", topic))
                else:  # anything in its regency
                    keys = ((self.within, (regency, topic)),)
                for table, key in keys:
                    found.update(table.get(key, ()))
        return found

    def candidates(self, new: Item, *, include_related: bool = False) -> list[tuple[object, Match]]:
        return candidates(new, self.near(new), include_related=include_related)

    def pairs(self, *, include_related: bool = True, comparable=None) -> list[tuple[Item, Item, Match]]:
        """Every flagged pair among the indexed items, each once. `comparable(a, b)` may exclude pairs."""
        out = []
        for i, item in enumerate(self.items):
            for j in self._near(item):
                if j <= i:
                    continue
                other = self.items[j]
                if item.agency_id is not None and other.agency_id == item.agency_id:
                    continue
                if comparable is not None and not comparable(item, other):
                    continue
                match = score(item, other)
                if match.relation == "overlap" or (include_related and match.relation == "related"):
                    out.append((item, other, match))
        return out
