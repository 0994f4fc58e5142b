"""Surveys in a project (issue 4): settings, questionnaire, answers, imports, themes.

Every function that changes something is one unit of work, so one undo step; input
is checked first and refused with a Norwegian ValidationError before anything is
written. An import is one transaction with bulk inserts; its responses hang on the
import row (ON DELETE CASCADE), so undoing it removes it whole.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from operator import add
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from nvk_desktop.domain.survey import (
    ALLOWED_SCALES,
    DEFAULT_LABELS_1_5,
    Item,
    ItemBank,
    ItemKind,
    Option,
    RespondentGroup,
    Scale,
)
from nvk_desktop.domain.survey_project import (
    DEFAULT_GROUPS,
    OWN_PREFIX,
    Answer,
    Comment,
    CommentTheme,
    ImportPreview,
    ImportRecord,
    ImportSummary,
    Response,
    Survey,
    SurveyGroupInfo,
    SurveyItem,
    SurveyRound,
    SurveySummary,
)
from nvk_desktop.domain.text import fold
from nvk_desktop.errors import ValidationError
from nvk_desktop.importers.itembank import load_item_bank
from nvk_desktop.importers.survey_import import (
    ColumnMapping,
    ImportResult,
    describe,
    header_signature,
    parse_answers,
    propose_mapping,
)
from nvk_desktop.importers.tabular import Problem, Table, read_table
from nvk_desktop.services.project import Project
from nvk_desktop.store.models import (
    CommentCodeRow,
    CommentThemeRow,
    FindingRow,
    ImportMappingRow,
    OpenAnswerRow,
    ResponseRow,
    SurveyGroupRow,
    SurveyImportRow,
    SurveyItemRow,
    SurveyRow,
)

NAME_MAX = 200
TEXT_MAX = 2000  # a question's wording
ANSWER_TEXT_MAX = 20_000  # an open answer
THEME_MAX = 200
PROBLEMS_IN_MESSAGE = 20
IMPORT_CHUNK = 500  # respondents per progress report

ProgressFn = Callable[[int, int], None]


class _Keep:
    """Marker for "leave this setting as it is" where None is a valid new value."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


class HasAnswersError(ValidationError):
    """Removing this would delete answers: the UI asks, then calls again with force."""

    def __init__(self, message: str, advice: str, answers: int) -> None:
        super().__init__(message, advice)
        self.answers = answers


class ImportRefused(ValidationError):
    """The file cannot be imported; ``problems`` lists where and why (nothing written)."""

    def __init__(self, message: str, advice: str, problems: Sequence[Problem]) -> None:
        super().__init__(message, advice)
        self.problems = tuple(problems)


class DuplicateImportError(ValidationError):
    """The same answers were imported into this survey before."""

    def __init__(self, record: ImportRecord) -> None:
        when = record.imported_at.strftime("%d.%m.%Y kl. %H.%M")
        super().__init__(
            f"Denne filen ble importert {when} ({record.respondents} svar).",
            "Den er ikke importert på nytt. Vil du erstatte svarene, slett den forrige "
            "importen først.",
        )
        self.record = record


# -- small helpers ---------------------------------------------------------------------
def default_scale(scale_min: int = 1, scale_max: int = 5) -> Scale:
    """An allowed scale with sensible labels (the bank's for 1–5, end points otherwise)."""
    if (scale_min, scale_max) not in ALLOWED_SCALES:
        allowed = ", ".join(f"{a}–{b}" for a, b in ALLOWED_SCALES)
        raise ValidationError(
            f"Skalaen {scale_min}–{scale_max} er ikke tillatt.", f"Velg en av {allowed}."
        )
    if (scale_min, scale_max) == (1, 5):
        return Scale(1, 5, dict(DEFAULT_LABELS_1_5))
    return Scale(scale_min, scale_max, {scale_min: "Svært dårlig", scale_max: "Svært godt"})


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _texts_json(texts: Mapping[RespondentGroup, str]) -> str:
    ordered = {g.value: texts[g] for g in RespondentGroup if g in texts}
    return json.dumps(ordered, ensure_ascii=False)


def _texts(raw: str) -> dict[RespondentGroup, str]:
    return {RespondentGroup(k): v for k, v in json.loads(raw or "{}").items()}


def _options_json(options: Sequence[Option]) -> str:
    return json.dumps([{"code": o.code, "label": o.label} for o in options], ensure_ascii=False)


def _options(raw: str) -> tuple[Option, ...]:
    return tuple(Option(o["code"], o["label"]) for o in json.loads(raw or "[]"))


def _scale_of(row: SurveyRow) -> Scale:
    labels = {int(k): v for k, v in json.loads(row.scale_labels or "{}").items()}
    return Scale(row.scale_min, row.scale_max, labels, row.dont_know_code)


def _scale_labels_json(scale: Scale) -> str:
    return json.dumps({str(k): v for k, v in sorted(scale.labels.items())}, ensure_ascii=False)


def _item_of(row: SurveyItemRow) -> SurveyItem:
    return SurveyItem(
        key=row.key,
        area=row.area,
        kind=ItemKind(row.kind),
        texts=_texts(row.texts),
        dimension=row.dimension,
        options=_options(row.options),
        own=bool(row.own),
        position=row.position,
        id=row.id,
    )


def _survey_row(s: Session, survey_id: int) -> SurveyRow:
    row = s.get(SurveyRow, survey_id)
    if row is None:
        raise ValidationError("Undersøkelsen finnes ikke lenger.")
    return row


def _check_group(group: RespondentGroup | str) -> RespondentGroup:
    try:
        return RespondentGroup(group)
    except ValueError:
        names = ", ".join(g.value for g in RespondentGroup)
        raise ValidationError(
            f"Ukjent respondentgruppe «{group}».", f"Bruk en av {names}."
        ) from None


