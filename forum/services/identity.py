"""One person is one person: when two registrations of a forum are likely the same human being.

The rule, in one place (registration, the desk's walk-in form and the invitation import all ask it):
- the same NIP within a forum is the same person (whatever the name or agency says); two different NIPs
  are two people, however alike the names;
- otherwise, the same agency and a name that matches once the titles and degrees are set aside
  ("Drs. H. Ahmad Yani, M.Si." = "Ahmad Yani"), allowing an initial for a given name ("R. Hidayat" ~
  "Rahmat Hidayat"), the old and regional spellings ("Djoko" = "Joko", "Achmad" = "Ahmad", "Yusup" =
  "Yusuf") and a small typing slip; "bin"/"binti" names a father, so a father and his son are two people.

Measured on labelled pairs in tests/data/duplicate_people.json (tests/test_identity.py prints precision and
recall on the tuning part and on the held-out part).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein
from sqlalchemy import or_, select

from forum.extensions import db
from forum.models import Event, Participant

# Titles written before a name: academic (Drs., Dra., Dr., dr., drg., Ir., Prof.), religious (H., Hj., KH.,
# Ust.), professional (Ns., Apt.) and forms of address.
PREFIX_TITLES = frozenset({
    "drs", "dra", "dr", "drg", "ir", "prof", "h", "hj", "haji", "hajjah", "kh", "ust", "ustadz", "ns", "apt",
    "bapak", "bpk", "ibu", "pak", "bu", "sdr", "sdri", "tn", "ny", "nn",
})
# Degrees written after a name without a comma ("Siti Aminah S.Pd"): dotted forms are recognised by shape,
# these are the common ones written without dots.
BARE_DEGREES = frozenset({
    "se", "st", "sh", "mh", "mm", "mt", "msi", "mpd", "spd", "spdi", "skom", "sag", "sip", "ssos", "skm", "skep",
    "mkes", "msc", "ma", "mpa", "map", "amd", "phd", "mba", "mkom", "ssi", "stp", "sstp", "sp", "shut", "mag",
})
# "S.T.", "M.Si.", "S.Pd.I", "A.Md.Kep", "Ph.D": two or more short parts separated by dots.
DOTTED_DEGREE = re.compile(r"^[a-z]{1,3}\.(?:[a-z]{1,4}\.?)+$")
FATHER_MARKERS = frozenset({"bin", "binti", "bt", "bn"})
ABBREVIATIONS = {"abd": "abdul", "abdl": "abdul", "moh": "muhamad", "muh": "muhamad", "mhd": "muhamad",
                 "moch": "muhamad", "mochd": "muhamad", "mohd": "muhamad", "md": "muhamad"}
MUHAMMAD = re.compile(r"^m[ou]h?am+[ae]d$")  # Muhammad, Mohammad, Mochamad, Muhamad, Mohamed …
# Old (pre-1972) and regional spellings of the same sound, in the order they are applied.
SPELLINGS = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("ch", "h"), ("kh", "h"), ("sy", "s"),
             ("dh", "d"), ("th", "t"), ("ph", "f"), ("q", "k"), ("v", "f"), ("f", "p"))

# A slip of the pen: two name words match when one edit apart and at least this long (tuned on the
# tuning part of the labelled pairs).
TYPO_MIN_LENGTH = 6
TYPO_MAX_EDITS = 1


@dataclass(frozen=True)
class Person:
    """What the rule looks at: a name, the agency (any key: an id, a canonical name) and the NIP if given."""

    name: str
    agency: object = None
    nip: str | None = None


@dataclass(frozen=True)
class Name:
    """A name with titles and degrees set aside and spelled canonically: the person's own words and, after
    "bin"/"binti", their father's."""

    words: tuple[str, ...]
    father: tuple[str, ...] = ()


