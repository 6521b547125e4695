"""The live page on a weak phone connection: what it weighs and when it is readable and usable, at two
revisions side by side.

    python bench/live_page.py [--base REV] [--rounds 3] [--json PATH]

Each revision (`--base`, default the one before issue 17's work, and this checkout) is served by its own
`python wsgi.py` on its own SQLite file, with the same forum made through the API: eight sessions, the
fifth running with input open, six announcements, and an online participant. The base revision is checked out
into a temporary git worktree (removed at the end); both use this checkout's virtualenv.

A real Chromium with a phone's viewport opens the participant's personal link (unthrottled: it sets the
browser session), empties its HTTP cache, then throttles the network through the DevTools protocol
(Network.emulateNetworkConditions: 400 kbps down and up, 300 ms latency) and opens the live page:
- transferred: every byte the browser received (HTTP bodies and headers as sent, compressed when they were,
  plus WebSocket frames) until the live agenda had arrived and the connection had settled (3 s);
- readable: first contentful paint (the page's first paint shows the running session at its top);
- usable: the input form is on screen and its script (input-form.js) has arrived;
- live: the live connection has delivered the agenda;
- warm reload: the same page opened again in the same browser: what it transfers.
Rounds alternate base and head; medians are printed. Goals: first load <= 60 KB, readable <= 1.5 s, usable
<= 2.5 s, warm reload <= 10 KB.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import Figure, free_port, write_json  # noqa: E402

BASE = "b1bad57"  # HEAD when issue 17's work began
CHROMIUM = os.environ.get("FORUM_CHROMIUM", "/usr/bin/chromium")
THROTTLE = {"offline": False, "latency": 300, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
GOALS = {"first": 60 * 1024, "readable": 1500, "usable": 2500, "warm": 10 * 1024}
SLUG = "forum-bench-live"
PASSWORD = "correct horse battery"

# Records, from the very start of each document, when the live agenda arrived (body[data-current]).
RECORDER = """
window.__forumBench = {};
new MutationObserver(function () {
  if (!window.__forumBench.live && document.body && document.body.hasAttribute("data-current")) {
    window.__forumBench.live = performance.now();
  }
}).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-current"] });
"""

TIMES = """() => {
  const paint = performance.getEntriesByType("paint").find(e => e.name === "first-contentful-paint");
  const form = performance.getEntriesByType("resource").filter(e => e.name.includes("/js/input-form"));
  const title = document.querySelector("[data-now] .title");
  const box = title ? title.getBoundingClientRect() : null;
  return { readable: paint ? paint.startTime : null,
           form: form.length ? Math.max(...form.map(e => e.responseEnd)) : null,
           live: window.__forumBench.live || null, titleOnScreen: !!box && box.bottom <= window.innerHeight };
}"""


class Server:
    def __init__(self, tree: Path, tmp: Path):
        self.tree, self.tmp = tree, tmp
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "FORUM_INSTANCE_PATH": str(tmp / "instance"), "PORT": str(self.port),
                    "HOST": "127.0.0.1", "DATABASE_URL": f"sqlite:///{tmp / 'live.db'}", "FORUM_RATELIMIT": "0"}
        self.env.pop("REDIS_URL", None)

    def cli(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "forum", *args], cwd=self.tree,
                              env=self.env, capture_output=True, text=True, timeout=300, check=True)
        return done.stdout

    def start(self) -> Server:
        self.cli("init")
        self.log = open(self.tmp / "server.log", "w")
        self.proc = subprocess.Popen([sys.executable, "wsgi.py"], cwd=self.tree, env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                requests.get(self.url + "/healthz", timeout=1)
                return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("server did not start: " + (self.tmp / "server.log").read_text())

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(15)
        self.log.close()

    def headers(self, role: str) -> dict:
        email = f"{role}-{uuid.uuid4().hex[:6]}@bench.example.id"
        self.cli("create-user", "--email", email, "--name", f"Bench {role}", "--role", role, "--password", PASSWORD)
        return {"Authorization": "Bearer " + self.cli("create-token", "--email", email).strip().splitlines()[-1]}

    def forum(self) -> str:
        """The same forum at both revisions; returns the participant's personal link."""
        org, mod = self.headers("organiser"), self.headers("moderator")
        api = self.url + "/api/v1"
        answer = requests.post(f"{api}/events", headers=org, timeout=30, json={
            "slug": SLUG, "title": "Forum OPD BPPD Provinsi Kalimantan Barat — Rencana Kerja 2022",
            "venue": "Hotel Aston Pontianak", "starts_at": "2021-02-25T08:00:00+07:00",
            "ends_at": "2021-02-25T16:00:00+07:00", "stream_url": "https://zoom.us/j/123456789"})
        answer.raise_for_status()
        titles = ["Registrasi peserta", "Pembukaan oleh Sekretaris Daerah", "Paparan Kepala BPPD",
                  "Narasumber Bappeda", "Diskusi dan masukan perangkat daerah", "Narasumber DPMD",
                  "Perumusan berita acara", "Penandatanganan berita acara"]
        ids = []
        for n, title in enumerate(titles):
            start, end = f"{8 + n:02d}:00", f"{9 + n:02d}:00"
            session = requests.post(f"{api}/events/{SLUG}/sessions", headers=org, timeout=30, json={
                "title": title, "starts_at": f"2021-02-25T{start}", "ends_at": f"2021-02-25T{end}",
                "room": "Ballroom"})
            session.raise_for_status()
            ids.append(session.json()["id"])
        requests.post(f"{api}/events/{SLUG}/sessions/{ids[4]}/state", headers=mod, timeout=30,
                      json={"state": "live", "input_open": True}).raise_for_status()
        for n in range(6):
            requests.post(f"{api}/events/{SLUG}/announcements", headers=mod, timeout=30,
                          json={"text": f"Pengumuman {n + 1}: sesi berikutnya dimulai 10 menit lebih lambat."})
        person = requests.post(f"{api}/events/{SLUG}/registrations", timeout=30, json={
            "name": "Dayang Lestari", "agency": "Kecamatan Entikong", "position": "Sekretaris Camat",
            "attendance": "online", "email": "dayang@example.id", "consent": True})
        person.raise_for_status()
        return person.json()["personal_url"]


