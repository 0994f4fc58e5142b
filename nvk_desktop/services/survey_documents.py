"""Survey documents made from the project: the paper form and the text/Word exports
of a questionnaire for one group, and the results PDF.

Reading only: nothing here changes the project. Heavy imports (reportlab,
python-docx, matplotlib) happen inside the functions, when a document is asked for.
A document that cannot be written raises :class:`SurveyDocumentError` (a KnownError
with the Norwegian message), so the GUI and the command line show it as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from nvk_desktop.analysis.stats import MIN_N
from nvk_desktop.domain.survey import RespondentGroup
from nvk_desktop.domain.survey_project import Survey
from nvk_desktop.errors import KnownError, ValidationError
from nvk_desktop.services.project import Project, project_info

if TYPE_CHECKING:
    from nvk_desktop.documents.questionnaire_export import QuestionnaireData

__all__ = [
    "EXPORT_FORMATS",
    "SurveyDocumentError",
    "export_questionnaire",
    "make_questionnaire_pdf",
    "make_survey_report",
    "questionnaire_data",
]

EXPORT_FORMATS = ("txt", "docx")


class SurveyDocumentError(KnownError):
    """A survey document could not be written (folder missing, file open elsewhere …)."""


def _group(survey: Survey, group: RespondentGroup | str) -> RespondentGroup:
    try:
        g = RespondentGroup(group)
    except ValueError:
        names = ", ".join(x.value for x in survey.group_values)
        raise ValidationError(
            f"Ukjent respondentgruppe «{group}».", f"Undersøkelsen har {names}."
        ) from None
    if g not in survey.group_values:
        names = ", ".join(x.label.lower() for x in survey.group_values) or "ingen grupper"
        raise ValidationError(
            f"Undersøkelsen «{survey.name}» har ikke gruppen {g.label.lower()}.",
            f"Den har {names}.",
        )
    return g


def questionnaire_data(
    project: Project,
    survey_id: int,
    group: RespondentGroup | str,
    *,
    today: date | None = None,
) -> QuestionnaireData:
    """The questionnaire of one group as the paper form and the exports lay it out."""
    from nvk_desktop.documents.questionnaire_export import (
        QuestionnaireData,
        importance_scale_labels,
    )
    from nvk_desktop.importers.itembank import ItemBankError, load_item_bank
    from nvk_desktop.services.surveys import get_survey

    survey = get_survey(project, survey_id)
    g = _group(survey, group)
    try:
        bank = load_item_bank(survey.bank_version)
        areas, bank_importance = bank.areas, bank.importance_labels
    except ItemBankError:  # an own-made survey outlives a bank version: ids as names
        areas, bank_importance = (), {}
    return QuestionnaireData(
        info=project_info(project),
        survey_name=survey.name,
        group=g,
        scale=survey.scale,
        items=[it.to_item() for it in survey.items],
        areas=areas,
        generated_on=today or date.today(),
        importance_labels=importance_scale_labels(survey.scale, bank_importance),
        closes_on=survey.closes_on,
    )


def _written(out: Path, write: Callable[[], None]) -> Path:
    from nvk_desktop.documents.base import DocumentError

    try:
        write()
    except DocumentError as e:
        raise SurveyDocumentError(e.message) from e
    return out


def make_questionnaire_pdf(
    project: Project,
    survey_id: int,
    group: RespondentGroup | str,
    out: Path | str,
    *,
    today: date | None = None,
) -> Path:
    """Write the printable paper form for ``group`` to ``out`` (atomically)."""
    from nvk_desktop.documents.questionnaire import build_questionnaire_pdf

    data = questionnaire_data(project, survey_id, group, today=today)
    out = Path(out)
    return _written(out, lambda: build_questionnaire_pdf(data, out))


def export_questionnaire(
    project: Project,
    survey_id: int,
    group: RespondentGroup | str,
    out: Path | str,
    format: Literal["txt", "docx"] | str = "txt",
    *,
    today: date | None = None,
) -> Path:
    """Write the questionnaire for ``group`` as plain text (UTF-8) or Word, atomically."""
    from nvk_desktop.documents.questionnaire_export import (
        write_questionnaire_docx,
        write_questionnaire_text,
    )

    if format not in EXPORT_FORMATS:
        raise ValidationError(
            f"Ukjent format «{format}» for spørreskjemaet.", "Velg txt (tekst) eller docx (Word)."
        )
    data = questionnaire_data(project, survey_id, group, today=today)
    out = Path(out)
    writer = write_questionnaire_text if format == "txt" else write_questionnaire_docx
    return _written(out, lambda: writer(data, out))


def make_survey_report(
    project: Project,
    survey_id: int,
    out: Path | str,
    include_comments: bool = False,
    *,
    today: date | None = None,
) -> Path:
    """Write the results PDF of a survey to ``out`` (atomically).

    Groups and items with fewer than five answers are hidden. Open comments are left
    out; with ``include_comments`` only the coded themes and their counts are listed,
    never a comment's text (DOMAIN.md §6).
    """
    from nvk_desktop.documents.survey_report import SurveyReportData, build_survey_report
    from nvk_desktop.importers.itembank import ItemBankError, load_item_bank
    from nvk_desktop.services.survey_results import survey_results
    from nvk_desktop.services.surveys import list_themes

    results = survey_results(project, survey_id, min_n=MIN_N)
    try:
        bank = load_item_bank(results.survey.bank_version)
        dimension_names = {d.id: d.label for d in bank.dimensions}
    except ItemBankError:
        dimension_names = {}
    data = SurveyReportData(
        info=project_info(project),
        results=results,
        generated_on=today or date.today(),
        include_comments=include_comments,
        themes=tuple(list_themes(project, survey_id)) if include_comments else (),
        dimension_names=dimension_names,
    )
    out = Path(out)
    return _written(out, lambda: build_survey_report(data, out))
