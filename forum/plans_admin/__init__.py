"""Plans (Renja synchronisation) for staff: the organisers' imports of the agencies' plans and of the reference
list, the ceilings (pagu indikatif), and the moderators' synchronisation view with its decisions. Every rule lives
in services/plans*.py and services/plan_*.py; every change goes through forum/actions/plans.py."""
from forum.plans_admin.labels import plan_labels
from forum.staff import staff_blueprint

bp = staff_blueprint("plans_admin", __name__)
bp.context_processor(plan_labels)

from forum.plans_admin import imports, links, sync  # noqa: E402,F401
