"""What the back-office pages share: the forum's sub-navigation data and field errors."""
from __future__ import annotations

from flask import request

from forum.backoffice import bp, labels


@bp.context_processor
def _labels():
    return {
        "agency_kinds": labels.AGENCY_KINDS, "attendance_labels": labels.ATTENDANCE, "role_labels": labels.ROLES,
        "status_labels": labels.STATUSES, "status_badges": labels.STATUS_BADGES, "source_labels": labels.SOURCES,
        "field_labels": labels.PERSON_FIELDS,
    }


def page_number() -> int:
    try:
        return max(1, min(int(request.args.get("page", 1)), 100_000))
    except ValueError:
        return 1
