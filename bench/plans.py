"""Plans at a provincial forum's scale: importing a 5,000-row file, every cross-agency overlap among 15,000 rows
(40 agencies x 300 Renja rows + 2,000 Musrenbang + 500 pokir), the incremental recomputation for one changed row
and for one changed proposal. The rows are generated over the whole province's region list, each agency working
in its own two kinds of work (as authority decides) with a tenth of its rows outside them; `--dense` generates the
earlier stress case instead: every agency plans every kind of work, all in the 12 border sub-districts (about 8
flagged pairs a row).

    python bench/plans.py [--repeat 3] [--rows 15000] [--import-rows 5000] [--dense] [--backend sqlite|postgresql]
                          [--quick] [--json PATH]

Each figure is the median of `--repeat` runs, printed with a baseline measured in the same run (reading the same
file with `imports.read_rows` alone; loading every row's places; one SELECT of a row's candidates) and the ratio,
and with its median CPU time (the machine may be shared: the CPU time is what an idle one would take, about).
The 5,000-row file is imported twice: into an empty forum, and into the full 15,000-row one (each rolled back).
Targets: import <= 10 s, every overlap <= 60 s, incremental <= 200 ms per changed row. `--json PATH` writes each
targeted figure beside its baseline for bench/run_all.py; `--quick` (3,000 rows, a 1,000-row file, one run) is a
smoke run.

The database: a SQLite file in a temporary directory, or (`--backend postgresql`) a database made for the run on
the server FORUM_BENCH_PG_ADMIN names (default postgres@127.0.0.1:5432) and dropped afterwards.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import report  # noqa: E402

BORDER = {"Kabupaten Sambas": ("Paloh", "Sajingan Besar"), "Kabupaten Bengkayang": ("Jagoi Babang", "Siding", "Seluas"),
          "Kabupaten Sanggau": ("Entikong", "Sekayam"), "Kabupaten Sintang": ("Ketungau Hulu", "Ketungau Tengah"),
          "Kabupaten Kapuas Hulu": ("Badau", "Batang Lupar", "Embaloh Hulu", "Empanang", "Puring Kencana")}


def border_places() -> list[tuple[str, str, list[str]]]:
    """The border sub-districts of DOMAIN.md with their villages, from the region list the app uses."""
    from forum.services import regions

    tree = regions.tree()
    return [(regency, district, [v for v in tree[regency][district] if "/" not in v and "(" not in v])
            for regency, districts in BORDER.items() for district in districts if district in tree.get(regency, {})]


def province_places() -> list[tuple[str, str, list[str]]]:
    """Every sub-district of the province with its villages (a provincial forum's rows are all over it), those
    that a location cell names unambiguously."""
    from forum.services import plan_cells, regions

    def readable(regency, district, village):
        try:
            return len(plan_cells.parse_location(location(regency, district, village))) == 1
        except ValueError:
            return False

    out = [(regency, district, [v for v in villages if readable(regency, district, v)])
           for regency, districts in regions.tree().items() for district, villages in districts.items()]
    return [place for place in out if place[2]]


def location(regency: str, district: str, village: str) -> str:
    where = regency if regency.startswith("Kota ") else "Kab. " + regency.removeprefix("Kabupaten ")
    return f"Desa {village}, Kec. {district}, {where}"


WORK = ["Peningkatan jalan desa {v}", "Pembangunan jembatan gantung {v}", "Pembangunan puskesmas pembantu {v}",
        "Pembangunan ruang kelas baru SD {v}", "Penyediaan air bersih desa {v}", "Pembangunan pasar desa {v}",
        "Pelatihan UMKM desa {v}", "Penyusunan DED jembatan {v}", "Pembangunan tambatan perahu {v}",
        "Pembangunan balai desa {v}", "Penerangan jalan umum desa {v}", "Pembangunan drainase desa {v}"]


PLACES: list = []
DENSE = False  # --dense: every agency plans every kind of work, all in the border sub-districts (the stress case)
OUTSIDE_MANDATE = 0.1  # the share of an agency's rows outside its own kinds of work


def mandate(agency: int) -> list[str]:
    """The kinds of work an agency carries out (its authority, kewenangan): two of WORK, each shared with a few
    other agencies — roads by public works and by village development, health posts by health and by the border
    agency — which is where real plans overlap."""
    return [WORK[agency % len(WORK)], WORK[(agency * 5 + 3) % len(WORK)]]


def rows(n: int, agencies: int, rng: random.Random, *, prefix: str) -> list[str]:
    """A plan file of n rows; with `agencies`, each row names one of them (Dinas 01 …), and its work is mostly of
    that agency's kinds (without: Musrenbang and pokir rows, any kind of work)."""
    out = ["No;Kode;Program/Kegiatan/Sub Kegiatan;Indikator;Lokasi;Target;Pagu Indikatif;Perangkat Daerah"]
    for i in range(n):
        regency, district, villages = rng.choice(PLACES)
        village = rng.choice(villages)
        number = rng.randrange(agencies) if agencies else None
        kinds = WORK if DENSE or number is None or rng.random() < OUTSIDE_MANDATE else mandate(number)
        work = rng.choice(kinds).format(v=village)
        agency = f"Dinas {number + 1:02d}" if number is not None else ""
        out.append(f"{prefix}{i};1.03.10.2.01.{rng.randrange(1, 40):04d};{work};Indikator;"
                   f"{location(regency, district, village)};{rng.randrange(1, 9)} unit;{rng.randrange(1, 50) * 100} jt;"
                   f"{agency}")
    return out


PG_ADMIN_URL = os.environ.get("FORUM_BENCH_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@contextlib.contextmanager
def database(backend: str, tmp: Path):
    """The URL of an empty database for the run: a SQLite file in `tmp`, or a PostgreSQL database made for it
    (dropped after the run)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp / 'bench.db'}"
        return
    from sqlalchemy import create_engine, text

    name = f"forum_bench_plans_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


CPU: dict[str, float] = {}  # the median CPU time of the last measure of each function, in seconds


def median_of(fn, repeat: int) -> float:
    """The median wall time of `repeat` runs of fn (its median CPU time kept in CPU[fn.__name__]: the machine is
    shared, and the CPU time says what the wall time would be on an idle one)."""
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[fn.__name__] = statistics.median(cpu)
    return statistics.median(times)


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, default=15_000)
    parser.add_argument("--import-rows", type=int, default=5_000)
    parser.add_argument("--dense", action="store_true", help="every agency plans every kind of work, all in the "
                        "12 border sub-districts (the stress case: ~8 flagged pairs per row)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    args = report.parse_args(parser, {"repeat": 1, "rows": 3_000, "import_rows": 1_000})
    print(report.machine(), flush=True)
    with tempfile.TemporaryDirectory() as tmp, database(args.backend, Path(tmp)) as url:
        found = run(args, Path(tmp), url)
    figures, details = figures_of(args, found)
    print("\n" + details)
    report.write_json(args.json, figures, details)
    return 0 if all(f.met is not False for f in figures) else 1


TARGETS = {"import": 10.0, "into": 10.0, "full": 60.0, "incremental": 0.2}  # seconds


def figures_of(args, r: dict) -> tuple[list[report.Figure], str]:
    """The targeted figures (wall time, median of the runs), each beside its baseline, and a Markdown table."""
    setup = (f"{'SQLite' if args.backend == 'sqlite' else 'PostgreSQL'}, in process, "
             f"{'dense' if args.dense else 'provincial'} forum of {r['count']:,} rows")
    read = "reading the file alone"
    rows = (("import", f"import {args.import_rows:,} rows into an empty forum", "import_base", read),
            ("into", f"import {args.import_rows:,} rows into the full forum", "import_base", read),
            ("full", "every cross-agency overlap", "full_base", "loading every row's places"),
            ("incremental", "incremental, per changed row", "incremental_base", "its candidates' SELECT alone"),
            ("proposal", "a changed proposal's pairs with the rows", None, ""))
    lines = [f"{setup}; median of {args.repeat} runs: wall time, the process's CPU time, the baseline measured in "
             "the same run.", "", "| measure | time | CPU | baseline | × baseline | target |",
             "|---|---:|---:|---:|---:|---:|"]
    figures = []
    for key, measure, base_key, base_label in rows:
        value, base, target = r[key], r.get(base_key), TARGETS.get(key)
        scale, unit, digits = (1000, "ms", 1) if key in ("incremental", "proposal") else (1, "s", 2)
        figure = report.Figure(
            area="Plans", setup=setup, measure=measure, value=round(value * scale, digits), unit=unit,
            baseline=float(f"{base * scale:.3g}") if base else None, baseline_label=base_label,
            target=f"≤ {target * scale:g} {unit}" if target is not None else "",
            met=value <= target if target is not None else None,
            extra={f"CPU {unit}": round(r["cpu_" + key] * scale, digits), "runs": args.repeat,
                   **({"pairs flagged": r["flagged"]} if key == "full" else {})})
        figures.append(figure)
        lines.append(f"| {measure} | {figure.value:g} {unit} | {figure.extra[f'CPU {unit}']:g} {unit} | "
                     + (f"{figure.baseline:g} {unit} ({base_label}) | {value / base:.1f}" if base else "– | –")
                     + f" | {figure.target or '–'}{'' if figure.met is not False else ' **missed**'} |")
    return figures, "\n".join(lines)


def run(args, tmp: Path, url: str) -> dict:
    """Builds the forum and measures; the medians (seconds) and their CPU times, by measure."""
    from sqlalchemy import select

    from forum import create_app
    from forum.extensions import db
    from forum.models import PlanItem
    from forum.services import events, imports, plan_overlaps, plans_import

    global PLACES, DENSE
    DENSE = args.dense
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True,
                      "INSTANCE_PATH": str(tmp / "instance"), "SERVER_NAME": "bench.test"})
    rng = random.Random(2021)
    with app.app_context(), app.test_request_context():
        db.create_all()
        PLACES = border_places() if DENSE else province_places()
        print(("dense: every agency every kind of work, border sub-districts only" if DENSE else
               "province-wide places, agencies with mandates (two kinds of work each, 10 % of rows outside)")
              + f"; {db.engine.dialect.name}")
        event = events.create_event(events.ForumSettings(title="Bench", starts_at="2021-02-25T08:00:00+07:00",
                                                         ends_at="2021-02-25T16:00:00+07:00"))
        for i in range(40):
            events.save_agency(event, {"name": f"Dinas {i + 1:02d}"})
        db.session.commit()
        content = "\n".join(rows(args.import_rows, 40, rng, prefix="I")).encode()

        def one_import():
            plans_import.apply(event, content, source="musrenbang")
            db.session.rollback()

        base_read = median_of(lambda: list(imports.read_rows(content, max_lines=20_000)), args.repeat)
        t_import = median_of(one_import, args.repeat)
        print(f"load average (1/5/15 min) {load_average()}")
        print(f"import {args.import_rows} rows: {t_import:.2f} s, CPU {CPU['one_import']:.2f} s (reading the file "
              f"alone {base_read:.3f} s, ratio {t_import / base_read:.0f}x); target <= 10 s")

        renja = args.rows - 2_500
        for source, n, agencies, prefix in (("renja", renja, 40, "R"), ("musrenbang", 2_000, 0, "M"),
                                            ("pokir", 500, 0, "P")):
            plans_import.apply(event, "\n".join(rows(n, agencies, rng, prefix=prefix)).encode(), source=source)
        db.session.commit()
        count = db.session.scalar(select(db.func.count()).select_from(PlanItem))

        def base_load():
            plan_overlaps.places_by_item(event.id)

        def full():
            plan_overlaps.refresh_all(event.id)
            db.session.rollback()

        t_base = median_of(base_load, args.repeat)
        t_full = median_of(full, args.repeat)
        flagged = plan_overlaps.refresh_all(event.id)
        db.session.commit()
        print(f"every overlap, {count} rows: {t_full:.2f} s, CPU {CPU['full']:.2f} s, {flagged} pairs (loading every "
              f"place alone {t_base:.3f} s, ratio {t_full / t_base:.0f}x); target <= 60 s")

        def import_into_the_forum():
            plans_import.apply(event, content, source="musrenbang")
            db.session.rollback()

        t_into = median_of(import_into_the_forum, args.repeat)
        print(f"import {args.import_rows} rows into the {count}-row forum: {t_into:.2f} s, CPU "
              f"{CPU['import_into_the_forum']:.2f} s (its pairs against every row); target <= 10 s")

        ids = list(db.session.scalars(select(PlanItem.id)))
        sample = rng.sample(ids, 30)

        def incremental():
            for item_id in sample:
                item = db.session.get(PlanItem, item_id)
                plan_overlaps.refresh(item)
            db.session.rollback()

        def candidates_only():
            for item_id in sample:
                item = db.session.get(PlanItem, item_id)
                places = [(p.regency, p.district, p.village) for p in item.locations]
                new = plan_overlaps.item_of(item.id, item.agency_id, item.code, item.match_text, places)
                db.session.execute(plan_overlaps._candidate_items(item.event_id, new, places)).all()
            db.session.rollback()

        t_inc = median_of(incremental, args.repeat) / len(sample)
        t_cand = median_of(candidates_only, args.repeat) / len(sample)
        cpu_inc = CPU["incremental"] / len(sample)
        print(f"incremental, per changed row: {t_inc * 1000:.1f} ms, CPU {cpu_inc * 1000:.1f} ms (its candidates' "
              f"SELECT alone {t_cand * 1000:.1f} ms, ratio {t_inc / t_cand:.1f}x); target <= 200 ms")
        proposals = live_proposals(event, rng, 30)

        def proposal_changed():
            for proposal in proposals:
                plan_overlaps.refresh_input(proposal)
            db.session.rollback()

        t_prop = median_of(proposal_changed, args.repeat) / len(proposals)
        print(f"a changed proposal's pairs with the plan rows: {t_prop * 1000:.1f} ms, CPU "
              f"{CPU['proposal_changed'] / len(proposals) * 1000:.1f} ms")
        print(f"load average (1/5/15 min) {load_average()}")
        db.session.remove()
        db.engine.dispose()
    return {"import": t_import, "import_base": base_read, "cpu_import": CPU["one_import"],
            "into": t_into, "cpu_into": CPU["import_into_the_forum"], "full": t_full, "full_base": t_base,
            "cpu_full": CPU["full"], "incremental": t_inc, "incremental_base": t_cand, "cpu_incremental": cpu_inc,
            "proposal": t_prop, "cpu_proposal": CPU["proposal_changed"] / len(proposals), "count": count,
            "flagged": flagged}


def live_proposals(event, rng: random.Random, n: int) -> list:
    """n proposals typed during a session (stored, with their signatures), as an agency's delegate types them."""
    from datetime import timedelta

    from forum.extensions import db
    from forum.models import Input, InputKind, Session
    from forum.services import overlap

    session = Session(event_id=event.id, title="Sinkronisasi", starts_at=event.starts_at,
                      ends_at=event.starts_at + timedelta(hours=2))
    db.session.add(session)
    db.session.flush()
    out = []
    for i in range(n):
        regency, district, villages = rng.choice(PLACES)
        village = rng.choice(villages)
        title = rng.choice(WORK).format(v=village)
        out.append(Input(event_id=event.id, session_id=session.id, kind=InputKind.proposal, title=title,
                         regency=regency, district=district, village=village, place_regency=regency,
                         place_district=district, place_village=village, agency_id=event.agencies[i % 40].id,
                         match_text=overlap.signature(title, regency=regency)))
    db.session.add_all(out)
    db.session.commit()
    return out


if __name__ == "__main__":
    sys.exit(main())
