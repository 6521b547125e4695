"""Participants of a forum, for organisers: search, add, edit, cancel/revoke/restore, new QR code, merge two
records of one person."""
from __future__ import annotations

from urllib.parse import quote

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions import people
from forum.backoffice import bp, labels, queries
from forum.backoffice.common import page_number
from forum.backoffice.forms import ConfirmForm, MergeForm, ParticipantForm
from forum.errors import DomainError
from forum.extensions import db
from forum.i18n import format_span
from forum.models import ParticipantStatus
from forum.ratelimits import search_limit
from forum.security import staff_required
from forum.services import events as event_service
from forum.services import identity, registration
from forum.staff import form_page, forum_page
from forum.urls import personal_url, qr_png_url

PER_PAGE = 50


def _named(slug: str, participant_id: int):
    """The forum and the participant a URL names (404 for a participant of another forum)."""
    event = event_service.get_event(slug)
    return event, registration.get_participant(event, participant_id)


def _filters(event) -> dict:
    """The list's filters from the query string; unknown values are ignored rather than refused."""
    args = request.args
    agency_id = args.get("agency", "")
    known_agencies = {str(a.id) for a in event.agencies}
    return {
        "q": args.get("q", "")[:200].strip(),
        "attendance": args.get("attendance") if args.get("attendance") in registration.ATTENDANCE_VALUES else "",
        "status": args.get("status") if args.get("status") in registration.STATUS_VALUES else "",
        "role": args.get("role") if args.get("role") in registration.ROLE_VALUES else "",
        "agency_id": int(agency_id) if agency_id in known_agencies else None,
    }


@bp.get("/<slug>/participants")
@forum_page("organiser")
@search_limit
def participants(event):
    filters = _filters(event)
    page = db.paginate(registration.participant_query(event, contacts=True, **filters), page=page_number(),
                       per_page=PER_PAGE, error_out=False)
    if page.page > 1 and not page.items and page.total:
        return redirect(_list_url(event, filters, page=page.pages))
    return render_template("backoffice/participants.html", event=event, page=page, filters=filters,
                           counts=queries.participant_counts(event),
                           checkins=queries.checkin_times(p.id for p in page.items),
                           page_url=lambda n: _list_url(event, filters, page=n))


def _list_url(event, filters: dict, **extra) -> str:
    args = {("agency" if k == "agency_id" else k): v for k, v in filters.items() if v}
    return url_for(".participants", slug=event.slug, **args, **extra)


@bp.route("/<slug>/participants/new", methods=["GET", "POST"])
@forum_page("organiser")
def new_participant(event):
    form = ParticipantForm()
    return form_page(
        form, lambda: people.add_participant(event, form.person_data(), role=form.role.data or "",
                                             notes=form.notes.data or "", actor=current_user),
        done=lambda added: (_("%(name)s was registered. Send them their personal link below.", name=added.name),
                            url_for(".participant", slug=event.slug, participant_id=added.id)),
        template="backoffice/participant_form.html", event=event, participant=None)


@bp.get("/<slug>/participants/<int:participant_id>")
@staff_required("organiser")
def participant(slug, participant_id):
    event, person = _named(slug, participant_id)
    link = personal_url(person)
    return render_template("backoffice/participant.html", event=event, p=person, personal_link=link,
                           qr_url=qr_png_url(person), whatsapp_url=_whatsapp_url(event, person, link),
                           email_url=_email_url(event, person, link), checkin=queries.checkin_of(person))


def _message(event, person, link: str) -> str:
    return _("Hello %(name)s, this is your personal link for %(forum)s (%(when)s). It opens your QR code for "
             "check-in and the live page. Please keep it to yourself: %(link)s",
             name=person.name, forum=event.title, when=format_span(event.starts_at, event.ends_at, event.timezone),
             link=link)


def _whatsapp_url(event, person, link: str) -> str | None:
    """A wa.me link to the participant's own registered number only: a lost link goes back to its owner."""
    if not person.phone or not person.is_active:
        return None
    digits = "".join(ch for ch in person.phone if ch.isdigit())
    return f"https://wa.me/{digits}?text={quote(_message(event, person, link), safe='')}"


def _email_url(event, person, link: str) -> str | None:
    if not person.email or not person.is_active:
        return None
    subject = quote(_("Your personal link for %(forum)s", forum=event.title), safe="")
    body = quote(_message(event, person, link), safe="")
    return f"mailto:{quote(person.email, safe='@')}?subject={subject}&body={body}"


