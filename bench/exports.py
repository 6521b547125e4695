"""How long the exports take for a big forum, and how much memory they need.

    python bench/exports.py [--participants 10000] [--repeat 3] [--quick] [--json PATH]

Builds a forum with N participants (two thirds in person, half of all checked in, a fifth with one
to three online connections, some still open) in a temporary SQLite database, then writes each
export (attendance CSV, XLSX, PDF) `--repeat` times and prints the median time and the peak memory
growth (Python allocations via tracemalloc, measured in a separate run so that tracing does not
slow the timing), next to a baseline: iterating the ledger's rows without writing anything.

Targets: CSV <= 2 s, XLSX <= 10 s, PDF <= 30 s, peak memory growth <= 200 MB.
Prints a Markdown table; `--json PATH` writes each export's median time against the baseline for
`bench/run_all.py`; `--quick` (1,000 participants, one run) is a smoke test.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_babel import force_locale  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from bench import report  # noqa: E402
from forum import create_app  # noqa: E402
from forum.db import read_only_transactions  # noqa: E402
from forum.documents import exports  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import Agency, Checkin, Event, OnlinePresence, Participant  # noqa: E402
from forum.services.attendance import Ledger  # noqa: E402

TARGETS = {"csv": 2.0, "xlsx": 10.0, "pdf": 30.0}
MEMORY_TARGET_MB = 200
QUICK = {"participants": 1_000, "repeat": 1}
AGENCIES = ["Bappeda", "DPMD", "Dinas PUPR", "Dinas Perhubungan", "Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan",
            "Dinas Perindustrian dan Perdagangan", "Dinas Kelautan dan Perikanan", "Badan Kesbangpol", "Satpol PP",
            "BPBD", "DPRD Komisi I", "Kecamatan Entikong", "Kecamatan Badau", "BNNP Kalimantan Barat"]
FIRST = ["Ahmad", "Siti", "Budi", "Dewi", "Yohanes", "Maria", "Hendrikus", "Nur", "Agustinus", "Rini", "Iwan",
         "Fransiska"]
LAST = ["Santoso", "Rahmawati", "Lumban Tobing", "Simanjuntak", "Syahputra", "Pratama", "Wijaya", "Hasibuan",
        "Kurniawan", "Ñoño Çağlar"]


def build_forum(n: int) -> int:
    """Inserts the forum in bulk (a few statements) and returns its id."""
    rng = random.Random(2021)
    start = datetime(2021, 2, 25, 1, 0, tzinfo=UTC)  # 08.00 WIB
    event = Event(slug="bench-forum", title="Forum OPD BPPD Provinsi Kalimantan Barat — Rencana Kerja 2022",
                  venue="Hotel Aston Pontianak", starts_at=start, ends_at=start + timedelta(hours=8),
                  timezone="Asia/Pontianak", presence_min_minutes=15)
    db.session.add(event)
    db.session.flush()
    agencies = [Agency(event_id=event.id, name=name, short_name="", kind="other") for name in AGENCIES]
    db.session.add_all(agencies)
    db.session.flush()
    people = []
    for i in range(n):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        people.append({"event_id": event.id, "agency_id": rng.choice(agencies).id, "name": name,
                       "position": rng.choice(["Kepala Bidang", "Analis Kebijakan", "Camat", "Staf", "Anggota DPRD"]),
                       "nip": f"1980010120{i:08d}", "email": f"p{i}@example.id",
                       "phone": f"+62812{i:08d}", "attendance": "in_person" if i % 3 else "online",
                       "access_token": f"a{i:040d}", "checkin_code": f"c{i:040d}", "deputy_for": "",
                       "role": "participant", "status": "registered" if i % 50 else "cancelled"})
    db.session.execute(insert(Participant), people)
    ids = [pid for (pid,) in db.session.execute(db.select(Participant.id).where(Participant.event_id == event.id)
                                                .order_by(Participant.id))]
    checkins = [{"event_id": event.id, "participant_id": pid, "desk": f"Meja {i % 4 + 1}",
                 "checked_in_at": start + timedelta(seconds=rng.randint(0, 7200))}
                for i, pid in enumerate(ids) if i % 2 == 0]
    db.session.execute(insert(Checkin), checkins)
    presence = []
    for i, pid in enumerate(ids):
        if i % 5 != 1:
            continue
        joined = start + timedelta(minutes=rng.randint(0, 120))
        for c in range(rng.randint(1, 3)):  # tabs and reconnects
            begin = joined + timedelta(minutes=c * rng.randint(5, 40))
            left = None if rng.random() < 0.1 else begin + timedelta(minutes=rng.randint(1, 90))
            presence.append({"event_id": event.id, "participant_id": pid, "connection_id": f"{pid}-{c}",
                             "joined_at": begin, "left_at": left})
    db.session.execute(insert(OnlinePresence), presence)
    db.session.commit()
    return event.id


def baseline(event) -> None:
    for _row in Ledger(event).rows():
        pass


def export(event, fmt: str, out_dir: Path) -> None:
    with open(out_dir / f"attendance.{fmt}", "wb") as fh:
        exports.write_export(event, "attendance", fmt, fh, exports.ExportOptions())


def measure(app, event_id: int, job, repeat: int) -> tuple[float, float, float]:
    """(median seconds, peak growth of traced Python allocations in MB, peak growth of RSS in MB)."""
    times, rss_growth = [], []
    for _ in range(repeat):
        with app.app_context(), force_locale("id"):
            event = db.session.get(Event, event_id)
            before = reset_peak_rss()
            started = time.perf_counter()
            job(event)
            times.append(time.perf_counter() - started)
            rss_growth.append(status_mb("VmHWM") - before)
            db.session.rollback()
    with app.app_context(), force_locale("id"):
        event = db.session.get(Event, event_id)
        tracemalloc.start()
        job(event)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        db.session.rollback()
    return statistics.median(times), peak / 1024 / 1024, max(rss_growth)


def status_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process, from /proc/self/status (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak_rss() -> float:
    """Resets the kernel's peak-RSS mark (Linux >= 4.0) and returns the current RSS."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
    return status_mb("VmRSS")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = report.parse_args(parser, QUICK)
    print(report.machine(), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'bench.db'}", "SECRET_KEY": "bench",
                          "INSTANCE_PATH": str(tmp_path / "instance"), "TESTING": True})
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            event_id = build_forum(args.participants)
            print(f"forum with {args.participants:,} participants built in {time.perf_counter() - started:.1f} s",
                  flush=True)
        read_only_transactions.set(True)  # as in a GET request: exports only read
        base_time, base_mem, base_rss = measure(app, event_id, baseline, args.repeat)
        print(f"[ledger rows] {base_time:.2f} s", flush=True)
        runs = f"{args.repeat} run{'s' * (args.repeat != 1)}"
        lines = [f"{args.participants:,} participants; median of {runs}; memory: peak growth of Python "
                 "allocations (tracemalloc, a separate run) and of RSS; SQLite file database, in process.", "",
                 "| export | median s | × ledger rows | target s | Python MB | RSS MB | size KiB |",
                 "|---|---:|---:|---:|---:|---:|---:|",
                 f"| ledger rows (baseline) | {base_time:.2f} | 1.0 | | {base_mem:.1f} | {base_rss:.1f} | |"]
        figures = []
        for fmt in ("csv", "xlsx", "pdf"):
            seconds, peak, rss = measure(app, event_id, lambda event, fmt=fmt: export(event, fmt, tmp_path),
                                         args.repeat)
            size = os.path.getsize(tmp_path / f"attendance.{fmt}")
            ok = seconds <= TARGETS[fmt] and max(peak, rss) <= MEMORY_TARGET_MB
            print(f"[attendance.{fmt}] {seconds:.2f} s", flush=True)
            lines.append(f"| attendance.{fmt} | {seconds:.2f} | {seconds / base_time:.1f} | {TARGETS[fmt]:.0f} | "
                         f"{peak:.1f} | {rss:.1f} | {size / 1024:,.0f} |" + ("" if ok else " OVER TARGET"))
            figures.append(report.Figure(
                area="Exports", setup="SQLite, in process",
                measure=f"attendance {fmt.upper()}, {args.participants:,} participants", value=round(seconds, 3),
                unit="s", baseline=round(base_time, 3), baseline_label="iterating the ledger rows",
                target=f"≤ {TARGETS[fmt]:.0f} s, memory growth ≤ {MEMORY_TARGET_MB} MB", met=ok,
                extra={"Python MB": round(peak, 1), "RSS MB": round(rss, 1), "size KiB": round(size / 1024),
                       "runs": args.repeat}))
        from pypdf import PdfReader

        pages = len(PdfReader(tmp_path / "attendance.pdf").pages)
        figures[-1].extra["pages"] = pages
    lines += ["", f"attendance.pdf: {pages} pages. Targets: CSV 2 s, XLSX 10 s, PDF 30 s, memory growth "
              f"{MEMORY_TARGET_MB} MB."]
    details = "\n".join(lines)
    print("\n" + details)
    report.write_json(args.json, figures, details)
    return 0 if all(f.met for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
