"""Reading the cells of real plan spreadsheets: nomenclature codes that Excel turned into numbers, rupiah written
every way, targets with their unit, and locations in words ("Kec. Entikong, Kab. Sanggau", "Desa A, Desa B dan
Desa C", "se-Kecamatan Badau") resolved against the region list (services/regions.py).

Pure functions over text: no database. Each raises ValueError with a message in the user's language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from flask_babel import gettext as _

from forum.models.plans import PlanLevel
from forum.services import regions

# --- nomenclature codes ------------------------------------------------------------------------

# urusan · bidang urusan · program · kegiatan (two parts) · sub kegiatan: 1.03.10.2.01.0001
CODE_RE = re.compile(r"^[0-9X]{1,2}(\.[0-9X]{1,4}){0,5}$")
# the width of each part, for putting back the dots of a code Excel stored as a number (1.0302 → 1.03.02)
PART_WIDTHS = (1, 2, 2, 1, 2, 4)
LEVEL_BY_DEPTH = {3: PlanLevel.program, 5: PlanLevel.activity, 6: PlanLevel.sub_activity}
REFERENCE_LEVELS = {1: "urusan", 2: "bidang", 3: "program", 5: "activity", 6: "sub_activity"}


def _bad_code() -> ValueError:
    return ValueError(_("Write the nomenclature code with dots, e.g. 1.03.10.2.01.0001 (format the column as "
                        "Text so that Excel keeps the dots and zeros)."))


def digits_key(code: str) -> str:
    """What survives of a code stored as a number: its digits without trailing zeros (1.03.10 → "1031")."""
    return re.sub(r"[^0-9X]", "", code).rstrip("0")


class CodeBook:
    """A forum's reference list: code → (level, name), and the codes by `digits_key` to recognise mangled ones."""

    def __init__(self, entries):
        self.names: dict[str, tuple[str, str]] = {}
        self.by_digits: dict[str, list[str]] = {}
        for code, level, name in entries:
            self.names[code] = (level, name)
            self.by_digits.setdefault(digits_key(code), []).append(code)

    def __bool__(self) -> bool:
        return bool(self.names)

    def __contains__(self, code: str) -> bool:
        return code in self.names

    def resolve(self, code: str) -> str | None:
        """The listed code this one is, mangled or not; None when none (or more than one) fits."""
        if code in self.names:
            return code
        found = self.by_digits.get(digits_key(code), [])
        return found[0] if len(found) == 1 else None


def _rebuild(digits: str) -> str:
    """Dots back into a code from its digits by the nomenclature's part widths; a last part cut short by Excel
    dropping trailing zeros is padded (1.031 → 1.03.10)."""
    parts, rest = [], digits
    for width in PART_WIDTHS:
        if not rest:
            break
        part, rest = rest[:width], rest[width:]
        parts.append(part.ljust(width, "0"))
    if rest:
        raise _bad_code()
    return ".".join(parts)


def parse_code(text: str, book: CodeBook | None = None) -> str:
    """A nomenclature code as written ("1.03.10", " 1.03.10. ") or mangled by Excel ("1.0302", "1,0302", "10302");
    with a reference list it must be one of its codes. "" when empty."""
    raw = (text or "").strip().upper().replace(" ", "").rstrip(".")
    if not raw:
        return ""
    code = raw.replace(",", ".")
    mangled = not CODE_RE.match(code) or (code.count(".") <= 1 and len(code.split(".")[-1]) > 2)
    if book:
        found = book.resolve(code)
        if found is None:
            raise ValueError(_("The code %(code)s is not in the forum's reference list.", code=raw))
        return found
    if mangled:
        if not re.fullmatch(r"[0-9X]+(\.[0-9X]+)?", code):
            raise _bad_code()
        code = _rebuild(code.replace(".", ""))
    if not CODE_RE.match(code):
        raise _bad_code()
    return code


def code_depth(code: str) -> int:
    return code.count(".") + 1 if code else 0


def level_of(code: str, name: str = "") -> PlanLevel | None:
    """The level a row's code (else its name) says; None for an urusan or bidang heading row."""
    if code:
        depth = code_depth(code)
        if depth < 3:
            return None
        return LEVEL_BY_DEPTH.get(depth, PlanLevel.sub_activity if depth > 5 else PlanLevel.activity)
    lowered = name.strip().lower()
    if lowered.startswith("sub kegiatan") or lowered.startswith("subkegiatan"):
        return PlanLevel.sub_activity
    if lowered.startswith("kegiatan"):
        return PlanLevel.activity
    if lowered.startswith("program"):
        return PlanLevel.program
    return PlanLevel.sub_activity


