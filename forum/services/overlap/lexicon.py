"""The planning vocabulary (forum/data/overlap_lexicon.yaml), loaded once, and the word-level tools that use it:
Indonesian stemming (PySastrawi, cached), typo correction of key nouns (rapidfuzz) and phrase matching.

Phrases are matched on the words as written and on their stems, longest first, so "perpustakaan desa",
"pustaka desa" and "perpustakaan" all find the library concept; a word that is neither an Indonesian root
(Sastrawi's dictionary) nor a lexicon word, and is one or two edits away from the head word (the first) of a
lexicon phrase, of five letters or more, with the same first letter, is read as that word ("jembtan" →
jembatan; "baruk" is neither "baru" nor the "buruk" of "gizi buruk"). Two English words in a row are also read as an
English compound: reversed and translated ("water tower" → "menara air"), since English names the head last.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

LEXICON_PATH = Path(__file__).resolve().parents[2] / "data" / "overlap_lexicon.yaml"
MAX_PHRASE = 6
NOT_OBJECT = ""  # the value of a `not_objects` phrase in the concept index: neither a kind of work nor content
VOWELS = frozenset("aeiou")
EVENT = "event"  # the value of an `events` phrase among the work phrases: read as training where nothing is built
MIN_TYPO_TARGET = 5  # a typo is read as a head word of at least 5 letters ("baruk" is neither "baru" nor "buruk")
# the lexicon's lists of what tells two assets of one kind apart
FACETS = ("uses", "builds", "sources", "components", "lifespan", "widening", "supports", "documents",
          "denominations", "goods", "recipients", "occasions")
# The lexicon file's lists of naming words, read as written (Lexicon fields of the same names)
NAMING_KEYS = ("place_naming", "hamlet_naming", "settlement_words", "asset_naming", "kind_naming", "group_kinds",
               "not_names", "ordinal_before", "main_road_words", "district_words", "lane_words", "common_names")
# ... its lists of reading words (stretches, ordinals, new or repaired, road classes, place words), read so too
READING_KEYS = ("river_words", "ordinal_after", "km_words", "station_words", "name_prefixes", "stretch_links",
                "new_words", "repair_words", "not_new_before", "damage_words", "grounds_words", "landmark_words",
                "road_words", "estate_words", "neighbourhood_words", "inside_words", "link_words", "network_levels",
                "area_words", "village_kind_words", "district_kind_words", "regency_kind_words", "list_links",
                "village_parts", "public_words", "range_words", "until_short", "purpose_words", "lacking_words",
                "having_words", "purpose_buildings", "active_requests", "now_words", "now_openers", "temporal_words",
                "number_signs", "stage_words", "continuation_words", "footbridge_words", "network_words",
                "field_words", "cause_words", "crossing_words", "having_after", "context_passed", "direction_words",
                "adjective_terms", "structure_verbs", "route_links", "length_words", "line_words",
                "construction_verbs", "comparison_words", "site_area_words", "area_kinds", "done_words")
# ... and its words of a number, each with its value (Lexicon fields of the same names)
NUMBER_KEYS = ("ordinal_words", "number_words")


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=1)
def dictionary() -> frozenset[str]:
    """Sastrawi's Indonesian root words (≈30,000)."""
    return frozenset(_stemmer().delegatedStemmer.dictionary.words)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Sastrawi stem of one lower-case word ("pembangunan" → "bangun"); digits and short words as they are."""
    if len(word) <= 3 or not word.isalpha():
        return word
    return _stemmer().stem(word) or word


def normal_words(text: str) -> list[str]:
    """Lower case, punctuation to spaces: the form lexicon entries are compared in."""
    return re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).split()


class PhraseIndex:
    """Phrases (tuples of words) → a value, looked up by surface words or by stems."""

    def __init__(self, literal: frozenset[str] = frozenset()):
        self.surface: dict[tuple[str, ...], str] = {}
        self.stemmed: dict[tuple[str, ...], str] = {}
        self.written: dict[tuple[str, ...], tuple[str, ...]] = {}  # stems → the phrase as the lexicon writes it
        self.longest = 1
        self.literal = literal  # derived words that are words of their own: matched only as written

    def add(self, phrase: str, value: str) -> None:
        words = tuple(normal_words(phrase))
        if not words:
            return
        self.surface.setdefault(words, value)
        stems = tuple(stem(w) for w in words)
        self.stemmed.setdefault(stems, value)
        self.written.setdefault(stems, words)
        self.longest = max(self.longest, len(words))

    def match_at(self, words: list[str], stems: list[str], i: int) -> tuple[int, str] | None:
        """The longest phrase starting at `i`: (length, value). A lone word written as a bare root matches only
        as written: "air" (water) is not "pengairan" (irrigation), nor "remaja" (youth) "peremajaan"; nor is a
        derived word that means something else than its root (lexicon `distinct_derivations`: "jaringan", a
        network, is not "jaring", a fishing net)."""
        for n in range(min(self.longest, len(words) - i), 0, -1):
            key = tuple(words[i:i + n])
            if key in self.surface:
                return n, self.surface[key]
            if n == 1 and (words[i] == stems[i] or words[i] in self.literal):
                continue
            key = tuple(stems[i:i + n])
            # a term's word of its own meaning ("permakanan") is matched only as written, never by its root ("makanan")
            if key in self.stemmed and not any(
                    _other_noun(w, t, s) or (t in self.literal and w != t)
                    for w, t, s in zip(words[i:i + n], self.written[key], key, strict=True)):
                return n, self.stemmed[key]
        return None

    def find_all(self, words: list[str], stems: list[str]) -> list[tuple[int, int, str]]:
        """Non-overlapping matches, left to right, longest first: (start, end, value)."""
        out, i = [], 0
        while i < len(words):
            found = self.match_at(words, stems, i)
            if found:
                out.append((i, i + found[0], found[1]))
                i += found[0]
            else:
                i += 1
        return out


def _is_form_of(concept: str, wholes) -> bool:
    """Whether a concept id is one of `wholes` or a specific form of one ("school.sd" of "school")."""
    return any(concept == w or concept.startswith(w + ".") for w in wholes)


def _noun_class(word: str, root: str) -> str:
    """The nominal affix of a derived noun: "per" (per-...-an: a domain or place, "perairan" waters), "pe"
    (pe(N)-...-an: a process, "pengairan" irrigation), "ke" (ke-...-an), "agent" (pe(N)- alone: a person or a tool,
    "pembina" a patron, "penyuluh" an extension worker, not "pembinaan", "penyuluhan") or "" (a root, a verb)."""
    if word == root:
        return ""
    if not word.endswith("an"):
        return "agent" if word.startswith("pe") and not root.startswith("pe") else ""
    if word.startswith("per") and word[3:].startswith(root[:2]):
        return "per"
    if word.startswith("ke") and word[2:].startswith(root[:2]):
        return "ke"
    return "pe" if word.startswith("pe") else ""


def _other_noun(word: str, term_word: str, root: str) -> bool:
    """Two nouns of one root with different affixes name different things ("perairan" waters is not "pengairan"
    irrigation, "keamanan" security not "pengamanan" securing); a root or a verb still matches either, and so does a
    word one slip away from the term's ("pepustakaan": perpustakaan with a letter left out, no other noun)."""
    if word == term_word or _slip(word, term_word, 1):
        return False
    mine, theirs = _noun_class(word, root), _noun_class(term_word, root)
    return bool(mine and theirs and mine != theirs)


