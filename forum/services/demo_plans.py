"""The demo forum's plans (DOMAIN.md "Demo forum"): draft Renja of seven agencies with planted overlaps (the same
village road in Dinas PUPR's and DPMD's plans, the same auxiliary health post in Dinkes's and BPPD's), related
phases (BPPD's design study, then Dinas PUPR's construction of the same suspension bridge), Dinas PUPR over its
ceiling, Musrenbang results and pokir, and a small reference list for these programmes. Invented figures, real
places. Loaded once: a forum that has plan rows is left alone."""
from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import Event
from forum.models.plans import AgencyCeiling, PlanItem, PlanSource, ReferenceCode
from forum.services import plan_cells, plan_overlaps, plans

REFERENCE = [
    ("1.02.02", "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat"),
    ("1.02.02.2.01", "Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP"),
    ("1.02.02.2.01.0014", "Pembangunan Puskesmas Pembantu"),
    ("1.01.02", "Program Pengelolaan Pendidikan"),
    ("1.01.02.2.01.0004", "Pembangunan Ruang Kelas Baru"),
    ("1.03.10", "Program Penyelenggaraan Jalan"),
    ("1.03.10.2.01.0021", "Pembangunan Jembatan"),
    ("1.03.10.2.01.0012", "Peningkatan Jalan"),
    ("1.03.10.2.01.0030", "Penyusunan Rencana Teknis dan Dokumen Lingkungan Hidup (DED)"),
    ("2.13.05", "Program Pemberdayaan Lembaga Kemasyarakatan, Lembaga Adat dan Masyarakat Hukum Adat"),
    ("2.13.05.2.01.0003", "Pembangunan Sarana dan Prasarana Desa"),
    ("2.15.02", "Program Penyelenggaraan Lalu Lintas dan Angkutan Jalan (LLAJ)"),
    ("2.15.02.2.01.0005", "Penyediaan Angkutan Umum Perdesaan"),
    ("3.25.02", "Program Pengelolaan Perikanan Tangkap"),
    ("3.25.02.2.01.0002", "Penyediaan Sarana Tambatan Perahu"),
    ("4.01.08", "Program Pengelolaan Kawasan Perbatasan"),
    ("4.01.08.2.01.0001", "Pembangunan Sarana dan Prasarana Kawasan Perbatasan"),
    ("4.01.08.2.01.0002", "Penyusunan Kajian dan DED Kawasan Perbatasan"),
]

