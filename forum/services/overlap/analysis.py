"""From a proposal's or a plan row's texts to what the scorer compares (`Features`), and back from the stored
signature (`match_text`), so that a new item is compared with thousands of earlier ones without analysing
them again.

Normalisation: lower case; "sei" is "sungai"; a reduplicated word is folded to one ("rumah-rumah" and the
informal "rumah2" → rumah) unless it is a word of its own ("kanak-kanak" and "kanak2", "gorong-gorong": lexicon
`lexical_reduplication`); hyphens and punctuation separate words; short words are kept (SD, TK, KB, ...) — only
the lexicon's fillers are dropped, never a word for being short; a word cut short ("Pemb.", "posy.") is the word it
begins (lexicon.truncated); typos of lexicon words are corrected, and a
contraction or slip is read as the word that continues a lexicon phrase with its neighbour ("lantai jmr", "puskesmas
pembntu", "pintu ari": lexicon.in_context); a short form of several readings ("psr": pasar, or the oil-palm replanting
PSR) only as the one the item's texts support, else not at all (`_short_form_readings`).

The **kinds of work** are the heads of the title: the first concept of each coordinated part ("jalan dan
jembatan" → road, bridge), not one that comes after a place or purpose word once the part has named its own
object ("gapura batas dusun dekat pustu" → gate; "papan nama dekat puskesmas" → the unknown word "papan",
never the health centre), nor an institution that follows an object the lexicon does not know: it is where the
object goes ("alat pembakar limbah medis puskesmas" is about the unknown "pembakar"; a nominalised action such as
"perluasan puskesmas" names no object and "ruang rawat inap puskesmas" a part of its building, so there the
health centre is the head). Without a concept in the title, the activity, then the sub-activity, then the
programme name give them; without any, the first unknown noun of the title is kept as the head. A general head
whose field names what it is for is the specific kind ("perahu motor untuk nelayan" → fishing boats: lexicon
`qualifiers`).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from forum.services.overlap import places as placing
from forum.services.overlap.lexicon import (
    EVENT,
    MAX_PHRASE,
    NOT_OBJECT,
    VOWELS,
    corrected,
    dictionary,
    in_context,
    lexicon,
    source,
    split_compound,
    stem,
    truncated,
)

# Raised by hand when the analysis below changes what a signature holds or how it reads a text; a change of the
# lexicon file changes the version by itself (`version`).
ANALYSIS_VERSION = 96
# How much of a proposal's description is read: the words that tell its work come first; a long body's tail
# (up to the contract's 5,000 characters) would only add incidental words and analysis time.
MAX_BODY_READ = 1000

# Words between coordinated parts: each part names its own object. "sekaligus", "beserta" and "merangkap" join two
# objects of one work ("balai warga sekaligus posyandu", a hall that doubles as the health post).
SEPARATORS = frozenset({",", ";", "(", ")", "/", "&", "+", "dan", "serta", "atau", "maupun", "-", ":", "sekaligus",
                        "beserta", "merangkap"})
_TOKEN = re.compile(r"[a-z0-9]+|[,;()/&+:]|(?<= )-(?= )")
_REDUP = re.compile(r"\b([a-z]+)-\1\b")
_REDUP_DIGIT = re.compile(r"\b([a-z]{3,})2(an|nya)?\b")  # "rumah2", "obat2an": the informal plural, its suffix kept


def _fold(match: re.Match) -> str:
    word, suffix = match.group(1), (match.group(2) if match.re is _REDUP_DIGIT else None) or ""
    whole = f"{word} {word}{suffix}"
    return whole if whole in lexicon().reduplications else word + suffix


def tokens(text: str) -> list[str]:
    """Words and separators of a text, normalised, typos of lexicon words corrected."""
    return [corrected(t) if t.isalpha() else t for t in raw_tokens(text)]


_SEI = re.compile(r"\bsei\b")
_RIVER_INITIAL = re.compile(r"(?<![\w.])(?:s|sg)\.\s+(?=[a-z]{3,})")  # "jembatan S. Kedondong", "Sg. Lumut": a river
_QURAN = re.compile(r"\bal[\s-]*qur'?['’]?an\b")  # "Al-Qur'an", "Al Quran": one word, its "al" no article of a name
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_DASH = re.compile(r"\s+-\s+|–|—")
_ABBREVIATION_DOT = re.compile(r"(?<=[a-z])\.(?=\s|$)")
_CUT_SHORT = re.compile(r"(?<![a-z.])([a-z]{4,})\.(?=\s+\S)")  # "pemb. gedung": a word cut short, then its dot
_UNTIL = re.compile(r"\bs\s*/\s*d\b")  # "s/d" (sampai dengan): a range, not two coordinated parts
_HYPHENED = re.compile(r"([a-z0-9]+)-(?=([a-z0-9]+))")
# "2 (dua) unit", "Sungai Sepauk 4 (empat)": official writing spells a number out after its digits; one number
_NUMBER_WORDS = ("nol|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|belas|puluh|"
                 "ratus|ribu")
_SPELLED_OUT = re.compile(rf"(?<=\d)\s*\(\s*(?:(?:{_NUMBER_WORDS})\b\s*)+\)")


def _cut_short(match: re.Match) -> str:
    return truncated(match.group(1), dotted=True) or match.group(0)


_SENTENCE_END = re.compile(r"(?<![A-Za-z])([A-Za-z]{4,})\.\s+(?=[A-Z][a-z])")
SENTENCE_WORDS = 3  # words of a sentence up to its dot at least ("Rehab. Gedung SD": a work word cut short)


def _sentences(text: str) -> str:
    """A Musrenbang text's sentences ended by a clause break ("... mohon jembatan dibangun. Alasannya setiap musim
    hujan jalan ke sekolah becek"): the second says why, never what is asked for. A dot ends a sentence after a
    whole word (no word cut short, no abbreviation) that ends a sentence of three words or more, before a capital."""
    def end(match: re.Match) -> str:
        word = match.group(1).lower()
        opened = max(text.rfind(mark, 0, match.start()) for mark in ".;:,") + 1
        whole = any(w in dictionary() or w in lexicon().known for w in (word, stem(word))) \
            and word not in lexicon().abbreviations  # "direvitalisasi": a word whose stem is one
        long_enough = len(text[opened:match.end(1)].split()) >= SENTENCE_WORDS
        return f"{match.group(1)} ; " if whole and long_enough and not truncated(word, dotted=True) else match.group(0)
    return _SENTENCE_END.sub(end, text) if ". " in text else text


def raw_tokens(text: str) -> list[str]:
    """Words and separators of a text, normalised (see the module docstring)."""
    text = _sentences(text or "").lower()
    if not text:
        return []
    text = _REDUP.sub(_fold, text)
    text = _REDUP_DIGIT.sub(_fold, text)
    text = _SEI.sub("sungai", text)
    text = _RIVER_INITIAL.sub("sungai ", text)
    text = _QURAN.sub("alquran", text)
    text = _INNER_HYPHEN.sub(" ", text)  # "se-Kecamatan", "Paloh-Nibung"
    text = _DASH.sub(" - ", text)
    text = _CUT_SHORT.sub(_cut_short, text)  # "Pemb. gedung posy." → pembangunan gedung posyandu
    text = _ABBREVIATION_DOT.sub(" ", text)  # "Lap. sepak bola", "Kec. Badau"
    text = _UNTIL.sub(" sampai ", text)
    text = _SPELLED_OUT.sub(" ", text)
    short = lexicon().abbreviations
    # "kantor kec" → kantor kecamatan, "gg" → gang; "handtraktor" → hand traktor
    return [w for t in _TOKEN.findall(text) for w in short.get(t) or split_compound(t)]


# The clause map: the role each word of a field plays in its sentence, one letter a word (stored for the title's
# sequence as Features.title_roles, where the scoring reads it); in capitals for a word written plain (`_plain_words`).
ASKS = "a"  # what is asked for, and any word of a title that is no sentence (most titles)
WHY = "w"  # a clause saying why or when ("karena ...", "agar ...", "sebelum ..."): `clause_map`
LISTING = "l"  # a word that lists places ("Desa A dan B", "di 3 desa"): `_listing`
LANDMARK = "m"  # a word of position (lexicon landmark_words): what it names is a landmark ("dekat gereja")
WHY_LANDMARK = "n"  # a word of position inside a clause saying why ("karena sinyal hanya ada dekat gereja, ...")
REASON_ROLES = frozenset({WHY, WHY_LANDMARK})


@dataclass
class Features:
    """What the scorer compares, for one item (computed once, stored as a signature)."""
    kinds: frozenset = frozenset()  # concept ids of the heads
    unknown: frozenset = frozenset()  # head words not in the lexicon (when there is no concept head)
    topics: frozenset = frozenset()  # every concept named anywhere in the compared texts
    # the concepts a request names in the reason it gives ("... karena kampung kami kumuh"): why, not what, is asked
    reason_topics: frozenset = frozenset()
    words: frozenset = frozenset()  # content stems of title, activity, problem and body (no places, no fillers)
    title_words: frozenset = frozenset()
    commodities: frozenset = frozenset()
    numbers: frozenset = frozenset()  # institution numbers ("SD Negeri 9" → 9)
    sections: frozenset = frozenset()  # sections, lots and units of an asset ("ruas 2" → "ruas:2", "blok A" → "blok:a")
    phase: str = ""  # the phase the item funds (`_funded_phase`): study, supervision, land, or "" (the works)
    work: str = ""  # training, physical, both (the object and training beside it: `_training_beside`) or ""
    corrected: frozenset = frozenset()  # typo → word, as "typo>word"
    mentions: frozenset = frozenset()  # (district, village) named in title/activity
    district_mentions: frozenset = frozenset()
    area: bool = False
    title_seq: tuple = ()  # the title's words in order (no places, no separators): abbreviations are read on it
    title_roles: str = ""  # the clause map of `title_seq`, a role letter per word (`clause_map`); "" when all ask
    route_ends: frozenset = frozenset()  # the words of two ends the title links by a hyphen or a dash (`_route_ends`)
    lists: bool = False  # the title lists the places it covers ("Desa A, B dan C", "Desa A, B, C": `_listing`)
    code: str = ""  # a nomenclature code pasted into the title ("1.03.10.2.01.0017 Pembangunan …"): `title_code`

    @cached_property
    def initials(self) -> frozenset:
        """The first letters of the title's words (an abbreviation starts with one of them)."""
        return frozenset(w[0] for w in self.title_seq)

    @cached_property
    def reasons(self) -> frozenset:
        """The positions of `title_seq`'s words that say why or when (`clause_map`), not what is asked for."""
        return frozenset(i for i, role in enumerate(self.title_roles) if role.lower() in REASON_ROLES)

    @cached_property
    def landmarks(self) -> frozenset:
        """The positions of `title_seq`'s words of position: what is named right after one is a landmark."""
        return frozenset(i for i, role in enumerate(self.title_roles) if role.lower() in (LANDMARK, WHY_LANDMARK))

    @cached_property
    def plain(self) -> frozenset:
        """The positions of `title_seq`'s words written plain where the title writes names capitalised
        (`_plain_words`): no proper name ("antrean sampai ke teras")."""
        return frozenset(i for i, role in enumerate(self.title_roles) if role.isupper())

    @cached_property
    def acronyms(self) -> tuple:
        """The title's words that are no Indonesian word and may abbreviate others ("rs", "bumdes", "jln")."""
        return tuple(w for w in self.title_seq if is_abbreviation_like(w))



def is_abbreviation_like(token: str) -> bool:
    """A written token that is no Indonesian word: an acronym ("rs", "bumdes", "smpn") or a contraction ("jln");
    a two-letter one has no vowel ("di" and "ke" are words)."""
    return (token.isalpha() and 2 <= len(token) <= 8 and token not in dictionary() and token not in lexicon().fillers
            and (len(token) > 2 or not VOWELS & set(token)))


@dataclass
class _Field:
    words: list[str]
    stems: list[str]
    concepts: list = field(default_factory=list)  # (start, end, concept id)
    is_place: list = field(default_factory=list)
    typos: list = field(default_factory=list)  # (as written, read as)
    spans: tuple | None = None  # (phase, work) phrases outside concepts, (start, end, value): `_phase_work`
    lacking: set = field(default_factory=set)  # where "yang (belum) punya" opens what the people before it lack
    clause_spans: list | None = None  # (start, end) of each clause, found once: `_clauses`
    roles: list | None = None  # the role of each word in the field's sentence, found once: `clause_map`
    hyphens: set = field(default_factory=set)  # k where the text joined words k and k + 1 by a hyphen ("Paloh-Nibung")
    named: set = field(default_factory=set)  # k of a common word inside a name no region list holds: `_names_common`
    names: list = field(default_factory=list)  # whether each word is part of a name (`places.named_words`)