@dataclass(frozen=True)
class Concept:
    id: str
    en: str
    id_label: str

    @property
    def root(self) -> str:
        return self.id.split(".", 1)[0]


@dataclass
class Lexicon:
    concepts: dict[str, Concept]
    concept_phrases: PhraseIndex
    commodity_phrases: PhraseIndex
    phase_phrases: PhraseIndex
    work_phrases: PhraseIndex
    fillers: frozenset[str]
    context: frozenset[str]
    reduplications: frozenset[str]
    institution_words: frozenset[str]
    section_words: frozenset[str]
    abbreviations: dict  # a short written form → the words it stands for ("kec" → kecamatan, "gg" → gang)
    object_verbs: dict  # a passive verb made of an object's name → the object's words ("ditalud" → talud)
    phase_verbs: dict  # a passive verb → its phases' work word ("dibebaskan" → pembebasan)
    place_words: frozenset[str]
    building_words: frozenset[str]
    subordinators: frozenset[str]
    requests: frozenset[str]
    instruments: frozenset[str]
    negations: frozenset[str]
    vocabulary: dict[str, list[str]]  # first letter → the phrases' head words (≥ 5 letters), for typo correction
    known: frozenset[str]  # every word of every lexicon phrase
    # the words the lexicon knows only inside a longer phrase, never first nor alone ("raja" of "makam raja"): among
    # names they may be a name's ("jalan Raja - Amang - Munggu")
    tails: frozenset[str] = frozenset()
    facilities: frozenset[str] = frozenset()  # concept ids of named institutions (school levels, clinics)
    english: dict = field(default_factory=dict)  # English word → its Indonesian equivalents, each a tuple of words
    qualifiers: dict = field(default_factory=dict)  # specific concept id → words that say a general one is it
    # (concept id, the concepts it is read from, the words that say so, the words that keep the concept read), one a
    # reading (a concept may have several)
    named_for: tuple = ()
    provisions: frozenset[str] = frozenset()  # passive verbs of giving: what follows them is what is given
    parts: dict = field(default_factory=dict)  # concept id → the broad heads of the wholes it is the core part of
    request_complements: frozenset[str] = frozenset()  # "agar", "supaya" after an asking word: what is asked
    courtesies: frozenset = frozenset()  # the thanks a request closes with, as word tuples ("terima kasih")
    work_words: tuple = ()  # the one-word work words, as the lexicon lists them (physical, then training)
    openers: dict = field(default_factory=dict)  # stem of a phrase's first word → concepts of such phrases
    ambiguous: dict = field(default_factory=dict)  # a short form → its readings, each a tuple of words
    as_written: frozenset[str] = frozenset()  # acronyms and regional words never read as a typo ("tni", "gadu")
    # The naming words of the overlap scoring, as the lexicon file writes them (see its comments)
    place_naming: frozenset[str] = frozenset()
    hamlet_naming: frozenset[str] = frozenset()
    settlement_words: frozenset[str] = frozenset()
    asset_naming: frozenset[str] = frozenset()
    kind_naming: frozenset[str] = frozenset()
    group_kinds: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    lane_words: frozenset[str] = frozenset()
    common_names: frozenset[str] = frozenset()
    ordinal_before: frozenset[str] = frozenset()
    main_road_words: frozenset[str] = frozenset()
    district_words: frozenset[str] = frozenset()
    # The reading words of the overlap scoring and place reading, as the lexicon file writes them (see its comments)
    river_words: frozenset[str] = frozenset()
    crossing_words: frozenset[str] = frozenset()
    comparison_words: frozenset[str] = frozenset()
    site_area_words: frozenset[str] = frozenset()
    area_kinds: frozenset[str] = frozenset()
    range_words: frozenset[str] = frozenset()
    until_short: frozenset[str] = frozenset()
    purpose_words: frozenset[str] = frozenset()
    lacking_words: frozenset[str] = frozenset()
    having_words: frozenset[str] = frozenset()
    having_after: frozenset[str] = frozenset()
    context_passed: frozenset[str] = frozenset()
    purpose_buildings: frozenset[str] = frozenset()
    active_requests: frozenset[str] = frozenset()
    now_words: frozenset[str] = frozenset()
    now_openers: frozenset[str] = frozenset()
    temporal_words: frozenset[str] = frozenset()
    number_signs: frozenset[str] = frozenset()
    ordinal_after: frozenset[str] = frozenset()
    stage_words: frozenset[str] = frozenset()
    continuation_words: frozenset[str] = frozenset()
    footbridge_words: frozenset[str] = frozenset()
    network_words: frozenset[str] = frozenset()
    field_words: frozenset[str] = frozenset()
    cause_words: frozenset[str] = frozenset()
    adjective_terms: frozenset[str] = frozenset()
    structure_verbs: frozenset[str] = frozenset()
    route_links: frozenset[str] = frozenset()
    line_words: frozenset[str] = frozenset()
    construction_verbs: frozenset[str] = frozenset()
    done_words: frozenset[str] = frozenset()
    km_words: frozenset[str] = frozenset()
    station_words: frozenset[str] = frozenset()
    name_prefixes: frozenset[str] = frozenset()
    stretch_links: frozenset[str] = frozenset()
    new_words: frozenset[str] = frozenset()
    repair_words: frozenset[str] = frozenset()
    not_new_before: frozenset[str] = frozenset()
    damage_words: frozenset[str] = frozenset()
    grounds_words: frozenset[str] = frozenset()
    landmark_words: frozenset[str] = frozenset()
    public_words: frozenset[str] = frozenset()
    road_words: frozenset[str] = frozenset()
    estate_words: frozenset[str] = frozenset()
    neighbourhood_words: frozenset[str] = frozenset()
    inside_words: frozenset[str] = frozenset()
    link_words: frozenset[str] = frozenset()
    network_levels: frozenset[str] = frozenset()
    direction_words: frozenset[str] = frozenset()
    length_words: frozenset[str] = frozenset()
    area_words: frozenset[str] = frozenset()
    village_kind_words: frozenset[str] = frozenset()
    district_kind_words: frozenset[str] = frozenset()
    regency_kind_words: frozenset[str] = frozenset()
    list_links: frozenset[str] = frozenset()
    village_parts: frozenset[str] = frozenset()
    ordinal_words: dict = field(default_factory=dict)  # an ordinal word → its number ("kedua" → 2)
    number_words: dict = field(default_factory=dict)  # a number written out → its value ("tiga" → 3)
    said_vowels: dict = field(default_factory=dict)  # an English vowel pair → the vowels said for it ("ee" → e, i)
    # word of a title → its (facet, class) pairs: what it says an asset serves, how it is built, where it takes its
    # water, which part of a supply network it is, how long it is to last or whether a road is widened or resurfaced
    # (the lexicon's FACETS: `uses`, `builds`, `sources`, `components`, `lifespan`, `widening`, `supports`, `documents`,
    # `denominations`, `goods`, `recipients`: whom a service is for)
    facet_words: dict = field(default_factory=dict)
    facet_phrases: dict = field(default_factory=dict)  # a facet's terms of several words, as word tuples → pairs
    # a facet's class of where a good is made → the class of that good (`facet_makers`: composting → fertiliser)
    facet_makers: dict = field(default_factory=dict)
    # the words of a whole channel scheme → the network levels it is ("daerah irigasi" → primer, sekunder)
    network_schemes: dict = field(default_factory=dict)

    def qualified(self, concept: str, words: list[str]) -> str:
        """`concept`, or its specific form that a word of `words` names ("perahu ... nelayan" → fishing boats)."""
        present = set(words)
        for specific, cues in self.qualifiers.items():
            if specific.startswith(concept + ".") and cues & present:
                return specific
        for other, read_from, cues, unless in self.named_for:  # lexicon `named_for`: the same, across branches
            if concept in read_from and cues & present and not unless & present:
                return other
        return concept

    def english_compound(self, words: list[str], i: int) -> str | None:
        """The concept an English modifier + head at `i` names in Indonesian order ("water tower" → menara air)."""
        if i + 1 >= len(words) or words[i] not in self.english or words[i + 1] not in self.english:
            return None
        for head in self.english[words[i + 1]]:
            for modifier in self.english[words[i]]:
                phrase = [*head, *modifier]
                found = self.concept_phrases.match_at(phrase, [stem(w) for w in phrase], 0)
                if found and found[0] == len(phrase):
                    return found[1]
        return None

    def opened_by(self, stemmed: str) -> frozenset[str]:
        """The concepts with a phrase of two words or more whose first word has this stem ("salur": irrigation,
        drainage, ...)."""
        return self.openers.get(stemmed, frozenset())

    def related(self, a: str, b: str) -> str:
        """"same", "general" (one is the general form of the other, or the whole of which the other is the core
        part: lexicon `parts`, a whole named by a broad head or by a concept, either taking its specific forms, and
        a part too) or "" for two concept ids."""
        if a == b:
            return "same"
        if a.startswith(b + ".") or b.startswith(a + "."):
            return "general"
        if _is_form_of(a, self.parts_of(b)) or _is_form_of(b, self.parts_of(a)):
            return "general"
        return ""

    def parts_of(self, concept: str) -> frozenset:
        """The wholes `concept` is the core part of, as itself or as a specific form of a part ("sanitation.public", a
        public toilet, is the sanitation a tourist site is mostly about)."""
        pieces = concept.split(".")
        return frozenset().union(*(self.parts.get(".".join(pieces[:n]), ()) for n in range(1, len(pieces) + 1)))


