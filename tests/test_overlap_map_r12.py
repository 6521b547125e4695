"""Overlap detection: the clause map read once (round 12) — a word inside a name plays no role in the sentence, the
words of a listing of places, and a request's reason given first in any field. Each text is written for these tests
(none is copied from a labelled set)."""
from forum.services import overlap
from tests.test_overlap_reading_r10 import features

BORDER = ("Kabupaten Sambas", "Sajingan Besar", "")

# --- a word inside a name ---------------------------------------------------------------------------------

def test_an_asking_word_inside_a_hamlets_name_ends_no_reason():
    # "Harapan" names the hamlet here: the reason goes on to the comma, and the bridge is what is asked for
    reason = "Sebab jalan setapak ke Dusun Pulau Harapan tergenang tiap pasang, titian kayu"
    assert features(reason).kinds == {"bridge"}
    assert features("Sebab jalan setapak ke Dusun Harapan Indah tergenang tiap pasang, titian kayu").kinds == {"bridge"}
    # written plain where names are capitalised, "harapan" still asks
    asked = features("Sebab jalan setapak ke Dusun Pulau tergenang, harapan warga dibuatkan titian kayu")
    assert asked.kinds == {"bridge"}
    roles = features("Sebab jalan setapak ke Dusun Pulau Harapan tergenang, mohon dibuatkan titian kayu").reasons
    assert len(roles) >= 6


# --- the words of a listing of places ----------------------------------------------------------------------

def covered(title):
    return overlap.analysed(("input", 1), 1, [BORDER], title=title).covered


def test_a_list_word_between_two_works_lists_no_villages():
    # two works on one road between two villages: no listing, the road runs between them
    assert not covered("Pelebaran dan pengaspalan jalan antar Desa Sebunga Kaliau")
    assert not covered("Survei serta DED jalan Sebunga Kaliau")
    # a list word between two villages' names lists them
    assert covered("Pengaspalan jalan Desa Sebunga dan Desa Kaliau")
    assert covered("Pelebaran dan pengaspalan jalan Desa Sebunga serta Kaliau")


# --- a request's reason given first, in the activity field too ------------------------------------------------

def test_a_reason_the_activity_gives_before_its_request_adds_no_words():
    activity = "Sebab murid sering terlambat saat sungai meluap, masyarakat mengusulkan peninggian badan jalan"
    row = features("Usulan Musrenbang Dusun", activity=activity)
    assert row.kinds == {"road"}
    assert {"murid", "lambat", "sungai", "luap"}.isdisjoint(row.words)
    assert "jalan" in row.words