def _phase_work(f: _Field) -> tuple[list, list]:
    """The field's phase and work phrases outside its concepts, found once (heads and analyse both read them)."""
    if f.spans is None:
        lex = lexicon()
        outside = _outside_concepts(f)
        phases, works = ([span for span in index.find_all(*outside) if not _negated(f.words, span[0])
                          and not _oversight(f, span)] for index in (lex.phase_phrases, lex.work_phrases))
        # a phase word right after a training word is what is taught ("pelatihan desain motif", "bimtek penyusunan
        # DED"): the item funds the training, no design study
        works = [span for span in works if span[2] != "training" or not _done(f.words, span[0])]
        taught = {end for _start, end, value in works if value == "training"}
        phases = [span for span in phases if span[0] not in taught]
        f.spans = (sorted(phases + _phases_by_verb(f, outside[0], phases)), works)
    return f.spans


def _phases_by_verb(f: _Field, words: list[str], found: list) -> list[tuple[int, int, str]]:
    """The phases a passive verb behind its object names ("mohon tanah untuk jalan lingkar diadakan": pengadaan
    tanah, land; lexicon `phase_verbs`): the object that opens what a clause asks for (no other content word and no
    kind named before it) and makes a phase phrase of two or more words with the verb's work word, where no phase
    is written already. A clause saying why ("... karena tanah belum diadakan") asks for nothing."""
    lex = lexicon()
    if found or not any(w in lex.phase_verbs for w in words):
        return []
    for start, end in (_without_who_asks(f, c) for c in _clauses(f)):  # "karang taruna meminta tanah ... diadakan"
        if f.words[start] in lex.subordinators - lex.request_complements and not _asks_explicitly(f, (start, end)):
            continue  # a purpose word may open what is asked ("mohon bapak/ibu agar tanah ... diadakan")
        for j in range(start, end):
            work = lex.phase_verbs.get(words[j])
            for i in range(start, j) if work and not _negated(f.words, j) else ():
                if words[i] == ",":
                    break  # a kind named first is the object ("mesin pompa ... lahan ... diadakan")
                hit = lex.phase_phrases.match_at([work, *words[i:j]], [stem(work), *f.stems[i:j]], 0)
                if hit and hit[0] > 1:
                    return [(i, i + hit[0] - 1, hit[1])]
                if _is_content(f.words[i], f.stems[i]):
                    break
    return []


def _oversight(f: _Field, span: tuple[int, int, str]) -> bool:
    """Whether a supervision phrase oversees an action other than works ("Pengawasan Penggunaan Sarana Pendukung
    Pertanian", "Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa": an agency's standing duty, as the
    nomenclature names it), not the supervision of construction ("pengawasan pembangunan jembatan", "pengawasan
    jalan"): the next word is a nominalised action that is no work or phase word."""
    start, end, value = span
    if value != "supervision" or end >= len(f.words):
        return False
    lex = lexicon()
    word, stemmed = f.words[end], f.stems[end]
    return (_is_action(word, stemmed) and lex.work_phrases.match_at(f.words, f.stems, end) is None
            and lex.phase_phrases.match_at(f.words, f.stems, end) is None)


DONE_REACH = 3  # words before a training word in which a word of what was done says it was had already


def _done(words: list[str], start: int) -> bool:
    """Whether the phrase at `start` is what was done already (lexicon `done_words`: "yang sudah pernah ikut kursus",
    "telah dilatih"): who the item is for has had it; it is not asked for."""
    return not lexicon().done_words.isdisjoint(words[max(0, start - DONE_REACH):start])


def _negated(words: list[str], start: int) -> bool:
    """Whether the phrase at `start` follows a negation ("tanpa pengawasan", "belum ada sosialisasi"): what is
    missing, not what is asked for."""
    negations = lexicon().negations
    before = words[max(0, start - 2):start]
    return bool(before) and (before[-1] in negations or (before[-1] == "ada" and before[0] in negations))


def _analyse_field(text: str, regency: str, mentions: placing.Mentions | None, readings: dict | None = None) -> _Field:
    written = _read_short_forms(raw_tokens(text), readings or {})
    if not written:  # an empty field (most items fill two or three of five): nothing to find
        return _Field([], [])
    found = _places(written, regency)
    named = placing.named_words(written)  # "Simba Raya", "Dusun Simba": a name, not "simda" misspelt
    raw = [corrected(t) if t.isalpha() and not named[k] else t for k, t in enumerate(written)]
    if mentions is not None:
        mentions.villages |= found.villages
        mentions.districts |= found.districts
        mentions.area |= found.area
    is_place = [False] * len(raw)
    for start, end in found.spans:
        for k in range(start, end):
            is_place[k] = True
    _read_in_context(written, raw, [p or n for p, n in zip(is_place, named, strict=True)])
    _road_written_short(raw, is_place)
    stems = [stem(w) for w in raw]
    f = _Field(raw, stems, is_place=is_place, typos=[(w, r) for w, r in zip(written, raw, strict=True) if w != r])
    lex = lexicon()
    hyphened = set(_HYPHENED.findall((text or "").lower()))
    f.hyphens = {k for k in range(len(raw) - 1) if (raw[k], raw[k + 1]) in hyphened}
    f.named = _names_common(raw, named, _plain_words(text))
    f.names = named
    i = 0
    while i < len(raw):
        if is_place[i]:
            i += 1
            continue
        hit = lex.concept_phrases.match_at(raw, stems, i)
        if hit and hit[0] == 1 and (_prefixes_name(raw, i, hyphened) or _describes(raw, stems, is_place, i)
                                    or _passive_of_term(raw, i)):
            i += 1
            continue
        if hit and any(is_place[i:i + hit[0]]):
            # "Dermaga Sungai Mawang": "dermaga sungai" reaches into the place name; the words before it name the object
            end = is_place.index(True, i)
            hit = lex.concept_phrases.match_at(raw[:end], stems[:end], i) if end > i else None
        passed = _passed_over(f, i, hit) if hit else 0
        if passed:
            i += passed
            continue
        compound = lex.english_compound(raw, i)
        if compound and (hit is None or hit[0] < 2):  # "Water Tower": the compound, not the lone "tower"
            hit = (2, compound)
        if hit and hit[1] != NOT_OBJECT and _english_modifier(raw, stems, i, hit[0]):
            i += hit[0]  # "Solar cell street light": English names the head last, the lights
            continue
        if hit and hit[1] == NOT_OBJECT:  # "UKM dan UKP" (health services, not small businesses): skipped
            for k in range(i, i + hit[0]):
                is_place[k] = True  # read past as a place name is: never an object, never compared
            i += hit[0]
        elif hit and not any(is_place[i:i + hit[0]]):
            f.concepts.append((i, i + hit[0], hit[1]))
            i += hit[0]
        else:
            i += 1
    _phases_not_objects(f)
    _who_lacks(f)
    _named_after_its_asset(f, found.spans)
    return f


def _describes(raw: list[str], stems: list[str], is_place: list[bool], i: int) -> bool:
    """Whether the one-word term at `i` is an adjective of the noun right before it (lexicon `adjective_terms`: "padi
    ladang lokal", local rice, no classroom); after a number or a work word it is the term ("rehab 2 lokal")."""
    return (raw[i] in lexicon().adjective_terms and i > 0 and not is_place[i - 1]
            and _is_content(raw[i - 1], stems[i - 1]))


def _passive_of_term(raw: list[str], i: int) -> bool:
    """Whether the word at `i` is a passive verb a one-word term matches only through its root ("ditanami": tanam;
    "lahan itu ditimbun dan ditanami"): the work done on the object named before it, no object of its own (a verb made
    of an object's name is read by lexicon `object_verbs`)."""
    word = raw[i]
    return (word.startswith("di") and len(word) > 4 and stem(word) != word
            and (word,) not in lexicon().concept_phrases.surface)


def _named_after_its_asset(f: _Field, spans) -> None:
    """A village named after the asset it grew around (a ditch's name, "Parit X"; a river's, "Sungai Y"), written
    right after the work word with nothing else named ("normalisasi Parit X", "korek parit X"): the work is done on
    that asset, whose word opens the name — read so, in place, where the field names no object of its own (an
    instrument is none: "pakai excavator"). After a place word ("Desa Parit X") the name is the village."""
    lex = lexicon()
    if any(not (s and f.words[s - 1] in lex.instruments) for s, _e, _c in f.concepts):
        return  # an object of its own ("pakai ekskavator" is how the work is done, no object)
    for start, end in spans:
        before = start - 1
        if end - start < 2 or before < 0 or lex.work_phrases.match_at(f.words, f.stems, before) is None:
            continue
        hit = lex.concept_phrases.match_at([f.words[start]], [f.stems[start]], 0)
        if hit and hit[1] != NOT_OBJECT:
            f.concepts.append((start, start + 1, hit[1]))
            f.is_place[start] = False
            return


def _places(written: list[str], regency: str) -> placing.Mentions:
    """The places a field names, once a short form that is "until" there is read so (`_until_between`): "sampai"
    names the place after it."""
    found = placing.mentions(written, regency)
    return placing.mentions(written, regency) if _until_between(written, found) else found


def _until_between(written: list[str], found: placing.Mentions) -> bool:
    """Reads, in place, a short form that is also "until" (lexicon `until_short`) as "sampai" where it stands between
    two ends of a stretch: after a number or a place, before a place, a place or section word, or a number after a
    number ("km 3 sd km 5", "Sahan smp Mayak"); "SMP 2 Sahan", "SD dan SMP" stay schools. Whether one was read."""
    lex = lexicon()
    is_place = [False] * len(written)
    for start, end in found.spans:
        is_place[start:end] = [True] * (end - start)
    ends = lex.place_words | lex.section_words
    read = False
    for k in range(1, len(written) - 1):
        if written[k] not in lexicon().until_short:
            continue
        before, after = written[k - 1], written[k + 1]
        if (before.isdigit() or is_place[k - 1]) and (is_place[k + 1] or after in ends
                                                       or (after.isdigit() and before.isdigit())):
            written[k], read = "sampai", True
    return read


def _prefixes_name(raw: list[str], i: int, hyphened: set) -> bool:
    """Whether the one-word short form at `i` is written joined by a hyphen to a term of another kind that it
    prefixes ("RS-Rutilahu": the social rehabilitation of substandard houses, no hospital): the name is the later
    term's; two short forms of one kind joined so ("SD-SMP satu atap") stay both."""
    if i + 1 >= len(raw) or (raw[i], raw[i + 1]) not in hyphened or not is_abbreviation_like(raw[i]):
        return False
    lex = lexicon()
    own = lex.concept_phrases.match_at([raw[i]], [stem(raw[i])], 0)
    later = lex.concept_phrases.match_at(raw, [stem(w) for w in raw], i + 1)
    return bool(own and later and later[1] != NOT_OBJECT
                and own[1].split(".", 1)[0] != later[1].split(".", 1)[0])


def _passed_over(f: _Field, i: int, hit: tuple[int, str]) -> int:
    """How many words of the lexicon phrase `hit` at `i` are passed over as naming no object (0: it names one): after
    a place word it opens the place's name ("Dusun Parit Wak Dalek", "Kelurahan Pasar Baru": hamlets the place list
    does not know); a one-word term that is a work word names the work on the object after it ("penanaman bibit
    mangrove", `_works_on_next`); a work word or action that opens a phrase gives way to the object's longer name
    starting inside it ("renovasi rumah panjai", "penataan ruang terbuka hijau": `_yields`)."""
    words, stems, length = f.words, f.stems, hit[0]
    if i and words[i - 1] in lexicon().place_words and not f.is_place[i - 1] and hit[1] != NOT_OBJECT:
        return length
    if length == 1 and _works_on_next(words, stems, i):
        return 1
    return 1 if length > 1 and _yields(words, stems, i, length) else 0


def _works_on_next(words: list[str], stems: list[str], i: int) -> bool:
    """Whether a one-word term at `i` that is also a physical work word ("penanaman", "peremajaan") is the work done
    on the object named right after it, past a number ("penanaman 5.000 bibit mangrove", "peremajaan kebun karet")."""
    lex = lexicon()
    work = lex.work_phrases.match_at(words, stems, i)
    j = next((k for k in range(i + 1, len(words)) if not words[k].isdigit()), len(words))  # "penanaman 5.000 bibit"
    after = lex.concept_phrases.match_at(words, stems, j) if j < len(words) else None
    return bool(work and work[1] == "physical" and after and after[1] != NOT_OBJECT)


