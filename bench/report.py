"""What every benchmark script shares: the machine's description, percentiles, free ports and the
figures it hands to `bench/run_all.py` (`--json PATH`), which puts them side by side in one table.

A figure is one headline number of a benchmark next to its baseline, measured in the same run:

    Figure(area="Door check-in", setup="PostgreSQL, 3 processes", measure="first scans, concurrency 8",
           value=171.0, unit="req/s", baseline=520.0, baseline_label="GET event (trivial)",
           target="≥ 150/s, p99 ≤ 100 ms", met=True, extra={"p99 ms": 92.0})

`ratio` is value / baseline (for times: how many times the baseline it takes; for rates: the share of
the baseline's rate).
"""
from __future__ import annotations

import http.client
import json
import os
import platform
import socket
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path


@dataclass
class Figure:
    area: str
    setup: str
    measure: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    target: str = ""
    met: bool | None = None
    extra: dict[str, float | int | str] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline


def write_json(path: str | None, figures: list[Figure], details: str = "") -> None:
    """Writes the figures (and the script's own detailed Markdown, if any) for run_all.py."""
    if not path:
        return
    Path(path).write_text(json.dumps({"machine": machine(), "figures": [asdict(f) for f in figures],
                                      "details": details}, ensure_ascii=False, indent=1))


def read_json(path: str | Path) -> tuple[str, list[Figure], str]:
    data = json.loads(Path(path).read_text())
    return data["machine"], [Figure(**f) for f in data["figures"]], data.get("details", "")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return float("nan")


def machine() -> str:
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · nproc {os.cpu_count()} · {cpu_model()} · "
            f"{memory_gib():.0f} GiB · Python {platform.python_version()} · {platform.system()} {platform.release()}"
            f" · load average {load}")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of unsorted values; NaN when there are none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_args(parser, quick: dict):
    """Adds --quick (a smoke run with the `quick` defaults; flags given explicitly still win) and --json,
    then parses."""
    parser.add_argument("--quick", action="store_true", help="smoke run: " + ", ".join(
        f"--{k.replace('_', '-')} {v}" for k, v in quick.items()) + " (flags given explicitly still win)")
    parser.add_argument("--json", metavar="PATH", help="write the headline figures for bench/run_all.py")
    args = parser.parse_args()
    if args.quick:
        parser.set_defaults(**quick)
        args = parser.parse_args()
    return args


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc, Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    """A server process and its direct children (gunicorn: the master and its worker)."""
    try:
        return [pid, *(int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
    except OSError:
        return [pid]


class HttpClient:
    """One keep-alive HTTP/1.1 connection to `url` (http://host:port), for load generators: far lighter
    than `requests` (which costs about as much CPU per call as a trivial route of the server, and the
    load generator shares the server's two CPUs). Errors answer status 0 and reconnect on the next call."""

    def __init__(self, url: str, timeout: float = 30):
        host, port = url.removeprefix("http://").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=timeout)

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None
                ) -> tuple[int, bytes]:
        data = json.dumps(body).encode() if body is not None else None
        all_headers = {**(headers or {}), **({"Content-Type": "application/json"} if data else {})}
        try:
            self.conn.request(method, path, body=data, headers=all_headers)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # reconnects on the next request
            return 0, b""

    def close(self) -> None:
        self.conn.close()


def print_profile(profiler, top: int, out: str | None = None) -> None:
    """A cProfile run's top entries by own time and by cumulative time, as docs/PERFORMANCE.md quotes them; the
    whole profile also written to `out` (pstats) when given."""
    import io
    import pstats

    if out:
        profiler.dump_stats(out)
    for order in ("tottime", "cumulative"):
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).strip_dirs().sort_stats(order).print_stats(top)
        print(f"by {order}:\nncalls" + text.getvalue().split("ncalls", 1)[-1])
