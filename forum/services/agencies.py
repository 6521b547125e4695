"""The curated list of a forum's agencies: lookup by name, short name or alias; names nobody matched kept as
unverified agencies until an organiser maps them to a listed one (the name becomes an alias) or confirms them.

An unverified agency stays out of the official per-agency counts (`Agency.verified`); see docs/SECURITY.md
("Agencies") for why a typed name never lands in a document as an agency of its own.
"""
from __future__ import annotations

import re
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum.errors import DomainError, NotFound, ValidationFailed
from forum.extensions import db
from forum.models import Agency, AgencyAlias, AgencyKind, Event, Input, PlanItem
from forum.services import audit, merging, plan_overlaps
from forum.services.records import one_of_forum
from forum.services.validation import FieldErrors, clean_text


def agency_key(name: str) -> str:
    """A name folded for lookup: case, spaces and punctuation do not count ("Dinas P.U.P.R." = "dinas pupr")."""
    text = unicodedata.normalize("NFKD", name or "")
    return re.sub(r"[^0-9a-z]", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


def find_agency(event: Event, name: str) -> Agency | None:
    """The agency of this forum written `name`: its name, short name or a known alias (a listed agency
    before an unverified one)."""
    key = agency_key(name)
    if not key:
        return None
    found = [a for a in db.session.scalars(select(Agency).where(Agency.event_id == event.id).order_by(Agency.id))
             if key in (agency_key(a.name), agency_key(a.short_name))]
    found.sort(key=lambda a: (not a.verified, agency_key(a.name) != key))
    if found:
        return found[0]
    return db.session.scalar(select(Agency).join(AgencyAlias, AgencyAlias.agency_id == Agency.id)
                             .where(AgencyAlias.event_id == event.id, AgencyAlias.key == key).limit(1))


def agency_book(agencies) -> dict[str, Agency]:
    """{folded name: agency} of `agencies`, for looking up the agencies a file names row after row as `find_agency`
    does: an alias, a short name or a name, folded (`agency_key`); a full name wins over another's short name or
    alias."""
    book = {agency_key(alias.name): a for a in agencies for alias in a.aliases}
    book.update({agency_key(a.short_name): a for a in agencies if a.short_name})
    book.update({agency_key(a.name): a for a in agencies})
    return book


def agency_for_name(event: Event, name: str, *, verified: bool = False) -> Agency:
    """The agency written `name`; a name nobody matched becomes a new agency, unverified unless the organisers
    wrote it (`verified`)."""
    agency = find_agency(event, name)
    if agency is None:
        # A nested transaction: two registrations creating the same new agency at once on PostgreSQL must
        # not both fail; the loser reads the winner's row.
        try:
            with db.session.begin_nested():
                agency = Agency(event_id=event.id, name=name, short_name="", kind=AgencyKind.other.value,
                                verified=verified)
                db.session.add(agency)
        except IntegrityError:
            agency = find_agency(event, name)
    return agency


def verified_agencies(event: Event) -> list[Agency]:
    """What the registration form and the desk offer to pick from."""
    return list(db.session.scalars(select(Agency).where(Agency.event_id == event.id, Agency.verified)
                                   .order_by(Agency.name)))


def unverified_agencies(event: Event) -> list[Agency]:
    return list(db.session.scalars(select(Agency).where(Agency.event_id == event.id, ~Agency.verified)
                                   .order_by(Agency.created_at, Agency.id)))


def get_agency(event: Event, agency_id) -> Agency:
    return one_of_forum(Agency, event, agency_id, NotFound("agency_not_found", _("No such agency in this forum.")))


def add_alias(agency: Agency, name: str) -> AgencyAlias | None:
    """Another name for `agency`; None when the name already finds an agency (its own or another's)."""
    errors = FieldErrors()
    name = errors.check("alias", clean_text, name, max_length=200, required=True)
    errors.raise_if_any()
    key = agency_key(name)
    if not key:
        raise ValidationFailed({"alias": _("Write the name with letters or digits.")})
    existing = find_agency(agency.event, name)
    if existing is not None and existing.id != agency.id:
        raise DomainError("agency_exists", _("This name already belongs to %(name)s.", name=existing.name),
                          fields={"alias": _("Already in use.")})
    if existing is not None:
        return None
    alias = AgencyAlias(event_id=agency.event_id, agency=agency, name=name, key=key)
    db.session.add(alias)
    return alias


def confirm(agency: Agency, *, actor=None) -> Agency:
    """An organiser confirms an unverified agency as it was written: it joins the list."""
    if not agency.verified:
        agency.verified = True
        audit.record("agency.confirmed", event=agency.event, user=actor, target=agency, name=agency.name)
    return agency


def _carried_by(agency: Agency) -> tuple[list[int], list[int]]:
    """The plan rows and proposals `agency` carries (ids)."""
    rows = db.session.scalars(select(PlanItem.id).where(PlanItem.event_id == agency.event_id,
                                                        PlanItem.agency_id == agency.id))
    proposals = db.session.scalars(select(Input.id).where(Input.event_id == agency.event_id,
                                                          Input.agency_id == agency.id))
    return list(rows), list(proposals)


def map_into(agency: Agency, into: Agency, *, actor=None) -> Agency:
    """An organiser says the unverified `agency` is `into`: its participants, inputs, supports and plan rows move
    to `into`, its name and aliases become aliases of `into`, and it is deleted."""
    if agency.id == into.id or agency.event_id != into.event_id:
        raise ValidationFailed({"into": _("Choose another agency of this forum.")})
    if agency.verified:
        raise DomainError("agency_verified", _("Only an unverified agency can be mapped to another."))
    event, name, gone_id = agency.event, agency.name, agency.id
    rows, proposals = _carried_by(agency)
    merging.repoint("agencies", gone_id, into.id)  # a second support of one input by `into`: dropped
    plan_overlaps.after_agency_merge(event.id, into.id, rows, proposals)  # no longer pairs of two agencies
    db.session.expire_all()
    db.session.delete(agency)
    db.session.flush()
    if find_agency(event, name) is None:
        db.session.add(AgencyAlias(event_id=event.id, agency=into, name=name, key=agency_key(name)))
    audit.record("agency.mapped", event=event, user=actor, target=into, agency_id=gone_id, name=name,
                 into_id=into.id, into=into.name)
    db.session.flush()
    return into
