"""The server restarted while 50 live clients are connected: all come back and get the current agenda."""
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests
import socketio

from tests.conftest import LiveServer


def test_fifty_clients_reconnect_after_a_restart_and_see_the_current_agenda(tmp_path):
    server = LiveServer(tmp_path)
    server.cli("init")
    server.cli("demo")
    email = "mod-restart@demo.example.id"
    server.cli("create-user", "--email", email, "--name", "Mod", "--role", "moderator", "--password", "long enough pw")
    token = server.cli("create-token", "--email", email).strip().splitlines()[-1]
    server.start()
    clients, latest, lock = [], {}, threading.Lock()
    try:
        for i in range(50):
            client = socketio.Client(reconnection=True, reconnection_delay=0.5, reconnection_delay_max=2)

            def on_agenda(data, i=i):
                with lock:
                    latest[i] = data["current_session_id"]

            client.on("agenda", on_agenda, namespace="/live")
            client.connect(server.url, namespaces=["/live"], auth={"event": "forum-opd-bppd-2022"},
                           transports=["websocket"], wait_timeout=10)
            clients.append(client)
        assert _wait(lambda: len(latest) == 50)
        assert set(latest.values()) == {None}  # nothing live yet

        server.stop()
        server.start()  # same database; meanwhile nobody saw the change below
        agenda = requests.get(f"{server.url}/api/v1/events/forum-opd-bppd-2022/agenda", timeout=10).json()
        first = agenda["sessions"][1]["id"]
        with lock:
            latest.clear()
        response = requests.post(f"{server.url}/api/v1/events/forum-opd-bppd-2022/sessions/{first}/state",
                                 json={"state": "live"}, headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert response.status_code == 200
        # every client is back (a fresh `agenda` on connect, or the change itself) and shows the live session
        assert _wait(lambda: len(latest) == 50 and set(latest.values()) == {first}, timeout=30), (
            f"not back: {sorted(set(range(50)) - set(latest))}; "
            f"showing another session: {sorted(i for i, current in latest.items() if current != first)}")
    finally:
        # side by side: each sync client's disconnect() waits 3 s for a close frame its reader thread took
        with ThreadPoolExecutor(25) as pool:
            list(pool.map(lambda c: c.disconnect(), clients))
        server.stop()


def _wait(predicate, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()
