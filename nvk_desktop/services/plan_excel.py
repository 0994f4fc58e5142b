"""The Excel round trip of the handlingsplan (issue 6 point 6).

``export_plan`` writes the formatted XLSX. ``read_plan_changes`` compares an edited
file with the project and proposes one ``ChangeProposal`` per differing importable
field (status, progress, start, deadline, responsible, hours, cost, funding: see
``domain.measures.PlanField``); everything else in the file is for reading only.
Problems are reported by row and column and never become changes: text in a date
cell, a progress that is not 0–100 %, an unknown status or person, a row whose ID is
not in the project, an ID on more than one row, a row without ID, measures missing
from the file (reported, never deleted), a missing column. ``apply_plan_changes``
writes only the accepted proposals, in one undo step, after a backup ("import"),
and refuses if the project changed under a proposal since the file was read.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from nvk_desktop.documents.handlingsplan_xlsx import (
    COLUMN_BY_FIELD,
    PlanExcelError,
    SheetCell,
    read_plan_sheet,
    write_plan_xlsx,
)
from nvk_desktop.domain.measures import (
    ChangeProposal,
    ImportProblem,
    Measure,
    MeasureStatus,
    PlanField,
    PlanImport,
    format_date,
    format_number,
)
from nvk_desktop.errors import ValidationError
from nvk_desktop.services import measures as measure_service
from nvk_desktop.services.project import Project, project_info
from nvk_desktop.store.models import MeasureRow, PersonRow

__all__ = [
    "ExportResult",
    "PlanExcelError",
    "apply_plan_changes",
    "export_plan",
    "read_plan_changes",
]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    measures: int


def export_plan(project: Project, out: Path | str, *, today: date | None = None) -> ExportResult:
    """Write the whole handlingsplan (every measure, in plan order) to ``out``."""
    today = today or date.today()
    items = measure_service.handlingsplan(project, today=today)
    path = write_plan_xlsx(
        items, measure_service.known_areas(), project_info(project), Path(out), today=today
    )
    return ExportResult(path, len(items))


# -- parsing one cell ---------------------------------------------------------------
class _Bad(Exception):
    """A cell that cannot be read; the message is for the user."""


_DATE_RES = (
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2})$"), ("d", "m", "yy")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), ("d", "m", "y")),
)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_date(value: Any) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise _Bad(
            f"«{format_number(value)}» er et tall, ikke en dato. Skriv datoen som dd.mm.åååå."
        )
    text = str(value).strip()
    for rx, order in _DATE_RES:
        m = rx.match(text)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
            year = parts.get("y") or 2000 + parts["yy"]
            try:
                return date(year, parts["m"], parts["d"])
            except ValueError:
                break
    raise _Bad(f"«{text}» er ikke en dato. Skriv datoen som dd.mm.åååå.")


def parse_progress(value: Any, number_format: str) -> int:
    """0–100. A percentage-formatted cell holds 0–1 (0,5 = 50 %); text may be "50 %"."""
    if _blank(value):
        raise _Bad("Fremdriften mangler. Skriv 0 % om tiltaket ikke er påbegynt.")
    if isinstance(value, bool):
        raise _Bad("Fremdriften må være et tall fra 0 til 100 %.")
    if isinstance(value, (int, float)):
        pct = float(value) * 100 if "%" in number_format else float(value)
        shown = f"{format_number(pct)} %"
    else:
        text = str(value).strip().replace("\u00a0", " ")
        m = re.match(r"^(-?\d+(?:[.,]\d+)?)\s*(%|prosent)?$", text, re.IGNORECASE)
        if not m:
            raise _Bad(
                f"«{text}» er ikke en fremdrift. Skriv et tall fra 0 til 100 %, for eksempel 50 %."
            )
        pct = float(m.group(1).replace(",", "."))
        shown = text
    if not 0 <= pct <= 100:
        raise _Bad(f"Fremdriften {shown} er utenfor 0–100 %.")
    return int(round(pct))


def parse_number(value: Any, what: str) -> float | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise _Bad(f"{what} må være et tall.")
    if isinstance(value, (int, float)):
        v = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        text = re.sub(r"(?i)(kr|,-|timer|t)$", "", text)
        if re.match(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$", text):  # 1.500,50
            text = text.replace(".", "")
        text = text.replace(",", ".")
        try:
            v = float(text)
        except ValueError:
            raise _Bad(f"«{value}» er ikke et tall.") from None
    if v < 0:
        raise _Bad(f"{what} kan ikke være negativ ({format_number(v)}).")
    return v


def parse_status(value: Any) -> MeasureStatus:
    text = " ".join(str(value or "").split()).casefold()
    if not text:
        raise _Bad("Status mangler. Velg en status fra listen.")
    for s in MeasureStatus:
        if text in (s.label.casefold(), s.value, s.value.replace("_", " ")):
            return s
    aliases = {
        "pagar": MeasureStatus.PAGAR,
        "fullfort": MeasureStatus.FULLFORT,
        "ferdig": MeasureStatus.FULLFORT,
    }
    if text in aliases:
        return aliases[text]
    raise _Bad(
        f"Ukjent status «{value}». Bruk en av: " + ", ".join(s.label for s in MeasureStatus) + "."
    )


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def value_text(field: PlanField, value: Any, names: dict[int, str]) -> str:
    """How a stored value is shown in the list of proposals."""
    if value is None or value == "":
        return "(tom)"
    if field is PlanField.STATUS:
        return MeasureStatus(value).label
    if field is PlanField.PROGRESS:
        return f"{value} %"
    if field in (PlanField.START, PlanField.DEADLINE):
        return format_date(value)
    if field is PlanField.RESPONSIBLE:
        return names.get(value, "(ukjent person)")
    if field is PlanField.COST:
        return f"{format_number(value)} kr"
    if field is PlanField.HOURS:
        return format_number(value)
    return str(value)


def _stored(m: Measure, field: PlanField) -> Any:
    return getattr(m, field.value)


def _differs(field: PlanField, old: Any, new: Any) -> bool:
    if field in (PlanField.HOURS, PlanField.COST):
        if old is None or new is None:
            return old is not new
        return abs(float(old) - float(new)) > 1e-6
    return old != new


# -- reading ----------------------------------------------------------------------
def read_plan_changes(project: Project, path: Path | str) -> PlanImport:
    """Compare an edited plan file with the project: proposals and problems.

    Raises PlanExcelError when the file cannot be read or is not a plan export.
    """
    sheet = read_plan_sheet(Path(path))
    measures = measure_service.list_measures(project)
    by_code = {m.code.upper(): m for m in measures}
    with project.read() as s:
        people = [(r[0], r[1]) for r in s.execute(select(PersonRow.id, PersonRow.name))]
    names = dict(people)
    by_name: dict[str, list[int]] = defaultdict(list)
    for pid, name in people:
        by_name[" ".join(name.split()).casefold()].append(pid)

    problems: list[ImportProblem] = []
    info = project_info(project)
    if sheet.ours and sheet.kommune_nr and sheet.kommune_nr != info.kommune.nummer:
        problems.append(
            ImportProblem(
                0,
                "",
                f"Filen ble eksportert fra et prosjekt for kommune {sheet.kommune_nr}, ikke "
                f"{info.kommune.display}. Sjekk at du har valgt riktig fil.",
            )
        )
    for label in sheet.duplicate_headers:
        problems.append(
            ImportProblem(
                sheet.header_row, label, "Kolonnen finnes to ganger; bare den første er lest."
            )
        )
    for f, col in COLUMN_BY_FIELD.items():
        if col.key not in sheet.columns:
            problems.append(
                ImportProblem(
                    sheet.header_row,
                    "",
                    f"Kolonnen «{col.header}» mangler, så {f.label.lower()} er ikke lest.",
                )
            )

    # Group the rows by code first, to catch codes on more than one row.
    rows_by_code: dict[str, list[int]] = defaultdict(list)
    data_rows = [r for r in sheet.rows if not r.empty]
    for r in data_rows:
        code = _text(r.cells["code"].value).upper()
        if code:
            rows_by_code[code].append(r.row)
    proposals: list[ChangeProposal] = []
    for r in data_rows:
        id_cell = r.cells["code"]
        code = _text(id_cell.value).upper()
        if not code:
            problems.append(
                ImportProblem(
                    r.row,
                    id_cell.column,
                    "Raden har ingen ID og er ikke lest. Nye tiltak legges inn i programmet.",
                )
            )
            continue
        if len(rows_by_code[code]) > 1:
            if rows_by_code[code][0] == r.row:
                where = ", ".join(str(n) for n in rows_by_code[code])
                problems.append(
                    ImportProblem(
                        r.row,
                        id_cell.column,
                        f"ID {code} står på flere rader ({where}); ingen av dem er lest.",
                        code,
                    )
                )
            continue
        m = by_code.get(code)
        if m is None:
            problems.append(
                ImportProblem(
                    r.row,
                    id_cell.column,
                    f"ID {code} finnes ikke i prosjektet; raden er ikke lest. Nye tiltak "
                    "legges inn i programmet.",
                    code,
                )
            )
            continue
        assert m.id is not None
        for f, col in COLUMN_BY_FIELD.items():
            cell = r.cells.get(col.key)
            if cell is None:
                continue
            try:
                new = _parse(f, cell, by_name)
            except _Bad as e:
                problems.append(ImportProblem(r.row, cell.column, str(e), code))
                continue
            old = _stored(m, f)
            if _differs(f, old, new):
                proposals.append(
                    ChangeProposal(
                        code=m.code,
                        measure_id=m.id,
                        title=m.title,
                        field=f,
                        old=old,
                        new=new,
                        old_text=value_text(f, old, names),
                        new_text=value_text(f, new, names),
                        row=r.row,
                    )
                )
    seen = set(rows_by_code)
    for m in measures:
        if m.code.upper() not in seen:
            problems.append(
                ImportProblem(
                    0,
                    "",
                    f"{m.code} «{m.title}» finnes i prosjektet, men ikke i filen. Tiltaket er "
                    "ikke slettet; slett det i programmet hvis det skal bort.",
                    m.code,
                )
            )
    problems.sort(key=lambda p: (p.row == 0, p.row))
    return PlanImport(sheet.file_name, tuple(proposals), tuple(problems), len(data_rows))


def _parse(f: PlanField, cell: SheetCell, by_name: dict[str, list[int]]) -> Any:
    v = cell.value
    if f is PlanField.STATUS:
        return parse_status(v)
    if f is PlanField.PROGRESS:
        return parse_progress(v, cell.number_format)
    if f in (PlanField.START, PlanField.DEADLINE):
        return parse_date(v)
    if f is PlanField.HOURS:
        return parse_number(v, "Timer")
    if f is PlanField.COST:
        return parse_number(v, "Kostnaden")
    if f is PlanField.FUNDING:
        return _text(v)
    # RESPONSIBLE
    name = _text(v)
    if not name:
        return None
    ids = by_name.get(name.casefold(), [])
    if not ids:
        raise _Bad(
            f"Ukjent person «{name}». Skriv navnet slik det står under Organisering, "
            "eller legg personen til der først."
        )
    if len(ids) > 1:
        raise _Bad(f"Flere personer heter «{name}»; velg ansvarlig i programmet.")
    return ids[0]


# -- applying ------------------------------------------------------------------------
def apply_plan_changes(project: Project, accepted: Sequence[ChangeProposal]) -> int:
    """Write the accepted proposals (one undo step, after a backup). Returns how many
    fields changed. Refuses, writing nothing, if a field no longer has the value the
    proposal was made from, or if the result breaks a rule (e.g. deadline before start)."""
    if not accepted:
        return 0
    by_measure: dict[int, list[ChangeProposal]] = defaultdict(list)
    for p in accepted:
        by_measure[p.measure_id].append(p)
    current = {m.id: m for m in measure_service.list_measures(project)}
    updated: dict[int, Measure] = {}
    stale = []
    for mid, props in by_measure.items():
        m = current.get(mid)
        if m is None:
            stale.append(f"{props[0].code} finnes ikke lenger")
            continue
        for p in props:
            if _differs(p.field, _stored(m, p.field), p.old):
                stale.append(f"{p.code} {p.field.label.lower()}")
        new = m
        for p in props:
            new = replace(new, **{p.field.value: p.new})
        try:
            updated[mid] = measure_service.validate_measure(new)
        except ValidationError as e:
            raise ValidationError(f"{m.code}: {e.message}", e.advice) from None
    if stale:
        raise ValidationError(
            "Prosjektet er endret etter at filen ble lest: " + ", ".join(stale) + ".",
            "Les inn filen på nytt for å se endringene mot det som står i prosjektet nå.",
        )
    project.backup("import")
    n = sum(len(v) for v in by_measure.values())
    with project.unit_of_work(f"Oppdater handlingsplan fra Excel ({n} endringer)") as s:
        for mid, props in by_measure.items():
            row = s.get(MeasureRow, mid)
            assert row is not None
            m = updated[mid]
            if m.responsible_id is not None and s.get(PersonRow, m.responsible_id) is None:
                raise ValidationError(f"{m.code}: den ansvarlige finnes ikke lenger.")
            for p in props:
                value = getattr(m, p.field.value)
                if p.field is PlanField.STATUS:
                    value = value.value
                setattr(row, p.field.value, value)
    return n
