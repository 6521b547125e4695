"""A storm of live-page connects takes at most half a process's database connections: a connect waits its
turn (for up to CONNECT_WAIT seconds) instead of failing on the pool's own timeout, and then opens as usual."""
from forum.extensions import socketio
from forum.realtime import live


def test_a_connect_waits_for_a_free_turn_and_is_refused_busy_when_none_comes(app, make, monkeypatch):
    slug = make.event()
    gate = live._connect_gate(app)
    assert gate._value == app.config["FORUM_DB_POOL_SIZE"] // 2
    monkeypatch.setattr(live, "CONNECT_WAIT", 0.2)
    for _ in range(gate._value):
        gate.acquire()
    try:
        refused = socketio.test_client(app, namespace="/live", auth={"event": slug})
        assert not refused.is_connected("/live")
    finally:
        for _ in range(app.config["FORUM_DB_POOL_SIZE"] // 2):
            gate.release()
    viewer = socketio.test_client(app, namespace="/live", auth={"event": slug})
    assert viewer.is_connected("/live")
    assert any(r["name"] == "agenda" for r in viewer.get_received("/live"))
