"""Overlap lexicon, vocabulary coverage written from general Indonesian planning usage (no labelled set read): official
acronyms, regional and loan words, and spellings of kinds of work the lexicon knows. Each title is new wording."""
import pytest

from forum.services.overlap import analysis


def kinds(title):
    return analysis.analyse(title, regency="Kabupaten Sambas").kinds


ROADS_AND_TRANSPORT = [
    ("Pelapisan lataston dusun hilir", "road"),
    ("Pembangunan trotoar sepanjang pasar lama", "road"),
    ("Penataan jalur pedestrian alun alun", "road"),
    ("Pemasangan konblok RT 03 dusun hulu", "road"),
    ("Sidewalk Construction near the market", "road"),
    ("Pembangunan JPO depan SDN 4", "bridge"),
    ("Footbridge construction over the creek", "bridge"),
    ("Pengadaan jukung untuk warga seberang", "boat"),
    ("Pengadaan tongkang pengangkut material", "boat"),
    ("Pengadaan bus air trayek hulu hilir", "boat.passenger"),
    ("Pengadaan taksi air antar dusun", "boat.passenger"),
    ("Pengadaan ojek air penyeberangan sungai", "boat.passenger"),
    ("Pembangunan helipad di ibukota kecamatan", "transport.airstrip"),
    ("Pemasangan LPJU di simpang empat", "light"),
    ("Pemasangan penerangan jalan lingkungan RT 05", "light"),
    ("Pemasangan lampu sel surya di gang mawar", "light"),
]


WATER_AND_SANITATION = [
    ("Pembangunan HIPPAM dusun tengah", "water"),
    ("Perluasan SAB untuk RT 07", "water"),
    ("Pemasangan kran umum dekat balai", "water"),
    ("Pembangunan pompa hidram mata air bukit", "water"),
    ("Pengadaan alat penjernih air gambut", "water"),
    ("Pemasangan pipa transmisi ke dusun baru", "water"),
    ("Pemasangan meteran air pelanggan", "water"),
    ("Water pipeline installation for the hamlet", "water"),
    ("Pengadaan kloset jongkok warga", "sanitation"),
    ("Pembangunan cubluk warga miskin", "sanitation.household"),
    ("Pengadaan biotank untuk rumah warga", "sanitation.household.onsite"),
    ("Pembangunan TPST skala kawasan", "waste.processing"),
    ("Kegiatan P3-TGAI daerah hamparan", "irrigation"),
    ("Pembangunan tali air persawahan hilir", "irrigation"),
    ("Pembangunan saluran kuarter blok sawah", "irrigation"),
    ("Floodgate construction on the main ditch", "irrigation"),
    ("Pemasangan beronjong tepi sungai", "bank"),
    ("Embankment construction along the river", "bank"),
    ("Pembuatan septic untuk rumah warga", "sanitation.household.onsite"),
    ("Pembuatan septic komunal RT 02", "sanitation.septic"),
    ("Perbaikan riol di kompleks pasar", "drainage"),
    ("Pembangunan saluran pembuang RT 09", "drainage"),
]

HEALTH_AND_EDUCATION = [
    ("Rehab ruang rawat inap RSU", "health.hospital"),
    ("Pembangunan gedung RSIA kabupaten", "health.hospital"),
    ("Rehab pusban dusun hulu", "health.aux"),
    ("Rehab puskes pembantu dusun hilir", "health.aux"),
    ("Perluasan cakupan jamkesda warga miskin", "health.insurance"),
    ("Rehab madrasah diniyah awaliyah", "school"),
    ("Pembangunan pondok pesantren tahfiz", "school"),
    ("Rehab gedung SLB negeri", "school"),
    ("Pengadaan mobiler SD kecil", "edu.furniture"),
    ("Pengadaan meja belajar dan kursi belajar", "edu.furniture"),
    ("Rehab pos yandu melati", "health.posyandu"),
    ("Pengadaan hb meter untuk bidan desa", "health.equipment"),
    ("Pengadaan konsentrator oksigen Pustu", "health.equipment"),
    ("Pengadaan brankar dan bed pasien", "health.equipment"),
    ("Pengadaan papan tulis SDN 2", "edu.furniture"),
    ("Pengadaan whiteboard untuk ruang kelas", "edu.furniture"),
]

