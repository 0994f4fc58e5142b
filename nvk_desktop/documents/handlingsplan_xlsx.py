"""The handlingsplan as a formatted XLSX the project leader updates in Excel, and the
reading of such a file back (issue 6 point 6).

Writing: one row per measure with the stable code first ("ID"), frozen header row,
autofilter, dates as real Excel dates shown dd.mm.yyyy, progress as a percentage,
status as text with a drop-down list (data validation), and a "Forklaring" sheet that
says which columns are read back. The file is written atomically (a temporary file in
the target folder, renamed over the target), with the Excel-locked message.

Reading: columns are found by their header text (so reordered columns are fine),
values are returned raw with their number format; the comparison with the project is
services/plan_excel.py. openpyxl is imported inside the functions (start-up time).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from nvk_desktop.documents.base import DocumentError, write_atomic
from nvk_desktop.documents.servicemap_xlsx import EXAMPLE_LABEL, _excel_message
from nvk_desktop.domain.measures import MeasureStatus, PlanField, PlanItem
from nvk_desktop.domain.models import ProjectInfo
from nvk_desktop.errors import KnownError

SHEET_PLAN = "Handlingsplan"
SHEET_LEGEND = "Forklaring"
MARKER = "NVK Desktop handlingsplan"  # the workbook's subject: this is our export
DATE_FORMAT = "dd.mm.yyyy"
PERCENT_FORMAT = "0 %"
NOK_FORMAT = "# ##0"
HOURS_FORMAT = "# ##0.#"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    field: PlanField | None = None  # importable when set
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("code", "ID", 8),
    Column("title", "Tiltak", 42),
    Column("responsible", "Ansvarlig", 22, PlanField.RESPONSIBLE, ("Ansvarlig person",)),
    Column("unit", "Enhet", 20),
    Column("start", "Start", 12, PlanField.START, ("Startdato",)),
    Column("deadline", "Frist", 12, PlanField.DEADLINE, ("Sluttdato", "Tidsfrist")),
    Column("status", "Status", 14, PlanField.STATUS),
    Column("progress", "Fremdrift", 11, PlanField.PROGRESS, ("Fremdrift (%)", "Fremdrift %")),
    Column("hours", "Timer", 9, PlanField.HOURS, ("Timeverk",)),
    Column("cost", "Kostnad (kr)", 13, PlanField.COST, ("Kostnad", "Kostnad kr", "NOK")),
    Column("funding", "Finansiering", 22, PlanField.FUNDING, ("Finansieringskilde",)),
    Column("dependencies", "Avhenger av", 14),
    Column("areas", "Områder", 24),
    Column("points", "Forbedringspunkter", 36),
    Column("in_plan", "I handlingsplanen", 11),
    Column("attention", "Varsel", 30),
)
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS if c.field is not None}


class PlanExcelError(KnownError):
    """The plan file could not be written or read, for a reason the user can act on."""


def _norm(text: object) -> str:
    return " ".join(str(text or "").split()).casefold()


HEADER_LOOKUP: dict[str, str] = {}
for _c in COLUMNS:
    HEADER_LOOKUP[_norm(_c.header)] = _c.key
    for _a in _c.aliases:
        HEADER_LOOKUP[_norm(_a)] = _c.key


# -- writing ------------------------------------------------------------------------------
def attention_text(item: PlanItem) -> str:
    if item.overdue:
        return "Fristen er passert"
    if item.risk:
        return f"Risiko: {item.risk}"
    return ""


def plan_workbook_bytes(
    items: Sequence[PlanItem], area_names: dict[str, str], info: ProjectInfo, today: date
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_PLAN
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DCE6F0")
    edit_fill = PatternFill("solid", fgColor="FFF2CC")  # the columns read back on import
    thin = Side(style="thin", color="A6A6A6")
    header_align = Alignment(wrap_text=True, vertical="bottom", horizontal="center")
    top = Alignment(vertical="top")
    wrap_top = Alignment(wrap_text=True, vertical="top")
    warn_font = Font(bold=True, color="9C0006")

    first_row = 1
    if info.is_example:
        ws.cell(row=1, column=1, value=EXAMPLE_LABEL).font = warn_font
        first_row = 3
    for col, c in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=first_row, column=col, value=c.header)
        cell.font = bold
        cell.fill = edit_fill if c.field else header_fill
        cell.alignment = header_align
        cell.border = Border(bottom=thin)
        ws.column_dimensions[get_column_letter(col)].width = c.width
    ws.row_dimensions[first_row].height = 30
    index = {c.key: i for i, c in enumerate(COLUMNS, start=1)}

    for r, it in enumerate(items, start=first_row + 1):
        m = it.measure
        values: dict[str, Any] = {
            "code": m.code,
            "title": m.title,
            "responsible": it.responsible_name or None,
            "unit": m.unit or None,
            "start": m.start_on,
            "deadline": m.deadline_on,
            "status": m.status.label,
            "progress": m.progress / 100,
            "hours": m.hours,
            "cost": m.cost_nok,
            "funding": m.funding or None,
            "dependencies": ", ".join(it.dependency_codes) or None,
            "areas": ", ".join(area_names.get(a, a) for a in m.areas) or None,
            "points": "; ".join(t for t in it.point_titles if t) or None,
            "in_plan": "Ja" if m.in_plan else "Nei",
            "attention": attention_text(it) or None,
        }
        for key, value in values.items():
            cell = ws.cell(row=r, column=index[key], value=value)
            cell.alignment = wrap_top if key in ("title", "points", "attention") else top
        ws.cell(row=r, column=index["start"]).number_format = DATE_FORMAT
        ws.cell(row=r, column=index["deadline"]).number_format = DATE_FORMAT
        ws.cell(row=r, column=index["progress"]).number_format = PERCENT_FORMAT
        ws.cell(row=r, column=index["hours"]).number_format = HOURS_FORMAT
        ws.cell(row=r, column=index["cost"]).number_format = NOK_FORMAT
        if it.overdue or it.risk:
            ws.cell(row=r, column=index["attention"]).font = warn_font
    last_row = first_row + max(len(items), 1)
    last_col = get_column_letter(len(COLUMNS))
    ws.freeze_panes = ws.cell(row=first_row + 1, column=3)  # header, ID and title stay
    ws.auto_filter.ref = f"A{first_row}:{last_col}{last_row}"
    ws.print_title_rows = f"{first_row}:{first_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    # Status as a drop-down of the Norwegian labels; room for rows added below.
    labels = ",".join(s.label for s in MeasureStatus)
    dv = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=False)
    dv.error = "Velg en av statusene i listen."
    dv.errorTitle = "Ukjent status"
    dv.prompt = "Ikke startet, Pågår, Forsinket, Fullført eller Avbrutt"
    dv.promptTitle = "Status"
    status_col = get_column_letter(index["status"])
    dv.add(f"{status_col}{first_row + 1}:{status_col}{last_row + 200}")
    ws.add_data_validation(dv)
    pv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1")
    pv.error = "Fremdriften må være mellom 0 % og 100 %."
    pv.errorTitle = "Ugyldig fremdrift"
    pv.showErrorMessage = True
    progress_col = get_column_letter(index["progress"])
    pv.add(f"{progress_col}{first_row + 1}:{progress_col}{last_row + 200}")
    ws.add_data_validation(pv)

    # -- Forklaring -------------------------------------------------------------------
    lg = wb.create_sheet(SHEET_LEGEND)
    lg.column_dimensions["A"].width = 24
    lg.column_dimensions["B"].width = 80
    row = 1
    if info.is_example:
        lg.cell(row=row, column=1, value=EXAMPLE_LABEL).font = warn_font
        row += 2
    lg.cell(row=row, column=1, value="Handlingsplan").font = Font(bold=True, size=14)
    row += 1
    for key, fact in (
        ("Prosjekt", info.name),
        ("Kommune", info.kommune.display),
        ("Eksportert", today.strftime("%d.%m.%Y")),
        ("Antall tiltak", len(items)),
    ):
        lg.cell(row=row, column=1, value=key).font = bold
        lg.cell(row=row, column=2, value=fact).alignment = Alignment(horizontal="left")
        row += 1
    row += 1
    lg.cell(row=row, column=1, value="Slik oppdaterer du planen").font = Font(bold=True, size=12)
    row += 1
    editable = ", ".join(c.header for c in COLUMNS if c.field)
    notes = (
        f"Du kan endre kolonnene med gul overskrift: {editable}. "
        "Når filen leses inn igjen i NVK Desktop, vises hver endring for seg, og du "
        "godtar eller avviser dem én og én. Ingenting blir overskrevet uten at du ser det.",
        "De andre kolonnene (tittel, enhet, avhengigheter, områder, forbedringspunkter) "
        "er til lesing; endre dem i programmet.",
        "Ikke endre ID-kolonnen: den knytter raden til tiltaket. Du kan sortere, filtrere "
        "og flytte kolonner; de finnes igjen på overskriften.",
        "Datoer skrives som dd.mm.åååå. Fremdrift skrives i prosent (for eksempel 50 %). "
        "Status velges fra listen: " + ", ".join(s.label for s in MeasureStatus) + ".",
        "Ansvarlig skrives med fullt navn slik det står under Organisering i programmet.",
        "Nye tiltak legges inn i programmet, ikke i filen. En rad som slettes her, "
        "slettes ikke i prosjektet.",
        "Varsel: «Fristen er passert» når fristen er gått ut og tiltaket verken er "
        "fullført eller avbrutt; «Risiko» når fremdriften ligger mer enn 25 "
        "prosentpoeng bak tiden som er gått, eller fristen er innen 14 dager og "
        "fremdriften er under 80 %.",
    )
    for text in notes:
        cell = lg.cell(row=row, column=1, value=text)
        lg.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        lg.row_dimensions[row].height = 45
        row += 1

    wb.properties.title = f"Handlingsplan – {info.name}"
    wb.properties.subject = MARKER
    wb.properties.creator = "NVK Desktop"
    wb.properties.keywords = info.kommune.nummer
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_plan_xlsx(
    items: Sequence[PlanItem],
    area_names: dict[str, str],
    info: ProjectInfo,
    out: Path,
    *,
    today: date,
) -> Path:
    """Write the workbook to ``out`` atomically; errors in Norwegian."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    if not out.parent.is_dir():
        raise PlanExcelError(
            f"Mappen «{out.parent}» finnes ikke.", "Velg en mappe som finnes, og prøv igjen."
        )
    data = plan_workbook_bytes(items, area_names, info, today)
    try:
        write_atomic(data, out)
    except DocumentError as e:
        known = _excel_message(out, e.__cause__)
        if known is not None:
            raise PlanExcelError(known.message, known.advice) from e
        raise PlanExcelError(e.message, e.advice) from e
    return out


