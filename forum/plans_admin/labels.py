"""Human names for the stored values of plan rows (sources, levels, statuses, decisions, history entries), and the
Renja column names the import's preview and the pages use."""
from flask_babel import lazy_gettext as _l

from forum.services.plans_import import TEMPLATE_COLUMNS

SOURCES = {
    "renja": _l("Draft Renja of an agency"),
    "musrenbang": _l("Musrenbang results"),
    "pokir": _l("DPRD members' proposals (pokir)"),
}
SOURCES_SHORT = {"renja": "Renja", "musrenbang": "Musrenbang", "pokir": "Pokir"}

LEVELS = {"program": _l("Programme"), "activity": _l("Activity"), "sub_activity": _l("Sub-activity")}

STATUSES = {
    "draft": _l("Draft"), "kept": _l("Kept"), "changed": _l("Changed"), "moved": _l("Moved"),
    "merged": _l("Merged"), "deferred": _l("Deferred"), "dropped": _l("Dropped"),
}
STATUS_BADGES = {"draft": "", "kept": "ok", "changed": "warn", "moved": "warn", "merged": "warn", "deferred": "bad",
                 "dropped": "bad"}

# The decisions a moderator takes, as `PATCH /plans/<id>` names them (its `status`), in the order offered.
DECISIONS = {
    "kept": _l("Keep"), "changed": _l("Change (target, location, pagu)"), "moved": _l("Move to another agency"),
    "merged": _l("Merge with another agency's row"), "deferred": _l("Defer (reserve list)"), "dropped": _l("Drop"),
    "draft": _l("Back to draft"),
}

HISTORY = {
    "imported": _l("imported"), "reimported": _l("updated by a new import"), "decided": _l("decided"),
    "from_input": _l("made from a proposal"), "overlap_dismissed": _l("flag dismissed"),
    "response": _l("response from the agency"),
    "overlap_linked": _l("marked the same as a proposal"), "overlap_unlinked": _l("mark “the same” undone"),
}

# The file's column names (the template's headers) for each field, as the preview names a bad cell.
FIELDS = {name: header for name, header in TEMPLATE_COLUMNS}
FIELDS.update({"next_year_target": "Target (prakiraan maju)", "next_year_budget": "Pagu (prakiraan maju)",
               "level": "Tingkat", "file": _l("File"), "row": _l("Row")})


def plan_labels() -> dict:
    return {"plan_sources": SOURCES, "plan_sources_short": SOURCES_SHORT, "plan_levels": LEVELS,
            "plan_statuses": STATUSES, "plan_badges": STATUS_BADGES, "plan_decisions": DECISIONS,
            "plan_history": HISTORY, "plan_fields": FIELDS}
