"""The permission matrix: every route of the URL map (and every Socket.IO handler) against a declared
rule, tried as every kind of visitor — staff with a role in every forum, and staff with a role in one
forum only, in their own forum and in another. A new route without a rule fails here."""
import io
import re
import uuid

import pytest

from forum.realtime.live import LiveNamespace
from tests.conftest import login

# Who may use each endpoint: public (anyone), capability (anyone holding the secret in the URL),
# participant (a registered participant of this forum), staff (any staff role), checkin, moderator,
# organiser, admin. "account" = any logged-in staff user acting on their own account.
ACCESS = {
    "static": "public", "ops.healthz": "public", "ops.readyz": "public",
    "registration.home": "public", "registration.event_page": "public", "registration.register": "public",
    "registration.scanned": "public", "registration.personal": "capability", "registration.calendar": "capability",
    "registration.qr_png": "capability", "registration.qr_svg": "capability",
    "live.use_personal_link": "capability", "live.request_link": "public",
    "auth.login": "public", "auth.logout": "public", "auth.account": "account", "auth.revoke_token": "account",
    "auth.staff": "admin", "auth.staff_edit": "admin", "auth.staff_forum_role": "admin",
    "live.agenda_page": "public", "live.agenda_ics": "public", "live.screen": "public", "live.screen_qr": "public",
    # the live page answers everyone: outsiders get a page pointing to registration, without data
    "live.material_file": "public", "live.live_page": "public", "moderation.screen_inputs": "public",
    "moderation.submit_from_live": "participant_only", "moderation.support_from_live": "participant_only",
    "moderation.vote_from_live": "participant_only", "moderation.withdraw_support_from_live": "participant_only",
    "moderation.withdraw_vote_from_live": "participant_only",
    "checkin.index": "checkin", "checkin.scanner": "checkin", "checkin.service_worker": "public",
    "checkin.csrf_token": "checkin", "checkin.confirm": "checkin",
    "backoffice.events": "moderator", "backoffice.overview": "moderator", "backoffice.agencies": "moderator",
    "backoffice.new_event": "organiser", "backoffice.edit_event": "organiser", "backoffice.new_agency": "organiser",
    "backoffice.edit_agency": "organiser", "backoffice.participants": "organiser",
    "backoffice.participant": "organiser", "backoffice.new_participant": "organiser",
    "backoffice.edit_participant": "organiser", "backoffice.participant_action": "organiser",
    "backoffice.import_upload": "organiser", "backoffice.import_confirm": "organiser",
    "backoffice.import_cancel": "organiser", "backoffice.import_template": "organiser",
    "door.door": "moderator", "door.door_state": "moderator", "door.badges_form": "organiser",
    "door.badges_pdf": "organiser", "door.badge_pdf": "checkin",
    "dashboard.dashboard": "organiser", "dashboard.dashboard_state": "organiser",
    "dashboard.erase_contacts": "organiser", "dashboard.audit_log": "organiser", "dashboard.audit_csv": "organiser",
    "dashboard.all_audit_log": "admin", "dashboard.all_audit_csv": "admin",
    "agenda_admin.agenda_editor": "organiser", "agenda_admin.new_session": "organiser",
    "agenda_admin.edit_session": "organiser", "agenda_admin.control": "moderator",
    "agenda_admin.change_state": "moderator", "agenda_admin.next_session": "moderator",
    "agenda_admin.delay": "moderator", "agenda_admin.announce": "moderator", "agenda_admin.upload": "moderator",
    "agenda_admin.update_material": "moderator",
    "moderation.board": "moderator", "moderation.board_cards": "moderator", "moderation.decide": "moderator",
    "moderation.accept_with_changes": "moderator", "moderation.dismiss": "moderator",
    "moderation.entry": "moderator", "moderation.save_entry": "moderator", "moderation.input_page": "moderator",
    "moderation.minutes_page": "moderator", "moderation.save_minutes": "organiser",
    "moderation.confirm_finalise": "organiser", "moderation.finalise": "organiser",
    "exports.download": "organiser", "exports.overlap_labels": "organiser",
    "api.openapi_document": "public", "api.list_events": "public", "api.get_event": "public",
    "api.create_event": "organiser", "api.update_event": "organiser", "api.register": "public",
    "api.list_participants": "organiser", "api.get_participant": "organiser", "api.update_participant": "organiser",
    "api.create_checkin": "checkin", "api.create_checkin_batch": "checkin", "api.checkin_data": "checkin",
    "api.checkin_search": "checkin", "api.create_walk_in": "checkin",
    "api.get_agenda": "public", "api.create_session": "organiser", "api.update_session": "organiser",
    "api.change_state": "moderator", "api.start_next_session": "moderator", "api.delay_agenda": "moderator",
    "api.create_announcement": "moderator", "api.list_announcements": "public",
    "api.upload_material": "moderator", "api.update_material": "moderator",
    "api.submit_input": "participant", "api.list_inputs": "participant", "api.get_input": "public",
    "api.moderate_input": "moderator", "api.dismiss_overlap": "moderator",
    "api.explain_overlap": "moderator", "api.support_input": "participant_only",
    "api.vote_question": "participant_only", "api.list_regions": "public",
    "api.withdraw_support": "participant_only", "api.withdraw_vote": "participant_only",
    "api.attendance": "organiser", "api.export_file": "organiser",
    "api.get_minutes": "moderator", "api.update_minutes": "organiser", "api.finalise_minutes": "organiser",
    "api.set_forum_staff": "organiser", "api.remove_forum_staff": "organiser",
    "ops.favicon": "public",
    # issue 14: agencies, kop surat, merging two records of one person, the notulen
    "backoffice.map_agency": "organiser", "backoffice.add_alias": "organiser", "backoffice.documents": "organiser",
    "backoffice.letterhead_logo": "organiser", "backoffice.save_signatories": "organiser",
    "backoffice.merge_chooser": "organiser", "backoffice.merge_confirm": "organiser",
    "api.merge_participant": "organiser",
    "moderation.notes_page": "moderator", "moderation.notes_save_in_session": "moderator",
    "moderation.notes_answer_question": "moderator", "moderation.notes_remove_floor_question": "moderator",
    "moderation.notes_save_conclusions": "moderator", "moderation.notes_set_notulis": "organiser",
    "exports.notes_download": "moderator", "api.notes_file": "moderator",
    # issue 15: plans (API.md: the rows to staff, decisions to moderators, imports and the Renja to organisers)
    "api.list_plans": "staff", "api.get_plan": "moderator", "api.decide_plan": "moderator",
    "api.dismiss_plan_overlap": "moderator", "api.plan_ceilings": "moderator", "api.set_plan_ceilings": "organiser",
    "api.plan_reference": "moderator", "api.import_plan_reference": "organiser", "api.import_plans": "organiser",
    "api.plans_template": "organiser", "api.input_to_plan": "moderator", "api.renja_export": "organiser",
    "exports.renja_download": "organiser",
    "plans_admin.overview": "moderator", "plans_admin.sync_view": "moderator", "plans_admin.sync_more": "moderator",
    "plans_admin.sync_rows": "moderator", "plans_admin.decide_page": "moderator", "plans_admin.decide": "moderator",
    "plans_admin.explain": "moderator", "plans_admin.mark_same": "moderator", "plans_admin.undo_same": "moderator",
    "plans_admin.dismiss": "moderator", "plans_admin.from_input": "moderator", "plans_admin.reference": "moderator",
    "plans_admin.save_ceilings": "organiser", "plans_admin.import_upload": "organiser",
    "plans_admin.import_preview": "organiser", "plans_admin.import_confirm": "organiser",
    "plans_admin.import_cancel": "organiser", "plans_admin.reference_import": "organiser",
    # an agency's delegate answers on their agency's rows (staff don't)
    "live.delegate_plans": "participant_only", "live.delegate_response": "participant_only",
}
# Endpoints where the staff who may act is wider than the rule above because staff also act for
# participants (a moderator enters input on behalf of someone; staff may open the live page).
STAFF_ALSO = {"participant": "moderator"}
SOCKET_HANDLERS = {"on_connect", "on_disconnect"}
ROLES = ["checkin", "moderator", "organiser", "admin"]
# Accounts holding their role in the world's first forum only (an administrator is always deployment-wide).
SCOPED = {"scoped_checkin": "checkin", "scoped_moderator": "moderator", "scoped_organiser": "organiser"}
RANK = {"checkin": 0, "moderator": 1, "organiser": 2, "admin": 3}
# Run last: they change who the visitor is (logout) — order matters inside one world.
# Tried last: logging out, and following a personal link (the browser acts as that participant afterwards).
LAST = ["auth.logout", "live.use_personal_link", "registration.personal"]
REDIRECTS_TO_LOGIN = {"auth.logout"}  # logging out lands on the login page by design
# Plain-HTML forms of the live page refuse outsiders by sending them back to the live page
# (which explains how to open the personal link) instead of a bare 403.
SOFT_DENIAL = {"moderation.submit_from_live", "moderation.support_from_live", "moderation.vote_from_live",
               "moderation.withdraw_support_from_live", "moderation.withdraw_vote_from_live"}