LEVEL_WORDS = {"program": PlanLevel.program, "kegiatan": PlanLevel.activity, "activity": PlanLevel.activity,
               "sub kegiatan": PlanLevel.sub_activity, "subkegiatan": PlanLevel.sub_activity,
               "sub_activity": PlanLevel.sub_activity, "sub activity": PlanLevel.sub_activity}


def parse_level(text: str) -> PlanLevel | None:
    value = " ".join((text or "").lower().replace("-", " ").split())
    if not value:
        return None
    if value not in LEVEL_WORDS:
        raise ValueError(_("Write program, kegiatan or sub kegiatan."))
    return LEVEL_WORDS[value]


# --- targets ------------------------------------------------------------------------------------

_TARGET_RE = re.compile(r"^\s*(?P<number>[0-9][0-9.,]*)\s*(?P<unit>\S.*)?$")


def split_target(text: str, unit: str = "") -> tuple[str, str]:
    """("5", "km") from "5 km" when the file has no unit column; a target given with its unit stays as written."""
    text = (text or "").strip()
    unit = (unit or "").strip()
    if unit or not text:
        return text, unit
    match = _TARGET_RE.match(text)
    if match and match["unit"]:
        return match["number"], match["unit"].strip()
    return text, ""


# --- funding source -------------------------------------------------------------------------------

FUNDING = {"apbd": "APBD", "apbd provinsi": "APBD", "apbd prov": "APBD", "apbd kabupaten": "APBD",
           "dak": "DAK", "dak fisik": "DAK", "dak non fisik": "DAK", "bantuan keuangan": "Bantuan Keuangan",
           "bankeu": "Bantuan Keuangan", "bk": "Bantuan Keuangan", "apbn": "APBN", "dana desa": "Dana Desa",
           "dd": "Dana Desa"}


def funding_source(text: str) -> str:
    """APBD, DAK, Bantuan Keuangan, APBN or Dana Desa when recognised; anything else as written ("other")."""
    key = " ".join(re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).split())
    return FUNDING.get(key, (text or "").strip())


# --- locations ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Where:
    regency: str = ""
    district: str = ""
    village: str = ""
    area: bool = False

    def as_dict(self) -> dict:
        return {"regency": self.regency, "district": self.district, "village": self.village, "area": self.area}


_SPLIT = re.compile(r"\s*(?:[,;\n]|\bdan\b|&)\s*", re.I)
_SLASH = re.compile(r"\s*/\s*")
_AREA = re.compile(r"^(?:se[\s-]+|seluruh\s+|semua\s+(?:desa\s+(?:di\s+)?)?)", re.I)
_PREFIXES = (("regency", re.compile(r"^(?:kabupaten|kab\.?|kota)\s+", re.I)),
             ("district", re.compile(r"^(?:kecamatan|kec\.?)\s+", re.I)),
             ("village", re.compile(r"^(?:desa|ds\.?|kelurahan|kel\.?)\s+", re.I)))


@lru_cache(maxsize=1)
def _index() -> tuple[dict, dict, dict]:
    """(regencies, districts, villages) by comparison key: key → [(regency, district, village)]."""
    root = regions.province()
    by_regency: dict[str, list] = {}
    by_district: dict[str, list] = {}
    by_village: dict[str, list] = {}
    for r in root.children.values():
        for key in regions._aliases(r.name):
            by_regency.setdefault(key, []).append((r.name, "", ""))
        for d in r.children.values():
            for key in regions._aliases(d.name):
                by_district.setdefault(key, []).append((r.name, d.name, ""))
            for v in d.children.values():
                for key in regions._aliases(v.name):
                    by_village.setdefault(key, []).append((r.name, d.name, v.name))
    return by_regency, by_district, by_village


def _narrow(found: list, regency: str, district: str) -> list:
    return [f for f in found if (not regency or f[0] == regency) and (not district or f[1] == district)]