@lru_cache(maxsize=1)
def source() -> bytes:
    """The lexicon file as read once by this process: what `lexicon()` is made of and what the analysis version
    (analysis.version()) is computed from."""
    return LEXICON_PATH.read_bytes()


def _parse(text: str) -> dict:
    """The lexicon file's mappings, every scalar read as written (the base loader, C version: 30 ms instead of
    300; YAML 1.1 would read the bare word "no" (nomor) as False, "on" or "off" as booleans, and drop them from the
    vocabulary). A key written twice in one mapping is an error: YAML keeps the last and silently drops the first,
    so a concept entered twice by two reviewers would lose one's terms."""
    import yaml

    base_loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

    class Loader(base_loader):
        def construct_mapping(self, node, deep=False):
            keys = [self.construct_object(key, deep=deep) for key, _value in node.value]
            twice = sorted({k for k in keys if keys.count(k) > 1})
            if twice:
                raise ValueError(f"overlap lexicon: {', '.join(twice)} written twice in one mapping "
                                 f"(line {node.start_mark.line + 1})")
            return super().construct_mapping(node, deep=deep)

    return yaml.load(text, Loader=Loader)  # noqa: S506 (no object construction: the base loader's scalars)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = _parse(source().decode("utf-8"))
    literal = frozenset(w for entry in data.get("distinct_derivations") or () for w in normal_words(str(entry)))
    concepts, concept_phrases = {}, PhraseIndex(literal)
    for phrase in data.get("not_objects") or ():  # matched like a concept, longest first, but names nothing
        concept_phrases.add(str(phrase), NOT_OBJECT)
    for cid, entry in data["concepts"].items():
        concepts[cid] = Concept(cid, entry["en"], entry["id"])
        for term in entry["terms"]:
            concept_phrases.add(str(term), cid)
    commodity_phrases = PhraseIndex(literal)
    for name, words in data["commodities"].items():
        for word in words:
            commodity_phrases.add(str(word), name)
    phase_phrases = PhraseIndex(literal)
    for name, words in data["phases"].items():
        for word in words:
            phase_phrases.add(str(word), name)
    work_phrases = PhraseIndex(literal)
    for name, value in (("training", "training"), ("events", EVENT), ("physical", "physical")):
        for word in data.get(name) or ():
            work_phrases.add(str(word), value)
    known: set[str] = set()
    heads: set[str] = set()  # the first word of each phrase: Indonesian names the head first ("gizi buruk")
    for index in (concept_phrases, commodity_phrases, phase_phrases, work_phrases):
        for phrase in index.surface:
            known.update(phrase)
            heads.add(phrase[0])
    vocabulary: dict[str, list[str]] = {}
    for word in sorted(heads):
        if len(word) >= MIN_TYPO_TARGET and word.isalpha():
            vocabulary.setdefault(word[0], []).append(word)

    english = {word: tuple(tuple(normal_words(str(t))) for t in terms)
               for word, terms in (data.get("english") or {}).items()}

    def words(key):
        return frozenset(w for entry in data.get(key, ()) for w in normal_words(str(entry)))

    return Lexicon(concepts, concept_phrases, commodity_phrases, phase_phrases, work_phrases,
                   fillers=words("fillers"), context=words("context"),
                   reduplications=frozenset(" ".join(normal_words(str(w))) for w in data["lexical_reduplication"]),
                   institution_words=words("institution_words"), section_words=words("section_words"),
                   abbreviations={str(k): tuple(normal_words(str(v))) for k, v in
                                  (data.get("abbreviations") or {}).items()},
                   object_verbs={str(k): tuple(normal_words(str(v))) for k, v in
                                 (data.get("object_verbs") or {}).items()},
                   phase_verbs={str(k): str(v) for k, v in (data.get("phase_verbs") or {}).items()},
                   place_words=words("place_words"),
                   building_words=words("building_words"), subordinators=words("subordinators"),
                   requests=words("requests") | frozenset(w for w in words("physical") if w.startswith("di")),
                   instruments=words("instruments"), negations=words("negations"),
                   vocabulary=vocabulary,
                   known=(frozenset(known) | words("fillers") | words("context") | words("instruments")
                          | words("negations") | frozenset(english)
                          | frozenset(map(str, data.get("object_verbs") or ()))
                          | frozenset(map(str, data.get("phase_verbs") or ()))),
                   tails=frozenset(known - heads - words("fillers") - words("context") - words("instruments")
                                   - words("negations") - frozenset(english)),
                   facilities=frozenset(str(f) for f in data.get("facilities", ())), english=english,
                   qualifiers={str(c): frozenset(w for t in ws for w in normal_words(str(t)))
                               for c, ws in (data.get("qualifiers") or {}).items()},
                   named_for=tuple((str(c), frozenset(str(k) for k in entry["of"]),
                                    frozenset(w for t in entry["by"] for w in normal_words(str(t))),
                                    frozenset(w for t in entry.get("unless", ()) for w in normal_words(str(t))))
                                   for c, entries in (data.get("named_for") or {}).items()
                                   for entry in (entries if isinstance(entries, list) else [entries])),
                   provisions=words("provisions"), request_complements=words("request_complements"),
                   courtesies=frozenset(tuple(normal_words(str(c))) for c in data.get("courtesies") or ()),
                   work_words=tuple(dict.fromkeys(str(w) for key in ("physical", "training") for w in data[key]
                                                  if str(w).isalpha())),
                   parts={str(c): frozenset(str(w) for w in ws) for c, ws in (data.get("parts") or {}).items()},
                   openers=_openers(concept_phrases),
                   as_written=words("as_written"),
                   said_vowels={str(pair): tuple(str(v) for v in said)
                                for pair, said in (data.get("said_vowels") or {}).items()},
                   ambiguous={str(k): tuple(tuple(normal_words(str(r))) for r in rs)
                              for k, rs in (data.get("ambiguous_short_forms") or {}).items()},
                   facet_words=_facet_words(data), facet_phrases=_facet_words(data, phrases=True),
                   facet_makers={str(k): str(v) for k, v in (data.get("facet_makers") or {}).items()},
                   network_schemes={tuple(normal_words(str(k))): frozenset(str(w) for w in v)
                                    for k, v in (data.get("network_schemes") or {}).items()},
                   **{key: frozenset(str(w) for w in data[key]) for key in NAMING_KEYS + READING_KEYS},
                   **{key: {str(w): int(n) for w, n in data[key].items()} for key in NUMBER_KEYS})


