"""The demo forum's day has partly happened, so that a newcomer sees what the daftar hadir and the berita acara look
like: about half of the in-person participants checked in at the desks on the forum's morning, most online
participants followed for a while, a few proposals accepted (one merged into another); and enough people have not
come yet for the door to be tried. Loading the demo again adds nothing."""
import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from forum.extensions import db
from forum.i18n import to_local
from forum.models import Checkin, Input, OnlinePresence, Participant
from forum.services import events, inputs, minutes
from tests.test_official_documents import t

DEMO = "forum-opd-bppd-2022"


@pytest.mark.both_dbs
def test_the_demo_day_has_partly_happened_once(app, client, make, runner, backend):
    for _run in range(2):
        result = runner.invoke(args=["forum", "demo"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        event = events.get_event(DEMO)
        people = db.session.scalars(select(Participant).where(Participant.active_in(event))).all()
        in_person = [p for p in people if p.attendance == "in_person"]
        online = [p for p in people if p.attendance == "online"]
        checkins = db.session.scalars(select(Checkin).where(Checkin.event_id == event.id)).all()
        assert 0.4 <= len(checkins) / len(in_person) <= 0.6
        assert len(in_person) - len(checkins) >= 15  # the door can still be tried
        assert len({c.participant_id for c in checkins}) == len(checkins)
        for c in checkins:
            local = to_local(c.checked_in_at, event.timezone)
            assert local.date() == date(2021, 2, 25) and 7 <= local.hour <= 8 and c.desk in ("Meja 1", "Meja 2")
        assert db.session.get(Participant, checkins[0].participant_id).attendance == "in_person"
        chair = minutes.peek_minutes(event).chair
        assert chair in {db.session.get(Participant, c.participant_id).name for c in checkins}

        intervals = db.session.scalars(select(OnlinePresence).where(OnlinePresence.event_id == event.id)).all()
        joined = {i.participant_id for i in intervals}
        assert len(joined) == len(intervals) and joined <= {p.id for p in online}
        assert len(online) // 2 < len(joined) < len(online)  # most, not all
        assert all(i.left_at > i.joined_at and to_local(i.joined_at, event.timezone).date() == date(2021, 2, 25)
                   for i in intervals)

        proposals = db.session.scalars(select(Input).where(Input.event_id == event.id)).all()
        accepted = [i for i in proposals if i.status == "accepted"]
        [merged] = [i for i in proposals if i.status == "merged"]
        assert len(accepted) >= 3 and merged.merged_into_id in {i.id for i in accepted}
        assert inputs.co_proposers([merged.merged_into_id])[merged.merged_into_id]  # the merged one's agency
        present = len(checkins) + len(joined)
    headers = make.headers()
    ba = PdfReader(io.BytesIO(client.get(f"/api/v1/events/{DEMO}/exports/minutes.pdf", headers=headers).data))
    headcount = t(app, "%(total)d people (%(in_person)d in person, %(online)d online); see attachment I",
                  total=present, in_person=len(checkins), online=len(joined))
    assert headcount in " ".join(ba.pages[0].extract_text().split())
    attendance = PdfReader(io.BytesIO(client.get(f"/api/v1/events/{DEMO}/exports/attendance.pdf",
                                                 headers=headers).data))
    text = " ".join(" ".join(page.extract_text() for page in attendance.pages).split())
    assert chair in text and t(app, "In person") in text and t(app, "Online") in text
