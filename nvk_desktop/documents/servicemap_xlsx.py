"""The service map as a formatted XLSX: one row per service, a column per dimension
holding the 1–5 score, then the KPI columns; a second sheet explains the scale.

openpyxl is imported inside the function (start-up time is a feature). The file is
written atomically: a temporary file in the target folder, fsynced and renamed over
the target, so an existing file is only ever replaced whole.
"""

from __future__ import annotations

import errno
import io
from datetime import date
from pathlib import Path

from nvk_desktop.documents.base import DocumentError, write_atomic
from nvk_desktop.domain.models import ProjectInfo
from nvk_desktop.domain.servicemap import (
    SCORE_COLOURS,
    SCORE_WORDS,
    SCORES,
    UNKNOWN_MARK,
    ServiceMatrix,
    channels_text,
)
from nvk_desktop.errors import KnownError

EXAMPLE_LABEL = "Eksempelprosjekt – fiktive data"
SHEET_MAP = "Tjenestekart"
SHEET_LEGEND = "Forklaring"

# The fixed KPI columns after the dimensions: (header, width).
KPI_HEADERS: tuple[tuple[str, float], ...] = (
    ("Saker per år", 11),
    ("Median saksbehandlingstid (dager)", 16),
    ("Lovfestet frist (dager)", 12),
    ("Andel innen frist", 11),
    ("Klager", 9),
    ("Gebyrer", 28),
)
FIXED_HEADERS: tuple[tuple[str, float], ...] = (
    ("Område", 22),
    ("Tjeneste", 34),
    ("Ansvarlig enhet", 24),
    ("Kontaktperson", 22),
    ("Kanaler", 26),
)


class ServiceMapExportError(KnownError):
    """The XLSX could not be written for a reason the user can act on."""