def _spell(word: str) -> str:
    for old, new in SPELLINGS:
        word = word.replace(old, new)
    word = re.sub(r"(?<=[aiueo])j(?=[aiueo])", "y", word)      # Hidajat = Hidayat
    word = re.sub(r"(?<=[^aiueo])y(?=[aiueo])", "i", word)     # Sulistyo = Sulistio
    return re.sub(r"(.)\1+", r"\1", word)                       # Effendi = Efendi


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def parse_name(raw: str) -> Name:
    """The comparable form of a written name."""
    text = _plain(raw or "")
    text = text.split(",", 1)[0]  # degrees follow a comma: "Ahmad Yani, M.Si."
    words: list[str] = []
    tokens = text.replace("/", " ").split()
    while tokens:
        token = tokens.pop(0)
        if words and (DOTTED_DEGREE.match(token) or re.sub(r"[^a-z]", "", token) in BARE_DEGREES):
            continue  # a degree after the name, written without the comma
        head, dot, rest = token.partition(".")
        if dot and rest.strip("."):  # "A.Rahman", "H.Ahmad": two words written together
            tokens[:0] = [head + ".", rest]
            continue
        bare = re.sub(r"[^a-z0-9]", "", token)
        if not bare:
            continue
        if bare in PREFIX_TITLES and not words:
            continue  # a title before the name
        bare = ABBREVIATIONS.get(bare, bare)
        if bare.isalpha() and len(bare) > 1:
            bare = "muhamad" if MUHAMMAD.match(_spell(bare)) else _spell(bare)
        words.append(bare)
    if not words:  # a name made only of titles ("H."): keep what was written
        words = [re.sub(r"[^a-z]", "", t) for t in text.split() if re.sub(r"[^a-z]", "", t)]
    for i, word in enumerate(words):
        if word in FATHER_MARKERS and 0 < i < len(words) - 1:
            return Name(tuple(words[:i]), tuple(words[i + 1:]))
    return Name(tuple(words))


def _word_match(a: str, b: str) -> str | None:
    """'exact', 'initial' or 'typo' when two name words may be the same word; None otherwise."""
    if a == b:
        return "exact"
    if not (a.isalpha() and b.isalpha()):
        return None  # "Peserta 11" is not "Peserta 12"
    if len(a) == 1 or len(b) == 1:
        return "initial" if a[0] == b[0] else None
    # A different last letter is a different name, not a slip: Susanto and Susanti, Hendra and Hendri.
    if (min(len(a), len(b)) >= TYPO_MIN_LENGTH and a[-1] == b[-1]
            and Levenshtein.distance(a, b) <= TYPO_MAX_EDITS):
        return "typo"
    return None


def _aligned(short: tuple[str, ...], long: tuple[str, ...]) -> list[str] | None:
    """How the words of `short` match words of `long` in order (`long` may have extra words, such as a
    family name added: "Agus Salim" and "Agus Salim Harahap"); None when they do not."""
    kinds, j = [], 0
    for word in short:
        while j < len(long) and _word_match(word, long[j]) is None:
            j += 1
        if j == len(long):
            return None
        kinds.append(_word_match(word, long[j]))
        j += 1
    return kinds


def names_match(a: Name, b: Name) -> bool:
    """The name rule (the agency is checked by the caller)."""
    if not a.words or not b.words:
        return False
    if a.father and b.father and "".join(a.father) != "".join(b.father):
        return False
    # a father and his son: "Ahmad bin Yusuf" and "Yusuf"
    if a.father and "".join(b.words) == "".join(a.father) or b.father and "".join(a.words) == "".join(b.father):
        return False
    if "".join(a.words) == "".join(b.words):  # also "Nurhayati" = "Nur Hayati"
        return True
    short, long = sorted((a.words, b.words), key=len)
    if len(short) < len(long) and len(short) < 2:
        return False  # one shared given name is not enough ("Agus" and "Agus Setiawan")
    kinds = _aligned(short, long)
    if kinds is None or "exact" not in kinds and len(short) > 1:
        return False
    if len(short) < len(long) and "initial" in kinds:
        return False
    return kinds.count("typo") <= 1


def likely_same(a: Person, b: Person) -> str | None:
    """Why `a` and `b` are likely one person (`"nip"` or `"name"`), or None."""
    if a.nip and b.nip:
        return "nip" if a.nip == b.nip else None
    if a.agency is None or a.agency != b.agency:
        return None
    return "name" if names_match(parse_name(a.name), parse_name(b.name)) else None


# --- in a forum -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    participant: Participant
    reason: str  # "nip" or "name"


def likely_duplicates(event: Event, *, name: str, agency_id: int | None, nip: str | None = None,
                      exclude_id: int | None = None, limit: int = 5) -> list[Candidate]:
    """The registrations of this forum that are likely the person described (same NIP first)."""
    conditions = []
    if nip:
        conditions.append(Participant.nip == nip)
    if agency_id is not None:
        conditions.append(Participant.agency_id == agency_id)
    if not conditions:
        return []
    query = select(Participant).where(Participant.event_id == event.id, or_(*conditions))
    if exclude_id is not None:
        query = query.where(Participant.id != exclude_id)
    me = Person(name, agency_id, nip)
    found = []
    for other in db.session.scalars(query.order_by(Participant.id)):
        reason = likely_same(me, Person(other.name, other.agency_id, other.nip))
        if reason is not None:
            found.append(Candidate(other, reason))
    found.sort(key=lambda c: c.reason != "nip")
    return found[:limit]
