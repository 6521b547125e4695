"""Running the agenda: sessions added and edited, started and ended, the next one, a delay, materials
and announcements.

The JSON API (forum/api/agenda.py), the editor and the control panel (forum/agenda_admin/) call these;
each runs the agenda or materials service and commits once. What the services recorded (the agenda
changed, a session's state, a material published or changed, an announcement) reaches the connected
pages after the commit (forum/realtime/broadcast.py).
"""
from __future__ import annotations

from forum.actions import unit_of_work
from forum.models import Announcement, Event, Material, Session
from forum.services import agenda, materials
from forum.services.agenda import Delay, SessionEdit, StateChange
from forum.services.materials import MaterialUpdate


def save_session(event: Event, command: SessionEdit, session: Session | None = None, *, actor=None) -> Session:
    """Add a session (`session` None) or edit one."""
    with unit_of_work():
        return agenda.save_session(event, command, session, actor=actor)


def change_state(event: Event, session: Session, change: StateChange, *, actor=None) -> Session:
    """Start, pause, resume or end a session, or open or close its input (starting it publishes its
    "publish when the session starts" materials)."""
    with unit_of_work():
        return agenda.set_state(event, session, change, actor=actor)


def start_next(event: Event, *, actor=None) -> Session | None:
    """End what is running and start the next scheduled session; None when none is left."""
    with unit_of_work():
        return agenda.next_session(event, actor=actor)


def delay(event: Event, command: Delay, *, actor=None) -> list[Session]:
    """Move the agenda by `minutes` from the session `session_id` (by default the running one) on."""
    with unit_of_work():
        anchor = agenda.get_session(event, command.session_id) if command.session_id is not None else None
        return agenda.delay(event, command.minutes, from_session=anchor, actor=actor)


def announce(event: Event, text, *, actor=None) -> Announcement:
    with unit_of_work():
        return agenda.announce(event, text, actor=actor)


def upload_material(event: Event, session: Session, upload, *, title=None, published=False,
                    publish_on_start=False, replaces_id: int | None = None, user=None,
                    participant=None) -> Material:
    """A moderator's or a speaker's file for `session` (a new version of `replaces_id` if given)."""
    with unit_of_work():
        replaces = materials.get_material(event, replaces_id) if replaces_id is not None else None
        return materials.add_material(event, session, upload, title=title, published=published,
                                      publish_on_start=publish_on_start, replaces=replaces, user=user,
                                      participant=participant)


def update_material(material: Material, command: MaterialUpdate, *, user=None) -> Material:
    """Retitle, publish or unpublish a material."""
    with unit_of_work():
        return materials.update_material(material, command, user=user)
