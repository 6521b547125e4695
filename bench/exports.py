"""How long the exports take for a big forum, and how much memory they need.

    python bench/exports.py [--participants 10000] [--repeat 3]

Builds a forum with N participants (two thirds in person, half of all checked in, a fifth with one
to three online connections, some still open) in a temporary SQLite database, then writes each
export (attendance CSV, XLSX, PDF) `--repeat` times and prints the median time and the peak memory
growth (Python allocations via tracemalloc, measured in a separate run so that tracing does not
slow the timing), next to a baseline: iterating the ledger's rows without writing anything.

Targets: CSV <= 2 s, XLSX <= 10 s, PDF <= 30 s, peak memory growth <= 200 MB.
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

from forum import create_app  # noqa: E402
from forum.db import read_only_transactions  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import Agency, Checkin, Event, OnlinePresence, Participant  # noqa: E402
from forum.services import exports  # noqa: E402
from forum.services.attendance import Ledger  # noqa: E402

TARGETS = {"csv": 2.0, "xlsx": 10.0, "pdf": 30.0}
MEMORY_TARGET_MB = 200
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
                       "nip": f"19800101200501{1 + i % 2}{i % 1000:03d}", "email": f"p{i}@example.id",
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'bench.db'}", "SECRET_KEY": "bench",
                          "INSTANCE_PATH": str(tmp_path / "instance"), "TESTING": True})
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            event_id = build_forum(args.participants)
            print(f"forum with {args.participants} participants built in {time.perf_counter() - started:.1f} s")
        read_only_transactions.set(True)  # as in a GET request: exports only read
        base_time, base_mem, base_rss = measure(app, event_id, baseline, args.repeat)
        print(f"median of {args.repeat} runs; memory: peak growth of Python allocations (tracemalloc) and of RSS")
        print(f"{'export':<16}{'median s':>9}{'x baseline':>11}{'target s':>9}{'py MB':>8}{'RSS MB':>8}  size")
        print(f"{'ledger rows':<16}{base_time:>9.2f}{1:>11.1f}{'':>9}{base_mem:>8.1f}{base_rss:>8.1f}")
        failed = False
        for fmt in ("csv", "xlsx", "pdf"):
            seconds, peak, rss = measure(app, event_id, lambda event, fmt=fmt: export(event, fmt, tmp_path),
                                         args.repeat)
            size = os.path.getsize(tmp_path / f"attendance.{fmt}")
            ok = seconds <= TARGETS[fmt] and max(peak, rss) <= MEMORY_TARGET_MB
            failed |= not ok
            print(f"{'attendance.' + fmt:<16}{seconds:>9.2f}{seconds / base_time:>11.1f}{TARGETS[fmt]:>9.0f}"
                  f"{peak:>8.1f}{rss:>8.1f}  {size / 1024:.0f} KiB{'' if ok else '  OVER TARGET'}")
        from pypdf import PdfReader

        print(f"attendance.pdf: {len(PdfReader(tmp_path / 'attendance.pdf').pages)} pages; "
              f"targets: CSV 2 s, XLSX 10 s, PDF 30 s, memory growth {MEMORY_TARGET_MB} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
