"""Every benchmark in one run, and the one performance table of docs/PERFORMANCE.md.

    python bench/run_all.py                 # full size: about an hour on a 2-CPU machine
    python bench/run_all.py --quick         # smoke run of every script, prints the table only
    python bench/run_all.py --only checkin fanout

Runs the scripts one after the other (never two at once: they would measure each other), each with
`--json`, and puts their headline figures side by side — each next to the baseline the script measured
in the same run (a trivial route of the same server, a bare python-socketio broadcast, iterating the
rows an export writes, the SELECT overlap detection needs) — with the machine it ran on and its load
before and after. A full run rewrites the part of docs/PERFORMANCE.md between the `bench:run_all`
markers: the summary table, then each script's own table of medians.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402

# name → (script, extra arguments of a full run, section title)
BENCHES = {
    "checkin": ("bench/checkin.py", [], "Door check-in (`bench/checkin.py`)"),
    "fanout": ("bench/fanout.py", [], "Live fan-out (`bench/fanout.py`)"),
    "input_burst": ("bench/input_burst.py", [], "Agency input burst (`bench/input_burst.py`)"),
    "exports": ("bench/exports.py", [], "Exports (`bench/exports.py`)"),
    "overlap": ("bench/overlap.py", [], "Overlap detection (`bench/overlap.py`)"),
    "plans_view": ("bench/plans_view.py", [], "Plans: synchronisation view (`bench/plans_view.py`)"),
}
SETTLE_SECONDS = 30
BEGIN, END = "<!-- bench:run_all:begin -->", "<!-- bench:run_all:end -->"
DOC = ROOT / "docs" / "PERFORMANCE.md"


def fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"
    return f"{text} {unit}".strip()


def summary(figures: list[report.Figure]) -> str:
    lines = ["| area | setup | measure | value | baseline (same run) | ratio | target | met | details |",
             "|---|---|---|---:|---|---:|---|---|---|"]
    for f in figures:
        baseline = f"{fmt(f.baseline, f.unit)} ({f.baseline_label})" if f.baseline is not None else "–"
        ratio = f"×{f.ratio:.2f}" if f.ratio is not None else "–"
        met = {True: "met", False: "**missed**", None: ""}[f.met]
        details = ", ".join(f"{k} {v}" for k, v in f.extra.items())
        lines.append(f"| {f.area} | {f.setup} | {f.measure} | {fmt(f.value, f.unit)} | {baseline} | {ratio} "
                     f"| {f.target} | {met} | {details} |")
    return "\n".join(lines)


def run(name: str, quick: bool, out: Path) -> tuple[str, list[report.Figure], str, float, int]:
    script, extra, _title = BENCHES[name]
    command = [sys.executable, script, "--json", str(out), *(["--quick"] if quick else extra)]
    print(f"\n=== {name}: {' '.join(command[1:])}", flush=True)
    started = time.monotonic()
    code = subprocess.run(command, cwd=ROOT).returncode
    elapsed = time.monotonic() - started
    if not out.exists():
        raise SystemExit(f"{script} failed (exit code {code}) and wrote no figures")
    machine, figures, details = report.read_json(out)
    return machine, figures, details, elapsed, code


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
    parser.add_argument("--only", nargs="+", choices=list(BENCHES), default=list(BENCHES))
    parser.add_argument("--quick", action="store_true", help="smoke run of every script; prints, writes nothing")
    parser.add_argument("--write", action=argparse.BooleanOptionalAction, default=None,
                        help="rewrite the table in docs/PERFORMANCE.md (default: on for a full run of all)")
    args = parser.parse_args()
    write = args.write if args.write is not None else (not args.quick and args.only == list(BENCHES))
    started_on = report.machine()
    print(started_on, flush=True)
    figures: list[report.Figure] = []
    sections, failures = [], []
    with tempfile.TemporaryDirectory(prefix="forum-bench-") as tmp:
        for number, name in enumerate(args.only):
            if number and not args.quick:
                # the fan-out leaves thousands of threads, sockets and a dropped database to clean up: the next
                # script starts on a quiet machine (measured: the input burst's CPU per request 40 % higher
                # when it started at once)
                time.sleep(SETTLE_SECONDS)
            machine, found, details, elapsed, code = run(name, args.quick, Path(tmp) / f"{name}.json")
            figures += found
            if code:
                failures.append(f"{name} (exit code {code}: a target missed or a check failed)")
            sections.append(f"#### {BENCHES[name][2]}\n\nStarted {machine}; took {elapsed / 60:.1f} min.\n\n"
                            f"{details.strip()}")
    ended_on = report.machine()
    text = "\n\n".join([
        f"### All figures, one run (`python bench/run_all.py{' --quick' if args.quick else ''}`)",
        f"Started: {started_on}  \nEnded: {ended_on}",
        "Every figure is a median over repeated runs; \"ratio\" is the value divided by the baseline measured in "
        "the same run (for rates, the share of the trivial route's rate; for times, how many times the baseline "
        "it takes). The load generator and the clients run on the same machine and share its CPUs.",
        summary(figures), *sections])
    print("\n" + text)
    if write:
        write_doc(text)
        print(f"\nwritten to {DOC.relative_to(ROOT)}")
    if failures:
        print("\nNot every target met: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