def _parts(text: str) -> list[tuple[str, str, bool]]:
    """(level or "", name, area) for each comma-, "dan"- or slash-separated part of a location cell; a slash inside a
    name the region list writes with one ("Desa Sei/Sungai Ayak I", as the list and the Renja export write it)
    separates nothing."""
    out = []
    for piece in _SPLIT.split(text or ""):
        part = _part(piece)
        if part and "/" in part[1] and not _listed(part[1]):
            out += [p for p in map(_part, _SLASH.split(piece)) if p]
        elif part:
            out.append(part)
    return out


def _part(piece: str) -> tuple[str, str, bool] | None:
    part = piece.strip(" .")
    area = bool(_AREA.match(part))
    part = _AREA.sub("", part).strip()
    level = ""
    for name, prefix in _PREFIXES:
        if prefix.match(part):
            level, part = name, prefix.sub("", part).strip()
            break
    return (level, part, area) if part else None


def _listed(name: str) -> bool:
    """Whether the region list knows `name` (a regency, sub-district or village) written so."""
    key = regions._key(name)
    return any(key in names for names in _index())


def _not_found(name: str) -> ValueError:
    return ValueError(_("“%(name)s” is not a place of the region list (write e.g. “Desa Sebunga, Kec. Sajingan "
                        "Besar, Kab. Sambas”).", name=name))


def _ambiguous(name: str) -> ValueError:
    return ValueError(_("“%(name)s” names more than one place: add the sub-district or regency (e.g. “Kec. "
                        "Entikong, Kab. Sanggau”).", name=name))


def _classify(parts, by_regency, by_district) -> dict[str, list[tuple[str, bool]]]:
    """The parts by level: a prefix says it; an unprefixed name is a regency, else a sub-district, else a village."""
    out: dict[str, list[tuple[str, bool]]] = {"regency": [], "district": [], "village": []}
    for level, name, wide in parts:
        key = regions._key(name)
        if not level:
            level = "regency" if key in by_regency else "district" if key in by_district else "village"
        out[level].append((name, wide))
    return out


def _one(found: list, name: str) -> tuple[str, str, str]:
    if not found:
        raise _not_found(name)
    if len(set(found)) > 1:
        raise _ambiguous(name)
    return found[0]


def parse_location(text: str) -> list[Where]:
    """The places a location cell names, each as official names of the region list: one per village, else one per
    sub-district, else one per regency. `area`: the row covers the whole place ("se-Kecamatan Badau", "seluruh
    desa", or a regency named alone)."""
    return list(_places_named(text or ""))


@lru_cache(maxsize=8192)
def _places_named(text: str) -> tuple[Where, ...]:
    """parse_location's answer, kept per cell text: a file names the same villages row after row (the region list
    is read once per process too; a bad cell raises every time, in the language of the moment)."""
    parts = _parts(text)
    if not parts:
        return ()
    by_regency, by_district, by_village = _index()
    named = _classify(parts, by_regency, by_district)
    regencies = [(_one(by_regency.get(regions._key(n), []), n)[0], wide) for n, wide in named["regency"]]
    within = regencies[0][0] if len(regencies) == 1 else ""
    districts = [(_one(_narrow(by_district.get(regions._key(n), []), within, ""), n), wide)
                 for n, wide in named["district"]]
    villages = []
    for name, wide in named["village"]:
        found = by_village.get(regions._key(name), [])
        if districts:
            found = [f for f in found if any(f[:2] == d[:2] for d, _w in districts)]
        elif within:
            found = _narrow(found, within, "")
        r, d, v = _one(found, name)
        villages.append(Where(r, d, v, wide))
    if villages:
        return tuple(dict.fromkeys(villages))
    if districts:
        return tuple(dict.fromkeys(Where(d[0], d[1], "", wide) for d, wide in districts))
    return tuple(dict.fromkeys(Where(r, "", "", True) for r, _wide in regencies))


def describe_location(places) -> str:
    """Back into words for a spreadsheet cell: "Desa Sebunga, Desa Kaliau, Kec. Sajingan Besar, Kab. Sambas"."""
    words: list[str] = []
    for place in places:
        if place.village:
            words.append(f"Desa {place.village}")
    seen_d = list(dict.fromkeys((p.district, p.area) for p in places if p.district))
    for d, wide in seen_d:
        words.append(("se-Kecamatan " if wide else "Kec. ") + d)
    for r in dict.fromkeys(p.regency for p in places if p.regency):
        words.append(r if r.lower().startswith(("kabupaten", "kota")) else f"Kab. {r}")
    return ", ".join(words)
