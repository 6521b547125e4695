"""Is the check-in path slower than at an earlier revision? Runs bench/checkin.py on both trees in the same
run, alternating (base, head, base, head, …) so that a busy shared machine weighs on both alike, and prints
the medians of server CPU per first scan and of the rate, with the ratio head/base.

    python bench/compare_revisions.py --base d51a4b9 [--rounds 3] [--setups sqlite:1]

The base revision is checked out into a temporary git worktree (removed at the end) and served by its own
code; both use this checkout's virtualenv.
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


def run_bench(tree: Path, setups: str, requests: int, out: Path) -> dict:
    subprocess.run([sys.executable, str(tree / "bench" / "checkin.py"), "--participants", "600", "--requests",
                    str(requests), "--repeat", "1", "--setups", setups, "--json", str(out)],
                   cwd=tree, check=False, stdout=subprocess.DEVNULL)
    figures = json.loads(out.read_text())["figures"]
    first = next(f for f in figures if f["measure"].startswith("check-in, first scans"))
    return {"rate": first["value"], "cpu": first["extra"]["server CPU ms/req"], "p99": first["extra"]["p99 ms"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the earlier revision (commit, tag or branch)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--setups", default="sqlite:1")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="forum-base-") as tmp:
        base_tree = Path(tmp) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", str(base_tree), args.base], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            results: dict[str, list[dict]] = {"base": [], "head": []}
            for round_ in range(args.rounds):
                for name, tree in (("base", base_tree), ("head", ROOT)):
                    figures = run_bench(tree, args.setups, args.requests, Path(tmp) / f"{name}-{round_}.json")
                    results[name].append(figures)
                    print(f"round {round_ + 1} {name}: {figures['rate']:.0f}/s, {figures['cpu']:.1f} ms CPU per scan, "
                          f"p99 {figures['p99']:.0f} ms", flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base_tree)], cwd=ROOT, check=False)
    med = {name: {k: statistics.median(r[k] for r in runs) for k in ("rate", "cpu", "p99")}
           for name, runs in results.items()}
    print(f"\nfirst scans, 8 desks, {args.setups}, median of {args.rounds} alternating rounds")
    print("| | base | head | head/base |\n|---|---|---|---|")
    for key, label in (("cpu", "server CPU ms per scan"), ("rate", "scans/s"), ("p99", "p99 ms")):
        base, head = med["base"][key], med["head"][key]
        print(f"| {label} | {base:.1f} | {head:.1f} | {head / base:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