FARMING_AND_FISHERIES = [
    ("Pengadaan mesin penggiling padi kelompok tani", "agri.rice_mill"),
    ("Pengadaan penggiling gabah untuk gapoktan", "agri.rice_mill"),
    ("Pembangunan kios pupuk di dusun", "agri.storage.inputs"),
    ("Penanaman makanan ternak di lahan kelompok", "livestock.feed"),
    ("Pengembangan hijauan makanan ternak", "livestock.feed"),
    ("Pengadaan bibit unggas untuk KWT", "livestock.stock"),
    ("Pembangunan rumah potong kecamatan", "livestock.slaughter"),
    ("Pembangunan UPI skala rumah tangga", "fish.processing"),
    ("Pengadaan ice box bagi nelayan", "fish.coolbox"),
    ("Pengadaan box pendingin hasil tangkapan", "fish.coolbox"),
    ("Pengadaan alat pancing ulur", "fish.gear"),
    ("Pengadaan lampara dasar", "fish.gear"),
    ("Pembangunan UPR ikan air tawar", "fish.hatchery"),
    ("Pembangunan hatchery skala kecil", "fish.hatchery"),
    ("Pengadaan pompa alkon untuk sawah", "irrigation.pump"),
    ("Boat engine procurement for the fishermen", "fish.engine"),
    ("Chicken coop construction", "livestock.pen"),
    ("Bantuan urea bersubsidi untuk poktan", "agri.fertiliser"),
    ("Bantuan dolomit lahan gambut", "agri.fertiliser"),
    ("Pengadaan herbisida kelompok tani", "agri.fertiliser"),
    ("Pengadaan bibit puyuh petelur", "livestock.stock"),
    ("Pengadaan pakan ayam petelur", "livestock.feed"),
    ("Pengadaan jala tebar untuk nelayan sungai", "fish.gear"),
    ("Pengadaan cold box hasil tangkapan", "fish.coolbox"),
    ("Pembangunan kerambah di anak sungai", "fish.farm.cage"),
]

SOCIAL_HOUSING_AND_DISASTER = [
    ("Rehab rutilahu keluarga prasejahtera", "housing"),
    ("Pengadaan tenda pengungsi untuk posko", "disaster.logistics"),
    ("Pengadaan mobil rescue kecamatan", "disaster.logistics"),
    ("Pengadaan jaket pelampung regu siaga", "disaster.logistics"),
    ("Pemasangan sirene banjir di hulu sungai", "disaster.warning"),
    ("Pengadaan motor pemadam untuk gang sempit", "fire"),
]

ECONOMY_CULTURE_AND_GOVERNMENT = [
    ("Pembangunan GSG di pusat desa", "building.hall"),
    ("Rehab gedung serba guna kecamatan", "building.hall"),
    ("Pembangunan balai dusun hulu", "building.hall"),
    ("Pembangunan pendopo kecamatan", "building.hall"),
    ("Rehab kantor kelurahan", "building.village_office"),
    ("Pembangunan kapela stasi", "worship.church"),
    ("Church renovation in the hamlet", "worship.church"),
    ("Mosque renovation in the village", "worship.mosque"),
    ("Pembangunan wihara umat Buddha", "worship.temple"),
    ("Pembangunan radakng kampung", "culture.longhouse"),
    ("Pembangunan gedung olah raga kecamatan", "sport.hall"),
    ("Pembangunan sarana olah raga desa", "sport"),
    ("Pemasangan kwh meter bagi warga miskin", "energy"),
    ("Program lisdes dusun terpencil", "energy"),
    ("Pengadaan kompang untuk remaja masjid", "culture.arts.instruments"),
    ("Pengadaan alat hadrah majelis taklim", "culture.arts.instruments"),
    ("Pengadaan seperangkat tanjidor", "culture.arts.instruments"),
    ("Pelestarian tari jepin pesisir", "culture.arts"),
    ("Penataan DTW kecamatan", "tourism"),
    ("Pembangunan spot selfie di bukit", "tourism"),
    ("Pembangunan rumah kemasan kabupaten", "sme"),
    ("Pengadaan mobil siaga desa untuk warga sakit", "health.ambulance"),
]

# one list per area of work; each title names one kind of work in a word the lexicon did not read before
AREAS = {"roads": ROADS_AND_TRANSPORT, "water": WATER_AND_SANITATION, "health": HEALTH_AND_EDUCATION,
         "farming": FARMING_AND_FISHERIES,
         "social": SOCIAL_HOUSING_AND_DISASTER,
         "economy": ECONOMY_CULTURE_AND_GOVERNMENT}


@pytest.mark.parametrize(("title", "kind"), [case for cases in AREAS.values() for case in cases])
def test_a_planning_word_is_read_as_its_kind_of_work(title, kind):
    assert kinds(title) == {kind}
