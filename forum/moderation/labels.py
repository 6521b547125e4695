"""Human names for the stored values of agency input (kinds, statuses, priorities, origins)."""
from flask_babel import lazy_gettext as _l

from forum.models import InputKind, InputStatus

KINDS = {
    InputKind.proposal.value: _l("Proposal"),
    InputKind.comment.value: _l("Comment"),
    InputKind.question.value: _l("Question"),
}

# Board columns, in the order of the workflow.
STATUSES = {
    InputStatus.submitted.value: _l("Submitted"),
    InputStatus.discussed.value: _l("Discussed"),
    InputStatus.accepted.value: _l("Accepted"),
    InputStatus.deferred.value: _l("Deferred"),
    InputStatus.rejected.value: _l("Rejected"),
    InputStatus.merged.value: _l("Merged"),
}

PRIORITIES = {"high": _l("High"), "medium": _l("Medium"), "low": _l("Low")}

ORIGINS = {"musrenbang": _l("Musrenbang (sub-district planning meeting)"),
           "pokir": _l("Pokir (DPRD members' proposal)"), "agency": _l("The agency's own plan"),
           "forum": _l("Raised in this forum")}

HISTORY_ACTIONS = {
    "submitted": _l("submitted"), "accepted": _l("accepted"), "accepted_with_changes": _l("accepted with changes"),
    "rejected": _l("rejected"), "deferred": _l("deferred"), "merged": _l("merged"), "discussed": _l("discussed"),
    "edited": _l("edited"), "updated": _l("updated"), "overlap_dismissed": _l("overlap dismissed"),
}
