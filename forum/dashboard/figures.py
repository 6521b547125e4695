"""Read-only figures for the organisers' dashboard: present vs registered, by agency, the no-shows and
the two charts. No rule lives here: who counts as present is the attendance ledger's decision
(forum.services.attendance), the drawing is forum.documents.charts."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import groupby

from babel.dates import format_time
from flask_babel import gettext as _
from sqlalchemy import select

from forum.documents import charts
from forum.extensions import db
from forum.i18n import locale_code, to_local, zone_label
from forum.models import Agency, Checkin, Event, OnlinePresence, Participant, Session
from forum.services.attendance import Ledger, merge_intervals

NO_SHOWS_SHOWN = 500  # rows of the no-show list rendered at once
ONLINE_MARGIN = timedelta(hours=6)  # the online chart covers the forum's times and this much around them


@dataclass
class AgencyFigures:
    agency: Agency | None
    registered: int = 0
    in_room: int = 0  # checked in at the door
    online: int = 0  # took part online (joined, not checked in)
    present: int = 0

    @property
    def name(self) -> str:
        return self.agency.name if self.agency else ""

    @property
    def missing(self) -> bool:
        """Nobody of this agency counts as present (or nobody registered at all)."""
        return self.present == 0


@dataclass
class Figures:
    summary: dict[str, int]
    present: int = 0
    in_room: int = 0
    online: int = 0
    agencies: list[AgencyFigures] = field(default_factory=list)
    no_shows: list = field(default_factory=list)  # AttendanceRow, the first NO_SHOWS_SHOWN
    no_show_ids: list[int] = field(default_factory=list)

    @property
    def no_show_total(self) -> int:
        return len(self.no_show_ids)

    @property
    def missing_agencies(self) -> list[AgencyFigures]:
        return [a for a in self.agencies if a.agency is not None and a.missing]

    def as_json(self) -> dict:
        return {"present": self.present, "in_room": self.in_room, "online": self.online,
                "no_shows": self.no_show_total, "agencies": len([a for a in self.agencies if a.agency]),
                "agencies_missing": len(self.missing_agencies)}


def figures(event: Event, now: datetime | None = None) -> Figures:
    """One pass over the ledger: counts, the agency table (every agency of the forum, also those nobody
    registered for) and the no-shows (registered, not present), by agency then name."""
    ledger = Ledger(event, now)
    out = Figures(summary=ledger.summary())
    # Only verified agencies are rows of the table; people of an agency nobody verified yet count in the row
    # without an agency until an organiser maps or confirms it (services/agencies.py).
    by_agency: dict[int | None, AgencyFigures] = {
        a.id: AgencyFigures(a) for a in db.session.scalars(select(Agency).where(Agency.event_id == event.id,
                                                                                Agency.verified))}
    no_shows = []
    for row in ledger.rows():
        p = row.participant
        key = p.agency_id if p.agency is not None and p.agency.verified else None
        tally = by_agency.get(key)
        if tally is None:
            tally = by_agency[key] = AgencyFigures(p.agency if key is not None else None)
        tally.registered += 1
        if row.checked_in_at is not None:
            tally.in_room += 1
        elif row.online is not None:
            tally.online += 1
        if row.present:
            tally.present += 1
            if row.checked_in_at is not None:
                out.in_room += 1
            else:
                out.online += 1
        else:
            no_shows.append(row)
    out.present = out.in_room + out.online
    out.agencies = sorted(by_agency.values(), key=lambda a: (a.agency is None, a.name.casefold()))
    no_shows.sort(key=lambda r: (r.participant.agency is None,
                                 r.participant.agency.name.casefold() if r.participant.agency else "",
                                 r.participant.name.casefold()))
    out.no_show_ids = [r.participant.id for r in no_shows]
    out.no_shows = no_shows[:NO_SHOWS_SHOWN]
    return out


def sessions(event: Event) -> list[Session]:
    return list(db.session.scalars(select(Session).where(Session.event_id == event.id)
                                   .order_by(Session.starts_at, Session.position, Session.id)))


# --- charts ---------------------------------------------------------------------------------

def _active(event: Event):
    return Participant.active_in(event)


def _clock(moment: datetime, tz: str) -> str:
    pattern = "HH.mm" if locale_code() == "id" else "HH:mm"
    return format_time(to_local(moment, tz), pattern, locale=locale_code())


def arrival_chart(event: Event) -> charts.Chart:
    """Check-ins per 5 minutes (bars) and their running total (a line on its own scale)."""
    times = db.session.scalars(select(Checkin.checked_in_at).join(Participant, Checkin.participant_id == Participant.id)
                               .where(Checkin.event_id == event.id, _active(event)))
    slots = charts.per_slot(times)
    zone = zone_label(event.timezone)
    chart = charts.Chart(id="chart-arrivals", title=_("Arrivals at the door"), labels=[],
                         description=_("Nobody has checked in yet."), x_title=_("Time (%(zone)s)", zone=zone),
                         empty_text=_("Nobody has checked in yet."))
    if slots is None:
        return chart
    minutes = int(slots.step.total_seconds() // 60)
    chart.labels = [_clock(start, event.timezone) for start in slots.starts]
    chart.description = _("Check-ins per %(n)d minutes from %(first)s to %(last)s %(zone)s (bars) and the running "
                          "total (line): %(total)d in all. The table below holds the same figures.",
                          n=minutes, first=chart.labels[0], last=chart.labels[-1], zone=zone,
                          total=sum(slots.counts))
    chart.series = [charts.Series(_("Check-ins per %(n)d minutes", n=minutes), slots.counts, "bar"),
                    charts.Series(_("Checked in so far"), slots.cumulative(), "line", axis="right")]
    return chart


def online_chart(event: Event, now: datetime) -> charts.Chart:
    """How many participants were connected online, every 5 minutes from the first join until now (or the
    last departure); several tabs of one person count once."""
    rows = db.session.execute(
        select(OnlinePresence.participant_id, OnlinePresence.joined_at, OnlinePresence.left_at)
        .join(Participant, OnlinePresence.participant_id == Participant.id)
        .where(OnlinePresence.event_id == event.id, _active(event))
        .order_by(OnlinePresence.participant_id, OnlinePresence.joined_at))
    spans, open_now = [], 0
    for _pid, group in groupby(rows, key=lambda r: r[0]):
        intervals = [(joined, left) for _p, joined, left in group]
        spans += merge_intervals(intervals, now)
        open_now += any(left is None for _joined, left in intervals)
    zone = zone_label(event.timezone)
    chart = charts.Chart(id="chart-online", title=_("Online over time"), labels=[],
                         description=_("Nobody has joined online yet."), x_title=_("Time (%(zone)s)", zone=zone),
                         empty_text=_("Nobody has joined online yet."))
    if not spans:
        return chart
    # The forum's day: connections left open for days (a stopped server) do not stretch the chart.
    first = max(min(s for s, _e in spans), event.starts_at - ONLINE_MARGIN)
    last = min(max(e for _s, e in spans), max(event.ends_at + ONLINE_MARGIN, first))
    moments = charts.sample_times(first, last)
    if not moments:  # every connection lies far outside the forum's times
        return chart
    values = charts.concurrent(spans, moments)
    if open_now and moments[-1] < now <= last:
        moments.append(now)
        values.append(open_now)
    chart.labels = [_clock(m, event.timezone) for m in moments]
    chart.description = _("Participants connected online, counted every %(n)d minutes from %(first)s to %(last)s "
                          "%(zone)s; %(peak)d at the busiest moment counted. The table below holds the same "
                          "figures.", n=int((moments[1] - moments[0]).total_seconds() // 60) if len(moments) > 1 else 5,
                          first=chart.labels[0], last=chart.labels[-1], zone=zone, peak=max(values))
    chart.series = [charts.Series(_("Online"), values, "line")]
    return chart