def _english_modifier(words: list[str], stems: list[str], i: int, length: int) -> bool:
    """Whether the English term at `i` modifies an English term right after it ("solar cell street light", "speed
    boat ambulance"): English names the head last. Both terms are written in English (each word an English word of
    the lexicon or no Indonesian word, one English word at least), the second ending on an English word."""
    lex = lexicon()
    after = lex.concept_phrases.match_at(words, stems, i + length) if i + length < len(words) else None
    if not after or after[1] == NOT_OBJECT:
        return False
    first, second = words[i:i + length], words[i + length:i + length + after[0]]
    roots = dictionary()
    written_in_english = all(w in lex.english or w not in roots for w in first + second)
    return written_in_english and any(w in lex.english for w in first) and second[-1] in lex.english


def _phases_not_objects(f: _Field) -> None:
    """A word that is both a phase and an object of the lexicon ("SID": survei investigasi desain, or the village
    information system) is the phase where the field names another object or spells out a phase: "SID irigasi",
    "Survei Investigasi dan Desain (SID) daerah irigasi" are design studies of irrigation, not information systems."""
    phases = lexicon().phase_phrases
    ambiguous = [c for c in f.concepts if c[1] - c[0] == 1 and (f.words[c[0]],) in phases.surface]
    for concept in ambiguous:
        others = [c for c in f.concepts if c[2] != concept[2]]
        spelled = any(start != concept[0] for start, _e, _v in phases.find_all(f.words, f.stems))
        if others or spelled:
            f.concepts.remove(concept)


ROAD = "jalan"


def _road_written_short(raw: list[str], is_place: list[bool]) -> None:
    """"Jl."/"jln" read as "jalan" where it makes a longer lexicon phrase with its neighbour as written ("jl. usaha
    tani", "jln produksi", "lampu jl.", "penerangan jl. umum"), in place; elsewhere it stays the road term it is (a
    neighbour is never read as a contraction continuing a road phrase: "jln prt" is the lane by the canal)."""
    lex = lexicon()
    for k, word in enumerate(raw):
        if word == ROAD or word not in lex.road_words or is_place[k]:
            continue
        after = raw[k + 1:k + MAX_PHRASE]
        if after and not VOWELS.isdisjoint(after[0]):  # "jl. usah tani": a slip read between "jalan" and "tani"
            after[0] = in_context(ROAD, after[0], after[1] if len(after) > 1 else "") or after[0]
        trial = [*raw[max(0, k - 1):k], ROAD, *after]
        at = min(k, 1)  # where "jalan" stands in `trial`
        stems = [stem(w) for w in trial]
        longer = [hit for start in range(at + 1) for hit in [lex.concept_phrases.match_at(trial, stems, start)]
                  if hit and hit[1] != NOT_OBJECT and start + hit[0] > at and hit[0] > 1]
        if longer:
            raw[k] = ROAD
            if after and not is_place[k + 1]:
                raw[k + 1] = after[0]




def _who_lacks(f: _Field) -> None:
    """The people a part names before "yang belum punya", "yang butuh" are who lacks what it names after ("banyak
    lansia dan warga difabel yang belum punya KTP elektronik"): where a concept follows, the concepts of the clause
    before it are no objects (removed, in place) unless named for them ("WC umum untuk warga yang belum punya
    jamban"), and what is lacked opens a part of its own (`_heads_in`)."""
    lex = lexicon()
    for k, word in enumerate(f.words):
        if word != "yang":
            continue
        negated = k + 1 < len(f.words) and f.words[k + 1] in lex.negations
        j = k + 1 + negated
        if j >= len(f.words) or f.words[j] not in lex.lacking_words or not any(
                j < s <= j + 2 for s, _e, _c in f.concepts):
            continue
        if f.words[j] in lex.having_words and not negated:
            continue  # "... di dusun yang punya mata air": what the site has, no one lacks it
        start = max((i + 1 for i in range(k) if f.words[i] in CLAUSE_BREAKS), default=0)
        # "WC umum untuk warga yang belum punya jamban": an object named for them stays
        who = [c for c in f.concepts if start <= c[0] < k and lex.purpose_words.isdisjoint(f.words[c[1]:k])]
        if who:
            f.concepts = [c for c in f.concepts if c not in who]
            f.lacking.add(k)


def _read_in_context(written: list[str], raw: list[str], is_place: list[bool]) -> None:
    """Contractions and slips read with their neighbours ("lantai jmr", "puskesmas pembntu": lexicon.in_context),
    in place; place names stay as written."""
    for k, word in enumerate(written):
        if is_place[k] or not word.isalpha():
            continue
        previous = raw[k - 1] if k else ""
        following = raw[k + 1] if k + 1 < len(raw) else ""
        reading = in_context(previous, word, following)
        if reading:
            raw[k] = reading


def _yields(words: list[str], stems: list[str], i: int, length: int) -> bool:
    """Whether a phrase at `i` that opens with a work word or a nominalised action ("renovasi rumah", "penataan
    ruang") gives way to a phrase starting inside it that reaches further ("rumah panjai", "ruang terbuka hijau");
    a name that opens with a plain noun keeps its words ("mesin diesel listrik")."""
    lex = lexicon()
    # a derived word that names a thing of its own (`distinct_derivations`) is no action: "penerangan jalan desa" is
    # the lighting, not the lighting of a "jalan desa"
    action = _is_action(words[i], stems[i]) and words[i] not in lex.concept_phrases.literal
    if not (action or lex.work_phrases.match_at(words, stems, i) is not None):
        return False
    for j in range(i + 1, i + length):
        other = lex.concept_phrases.match_at(words, stems, j)
        if other and other[1] != NOT_OBJECT and j + other[0] > i + length:
            return True
    return False


def _is_content(word: str, stemmed: str) -> bool:
    lex = lexicon()
    return (word.isalpha() and len(word) >= 3 and word not in lex.fillers and stemmed not in lex.fillers
            and word not in lex.context and word not in lex.place_words
            and lex.work_phrases.match_at([word], [stemmed], 0) is None
            and lex.phase_phrases.match_at([word], [stemmed], 0) is None)


def _is_action(word: str, stemmed: str) -> bool:
    """A nominalised action ("perluasan", "pengecatan"): pe(N)-/per- ... -an around a different stem."""
    return word.startswith("pe") and word.endswith("an") and stemmed != word


def _content(f: _Field, skip: set[int] = frozenset()) -> set[str]:
    """The stems of the field's content words (no places, fillers, work or phase words), but those at `skip`."""
    return {s for k, (w, s, p) in enumerate(zip(f.words, f.stems, f.is_place, strict=True))
            if not p and k not in skip and _is_content(w, s)}


CLAUSE_BREAKS = frozenset({",", ";"})
ASKED_REACH = 3  # words from an asking word to "agar"/"supaya" that opens what is asked ("mohon dengan hormat agar")


def _clauses(f: _Field) -> list[tuple[int, int]]:
    """The (start, end) of each clause of a field, split at commas and semicolons, and before a
    subordinator that opens a clause without a comma ("mohon diperbaiki karena banyak tamu datang ..."); a purpose
    word right after an asking word opens what is asked for, not a reason ("kami memohon supaya jalan diaspal":
    lexicon `request_complements`), and stays in the asking clause. Found once per field."""
    if f.clause_spans is None:
        f.clause_spans = _split_clauses(f)
    return f.clause_spans


def _split_clauses(f: _Field) -> list[tuple[int, int]]:
    lex = lexicon()
    out, start = [], 0
    for i, word in enumerate(f.words):
        if word in CLAUSE_BREAKS:
            out.append((start, i))
            start = i + 1
        elif word in lex.subordinators and i > start and not _asks_by(f, i) and not _now_at(f.words, i):
            out.append((start, i))
            start = i
        elif i > start + 1 and f.words[start] in lexicon().temporal_words and _passive_work(f, i) \
                and not any(_passive_work(f, k) for k in range(start + 1, i)):
            out.append((start, i + 1))  # "sebelum TPA dibangun | di desa kami dibuat jalan masuk"
            start = i + 1
    out.append((start, len(f.words)))
    return [c for c in out if c[0] < c[1]]


def _passive_work(f: _Field, i: int) -> bool:
    """Whether a passive work verb stands at `i` ("dibangun", "diperbaiki")."""
    return f.words[i].startswith("di") and lexicon().work_phrases.match_at(f.words, f.stems, i) is not None


def _now_at(words: list[str], i: int) -> bool:
    """Whether "now" stands at `i`: "sekarang", "kini", "saat ini", "selama ini"."""
    lex = lexicon()
    return words[i] in lex.now_words or (words[i] in lex.now_openers and i + 1 < len(words) and words[i + 1] == "ini")


def _tells_now(f: _Field, clause: tuple[int, int]) -> bool:
    """Whether a clause says how things are done now and asks for nothing ("..., penyeberangan sekarang pakai motor
    air"): the present state or its workaround, not the request."""
    return any(_now_at(f.words, k) for k in range(*clause)) and not _asks_explicitly(f, clause)


def _asks_by(f: _Field, i: int) -> bool:
    """Whether the purpose word at `i` opens what an asking word just before it asks for ("memohon dengan hormat
    supaya jalan diaspal", "mohon agar ..."): no object and no work named between them ("mohon dibangun tower
    supaya ...", "mohon diganti supaya ...": there it says why)."""
    lex = lexicon()
    if f.words[i] not in lex.request_complements:
        return False
    inside = {k for s, e, _c in f.concepts for k in range(s, e)}
    for k in range(i - 1, max(-1, i - 1 - ASKED_REACH), -1):
        if k in inside or (_opens_work(f, k) and f.words[k] not in lex.requests):
            return False
        if f.words[k] in lex.requests:
            return lex.work_phrases.match_at(f.words, f.stems, k) is None
    return False


def _described_heads(f: _Field) -> tuple[list[str], list[str]]:
    """The heads of a description (several sentences, told rather than asked): those of `_heads`, and where they
    are several kinds, those its first clause naming one gives — "Jembatan gantung ... putus, anak sekolah
    menyeberang pakai sampan" is about the bridge; the school is who suffers."""
    heads, unknown = _heads(f)
    if len(heads) > 1:
        for clause in _clauses(f):
            first = _heads_in(f, [clause])[0]
            if first:
                return [h for h in heads if h in first] or first, unknown
    return heads, unknown


def _heads(f: _Field) -> tuple[list[str], list[str]]:
    """(concept heads, unknown head words) of one field (`_read_heads`), or the structure a passive verb builds beside
    the object they name (`_built_beside`: "mohon sekolah SD 5 dipagar" asks for a fence)."""
    heads, unknown = _read_heads(f)
    built = _built_beside(f, heads)
    return (built, []) if built else (heads, unknown)


def _built_beside(f: _Field, heads: list[str]) -> list[str]:
    """The kind of the structure a passive verb of the request builds beside its object (lexicon `structure_verbs`:
    "mohon sekolah dipagar", "parit itu dijembatani"), where the field names an object and the structure is no part
    of it ("parit ... ditalud" lines the ditch itself: no other kind); not in a clause saying why, nor negated."""
    lex = lexicon()
    why = _saying_why(f)
    for k, word in enumerate(f.words):
        if word not in lex.structure_verbs or k in why or _negated(f.words, k):
            continue
        words = lex.object_verbs.get(word, ())
        hit = lex.concept_phrases.match_at(list(words), [stem(w) for w in words], 0) if words else None
        if hit and hit[1] != NOT_OBJECT and not any(lex.related(hit[1], h) for h in heads):
            return [hit[1]]
    return []


