"""Plans as data: the agencies' draft Renja rows, Musrenbang results and DPRD members' pokir, the forum's decision
on each row with its history, the nomenclature reference list, the agencies' indicative ceilings (pagu
indikatif) and the overlaps flagged between rows of different agencies (or between a row and a live proposal).

A row belongs to an agency (`agency_id`, who carries it out now) and was brought in for an agency
(`origin_agency_id`, whose file it came from; never changes): a row moved to another agency keeps its origin, so
the same file imported again still finds it, and the old agency still sees what happened to it.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Index, String, Text, UniqueConstraint, and_
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import EnumString, UTCDateTime
from forum.extensions import db
from forum.models.columns import Change, Created, OfForum, Record, Updated, belongs_to, refers_to, status_in
from forum.models.events import Agency


class PlanSource(enum.StrEnum):
    renja = "renja"  # an agency's draft work plan (Rancangan Renja)
    musrenbang = "musrenbang"  # results of the planning meetings below
    pokir = "pokir"  # DPRD members' proposals (pokok-pokok pikiran)


class PlanLevel(enum.StrEnum):
    program = "program"
    activity = "activity"  # kegiatan
    sub_activity = "sub_activity"  # sub kegiatan


class PlanStatus(enum.StrEnum):
    draft = "draft"
    kept = "kept"
    changed = "changed"
    moved = "moved"
    merged = "merged"
    deferred = "deferred"
    dropped = "dropped"


# Rows that no longer ask for money from their agency's ceiling: dropped, deferred to the reserve list, or merged
# into another agency's row (that row carries the work). A moved row counts for the agency it moved to.
OFF_THE_CEILING = (PlanStatus.dropped, PlanStatus.deferred, PlanStatus.merged)
ON_THE_CEILING = tuple(status for status in PlanStatus if status not in OFF_THE_CEILING)
# Rows still on the table: the ones compared for overlaps.
LIVE_STATUSES = (PlanStatus.draft, PlanStatus.kept, PlanStatus.changed, PlanStatus.moved)


class OverlapRelation(enum.StrEnum):
    overlap = "overlap"  # the same work in the same place, planned twice
    related = "related"  # phases of one piece of work (a design study, then the construction)


class PlanItem(OfForum, Created, Updated, db.Model):
    __tablename__ = "plan_items"
    __table_args__ = (UniqueConstraint("event_id", "source", "origin_agency_id", "ref", name="uq_plan_item_ref"),
                      Index("ix_plan_items_event_agency", "event_id", "agency_id"))

    source: Mapped[PlanSource] = mapped_column(EnumString(PlanSource, 20))
    ref: Mapped[str] = mapped_column(String(100))  # the row's number in its source (made from code/name if none)
    agency_id: Mapped[int | None] = refers_to("agencies")
    origin_agency_id: Mapped[int | None] = refers_to("agencies")
    code: Mapped[str] = mapped_column(String(60), default="")  # nomenclature code, e.g. 1.03.10.2.01.01
    level: Mapped[PlanLevel] = mapped_column(EnumString(PlanLevel, 20), default=PlanLevel.sub_activity)
    name: Mapped[str] = mapped_column(String(500))
    indicator: Mapped[str] = mapped_column(Text, default="")
    # Musrenbang, pokir: the problem the proposal answers (an export's "Permasalahan"); read by the detector.
    problem: Mapped[str] = mapped_column(Text, default="")
    target: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(60), default="")
    budget: Mapped[int | None] = mapped_column(BigInteger)  # pagu indikatif, whole rupiah
    funding_source: Mapped[str] = mapped_column(String(100), default="")
    next_year_target: Mapped[str] = mapped_column(String(200), default="")
    next_year_budget: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(Text, default="")  # catatan penting; a decision's reason replaces it
    status: Mapped[PlanStatus] = mapped_column(EnumString(PlanStatus, 20), default=PlanStatus.draft, index=True)
    merged_into_id: Mapped[int | None] = refers_to("plan_items")
    proposer: Mapped[str] = mapped_column(String(200), default="")  # musrenbang: who proposed it
    dprd_member: Mapped[str] = mapped_column(String(200), default="")  # pokir: the member
    electoral_district: Mapped[str] = mapped_column(String(100), default="")  # pokir: the member's dapil
    input_id: Mapped[int | None] = refers_to("inputs")  # from a proposal
    # Normalised words of name, indicator and problem (services/overlap.py), kept so that a changed row is compared with
    # thousands of others without normalising them again.
    match_text: Mapped[str] = mapped_column(Text, default="")
    # Bumped by every change: a decision sent with an older version is refused (409 plan_changed).
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    agency: Mapped[Agency | None] = relationship(foreign_keys=[agency_id])
    origin_agency: Mapped[Agency | None] = relationship(foreign_keys=[origin_agency_id])
    locations: Mapped[list[PlanLocation]] = relationship(back_populates="item", order_by="PlanLocation.position",
                                                         cascade="all, delete-orphan")
    history: Mapped[list[PlanHistory]] = relationship(back_populates="item", order_by="PlanHistory.id",
                                                      cascade="all, delete-orphan")

    counts_toward_ceiling = status_in(ON_THE_CEILING, "Asks for money from its agency's ceiling (not dropped, "
                                                      "deferred or merged away); also in SQL.")
    is_live = status_in(LIVE_STATUSES, "Still on the table: compared with other rows for overlaps; also in SQL.")

    @property
    def moved_away(self) -> bool:
        """Moved to an agency other than the one whose plan it came from."""
        return self.status == PlanStatus.moved and self.agency_id != self.origin_agency_id


class PlanLocation(Record, db.Model):
    """One place of a row; a row may name several. `area`: the row covers the whole sub-district or regency
    ("se-Kecamatan Entikong", "Kabupaten Sanggau") rather than one village."""

    __tablename__ = "plan_locations"
    __table_args__ = (Index("ix_plan_locations_place", "regency", "district"),)

    item_id: Mapped[int] = belongs_to("plan_items", index=True)
    position: Mapped[int] = mapped_column(default=0)
    regency: Mapped[str] = mapped_column(String(100), default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    village: Mapped[str] = mapped_column(String(100), default="")
    area: Mapped[bool] = mapped_column(default=False)

    item: Mapped[PlanItem] = relationship(back_populates="locations")

    def as_dict(self) -> dict:
        return {"regency": self.regency, "district": self.district, "village": self.village, "area": self.area}


class PlanHistory(Change, db.Model):
    """Every change of a row: who, when, what (`changes`: field → [old, new]) and why."""

    __tablename__ = "plan_history"

    # `action`: imported, reimported, decided, from_input, response, …
    item_id: Mapped[int] = belongs_to("plan_items", index=True)
    reason: Mapped[str] = mapped_column(Text, default="")

    item: Mapped[PlanItem] = relationship(back_populates="history")


class ReferenceCode(OfForum, db.Model):
    """One entry of the nomenclature of regional programmes, as an organiser imported it for this forum (the
    national list is revised by decree: each forum holds the version it works with)."""

    __tablename__ = "reference_codes"
    __table_args__ = (UniqueConstraint("event_id", "code", name="uq_reference_code"),)

    code: Mapped[str] = mapped_column(String(60))
    level: Mapped[str] = mapped_column(String(20), default="")  # urusan … sub_activity, from the code's depth
    name: Mapped[str] = mapped_column(String(500))


class AgencyCeiling(OfForum, Updated, db.Model):
    """An agency's indicative ceiling (pagu indikatif) for the plan year, in whole rupiah."""

    __tablename__ = "agency_ceilings"
    __table_args__ = (UniqueConstraint("event_id", "agency_id", name="uq_agency_ceiling"),)

    agency_id: Mapped[int] = belongs_to("agencies")
    amount: Mapped[int] = mapped_column(BigInteger)

    agency: Mapped[Agency] = relationship()


