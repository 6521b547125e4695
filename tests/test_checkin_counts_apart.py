"""The door's counts (the staff's `attendance` summary) are read and sent apart from the scan that changed them: the
scan answers without reading the whole forum's attendance (forum/realtime/emit.py), and staff still get the counts."""
import threading
import time

import pytest
from sqlalchemy import event as sa_event

from forum.extensions import db, socketio
from forum.realtime import emit

pytestmark = pytest.mark.both_dbs


def test_a_first_scan_reads_no_counts_itself_and_staff_get_them(app, client, make, backend):
    slug = make.event()
    person = make.participant(slug, name="Yohanes Lim")
    staff = socketio.test_client(app, namespace="/live", auth={"event": slug, "token": make.token("organiser")},
                                 flask_test_client=client)
    staff.get_received("/live")
    request_thread, counted_here = threading.get_ident(), []
    with app.app_context():
        engine = db.engine

    def seen(_conn, _cursor, statement, *_args):
        if threading.get_ident() == request_thread and "count(" in statement.lower():
            counted_here.append(statement)

    sa_event.listen(engine, "before_cursor_execute", seen)
    try:
        response = client.post(f"/api/v1/events/{slug}/checkins", json={"code": person["checkin_code"]},
                               headers={"Authorization": f"Bearer {make.token('checkin')}"})
    finally:
        sa_event.remove(engine, "before_cursor_execute", seen)
    assert response.status_code == 201
    assert counted_here == []  # the first change of the forum too: not read inside the scan's request
    received, deadline = staff.get_received("/live"), time.monotonic() + emit.ATTENDANCE_INTERVAL + 15
    while "attendance" not in [r["name"] for r in received] and time.monotonic() < deadline:
        time.sleep(0.02)
        received += staff.get_received("/live")
    assert [r["name"] for r in received] == ["checkin", "attendance"]
    assert received[1]["args"][0]["checked_in"] == 1