def _read_heads(f: _Field) -> tuple[list[str], list[str]]:
    """(concept heads, unknown head words) of one field: see the module docstring. A sentence of several clauses
    (Musrenbang style) is read for its request: a clause that opens with a subordinator ("agar ibu hamil tidak jauh
    ke puskesmas, mohon dibangun poskesdes", "karena sering banjir, ...") says why or when, not what; and where a
    clause asks for something ("minta", "mohon", "dibangun"), the heads come from it ("warga kesulitan air bersih,
    minta dibangun sumur bor"). Without a kind of work there, the whole field is read as before."""
    clauses = _clauses(f)
    lex = lexicon()
    # a clause that opens with a subordinator says why or when, unless it asks itself ("..., sehingga kami memohon
    # bantuan rehabilitasi": the result the sentence comes to is the request)
    kept = [c for c in clauses if f.words[c[0]] not in lex.subordinators or _asks_explicitly(f, c)] \
        if len(clauses) > 1 else clauses
    # a clause telling how things are done now ("..., penyeberangan sekarang pakai motor air") is not the request
    kept = [c for c in kept if not _tells_now(f, c)] or kept if len(kept) > 1 else kept
    asking = [c for c in kept if any(_asking_word(f, k) for k in range(*c))]
    # who asks before an active asking word ("pemuda desa minta bantuan buku") is read last: its kind is the object
    # only where what is asked names none ("pokdarwis mengusulkan pembangunan penginapan": the tourist site's)
    trimmed = [_without_who_asks(f, c) for c in kept]
    asked = [c for c in trimmed if any(_asking_word(f, k) for k in range(*c))]
    # what is asked for stands after the asking word; who asks stands before it ("kader posyandu minta makanan
    # tambahan untuk balita" asks for food, "pedagang minta perbaikan los" for the stalls, not for traders)
    objects = [(start, c[1]) for c in asking for start in [_after_request(f, c)] if start < c[1]]
    for chosen in (objects, asked, trimmed, asking, kept):
        if chosen and chosen != clauses:
            heads, unknown = _heads_in(f, chosen)
            if heads:
                return heads, unknown
            if chosen is objects:
                # work asked for with no object is done on the sentence's topic; an object named short is the kind
                # its name begins that the sentence names in full
                topic = _named_short(f, unknown[0]) if unknown else _worked_on_topic(f, objects)
                if topic:
                    return topic, []
    verbed = _named_by_verb(f, kept)
    if verbed and not _heads_in(f, kept)[0]:
        return verbed, []  # "mohon tebing sungai ditalud karena jalan ke sekolah ...": the retaining wall
    heads, unknown = _heads_in(f, clauses)
    if not heads:  # no object named anywhere: the request's work may name it with the topic of the sentence
        heads = next((kind for start, end in objects for kind in [_worked_on_before(f, start, end)] if kind), [])
    return heads, unknown


def _without_who_asks(f: _Field, clause: tuple[int, int]) -> tuple[int, int]:
    """The clause from its first asking word on where that word asks actively for what follows it ("pemuda desa minta
    bantuan buku", "pengurus masjid meminta ada bantuan makanan"): the words before it are who asks, never the object,
    even where what is asked names no kind the lexicon knows. Where a passive verb follows ("jembatan itu mohon segera
    diperbaiki") or the asking word is passive itself ("... sangat dibutuhkan"), the object may stand before it and
    the clause is kept whole."""
    lex = lexicon()
    for i in range(*clause):
        if not _asking_word(f, i):
            continue
        if i == clause[0] or f.words[i] not in lex.active_requests:
            return clause  # passive, or a noun or a word of a name ("TPI Harapan", "alat bantu dengar")
        after = next((k for k in range(i + 1, clause[1]) if f.words[k] not in lex.fillers
                      and f.words[k] not in lex.request_complements and not f.is_place[k]), None)
        if after is None or f.words[after].startswith("di") or f.words[after] in lex.requests:
            return clause
        if not any(_is_content(f.words[k], f.stems[k]) and not f.is_place[k] for k in range(after, clause[1])):
            return clause  # "pengurus masjid minta bantuan": nothing named after it, the help is for the mosque
        return i, clause[1]
    return clause


def _named_by_verb(f: _Field, clauses: list[tuple[int, int]]) -> list[str]:
    """The kind the first passive verb made of an object's name in `clauses` names ("ditalud": a retaining wall;
    lexicon `object_verbs`), or of an -isasi work with the clause's object (`_worked_by_verb`), or none."""
    lex = lexicon()
    for start, end in clauses:
        for k in range(start, end):
            words = lex.object_verbs.get(f.words[k])
            hit = lex.concept_phrases.match_at(list(words), [stem(w) for w in words], 0) if words else None
            if hit and hit[1] != NOT_OBJECT:
                return [hit[1]]
            if f.words[k].startswith("di") and f.words[k].endswith("isasi"):
                hit = _worked_by_verb(f, start, k, f.words[k][2:])
                if hit:
                    return [hit]
    return []


def _worked_by_verb(f: _Field, start: int, verb: int, work: str) -> str:
    """The kind the work of a passive verb made of an -isasi noun ("dinormalisasi": normalisasi) names with the object
    that opens its clause ("mohon sungai di kampung kami dinormalisasi": the lexicon's "normalisasi sungai"), or ""."""
    lex = lexicon()
    for i in range(start, verb):
        hit = lex.concept_phrases.match_at([work, f.words[i]], [stem(work), f.stems[i]], 0)
        if hit and hit[0] == 2 and hit[1] != NOT_OBJECT:
            return hit[1]
        if _is_content(f.words[i], f.stems[i]):
            return ""  # the object is another thing ("mohon jalan ke sungai dinormalisasi")
    return ""


def _named_short(f: _Field, head: str) -> list[str]:
    """The kind an unknown head (a stem) names short, where the field names that kind in full elsewhere ("... pintu
    airnya patah, mohon saluran itu diperbaiki": of the kinds a phrase opening with "saluran" names, irrigation and
    drainage, the sentence names irrigation), if exactly one; else none."""
    named = {concept for _s, _e, concept in f.concepts} & lexicon().opened_by(head)
    return list(named) if len(named) == 1 else []


def _asking_word(f: _Field, k: int) -> bool:
    """Whether the word at `k` asks ("minta", "harapan"), not being part of a place's name ("Desa Harapan Jaya")."""
    return f.words[k] in lexicon().requests and not _in_name(f, k)


def _in_name(f: _Field, k: int) -> bool:
    """Whether the word at `k` is part of a place's name: a word there plays no role in the sentence (`clause_map`)."""
    return f.is_place[k] or k in f.named


def _names_common(words: list[str], named: list[bool], plain: frozenset) -> set[int]:
    """The positions of the common words of settlement names (lexicon settlement_words: "harapan", "baru", "raya")
    inside a name the region list does not hold: right after a place or hamlet word ("Dusun Harapan Mulia") or after
    a word of such a name ("Dusun Lubuk Harapan": `places.named_words`). Not one the text writes plain where it
    capitalises names ("... ke Dusun Lubuk, harapan kami ...": `_plain_words`)."""
    lex = lexicon()
    naming = lex.place_words | lex.river_words | lex.hamlet_naming
    out: set[int] = set()
    for k in range(1, len(words)):
        if (words[k] in lex.settlement_words and words[k] not in plain
                and (words[k - 1] in naming or named[k - 1] or k - 1 in out)):
            out.add(k)
    return out


def _asks_explicitly(f: _Field, clause: tuple[int, int]) -> bool:
    """Whether a clause holds an asking word that is no work word and not negated ("mohon", "mengusulkan"; not
    "dibangun", which a clause saying why uses too: "karena jembatan yang dibangun dulu sudah lapuk", nor "supaya
    tidak perlu ...")."""
    lex = lexicon()
    return any(_asking_word(f, k) and lex.work_phrases.match_at(f.words, f.stems, k) is None
               and not _negated(f.words, k) for k in range(*clause))


def _worked_on_topic(f: _Field, objects: list[tuple[int, int]]) -> list[str]:
    """The kind a request names by its work alone ("..., sehingga kami memohon bantuan rehabilitasi", "jadi mohon
    segera diperbaiki") where the sentence opened with its object ("Surau ... atapnya bocor"): a work word in what is
    asked for, no object there, and the first concept of the sentence's first clause (its topic), read as a head is
    (not after a place or purpose word). A work word that makes a lexicon phrase with the topic word comes first
    (`_worked_on_before`)."""
    if not any(_opens_work(f, k) and f.words[k] not in lexicon().requests for s, e in objects for k in range(s, e)):
        return []
    worked = next((kind for start, end in objects for kind in [_worked_on_before(f, start, end)] if kind), [])
    if worked:
        return worked
    first = _clauses(f)[0]
    heads, _unknown = _heads_in(f, [first])
    return heads[:1] if first[1] <= objects[0][0] else []


def _opens_work(f: _Field, i: int) -> bool:
    """Whether a work word or an asking word stands at `i` ("pembangunan", "dibangun", "mohon")."""
    lex = lexicon()
    return i < len(f.words) and (f.words[i] in lex.requests or _is_action(f.words[i], f.stems[i])
                                 or lex.work_phrases.match_at(f.words, f.stems, i) is not None)


def _after_request(f: _Field, clause: tuple[int, int]) -> int:
    """Where the object of a clause's first asking word starts (the clause's start when no word stands before); after
    it, a passive verb of giving moves the object behind itself: what stands before it receives ("mohon puskesmas
    dilengkapi alat USG" asks for the equipment, "minta sekolah diberi pagar" for the fence)."""
    lex = lexicon()
    for i in range(*clause):
        if _asking_word(f, i):
            start = i + 1 if i > clause[0] else clause[0]
            complement = next((j for j in range(i + 1, min(i + 1 + ASKED_REACH, clause[1])) if _asks_by(f, j)), None)
            start = start if complement is None else complement + 1  # "memohon dengan hormat supaya ..."
            given = next((j for j in range(start, clause[1] - 1) if f.words[j] in lex.provisions), None)
            return start if given is None else given + 1
    return clause[0]


def _masks(f: _Field, clauses: list[tuple[int, int]]) -> tuple[list[bool], list[bool]]:
    """(the positions inside `clauses`, the positions of phase and work phrases): "perencanaan teknis", "bimbingan
    teknis": no word of a phase or work phrase is the head ("teknis" was)."""
    inside, skip = [False] * len(f.words), [False] * len(f.words)
    for start, end in clauses:
        for k in range(start, end):
            inside[k] = True
    phases, works = _phase_work(f)
    for start, end, _value in (*phases, *works):
        for k in range(start, end):
            skip[k] = True
    return inside, skip


def _heads_in(f: _Field, clauses: list[tuple[int, int]]) -> tuple[list[str], list[str]]:
    """`_heads` over the words of `clauses` only (the others read as separators). Once a part names an object, a
    context word ends what it names ("pagar dekat puskesmas", "rak untuk perpustakaan": where or for whom), but for
    the few that tell in what the object is kept (context_passed: "budidaya ikan dalam keramba")."""
    lex = lexicon()
    inside, skip = _masks(f, clauses)
    starts = {s: (e, c) for s, e, c in f.concepts}
    heads, unknown = [], []
    done = seen_content = blocked = seen_object = False
    building = None  # where an unknown head that is a building word stands ("rumah")
    named = ""  # a concept the part named after its head, as where it runs ("drainase primer jalan Pasiran")
    described = None  # the head a colon after it describes ("Posyandu Melati: bangunan pelayanan ibu hamil, ...")
    i = 0
    while i < len(f.words):
        word = f.words[i] if inside[i] and i not in f.lacking else ","
        if word in SEPARATORS:
            described = _after_separator(f, i, starts, heads, described, done and not blocked)
            if word not in ("(", ")"):
                # "untuk anjing dan babi": a list after a context word is still where or for whom, unless the next
                # part opens with its own work ("... untuk sekolah dan pembangunan pagar")
                blocked = blocked and word not in CLAUSE_BREAKS and not _opens_work(f, i + 1)
                # "saluran drainase jalan Pasiran - jalan Pantai": a dash between two of the same name words is the
                # stretch the head runs along (from one street to the other), not a second object
                blocked = blocked or (word == "-" and bool(named) and starts.get(i + 1, (0, ""))[1] == named)
                done = seen_content = seen_object = False
                named = ""
            i += 1
            continue
        if i in starts:
            end, concept = starts[i]
            if described is not None:  # a part of the institution described after its colon, no other object
                heads[described] = _specific(heads[described], concept)
            elif not done and not blocked and seen_object and concept in lex.facilities:
                blocked = True  # "pembakar limbah puskesmas": the institution is where the unknown object goes
            elif not done and not blocked:
                heads.append(concept)
                done = True
            elif done and not blocked and _specific(heads[-1], concept) != heads[-1]:
                heads[-1] = concept  # "sekolah TK", "rumah ibadah (masjid)": the specific form names the object
            elif done:
                named = concept
            seen_content = True
            i = end
            continue
        if not f.is_place[i] and not skip[i]:
            # "dekat puskesmas" once an object is named ("ikan dalam keramba" goes on: context_passed); "pakai
            # ekskavator" always; "(gedung) yang ... dan punya dapur"
            stops = word in lex.context and word not in lex.context_passed
            if (word in lex.instruments or (stops and seen_content)
                    or _tells_what_it_has(f, i, bool(heads or unknown))):
                blocked = True
            elif not done and not blocked and not seen_content and _is_content(word, f.stems[i]):
                unknown.append(f.stems[i])
                # "gdg TK": a contraction of a building word right before an institution is its building, no
                # object of its own ("mbl PAUD", the furniture, is one)
                seen_content = not (_building_contraction(word) and starts.get(i + 1, (0, ""))[1] in lex.facilities)
                seen_object = seen_content and not _is_action(word, f.stems[i]) and word not in lex.building_words
                if building is None and not heads:
                    building = _building_of(f, i)
        i += 1
    if not heads and building is not None:
        heads = _split_compound(f, building, inside)
    return heads, unknown