def _facet_words(data: dict, *, phrases: bool = False) -> dict:
    """word → the (facet, class) pairs it says, in the order of FACETS: one word may say two facets ("IPA", a plant
    that treats surface water: where a supply takes its water and which part of the network it is). With `phrases`,
    the terms of several words instead, each a tuple of words, read whole ("tidak layak huni": its negation is part
    of the term, not one that negates it)."""
    out: dict = {}
    for facet in FACETS:
        for use, terms in (data.get(facet) or {}).items():
            for written in terms:
                words = tuple(normal_words(str(written)))
                if len(words) > 1 if phrases else len(words) == 1:
                    key = words if phrases else words[0]
                    if (facet, str(use)) not in out.setdefault(key, []):
                        out[key].append((facet, str(use)))
    return {key: tuple(pairs) for key, pairs in out.items()}


def _openers(phrases: PhraseIndex) -> dict[str, frozenset[str]]:
    out: dict[str, set] = {}
    for words, concept in phrases.surface.items():
        if len(words) > 1 and concept != NOT_OBJECT:
            out.setdefault(stem(words[0]), set()).add(concept)
    return {key: frozenset(value) for key, value in out.items()}


@lru_cache(maxsize=20_000)
def split_compound(word: str) -> tuple[str, ...]:
    """Two words of a lexicon phrase written as one ("handtraktor" → hand traktor, "tongsampah" → tong sampah), the
    first perhaps as its initial alone ("kjaring" → keramba jaring): only for a word that is no Indonesian root and no
    lexicon word; else (word,)."""
    lex = lexicon()
    if len(word) < 7 or not word.isalpha() or word in lex.known or word in dictionary():
        return (word,)
    phrases = lex.concept_phrases.surface
    for cut in range(3, len(word) - 2):
        pair = (word[:cut], word[cut:])
        if pair in phrases:
            return pair
    # "kjaring apung": a phrase's first word written as its initial before the second ("keramba jaring apung"), where
    # the word is no slip of one word ("lpangan" is lapangan, not lumbung pangan)
    if corrected(word) != word:
        return (word,)
    firsts = {p[0] for p in phrases if len(p) >= 2 and p[1] == word[1:] and p[0][0] == word[0]}
    return (firsts.pop(), word[1:]) if len(firsts) == 1 else (word,)


