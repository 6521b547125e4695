"""Every benchmark in one run, and the one performance table of docs/PERFORMANCE.md.

    python bench/run_all.py                 # full size: about 40 minutes on a 2-CPU machine (printed at the start)
    python bench/run_all.py --quick         # smoke run of every script, prints the table only
    python bench/run_all.py --only checkin fanout   # a part, at full size: prints only, never writes
    python bench/run_all.py --no-write      # everything at full size, printed only

Runs the scripts one after the other (never two at once: they would measure each other; a pause between them
lets the machine settle), each with `--json`, and puts their figures side by side — each next to the baseline the
script measured in the same run (the trivial route of the same server, a bare python-socketio server under the
same worker and Redis, iterating the rows an export writes, the SELECT overlap detection needs, the title-trigram
detector on the same pairs) — with the target it has, marked met or missed (a missed target, or unexpected
answers, marks the figure missed), one figure per target. The setups are issue 18's: check-in on SQLite in one
process and on PostgreSQL with 3 gunicorn processes + Redis, at 8 and 32 desks, and its CPU per first scan; 10,000
live pages over 3 gevent processes + Redis + PostgreSQL with a storm of 2,000 connects, and 1,000 on SQLite in one
process; the CPU per connect in process.

Every figure is a median over repeated runs (3, or the script's own count where it repeats more) but the overlap
quality's, which counts the verdicts on a fixed labelled set (the same on every run). The header gives the machine
and its load average when the run started and ended, and each script's section its own.

Only a full run of every script rewrites the part of docs/PERFORMANCE.md between the `bench:run_all` markers (the
summary table, then each script's own table of medians), and only when every script handed back its figures: a
run with `--only` or `--quick` prints and writes nothing, so the table in the document is always one whole run.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402


@dataclass(frozen=True)
class Bench:
    script: str
    title: str
    shape: tuple[str, ...]  # the setup measured: given to quick runs too
    size: tuple[str, ...]  # the full run's sizes and repeats (a quick run takes the script's --quick ones)
    minutes: float  # a full run's duration on the 2-CPU machine, roughly (measured or estimated, see below)


REDIS_QUEUE = "redis://127.0.0.1:6379/14"
BENCHES = {
    "checkin": Bench("bench/checkin.py", "Door check-in (`bench/checkin.py`)",
                     ("--setups", "sqlite:1,postgresql:3"), ("--requests", "1000", "--repeat", "3"), 5),
    # three runs at 10,000 (each with its storm of 2,000), forum and bare interleaved: 12.1 min at load 7 (2026-12-06)
    "fanout": Bench("bench/fanout.py", "Live pages: 10,000 over 3 processes + Redis (`bench/fanout.py`)",
                    ("--processes", "3", "--modes", "gevent"), ("--clients", "10000", "--repeat", "3"), 13),
    "fanout_sqlite": Bench("bench/fanout.py", "Live pages: one process on SQLite (`bench/fanout.py`)",
                           ("--processes", "1", "--embedded-modes", "threading"),
                           ("--clients", "1000", "--repeat", "3"), 4),
    "connect_cost": Bench("bench/connect_cost.py", "Live pages: CPU per connect, in process (`bench/connect_cost.py`)",
                          ("--mode", "gevent", "--concurrency", "20", "--redis", REDIS_QUEUE),
                          ("--connects", "300", "--rounds", "5"), 1),
    "input_burst": Bench("bench/input_burst.py", "Agency input burst (`bench/input_burst.py`)", (),
                         ("--repeat", "3"), 2.5),
    "exports": Bench("bench/exports.py", "Exports (`bench/exports.py`)", (), ("--repeat", "3"), 3),
    "overlap": Bench("bench/overlap.py", "Overlap detection: speed (`bench/overlap.py`)", (), ("--repeat", "9"), 0.5),
    "overlap_quality": Bench("bench/overlap_quality.py", "Overlap detection: quality (`bench/overlap_quality.py`)",
                             (), (), 0.2),
    "plans": Bench("bench/plans.py", "Plans: import and overlaps (`bench/plans.py`)", (), ("--repeat", "3"), 3),
    "plans_view": Bench("bench/plans_view.py", "Plans: synchronisation view (`bench/plans_view.py`)", (),
                        ("--repeat", "7"), 2),
}
SETTLE_SECONDS = 30
BEGIN, END = "<!-- bench:run_all:begin -->", "<!-- bench:run_all:end -->"
DOC = ROOT / "docs" / "PERFORMANCE.md"


def fmt(value: float | None, unit: str = "") -> str:
    if value is None or value != value:  # None or NaN
        return "–"
    if isinstance(value, int):  # a count
        text = f"{value:,}"
    else:
        text = (f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}" if abs(value) >= 10 else
                f"{value:,.2f}" if abs(value) >= 1 else f"{value:.3g}")
    return f"{text} {unit}".strip()


def summary(figures: list[report.Figure]) -> str:
    lines = ["| area | setup | measure | value | baseline (same run) | ratio | target | met | details |",
             "|---|---|---|---:|---|---:|---|---|---|"]
    for f in figures:
        baseline = f"{fmt(f.baseline, f.unit)} ({f.baseline_label})" if f.baseline is not None else "–"
        ratio = f"×{f.ratio:.2f}" if f.ratio is not None and f.ratio == f.ratio else "–"
        met = {True: "met", False: "**missed**", None: ""}[f.met]
        details = ", ".join(f"{k} {v}" for k, v in f.extra.items())
        lines.append(f"| {f.area} | {f.setup} | {f.measure} | {fmt(f.value, f.unit)} | {baseline} | {ratio} "
                     f"| {f.target} | {met} | {details} |")
    return "\n".join(lines)


@dataclass
class Outcome:
    name: str
    figures: list[report.Figure]
    section: str
    failure: str = ""  # why the script's figures are missing or not every target was met


def run(name: str, quick: bool, out: Path) -> Outcome:
    bench = BENCHES[name]
    command = [sys.executable, bench.script, "--json", str(out), *bench.shape,
               *(("--quick",) if quick else bench.size)]
    print(f"\n=== {name}: {' '.join(command[1:])}  [{report.machine()}]", flush=True)
    started_on, started = report.machine(), time.monotonic()
    code = subprocess.run(command, cwd=ROOT).returncode
    elapsed, ended_on = time.monotonic() - started, report.machine()
    head = (f"#### {bench.title}\n\n`python {' '.join(command[1:]).replace(str(out), 'PATH')}`  \n"
            f"Started {started_on}  \nEnded {ended_on}; took {elapsed / 60:.1f} min.\n\n")
    if not out.exists():
        why = f"{bench.script} failed (exit code {code}) and handed back no figures"
        return Outcome(name, [], head + f"**Not measured**: {why}.", why)
    _machine, figures, details = report.read_json(out)
    missed = [f"{f.setup}: {f.measure}" for f in figures if f.met is False]
    why = (f"{name}: missed {'; '.join(missed)}" if missed else
           f"{name}: exit code {code} (a check failed)" if code else "")
    return Outcome(name, figures, head + details.strip(), why)


def write_doc(text: str) -> None:
    doc = DOC.read_text()
    if BEGIN in doc and END in doc:
        head, rest = doc.split(BEGIN, 1)
        _old, tail = rest.split(END, 1)
    else:  # first run: right after the introduction
        intro, _, body = doc.partition("\n## ")
        head, tail = intro.rstrip() + "\n\n", "\n\n## " + body if body else "\n"
    DOC.write_text(head + BEGIN + "\n" + text.strip() + "\n" + END + tail)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=list(BENCHES), metavar="NAME",
                        help=f"run only these ({', '.join(BENCHES)}); prints, never writes the document")
    parser.add_argument("--quick", action="store_true", help="smoke run of every script; prints, writes nothing")
    parser.add_argument("--write", action=argparse.BooleanOptionalAction, default=True,
                        help="a full run of every script rewrites the table in docs/PERFORMANCE.md (default); "
                             "--no-write prints it only")
    args = parser.parse_args()
    names = args.only or list(BENCHES)
    whole = not args.quick and not args.only
    if not args.quick:
        minutes = sum(BENCHES[name].minutes for name in names) + SETTLE_SECONDS * (len(names) - 1) / 60
        each = ", ".join(f"{name} {BENCHES[name].minutes:g}" for name in names)
        print(f"Expected duration: about {minutes:.0f} minutes ({each} min, and {SETTLE_SECONDS} s of settling "
              "between scripts); "
              + ("the document is rewritten at the end" if whole and args.write else "nothing is written"),
              flush=True)
    started_on = report.machine()
    print(started_on, flush=True)
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="forum-bench-") as tmp:
        for number, name in enumerate(names):
            if number and not args.quick:
                # the fan-out leaves thousands of sockets, processes and a dropped database to clean up: the next
                # script starts on a quiet machine (measured: the input burst's CPU per request 40 % higher
                # when it started at once)
                time.sleep(SETTLE_SECONDS)
            outcomes.append(run(name, args.quick, Path(tmp) / f"{name}.json"))
    ended_on = report.machine()
    command = "python bench/run_all.py" + (" --quick" if args.quick else "") + \
        (f" --only {' '.join(args.only)}" if args.only else "")
    figures = [f for outcome in outcomes for f in outcome.figures]
    met = [f.met for f in figures if f.met is not None]
    text = "\n\n".join([
        f"### All figures, one run (`{command}`)",
        f"Started: {started_on}  \nEnded: {ended_on}",
        "Every figure is a median over repeated runs (the count in its details; the overlap quality counts verdicts "
        "on a fixed set, the same every run); \"ratio\" is the value divided by the baseline measured in the same "
        "run (for rates, the share of the trivial route's rate; for times, how many times the baseline it takes). "
        "One row per target, marked met or missed as measured. The load generators and the clients run on the "
        "same machine and share its CPUs.",
        f"Targets: {sum(met)} met, {len(met) - sum(met)} missed, of {len(met)}.",
        summary(figures), *(outcome.section for outcome in outcomes)])
    print("\n" + text)
    failures = [outcome.failure for outcome in outcomes if outcome.failure]
    unmeasured = [outcome.name for outcome in outcomes if not outcome.figures]
    if whole and args.write and not unmeasured:
        write_doc(text)
        print(f"\nwritten to {DOC.relative_to(ROOT)}")
    elif whole and args.write:
        print(f"\nNOT written to {DOC.relative_to(ROOT)}: no figures from {', '.join(unmeasured)}")
    if failures:
        print("\nNot every target met or every check passed:\n- " + "\n- ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