def _building_of(f: _Field, i: int) -> int | None:
    """Where the building word of an unknown head at `i` stands: the head itself ("rumah"), or a general building word
    right before it, a filler ("gedung pengungsian"); None otherwise."""
    lex = lexicon()
    if f.words[i] in lex.building_words:
        return i
    before = f.words[i - 1] if i else ""
    return i - 1 if before in lex.purpose_buildings and before in lex.fillers else None


def _tells_what_it_has(f: _Field, i: int, named: bool) -> bool:
    """Whether a having word at `i` (lexicon having_words), not negated, says what the object named before it has:
    right after "yang" or a coordinating word once an object is named ("tempat pengungsian yang tinggi dan punya dapur
    umum"). What it has is a feature of that object, no object of its own ("kami ingin punya lapangan" asks for one)."""
    lex = lexicon()
    if not named or f.words[i] not in lex.having_words or not i or _negated(f.words, i):
        return False
    return f.words[i - 1] in lex.having_after


def _building_contraction(word: str) -> bool:
    """Whether `word`, written with no vowel, is a building word with its vowels left out ("gdg" gedung or gudang,
    "bgn" bangunan)."""
    def contracts(building: str) -> bool:
        rest = iter(building)
        return building[0] == word[0] and all(letter in rest for letter in word)
    return VOWELS.isdisjoint(word) and any(contracts(b) for b in lexicon().building_words)


def _after_separator(f: _Field, i: int, starts: dict, heads: list[str], described: int | None,
                     open_head: bool) -> int | None:
    """At the separator `i`, once the part has named its head (`open_head`): a parenthesis may give the head's other
    name (`_add_gloss`) or list its parts (`_lists`), and a colon after a named institution lists its parts ("Sarana
    fisik Posyandu Mawar: bangunan pelayanan ibu hamil"), up to a part that opens with its own work, a closing
    parenthesis or a semicolon ("sarana IKM: rumah produksi" names the object after a category, not a part of it).
    The index of the head that the words after `i` describe, or None."""
    word = f.words[i]
    if word == "(" and open_head:
        _add_gloss(f, i, starts, heads)
        if _lists(f, i):
            return len(heads) - 1
    if word == ":" and open_head and heads[-1] in lexicon().facilities and not _opens_work(f, i + 1):
        return len(heads) - 1
    if described is not None and (word in (";", ")") or _opens_work(f, i + 1)):
        return None
    return described


def _lists(f: _Field, i: int) -> bool:
    """Whether the parenthesis opening at `i` lists several things ("destinasi wisata (gazebo, toilet, jalan
    setapak)", "taman baca (koleksi, rak, komputer)"): the parts of the head before it, not other objects."""
    end = next((k for k in range(i + 1, len(f.words)) if f.words[k] in ("(", ")")), len(f.words))
    return end < len(f.words) and f.words[end] == ")" and any(w in (",", "dan", "serta") for w in f.words[i + 1:end])


def _specific(head: str, concept: str) -> str:
    """`concept` where it is the specific form of `head` ("sekolah" → "SD"), else `head` (a part of a whole, lexicon
    `parts`, is no specific form of it: "kawasan kumuh Parit Mayor" stays the slum area)."""
    return concept if concept.startswith(head + ".") else head


def _worked_on_before(f: _Field, start: int, end: int) -> list[str]:
    """The kind a request names by its work alone, done on the topic the sentence opens with ("Sungai ... dangkal ...,
    mohon dilakukan pengerukan": the lexicon's "pengerukan sungai"): the first word of `start`..`end` that makes a
    lexicon phrase with the field's first word, or none. Read only where the field names no object at all: beside a
    named one, a noun of the sentence would make the phrase by chance."""
    topic = next((k for k in range(start) if f.words[k].isalpha() and not f.is_place[k]), None)
    if topic is None or any(s <= topic < e and e - s > 1 for s, e, _c in f.concepts):
        return []  # "Rumah panjai ..., mohon dibantu perbaikan": the topic is named in full, no "perbaikan rumah"
    phrases = lexicon().concept_phrases
    for j in range(start, end):
        if f.is_place[j] or not f.words[j].isalpha():
            continue
        found = phrases.match_at([f.words[j], f.words[topic]], [f.stems[j], f.stems[topic]], 0)
        if found and found[0] == 2 and found[1] != NOT_OBJECT:
            return [found[1]]
    return []


def _add_gloss(f: _Field, at: int, starts: dict, heads: list[str]) -> None:
    """A parenthesis at `at` that holds one concept and nothing else, after a part's head, gives that head's other name
    ("jalan tepian (waterfront)", "gedung serbaguna (aula)"): a second head of the part, unless one of the two is
    the general form of the other ("rumah ibadah (masjid)": the specific form replaces the general one instead). After
    an acronym the parenthesis spells the acronym out, and the acronym may be what the head is for ("kebun HMT
    (hijauan pakan ternak)" is a garden of forage, not the forage)."""
    found = starts.get(at + 1)
    if not found or found[0] >= len(f.words) or f.words[found[0]] != ")":
        return
    before = f.words[at - 1] if at else ""
    if (is_abbreviation_like(before) and stem(before) not in dictionary()
            and not any(s <= at - 1 < e for s, e, _c in f.concepts)):
        return
    gloss = found[1]
    if gloss not in heads and not lexicon().related(heads[-1], gloss):
        heads.append(gloss)


def _split_compound(f: _Field, at: int, inside: list[bool]) -> list[str]:
    """The kind a building word at `at` names with a later word of its clause, the compound written apart
    ("rumah tinggal untuk bapak ibu guru" → rumah guru, teachers' housing; "rumah baruk tempat ritual adat" →
    rumah adat): the first such pair the lexicon knows, or none."""
    lex = lexicon()
    phrases = lex.concept_phrases
    for j in range(at + 1, len(f.words)):
        if not inside[j] or f.words[j] in SEPARATORS:
            break
        if f.is_place[j]:
            continue
        found = phrases.match_at([f.words[at], f.words[j]], [f.stems[at], f.stems[j]], 0)
        if found and found[0] == 2 and found[1] != NOT_OBJECT:
            return [found[1]]
    # "bangunan pengungsian" is the lexicon's "tempat pengungsian": a general building word (a filler: "bangunan",
    # "gedung") stands for one that names a building by what it is for (lexicon purpose_buildings) before the word
    # right after it
    if (f.words[at] in lex.purpose_buildings and f.words[at] in lex.fillers and at + 1 < len(f.words)
            and inside[at + 1] and not f.is_place[at + 1]):
        for other in sorted(lex.purpose_buildings - {f.words[at]}):
            found = phrases.match_at([other, f.words[at + 1]], [stem(other), f.stems[at + 1]], 0)
            if found and found[0] == 2 and found[1] != NOT_OBJECT:
                return [found[1]]
    return []


def _outside_concepts(f: _Field) -> tuple[list[str], list[str]]:
    """The field's words and stems with concept phrases blanked out."""
    words, stems = list(f.words), list(f.stems)
    for start, end, _c in f.concepts:
        for k in range(start, end):
            words[k] = stems[k] = ","
    return words, stems


def _hamlets_named_as_places(f: _Field) -> set[int]:
    """The places of a field's words right after a hamlet word: a hamlet named like a village elsewhere ("Dusun Bukit
    Raya"), kept in the title's sequence where the scoring reads a hamlet's name; and right after the river of an
    asset of a kind ("jembatan sungai Pelangau": the river, named like a village), where it reads the asset's."""
    lex = lexicon()
    hamlet, out, k = lex.hamlet_naming, set(), 0
    while k < len(f.words):
        end = f.is_place.index(False, k) if False in f.is_place[k:] else len(f.words)
        if f.is_place[k] and k and (f.words[k - 1] in hamlet or k > 1 and f.words[k - 1] in lex.river_words
                                    and f.words[k - 2] in lex.kind_naming):
            out.update(range(k, end))
        k = end if f.is_place[k] else k + 1
    return out


def _outside_places(f: _Field) -> tuple[list[str], list[str]]:
    """The field's words and stems with place names blanked out."""
    return ([w if not p else "," for w, p in zip(f.words, f.is_place, strict=True)],
            [s if not p else "," for s, p in zip(f.stems, f.is_place, strict=True)])


def _scan(index, words, stems) -> list[str]:
    return [value for _s, _e, value in index.find_all(words, stems)]


def _works(f: _Field) -> list[str]:
    """The kinds (training, physical) of the field's work words outside concepts, left to right; a training word
    right after a building word ("ruang pelatihan", "aula penyuluhan") names what the building is for, and one right
    after a verb that only builds ("dibangun workshop") the building put up: building it is physical work."""
    lex = lexicon()
    why = _saying_why(f) | _told_beside_request(f) if f.concepts else set()
    works = _phase_work(f)[1]
    builds = lex.building_words | lex.construction_verbs
    found = ["physical" if value in ("training", EVENT) and start and f.words[start - 1] in builds
             else value for start, _end, value in works if not (value == EVENT and start in why)]
    if not found:  # "Peremajaan Sawit Rakyat", "Rehabilitasi Mangrove": the object's own name opens with its works
        found = [hit[1] for start, _end, _c in f.concepts
                 for hit in [lex.work_phrases.match_at(f.words, f.stems, start)] if hit and hit[1] == "physical"][:1]
    # an event ("turnamen", "jalan sehat") is the work where nothing is built; beside works it is why they are asked
    return [v for v in found if v != EVENT] if "physical" in found else ["training" if v == EVENT else v for v in found]


def clause_map(f: _Field) -> list[str]:
    """The role of each word of the field, found once: WHY for the words of a clause that opens with a subordinator
    and asks for nothing ("..., supaya bisa dipakai untuk pertandingan antar desa"; "mohon agar ..." asks) and of the
    clauses after it up to one with an asking word, LISTING for the words that list places (`_listing`), LANDMARK
    for a word of position, ASKS elsewhere."""
    if f.roles is None:
        subordinators = lexicon().subordinators
        f.roles = [ASKS] * len(f.words)
        why = False
        for start, end in _clauses(f):
            # a reason goes on past a comma up to a clause that asks ("karena ... rusak, kami harus ke riam, mohon
            # ..."); a clause of when ends at its verb ("setelah hujan dapat diperbaiki dengan ...": `_clauses`), and
            # one opening with "dan" may be another request ("... karena becek, dan jalan gang Dusun B juga")
            goes_on = why and start and f.words[start - 1] in CLAUSE_BREAKS and f.words[start] not in SEPARATORS \
                and not any(_asking_word(f, k) for k in range(start, end))
            why = goes_on or (f.words[start] in subordinators and not _asks_explicitly(f, (start, end)))
            if why:
                f.roles[start:end] = [WHY] * (end - start)
        for k in _listing(f):
            f.roles[k] = LISTING if f.roles[k] == ASKS else f.roles[k]
        landmark_words = lexicon().landmark_words
        for k, word in enumerate(f.words):
            if word in landmark_words and f.roles[k] in (ASKS, WHY):
                f.roles[k] = LANDMARK if f.roles[k] == ASKS else WHY_LANDMARK
    return f.roles


def _listing(f: _Field) -> list[int]:
    """The positions of the words that list the places a field names: a list word (lexicon list_links: "dan",
    "sampai") between two places' names ("Desa A dan B", "Desa A s/d Desa C"; not "studi kelayakan dan DED jalan
    Desa A", which lists two works), a comma only in a list of its own (`_comma_list`), or a number counting places
    ("di 3 desa")."""
    lex = lexicon()
    naming = lex.place_words | lex.hamlet_naming
    return [k for k, word in enumerate(f.words) if word in lex.list_links and 0 < k < len(f.words) - 1
            and _in_place_name(f, k - 1) and (_in_place_name(f, k + 1) or f.words[k + 1] in naming)
            and (word not in CLAUSE_BREAKS or _comma_list(f, k))
            or word.isdigit() and k + 1 < len(f.words) and f.words[k + 1] in lex.place_words]


