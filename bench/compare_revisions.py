"""Is the check-in path slower than at an earlier revision? Runs bench/checkin.py on both trees in the same
run, alternating (base, head, base, head, …) so that a busy shared machine weighs on both alike, and prints,
per setup, the medians of server CPU per first scan, the rate and p99 at 8 desks, p99 at 32 and the trivial
route's CPU, with the ratio head/base.

    python bench/compare_revisions.py --base d51a4b9 [--rounds 3] [--setups sqlite:1,postgresql:3]

The base revision (and `--head`, if given) is checked out into a temporary git worktree (removed at the end)
and served by its own code; both use this checkout's virtualenv.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


KEYS = (("cpu", "server CPU ms per first scan, 8 desks"), ("rate", "first scans/s, 8 desks"),
        ("p99", "p99 ms, 8 desks"), ("p99_32", "p99 ms, 32 desks"), ("trivial_cpu", "server CPU ms per trivial GET"))


def run_bench(tree: Path, setups: str, requests: int, out: Path) -> dict[str, dict]:
    """Per setup (its label): the first scans' figures at 8 desks, their p99 at 32 and the trivial route's CPU."""
    for _attempt in range(2):  # a server that did not start in time on the busy machine: once more
        subprocess.run([sys.executable, str(tree / "bench" / "checkin.py"), "--participants", "600", "--requests",
                        str(requests), "--repeat", "1", "--setups", setups, "--json", str(out)],
                       cwd=tree, check=False, stdout=subprocess.DEVNULL)
        if out.exists():
            break
    else:
        print(f"{tree}: bench/checkin.py failed twice; this round is left out", flush=True)
        return {}
    data = json.loads(out.read_text())
    found: dict[str, dict] = {}
    for figure in data["figures"]:
        if figure["measure"].startswith("check-in, first scans"):
            found[figure["setup"]] = {"rate": figure["value"], "cpu": figure["extra"]["server CPU ms/req"],
                                      "p99": figure["extra"]["p99 ms"]}
    setup = None
    for line in data["details"].splitlines():  # bench/checkin.py's tables: "<setup>, medians of N runs:" then rows
        if line.endswith("runs:"):
            setup = line.rsplit(", medians of", 1)[0]
        cells = [c.strip() for c in line.strip("|").split("|")]
        if setup in found and len(cells) == 7:
            if cells[:2] == ["32", "check-in, first scans"]:
                found[setup]["p99_32"] = float(cells[4])
            elif cells[:2] == ["8", "GET event (trivial)"]:
                found[setup]["trivial_cpu"] = float(cells[6])
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the earlier revision (commit, tag or branch)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--setups", default="sqlite:1")
    parser.add_argument("--head", help="a later revision to compare instead of this tree (which may hold others' "
                                       "work in progress on a shared checkout)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="forum-base-") as tmp:
        trees = {"base": Path(tmp) / "base", "head": Path(tmp) / "head" if args.head else ROOT}
        for name, revision in (("base", args.base), ("head", args.head)):
            if revision:
                subprocess.run(["git", "worktree", "add", "--detach", str(trees[name]), revision], cwd=ROOT,
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            results: dict[str, list[dict]] = {"base": [], "head": []}
            for round_ in range(args.rounds):
                for name, tree in trees.items():
                    figures = run_bench(tree, args.setups, args.requests, Path(tmp) / f"{name}-{round_}.json")
                    results[name].append(figures)
                    for setup, f in figures.items():
                        print(f"round {round_ + 1} {name} [{setup}]: {f['rate']:.0f}/s, {f['cpu']:.1f} ms CPU per "
                              f"scan, p99 {f['p99']:.0f} ms (32 desks: {f.get('p99_32', float('nan')):.0f} ms)",
                              flush=True)
        finally:
            for tree in trees.values():
                if tree != ROOT:
                    subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
    setups = dict.fromkeys(s for runs in results.values() for r in runs for s in r)
    for setup in setups:
        runs = {name: [r[setup] for r in rounds if setup in r] for name, rounds in results.items()}
        if not all(runs.values()):
            continue
        print(f"\n{setup}: first scans, median of {len(runs['base'])} (base) and {len(runs['head'])} (head) "
              f"alternating rounds (base {args.base}, head {args.head or 'this tree'})")
        print("| | base | head | head/base |\n|---|---:|---:|---:|")
        for key, label in KEYS:
            base, head = (statistics.median(r.get(key, float("nan")) for r in runs[name]) for name in ("base", "head"))
            print(f"| {label} | {base:.1f} | {head:.1f} | {head / base:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