def _check_name(s: Session, name: str, survey_id: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(
            "Undersøkelsen må ha et navn.", "For eksempel «Spørreundersøkelse 2026»."
        )
    if len(name) > NAME_MAX:
        raise ValidationError(f"Navnet er for langt (over {NAME_MAX} tegn).")
    for other_id, other in s.execute(select(SurveyRow.id, SurveyRow.name)):
        if other_id != survey_id and fold(other) == fold(name):
            raise ValidationError(
                f"Det finnes allerede en undersøkelse som heter «{other}».", "Velg et annet navn."
            )
    return name


def _check_dates(opens_on: date | None, closes_on: date | None) -> None:
    for d in (opens_on, closes_on):
        if d is not None and (not isinstance(d, date) or d.year < 1900):
            raise ValidationError("Datoen er ikke gyldig.", "Bruk formen dd.mm.åååå.")
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError(
            "Svarfristen kan ikke være før undersøkelsen åpner.", "Rett en av datoene."
        )


def _check_invited(group: RespondentGroup, invited: int | None) -> int | None:
    if invited is None:
        return None
    if isinstance(invited, bool) or not isinstance(invited, int) or invited < 0:
        raise ValidationError(
            f"Antall inviterte for {group.label.lower()} må være et helt tall fra 0 og oppover."
        )
    return invited or None


def _check_scale(scale: Scale) -> Scale:
    if not isinstance(scale, Scale) or (scale.min, scale.max) not in ALLOWED_SCALES:
        raise ValidationError("Skalaen er ikke tillatt.", "Velg 1–5, 1–6, 1–7 eller 0–10.")
    return scale


def _group_map(
    groups: Iterable[RespondentGroup | str] | Mapping[RespondentGroup, int | None],
) -> dict[RespondentGroup, int | None]:
    if isinstance(groups, Mapping):
        pairs = [(_check_group(g), inv) for g, inv in groups.items()]
    else:
        pairs = [(_check_group(g), None) for g in groups]
    out: dict[RespondentGroup, int | None] = {}
    for g, inv in pairs:
        if g in out:
            raise ValidationError(f"Gruppen {g.label} er valgt to ganger.")
        out[g] = _check_invited(g, inv)
    if not out:
        raise ValidationError(
            "Velg minst én respondentgruppe.", "For eksempel næringsliv, ansatte og politikere."
        )
    return dict(sorted(out.items(), key=lambda kv: list(RespondentGroup).index(kv[0])))


def _bank(version: int) -> ItemBank:
    return load_item_bank(version)


def _count_responses(s: Session, survey_id: int) -> dict[RespondentGroup, int]:
    rows = s.execute(
        select(ResponseRow.grp, func.count(ResponseRow.id))
        .where(ResponseRow.survey_id == survey_id)
        .group_by(ResponseRow.grp)
    )
    return {RespondentGroup(g): n for g, n in rows}


def _read_survey(s: Session, survey_id: int) -> Survey:
    row = _survey_row(s, survey_id)
    counts = _count_responses(s, survey_id)
    groups = s.scalars(select(SurveyGroupRow).where(SurveyGroupRow.survey_id == survey_id)).all()
    order = list(RespondentGroup)
    infos = sorted(
        (
            SurveyGroupInfo(
                RespondentGroup(g.grp), g.invited, counts.get(RespondentGroup(g.grp), 0)
            )
            for g in groups
        ),
        key=lambda gi: order.index(gi.group),
    )
    items = s.scalars(
        select(SurveyItemRow)
        .where(SurveyItemRow.survey_id == survey_id)
        .order_by(SurveyItemRow.position, SurveyItemRow.id)
    ).all()
    baseline_name = s.get(SurveyRow, row.baseline_id).name if row.baseline_id else None  # type: ignore[union-attr]
    return Survey(
        id=row.id,
        name=row.name,
        round=SurveyRound(row.round),
        scale=_scale_of(row),
        groups=tuple(infos),
        items=tuple(_item_of(i) for i in items),
        bank_version=row.bank_version,
        baseline_id=row.baseline_id,
        baseline_name=baseline_name,
        opens_on=row.opens_on,
        closes_on=row.closes_on,
        note=row.note,
    )


# -- surveys -----------------------------------------------------------------------------
def list_surveys(project: Project) -> list[SurveySummary]:
    """Every survey, T0s before their follow-ups, with groups and response counts."""
    with project.read() as s:
        rows = s.scalars(select(SurveyRow).order_by(SurveyRow.id)).all()
        groups: dict[int, list[RespondentGroup]] = {}
        for sid, g in s.execute(select(SurveyGroupRow.survey_id, SurveyGroupRow.grp)):
            groups.setdefault(sid, []).append(RespondentGroup(g))
        counts = dict(
            s.execute(
                select(ResponseRow.survey_id, func.count(ResponseRow.id)).group_by(
                    ResponseRow.survey_id
                )
            ).all()
        )
    names = {r.id: r.name for r in rows}
    order = list(RespondentGroup)
    return [
        SurveySummary(
            id=r.id,
            name=r.name,
            round=SurveyRound(r.round),
            groups=tuple(sorted(groups.get(r.id, []), key=order.index)),
            responses=counts.get(r.id, 0),
            baseline_id=r.baseline_id,
            baseline_name=names.get(r.baseline_id) if r.baseline_id else None,
            opens_on=r.opens_on,
            closes_on=r.closes_on,
        )
        for r in rows
    ]


def get_survey(project: Project, survey_id: int) -> Survey:
    with project.read() as s:
        return _read_survey(s, survey_id)


def find_survey(project: Project, name: str) -> Survey:
    """The survey with this name (case and accents ignored), or a message naming those there are."""
    with project.read() as s:
        pairs = s.execute(select(SurveyRow.id, SurveyRow.name).order_by(SurveyRow.id)).all()
        for sid, other in pairs:
            if fold(other.strip()) == fold(name.strip()):
                return _read_survey(s, sid)
    if not pairs:
        raise ValidationError(
            f"Fant ingen undersøkelse som heter «{name}»: prosjektet har ingen undersøkelser ennå."
        )
    there = ", ".join(f"«{n}»" for _, n in pairs)
    raise ValidationError(
        f"Fant ingen undersøkelse som heter «{name}».", f"Prosjektet har {there}."
    )


def create_survey(
    project: Project,
    name: str,
    *,
    groups: Iterable[RespondentGroup | str] | Mapping[RespondentGroup, int | None] = DEFAULT_GROUPS,
    item_ids: Sequence[str] | None = None,
    scale: Scale | None = None,
    opens_on: date | None = None,
    closes_on: date | None = None,
    note: str = "",
    bank_version: int = 1,
) -> int:
    """A new T0 survey from the item bank: the chosen groups and items (default: all
    items of the bank asked of any chosen group), in bank order."""
    bank = _bank(bank_version)
    group_map = _group_map(groups)
    scale = _check_scale(scale or bank.scale)
    _check_dates(opens_on, closes_on)
    if item_ids is None:
        chosen = [it for it in bank.items if any(it.asked_of(g) for g in group_map)]
    else:
        chosen = []
        seen: set[str] = set()
        for item_id in item_ids:
            if item_id in seen:
                continue
            seen.add(item_id)
            try:
                chosen.append(bank.item(item_id))
            except KeyError:
                raise ValidationError(
                    f"Spørsmålet «{item_id}» finnes ikke i spørsmålsbanken."
                ) from None
    with project.unit_of_work("Ny spørreundersøkelse") as s:
        return insert_survey(
            s,
            _check_name(s, name),
            groups=group_map,
            items=chosen,
            scale=scale,
            bank_version=bank.version,
            opens_on=opens_on,
            closes_on=closes_on,
            note=note.strip(),
        )


def insert_survey(
    s: Session,
    name: str,
    *,
    groups: Mapping[RespondentGroup, int | None],
    items: Sequence[Item],
    scale: Scale,
    bank_version: int,
    round: SurveyRound = SurveyRound.T0,
    baseline_id: int | None = None,
    opens_on: date | None = None,
    closes_on: date | None = None,
    note: str = "",
) -> int:
    """Write a survey with its groups and items in the caller's session (no checks:
    for the services above and the example project)."""
    row = SurveyRow(
        name=name,
        round=round.value,
        baseline_id=baseline_id,
        scale_min=scale.min,
        scale_max=scale.max,
        scale_labels=_scale_labels_json(scale),
        dont_know_code=scale.dont_know_code,
        opens_on=opens_on,
        closes_on=closes_on,
        bank_version=bank_version,
        note=note,
    )
    s.add(row)
    s.flush()
    for g, invited in groups.items():
        s.add(SurveyGroupRow(survey_id=row.id, grp=g.value, invited=invited))
    for pos, it in enumerate(items):
        s.add(
            SurveyItemRow(
                survey_id=row.id,
                position=pos,
                key=it.id,
                area=it.area,
                kind=it.kind.value,
                dimension=it.dimension,
                texts=_texts_json(it.texts),
                options=_options_json(it.options),
                own=False,
            )
        )
    s.flush()
    return row.id


def update_survey(
    project: Project,
    survey_id: int,
    *,
    name: str | None = None,
    opens_on: date | None = KEEP,
    closes_on: date | None = KEEP,
    note: str | None = None,
    groups: Mapping[RespondentGroup, int | None] | None = None,
    scale: Scale | None = None,
) -> None:
    """Change a survey's settings. ``groups`` is the whole new set with the number
    invited per group; a group with answers cannot be left out. The scale cannot be
    changed once there are answers, nor away from the baseline's or follow-up's."""
    with project.read() as s:
        current = _read_survey(s, survey_id)
    new_groups = _group_map(groups) if groups is not None else None
    if scale is not None:
        _check_scale(scale)
    o = current.opens_on if opens_on is KEEP else opens_on
    c = current.closes_on if closes_on is KEEP else closes_on
    _check_dates(o, c)
    with project.unit_of_work("Endre undersøkelse") as s:
        row = _survey_row(s, survey_id)
        if name is not None:
            row.name = _check_name(s, name, survey_id)
        row.opens_on, row.closes_on = o, c
        if note is not None:
            row.note = note.strip()
        if scale is not None and scale != _scale_of(row):
            _check_scale_change(s, row, scale)
            row.scale_min, row.scale_max = scale.min, scale.max
            row.scale_labels = _scale_labels_json(scale)
            row.dont_know_code = scale.dont_know_code
        if new_groups is not None:
            counts = _count_responses(s, survey_id)
            existing = {
                RespondentGroup(g.grp): g
                for g in s.scalars(
                    select(SurveyGroupRow).where(SurveyGroupRow.survey_id == survey_id)
                )
            }
            for g, grow in existing.items():
                if g not in new_groups:
                    if counts.get(g):
                        raise ValidationError(
                            f"{g.label} kan ikke fjernes fra undersøkelsen: gruppen har "
                            f"{counts[g]} svar.",
                            "Slett svarene først.",
                        )
                    s.delete(grow)
            for g, invited in new_groups.items():
                if g in existing:
                    existing[g].invited = invited
                else:
                    s.add(SurveyGroupRow(survey_id=survey_id, grp=g.value, invited=invited))


def _check_scale_change(s: Session, row: SurveyRow, scale: Scale) -> None:
    answers = s.scalar(select(func.count(ResponseRow.id)).where(ResponseRow.survey_id == row.id))
    if answers:
        raise ValidationError(
            f"Skalaen kan ikke endres fordi undersøkelsen allerede har {answers} svar.",
            "Svarene er gitt på den gamle skalaen. Lag en ny undersøkelse om du trenger en "
            "annen skala.",
        )
    linked = s.scalars(
        select(SurveyRow).where(
            (SurveyRow.baseline_id == row.id) | (SurveyRow.id == (row.baseline_id or -1))
        )
    ).all()
    for other in linked:
        if (other.scale_min, other.scale_max) != (scale.min, scale.max):
            raise ValidationError(
                f"Skalaen må være den samme som i «{other.name}» "
                f"({other.scale_min}–{other.scale_max}), ellers kan rundene ikke sammenlignes."
            )


def delete_survey(project: Project, survey_id: int) -> None:
    """Delete a survey with its questionnaire, answers and themes (one undo step)."""
    with project.unit_of_work("Slett undersøkelse") as s:
        s.delete(_survey_row(s, survey_id))


def create_followup(
    project: Project,
    baseline_id: int,
    name: str,
    *,
    opens_on: date | None = None,
    closes_on: date | None = None,
) -> int:
    """A T1 follow-up of a survey: the same groups (and invited), items and scale."""
    _check_dates(opens_on, closes_on)
    with project.unit_of_work("Ny oppfølgingsundersøkelse") as s:
        base = _survey_row(s, baseline_id)
        if base.round != SurveyRound.T0.value:
            raise ValidationError(
                f"«{base.name}» er selv en oppfølging.",
                "Lag oppfølgingen fra førmålingen (T0), så sammenlignes rundene med den.",
            )
        name = _check_name(s, name)
        row = SurveyRow(
            name=name,
            round=SurveyRound.T1.value,
            baseline_id=base.id,
            scale_min=base.scale_min,
            scale_max=base.scale_max,
            scale_labels=base.scale_labels,
            dont_know_code=base.dont_know_code,
            opens_on=opens_on,
            closes_on=closes_on,
            bank_version=base.bank_version,
            note="",
        )
        s.add(row)
        s.flush()
        for g in s.scalars(select(SurveyGroupRow).where(SurveyGroupRow.survey_id == base.id)):
            s.add(SurveyGroupRow(survey_id=row.id, grp=g.grp, invited=g.invited))
        for it in s.scalars(
            select(SurveyItemRow)
            .where(SurveyItemRow.survey_id == base.id)
            .order_by(SurveyItemRow.position, SurveyItemRow.id)
        ):
            s.add(
                SurveyItemRow(
                    survey_id=row.id,
                    position=it.position,
                    key=it.key,
                    area=it.area,
                    kind=it.kind,
                    dimension=it.dimension,
                    texts=it.texts,
                    options=it.options,
                    own=it.own,
                )
            )
        s.flush()
        return row.id


# -- the questionnaire -------------------------------------------------------------------
def _items(s: Session, survey_id: int) -> list[SurveyItemRow]:
    return list(
        s.scalars(
            select(SurveyItemRow)
            .where(SurveyItemRow.survey_id == survey_id)
            .order_by(SurveyItemRow.position, SurveyItemRow.id)
        )
    )


def _item_row(s: Session, survey_id: int, key: str) -> SurveyItemRow:
    row = s.scalar(
        select(SurveyItemRow).where(SurveyItemRow.survey_id == survey_id, SurveyItemRow.key == key)
    )
    if row is None:
        raise ValidationError(f"Spørsmålet «{key}» finnes ikke i undersøkelsen.")
    return row


def add_bank_items(project: Project, survey_id: int, item_ids: Sequence[str]) -> None:
    """Add items from the bank at the end (those already in the survey are skipped)."""
    if not item_ids:
        raise ValidationError("Velg minst ett spørsmål fra spørsmålsbanken.")
    with project.read() as s:
        bank = _bank(_survey_row(s, survey_id).bank_version)
    items = []
    for item_id in dict.fromkeys(item_ids):
        try:
            items.append(bank.item(item_id))
        except KeyError:
            raise ValidationError(
                f"Spørsmålet «{item_id}» finnes ikke i spørsmålsbanken."
            ) from None
    label = "Legg til spørsmål" if len(items) == 1 else f"Legg til {len(items)} spørsmål"
    with project.unit_of_work(label) as s:
        _survey_row(s, survey_id)
        rows = _items(s, survey_id)
        have = {r.key for r in rows}
        pos = max((r.position for r in rows), default=-1) + 1
        for it in items:
            if it.id in have:
                continue
            s.add(
                SurveyItemRow(
                    survey_id=survey_id,
                    position=pos,
                    key=it.id,
                    area=it.area,
                    kind=it.kind.value,
                    dimension=it.dimension,
                    texts=_texts_json(it.texts),
                    options=_options_json(it.options),
                    own=False,
                )
            )
            pos += 1


def _check_text(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > TEXT_MAX:
        raise ValidationError(f"Spørsmålsteksten er for lang (over {TEXT_MAX} tegn).")
    return text


def add_own_item(
    project: Project,
    survey_id: int,
    kind: ItemKind,
    texts: Mapping[RespondentGroup, str],
    *,
    area: str | None = None,
    options: Sequence[Option] = (),
) -> str:
    """An own question ("egen.N") at the end of the questionnaire; returns its key."""
    kind = ItemKind(kind)
    clean = {_check_group(g): _check_text(t) for g, t in texts.items()}
    clean = {g: t for g, t in clean.items() if t}
    if not clean:
        raise ValidationError(
            "Skriv spørsmålsteksten.", "Minst én respondentgruppe må ha en ordlyd."
        )
    with project.read() as s:
        bank = _bank(_survey_row(s, survey_id).bank_version)
    if area is not None:
        try:
            bank.area(area)
        except KeyError:
            raise ValidationError(f"Ukjent område «{area}».") from None
    if kind.is_scale and area is None:
        raise ValidationError(
            "Et spørsmål med svarskala må høre til et område.",
            "Velg området det skal telle med i, for eksempel Byggesaker.",
        )
    if kind is ItemKind.DIMENSION:
        raise ValidationError(
            "Spørsmål om tjenestedimensjoner hentes fra spørsmålsbanken.",
            "Lag et eget spørsmål som «Tilfredshet» i stedet.",
        )
    opts = tuple(Option(o.code.strip(), " ".join(o.label.split())) for o in options)
    if kind is ItemKind.BACKGROUND:
        if len(opts) < 2 or any(not o.code or not o.label for o in opts):
            raise ValidationError(
                "Et bakgrunnsspørsmål trenger minst to svaralternativer med tekst."
            )
        if len({o.code for o in opts}) != len(opts):
            raise ValidationError("To svaralternativer har samme kode.")
    elif opts:
        raise ValidationError("Bare bakgrunnsspørsmål kan ha svaralternativer.")
    with project.unit_of_work("Legg til eget spørsmål") as s:
        rows = _items(s, survey_id)
        used = [
            int(r.key[len(OWN_PREFIX) :])
            for r in rows
            if r.key.startswith(OWN_PREFIX) and r.key[len(OWN_PREFIX) :].isdigit()
        ]
        key = f"{OWN_PREFIX}{max(used, default=0) + 1}"
        s.add(
            SurveyItemRow(
                survey_id=survey_id,
                position=max((r.position for r in rows), default=-1) + 1,
                key=key,
                area=area,
                kind=kind.value,
                dimension=None,
                texts=_texts_json(clean),
                options=_options_json(opts),
                own=True,
            )
        )
        return key


def set_item_text(
    project: Project, survey_id: int, key: str, group: RespondentGroup, text: str
) -> None:
    """Change one group's wording of a question; an empty text stops asking that group."""
    group = _check_group(group)
    text = _check_text(text)
    with project.unit_of_work("Endre spørsmålstekst") as s:
        row = _item_row(s, survey_id, key)
        texts = _texts(row.texts)
        if text:
            texts[group] = text
        else:
            texts.pop(group, None)
            if not texts:
                raise ValidationError(
                    "Spørsmålet må ha en ordlyd for minst én gruppe.",
                    "Fjern spørsmålet i stedet hvis det ikke skal stilles.",
                )
            has = len(_answered(s, survey_id, row, group))
            if has:
                raise ValidationError(
                    f"{group.label} har svart på dette spørsmålet ({has} svar), så teksten "
                    "kan ikke fjernes."
                )
        row.texts = _texts_json(texts)


def reorder_items(project: Project, survey_id: int, keys: Sequence[str]) -> None:
    """Put the questionnaire in this order (every key exactly once)."""
    with project.unit_of_work("Endre rekkefølgen på spørsmålene") as s:
        rows = {r.key: r for r in _items(s, survey_id)}
        if sorted(keys) != sorted(rows) or len(set(keys)) != len(keys):
            raise ValidationError(
                "Rekkefølgen passer ikke til spørsmålene i undersøkelsen.", "Last siden på nytt."
            )
        for pos, key in enumerate(keys):
            if rows[key].position != pos:
                rows[key].position = pos


def move_item(project: Project, survey_id: int, key: str, offset: int) -> None:
    """Move a question up (negative) or down (positive) by ``offset`` places."""
    keys = [it.key for it in get_survey(project, survey_id).items]
    if key not in keys:
        raise ValidationError(f"Spørsmålet «{key}» finnes ikke i undersøkelsen.")
    i = keys.index(key)
    j = max(0, min(len(keys) - 1, i + offset))
    if i == j:
        return
    keys.insert(j, keys.pop(i))
    reorder_items(project, survey_id, keys)


def _answered(
    s: Session, survey_id: int, item: SurveyItemRow, group: RespondentGroup | None = None
) -> list[tuple[int, dict[str, Any]]]:
    """(response id, closed answers) of the respondents who answered this item
    (for an open item the answers dict is empty: its answers are rows of their own)."""
    if item.kind == ItemKind.OPEN.value:
        q = (
            select(ResponseRow.id)
            .join(OpenAnswerRow, OpenAnswerRow.response_id == ResponseRow.id)
            .where(OpenAnswerRow.item_id == item.id)
        )
        if group is not None:
            q = q.where(ResponseRow.grp == group.value)
        return [(rid, {}) for rid in s.scalars(q)]
    needle = json.dumps(item.key, ensure_ascii=False) + ":"
    closed_q = select(ResponseRow.id, ResponseRow.answers).where(
        ResponseRow.survey_id == survey_id, ResponseRow.answers.contains(needle, autoescape=True)
    )
    if group is not None:
        closed_q = closed_q.where(ResponseRow.grp == group.value)
    out = []
    for rid, raw in s.execute(closed_q):
        answers = json.loads(raw)
        if item.key in answers:
            out.append((rid, answers))
    return out


def item_answer_count(project: Project, survey_id: int, key: str) -> int:
    """How many respondents answered this question (for «remove it anyway?»)."""
    with project.read() as s:
        return len(_answered(s, survey_id, _item_row(s, survey_id, key)))


def remove_item(project: Project, survey_id: int, key: str, *, force: bool = False) -> None:
    """Remove a question. With answers it raises HasAnswersError unless ``force``."""
    with project.unit_of_work("Fjern spørsmål") as s:
        row = _item_row(s, survey_id, key)
        answered = _answered(s, survey_id, row)
        if answered and not force:
            n = len(answered)
            raise HasAnswersError(
                f"Spørsmålet har {n} svar, som blir slettet sammen med det.",
                "Vil du fjerne det likevel? Du kan angre etterpå.",
                n,
            )
        if row.kind != ItemKind.OPEN.value:
            for rid, answers in answered:
                del answers[row.key]
                s.execute(
                    update(ResponseRow)
                    .where(ResponseRow.id == rid)
                    .values(answers=answers_json(answers))
                )
        s.delete(row)


# -- answers typed in from paper forms ----------------------------------------------------
def answers_json(answers: Mapping[str, int | str | None]) -> str:
    """The stored form of a respondent's closed answers (ResponseRow.answers)."""
    return json.dumps(answers, ensure_ascii=False, separators=(",", ":"))


_ANSWERS_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_PLAIN_ANSWER_TYPES = frozenset({int, str, type(None)})


class _JsonTexts(dict[object, str]):
    """The JSON text of each value met (by json's own encoder), made once."""

    def __init__(self, suffix: str = "") -> None:
        super().__init__()
        self.suffix = suffix

    def __missing__(self, value: object) -> str:
        text = self[value] = _ANSWERS_ENCODER.encode(value) + self.suffix
        return text


def _answers_json_writer() -> Callable[[Mapping[str, int | str | None]], str]:
    """``answers_json`` for many respondents: the same text, without encoding the same
    keys and values again for every respondent of an import.

    Only for answers of the plain types (int, text, None): a table keyed by value
    would take True for 1, so anything else goes through ``answers_json``.
    """
    keys, values = _JsonTexts(":"), _JsonTexts()
    key_text, value_text = keys.__getitem__, values.__getitem__

    def write(answers: Mapping[str, int | str | None]) -> str:
        if not _PLAIN_ANSWER_TYPES.issuperset(map(type, answers.values())):
            return answers_json(answers)
        pairs = map(add, map(key_text, answers), map(value_text, answers.values()))
        return "{" + ",".join(pairs) + "}"

    return write


def _validate_answers(
    survey: Survey, group: RespondentGroup, answers: Mapping[str, Answer]
) -> tuple[dict[str, int | str | None], dict[int, str]]:
    """(closed answers by key, open answers by item row id), or a ValidationError."""
    if survey.group(group) is None:
        raise ValidationError(f"{group.label} er ikke med i «{survey.name}».")
    scale = survey.scale
    closed: dict[str, int | str | None] = {}
    opened: dict[int, str] = {}
    for key, value in answers.items():
        try:
            item = survey.item(key)
        except KeyError:
            raise ValidationError(f"Spørsmålet «{key}» finnes ikke i undersøkelsen.") from None
        assert item.id is not None
        text = item.text(group)
        if text is None:
            raise ValidationError(f"Spørsmålet «{key}» stilles ikke til {group.label.lower()}.")
        where = f"«{_short(text)}»"
        if item.kind.is_scale:
            if value is None or (
                scale.dont_know_code is not None and value == scale.dont_know_code
            ):
                closed[key] = None
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not scale.contains(value):
                dk = (
                    f", eller {scale.dont_know_code} for «vet ikke»"
                    if scale.dont_know_code is not None
                    else ", eller «vet ikke»"
                )
                raise ValidationError(
                    f"Svaret på {where} må være et tall fra {scale.min} til {scale.max}{dk}.",
                    f"«{value}» kan ikke brukes.",
                )
            closed[key] = value
        elif item.kind is ItemKind.BACKGROUND:
            if value is None or value == "":
                continue
            code = str(value).strip()
            if item.option(code) is None:
                by_label = next((o for o in item.options if fold(o.label) == fold(code)), None)
                if by_label is None:
                    choices = ", ".join(o.label for o in item.options)
                    raise ValidationError(
                        f"«{value}» er ikke et svaralternativ på {where}.",
                        f"Velg en av: {choices}.",
                    )
                code = by_label.code
            closed[key] = code
        else:
            if value is None:
                continue
            if not isinstance(value, str):
                raise ValidationError(f"Svaret på {where} skal være tekst.")
            t = value.strip()
            if not t:
                continue
            if len(t) > ANSWER_TEXT_MAX:
                raise ValidationError(
                    f"Svaret på {where} er for langt (over {ANSWER_TEXT_MAX} tegn)."
                )
            opened[item.id] = t
    if not closed and not opened:
        raise ValidationError("Svarskjemaet er tomt.", "Fyll inn minst ett svar før du lagrer.")
    # Stored in questionnaire order, whatever order the caller gave.
    order = {it.key: n for n, it in enumerate(survey.items)}
    closed = dict(sorted(closed.items(), key=lambda kv: order[kv[0]]))
    return closed, opened


def add_response(
    project: Project, survey_id: int, group: RespondentGroup, answers: Mapping[str, Answer]
) -> int:
    """One respondent typed in from a paper form: {item key: int | None (vet ikke) | str}."""
    group = _check_group(group)
    survey = get_survey(project, survey_id)
    closed, opened = _validate_answers(survey, group, answers)
    with project.unit_of_work("Registrer svar") as s:
        _survey_row(s, survey_id)
        resp = ResponseRow(
            survey_id=survey_id,
            grp=group.value,
            import_id=None,
            entered_at=_now(),
            answers=answers_json(closed),
        )
        s.add(resp)
        s.flush()
        s.add_all(OpenAnswerRow(response_id=resp.id, item_id=i, text=t) for i, t in opened.items())
        return resp.id


def update_response(project: Project, response_id: int, answers: Mapping[str, Answer]) -> None:
    """Replace a respondent's answers (unchanged open answers keep their theme codes)."""
    with project.read() as s:
        resp = s.get(ResponseRow, response_id)
        if resp is None:
            raise ValidationError("Svaret finnes ikke lenger.")
        survey = _read_survey(s, resp.survey_id)
        group = RespondentGroup(resp.grp)
    closed, opened = _validate_answers(survey, group, answers)
    with project.unit_of_work("Endre svar") as s:
        row = s.get(ResponseRow, response_id)
        if row is None:
            raise ValidationError("Svaret finnes ikke lenger.")
        raw = answers_json(closed)
        if row.answers != raw:
            row.answers = raw
        existing = {
            a.item_id: a
            for a in s.scalars(
                select(OpenAnswerRow).where(OpenAnswerRow.response_id == response_id)
            )
        }
        for item_id, a in existing.items():
            if item_id not in opened:
                s.delete(a)
            elif a.text != opened[item_id]:
                a.text = opened[item_id]
        for item_id, text in opened.items():
            if item_id not in existing:
                s.add(OpenAnswerRow(response_id=response_id, item_id=item_id, text=text))


def delete_response(project: Project, response_id: int) -> None:
    with project.unit_of_work("Slett svar") as s:
        resp = s.get(ResponseRow, response_id)
        if resp is None:
            raise ValidationError("Svaret finnes ikke lenger.")
        s.delete(resp)


def _responses(s: Session, where: Any, survey: Survey) -> list[Response]:
    keys = {it.id: it.key for it in survey.items}
    resp_rows = s.execute(
        select(
            ResponseRow.id,
            ResponseRow.grp,
            ResponseRow.import_id,
            ResponseRow.source_row,
            ResponseRow.entered_at,
            ResponseRow.answers,
        )
        .where(where)
        .order_by(ResponseRow.id)
    ).all()
    answers: dict[int, dict[str, Answer]] = {r[0]: json.loads(r[5]) for r in resp_rows}
    q = (
        select(OpenAnswerRow.response_id, OpenAnswerRow.item_id, OpenAnswerRow.text)
        .join(ResponseRow, ResponseRow.id == OpenAnswerRow.response_id)
        .where(where)
    )
    for rid, item_id, text in s.execute(q):
        answers[rid][keys[item_id]] = text
    order = {it.key: n for n, it in enumerate(survey.items)}
    return [
        Response(
            id=r[0],
            group=RespondentGroup(r[1]),
            answers=dict(sorted(answers[r[0]].items(), key=lambda kv: order.get(kv[0], 0))),
            import_id=r[2],
            source_row=r[3],
            entered_at=datetime.fromisoformat(r[4]) if r[4] else None,
        )
        for r in resp_rows
    ]


def get_response(project: Project, response_id: int) -> Response:
    with project.read() as s:
        resp = s.get(ResponseRow, response_id)
        if resp is None:
            raise ValidationError("Svaret finnes ikke lenger.")
        survey = _read_survey(s, resp.survey_id)
        return _responses(s, ResponseRow.id == response_id, survey)[0]


def list_responses(
    project: Project, survey_id: int, group: RespondentGroup | None = None
) -> list[Response]:
    """The survey's respondents in the order they came in (optionally one group)."""
    with project.read() as s:
        survey = _read_survey(s, survey_id)
        where = ResponseRow.survey_id == survey_id
        if group is not None:
            where = where & (ResponseRow.grp == _check_group(group).value)
        return _responses(s, where, survey)


def response_counts(project: Project, survey_id: int) -> dict[RespondentGroup, int]:
    """Responses per group of the survey (0 for a group without any)."""
    with project.read() as s:
        survey = _read_survey(s, survey_id)
    return {g.group: g.responses for g in survey.groups}


# -- imports -------------------------------------------------------------------------------
def _record(row: SurveyImportRow) -> ImportRecord:
    return ImportRecord(
        id=row.id,
        group=RespondentGroup(row.grp),
        file_name=row.file_name,
        content_hash=row.content_hash,
        imported_at=datetime.fromisoformat(row.imported_at),
        respondents=row.respondents,
    )


def list_imports(project: Project, survey_id: int) -> list[ImportRecord]:
    with project.read() as s:
        rows = s.scalars(
            select(SurveyImportRow)
            .where(SurveyImportRow.survey_id == survey_id)
            .order_by(SurveyImportRow.id)
        ).all()
        return [_record(r) for r in rows]


def delete_import(project: Project, import_id: int) -> None:
    """Remove an imported file with all its responses (one undo step)."""
    with project.unit_of_work("Slett import") as s:
        row = s.get(SurveyImportRow, import_id)
        if row is None:
            raise ValidationError("Importen finnes ikke lenger.")
        s.delete(row)


def remembered_mapping(project: Project, signature: str) -> ColumnMapping | None:
    with project.read() as s:
        raw = s.scalar(
            select(ImportMappingRow.mapping).where(ImportMappingRow.signature == signature)
        )
    if raw is None:
        return None
    try:
        return ColumnMapping.from_json(raw)
    except ValidationError:
        return None  # an unusable old mapping is just not remembered


class _Prepared:
    def __init__(
        self,
        survey: Survey,
        group: RespondentGroup,
        table: Table,
        mapping: ColumnMapping,
        result: ImportResult,
        remembered: bool,
        duplicate: ImportRecord | None,
    ) -> None:
        self.survey = survey
        self.group = group
        self.table = table
        self.mapping = mapping
        self.result = result
        self.remembered = remembered
        self.duplicate = duplicate


def _prepare(
    project: Project,
    survey_id: int,
    group: RespondentGroup | str,
    path: Path | str,
    mapping: ColumnMapping | None,
) -> _Prepared:
    group = _check_group(group)
    survey = get_survey(project, survey_id)
    if survey.group(group) is None:
        raise ValidationError(
            f"{group.label} er ikke med i «{survey.name}».",
            "Legg gruppen til i undersøkelsen først, eller velg en annen gruppe.",
        )
    items = [it.to_item() for it in survey.items if it.asked_of(group)]
    table = read_table(Path(path))
    remembered = False
    if mapping is None:
        earlier = remembered_mapping(project, header_signature(table.headers))
        mapping = propose_mapping(table, items, group, survey.scale, earlier)
        remembered = earlier is not None
    elif mapping.group is not group:
        mapping = ColumnMapping(mapping.columns, mapping.signature, mapping.layout, group)
    result = parse_answers(table, mapping, items, survey.scale)
    with project.read() as s:
        dup = s.scalar(
            select(SurveyImportRow).where(
                SurveyImportRow.survey_id == survey_id,
                SurveyImportRow.content_hash == table.content_hash,
            )
        )
        duplicate = _record(dup) if dup is not None else None
    return _Prepared(survey, group, table, mapping, result, remembered, duplicate)


def preview_import(
    project: Project,
    survey_id: int,
    group: RespondentGroup | str,
    path: Path | str,
    mapping: ColumnMapping | None = None,
) -> ImportPreview:
    """What importing this file would do (mapping, counts, problems); writes nothing."""
    p = _prepare(project, survey_id, group, path, mapping)
    return ImportPreview(
        mapping=p.mapping,
        lines=tuple(describe(p.mapping)),
        source=p.table.source.describe(),
        rows=len(p.table.rows),
        respondents=len(p.result.respondents),
        problems=tuple(p.result.problems),
        duplicate_of=p.duplicate,
        remembered=p.remembered,
    )


def _refusal(file_name: str, result: ImportResult) -> ImportRefused:
    errors = result.errors
    first = str(errors[0]) if errors else "ingen svar å importere"
    more = len(errors) - 1
    extra = f" (og {more} feil til)" if more > 0 else ""
    return ImportRefused(
        f"«{file_name}» kan ikke importeres, så ingenting er lagret: {first}{extra}",
        "Rett filen eller koblingen mellom kolonner og spørsmål, og prøv igjen.",
        errors,
    )


def import_answers(
    project: Project,
    survey_id: int,
    group: RespondentGroup | str,
    path: Path | str,
    mapping: ColumnMapping | None = None,
    progress: ProgressFn | None = None,
) -> ImportSummary:
    """Import a CSV/XLSX export into a survey: all or nothing, one undo step.

    Refuses (ImportRefused) when any cell cannot be read, and (DuplicateImportError)
    a file whose answers were imported into this survey before. Backs the project up
    first, writes every response in one transaction with bulk inserts, and remembers
    the mapping for the next file with the same headers.
    """
    started = time.perf_counter()
    path = Path(path)
    p = _prepare(project, survey_id, group, path, mapping)
    if not p.result.ok:
        raise _refusal(path.name, p.result)
    if not p.result.respondents:
        raise ImportRefused(
            f"«{path.name}» har ingen svar å importere.",
            "Sjekk at du valgte riktig fil, og at kolonnene er koblet til spørsmål.",
            p.result.problems,
        )
    if p.duplicate is not None:
        raise DuplicateImportError(p.duplicate)
    backup = project.backup("import")
    total = len(p.result.respondents)
    if progress is not None:
        progress(0, total)
    ids = {it.key: it.id or 0 for it in p.survey.items}
    open_keys = {it.key for it in p.survey.items if it.kind is ItemKind.OPEN}
    label = f"Importer {total} svar fra «{_short(path.name, 40)}»"
    with project.unit_of_work(label) as s:
        # Inside the write transaction: the survey and its items are as read above,
        # unless they changed in between.
        if set(ids.items()) - {(r.key, r.id) for r in _items(s, survey_id)}:
            raise ValidationError(
                "Spørreskjemaet ble endret mens filen ble lest.", "Prøv importen på nytt."
            )
        dup = s.scalar(
            select(SurveyImportRow).where(
                SurveyImportRow.survey_id == survey_id,
                SurveyImportRow.content_hash == p.table.content_hash,
            )
        )
        if dup is not None:
            raise DuplicateImportError(_record(dup))
        imp = SurveyImportRow(
            survey_id=survey_id,
            grp=p.group.value,
            file_name=path.name,
            content_hash=p.table.content_hash,
            imported_at=_now(),
            respondents=total,
            mapping=p.mapping.to_json(),
        )
        s.add(imp)
        s.flush()
        conn = s.connection()
        first_id = int(s.scalar(select(func.max(ResponseRow.id))) or 0) + 1
        insert_response = (
            "INSERT INTO response (id, survey_id, grp, import_id, source_row, entered_at, "
            "answers) VALUES (?, ?, ?, ?, ?, NULL, ?)"
        )
        insert_open = "INSERT INTO open_answer (response_id, item_id, text) VALUES (?, ?, ?)"
        grp = p.group.value
        to_json = _answers_json_writer()
        for start in range(0, total, IMPORT_CHUNK):
            responses: list[tuple[int, int, str, int, int, str]] = []
            opened: list[tuple[int, int, str]] = []
            for n in range(start, min(total, start + IMPORT_CHUNK)):
                rid = first_id + n
                answers = p.result.respondents[n]
                closed: dict[str, Answer] = answers
                if not open_keys.isdisjoint(answers):  # most respondents leave them empty
                    closed = {}
                    for key, value in answers.items():
                        if key not in open_keys:
                            closed[key] = value
                        elif isinstance(value, str) and value:
                            opened.append((rid, ids[key], value))
                responses.append(
                    (rid, survey_id, grp, imp.id, p.result.row_numbers[n], to_json(closed))
                )
            conn.exec_driver_sql(insert_response, responses)  # type: ignore[arg-type,unused-ignore]
            if opened:
                conn.exec_driver_sql(insert_open, opened)  # type: ignore[arg-type,unused-ignore]
            if progress is not None:
                progress(min(total, start + IMPORT_CHUNK), total)
        _remember(s, p.mapping)
        import_id = imp.id
    return ImportSummary(
        import_id=import_id,
        survey_id=survey_id,
        group=p.group,
        file_name=path.name,
        respondents=total,
        lines=tuple(describe(p.mapping)),
        warnings=tuple(p.result.warnings),
        backup=backup,
        seconds=time.perf_counter() - started,
    )


def _remember(s: Session, mapping: ColumnMapping) -> None:
    raw = mapping.to_json()
    row = s.scalar(select(ImportMappingRow).where(ImportMappingRow.signature == mapping.signature))
    if row is None:
        s.add(ImportMappingRow(signature=mapping.signature, mapping=raw, updated_at=_now()))
    elif row.mapping != raw:
        row.mapping = raw
        row.updated_at = _now()


# -- open comments and themes ----------------------------------------------------------------
def list_comments(project: Project, survey_id: int) -> list[Comment]:
    """Every open answer of the survey with the themes it is coded into (text only)."""
    with project.read() as s:
        survey = _read_survey(s, survey_id)
        return _comments(s, survey)


def _comments(s: Session, survey: Survey) -> list[Comment]:
    open_items = {it.id: it for it in survey.items if it.kind is ItemKind.OPEN}
    if not open_items:
        return []
    codes: dict[int, list[int]] = {}
    for aid, tid in s.execute(
        select(CommentCodeRow.answer_id, CommentCodeRow.theme_id)
        .join(CommentThemeRow, CommentThemeRow.id == CommentCodeRow.theme_id)
        .where(CommentThemeRow.survey_id == survey.id)
        .order_by(CommentCodeRow.id)
    ):
        codes.setdefault(aid, []).append(tid)
    rows = s.execute(
        select(OpenAnswerRow.id, OpenAnswerRow.item_id, OpenAnswerRow.text, ResponseRow.grp)
        .join(ResponseRow, ResponseRow.id == OpenAnswerRow.response_id)
        .where(
            ResponseRow.survey_id == survey.id,
            OpenAnswerRow.item_id.in_(list(open_items)),
        )
        .order_by(OpenAnswerRow.item_id, OpenAnswerRow.id)
    ).all()
    order = {it.key: n for n, it in enumerate(survey.items)}
    out = [
        Comment(
            answer_id=aid,
            group=RespondentGroup(grp),
            item_key=open_items[iid].key,
            area=open_items[iid].area,
            text=text,
            theme_ids=tuple(codes.get(aid, ())),
        )
        for aid, iid, text, grp in rows
        if text and text.strip()
    ]
    out.sort(key=lambda c: (order[c.item_key], c.answer_id))
    return out


def _check_theme_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Temaet må ha et navn.", "For eksempel «Lang saksbehandlingstid».")
    if len(name) > THEME_MAX:
        raise ValidationError(f"Temanavnet er for langt (over {THEME_MAX} tegn).")
    return name


def list_themes(project: Project, survey_id: int) -> list[CommentTheme]:
    with project.read() as s:
        _survey_row(s, survey_id)
        counts = dict(
            s.execute(
                select(CommentCodeRow.theme_id, func.count(CommentCodeRow.id)).group_by(
                    CommentCodeRow.theme_id
                )
            ).all()
        )
        rows = s.scalars(
            select(CommentThemeRow)
            .where(CommentThemeRow.survey_id == survey_id)
            .order_by(CommentThemeRow.id)
        ).all()
        return [
            CommentTheme(
                r.id, r.survey_id, r.area, r.name, r.candidate_finding_id, counts.get(r.id, 0)
            )
            for r in rows
        ]


def create_theme(project: Project, survey_id: int, name: str, area: str | None = None) -> int:
    name = _check_theme_name(name)
    with project.unit_of_work("Nytt tema") as s:
        row = _survey_row(s, survey_id)
        if area is not None:
            try:
                _bank(row.bank_version).area(area)
            except KeyError:
                raise ValidationError(f"Ukjent område «{area}».") from None
        same_area = CommentThemeRow.area.is_(None) if area is None else CommentThemeRow.area == area
        for other in s.scalars(
            select(CommentThemeRow).where(CommentThemeRow.survey_id == survey_id, same_area)
        ):
            if fold(other.name) == fold(name):
                raise ValidationError(f"Temaet «{other.name}» finnes allerede.")
        theme = CommentThemeRow(survey_id=survey_id, area=area, name=name)
        s.add(theme)
        s.flush()
        return theme.id


def rename_theme(project: Project, theme_id: int, name: str) -> None:
    name = _check_theme_name(name)
    with project.unit_of_work("Endre tema") as s:
        row = s.get(CommentThemeRow, theme_id)
        if row is None:
            raise ValidationError("Temaet finnes ikke lenger.")
        row.name = name


def delete_theme(project: Project, theme_id: int) -> None:
    """Delete a theme; the comments stay, uncoded from it."""
    with project.unit_of_work("Slett tema") as s:
        row = s.get(CommentThemeRow, theme_id)
        if row is None:
            raise ValidationError("Temaet finnes ikke lenger.")
        s.delete(row)


def _theme_and_comment(s: Session, answer_id: int, theme_id: int) -> None:
    theme = s.get(CommentThemeRow, theme_id)
    if theme is None:
        raise ValidationError("Temaet finnes ikke lenger.")
    row = s.execute(
        select(SurveyItemRow.kind, ResponseRow.survey_id)
        .select_from(OpenAnswerRow)
        .join(SurveyItemRow, SurveyItemRow.id == OpenAnswerRow.item_id)
        .join(ResponseRow, ResponseRow.id == OpenAnswerRow.response_id)
        .where(OpenAnswerRow.id == answer_id)
    ).first()
    if row is None:
        raise ValidationError("Kommentaren finnes ikke lenger.")
    if row[0] != ItemKind.OPEN.value:
        raise ValidationError("Bare svar på åpne spørsmål kan kodes i temaer.")
    if row[1] != theme.survey_id:
        raise ValidationError("Temaet hører til en annen undersøkelse.")


def code_comment(project: Project, answer_id: int, theme_id: int) -> None:
    """Put a comment in a theme (nothing happens if it is there already)."""
    with project.unit_of_work("Kod kommentar") as s:
        _theme_and_comment(s, answer_id, theme_id)
        exists = s.scalar(
            select(CommentCodeRow.id).where(
                CommentCodeRow.answer_id == answer_id, CommentCodeRow.theme_id == theme_id
            )
        )
        if exists is None:
            s.add(CommentCodeRow(answer_id=answer_id, theme_id=theme_id))


def uncode_comment(project: Project, answer_id: int, theme_id: int) -> None:
    with project.unit_of_work("Fjern kommentar fra tema") as s:
        row = s.scalar(
            select(CommentCodeRow).where(
                CommentCodeRow.answer_id == answer_id, CommentCodeRow.theme_id == theme_id
            )
        )
        if row is not None:
            s.delete(row)


def link_theme(project: Project, theme_id: int, finding_id: int | None) -> None:
    """Link a theme to a candidate improvement point (a finding marked as candidate)."""
    with project.unit_of_work("Koble tema til forbedringspunkt") as s:
        theme = s.get(CommentThemeRow, theme_id)
        if theme is None:
            raise ValidationError("Temaet finnes ikke lenger.")
        if finding_id is not None:
            finding = s.get(FindingRow, finding_id)
            if finding is None:
                raise ValidationError("Forbedringspunktet finnes ikke lenger.")
            if not finding.is_candidate:
                raise ValidationError(
                    "Funnet er ikke merket som kandidat til forbedringspunkt.",
                    "Merk det som kandidat i notatet først.",
                )
        theme.candidate_finding_id = finding_id