COMMA_LIST = 3  # names joined by commas alone that list places ("Desa A, B, C")


def _comma_list(f: _Field, k: int) -> bool:
    """Whether the comma at `k` joins places' names into a list of COMMA_LIST names or more, each written right after
    its comma ("Desa A, B, C", "jln poros A, B, C"). Two names ("Dusun A, B") or a place word after the comma ("Dusun
    A, Desa B", "Desa B, Kec. C") say where a place lies: a hamlet's village, a village's sub-district."""
    def joined(i: int, step: int) -> int:  # the commas joining names from the comma at `i` on, one way
        n = 0
        while 0 < i < len(f.words) - 1 and f.words[i] == "," and _in_place_name(f, i - 1) and _in_place_name(f, i + 1):
            n, i = n + 1, i + step
            while 0 <= i < len(f.words) and f.words[i].isalnum() and _in_place_name(f, i):
                i += step
        return n
    return joined(k, 1) + joined(k, -1) - 1 >= COMMA_LIST - 1


def _in_place_name(f: _Field, k: int) -> bool:
    """Whether the word at `k` is a place's name or a word of one: of the region list, or a name after a place word
    (`_in_name`, `places.named_words`)."""
    return _in_name(f, k) or f.names[k]


def _route_ends(f: _Field) -> frozenset:
    """The words of the two ends a field links by a dash or a hyphen, a place of the region list on one side at least
    ("jalan tembus Retok - Kubu Padi", "jalan Paloh-Nibung, Desa Paloh, Sebubus dan Nibung"), outside a reason: each
    end a place's name, or the word beside the link. Not a stretch between numbers ("km 41 - 44") nor two short
    forms ("SD-SMP"). The title's sequence leaves the link out."""
    links = [(k - 1, k + 1) for k, w in enumerate(f.words) if w == "-" and 0 < k < len(f.words) - 1]
    links += [(k, k + 1) for k in f.hyphens]
    out: set[str] = set()
    for before, after in links:
        if (f.words[before].isalpha() and f.words[after].isalpha() and (f.is_place[before] or f.is_place[after])
                and clause_map(f)[before] not in REASON_ROLES):
            out.update(f.words[k] for end in (before, after) for k in _place_run(f, end))
    return frozenset(out)


def _place_run(f: _Field, k: int) -> range:
    """The positions of the place's name that holds `k` (its run of place words), or `k` alone."""
    if not f.is_place[k]:
        return range(k, k + 1)
    start, end = k, k + 1
    while start and f.is_place[start - 1] and f.words[start - 1].isalnum():
        start -= 1
    while end < len(f.words) and f.is_place[end] and f.words[end].isalnum():
        end += 1
    return range(start, end)


def _saying_why(f: _Field) -> set[int]:
    """The positions of the field's words that say why (`clause_map`): an event named there is why the object is asked
    for, not the work."""
    return {k for k, role in enumerate(clause_map(f)) if role in REASON_ROLES}


def _told_beside_request(f: _Field) -> set[int]:
    """The positions of the clauses that ask for nothing in a sentence whose asking clause names its object ("Lapangan
    bola ... dipakai turnamen antar desa tiap Agustus, ..., kami usul tribun dan pagar"): an event told there is what
    the asset is used for, not the work asked."""
    clauses = _clauses(f)
    asking = [c for c in clauses if _asks_explicitly(f, c)]
    if not any(c[0] <= s < c[1] for c in asking for s, _e, _c in f.concepts):
        return set()
    return {k for c in clauses if c not in asking for k in range(*c)}


def _facets_saying_why(f: _Field) -> set[int]:
    """The positions of words for what an asset serves (lexicon facets: "kebun", "nelayan", "sawah") in the clauses of
    a request that say why ("mohon tambatan perahu dibangun karena air meluap ke rumah warga dan kebun"): the reason
    names what the flood reaches, not what the jetty serves. Only where a clause asks explicitly; a purpose clause
    ("agar sawah bisa diairi", lexicon request_complements) says what the asset serves and keeps its words."""
    clauses = _clauses(f)
    if not any(_asks_explicitly(f, c) for c in clauses):
        return set()
    return {k for k in _saying_why(f) - _purposes(f) if f.words[k] in lexicon().facet_words}


def _request_reasons(f: _Field) -> set[int]:
    """The positions of the words a request gives as its reason (`_facets_saying_why`), and of every word of its
    clauses that say why where it asks explicitly and names its kind outside them ("Kami mohon jembatan gantung
    dibangun karena ibu-ibu ke posyandu sering jatuh": not the health post, nor the crops of "karena hasil panen padi
    sulit dibawa ke pasar"): the title's words, names and institutions are the request's; and the thanks it closes
    with ("..., terima kasih": lexicon `courtesies`)."""
    lex = lexicon()
    thanks = {k for n in {len(c) for c in lex.courtesies} for i in range(len(f.words) - n + 1)
              if tuple(f.words[i:i + n]) in lex.courtesies for k in range(i, i + n)}
    return thanks | _reasons_after(f)


def _reasons_after(f: _Field) -> set[int]:
    """`_request_reasons` but the thanks."""
    clauses = _clauses(f)
    asked = next((c[1] for c in clauses if _asks_explicitly(f, c)), None)
    # a reason that comes first tells which asset is meant ("Karena Posyandu Teratai I menumpang di rumah kader,
    # warga mengusulkan ..."); one that follows the request says why
    why = {k for k in _saying_why(f) if k >= asked} if asked is not None else set()
    kept = [c for c in clauses if c[0] not in why]
    if not why or not _heads_in(f, kept)[0]:
        return _facets_saying_why(f)
    return _facets_saying_why(f) | (why - _purposes(f))


def _purposes(f: _Field) -> set[int]:
    """The positions of the clauses that open with a purpose word ("agar sawah bisa diairi": lexicon
    request_complements): they say what the asset serves, and keep their words where a reason's are left out."""
    lex = lexicon()
    return {k for start, end in _clauses(f) if f.words[start] in lex.request_complements for k in range(start, end)}


def _reasons_before(f: _Field) -> set[int]:
    """The positions of the words of a reason a request gives before it asks ("Karena jalan sering banjir, mohon
    peninggian jalan ..."), where what it asks for names its object: they may tell which asset is meant (they stay in
    the title's sequence, where names are read) but say nothing of the work, and add nothing to its wording."""
    clauses = _clauses(f)
    asked = next((c[0] for c in clauses if _asks_explicitly(f, c)), None)
    why = {k for k in _saying_why(f) if k < asked} - _purposes(f) if asked is not None else set()
    return why if why and any(_heads_in(f, [c for c in clauses if c[0] not in why])) else set()


def _training_beside(f: _Field, kinds: list[str]) -> bool:
    """Whether the field's training comes beside its object, in a later coordinated part, rather than being the work
    done on it ("Pengembangan aplikasi layanan kelurahan dan pelatihan operator": the application and the training
    of its operators, both; "Pelatihan pengolahan ikan" is training): the item is then both works ("both"), and
    neither building nor training the object is another work than it."""
    head = next((start for start, _end, concept in f.concepts if concept in kinds), None)
    trainings = [start for start, _end, value in _phase_work(f)[1] if value == "training"]
    if head is None or not trainings:
        return False
    return all(start > head and any(w in SEPARATORS for w in f.words[head:start]) and not _names_own_object(f, start)
               for start in trainings)


def _works_side_by_side(f: _Field) -> bool:
    """Whether the field names a training and a physical work side by side: coordinated on one object ("Pembinaan dan
    penyertaan modal BUMDes", "pengadaan dan pelatihan alat pengering": one right after the other with only a link
    between them), or the physical work first and the training in a later coordinated part ("Pembangunan rumah kompos
    dan pelatihan pupuk organik"; "pelatihan operasi & pemeliharaan jaringan" is training on what follows it), or a
    training that names its object and, after a colon, the physical work it consists of ("Pembinaan perpustakaan
    desa: bantuan buku dan rak": what follows the colon details the coaching, here the goods given; "pelatihan
    pelatih dan bantuan peralatan" stays training, the goods beside it): the item is both works."""
    works = [(start, end, value) for start, end, value in _phase_work(f)[1] if value in ("training", "physical")]
    if any({value, other} == {"training", "physical"} and second == end + 1 and f.words[end] in SEPARATORS
           for _start, end, value in works for second, _end, other in works):
        return True
    if works and works[0][2] == "training" and _names_own_object(f, works[0][0]):
        return any(value == "physical" and ":" in f.words[works[0][1]:start] for start, _end, value in works)
    return bool(works) and works[0][2] == "physical" and any(
        value == "training" and any(w in SEPARATORS for w in f.words[works[0][1]:start])
        for start, _end, value in works)


def _names_own_object(f: _Field, start: int) -> bool:
    """Whether the part a training word at `start` opens names an object of its own ("Pemicuan STBM & penyuluhan cuci
    tangan pakai sabun": the outreach is on handwashing, training too, not training beside the first object)."""
    end = next((k for k in range(start, len(f.words)) if f.words[k] in SEPARATORS), len(f.words))
    return any(start < s < end for s, _e, _c in f.concepts)


def _numbers(words: list[str]) -> set[int]:
    inst = lexicon().institution_words
    return {int(words[i]) for i in range(1, len(words)) if words[i].isdigit() and len(words[i]) <= 3
            and words[i - 1] in inst}


ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


def _sections(words: list[str]) -> set[str]:
    """'ruas 2', 'blok A', 'km 12', 'unit II', 'parit nomor tiga': a section word followed by a number (in digits or
    words, after a number sign perhaps), a roman numeral or one letter;
    also a number or roman numeral after one name word ("gang Bersatu 3", "parit Melati II", "gang Cendana I": the
    third of the Bersatu lanes, another asset than the fifth)."""
    lex = lexicon()
    marks = lex.section_words
    out = set()
    for i in range(len(words) - 1):
        if words[i] not in marks:
            continue
        value = words[i + 1]
        if value in lex.number_signs and i + 2 < len(words):  # "parit nomor 3", "parit no. tiga": the sign passed over
            value = words[i + 2]
        if value in lex.number_words and words[i] not in lex.km_words and words[i] not in lex.station_words:
            value = str(lex.number_words[value])  # "parit tujuh", "blok dua" (a kilometre in words is a stretch)
        if value.isdigit() and len(value) <= 4:
            out.update(f"{words[i]}:{n}" for n in _kilometres(words, i, int(value)))
        elif value in ROMAN:
            out.add(f"{words[i]}:{ROMAN[value]}")
        elif len(value) == 1 and value.isalpha() and i + 2 < len(words) and words[i + 2].isdigit() and len(
                words[i + 2]) <= 4:
            out.add(f"{words[i]}:{int(words[i + 2])}")  # "ruas S-4", "ruas S.4": the fourth, its letter a prefix
        elif len(value) == 1 and value.isalpha():
            out.add(f"{words[i]}:{value}")
        elif i + 2 < len(words) and value.isalpha() and len(value) > 2 and value not in marks:
            named = words[i + 2]
            if named.isdigit() and len(named) <= 3:
                out.add(f"{words[i]}:{int(named)}")
            elif named in ROMAN and (len(named) > 1 or named == "i"):  # "v", "x" alone: a letter as often as a
                out.add(f"{words[i]}:{ROMAN[named]}")  # numeral; "i" is no letter a lane or lot is told by
    return out


KM_RANGE = 20  # kilometres a range written as sections spans at most ("km 4-6"); a longer one is no section


def _kilometres(words: list[str], i: int, first: int) -> range:
    """The sections a number after the section word at `i` names: itself, or for a kilometre written as a range
    ("km 4-6", "km 4 s/d 6") every kilometre of it, so that "km 5" of the same road falls inside ("km 5 dan 9" are
    two). A smaller second number is the first's decimals ("km 12,5")."""
    lex = lexicon()
    if words[i] not in lex.km_words:
        return range(first, first + 1)
    j = i + 2
    while j < len(words) and words[j] in lex.stretch_links and words[j] not in lex.km_words and words[j] != "dan":
        j += 1
    last = int(words[j]) if j < len(words) and words[j].isdigit() and len(words[j]) <= 4 else first
    return range(first, last + 1) if first < last <= first + KM_RANGE else range(first, first + 1)