# (source, agency short name or "", ref, code, name, indicator, place, target, unit, budget, funding, who)
ROWS = [
    ("renja", "Dinas PUPR", "PUPR-01", "1.03.10.2.01.0021", "Pembangunan Jembatan Gantung Sebunga",
     "Jembatan gantung terbangun", "Desa Sebunga, Kec. Sajingan Besar, Kab. Sambas", "1", "unit", 4_500_000_000,
     "APBD", ""),
    ("renja", "Dinas PUPR", "PUPR-02", "1.03.10.2.01.0012", "Peningkatan Jalan Desa Kaliau - Sebunga",
     "Jalan mantap", "Desa Kaliau, Desa Sebunga, Kec. Sajingan Besar", "6", "km", 7_500_000_000, "DAK", ""),
    ("renja", "Dinas PUPR", "PUPR-03", "1.03.10.2.01.0012", "Peningkatan Jalan Akses PLBN Badau",
     "Jalan mantap", "Kec. Badau, Kab. Kapuas Hulu", "4", "km", 6_000_000_000, "APBD", ""),
    ("renja", "DPMD", "DPMD-01", "2.13.05.2.01.0003", "Pembangunan Jalan Desa Sebunga", "Jalan desa terbangun",
     "Desa Sebunga, Kec. Sajingan Besar", "2", "km", 1_200_000_000, "Bantuan Keuangan", ""),
    ("renja", "DPMD", "DPMD-02", "2.13.05.2.01.0003", "Pembangunan Balai Desa Semanget", "Balai desa",
     "Desa Semanget, Kec. Entikong", "1", "unit", 650_000_000, "Bantuan Keuangan", ""),
    ("renja", "Dinkes", "DINKES-01", "1.02.02.2.01.0014", "Pembangunan Puskesmas Pembantu Semanget",
     "Pustu terbangun", "Desa Semanget, Kec. Entikong, Kab. Sanggau", "1", "unit", 1_800_000_000, "DAK", ""),
    ("renja", "Dinkes", "DINKES-02", "1.02.02.2.01.0014", "Pengadaan Ambulans Air Puskesmas Badau",
     "Ambulans air", "Kec. Badau, Kab. Kapuas Hulu", "1", "unit", 900_000_000, "APBD", ""),
    ("renja", "Disdikbud", "DIK-01", "1.01.02.2.01.0004", "Pembangunan Ruang Kelas Baru SMA Negeri 1 Entikong",
     "Ruang kelas", "Kec. Entikong, Kab. Sanggau", "3", "ruang", 1_350_000_000, "DAK", ""),
    ("renja", "Dishub", "DISHUB-01", "2.15.02.2.01.0005", "Penyediaan Angkutan Perdesaan Aruk - Sambas",
     "Trayek angkutan", "Kec. Sajingan Besar, Kab. Sambas", "1", "trayek", 800_000_000, "APBD", ""),
    ("renja", "DKP", "DKP-01", "3.25.02.2.01.0002", "Pembangunan Tambatan Perahu Temajuk",
     "Tambatan perahu", "Desa Temajuk, Kec. Paloh, Kab. Sambas", "1", "unit", 1_100_000_000, "APBD", ""),
    ("renja", "BPPD", "BPPD-01", "4.01.08.2.01.0002", "Penyusunan DED Jembatan Gantung Sebunga",
     "Dokumen DED", "Desa Sebunga, Kec. Sajingan Besar, Kab. Sambas", "1", "dokumen", 350_000_000, "APBD", ""),
    ("renja", "BPPD", "BPPD-02", "4.01.08.2.01.0001", "Pembangunan Puskesmas Pembantu Desa Semanget",
     "Pustu terbangun", "Desa Semanget, Kec. Entikong", "1", "unit", 1_500_000_000, "APBD", ""),
    ("renja", "BPPD", "BPPD-03", "4.01.08.2.01.0001", "Pembangunan Pasar Perbatasan Jagoi Babang",
     "Pasar", "Kec. Jagoi Babang, Kab. Bengkayang", "1", "unit", 2_000_000_000, "APBD", ""),
    ("musrenbang", "Dinas PUPR", "MUS-SMB-07", "", "Peningkatan jalan poros Desa Sebunga - Kaliau",
     "", "Desa Sebunga, Kec. Sajingan Besar", "3", "km", 3_000_000_000, "", "Kecamatan Sajingan Besar"),
    ("musrenbang", "", "MUS-SGU-12", "", "Pembangunan sumur bor Desa Semanget", "",
     "Desa Semanget, Kec. Entikong", "2", "unit", 250_000_000, "", "Kecamatan Entikong"),
    ("pokir", "", "POKIR-03", "", "Pembangunan puskesmas pembantu Desa Semanget", "",
     "Desa Semanget, Kec. Entikong", "1", "unit", 1_200_000_000, "", "Yohanes Bujang|Kalbar 5"),
    ("pokir", "Dinas PUPR", "POKIR-08", "", "Pembangunan jembatan gantung Desa Kaliau", "",
     "Desa Kaliau, Kec. Sajingan Besar", "1", "unit", 2_500_000_000, "", "Syarif Alamsyah|Kalbar 3"),
]

CEILINGS = {"Dinas PUPR": 15_000_000_000, "DPMD": 2_500_000_000, "Dinkes": 3_000_000_000,
            "Disdikbud": 2_000_000_000, "Dishub": 1_000_000_000, "DKP": 1_500_000_000, "BPPD": 4_000_000_000}


def load(event: Event) -> int:
    """The demo's plans into `event`, once; returns how many rows were added."""
    if db.session.scalar(select(PlanItem.id).where(PlanItem.event_id == event.id).limit(1)) is not None:
        return 0
    for code, name in REFERENCE:
        db.session.add(ReferenceCode(event_id=event.id, code=code, name=name,
                                     level=plan_cells.REFERENCE_LEVELS.get(plan_cells.code_depth(code), "")))
    for source, short, ref, code, name, indicator, place, target, unit, budget, funding, who in ROWS:
        agency = plans.find_agency(event, short) if short else None
        proposer, member, dapil = "", "", ""
        if source == "musrenbang":
            proposer = who
        elif source == "pokir":
            member, dapil = who.split("|")
        item = PlanItem(event_id=event.id, source=PlanSource(source), ref=ref, agency=agency, origin_agency=agency,
                        code=code, name=name, indicator=indicator, target=target, unit=unit, budget=budget,
                        funding_source=funding, proposer=proposer, dprd_member=member, electoral_district=dapil,
                        level=plan_cells.level_of(code, name) or plan_cells.level_of("", name))
        plans.set_locations(item, plan_cells.parse_location(place))
        plans.refresh_signature(item)
        db.session.add(item)
        plans.keep_history(item, "imported", {})
    for short, amount in CEILINGS.items():
        agency = plans.find_agency(event, short)
        if agency is not None:
            db.session.add(AgencyCeiling(event_id=event.id, agency_id=agency.id, amount=amount))
    db.session.flush()
    plan_overlaps.refresh_all(event.id)
    return len(ROWS)