@bp.route("/<slug>/participants/<int:participant_id>/edit", methods=["GET", "POST"])
@staff_required("organiser")
def edit_participant(slug, participant_id):
    event, person = _named(slug, participant_id)
    form = ParticipantForm.for_participant(person)
    return form_page(
        form, lambda: people.update_participant(person, form.edit(), actor=current_user),
        done=lambda _person: (_("The changes were saved."),
                              url_for(".participant", slug=event.slug, participant_id=person.id)),
        template="backoffice/participant_form.html", event=event, participant=person)


# The status each action sets (services/registration.py decides from which statuses); a new QR code
# only for an active registration.
ACTIONS = {"cancel": ParticipantStatus.cancelled, "revoke": ParticipantStatus.revoked,
           "restore": ParticipantStatus.registered}


def _action_fits(action: str, status: str) -> bool:
    if action == "reissue":
        return status == ParticipantStatus.registered  # an active registration
    return status != ACTIONS[action] and registration.may_change_status(status, ACTIONS[action])


@bp.route("/<slug>/participants/<int:participant_id>/<any(cancel, revoke, restore, reissue):action>",
          methods=["GET", "POST"])
@staff_required("organiser")
def participant_action(slug, participant_id, action):
    """GET asks for confirmation (works without JavaScript); POST does it."""
    event, person = _named(slug, participant_id)
    back = url_for(".participant", slug=event.slug, participant_id=person.id)
    if not _action_fits(action, person.status):
        flash(_("This cannot be done for a registration that is %(status)s.",
                status=str(labels.STATUSES.get(person.status, person.status))), "error")
        return redirect(back)
    form = ConfirmForm()
    if form.validate_on_submit():
        if action == "reissue":
            people.reissue_code(person, actor=current_user)
            message = _("A new QR code was issued; the old one no longer works. Send the personal link again.")
        else:
            old_status = person.status
            people.set_status(person, ACTIONS[action].value, actor=current_user)
            message = {
                "cancel": _("The registration was cancelled."),
                "revoke": _("The registration was revoked; its QR code no longer works."),
                "restore": _("The registration was restored with a new QR code.")
                if old_status == ParticipantStatus.revoked.value else _("The registration was restored."),
            }[action]
        flash(message, "success")
        return redirect(back)
    return render_template("backoffice/confirm_action.html", event=event, p=person, action=action, form=form,
                           back=back)


# --- two records of one person --------------------------------------------------------------------

@bp.get("/<slug>/participants/<int:participant_id>/merge")
@staff_required("organiser")
@search_limit
def merge_chooser(slug, participant_id):
    """Whom to merge this record with: the likely duplicates first, then a search."""
    event, person = _named(slug, participant_id)
    likely = [c.participant for c in identity.likely_duplicates(
        event, name=person.name, agency_id=person.agency_id, nip=person.nip, exclude_id=person.id)]
    q = request.args.get("q", "")[:200].strip()
    found = [p for p in registration.search_participants(event, q=q, limit=26, contacts=True)
             if p.id != person.id and p not in likely] if q else []
    return render_template("backoffice/participant_merge.html", event=event, p=person, likely=likely,
                           found=found[:25], q=q)


@bp.route("/<slug>/participants/<int:participant_id>/merge/<int:other_id>", methods=["GET", "POST"])
@staff_required("organiser")
def merge_confirm(slug, participant_id, other_id):
    """GET shows both records side by side and asks which one to keep; POST merges."""
    event, person = _named(slug, participant_id)
    other = registration.get_participant(event, other_id)
    if person.id == other.id:
        return redirect(url_for(".merge_chooser", slug=slug, participant_id=person.id))
    form = MergeForm(keep=str(_default_kept(person, other).id))
    form.keep.choices = [(str(p.id), p.name) for p in (person, other)]
    if form.validate_on_submit():
        kept_id = int(form.keep.data)
        gone_id = other.id if kept_id == person.id else person.id
        try:
            kept = people.merge_participants(event, gone_id, kept_id, actor=current_user)
        except DomainError as exc:
            flash(exc.message, "error")
            return redirect(url_for(".participants", slug=slug))
        flash(_("The two records are one now: %(name)s.", name=kept.name), "success")
        return redirect(url_for(".participant", slug=slug, participant_id=kept.id))
    pair = [(p, queries.checkin_of(p)) for p in (person, other)]
    return render_template("backoffice/participant_merge_confirm.html", event=event, p=person, pair=pair,
                           form=form), 422 if form.is_submitted() else 200


def _default_kept(a, b):
    """The record to keep unless the organiser says otherwise: the invited one, else the older one."""
    return min((a, b), key=lambda p: (not p.invited, p.created_at, p.id))