def _specified(kinds: list[str], *fields: _Field) -> list[str]:
    """The title's kinds, each general one ("Pengadaan alsintan", "sarana sanitasi komunal") replaced by the specific
    forms of it that an activity describing works names ("bantuan hand tractor": tractors; "pembangunan MCK plus dan
    IPAL": public toilets, septic systems); a programme's name with no work word ("Pengelolaan SDA dan Bangunan
    Pengaman Pantai") names the field, not the object."""
    described = [f for f in fields if f.concepts and _works(f)]
    out: list[str] = []
    for kind in kinds:
        specific = [c for f in described for _s, _e, c in f.concepts if c.startswith(kind + ".")]
        out += [c for c in dict.fromkeys(specific) if c not in out] or ([kind] if kind not in out else [])
    return out


def _site_area(title: _Field, kinds: list[str], *fields: _Field) -> list[str]:
    """The title's kinds, or the kind of area (lexicon area_kinds) the item names where its title's first object is
    named right after a word of a site's area (site_area_words: "Penataan kawasan makam X", activity "Pengelolaan daya
    tarik wisata"): the works of the tourist area around the site, not of the site itself."""
    lex = lexicon()
    first = min((start for start, _e, c in title.concepts if c in kinds), default=0)
    if not first or title.words[first - 1] not in lex.site_area_words:
        return kinds
    areas = [c for f in (title, *fields) for _s, _e, c in f.concepts if c in lex.area_kinds and c not in kinds]
    return areas[:1] or kinds


def _row_of_line(title: _Field, activity: _Field, title_text: str, activity_text: str) -> bool:
    """Whether an item is a row pasted from a planning system's export: its title the bare line of the nomenclature
    ("Pembangunan Sarana Sekolah", "Penyediaan Alat Mesin Pertanian": works on a kind, no place, name or number) and
    its activity the row's own works ("Pembangunan WC siswa SDN 02 Pebihingan"): a work on a kind, with the place, the
    name or the number the line leaves out. The activity then names what the row builds; the line only its field."""
    def opens_work(f: _Field) -> bool:
        return bool(f.words) and _opens_work(f, 0) and f.words[0] not in lexicon().requests and bool(f.concepts)

    def specific(f: _Field, text: str) -> bool:
        return any(f.is_place) or any(f.names) or any(w.isdigit() for w in f.words) or _writes_names(text)

    return (opens_work(title) and _bare_line(title, title_text) and opens_work(activity)
            and specific(activity, activity_text))


def _writes_names(text: str) -> bool:
    """Whether a text written in sentence case capitalises a word after its first: a name ("Pembangunan rumah dinas
    dokter Puskesmas Rawak"). A text in title case ("Pembangunan Sarana dan Prasarana Sekolah", its small words aside)
    or in one case tells nothing."""
    lex = lexicon()
    written = _WORD.findall(text or "")[1:]
    plain = [w for w in written if w.islower() and w not in lex.fillers and w not in lex.context]
    return bool(plain) and any(w[0].isupper() for w in written)


def _narrowed_by(kinds: list[str], line: list[str]) -> list[str]:
    """A row's kinds (`_row_of_line`), each replaced by the line's kinds that are a specific form or a part of it: a
    line of classrooms ("Rehabilitasi Ruang Kelas") over a row naming the school ("Rehabilitasi SDN 11") funds its
    classrooms."""
    lex = lexicon()
    out: list[str] = []
    for kind in kinds:
        narrower = [t for t in line if t.startswith(kind + ".")
                    or any(kind == whole or kind.startswith(whole + ".") for whole in lex.parts_of(t))]
        out += [k for k in narrower or [kind] if k not in out]
    return out


def _requested_beside(kinds: list[str], f: _Field) -> list[str]:
    """The kinds a Musrenbang sentence in the activity explicitly asks for ("Warga ... mengusulkan asrama untuk anak
    SMA karena ...") that the title, the community's short label of it ("Rumah tinggal siswa SMA"), names otherwise:
    both are the item's kinds. Only the object of an explicit asking word ("mengusulkan", "mohon", "minta"; not a work
    word, which a clause saying why uses too) counts; a kind related to the title's adds nothing."""
    lex = lexicon()
    asking = [c for c in _clauses(f) if _asks_explicitly(f, c)]
    objects = [(start, c[1]) for c in asking for start in [_after_request(f, c)] if start < c[1]]
    if not objects:
        return []
    heads, _unknown = _heads_in(f, objects)
    asked = [lex.qualified(k, f.words) for k in heads]
    return [k for k in dict.fromkeys(asked) if not any(lex.related(k, j) for j in kinds)]


_WORK_LAST = re.compile(r"^(?P<object>.*\w.*?)\s*[,;:]\s*(?P<work>[^\W\d_]+)\s*[.!]*\s*$")


def _short_form_readings(texts: list[str]) -> dict[str, tuple[str, ...]]:
    """The reading of each ambiguous short form (lexicon `ambiguous_short_forms`: "psr" pasar, or the oil-palm
    replanting PSR) that the item's texts write, where they support exactly one: a kind of the reading's broad head is
    named in them ("los", "pedagang" for the market; "perkebunan" for PSR), or a word that tells it is written there
    ("sawit")."""
    lex = lexicon()
    lowered = " ".join(texts).lower()
    if not any(form in lowered for form in lex.ambiguous):  # most items: no need to read the texts twice
        return {}
    written = [raw_tokens(t) for t in texts]
    short = {w for ws in written for w in ws if w in lex.ambiguous}
    if not short:
        return {}
    words, roots = set(), set()
    for ws in written:
        ws = [w if w not in lex.ambiguous else "," for w in ws]
        words.update(ws)
        roots.update(c.split(".", 1)[0] for _s, _e, c in lex.concept_phrases.find_all(ws, [stem(w) for w in ws]))
    out = {}
    for form in short:
        supported = [r for r in lex.ambiguous[form] if _root_of(r) in roots or not words.isdisjoint(_telling(r))]
        if len(supported) == 1:
            out[form] = supported[0]
    return out


