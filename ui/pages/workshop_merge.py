"""Group files on the Verksted page (issue 5, point 3): export a small file for one
working group's secretary, and merge it back with a report — what was added, updated
or unchanged, "allerede slått sammen" for a file merged before, and each conflicting
card with both texts and a choice between them.

The file dialogs are module functions so the tests can answer them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.workshop import CardConflict, MergeReport, Workshop
from nvk_desktop.services import group_files
from nvk_desktop.services import workshops as ws
from ui import dialogs
from ui.context import ProjectContext
from ui.runner import Progress
from ui.widgets import style
from ui.widgets.dates import format_int

CONTEXT = "WorkshopMerge"
NVK_FILTER = "NVK-prosjekt (*.nvk)"


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# -- answerable by tests --------------------------------------------------------------------------
def ask_save_path(parent: QWidget, title: str, start: Path) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start), _t(NVK_FILTER))
    return path


def ask_open_path(parent: QWidget, title: str, start: Path) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start), _t(NVK_FILTER))
    return path


def ask_group(parent: QWidget, names: list[str], current: int) -> int | None:
    name, ok = QInputDialog.getItem(
        parent,
        _t("Eksporter gruppefil"),
        _t("Hvilken arbeidsgruppe skal gruppefilen være for?"),
        names,
        current,
        False,
    )
    return names.index(name) if ok and name in names else None


def show_saved(parent: QWidget, path: Path, group: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information,
        _t("Gruppefilen er lagret"),
        _t("Gruppefilen for {group} er lagret som {name}.").format(group=group, name=path.name),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setInformativeText(
        _t(
            "Kopier den til en minnepinne og åpne den i NVK Desktop på gruppens PC. "
            "Etter verkstedet slår du den sammen med «Slå sammen gruppefil…».\n{folder}"
        ).format(folder=path.parent)
    )
    folder = box.addButton(_t("Vis i mappe"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(_t("Lukk"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def _folder(ctx: ProjectContext) -> Path:
    path = getattr(ctx.project, "path", None)
    return Path(path).parent if path else Path.home()


# -- export ------------------------------------------------------------------------------------------
def export_group_file(
    parent: QWidget, ctx: ProjectContext, workshop: Workshop, group_id: int | None = None
) -> None:
    assert workshop.id is not None
    groups = ws.list_groups(ctx.project, workshop.id)
    if not groups:
        QMessageBox.information(
            parent,
            _t("Eksporter gruppefil"),
            _t("Verkstedet har ingen arbeidsgrupper ennå. Legg dem til under «Oppsett» først."),
        )
        return
    current = next((i for i, g in enumerate(groups) if g.id == group_id), 0)
    index = ask_group(parent, [g.name for g in groups], current) if len(groups) > 1 else 0
    if index is None:
        return
    group = groups[index]
    start = _folder(ctx) / group_files.suggested_file_name(workshop.name, group.name)
    raw = ask_save_path(
        parent, _t("Eksporter gruppefil for {group}").format(group=group.name), start
    )
    if not raw:
        return
    target = Path(raw)
    if target.suffix.lower() != ".nvk":
        target = target.with_name(target.name + ".nvk")
    project, wid, gid = ctx.project, workshop.id, group.id
    ctx.runner.run(
        _t("Lager gruppefil for {group}").format(group=group.name),
        lambda _p: group_files.export_group_file(project, wid, gid, target),
        lambda path: show_saved(parent, Path(path), group.name),
    )


# -- merge ---------------------------------------------------------------------------------------------
def merge_group_file(parent: QWidget, ctx: ProjectContext, workshop: Workshop) -> None:
    assert workshop.id is not None
    raw = ask_open_path(parent, _t("Slå sammen gruppefil"), _folder(ctx))
    if not raw:
        return
    path = Path(raw)
    project, wid = ctx.project, workshop.id

    def work(progress: Progress) -> MergeReport:
        return group_files.merge_group_file(
            project, wid, path, lambda done, total: progress.update(done, total, "")
        )

    def done(report: MergeReport) -> None:
        ctx.perform(lambda: report)  # the worker made the change: one undo step
        MergeReportDialog(ctx, wid, report, parent).exec()

    ctx.runner.run(_t("Slår sammen «{name}»").format(name=path.name), work, done)


class MergeReportDialog(QDialog):
    """What the merge did, and a choice per conflicting card."""

    def __init__(
        self,
        ctx: ProjectContext,
        workshop_id: int,
        report: MergeReport,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report = report
        self.setWindowTitle(
            _t("Gruppefil slått sammen")
            if not report.already_merged
            else _t("Allerede slått sammen")
        )
        self.setModal(True)
        self.conflicts: list[CardConflict] = (
            group_files.list_conflicts(ctx.project, workshop_id)
            if not ctx.read_only
            else list(report.conflicts)
        )
        self.choices: dict[int, QButtonGroup] = {}

        layout = QVBoxLayout(self)
        head = style.heading(self._headline(), 1.15)
        head.setWordWrap(True)
        layout.addWidget(head)
        if report.already_merged:
            self.summary = style.hint(
                _t(
                    "«{name}» er allerede slått sammen med dette verkstedet. Ingenting er endret."
                ).format(name=report.file_name),
                self,
            )
        else:
            lines = [
                _t("Gruppe: {group}").format(group=report.group_name),
                _t("Nye innspill: {n}").format(n=format_int(report.added)),
                _t("Oppdaterte: {n}").format(n=format_int(report.updated)),
                _t("Uendrede: {n}").format(n=format_int(report.unchanged)),
                _t("Konflikter: {n}").format(n=format_int(len(report.conflicts))),
            ]
            if report.group_created:
                lines.append(_t("Gruppen var slettet her og er laget på nytt."))
            if report.backup is not None:
                lines.append(
                    _t("Sikkerhetskopi tatt før sammenslåingen: {name}").format(
                        name=Path(report.backup).name
                    )
                )
            self.summary = QLabel("\n".join(lines), self)
            self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)

        if self.conflicts:
            layout.addSpacing(6)
            layout.addWidget(style.heading(_t("Innspill endret begge steder"), 1.05))
            layout.addWidget(
                style.hint(
                    _t(
                        "Velg hvilken tekst som skal gjelde for hvert innspill. Den andre går ikke tapt "
                        "før du har valgt; du kan også vente og slå sammen igjen senere."
                    ),
                    self,
                )
            )
            inner = QWidget()
            grid = QGridLayout(inner)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
            grid.addWidget(style.heading(_t("Gjeldende (i prosjektet)"), 1.0), 0, 0)
            grid.addWidget(style.heading(_t("Innkommende (fra gruppefilen)"), 1.0), 0, 1)
            row = 1
            for c in self.conflicts:
                current = self._text_box(
                    c.current_text, ws.area_name(c.current_area), c.current_kind.label
                )
                incoming = self._text_box(
                    c.incoming_text, ws.area_name(c.incoming_area), c.incoming_kind.label
                )
                keep = QRadioButton(_t("Behold gjeldende"), inner)
                take = QRadioButton(_t("Bruk innkommende"), inner)
                keep.setChecked(True)
                group = QButtonGroup(self)
                group.addButton(keep, 0)
                group.addButton(take, 1)
                self.choices[c.id] = group
                grid.addWidget(current, row, 0)
                grid.addWidget(incoming, row, 1)
                grid.addWidget(keep, row + 1, 0)
                grid.addWidget(take, row + 1, 1)
                line = QFrame(inner)
                line.setFrameShape(QFrame.Shape.HLine)
                grid.addWidget(line, row + 2, 0, 1, 2)
                row += 3
            scroll = QScrollArea(self)
            scroll.setWidgetResizable(True)
            scroll.setWidget(inner)
            scroll.setMinimumHeight(min(420, 140 * len(self.conflicts) + 40))
            layout.addWidget(scroll, 1)

        buttons = QDialogButtonBox(self)
        if self.conflicts and not ctx.read_only:
            self.apply_button = buttons.addButton(
                _t("Bruk valgene"), QDialogButtonBox.ButtonRole.AcceptRole
            )
            buttons.addButton(_t("Avgjør senere"), QDialogButtonBox.ButtonRole.RejectRole)
        else:
            self.apply_button = buttons.addButton(_t("OK"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)

    def _headline(self) -> str:
        r = self.report
        if r.already_merged:
            return _t("Allerede slått sammen")
        return _t("«{name}» er slått sammen").format(name=r.file_name)

    def _text_box(self, text: str, area: str, kind: str) -> QLabel:
        label = QLabel(f"{text}\n\n{area} · {kind}")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setFrameShape(QFrame.Shape.StyledPanel)
        label.setContentsMargins(8, 6, 8, 6)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        return label

    def choose(self, conflict_id: int, take_incoming: bool) -> None:
        self.choices[conflict_id].button(1 if take_incoming else 0).setChecked(True)

    def accept(self) -> None:
        project = self.ctx.project
        for cid, group in self.choices.items():
            take = "incoming" if group.checkedId() == 1 else "current"
            if not dialogs.perform_ok(
                self.ctx,
                lambda cid=cid, take=take: group_files.resolve_conflict(project, cid, take),
            ):
                return
        super().accept()
