"""How long overlap detection takes per new proposal when the forum already holds many.

    python bench/overlap.py [--existing 1000,10000] [--repeat 9] [--quick] [--json PATH]

For each size N it builds a forum in a temporary SQLite database with N proposals from 15 agencies,
spread over the border regencies (70 % in Kapuas Hulu, the new proposals' regency, over its six border
sub-districts; the rest in Sambas, Bengkayang, Sanggau and Sintang), with realistic titles ("Peningkatan
jalan poros Desa Tajum", "Pembangunan Pustu Desa Seriang", …) and their stored signatures. Then, for
`--repeat` different new proposals (median printed, after one warm-up), it measures:

- submit: `inputs.submit()` — validation, region lookup, signature, insert, history, `refresh_overlaps`;
- refresh: `inputs.refresh_overlaps()` alone for that proposal (the detection: SQL prefilter by regency
  and sub-district, scoring, storing the pairs);
- no prefilter: scoring every proposal of the regency in Python (what the sub-district prefilter saves);
- baseline: one `SELECT` of the regency's proposals (id, agency, place, signature), the rows a detection
  without the sub-district prefilter would have to read.

Each run is rolled back, so N stays N. Target: detection (refresh) <= 100 ms at N = 10,000.
Prints the medians as a Markdown table; `--json PATH` writes the refresh time at each N against the
baseline for `bench/run_all.py`; `--quick` (1,000 existing, 3 new proposals) is a smoke test.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_babel import force_locale  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from bench import report  # noqa: E402
from forum import create_app  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import Agency, Event, Input, Participant, Session  # noqa: E402
from forum.services import inputs, overlap, regions  # noqa: E402

TARGET_MS = 100.0
QUICK = {"existing": "1000", "repeat": 3}
AGENCIES = ["Bappeda", "DPMD", "Dinas PUPR", "Dinas Perhubungan", "Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan",
            "Dinas Perindustrian dan Perdagangan", "Dinas Kelautan dan Perikanan", "Badan Kesbangpol", "Satpol PP",
            "BPBD", "DPRD Komisi I", "Kecamatan Badau", "Dinas Kominfo", "Dinas Perumahan dan Kawasan Permukiman"]
BORDER = {"Kabupaten Kapuas Hulu": ["Badau", "Batang Lupar", "Embaloh Hulu", "Empanang", "Puring Kencana",
                                    "Putussibau Utara"],
          "Kabupaten Sambas": ["Paloh", "Sajingan Besar"], "Kabupaten Bengkayang": ["Jagoi Babang", "Siding", "Seluas"],
          "Kabupaten Sanggau": ["Entikong", "Sekayam"], "Kabupaten Sintang": ["Ketungau Hulu", "Ketungau Tengah"]}
HOME = "Kabupaten Kapuas Hulu"
VERBS = ["Pembangunan", "Peningkatan", "Rehabilitasi", "Pemeliharaan berkala", "Pengadaan", "Penyediaan",
         "Pelatihan", "Usulan"]
WORK = [("jalan desa", "Program Penyelenggaraan Jalan"), ("jalan poros", "Program Penyelenggaraan Jalan"),
        ("jembatan gantung", "Program Penyelenggaraan Jalan"), ("jalan usaha tani", "Program Prasarana Pertanian"),
        ("SPAM perdesaan", "Program Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum"),
        ("sarana air bersih", "Program Pemberdayaan Masyarakat Desa"), ("sumur bor", ""),
        ("Pustu", "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat"),
        ("Puskesmas Pembantu", ""), ("Posyandu", ""), ("Poskesdes", ""), ("ambulans", ""),
        ("ruang kelas baru SD Negeri {n}", "Program Pengelolaan Pendidikan"), ("SMP Negeri {n}", ""),
        ("rumah dinas guru", ""), ("menara BTS", "Program Pengelolaan Aplikasi Informatika"),
        ("jaringan internet desa", ""), ("PLTS komunal", "Program Pengelolaan Energi Terbarukan"),
        ("jaringan listrik desa", ""), ("PJU tenaga surya", ""), ("pasar desa", "Program Peningkatan Sarana Distribusi"
                                                                               " Perdagangan"),
        ("tambatan perahu", ""), ("dermaga rakyat", ""), ("rumah tidak layak huni", "Program Pengembangan Perumahan"),
        ("saluran irigasi", "Program Pengelolaan Sumber Daya Air (SDA)"), ("drainase lingkungan", ""),
        ("balai pertemuan", ""), ("kantor desa", ""), ("rumah betang", ""), ("lapangan sepak bola", ""),
        ("embung desa", ""), ("alat tangkap nelayan", ""), ("bibit karet", ""), ("kelompok tenun ikat", ""),
        ("BUMDes", ""), ("pos kesehatan desa", ""), ("turap penahan tebing", ""), ("MCK umum", "")]


def locations(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    tree = regions.tree()
    out = []
    for _ in range(n):
        regency = HOME if rng.random() < 0.7 else rng.choice([r for r in BORDER if r != HOME])
        district = rng.choice(BORDER[regency])
        roll = rng.random()
        village = rng.choice(tree[regency][district]) if roll < 0.9 else ""
        out.append((regency, district if roll < 0.97 else "", village))
    return out


def proposal_fields(rng: random.Random, place: tuple[str, str, str]) -> dict:
    verb = rng.choice(VERBS)
    work, program = rng.choice(WORK)
    work = work.format(n=rng.randint(1, 30))
    where = f" Desa {place[2]}" if place[2] else (f" Kecamatan {place[1]}" if place[1] else "")
    return {"title": f"{verb} {work}{where}", "activity": f"{verb} {work}", "program": program}


def build_forum(n: int, rng: random.Random) -> tuple[int, int, list[int]]:
    """Inserts the forum with n proposals in bulk; returns (event id, session id, participant ids)."""
    start = datetime(2021, 2, 25, 1, 0, tzinfo=UTC)
    event = Event(slug="bench-overlap", title="Forum OPD BPPD Provinsi Kalimantan Barat — Rencana Kerja 2022",
                  venue="Hotel Aston Pontianak", starts_at=start, ends_at=start + timedelta(hours=8))
    db.session.add(event)
    db.session.flush()
    session = Session(event_id=event.id, title="Diskusi dan masukan perangkat daerah", starts_at=start,
                      ends_at=start + timedelta(hours=2), state="live", input_open=True)
    agencies = [Agency(event_id=event.id, name=name) for name in AGENCIES]
    db.session.add_all([session, *agencies])
    db.session.flush()
    people = [Participant(event_id=event.id, agency_id=a.id, name=f"Wakil {a.name}", position="Kepala Bidang",
                          attendance="in_person", role="participant", status="registered",
                          access_token=f"a{i:040d}", checkin_code=f"c{i:040d}", deputy_for="")
              for i, a in enumerate(agencies)]
    db.session.add_all(people)
    db.session.flush()
    rows = []
    for i, place in enumerate(locations(rng, n)):
        fields = proposal_fields(rng, place)
        item = Input(title=fields["title"], activity=fields["activity"], program=fields["program"], sub_activity="",
                     regency=place[0], district=place[1], village=place[2])
        rows.append({"event_id": event.id, "session_id": session.id, "kind": "proposal", "status": "submitted",
                     "agency_id": agencies[i % len(agencies)].id, "participant_id": people[i % len(people)].id,
                     "client_id": f"seed-{i}", "title": fields["title"], "activity": fields["activity"],
                     "program": fields["program"], "regency": place[0], "district": place[1], "village": place[2],
                     "place_regency": place[0], "place_district": place[1], "place_village": place[2],
                     "match_text": inputs._signature(item), "pinned": False, "answered": False,
                     "created_at": start + timedelta(seconds=i)})
    db.session.execute(insert(Input), rows)
    db.session.commit()
    return event.id, session.id, [p.id for p in people]


def new_proposal(rng: random.Random, i: int) -> dict:
    place = (HOME, rng.choice(BORDER[HOME]), "")
    place = (HOME, place[1], rng.choice(regions.tree()[HOME][place[1]]))
    fields = proposal_fields(rng, place)
    return {"kind": "proposal", "client_id": f"bench-{i}", **fields,
            "location": {"regency": place[0], "district": place[1], "village": place[2]}}


def measure(app, event_id: int, session_id: int, people: list[int], repeat: int) -> dict:
    rng = random.Random(7)
    samples: dict[str, list[float]] = {"submit": [], "refresh": [], "no_prefilter": [], "baseline": []}
    found, loaded = [], []
    for run in range(repeat + 1):  # the first run warms the caches and is not counted
        with app.app_context(), force_locale("id"):
            event, session = db.session.get(Event, event_id), db.session.get(Session, session_id)
            participant = db.session.get(Participant, people[run % len(people)])
            data = new_proposal(rng, run)

            started = time.perf_counter()
            item = inputs.submit(event, session, inputs.Submission(**data), participant=participant).input
            submit_s = time.perf_counter() - started

            started = time.perf_counter()
            pairs = inputs.refresh_overlaps(event, item)
            refresh_s = time.perf_counter() - started

            started = time.perf_counter()
            rows = db.session.execute(select(Input.id, Input.agency_id, Input.regency, Input.district, Input.village,
                                             Input.match_text).where(Input.event_id == event.id,
                                                                     Input.kind == "proposal",
                                                                     Input.regency == item.regency)).all()
            baseline_s = time.perf_counter() - started

            started = time.perf_counter()
            overlap.candidates(inputs._as_proposal(item), [overlap.item(i, a, [(r, d, v)], t)
                                                           for i, a, r, d, v, t in rows])
            no_prefilter_s = time.perf_counter() - started + baseline_s
            db.session.rollback()
        if run:
            for key, value in (("submit", submit_s), ("refresh", refresh_s), ("no_prefilter", no_prefilter_s),
                               ("baseline", baseline_s)):
                samples[key].append(value * 1000)
            found.append(len(pairs))
            loaded.append(len(rows))
    out = {key: statistics.median(values) for key, values in samples.items()}
    out["pairs"] = statistics.median(found)
    out["regency_rows"] = statistics.median(loaded)
    return out


def detector_items(n: int, rng: random.Random, *, plan_rows: bool = False) -> list:
    """n analysed items (signatures stored, as the services keep them) spread like the forum above."""
    out = []
    for i, place in enumerate(locations(rng, n)):
        fields = proposal_fields(rng, place)
        text = overlap.signature(fields["title"], fields["activity"], "", fields["program"], regency=place[0])
        out.append(overlap.item(i, i % (40 if plan_rows else len(AGENCIES)), [place], text))
    return out


def detector_figures(repeat: int) -> list[str]:
    """The detector alone: one new proposal against 10,000 (Index vs scoring all of them, same run), and every
    pair of 15,000 plan rows through the Index; medians of `repeat` runs."""
    rng = random.Random(16)
    existing = detector_items(10_000, rng)
    index = overlap.Index(existing)
    news = detector_items(repeat * 5, random.Random(17))
    one, full = [], []
    for new in news:
        started = time.perf_counter()
        index.candidates(new)
        one.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        overlap.candidates(new, existing)
        full.append((time.perf_counter() - started) * 1000)
    rows = detector_items(15_000, random.Random(18), plan_rows=True)
    all_pairs, found = [], 0
    for _run in range(repeat):
        for item in rows:  # fresh caches each run
            item.__dict__.pop("grams", None)
            item.__dict__.pop("weighted_words", None)
            item.__dict__.pop("norm", None)
        started = time.perf_counter()
        found = len(overlap.Index(rows).pairs())
        all_pairs.append(time.perf_counter() - started)
    m_one, m_full, m_all = statistics.median(one), statistics.median(full), statistics.median(all_pairs)
    return ["", "Detector alone (in memory, signatures already stored):", "",
            "| measure | median | baseline in the same run | ratio | target |", "|---|---:|---:|---:|---:|",
            f"| one new proposal vs 10,000 (Index) | {m_one:.2f} ms | scoring all 10,000: {m_full:.1f} ms | "
            f"{m_one / m_full:.3f} | ≤ 20 ms |",
            f"| all pairs of 15,000 plan rows (Index) | {m_all:.1f} s ({found} pairs) | – | – | ≤ 60 s |",
            "", f"({len(news)} new proposals; all-pairs median of {repeat} runs.)"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--existing", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=9)
    args = report.parse_args(parser, QUICK)
    print(report.machine(), flush=True)
    proposals = f"{args.repeat} new proposal{'s' * (args.repeat != 1)}"
    lines = [f"Median of {proposals} (after one warm-up), times in ms; SQLite file database, in process.", "",
             "| existing | regency rows | SELECT (baseline) | refresh | refresh / SELECT | submit | no prefilter "
             "| pairs |", "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    figures = []
    for n in (int(x) for x in args.existing.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.db'}",
                              "SECRET_KEY": "bench", "INSTANCE_PATH": str(Path(tmp) / "instance"), "TESTING": True})
            with app.app_context():
                db.create_all()
                event_id, session_id, people = build_forum(n, random.Random(2021))
            r = measure(app, event_id, session_id, people, args.repeat)
            with app.app_context():
                db.engine.dispose()
        ok = r["refresh"] <= TARGET_MS
        lines.append(f"| {n:,} | {r['regency_rows']:,.0f} | {r['baseline']:.1f} | {r['refresh']:.1f} | "
                     f"{r['refresh'] / r['baseline']:.1f} | {r['submit']:.1f} | {r['no_prefilter']:.1f} | "
                     f"{r['pairs']:.0f} |" + ("" if ok else " OVER TARGET"))
        print(f"[{n:,} existing] refresh {r['refresh']:.1f} ms, SELECT {r['baseline']:.1f} ms", flush=True)
        figures.append(report.Figure(
            area="Overlap detection", setup="SQLite, in process",
            measure=f"refresh per new proposal, {n:,} existing", value=round(r["refresh"], 2), unit="ms",
            baseline=round(r["baseline"], 2), baseline_label="SELECT of the regency's proposals",
            target=f"≤ {TARGET_MS:.0f} ms", met=ok,
            extra={"submit ms": round(r["submit"], 2), "no prefilter ms": round(r["no_prefilter"], 2),
                   "regency rows": int(r["regency_rows"]), "pairs": int(r["pairs"]), "runs": args.repeat}))
    lines += ["", f"Target: detection (refresh) ≤ {TARGET_MS:.0f} ms per new proposal at 10,000 existing."]
    lines += detector_figures(max(3, min(args.repeat, 5)))
    details = "\n".join(lines)
    print("\n" + details)
    report.write_json(args.json, figures, details)
    return 0 if all(f.met for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