def _date_text(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def servicemap_workbook_bytes(matrix: ServiceMatrix, info: ProjectInfo, today: date) -> bytes:
    """The whole workbook in memory (so the file itself is written in one go)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_MAP
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DCE6F0")
    thin = Side(style="thin", color="A6A6A6")
    header_border = Border(bottom=thin)
    wrap_top = Alignment(wrap_text=True, vertical="top")
    header_align = Alignment(wrap_text=True, vertical="bottom", horizontal="center")
    fills = {
        score: PatternFill("solid", fgColor=colour.lstrip("#"))
        for score, colour in SCORE_COLOURS.items()
    }
    centre = Alignment(horizontal="center", vertical="top")

    example = info.is_example
    first_row = 1
    if example:
        ws.cell(row=1, column=1, value=EXAMPLE_LABEL).font = Font(bold=True, color="9C0006")
        first_row = 3  # a blank line between the notice and the table
    dims = matrix.dimensions
    headers: list[tuple[str, float]] = [*FIXED_HEADERS]
    headers += [(d.name, 14) for d in dims]
    headers += list(KPI_HEADERS)
    headers += [(name, 14) for name in matrix.kpi_names]
    for col, (text, width) in enumerate(headers, start=1):
        cell = ws.cell(row=first_row, column=col, value=text)
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = header_align
        cell.border = header_border
        ws.column_dimensions[get_column_letter(col)].width = width
    longest = max((len(t) / max(w, 1) for t, w in headers), default=1)
    ws.row_dimensions[first_row].height = 15 * min(max(2, int(longest) + 1), 5)

    dim_start = len(FIXED_HEADERS) + 1
    kpi_start = dim_start + len(dims)
    extra_start = kpi_start + len(KPI_HEADERS)
    for r, sv in enumerate(matrix.services, start=first_row + 1):
        fixed = (
            matrix.area_name(sv.area_id),
            sv.name,
            sv.unit,
            matrix.contact_name(sv),
            channels_text(sv.channels),
        )
        for c, value in enumerate(fixed, start=1):
            cell = ws.cell(row=r, column=c, value=value or None)
            cell.alignment = wrap_top
        for i, d in enumerate(dims):
            score = matrix.score(sv.id or 0, d.id or 0)
            cell = ws.cell(row=r, column=dim_start + i, value=score)
            cell.alignment = centre
            if score is not None:
                cell.fill = fills[score]
        values: list[object] = [
            sv.yearly_cases,
            sv.median_days,
            sv.legal_deadline_days,
            sv.within_deadline_share,
            sv.complaints,
            sv.fees or None,
        ]
        for i, v in enumerate(values):
            cell = ws.cell(row=r, column=kpi_start + i, value=v)
            cell.alignment = wrap_top if i == 5 else Alignment(vertical="top")
        ws.cell(row=r, column=kpi_start + 3).number_format = "0%"
        for i, name in enumerate(matrix.kpi_names):
            k = matrix.kpi(sv.id or 0, name)
            cell = ws.cell(row=r, column=extra_start + i, value=k.value if k else None)
            cell.alignment = Alignment(vertical="top")
            if k is not None and k.unit:
                cell.number_format = f'General" {k.unit.replace(chr(34), "")}"'
    last_row = first_row + max(len(matrix.services), 1)
    last_col = get_column_letter(len(headers))
    ws.freeze_panes = ws.cell(row=first_row + 1, column=3)  # header and service name stay
    ws.auto_filter.ref = f"A{first_row}:{last_col}{last_row}"
    ws.print_title_rows = f"{first_row}:{first_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    # -- Forklaring -------------------------------------------------------------------
    lg = wb.create_sheet(SHEET_LEGEND)
    lg.column_dimensions["A"].width = 28
    lg.column_dimensions["B"].width = 70
    row = 1
    if example:
        lg.cell(row=row, column=1, value=EXAMPLE_LABEL).font = Font(bold=True, color="9C0006")
        row += 2
    lg.cell(row=row, column=1, value="Kartlegging av tjenester").font = Font(bold=True, size=14)
    row += 1
    facts: tuple[tuple[str, object], ...] = (
        ("Prosjekt", info.name),
        ("Kommune", info.kommune.display),
        ("Laget", _date_text(today)),
        ("Antall tjenester", len(matrix.services)),
        ("Antall vurderinger", matrix.assessed_count()),
    )
    for key, fact in facts:
        lg.cell(row=row, column=1, value=key).font = bold
        lg.cell(row=row, column=2, value=fact).alignment = Alignment(horizontal="left")
        row += 1
    row += 1
    lg.cell(row=row, column=1, value="Skala for vurderingene").font = Font(bold=True, size=12)
    row += 1
    for score in SCORES:
        cell = lg.cell(row=row, column=1, value=score)
        cell.fill = fills[score]
        cell.alignment = Alignment(horizontal="center")
        lg.cell(row=row, column=2, value=SCORE_WORDS[score].capitalize())
        row += 1
    lg.cell(row=row, column=1, value=f"tom ({UNKNOWN_MARK})").alignment = Alignment(
        horizontal="center"
    )
    lg.cell(row=row, column=2, value="Ukjent: ikke vurdert ennå")
    row += 2
    notes = (
        "Vurderingene er konsulentens skjønn på hver tjenestedimensjon, fra 1 (svært svak) "
        "til 5 (svært god). Tallet står alltid i cellen; fargen er bare en hjelp.",
        "Fargeskalaen (oransje–grå–blå) er lesbar ved de vanligste formene for fargeblindhet.",
        "Andel innen frist er andelen saker behandlet innen den lovfestede fristen.",
        "Kolonnene etter «Gebyrer» er de øvrige nøkkeltallene som er registrert for tjenestene.",
    )
    for text in notes:
        cell = lg.cell(row=row, column=1, value=text)
        lg.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        lg.row_dimensions[row].height = 30
        row += 1
    if dims:
        row += 1
        lg.cell(row=row, column=1, value="Tjenestedimensjoner").font = Font(bold=True, size=12)
        row += 1
        for i, d in enumerate(dims, start=1):
            lg.cell(row=row, column=1, value=i).alignment = Alignment(horizontal="center")
            lg.cell(row=row, column=2, value=d.name)
            row += 1

    wb.properties.title = f"Tjenestekart – {info.name}"
    wb.properties.creator = "NVK Desktop"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _excel_message(out: Path, exc: BaseException | None) -> ServiceMapExportError | None:
    """The Windows case: Excel holds the file open, so it cannot be replaced."""
    if isinstance(exc, PermissionError) or (
        isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM)
    ):
        if out.exists():
            return ServiceMapExportError(
                f"Kunne ikke erstatte «{out.name}».",
                "Filen er trolig åpen i Excel eller et annet program. Lukk den og prøv igjen, "
                "eller velg et annet filnavn.",
            )
        return ServiceMapExportError(
            f"Har ikke tilgang til å lagre i mappen «{out.parent}».",
            "Mappen kan være skrivebeskyttet. Velg en annen mappe.",
        )
    return None


def write_servicemap_xlsx(
    matrix: ServiceMatrix, info: ProjectInfo, out: Path, *, today: date
) -> Path:
    """Write the workbook to ``out`` atomically; errors in Norwegian."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    if not out.parent.is_dir():
        raise ServiceMapExportError(
            f"Mappen «{out.parent}» finnes ikke.", "Velg en mappe som finnes, og prøv igjen."
        )
    data = servicemap_workbook_bytes(matrix, info, today)
    try:
        write_atomic(data, out)
    except DocumentError as e:
        raise _excel_message(out, e.__cause__) or ServiceMapExportError(e.message) from e
    return out