def _vowel_doubled(word: str, known: frozenset[str]) -> str:
    """The one known word that `word` is with a doubled vowel written once ("perpustakan" perpustakaan, "kebersihan"
    stays), else ""."""
    found = {word[:i] + word[i - 1] + word[i:] for i in range(1, len(word) + 1) if word[i - 1] in VOWELS} & known
    return found.pop() if len(found) == 1 else ""


def _written_twice(word: str, known: frozenset[str]) -> str:
    """The one known word of five letters or more that `word` is with one of its letters typed twice ("jalaan"
    jalan, "katollik" katolik), else ""."""
    found = {word[:i] + word[i + 1:] for i in range(1, len(word)) if word[i] == word[i - 1]} & known
    found = {w for w in found if len(w) >= MIN_TYPO_TARGET}
    return found.pop() if len(found) == 1 else ""


def _missing_vowel(word: str, known: frozenset[str]) -> str:
    """The only known word that `word` is with one vowel put back ("gru" guru, "dsa" desa), else `word`. Written with
    no vowel at all, `word` is a contraction rather than a slip, and is read so only as an Indonesian word ("gng"
    gang, "trk" truk), never as an acronym or an English word that happens to have one vowel ("prt" is parit far
    more often than the home-industry licence P-IRT, "pst" pasar or pusat rather than post)."""
    found = {word[:i] + v + word[i:] for i in range(1, len(word) + 1) for v in "aeiou"} & known
    if not VOWELS & set(word):
        found &= dictionary()
    return found.pop() if len(found) == 1 else word