def test_every_route_has_a_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ACCESS) == set(), "routes without a permission rule"
    assert set(ACCESS) - endpoints == set(), "rules for routes that no longer exist"


def test_every_socketio_handler_is_known():
    handlers = {name for name in vars(LiveNamespace) if name.startswith("on_")}
    assert handlers == SOCKET_HANDLERS, "a new Socket.IO handler needs its permission test (tests/test_realtime_*)"


PDF = b"%PDF-1.4\n%%EOF\n"


def _furnish(app, client, make, slug, org, mod) -> dict:
    """A forum with a live session, a published material, an accepted question, two participants and an
    agency; returns the values for the URL rules' arguments (and the participants)."""
    me = make.participant(slug, name="Peserta Saya", agency="Bappeda")
    victim = make.participant(slug, name="Peserta Lain", agency="DPMD")
    session = client.post(f"/api/v1/events/{slug}/sessions", headers=org, json={
        "title": "Diskusi", "starts_at": "2021-02-25T13:00", "ends_at": "2021-02-25T15:00"}).json
    client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/state", json={"state": "live", "input_open": True},
                headers=mod)
    material = client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/materials", headers=mod,
                           data={"file": (io.BytesIO(PDF), "x.pdf"), "published": "true"},
                           content_type="multipart/form-data").json
    item = client.post(f"/api/v1/events/{slug}/sessions/{session['id']}/inputs", json={"kind": "question",
                       "title": "Pertanyaan"}, headers={"Authorization": f"Bearer {victim['access_token']}"}).json
    client.patch(f"/api/v1/events/{slug}/inputs/{item['id']}", json={"status": "accepted"}, headers=mod)
    with app.app_context():
        from forum.models import Agency, Event

        agency_id = Agency.query.join(Event).filter(Event.slug == slug, Agency.name == "Bappeda").first().id
    plan_row, pair_id = make.flagged_plans(slug)
    staff = app.test_client()
    login(staff, app, "moderator")
    floor = staff.post(f"/admin/{slug}/notes/sessions/{session['id']}/floor", json={
        "asker_name": "Hendrikus", "question": "Apakah jalan masuk prioritas?"}).json
    values = {"slug": slug, "session_id": session["id"], "material_id": material["id"], "input_id": item["id"],
              "other_id": item["id"], "participant_id": victim["id"], "agency_id": agency_id, "user_id": 1,
              "token_id": 1, "token": me["access_token"], "code": me["checkin_code"], "filename": "css/forum.css",
              "name": "attendance", "fmt": "csv", "action": "cancel", "item_id": plan_row, "pair_id": pair_id,
              "question_id": floor["id"], "notes_format": "pdf",
              # where one variable's name means something else in one route
              ENDPOINT_VALUES: {"backoffice.merge_confirm": {"other_id": me["id"]},
                                "exports.notes_download": {"fmt": "pdf"}}}
    return {"values": values, "me": me}