class PlanOverlap(OfForum, Created, db.Model):
    """A flagged pair: two rows of different agencies (`item_b_id`, the larger id second), or a row and a live
    proposal (`input_id`). `relation` keeps phases of one work (related) apart from double planning (overlap);
    a dismissed pair stays stored so that it is never flagged again; a pair a moderator marked the same by hand
    (`linked_at`) is kept as it is when the detector computes the pairs again. A pair whose row left the table by a
    decision (deferred, dropped, merged away; a proposal rejected or merged) is closed, not deleted: the
    berita acara's attachment V lists every overlap the forum decided, and an open pair is only one still to
    decide."""

    __tablename__ = "plan_overlaps"
    __table_args__ = (UniqueConstraint("item_a_id", "item_b_id", "input_id", name="uq_plan_overlap_pair"),)

    item_a_id: Mapped[int] = belongs_to("plan_items", index=True)
    item_b_id: Mapped[int | None] = belongs_to("plan_items", index=True)
    input_id: Mapped[int | None] = belongs_to("inputs", index=True)
    score: Mapped[float] = mapped_column()
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    relation: Mapped[OverlapRelation] = mapped_column(EnumString(OverlapRelation, 20), default=OverlapRelation.overlap)
    dismissed: Mapped[bool] = mapped_column(default=False)
    dismissed_by_user_id: Mapped[int | None] = refers_to("users")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[str] = mapped_column(String(20), default="")  # the decision that closed it: deferred, …
    # A moderator's "the same work" for a row and a proposal the detector did not flag (or flagged): kept when the
    # detector computes the pairs again, undone only by a moderator (services/plan_links.py).
    linked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    linked_by_user_id: Mapped[int | None] = refers_to("users")

    @property
    def is_manual(self) -> bool:
        return self.linked_at is not None

    @hybrid_property
    def is_flagged(self) -> bool:
        """Shown to the moderators as still to decide: neither dismissed nor closed by a decision on a row."""
        return not self.dismissed and self.closed_at is None

    @is_flagged.inplace.expression
    @classmethod
    def _is_flagged_expression(cls):
        return and_(cls.dismissed.is_(False), cls.closed_at.is_(None))