def _telling(phrase: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a reading that tell it (no filler, work word nor building word: "sawit" of "peremajaan sawit
    rakyat", "evakuasi" of "tempat evakuasi" — a problem's "naik dari tangga rumah" tells no safe house), or all."""
    lex = lexicon()
    return tuple(w for w in phrase if w not in lex.fillers and w not in lex.work_words
                 and w not in lex.building_words) or phrase


def _root_of(phrase: tuple[str, ...]) -> str | None:
    """The broad head of the concept a phrase names whole, or None."""
    hit = lexicon().concept_phrases.match_at(list(phrase), [stem(w) for w in phrase], 0)
    return hit[1].split(".", 1)[0] if hit and hit[0] == len(phrase) else None


def _read_short_forms(written: list[str], readings: dict) -> list[str]:
    """The ambiguous short forms of a field written out as the item's texts read them (`_short_form_readings`),
    unless a neighbour continues a phrase with one (left to `_read_in_context`)."""
    if not readings or readings.keys().isdisjoint(written):
        return written
    out = []
    for k, word in enumerate(written):
        neighbours = (written[k - 1] if k else "", written[k + 1] if k + 1 < len(written) else "")
        out += readings[word] if word in readings and not in_context(neighbours[0], word, neighbours[1]) else [word]
    return out


def _work_first(title: str) -> str:
    """A title written object first and its work word last, after a comma ("Jalan lingkungan RT 2, Peningkatan";
    "Kader posyandu, pelatihan"), in the usual order: the work word read as the work on that object."""
    found = _WORK_LAST.match(title or "")
    if not found or found.group("work").lower() not in lexicon().work_words:
        return title
    return f"{found.group('work')} {found.group('object')}"


_WORD = re.compile(r"[^\W\d_]+")


def _plain_words(text: str) -> frozenset:
    """The words a text writes only in lower case where it writes proper names capitalised (a word after its first
    starts with a capital, another is in lower case: "Puskesmas di Sungai Beliung sempit, antrean sampai ke teras"):
    common words, never a name. A text all in one case ("jln ke suruh tembawang", "PEMBANGUNAN JALAN") or in title
    case tells nothing."""
    written = _WORD.findall(text or "")[1:]
    if not any(w[0].isupper() for w in written) or not any(w.islower() for w in written):
        return frozenset()
    return frozenset(w for w in written if w.islower()) - {w.lower() for w in written if not w.islower()}


def _agency_line(f: _Field) -> bool:
    """Whether an activity field is an agency's standing line of the nomenclature that opens with a word of guidance
    before the institution it guides (lexicon `line_words`: "Pembinaan Perpustakaan Desa/Kelurahan"): it names no
    training of the row, whose title says what it funds (books and shelves, a reading room)."""
    return bool(f.words) and f.words[0] in lexicon().line_words and any(s == 1 for s, _e, _c in f.concepts)


def _funded_phase(title: _Field, named: str) -> str:
    """The phase an item funds, of `named` (the first its title, activity or sub-activity names): a phase its title
    names; else none when its title names the works ("Pembangunan Sistem Drainase Perkotaan (Gang Sakura)"); else the
    phase of its activity. The title is what a row funds; its activity and programme fields are often the agency's
    own line ("Koordinasi Perencanaan Bidang Infrastruktur" of a planning agency that files the works it
    coordinates), not a phase."""
    return named if _phase_work(title)[0] or not _works(title) else ""


# A nomenclature code written in a title, dotted, at activity level or deeper ("1.03.10.2.01", "1.03.10.2.01.0017",
# "X.XX.01.2.01.0001"): Renja spreadsheets paste it before the sub-activity's name when the code cell is left empty.
_TITLE_CODE = re.compile(r"(?<![\w.])[0-9X]\.(?:[0-9]{1,2}|XX)\.[0-9]{1,2}\.[0-9]\.[0-9]{1,2}(?:\.[0-9]{1,4})?"
                         r"(?![\w]|\.\d)")


def _bare_nomenclature(f: _Field) -> bool:
    """Whether a title is a nomenclature's bare name ("Pembangunan Jalan", "Penyediaan PJU"): only words of work and
    of kinds (the lexicon's terms, work and phase phrases, fillers), no place, name, number or facet of its own."""
    lex = lexicon()
    if not f.words or any(f.is_place):
        return False
    phases, works = _phase_work(f)
    kind = {k for start, end, _c in f.concepts for k in range(start, end)}
    work = {k for start, end, _v in [*phases, *works] for k in range(start, end)}
    # a title naming no kind ("Penataan Kawasan Permukiman") is bare where every word is the lexicon's
    known = lex.known if not f.concepts else frozenset()
    return all(k in kind or k in work and word not in lex.facet_words or word in SEPARATORS or word in lex.fillers
               or word in known and not word.isdigit() or word in lex.damage_words for k, word in enumerate(f.words))


def _bare_line(f: _Field, text: str) -> bool:
    """Whether a title is the nomenclature's bare line (`_bare_nomenclature`) and writes no name in sentence case
    (`_writes_names`): the one test of an export row's title, read by `_row_of_line` (its kinds) and
    `_describing_line` (its identity)."""
    return _bare_nomenclature(f) and not _writes_names(text)


def _describing_line(fields: dict, kinds: list[str], texts: dict) -> tuple[_Field, str, list[str]]:
    """(the field whose words describe the object, its text, the item's kinds). An agency's row pasted from the
    planning system's export is titled by the bare sub-activity ("Pembangunan Jalan") and names its object in the
    activity ("Pembangunan jalan ruas Simpang - Gema") or its description: where that line names the title's kind or a
    more specific one, its names, rivers, route ends, hamlets, facets and numbers are the object's, and its specific
    kind replaces the title's general one."""
    title = fields["title"]
    if not kinds or not _bare_line(title, texts["title"]):
        return title, texts["title"], kinds
    lex = lexicon()
    body = fields["body"]
    lines = [("activity", fields["activity"])] + [
        ("body", _clause_of(body, start, end)) for start, end in _clauses(body)
        if any(start <= s < end for s, _e, _c in body.concepts)][:1]
    for name, line in lines:
        heads, _unknown = _heads(line) if line.words else ([], [])
        if any(lex.related(h, k) or _extends(line, h, k) for h in heads for k in kinds):
            specific = [[h for h in heads if h.startswith(k + ".") or _extends(line, h, k)] or [k] for k in kinds]
            return line, texts[name], list(dict.fromkeys(k for found in specific for k in found))
        if heads:
            break  # the activity names another object: the description is not read past it
    return title, texts["title"], kinds


def _extends(f: _Field, head: str, kind: str) -> bool:
    """Whether the field names `head` by a term that opens with a term of `kind` ("jalan usaha tani", a farm road, opens
    with "jalan", a road): a more specific form of the kind, though the lexicon keeps the two apart."""
    lex = lexicon()
    return head != kind and any(
        hit is not None and hit[1] == kind
        for start, end, c in f.concepts if c == head
        for n in range(1, end - start) for hit in [lex.concept_phrases.match_at(f.words[start:start + n],
                                                                                f.stems[start:start + n], 0)])


def _clause_of(f: _Field, start: int, end: int) -> _Field:
    """The words of one clause of a field, read as a field of its own."""
    return _Field(f.words[start:end], f.stems[start:end],
                  concepts=[(s - start, e - start, c) for s, e, c in f.concepts if start <= s and e <= end],
                  is_place=f.is_place[start:end], hyphens={k - start for k in f.hyphens if start <= k < end - 1},
                  named={k - start for k in f.named if start <= k < end}, names=f.names[start:end])


def title_code(title: str) -> str:
    """The nomenclature code a title holds, "" for none; digits alone are no code here (a number of a title)."""
    found = _TITLE_CODE.search(title or "")
    return found.group(0) if found else ""


def analyse(title: str, activity: str = "", sub_activity: str = "", program: str = "", problem: str = "", *,
            body: str = "", regency: str = "") -> Features:
    """The features of one item; `regency` lets place names of its regency be recognised. `body` is a proposal's
    description (the contract's `body`), read as its problem is: its words, never its kind of work or places."""
    lex = lexicon()
    mentions = placing.Mentions(set(), set(), False, [])
    code = title_code(title)
    title = title_text = _work_first(title)
    readings = _short_form_readings([title, activity, sub_activity, program, problem, body])
    fields = {"title": _analyse_field(title, regency, mentions, readings),
              "activity": _analyse_field(activity, regency, mentions, readings),
              "sub_activity": _analyse_field(sub_activity, regency, mentions, readings)}
    fields["program"] = _analyse_field(program, regency, None, readings)
    fields["problem"] = _analyse_field(problem, regency, None, readings)
    fields["body"] = _analyse_field(body[:MAX_BODY_READ], regency, None, readings)
    why = _request_reasons(fields["title"])  # a request's reason names neither its words nor its goods
    # nor does one it gives first, which may name its asset: in the title, or the activity where a Musrenbang
    # request is written ("Karena ..., warga mengusulkan ...", "Warga mengusulkan ... karena ...")
    unworded = {"title": why | _reasons_before(fields["title"]),
                "activity": _reasons_before(fields["activity"]) | _request_reasons(fields["activity"])}
    caused = {k for start, end in _clauses(fields["title"]) if fields["title"].words[start] in lex.cause_words
              for k in range(start, end)} & unworded["title"]
    kinds, unknown = [], []
    row = _row_of_line(fields["title"], fields["activity"], title, activity)
    # a description says the kind of work a vague title leaves out ("Usulan prioritas Desa X" / "Jembatan gantung
    # ... putus"): read after the item's own fields, before its programme's general name
    for name in ("title", "activity", "sub_activity", "body", "program"):
        if name == "title" and row:
            continue  # the title is the nomenclature's line: the activity names what the row builds
        if name == "activity" and row:
            kinds = _narrowed_by(_heads(fields[name])[0], _heads(fields["title"])[0])
            kinds = [lex.qualified(k, fields[name].words) for k in kinds]
            if kinds:
                break
            continue
        kinds, maybe_unknown = _described_heads(fields[name]) if name == "body" else _heads(fields[name])
        # nor does its cause say what the asset is for: the well of "air asam karena gambut, mohon dibor sumur" is
        # no peat well (lexicon cause_words)
        said = [w for k, w in enumerate(fields[name].words) if name != "title" or k not in caused]
        kinds = [lex.qualified(k, said) for k in kinds]
        if name == "title":
            unknown = maybe_unknown
        if kinds:
            kinds = _specified(kinds, fields["activity"], fields["sub_activity"]) if name == "title" else kinds
            kinds = _site_area(fields["title"], kinds, fields["activity"], fields["sub_activity"]) \
                if name == "title" else kinds
            if name == "title":
                kinds += _requested_beside(kinds, fields["activity"])
            break
    compared = ("title", "activity", "sub_activity", "problem", "body")
    words, topics = set(), set()
    for name in compared:
        topics.update(c for _s, _e, c in fields[name].concepts)
        words.update(_content(fields[name], unworded.get(name, set())))
    reason_topics = {c for name, at in unworded.items() for s, _e, c in fields[name].concepts if s in at}
    title_words = _content(fields["title"], unworded["title"])
    commodities, phase, work = set(), "", ""
    for name in ("title", "activity", "sub_activity"):
        f = fields[name]
        words_stems = _outside_places(f) if any(f.is_place) else (f.words, f.stems)  # not "Sungai Itik" (a duck)
        if f is fields["title"] and why:
            words_stems = tuple([x if k not in why else "," for k, x in enumerate(seq)] for seq in words_stems)
        commodities.update(_scan(lex.commodity_phrases, *words_stems))
        phase = phase or next((value for _s, _e, value in _phase_work(f)[0]), "")
        found = _works(f) if name == "title" or not _agency_line(f) else []
        if not work and "training" in found and name == "title" and (_training_beside(f, kinds)
                                                                      or _works_side_by_side(f)):
            work = "both"
        work = work or ("training" if "training" in found else next(iter(found), ""))
    if not work and kinds and not phase:
        work = "physical"  # an object named with no work word ("TPS 3R kel. X") is the object, not training on it
    typos = {f"{w}>{c}" for name in compared for w, c in fields[name].typos}
    phase = _funded_phase(fields["title"], phase)
    # the line that describes the object: the title, or where it is a bare nomenclature the activity or the body's
    # first clause that names its kind (`_describing_line`), read as a title is
    title, title_text, kinds = _describing_line(fields, kinds, {"title": title_text, "activity": activity,
                                                                "body": body})
    if title is not fields["title"]:
        why = _request_reasons(title) | _reasons_before(title)
        title_words |= _content(title, why)
    named = _hamlets_named_as_places(title)
    kept = [k for k, (w, p) in enumerate(zip(title.words, title.is_place, strict=True))
            if (not p or k in named) and w.isalnum() and k not in why]
    sequence = tuple(title.words[k] for k in kept)
    plain = _plain_words(title_text)
    roles = "".join(role.upper() if title.words[k] in plain else role
                    for k in kept for role in [clause_map(title)[k]]) if title.words else ""
    return Features(kinds=frozenset(kinds), unknown=frozenset(unknown[:1]) if not kinds else frozenset(),
                    topics=frozenset(topics), reason_topics=frozenset(reason_topics), words=frozenset(words),
                    title_words=frozenset(title_words), commodities=frozenset(commodities),
                    numbers=frozenset(_numbers(title.words) | (
                        _numbers(fields["activity"].words) if row else set())),  # a row's number is its school's
                    sections=frozenset(_sections(fields["title"].words) | _sections(fields["activity"].words)
                                       | _sections(title.words)),
                    phase=phase, work=work, corrected=frozenset(typos),
                    mentions=frozenset(mentions.villages), district_mentions=frozenset(mentions.districts),
                    area=mentions.area, title_seq=sequence, title_roles=roles if roles.strip(ASKS) else "",
                    route_ends=_route_ends(title) if title.words else frozenset(), code=code,
                    lists=LISTING in clause_map(title) if title.words else False)


# --- the stored signature ----------------------------------------------------------------------------------
# One line of space-separated tokens, each with a one-character tag; words are plain. Kept in
# Input.match_text / PlanItem.match_text. "^topic " tokens (scoring.topics) let SQL preselect the items the
# detector's Index would meet.
# The first token, "v:<version>", names the analysis that wrote it: a signature of another version (or of the
# earlier detector, without one) holds concept ids and heads the detector no longer reads alike, and the item is
# analysed again from its texts (services/overlap_signatures.py) — found by comparing that prefix alone.

def version_of(lexicon_text: bytes, analysis_version: int = ANALYSIS_VERSION) -> str:
    """The version of the analysis made of this lexicon file and this code: 8 hex digits of a SHA-1 of both."""
    return hashlib.sha1(f"{analysis_version}\n".encode() + lexicon_text, usedforsecurity=False).hexdigest()[:8]


@lru_cache(maxsize=1)
def version_prefix() -> str:
    """How every signature this process writes starts: "v:<version> " (the lexicon as this process read it)."""
    return f"v:{version_of(source())} "


def is_current(signature: str) -> bool:
    """Whether a stored signature was written by this analysis (else: analyse the item again)."""
    return (signature or "").startswith(version_prefix())


_TAGS = (("kinds", "*"), ("unknown", "~"), ("topics", "="), ("title_words", "!"), ("commodities", "$"),
         ("numbers", "%"), ("corrected", "?"), ("sections", "+"), ("reason_topics", ">"))


def dump(features: Features, topics: frozenset = frozenset()) -> str:
    """The signature; `topics` (scoring.topics) are written as "^" tokens after its broad heads (which come first:
    plan_sync reads the first as the row's theme)."""
    parts = [version_prefix().strip(), *sorted(features.words)]
    for name, tag in _TAGS:
        parts += sorted(f"{tag}{v}" for v in getattr(features, name))
    roots = {k.split(".", 1)[0] for k in features.kinds}
    parts += sorted({f"^{root}" for root in roots} or {"^?"})
    parts += sorted(f"^{topic}" for topic in topics - roots - {"?"})
    parts += sorted(f"@{d.replace(' ', '_')}|{v.replace(' ', '_')}" for d, v in features.mentions)
    parts += sorted(f"&{d.replace(' ', '_')}" for d in features.district_mentions)
    parts += [f"#phase:{features.phase}"] if features.phase else []
    parts += [f"#work:{features.work}"] if features.work else []
    parts += ["#area"] if features.area else []
    parts += ["#lists"] if features.lists else []
    parts += [f"#code:{features.code}"] if features.code else []
    parts += ["|" + "_".join(features.title_seq)] if features.title_seq else []
    parts += [f"#roles:{features.title_roles}"] if features.title_roles else []
    parts += ["#ends:" + "_".join(sorted(features.route_ends))] if features.route_ends else []
    return " ".join(str(p) for p in parts)


def load(signature: str) -> Features:
    bags: dict[str, set] = {name: set() for name, _tag in _TAGS}
    words, mentions, districts = set(), set(), set()
    phase = work = code = roles = ""
    ends: frozenset = frozenset()
    area = lists = False
    sequence: tuple = ()
    tag_of = {tag: name for name, tag in _TAGS}
    text = signature or ""
    if text.startswith("v:"):  # the version (its first token): read by `is_current`, not a feature
        text = text.partition(" ")[2]
    for token in text.split():
        tag = token[0]
        if tag in tag_of:
            value = token[1:]
            bags[tag_of[tag]].add(int(value) if tag == "%" and value.isdigit() else value)
        elif tag == "@":
            d, _bar, v = token[1:].partition("|")
            mentions.add((d.replace("_", " "), v.replace("_", " ")))
        elif tag == "&":
            districts.add(token[1:].replace("_", " "))
        elif tag == "#":
            key, _colon, value = token[1:].partition(":")
            phase = value if key == "phase" else phase
            work = value if key == "work" else work
            code = value if key == "code" else code
            roles = value if key == "roles" else roles
            ends = frozenset(value.split("_")) if key == "ends" else ends
            area = area or key == "area"
            lists = lists or key == "lists"
        elif tag == "|":
            sequence = tuple(token[1:].split("_"))
        elif tag != "^":
            words.add(token)
    return Features(kinds=frozenset(bags["kinds"]), unknown=frozenset(bags["unknown"]),
                    topics=frozenset(bags["topics"]), reason_topics=frozenset(bags["reason_topics"]),
                    words=frozenset(words),
                    title_words=frozenset(bags["title_words"]), commodities=frozenset(bags["commodities"]),
                    numbers=frozenset(bags["numbers"]), corrected=frozenset(bags["corrected"]),
                    sections=frozenset(bags["sections"]), phase=phase,
                    work=work, mentions=frozenset(mentions),
                    district_mentions=frozenset(districts), area=area, title_seq=sequence, title_roles=roles,
                    route_ends=ends, code=code, lists=lists)