MIN_SAID = 6  # a shorter form ("sped", "mels") is too often a word or a slip of another


@lru_cache(maxsize=1)
def _spelled_as_said() -> dict:
    """A lexicon head word's forms with its English vowel pairs written as said (lexicon said_vowels: "spedbot" for
    speedboat) → the head word; a form that is an Indonesian root, shorter than `MIN_SAID` or the form of two head
    words is left out."""
    found: dict[str, set] = {}
    said = lexicon().said_vowels
    pairs = re.compile("|".join(said))
    for heads in lexicon().vocabulary.values():
        for head in heads:
            forms = {""}
            rest = 0
            for match in pairs.finditer(head):
                forms = {f + head[rest:match.start()] + v for f in forms for v in said[match.group()]}
                rest = match.end()
            for form in forms if rest else ():
                found.setdefault(form + head[rest:], set()).add(head)
    roots = dictionary()
    return {form: heads.pop() for form, heads in found.items()
            if len(heads) == 1 and len(form) >= MIN_SAID and form not in roots}


_NONE: frozenset = frozenset()


@lru_cache(maxsize=1)
def _neighbours() -> tuple[dict, dict]:
    """(word → the words that follow it in a lexicon phrase, word → the words that precede it in one)."""
    lex = lexicon()
    after: dict[str, set] = {}
    before: dict[str, set] = {}
    for index in (lex.concept_phrases, lex.commodity_phrases, lex.phase_phrases, lex.work_phrases):
        for phrase in index.surface:
            for first, second in pairwise(phrase):
                if second.isalpha() and len(second) >= 3:
                    after.setdefault(first, set()).add(second)
                if first.isalpha() and len(first) >= 3:
                    before.setdefault(second, set()).add(first)
    return after, before


@lru_cache(maxsize=1)
def _middles() -> dict:
    """(word before, word after) → the words that stand between them in a lexicon phrase of three words or more."""
    lex = lexicon()
    out: dict[tuple[str, str], set] = {}
    for index in (lex.concept_phrases, lex.commodity_phrases, lex.phase_phrases, lex.work_phrases):
        for phrase in index.surface:
            for first, middle, last in zip(phrase, phrase[1:], phrase[2:], strict=False):
                if middle.isalpha() and len(middle) >= 3:
                    out.setdefault((first, last), set()).add(middle)
    return out


def _contracts(short: str, word: str) -> bool:
    """Whether `short` is a contraction of `word`: written without vowels, `word` with its vowels left out ("jmr"
    jemur, "kws" kawasan, "psr" pasar: same first letter, every letter of `short` in `word` in order); written with
    some, `word` with only vowels left out ("kpting" kepiting, "jmbatan" jembatan)."""
    if len(short) < 3 or short[0] != word[0] or len(short) >= len(word):
        return False
    if VOWELS & set(short):
        return _vowels_left_out(short, word)
    rest = iter(word[1:])
    return all(letter in rest for letter in short[1:])