# -- reading ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SheetCell:
    value: Any
    number_format: str
    column: str  # "H (Fremdrift)"


@dataclass(frozen=True)
class SheetRow:
    row: int  # Excel row number
    cells: dict[str, SheetCell]  # column key → cell

    @property
    def empty(self) -> bool:
        return all(
            c.value is None or (isinstance(c.value, str) and not c.value.strip())
            for c in self.cells.values()
        )


@dataclass(frozen=True)
class PlanSheet:
    file_name: str
    header_row: int
    columns: dict[str, str]  # key → "H (Fremdrift)" for the columns found
    rows: tuple[SheetRow, ...]
    ours: bool  # the workbook carries our marker
    kommune_nr: str
    extra_headers: tuple[str, ...]  # headers we do not know (ignored)
    duplicate_headers: tuple[str, ...]


NOT_OURS_ADVICE = (
    "Velg en fil som er eksportert fra Handlingsplan i NVK Desktop (Eksporter til Excel), "
    "med kolonnen «ID» og overskriftene slik de var."
)


def read_plan_sheet(path: Path) -> PlanSheet:
    """The rows of an exported (and maybe edited) plan, columns found by header."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    path = Path(path)
    if not path.is_file():
        raise PlanExcelError(f"Fant ikke filen «{path}».")
    try:
        wb = load_workbook(path, data_only=True)
    except PermissionError as e:
        raise PlanExcelError(
            f"Kunne ikke lese «{path.name}».",
            "Filen kan være åpen i Excel. Lukk den og prøv igjen.",
        ) from e
    except (BadZipFile, KeyError, ValueError, OSError, TypeError) as e:
        raise PlanExcelError(
            f"«{path.name}» kan ikke leses som en Excel-fil (.xlsx).", NOT_OURS_ADVICE
        ) from e
    try:
        ours = (wb.properties.subject or "") == MARKER
        kommune_nr = str(wb.properties.keywords or "")
        sheets = [wb[SHEET_PLAN]] if SHEET_PLAN in wb.sheetnames else []
        sheets += [ws for ws in wb.worksheets if ws.title != SHEET_PLAN]
        for ws in sheets:
            found = _find_header(ws)
            if found is None:
                continue
            header_row, by_col = found
            columns: dict[str, str] = {}
            col_of: dict[str, int] = {}
            extra: list[str] = []
            dup: list[str] = []
            for col, text in by_col.items():
                key = HEADER_LOOKUP.get(_norm(text))
                label = f"{get_column_letter(col)} ({text})"
                if key is None:
                    extra.append(label)
                elif key in col_of:
                    dup.append(label)
                else:
                    col_of[key] = col
                    columns[key] = label
            rows: list[SheetRow] = []
            for r_idx, values in enumerate(
                ws.iter_rows(min_row=header_row + 1, max_row=ws.max_row), start=header_row + 1
            ):
                cells = {}
                for key, col in col_of.items():
                    if col - 1 < len(values):
                        c = values[col - 1]
                        cells[key] = SheetCell(c.value, c.number_format or "", columns[key])
                    else:
                        cells[key] = SheetCell(None, "", columns[key])
                rows.append(SheetRow(r_idx, cells))
            return PlanSheet(
                path.name,
                header_row,
                columns,
                tuple(rows),
                ours,
                kommune_nr,
                tuple(extra),
                tuple(dup),
            )
    finally:
        wb.close()
    raise PlanExcelError(
        f"«{path.name}» ser ikke ut som en handlingsplan fra NVK Desktop: fant ingen "
        "overskriftsrad med kolonnene «ID» og «Tiltak».",
        NOT_OURS_ADVICE,
    )


def _find_header(ws: Any) -> tuple[int, dict[int, str]] | None:
    """The first of the top 15 rows that has both "ID" and "Tiltak" as cells."""
    for r_idx, values in enumerate(ws.iter_rows(min_row=1, max_row=15), start=1):
        texts = {
            c.column: str(c.value).strip()
            for c in values
            if isinstance(c.value, str) and c.value.strip()
        }
        keys = {HEADER_LOOKUP.get(_norm(t)) for t in texts.values()}
        if "code" in keys and "title" in keys:
            return r_idx, texts
    return None
