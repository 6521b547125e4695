"""The demo forum's plans (DOMAIN.md "Demo forum"): draft Renja of seven agencies with planted overlaps (the same
village road in Dinas PUPR's and DPMD's plans, the same auxiliary health post in Dinkes's and BPPD's), related
phases (BPPD's design study, then Dinas PUPR's construction of the same suspension bridge), Dinas PUPR over its
ceiling, Musrenbang results and pokir, and a small reference list for these programmes. Invented figures, real
places. Loaded once: a forum that has plan rows is left alone."""
from __future__ import annotations

import csv
from pathlib import Path

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

# The rows, as data: (source, agency short name or "", ref, code, name, indicator, place, target, unit, budget,
# funding, who) — `who` is the Musrenbang's proposer or the pokir's "member|electoral district".
ROWS_FILE = Path(__file__).resolve().parent.parent / "data" / "demo_plans.csv"


def _rows() -> list[tuple]:
    with ROWS_FILE.open(newline="", encoding="utf-8") as handle:
        return [(*row[:9], int(row[9]), *row[10:]) for row in list(csv.reader(handle))[1:]]


ROWS = _rows()

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