ENDPOINT_VALUES = "per endpoint"


@pytest.fixture
def world(app, client, make):
    slug = make.event()
    other = make.event(title="Forum lain")
    org, mod = make.headers("organiser"), make.headers("moderator")
    own = _furnish(app, client, make, slug, org, mod)
    elsewhere = _furnish(app, client, make, other, org, mod)
    return {"values": own["values"], "me": own["me"], "stranger": elsewhere["me"], "make": make,
            "other_values": elsewhere["values"]}


def _url(rule, values) -> str:
    url = rule.rule
    own = values.get(ENDPOINT_VALUES, {}).get(rule.endpoint, {})
    for name in rule.arguments - set(rule.defaults or ()):  # a default is not in the URL
        url = re.sub(rf"<(?:[^:<>]+:)?{name}(?:\([^)]*\))?>", str(own.get(name, values[name])), url)
    return url


def _identity_client(app, world, who):
    client = app.test_client()
    headers = {}
    if who in ROLES:
        login(client, app, who)
    elif who in SCOPED:
        login_scoped(client, app, SCOPED[who], world["values"]["slug"])
    elif who in ("participant", "stranger"):
        person = world["me"] if who == "participant" else world["stranger"]
        client.get(f"/p/{person['access_token']}")  # the browser session of their personal link
        headers = {"Authorization": f"Bearer {person['access_token']}"}
    return client, headers


