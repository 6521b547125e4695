"""Structured reasons (as stored with a flagged pair) → sentences in the current language.

The sentence frames go through gettext; the names of the kinds of work come from the lexicon, which carries
an Indonesian and an English label for each (reviewable data, like the terms)."""
from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum.services.overlap.lexicon import lexicon
from forum.services.overlap.places import official_name

PLACES = {"same_village": _l("Same village: %(name)s"), "same_district": _l("Same sub-district: %(name)s"),
          "district_covers": _l("One covers the other's sub-district: %(name)s"),
          "regency_covers": _l("One covers the whole regency that holds the other: %(name)s"),
          "same_regency": _l("Both regency-wide: %(name)s")}
PHASES = {"study": _l("design study"), "supervision": _l("supervision"), "land": _l("land acquisition"),
          "works": _l("construction")}
OBJECTS = {"same_object": _l("Same object: %(words)s"), "abbreviation": _l("Abbreviation read as: %(words)s"),
           "spelling": _l("Same object, spelled otherwise: %(words)s")}
VETOES = {"same_agency": _l("the same agency"), "different_places": _l("the places do not meet"),
          "other_villages": _l("different villages of one sub-district"),
          "different_kinds": _l("different kinds of work: %(a)s / %(b)s"),
          "different_commodities": _l("different commodities: %(a)s / %(b)s"),
          "different_facilities": _l("different institutions: %(a)s / %(b)s"),
          "institution_and_public": _l("an institution's own asset (%(a)s) against the community's"),
          "different_numbers": _l("different institutions: no. %(a)s / no. %(b)s"),
          "different_sections": _l("different sections: %(a)s / %(b)s"),
          "different_ordinals": _l("different assets of one kind by their order: no. %(a)s / no. %(b)s"),
          "different_uses": _l("assets of one kind for different uses or of different builds: %(a)s / %(b)s"),
          "different_names": _l("differently named assets or route ends: %(a)s / %(b)s"),
          "abbreviation_only": _l("only an abbreviation read alike (%(words)s), the wording differs"),
          "training_and_works": _l("training or outreach against building or supplying"),
          "grounds_and_road": _l("a path in the grounds of a building against a public road"),
          "neighbourhood_and_through": _l("a neighbourhood road or drain against a through road"),
          "use_and_through": _l("a road to the fields or a site against a through road"),
          "new_and_repair": _l("a new asset beside the existing one against repairing the existing one"),
          "kind_only_mentioned": _l("%(kinds)s named only in passing, the wording differs")}


def kind_label(concept_id: str) -> str:
    """The lexicon's name of a kind of work in the current language (the word itself when unknown)."""
    concept = lexicon().concepts.get(concept_id)
    if concept is None:
        return concept_id
    locale = get_locale()
    return concept.id_label if locale is not None and locale.language == "id" else concept.en


def _title(name: str) -> str:
    """A place as the region list writes it ("Semangit (Semanget)", not its stored form); else capitalised."""
    return official_name(str(name)) or " ".join(w.capitalize() if w.islower() else w for w in str(name).split())


def _labels(values) -> str:
    return ", ".join(kind_label(v) for v in values or ())


def describe(reasons) -> list[str]:
    """Structured reasons → plain sentences in the current locale."""
    out = []
    for reason in map(_current, reasons or ()):
        code = reason.get("code") if isinstance(reason, dict) else None
        if isinstance(reason, str):  # stored before reasons were structured
            out.append(reason)
        elif code in ("place", "place_read"):
            out += _place(reason)
        elif code == "kind":
            frame = (_("Same kind of work (one general, one specific): %(kinds)s") if reason.get("general")
                     else _("Same kind of work: %(kinds)s"))
            out.append(frame % {"kinds": _labels(reason.get("kinds"))} if "%(kinds)s" in frame else frame)
        elif code == "kind_mentioned":
            out.append(_("Same kind of work, named beside another word: %(kinds)s",
                         kinds=_labels(reason.get("kinds"))))
        elif code in OBJECTS:
            out.append(str(OBJECTS[code]) % {"words": ", ".join(reason.get("words", ()))})
        elif code == "phrase":
            out.append(_("Same object read from the wording alone: %(words)s (key phrases %(percent)d%% alike in "
                         "their letters)", words=", ".join(reason.get("words", ())),
                         percent=round(100 * reason.get("similarity", 0))))
        elif code == "wording":
            out.append(_("Similar wording (%(percent)d%%): %(words)s", percent=round(100 * reason.get("similarity", 0)),
                         words=", ".join(reason.get("words", ())) or "–"))
        elif code == "typos":
            out.append(_("Spelling read as: %(words)s",
                         words=", ".join(w.replace(">", " → ") for w in reason.get("words", ()))))
        elif code == "same_code" and reason.get("level") == "activity":
            out.append(_("Same activity code (kegiatan) %(code)s", code=reason.get("value", "")))
        elif code == "same_code":
            out.append(_("Same nomenclature code %(code)s", code=reason.get("value", "")))
        elif code == "same_institution":
            out.append(_("The same numbered institution: no. %(numbers)s",
                         numbers=", ".join(map(str, reason.get("numbers", ())))))
        elif code == "phases":
            out.append(_("Phases of one work: %(phases)s",
                          phases=" / ".join(str(PHASES.get(p, p)) for p in reason.get("phases", ()))))
        elif code in VETOES:
            out.append(describe_veto(reason))
    return out


def place_read(input_id: int, place: tuple[str, str, str]) -> dict:
    """The reason that says a proposal of a pair, sent without a location, was placed where its texts name
    (`place`: regency, district, village as the region list writes them)."""
    return {"code": "place_read", "input_id": input_id, "name": next((p for p in reversed(place) if p), "")}


def _place(reason: dict) -> list[str]:
    """Where the pair meets; or that a proposal of it, sent without a location, was placed where its texts name."""
    if reason["code"] == "place_read":
        return [_("No location given: the place of proposal #%(id)s was read from its text: %(name)s",
                  id=reason.get("input_id", ""), name=_title(reason.get("name", "")))]
    if reason.get("relation") in PLACES:
        return [str(PLACES[reason["relation"]]) % {"name": _title(reason.get("name", ""))}]
    return []


def _current(reason):
    """A reason stored by the earlier detector, in today's shape (its pairs stay until the proposal changes)."""
    if not isinstance(reason, dict):
        return reason
    code = reason.get("code")
    if code in ("same_village", "same_district", "same_regency"):
        return {"code": "place", "relation": code, "name": reason.get("name", "")}
    if code == "topic":
        return {"code": "kind", "kinds": reason.get("topics", [])}
    if code == "similar_words":
        return {"code": "wording", "similarity": 0, "words": reason.get("words", [])}
    return reason


def describe_veto(veto: dict) -> str:
    """Why a pair cannot be flagged, in the current language."""
    frame = str(VETOES.get(veto.get("code"), veto.get("code", "")))
    labelled = veto.get("code") in ("different_kinds", "different_facilities", "institution_and_public",
                                    "kind_only_mentioned")
    values = {k: (_labels(v) if labelled else ", ".join(map(str, v)))
              for k, v in veto.items() if k in ("a", "b", "kinds", "words")}
    return frame % values if values else frame