def _vowels_left_out(short: str, word: str, nasal: bool = False, prefix: bool = False) -> bool:
    """Whether `word` is `short` with vowels put in (and nothing else); with `nasal`, also an "n" before a consonant
    ("embg" embung, "psyd" posyandu: the nasal of "ng", "nd" is left out as "yg" is yang); with `prefix`, whether
    `short` so written is the beginning of `word` ("peml." pemeliharaan)."""
    i = 0
    for k, letter in enumerate(word):
        if prefix and i == len(short):
            return True
        if i < len(short) and letter == short[i]:
            i += 1
        elif letter not in VOWELS and not (nasal and letter == "n" and word[k + 1:k + 2] not in ("", *VOWELS)):
            return False
    return i == len(short)



def _slip(written: str, word: str, limit: int) -> bool:
    """A typing slip of `word` (same first letter, within `limit` OSA edits)."""
    from rapidfuzz.distance import OSA

    return written[0] == word[0] and OSA.distance(written, word, score_cutoff=limit) <= limit


@lru_cache(maxsize=20_000)
def in_context(previous: str, written: str, following: str) -> str:
    """`written` read with its neighbours: the one word that, in its place, continues a lexicon phrase with the word
    before or after it, where `written` is a contraction of that word ("lantai jmr" lantai jemur, "kws kumuh"
    kawasan kumuh, "psr tradisional" pasar tradisional) or a slip in it ("puskesmas pembntu" puskesmas pembantu,
    "pintu ari" pintu air); else "". Typo correction alone reads only a phrase's first word ("pembntu" is no head
    word) and an acronym of the lexicon as itself ("psr" is the oil-palm replanting PSR; before "tradisional" it
    is the market). A word of the dictionary is read so only for two letters swapped ("ari"), a word of the lexicon
    only as a contraction, and never a word that continues a phrase with its neighbour as written ("menara bts"); an
    acronym that names a kind of work alone is never read on a place word after it, which opens the place's name
    ("bts desa Sango": the village's tower, not "batas desa")."""
    if len(written) < 2 or not written.isalpha():
        return ""
    after, before = _neighbours()
    candidates = after.get(previous, _NONE) | before.get(following, _NONE)
    if not candidates or written in candidates:
        return ""  # "menara bts": a phrase as written is read as written
    lex = lexicon()
    if (written in lex.known and not VOWELS.isdisjoint(written)) or written in lex.as_written:
        return ""
    if (written,) in lex.concept_phrases.surface and following in lex.place_words and written not in lex.ambiguous:
        candidates = after.get(previous, _NONE)
        if not candidates:
            return ""
    roots = dictionary()
    is_word = written in roots or stem(written) in roots
    limit = 2 if len(written) >= 8 else 1
    # between the two words a phrase has around it, even a word of the dictionary is a slip of the phrase's word
    # ("jalan usah tani": usaha; "rumah ibdah"): both neighbours say which word stands there
    inside = {word for word in _middles().get((previous, following), _NONE) if _slip(written, word, 1)}
    if len(inside) == 1:
        return inside.pop()
    found = set()
    spelled = is_word and not VOWELS.isdisjoint(written)  # a word with vowels is no contraction ("dana", not danau)
    for word in candidates:
        if not spelled and _contracts(written, word):
            found.add(word)
        elif is_word:
            if len(word) == len(written) and sorted(word) == sorted(written) and _slip(written, word, 1):
                found.add(word)
        elif len(written) >= 3 and written not in lex.known and _slip(written, word, limit):
            found.add(word)
    return found.pop() if len(found) == 1 else ""


@lru_cache(maxsize=20_000)
def corrected(word: str) -> str:
    """`word`, or the lexicon word it is a typo of (`in_context` reads a word with its neighbours): only for words
    that are not Indonesian roots (nor their derivations) and not lexicon words, one edit away (two from eight
    letters on; two letters swapped count as one) from a phrase's head word of five letters or more, same first
    letter; a word of three letters only when one vowel put back makes exactly one lexicon word of it; a word
    with no vowel after its first letter, the one head word it is with its vowels left out ("jmbtn" jembatan)."""
    lex = lexicon()
    if len(word) < 3 or not word.isalpha() or word in lex.known or word in lex.as_written:
        return word
    roots = dictionary()
    if word not in roots:
        doubled = _vowel_doubled(word, lex.known) or _written_twice(word, lex.known)
        if doubled:
            return doubled  # "perpustakan", "jalaan": read before its stem ("pusta", "jala") would keep them
    if word in roots or stem(word) in roots:
        return word
    said = _spelled_as_said().get(word)
    if said:
        return said  # "spedbot", "spidbot": speedboat
    if len(word) == 3:  # a short word with one vowel left out ("gru", "dsa"): the one lexicon word it leaves
        return _missing_vowel(word, lex.known)
    from rapidfuzz import process
    from rapidfuzz.distance import OSA  # two letters swapped ('toliet') are one slip, as one letter wrong

    heads = lex.vocabulary.get(word[0], ())
    # "pnrangan": some vowels left out of one head word (penerangan), before a slip that as many edits make of
    # another ("pangan"); a work word so written, or one with every vowel left out, is read below ("pembgn", "pmbgn")
    left_out = {head for head in heads if len(head) > len(word) and head not in lex.work_words
                and _vowels_left_out(word, head)} if not VOWELS.isdisjoint(word[1:-1]) else ()
    if len(left_out) == 1 and len(word) >= MIN_SHORTHAND:
        return left_out.pop()
    limit = 2 if len(word) >= 8 else 1
    found = process.extractOne(word, heads, scorer=OSA.distance, score_cutoff=limit)
    if found:
        return found[0]
    # "jmbtn", "drnse": every inner vowel left out, not a slip; an object so written before a work word that only
    # holds its letters in order ("pnmpng" penampung, not pendampingan; a work word is the commoner: "pmbgn")
    vowelless = VOWELS.isdisjoint(word[1:-1]) and _vowelless(word, lex.vocabulary.get(word[0], ()))
    work = _shorthand(word, lex.work_words)
    read = vowelless if vowelless and (vowelless not in lex.work_words or work == word) else work
    # "untk" untuk: one vowel left out of a longer word (of the lexicon: a work, context or filler word too)
    return read if read != word else truncated(word) or _missing_vowel(word, lex.known)


