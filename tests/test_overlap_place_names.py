"""The places named in an overlap's reasons read as the region list writes them: "Semangit (Semanget)", the
official name with its alias in brackets, not the form the detector compares ("Semangit Semanget")."""
from __future__ import annotations

from forum.services import overlap


def reasons_of(a_title: str, b_title: str, place: tuple[str, str, str]) -> list[str]:
    a = overlap.analysed(("input", 1), 1, [place], title=a_title)
    b = overlap.analysed(("input", 2), 2, [place], title=b_title)
    match = overlap.score(a, b)
    assert match.relation == "overlap"
    return overlap.describe(match.reasons)


def test_a_village_with_an_alias_is_named_as_the_region_list_writes_it(app):
    with app.test_request_context():
        reasons = reasons_of("Peningkatan jalan desa", "Peningkatan jalan desa Semangit",
                             ("Kabupaten Sanggau", "Entikong", "Semangit (Semanget)"))
    assert "Same village: Semangit (Semanget)" in reasons
    assert not any("Semangit Semanget" in r for r in reasons)


def test_a_village_and_a_sub_district_with_slashes_keep_their_official_names(app):
    with app.test_request_context():
        village = overlap.describe([{"code": "place", "relation": "same_village", "name": "bani amas emas"}])
        district = overlap.describe([{"code": "place", "relation": "same_district", "name": "entikong"}])
    assert village == ["Same village: Bani Amas/Emas"]
    assert district == ["Same sub-district: Entikong"]


def test_a_name_the_region_list_does_not_hold_is_capitalised_as_before(app):
    with app.test_request_context():
        assert overlap.describe([{"code": "place", "relation": "same_regency", "name": "sanggau"}]) == [
            "Both regency-wide: Sanggau"]