def login_scoped(client, app, role: str, *slugs: str) -> int:
    """Logs a new staff account holding `role` in the forums `slugs` only into `client`; returns its id."""
    from forum.extensions import db
    from forum.services import accounts, events

    email = f"scoped-{uuid.uuid4().hex[:8]}@forum.example.id"
    with app.app_context():
        user = accounts.create_user(email, f"Staf {role}", role, "correct horse battery",
                                    events=[events.get_event(slug) for slug in slugs])
        db.session.commit()
        user_id = user.id
    response = client.post("/login", data={"email": email, "password": "correct horse battery"})
    assert response.status_code == 302, response.data
    return user_id


def _allowed(level: str, who: str) -> bool:
    who = SCOPED.get(who, who)  # in their own forum, a scoped account is its role
    if level in ("public", "capability"):
        return True
    if level == "participant_only":  # supports and votes are the participants' own (staff don't vote)
        return who == "participant"
    if level == "participant":
        return who == "participant" or (who in ROLES and RANK[who] >= RANK[STAFF_ALSO["participant"]])
    if level == "account":
        return who in ROLES
    if level == "staff":
        return who in ROLES
    return who in ROLES and RANK[who] >= RANK[level]


def _denied(response, endpoint) -> bool:
    if response.status_code in (401, 403):
        return True
    if endpoint in SOFT_DENIAL and response.status_code in (302, 303) \
            and re.search(r"/events/[^/]+/live$", response.headers.get("Location", "")):
        return True
    if endpoint not in REDIRECTS_TO_LOGIN and response.status_code == 302 \
            and "/login" in response.headers.get("Location", ""):
        return True
    return False


def _try(client, headers, url, method):
    kwargs = {"headers": headers if url.startswith("/api/") else {}}
    if method in ("POST", "PATCH") and url.startswith("/api/"):
        kwargs["json"] = {}
    response = client.open(url, method=method, **kwargs)
    response.get_data()  # a streamed body runs to its end before the next request, as on a server
    response.close()
    return response


@pytest.mark.parametrize("who", ["anonymous", "participant", "stranger", "checkin", "moderator", "organiser", "admin",
                                 *SCOPED])
def test_the_matrix(app, world, who):
    client, headers = _identity_client(app, world, who)
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint in LAST, r.endpoint))
    mistakes = []
    for rule in rules:
        url = _url(rule, world["values"])
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            level = ACCESS[rule.endpoint]
            response = _try(client, headers, url, method)
            assert response.status_code < 500, f"{method} {url} as {who}: {response.status_code}"
            denied = _denied(response, rule.endpoint)
            if _allowed(level, who) == denied:
                mistakes.append(f"{method} {url} ({rule.endpoint}, rule {level}) as {who}: {response.status_code}")
    assert mistakes == [], "\n".join(mistakes)


def test_phone_numbers_and_emails_only_for_organisers(app, world):
    slug = world["values"]["slug"]
    for who in ("checkin", "moderator"):
        client, _ = _identity_client(app, world, who)
        for url in (f"/api/v1/events/{slug}/checkin-search?q=peserta", f"/admin/{slug}/door.json"):
            response = client.get(url)
            if response.status_code == 200:
                assert "@example.id" not in response.get_data(as_text=True), (who, url)
                assert "+62" not in response.get_data(as_text=True), (who, url)


@pytest.mark.parametrize("who", list(SCOPED))
def test_staff_of_one_forum_are_refused_in_another(app, world, who):
    """Every route of the other forum that needs a role answers 403 to an account scoped to the first one;
    the public ones answer it exactly as they answer an anonymous visitor."""
    client, headers = _identity_client(app, world, who)
    anonymous = app.test_client()
    mistakes = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if "slug" not in rule.arguments:
            continue
        url = _url(rule, world["other_values"])
        level = ACCESS[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if level in ("public", "capability"):
                expected = _try(anonymous, {}, url, method).status_code
                status = _try(client, headers, url, method).status_code
                if status != expected:
                    mistakes.append(f"{method} {url} ({rule.endpoint}, {level}) as {who}: {status}, "
                                    f"anonymous {expected}")
                continue
            response = _try(client, headers, url, method)
            refused = response.status_code == 403 or (rule.endpoint in SOFT_DENIAL and _denied(response, rule.endpoint))
            if url.startswith("/api/") and refused:
                refused = response.json["error"]["code"] == "forbidden"
            if not refused:
                mistakes.append(f"{method} {url} ({rule.endpoint}, {level}) as {who}: {response.status_code}")
    assert mistakes == [], "\n".join(mistakes)