def _vowelless(word: str, heads) -> str:
    """The one head word of the lexicon that `word` is with every vowel after its first letter left out ("jmbtn"
    jembatan, "psksds" poskesdes, "drmg" dermaga: four letters or more), its last vowel kept or not ("drnse"
    drainase, "pmdm" pemadam; with the nasal of "ng", "nd" left out too where none is without it: "embg" embung),
    else ""."""
    if len(word) < MIN_SHORTHAND:
        return ""
    found = {head for head in heads if len(head) > len(word) and _vowels_left_out(word, head)} \
        or {head for head in heads if len(head) > len(word) and _vowels_left_out(word, head, nasal=True)}
    if len(found) == 1:
        return found.pop()
    # "drnse": drainase or drenase, two spellings of one kind of work, read as the first of them. Written with no
    # vowel at all ("pndp": pendopo or pendapa) it stays as written: the scorer reads it on the other title, in the
    # spelling that title uses (scoring._read_in)
    kinds = {lexicon().concept_phrases.surface.get((head,)) for head in found}
    return min(found) if found and word[-1] in VOWELS and len(kinds) == 1 and None not in kinds else ""


MIN_SHORTHAND = 4  # "pmbgn", "pembgn": four letters or more ("rhb" is too few to tell)
# Affixes of a nominalised or verbal work word: a word cut short must keep a letter of the root after them ("pemb"
# is pembangunan; "peng" may be any pe-N- word)
WORK_AFFIXES = ("peng", "peny", "meng", "meny", "pem", "pen", "per", "mem", "men", "ber", "pe", "me", "di")


@lru_cache(maxsize=20_000)
def truncated(word: str, dotted: bool = False) -> str:
    """The word `word` is the beginning of, cut short as planning rows and DPRD notes write ("Pemb. gedung",
    "Revit. pasar", "Pelat. operator"): the work word the lexicon lists first that starts with it (four letters or
    more, one of them past the work word's affix); written with a dot, also the one lexicon word that starts with it
    ("posy." posyandu), unless it is an Indonesian word, and, with its vowels left out too, the work word it begins
    ("peml." pemeliharaan). Else "". A word of the dictionary ("pelat", a plate) is read so only with its dot."""
    lex = lexicon()
    if len(word) < MIN_SHORTHAND or not word.isalpha() or word in lex.known or word in lex.abbreviations:
        return ""
    is_word = word in dictionary()
    if is_word and not dotted:
        return ""
    affix = next((a for a in WORK_AFFIXES if word.startswith(a)), "")
    work = next((w for w in lex.work_words if w.startswith(word) and len(w) > len(word)), "") \
        if len(word) > len(affix) else ""
    if work or not dotted or is_word:
        return work
    found = [w for w in lex.known if w.startswith(word) and len(w) > len(word)]
    if found:
        return found[0] if len(found) == 1 else ""
    # "peml.", "pngk.": cut short with its vowels (and a nasal) left out, the work word it begins that the lexicon
    # lists first (the commoner: "pmbg." pembangunan, not pembagian); an object so written is too often several
    # ("pskm.": puskesmas or poskamling)
    return next((w for w in lex.work_words if len(w) > len(word) and _vowels_left_out(word, w, True, prefix=True)), "")


def _shorthand(word: str, work_words: tuple[str, ...]) -> str:
    """The work word `word` is written short for ("pembgnn", "pembgn", "pmbgn" pembangunan; "pngktn" peningkatan):
    a contraction that keeps the first letter and about half of the word's letters or more, in order. Of several it
    may be, the one the lexicon lists first (the commoner: "pembgn" is pembangunan, not pembagian); when that one
    is too long for it, none. Else `word`."""
    if len(word) < MIN_SHORTHAND:
        return word
    work = next((w for w in work_words if w[0] == word[0] and len(w) > len(word) and _in_order(word, w)), "")
    return work if work and len(work) <= 2 * len(word) + 1 else word


def _in_order(short: str, word: str) -> bool:
    rest = iter(word)
    return all(letter in rest for letter in short)
