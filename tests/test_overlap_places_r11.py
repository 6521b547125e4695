"""Places read from a title listing several villages (issue 16, round 11)."""
from forum.services import overlap
from forum.services.overlap import places


def test_a_village_name_two_sub_districts_share_is_read_in_the_items_own(app):
    # "Kayu Ara" is a village of two sub-districts of Landak: a proposal filed for Mandor means Mandor's
    names = places.names_of("Kabupaten Landak")
    assert {d for d, _v in names.every(("kayu", "ara"))} >= {"mandor", "jelimpo"}
    listing = overlap.analysed(1, 1, [("Kabupaten Landak", "Mandor", "")],
                               title="Bantuan kandang ayam kampung untuk 2 desa: Kayu Ara dan Bebatung")
    assert ("landak", "mandor", "kayu ara") in listing.places
    assert all(district == "mandor" for _r, district, _v in listing.places)


def test_a_listing_filed_for_the_sub_district_meets_one_of_its_villages(app):
    listing = overlap.analysed(1, 1, [("Kabupaten Landak", "Mandor", "")],
                               title="Bantuan kandang ayam kampung untuk 2 desa: Kayu Ara dan Bebatung")
    one = overlap.analysed(2, 2, [("Kabupaten Landak", "Mandor", "Kayu Ara")],
                           title="Kandang ayam kampung kelompok ternak Desa Kayu Ara")
    assert overlap.explain(listing, one)["place"] == "same_village"


def test_a_code_cell_holding_the_sub_activitys_name_too_is_the_same_code(app):
    plain = overlap.item(1, 1, [("Kabupaten Landak", "Mandor", "")], overlap.signature("Rehab gedung posyandu"),
                         "2.07.04.2.02.0011")
    named = overlap.item(2, 2, [("Kabupaten Landak", "Mandor", "")], overlap.signature("Rehab gedung posyandu"),
                         "Kode 2.07.04.2.02.0011 - Rehabilitasi Sarana Posyandu")
    other = overlap.item(3, 3, [("Kabupaten Landak", "Mandor", "")], overlap.signature("Rehab gedung posyandu"),
                         "2.07.04.2.02.0012 Rehabilitasi Sarana Posyandu")
    assert overlap.same_code(plain, named)
    assert not overlap.same_code(named, other)


def test_a_village_named_after_a_colon_is_a_village_even_where_its_sub_district_shares_the_name(app):
    # Entikong is a sub-district of Sanggau and its town village: "desa: Entikong" names the village
    listing = overlap.analysed(1, 1, [("Kabupaten Sanggau", "Entikong", "")],
                               title="Penerangan jalan tenaga surya di 2 desa: Entikong, Pala Asang")
    assert ("sanggau", "entikong", "entikong") in listing.places


def test_villages_written_as_a_range_are_places_the_item_covers_not_names_of_its_asset(app):
    # "Desa A s/d B" lists villages; the last one is no name of the tower that could clash with the other's hamlet
    listing = overlap.analysed(1, 1, [("Kabupaten Landak", "Mandor", "")],
                               title="Pembangunan menara telekomunikasi Desa Kayu Ara s/d Bebatung")
    one = overlap.analysed(2, 2, [("Kabupaten Landak", "Mandor", "Kayu Ara")],
                           title="Menara telekomunikasi untuk Dusun Pelita, Desa Kayu Ara")
    verdict = overlap.explain(listing, one)
    assert verdict["place"] == "same_village"
    assert not any(v["code"] == "different_names" for v in verdict["vetoes"])


def test_a_shared_asset_name_with_a_list_of_villages_on_one_side_is_one_asset(app):
    # both name the prayer house "Nurul Iman"; the villages one lists beside it are places it covers, not a second name
    listing = overlap.analysed(1, 1, [("Kabupaten Landak", "Mandor", "")],
                               title="Rehab surau Nurul Iman Kec. Mandor (Desa Kayu Ara, Desa Bebatung)")
    one = overlap.analysed(2, 2, [("Kabupaten Landak", "Mandor", "Kayu Ara")],
                           title="Rehabilitasi Surau Nurul Iman Dusun Pelita")
    verdict = overlap.explain(listing, one)
    assert not any(v["code"] == "different_names" for v in verdict["vetoes"])


def test_a_code_pasted_into_the_title_counts_when_the_code_cell_is_empty(app):
    place = [("Kabupaten Landak", "Mandor", "")]
    pasted = overlap.item(1, 1, place, overlap.signature("2.07.04.2.02.0011 Rehabilitasi Sarana Posyandu Melati"))
    coded = overlap.item(2, 2, place, overlap.signature("Rehab gedung posyandu Melati"), "2.07.04.2.02.0011")
    other = overlap.item(3, 3, place, overlap.signature("Rehab gedung posyandu Melati"), "2.07.04.2.02.0012")
    assert overlap.same_code(pasted, coded)
    assert not overlap.same_code(pasted, other)


def test_a_measure_in_a_title_is_no_code(app):
    place = [("Kabupaten Landak", "Mandor", "")]
    measured = overlap.item(1, 1, place, overlap.signature("Peningkatan jalan 1.250 m lebar 3.5 m"))
    assert measured.code == ""


def test_a_village_named_by_an_ordinary_word_at_the_end_of_a_range_is_a_village(app):
    # "Keramas" is a word and a village of Mandor: "Desa Bebatung s/d Keramas" lists it as the range's end
    ranged = overlap.analysed(1, 1, [("Kabupaten Landak", "Mandor", "")],
                              title="Pemasangan lampu tenaga surya Desa Bebatung s/d Keramas")
    assert ("landak", "mandor", "keramas") in ranged.places
