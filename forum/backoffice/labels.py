"""Human names for the stored values the back office shows (agency types, roles, statuses)."""
from flask_babel import lazy_gettext as _l

from forum.models import AgencyKind, Attendance, ParticipantRole, ParticipantStatus

AGENCY_KINDS = {
    AgencyKind.provincial_opd.value: _l("Provincial agency (OPD)"),
    AgencyKind.regency_opd.value: _l("Regency or city agency (OPD)"),
    AgencyKind.dprd.value: _l("Regional parliament (DPRD)"),
    AgencyKind.kecamatan.value: _l("Sub-district (kecamatan)"),
    AgencyKind.village.value: _l("Village (desa)"),
    AgencyKind.vertical.value: _l("Central or vertical body"),
    AgencyKind.academia.value: _l("University or research"),
    AgencyKind.ngo.value: _l("Civil society or NGO"),
    AgencyKind.other.value: _l("Other"),
}

ATTENDANCE = {
    Attendance.in_person.value: _l("In person"),
    Attendance.online.value: _l("Online"),
}

ROLES = {
    ParticipantRole.participant.value: _l("Participant"),
    ParticipantRole.speaker.value: _l("Speaker"),
    ParticipantRole.moderator.value: _l("Moderator"),
    ParticipantRole.organiser.value: _l("Organiser"),
}

STATUSES = {
    ParticipantStatus.registered.value: _l("Registered"),
    ParticipantStatus.cancelled.value: _l("Cancelled"),
    ParticipantStatus.revoked.value: _l("Revoked"),
}

# The badge colour of each registration status (classes of forum.css).
STATUS_BADGES = {
    ParticipantStatus.registered.value: "ok",
    ParticipantStatus.cancelled.value: "warn",
    ParticipantStatus.revoked.value: "bad",
}

SOURCES = {"registration": _l("Registered online"), "import": _l("Imported"), "staff": _l("Entered by organisers"),
           "walk_in": _l("Walk-in")}

PERSON_FIELDS = {
    "name": _l("Name"),
    "agency": _l("Agency"),
    "position": _l("Position"),
    "nip": _l("NIP"),
    "email": _l("Email"),
    "phone": _l("Mobile number"),
    "attendance": _l("Attendance"),
    "deputy_for": _l("Representing"),
    "invited": _l("Invited"),
    "row": _l("Row"),
}

# Indonesia's three zones; the stored value is the IANA name, people know them as WIB/WITA/WIT.
TIMEZONES = (
    ("Asia/Jakarta", _l("WIB — Asia/Jakarta (Sumatra, Java)")),
    ("Asia/Pontianak", _l("WIB — Asia/Pontianak (West and Central Kalimantan)")),
    ("Asia/Makassar", _l("WITA — Asia/Makassar (Bali, Nusa Tenggara, Sulawesi, South, East and North Kalimantan)")),
    ("Asia/Jayapura", _l("WIT — Asia/Jayapura (Maluku, Papua)")),
)
