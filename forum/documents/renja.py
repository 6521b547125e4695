"""The Renja after the forum (renja.xlsx): per agency, the agreed rows in the import template's columns, ready to
type back into SIPD (codes as text cells, whole rupiah with thousands separators, landscape print setup with the
header repeated on every page), the forum's decision and reason in the notes column, the sum against the ceiling,
and on a second sheet the rows that left the agency's plan (moved away, merged, deferred, dropped) and why.

Data first (`gather`), then one function per part of the sheet.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from forum.documents.base import safe_cell
from forum.extensions import db
from forum.models import Agency, Event
from forum.models.plans import PlanItem, PlanStatus
from forum.services import plan_cells, plans
from forum.services.plans_import import TEMPLATE_COLUMNS

MONEY_FORMAT = "#,##0"
MONEY = ("budget", "next_year_budget")
WIDTHS = {"ref": 6, "code": 20, "name": 46, "indicator": 30, "location": 30, "target": 10, "unit": 10,
          "budget": 18, "funding_source": 14, "note": 40, "next_year_target": 10, "next_year_budget": 18,
          "agency": 22, "proposer": 18, "dprd_member": 18, "electoral_district": 12, "problem": 40}
HEADER_ROW = 5  # title lines above the two header rows
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass
class AgencyPlan:
    agency: Agency
    agreed: list[PlanItem] = field(default_factory=list)  # the rows the agency carries after the forum
    left: list[PlanItem] = field(default_factory=list)  # rows of its plan that went elsewhere or were cut
    total: int = 0
    ceiling: int | None = None


def gather(event: Event, agency: Agency | None = None) -> list[AgencyPlan]:
    report = {row["agency"].id: row for row in plans.ceiling_report(event)}
    # An agency whose rows all left its plan (moved, merged, deferred, dropped) has no sum left, but its rows and
    # what became of them are still listed.
    with_rows = set(db.session.scalars(select(PlanItem.origin_agency_id).where(PlanItem.event_id == event.id)))
    agencies = [agency] if agency is not None else [a for a in event.agencies if a.id in report or a.id in with_rows]
    out = []
    for one in agencies:
        plan = AgencyPlan(one, total=report.get(one.id, {}).get("total", 0),
                          ceiling=report.get(one.id, {}).get("ceiling"))
        for item in plans.list_items(event, agency_id=one.id):
            carried = item.agency_id == one.id and item.counts_toward_ceiling
            (plan.agreed if carried else plan.left).append(item)
        out.append(plan)
    return out


def decision_note(item: PlanItem, names: dict[int, str], for_agency: int) -> str:
    """The decision and its reason, as the notes column says it ("Dipindahkan ke Dinas PUPR: …")."""
    status = PlanStatus(item.status)
    if status == PlanStatus.moved and item.agency_id != for_agency:
        head = _("Moved to %(agency)s", agency=names.get(item.agency_id, ""))
    elif status == PlanStatus.moved:
        head = _("Moved from %(agency)s", agency=names.get(item.origin_agency_id, ""))
    elif status == PlanStatus.merged:
        head = _("Merged into row %(id)s", id=item.merged_into_id or "")
    else:
        head = {PlanStatus.draft: "", PlanStatus.kept: _("Agreed"), PlanStatus.changed: _("Agreed with changes"),
                PlanStatus.deferred: _("Deferred (reserve list)"), PlanStatus.dropped: _("Dropped")}[status]
    note = (item.note or "").strip()
    return f"{head}: {note}" if head and note else head or note


def _value(item: PlanItem, name: str, names: dict[int, str]):
    if name == "location":
        return plan_cells.describe_location(item.locations)
    if name == "agency":
        return names.get(item.agency_id, "")
    value = getattr(item, name)
    if hasattr(value, "value"):
        value = value.value
    return value


def _header(ws: Worksheet, year: int, row: int) -> None:
    groups = {"location": (_("Plan year %(year)d", year=year), 5),
              "next_year_target": (_("Forward estimate %(year)d", year=year + 1), 2)}
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    grouped_until = 0
    for index, (name, header) in enumerate(TEMPLATE_COLUMNS, start=1):
        if name in groups:
            title, span = groups[name]
            ws.cell(row, index, title)
            ws.merge_cells(start_row=row, start_column=index, end_row=row, end_column=index + span - 1)
            grouped_until = index + span - 1
        if index <= grouped_until:
            ws.cell(row + 1, index, header)
        else:
            ws.cell(row, index, header)
            ws.merge_cells(start_row=row, start_column=index, end_row=row + 1, end_column=index)
        ws.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, 14)
    for r in (row, row + 1):
        for index in range(1, len(TEMPLATE_COLUMNS) + 1):
            cell = ws.cell(r, index)
            cell.font, cell.alignment, cell.border = bold, centre, BOX


def _rows(ws: Worksheet, items: list[PlanItem], start: int, names: dict[int, str], agency_id: int) -> int:
    wrap = Alignment(vertical="top", wrap_text=True)
    r = start
    for item in items:
        for index, (name, _header_text) in enumerate(TEMPLATE_COLUMNS, start=1):
            value = decision_note(item, names, agency_id) if name == "note" else _value(item, name, names)
            cell = ws.cell(r, index)
            if name in MONEY:
                cell.value = value
                cell.number_format = MONEY_FORMAT
            else:
                cell.value = safe_cell(str(value or ""))
                if name in ("code", "ref", "target", "next_year_target"):
                    cell.number_format = "@"  # text: SIPD codes keep their dots and zeros
            cell.alignment, cell.border = wrap, BOX
        r += 1
    return r


def _title(ws: Worksheet, event: Event, agency: Agency, year: int, subtitle: str) -> None:
    ws.cell(1, 1, safe_cell(_("WORK PLAN (RENJA) OF %(agency)s FOR %(year)d", agency=agency.name.upper(),
                              year=year))).font = Font(bold=True, size=12)
    ws.cell(2, 1, safe_cell(subtitle)).font = Font(bold=True)
    ws.cell(3, 1, safe_cell(event.title))


def _total(ws: Worksheet, r: int, plan: AgencyPlan) -> None:
    budget_col = [n for n, _h in TEMPLATE_COLUMNS].index("budget") + 1
    ws.cell(r, budget_col - 1, _("Total")).font = Font(bold=True)
    ws.cell(r, budget_col, plan.total).number_format = MONEY_FORMAT
    ws.cell(r, budget_col).font = Font(bold=True)
    if plan.ceiling is not None:
        ws.cell(r + 1, budget_col - 1, _("Ceiling (pagu indikatif)"))
        ws.cell(r + 1, budget_col, plan.ceiling).number_format = MONEY_FORMAT
        ws.cell(r + 2, budget_col - 1, _("Over the ceiling") if plan.total > plan.ceiling else _("Left"))
        ws.cell(r + 2, budget_col, abs(plan.ceiling - plan.total)).number_format = MONEY_FORMAT


def _print_setup(ws: Worksheet, header_row: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row + 1}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.freeze_panes = ws.cell(header_row + 2, 3)


def _sheet_name(text: str, used: set[str]) -> str:
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    name, n = text[:28], 2
    while name in used:
        name, n = f"{text[:25]} {n}", n + 1
    used.add(name)
    return name


def write(event: Event, agency: Agency | None = None) -> bytes:
    """The workbook: a sheet per agency (one agency's, or every agency with rows), then what left the plans."""
    year = event.starts_at.year + 1
    names = {a.id: a.name for a in event.agencies}
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    agency_plans = gather(event, agency)
    for plan in agency_plans:
        ws = wb.create_sheet(_sheet_name(plan.agency.short_name or plan.agency.name, used))
        _title(ws, event, plan.agency, year, _("After the forum"))
        _header(ws, year, HEADER_ROW)
        end = _rows(ws, plan.agreed, HEADER_ROW + 2, names, plan.agency.id)
        _total(ws, end, plan)
        _print_setup(ws, HEADER_ROW)
    left = [(plan, item) for plan in agency_plans for item in plan.left]
    if left or not agency_plans:
        ws = wb.create_sheet(_sheet_name(_("Not carried on"), used))
        ws.cell(1, 1, _("Rows that left the agencies' plans at the forum, and why")).font = Font(bold=True)
        _header(ws, year, HEADER_ROW)
        r = HEADER_ROW + 2
        for plan, item in left:
            r = _rows(ws, [item], r, names, plan.agency.id)
        _print_setup(ws, HEADER_ROW)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
