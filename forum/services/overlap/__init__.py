"""Overlap detection (*tumpang tindih*): the same work in the same place, proposed or planned twice — one
detector for live proposals (inputs) and plan rows (Renja, Musrenbang, pokir), with the same reasons.

Stable entry API (everything else in the package is internal):

    signature(title, activity, sub_activity, program, problem, *, body, regency) -> str
        the analysed texts, stored once per item (Input.match_text, PlanItem.match_text), led by the version
        of the analysis (the lexicon file's content and analysis.ANALYSIS_VERSION);
    is_current(signature) -> bool, version_prefix() -> str
        whether a stored signature is this analysis's (a prefix comparison; else the item is analysed again:
        services/overlap_signatures.py), and the prefix, for SQL;
    item(key, agency_id, places, match_text, code="") -> Item
        an item from its stored signature; `places` = [(regency, district, village), ...] with "" for
        "the whole sub-district / regency" (a row may name several);
    analysed(key, agency_id, places, *, title, activity="", sub_activity="", program="", problem="",
             body="", code="") -> Item
        the same, analysing the texts now (tests, benchmarks, explain);
    score(a, b) -> Match(score, relation, reasons)
        relation "overlap", "related" (phases of one work: a design study and the construction) or None;
    candidates(new, existing, include_related=False) -> [(key, Match)], best first
        (never the same agency, never the item itself);
    topics(features, code) -> frozenset
        what an item is met under: the Index's blocking and the SQL first cut of a forum (its signature's "^"
        tokens) read the same sets;
    Index(items).candidates(new) / Index(items).pairs()
        the same with blocking by place (village, sub-district, regency) and broad kind of work (10,000 items,
        15,000-row forums);
    explain(a, b) -> dict
        every part of the verdict (place, kind, text similarity, code, phases, vetoes, score, threshold);
    describe(reasons) -> [str], describe_veto(veto) -> str
        sentences in the current language;
    place_in_text(title, activity, sub_activity, problem, body) -> (regency, district, village)
        the one place the texts of an item sent without a location name (places.place_in_texts), else empty;
    place_read(input_id, place) -> reason
        the reason that a proposal of a pair was placed where its texts name.

How it decides: see scoring.py (vetoes, then evidence), analysis.py (normalisation, heads, the signature),
places.py (containment), lexicon.py and forum/data/overlap_lexicon.yaml (the vocabulary, as data).
"""
from __future__ import annotations

from forum.services.overlap import analysis, places, scoring
from forum.services.overlap.analysis import is_current, version_prefix
from forum.services.overlap.reasons import describe, describe_veto, kind_label, place_read
from forum.services.overlap.scoring import THRESHOLD, Index, Item, Match, candidates, explain, same_code, score, topics

__all__ = ["THRESHOLD", "Index", "Item", "Match", "analysed", "candidates", "describe", "describe_veto", "explain",
           "is_current", "item", "kind_label", "place_in_text", "place_read", "same_code", "score", "signature",
           "topics", "version_prefix"]


def signature(title: str, activity: str = "", sub_activity: str = "", program: str = "", problem: str = "", *,
              body: str = "", regency: str = "") -> str:
    """What is stored for an item: its analysed texts (see analysis.py), place names of `regency` known."""
    features = analysis.analyse(title, activity, sub_activity, program, problem, body=body, regency=regency)
    return analysis.dump(features, scoring.topics(features, features.code))


def _places(given, features: analysis.Features) -> tuple:
    base = [places.place_of(*p) for p in given if p and p[0]]
    if len(base) != 1:
        return tuple(sorted(set(base)))
    found = places.Mentions(set(features.mentions), set(features.district_mentions), features.area, [])
    return places.places_with_mentions(base[0], found)


def item(key, agency_id, given_places, match_text: str, code: str = "") -> Item:
    """An item from its stored signature and its places [(regency, district, village), ...]."""
    features = analysis.load(match_text)
    return Item(key, agency_id, _places(given_places, features), features, (code or features.code).strip())


def analysed(key, agency_id, given_places, *, title: str, activity: str = "", sub_activity: str = "",
             program: str = "", problem: str = "", body: str = "", code: str = "") -> Item:
    """An item analysed from its texts now (the regency of its first place names the places in them)."""
    regency = next((p[0] for p in given_places if p and p[0]), "")
    features = analysis.analyse(title, activity, sub_activity, program, problem, body=body, regency=regency)
    return Item(key, agency_id, _places(given_places, features), features, (code or features.code).strip())


def place_in_text(title: str, activity: str = "", sub_activity: str = "", problem: str = "", body: str = "") -> tuple:
    """The one place (regency, district, village) the texts of an item sent without a location name, as the region
    list writes it; ("", "", "") when they name none or not one unambiguously (places.place_in_texts)."""
    fields = [analysis.raw_tokens(t) for t in (title, activity, sub_activity, problem, body[:analysis.MAX_BODY_READ])]
    return places.place_in_texts([f for f in fields if f])
