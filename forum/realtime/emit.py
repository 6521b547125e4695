"""Every emit of the app goes through here, always after the database commit."""
from __future__ import annotations

from forum.extensions import socketio
from forum.realtime import rooms
from forum.realtime.live import NAMESPACE


def checkin(event, body: dict) -> None:
    payload = {"participant": body["participant"], "checked_in_at": body["checked_in_at"], "desk": body["desk"]}
    for key in ("note", "deputy_for"):
        if key in body:
            payload[key] = body[key]
    socketio.emit("checkin", payload, to=rooms.staff(event.id), namespace=NAMESPACE)


def attendance(event) -> None:
    from forum.services.attendance import summary

    socketio.emit("attendance", summary(event), to=rooms.staff(event.id), namespace=NAMESPACE)


def agenda(event) -> None:
    from forum.services.agenda import agenda_payload

    socketio.emit("agenda", agenda_payload(event, staff=False), to=rooms.everyone(event.id), namespace=NAMESPACE,
                  skip_sid=None)
