"""The data model, one module per aggregate. (The re-exports are written compactly, a few names a line:
ruff's import sorting is off for this file only, see ruff.toml.)"""
from forum.models.agenda import Announcement, Material, OnlinePresence, ServerProcess, Session, SessionState
from forum.models.agenda import session_speakers
from forum.models.audit import AuditEntry
from forum.models.checkin import Checkin, CheckinScan
from forum.models.documents import Letterhead, Signatory
from forum.models.events import Agency, AgencyAlias, AgencyKind, Event
from forum.models.inputs import Input, InputHistory, InputKind, InputOverlap, InputStatus
from forum.models.inputs import InputSupport, InputVote, Minutes, OverlapDismissal
from forum.models.notes import ForumNotes, NoteEntry, NoteQuestion
from forum.models.participants import Attendance, Participant, ParticipantRole, ParticipantStatus, RetiredCode
from forum.models.people import ApiToken, ForumStaff, StaffRole, User
from forum.models.plans import AgencyCeiling, OverlapRelation, PlanHistory, PlanItem, PlanLevel
from forum.models.plans import PlanLocation, PlanOverlap, PlanSource, PlanStatus, ReferenceCode

__all__ = [
    "Agency", "AgencyAlias", "AgencyKind", "Announcement", "ApiToken", "Attendance", "AuditEntry", "Checkin",
    "CheckinScan", "Event", "ForumStaff", "Input", "InputHistory", "InputKind", "InputOverlap", "InputStatus",
    "InputSupport", "InputVote", "Letterhead", "Signatory", "Minutes", "Material", "ForumNotes", "NoteEntry",
    "NoteQuestion", "OnlinePresence", "OverlapDismissal", "Participant", "ParticipantRole", "ParticipantStatus",
    "RetiredCode", "ServerProcess", "Session", "SessionState", "StaffRole", "User", "session_speakers",
    "AgencyCeiling", "OverlapRelation", "PlanHistory", "PlanItem", "PlanLevel", "PlanLocation", "PlanOverlap",
    "PlanSource", "PlanStatus", "ReferenceCode",
]
