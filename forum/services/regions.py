"""The region list: regency (kabupaten/kota) → sub-district (kecamatan) → village (desa/kelurahan).

Data from the `areaid` package (Indonesian administrative areas), not typed by hand. A proposal's
location must name places of this list; details go into free text (`location.detail`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from flask_babel import gettext as _

DEFAULT_PROVINCE = "kalimantan barat"


def _key(name: str) -> str:
    """A comparison key: lower case, no prefixes, no punctuation ("Kab. Sambas" → "sambas")."""
    name = name.lower().strip()
    name = re.sub(r"^(kabupaten|kab\.?|kota|kecamatan|kec\.?|desa|kelurahan|kel\.?)\s+", "", name)
    name = re.sub(r"\bsei\b", "sungai", name)
    return re.sub(r"[^a-z0-9]+", " ", name).strip()


def _aliases(name: str) -> set[str]:
    """"Sei/Sungai Bening" and "Pala Asang (Palapasang)" are each known by several names."""
    names = {name}
    names.update(part for part in re.split(r"[/()]", name) if part.strip())
    if "/" in name:
        head, _slash, tail = name.partition("/")
        rest = tail.split(" ", 1)[1] if " " in tail else ""
        names.update({f"{head} {rest}".strip(), tail})
    return {_key(n) for n in names if _key(n)}


@dataclass
class Place:
    name: str
    children: dict[str, Place] = field(default_factory=dict)
    index: dict[str, str] = field(default_factory=dict)  # alias key → child name

    def add(self, child: Place) -> None:
        self.children[child.name] = child
        for alias in _aliases(child.name):
            self.index.setdefault(alias, child.name)

    def find(self, name: str) -> Place | None:
        found = self.index.get(_key(name))
        return self.children.get(found) if found else None


@lru_cache(maxsize=4)
def province(name: str = DEFAULT_PROVINCE) -> Place:
    from areaid import buka_data

    data = buka_data(name)[0]
    root = Place(data["provinsi"])
    for regency in data["kabupaten"]:
        r = Place(regency["kab_kota"])
        for district in regency["kecamatan"]:
            d = Place(district["kec"])
            for village in district["kelurahan"]:
                d.add(Place(village["kelu"]))
            r.add(d)
        root.add(r)
    return root


def _not_in(level: str, name: str, parent: Place) -> str:
    """The message for a name that is not a place of this level below the parent."""
    if level == "regency":
        return _("“%(name)s” is not a regency or city of %(province)s.", name=name, province=parent.name)
    if level == "district":
        return _("“%(name)s” is not a sub-district of %(regency)s.", name=name, regency=parent.name)
    return _("“%(name)s” is not a village of %(district)s.", name=name, district=parent.name)


def resolve(regency: str, district: str = "", village: str = "", *, province_name: str = DEFAULT_PROVINCE
            ) -> tuple[dict[str, str], dict[str, str]]:
    """The official names for a location, and field errors for what is not in the list."""
    errors: dict[str, str] = {}
    out = {"regency": "", "district": "", "village": ""}
    if not regency:
        if district or village:
            errors["location.regency"] = _("Choose the regency first.")
        return out, errors
    parent = province(province_name)
    for level, name in (("regency", regency), ("district", district), ("village", village)):
        if not name:
            if level == "district" and village:
                errors["location.district"] = _("Choose the sub-district of this village.")
            break
        place = parent.find(name)
        if place is None:
            errors[f"location.{level}"] = _not_in(level, name, parent)
            break
        out[level] = place.name
        parent = place
    return out, errors


def tree(province_name: str = DEFAULT_PROVINCE) -> dict:
    """{regency: {district: [villages]}} for the pickers on the input form."""
    root = province(province_name)
    return {r.name: {d.name: sorted(d.children) for d in r.children.values()} for r in root.children.values()}


def place_words() -> set[str]:
    """Every word of every place name, for removing places from activity texts."""
    words: set[str] = set()
    for r in province().children.values():
        words.update(_key(r.name).split())
        for d in r.children.values():
            words.update(_key(d.name).split())
            for v in d.children.values():
                words.update(_key(v.name).split())
    return words
