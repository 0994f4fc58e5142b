"""Documents of the handlingsplan: the statusrapport for the styringsgruppe (PDF).
Heavy imports (reportlab, matplotlib) happen here, when a document is asked for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from nvk_desktop.services import measures as measure_service
from nvk_desktop.services.indicators import list_indicators
from nvk_desktop.services.project import Project, project_info
from nvk_desktop.store.models import FollowUpRow


def statusrapport_data(project: Project, today: date | None = None, *, charts: bool = True):  # type: ignore[no-untyped-def]
    """Everything the statusrapport shows, read in a few queries."""
    from nvk_desktop.documents.statusrapport import StatusrapportData

    today = today or date.today()
    info = project_info(project)
    items = measure_service.handlingsplan(project, today=today)
    indicators = list_indicators(project)
    order = {it.measure.id: i for i, it in enumerate(items)}
    indicators.sort(key=lambda ind: (order.get(ind.measure_id, 10**9), ind.id or 0))
    last: dict[int, tuple[date, str]] = {}
    with project.read() as s:
        for mid, on, text in s.execute(
            select(FollowUpRow.measure_id, FollowUpRow.entry_on, FollowUpRow.text).order_by(
                FollowUpRow.entry_on, FollowUpRow.id
            )
        ):
            last[mid] = (on, text)
    pngs: dict[int, bytes] = {}
    if charts:
        from nvk_desktop.charts.measure_charts import indicator_chart
        from nvk_desktop.documents.statusrapport import MAX_CHARTS

        codes = {it.measure.id: it.measure.code for it in items}
        for ind in [i for i in indicators if i.values][:MAX_CHARTS]:
            title = f"{codes.get(ind.measure_id, '')} {ind.name} – {ind.status().label}".strip()
            pngs[ind.id or 0] = indicator_chart(ind, title=title, example_mark=info.is_example)
    return StatusrapportData(
        info=info,
        items=items,
        indicators=indicators,
        decisions=measure_service.decisions_needed(items, today),
        previous=measure_service.latest_status_report(project),
        last_entries=last,
        generated_on=today,
        charts=pngs,
    )


def make_statusrapport(
    project: Project,
    out: Path | str,
    today: date | None = None,
    save_snapshot: bool = True,
) -> Path:
    """Write the statusrapport PDF to ``out`` (atomically), then, unless
    ``save_snapshot`` is false, remember every measure's status as of today so the next
    report can say what changed (a step of its own on the Angre menu)."""
    from nvk_desktop.documents.statusrapport import build_statusrapport

    today = today or date.today()
    data = statusrapport_data(project, today)
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")
    build_statusrapport(data, out)
    if save_snapshot:
        measure_service.save_status_snapshot(project, today)
    return out