def measure(browser, server: Server, personal_url: str) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    try:
        page = context.new_page()
        page.goto(personal_url)
        page.add_init_script(RECORDER)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")
        cdp.send("Network.emulateNetworkConditions", THROTTLE)
        sizes: dict[str, int] = {}
        frames: list[int] = []
        cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
        cdp.on("Network.webSocketFrameReceived", lambda e: frames.append(len(e["response"]["payloadData"])))
        cdp.on("Network.webSocketFrameSent", lambda e: frames.append(len(e["response"]["payloadData"])))

        def load() -> dict:
            sizes.clear()
            frames.clear()
            page.goto(f"{server.url}/events/{SLUG}/live", wait_until="commit", timeout=60_000)
            page.locator("body[data-current]").wait_for(state="attached", timeout=60_000)
            page.locator("form[data-input-form]").wait_for(state="visible", timeout=60_000)
            page.wait_for_function(
                "performance.getEntriesByType('resource').some(e => e.name.includes('/js/input-form'))", timeout=60_000)
            page.wait_for_timeout(3000)  # the transport settles (polling -> WebSocket)
            times = page.evaluate(TIMES)
            return {**times, "bytes": sum(sizes.values()) + sum(frames), "responses": len(sizes)}

        first = load()
        warm = load()
        assert first["titleOnScreen"], "the running session is not at the top of the first screen"
        return {"first": first["bytes"], "responses": first["responses"], "readable": first["readable"],
                "usable": max(first["readable"], first["form"]), "live": first["live"], "warm": warm["bytes"],
                "warm_responses": warm["responses"]}
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=BASE)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="forum-live-bench-") as tmp_name:
        tmp = Path(tmp_name)
        base_tree = tmp / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", str(base_tree), args.base], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        servers = {}
        try:
            for name, tree in (("base", base_tree), ("head", ROOT)):
                (tmp / name).mkdir()
                servers[name] = Server(tree, tmp / name).start()
            links = {name: server.forum() for name, server in servers.items()}
            results: dict[str, list[dict]] = {"base": [], "head": []}
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
                for round_ in range(args.rounds):
                    for name in ("base", "head"):
                        figures = measure(browser, servers[name], links[name])
                        results[name].append(figures)
                        print(f"round {round_ + 1} {name}: {figures}", flush=True)
                browser.close()
        finally:
            for server in servers.values():
                server.stop()
            subprocess.run(["git", "worktree", "remove", "--force", str(base_tree)], cwd=ROOT, check=False)
    med = {name: {k: statistics.median(r[k] for r in runs) for k in runs[0]} for name, runs in results.items()}
    rows = [("first load, transferred", "first", "KB", 1024),
            ("current session readable (first paint)", "readable", "s", 1000),
            ("input form usable", "usable", "s", 1000), ("live agenda arrived", "live", "s", 1000),
            ("warm reload, transferred", "warm", "KB", 1024)]
    head_rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    print(f"\nlive page on a phone, 400 kbps / 300 ms, medians of {args.rounds} alternating rounds "
          f"(base {args.base}, head {head_rev.stdout.strip()})")
    print("| | base | head | goal |\n|---|---|---|---|")
    figures = []
    for label, key, unit, scale in rows:
        goal = GOALS.get(key)
        head = med["head"][key] / scale
        print(f"| {label} | {med['base'][key] / scale:.2f} {unit} | {head:.2f} {unit} | "
              f"{f'≤ {goal / scale:.1f} {unit}' if goal else ''} |")
        figures.append(Figure(area="Live page on a phone", setup="400 kbps / 300 ms, Chromium", measure=label,
                              value=round(head, 2), unit=unit, baseline=round(med["base"][key] / scale, 2),
                              baseline_label=f"revision {args.base}",
                              target=f"≤ {goal / scale:g} {unit}" if goal else "",
                              met=(med["head"][key] <= goal) if goal else None))
    print(f"| responses on first load | {med['base']['responses']:.0f} | {med['head']['responses']:.0f} | |")
    write_json(args.json, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
