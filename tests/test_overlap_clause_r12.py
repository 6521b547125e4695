"""Overlap detection: one clause map of a title (which words ask for the work and which say why), read by the
analysis and by the scoring alike, and what reading it once makes right. Each text is written for these tests (none
is copied from a labelled set)."""
from forum.services.overlap import analysis
from tests.test_overlap_tidy_r11 import features, item, verdict

# --- one clause map, stored with the item ----------------------------------------------------------------

def test_the_signature_keeps_which_words_of_the_title_say_why():
    row = features("Pembangunan pos ronda karena warga kampung harus berjaga ke Tebing Rawan")
    said = {row.title_seq[i] for i in row.reasons}
    assert {"karena", "berjaga", "ke", "tebing"} <= said and "ronda" not in said
    assert analysis.load(analysis.dump(row)).reasons == row.reasons
    # a title that is no sentence stores no map
    assert features("Pembangunan pos ronda dusun").title_roles == ""


def test_where_people_go_in_a_reason_with_a_negated_asking_word_is_no_end_of_the_route():
    # "tidak perlu" asks for nothing: the purpose clause goes on, and "ke Lubok Serasi" is where mothers go
    title = "Bangun polindes supaya ibu hamil tidak perlu diantar ke Lubok Serasi"
    assert item(title, 1).place_names == frozenset()
    assert verdict(title, "Pembangunan polindes di dusun Kebong Hilir")["flagged"]


def test_a_reason_goes_on_past_a_comma_until_a_clause_asks():
    # the second clause still tells why; the request comes after it
    title = "Karena sumur gali kering, warga mengangkut air ke Pancur Bening, mohon dibuatkan sumur bor"
    assert item(title, 1).place_names == frozenset()
    assert verdict(title, "Pembuatan sumur bor di dusun Kebong Hilir")["flagged"]


# --- a reason given before the request ----------------------------------------------------------------------

def test_a_reason_given_before_the_request_adds_nothing_to_its_wording():
    # two unknown objects: the wording alone says they are the same goods, and the feast that comes first is no part
    asked = ("Sebab setiap kenduri warga meminjam periuk besar dari kampung sebelah yang sering rusak, kami usul "
             "periuk besar dan kuali untuk dusun")
    found = verdict(asked, "Pengadaan periuk besar dan kuali dusun")
    assert found["flagged"] and found["text"] > 0.9
    assert "kenduri" not in features(asked).words
    # the reason's words stay where names are read: the asset it tells of may be the one asked for
    assert "kenduri" in features(asked).title_seq


def test_a_request_that_names_no_object_keeps_the_words_of_its_reason():
    # "mohon diperbaiki" asks for work on what the reason named: its words are the request's
    said = features("Karena atap balai adat bocor di banyak titik, mohon segera diperbaiki")
    assert {"atap", "balai", "titik"} <= said.words


# --- a plain word after "ke" is no place ---------------------------------------------------------------------

def test_a_word_written_plain_after_ke_is_no_place_where_the_title_capitalises_its_names():
    crowded = "Gedung Posyandu Melati sempit, ibu-ibu antre sampai ke teras, mohon posyandu diperluas"
    assert "teras" not in item(crowded, 1).place_names
    assert verdict(crowded, "Perluasan gedung Posyandu Melati di Dusun Sejahtera")["flagged"]
    assert verdict("Warga Kebong bingung membawa sampah ke mana, mohon tempat pembuangan sampah sementara",
                   "Pembangunan TPS di Dusun Sejahtera")["flagged"]


def test_a_capitalised_end_and_a_title_all_in_one_case_keep_their_route_names():
    assert {"tapang", "ampar"} <= item("Jalan dari Tapang ke Ampar masih tanah, mohon diaspal", 1).place_names
    assert "ampar" in item("jalan ke ampar masih tanah mohon diaspal", 1).place_names
    assert "ampar" in item("PENINGKATAN JALAN KE AMPAR", 1).place_names
    # a common word written plain before a capitalised name is passed over, as the common words of a hamlet's name are
    assert "merasap" in item("Pembangunan jalan ke riam Merasap", 1).place_names


# --- a road's ends linked by a hyphen, then the villages it runs through ----------------------------------------

def test_two_roads_linked_by_a_hyphen_from_one_village_to_two_others_stay_apart_beside_their_village_lists():
    one = "Peningkatan jalan Kebong-Bengkuang, Desa Kebong dan Desa Bengkuang"
    assert {"kebong", "bengkuang"} <= features(one).route_ends
    assert not verdict(one, "Peningkatan jalan Kebong-Merpak, Desa Kebong dan Desa Merpak")["flagged"]
    # the same road written with a spaced dash and no list is the same road
    assert verdict(one, "Pengaspalan jalan Kebong - Bengkuang")["flagged"]


def test_a_dash_between_two_villages_is_a_route_only_for_a_road():
    # a stretch of a riverbank along two villages covers both; it runs to no end
    assert verdict("Pembangunan turap sungai Kebong - Merpak", "Pembangunan turap sungai di Merpak")["flagged"]
