"""New project: pick the municipality, name the project, choose where the file goes."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nvk_desktop.domain.kommuner import search_kommuner
from nvk_desktop.domain.models import Kommune
from nvk_desktop.errors import KnownError, ProjectFileError
from nvk_desktop.services import project as project_service
from nvk_desktop.services.project import Project
from ui import errors, settings
from ui.widgets.keys import SearchKeys

CONTEXT = "NewProjectDialog"
NAME_PREFIX = "Næringsvennlig"
KOMMUNE_ROLE = Qt.ItemDataRole.UserRole
# Characters that Windows does not allow in file names.
_BAD_FILE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def kommune_label(k: Kommune) -> str:
    return f"{k.nummer} {k.navn} ({k.fylkesnavn})"


def safe_file_name(name: str) -> str:
    """A file name from a project name: the same text, minus what file systems refuse."""
    cleaned = _BAD_FILE_CHARS.sub(" ", name)
    cleaned = re.sub(r"\s+", " ", cleaned).strip().strip(".")
    return cleaned or "Prosjekt"


class KommuneModel(QAbstractListModel):
    """The municipalities that match the search text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Kommune] = search_kommuner("")

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        k = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return kommune_label(k)
        if role == KOMMUNE_ROLE:
            return k
        return None

    def set_query(self, text: str) -> None:
        self.beginResetModel()
        self._items = search_kommuner(text)
        self.endResetModel()

    def kommuner(self) -> list[Kommune]:
        return list(self._items)

    def row_of(self, kommune: Kommune) -> int:
        try:
            return self._items.index(kommune)
        except ValueError:
            return -1


class NewProjectDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("Nytt prosjekt"))
        self.project: Project | None = None
        self._name_edited = False
        self._file_edited = False
        self._kommune: Kommune | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)

        intro = QLabel(_t("Velg kommunen prosjektet gjelder, og hvor prosjektfilen skal lagres."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        # -- municipality --------------------------------------------------------------
        kommune_label_widget = QLabel(_t("&Kommune"))
        kommune_label_widget.setStyleSheet("font-weight: 600;")
        layout.addWidget(kommune_label_widget)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_t("Søk på kommunenavn eller kommunenummer"))
        self.search.setClearButtonEnabled(True)
        kommune_label_widget.setBuddy(self.search)
        layout.addWidget(self.search)
        self.model = KommuneModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setStyleSheet("QListView::item { padding: 3px 4px; }")
        self.list.setMinimumHeight(200)
        self.list.setAccessibleName(_t("Kommuner"))
        layout.addWidget(self.list, 1)
        self.no_match = QLabel()
        self.no_match.setObjectName("muted")
        self.no_match.setVisible(False)
        layout.addWidget(self.no_match)

        # -- name and file -------------------------------------------------------------
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(200)
        self.name_edit.setPlaceholderText(_t("For eksempel «Næringsvennlig Askvoll»"))
        form.addRow(_t("Prosjekt&navn"), self.name_edit)
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText(_t("Filnavn"))
        form.addRow(_t("&Filnavn"), self.file_edit)
        folder_row = QHBoxLayout()
        folder_row.setSpacing(6)
        self.folder_edit = QLineEdit(str(settings.last_folder()))
        self.browse_button = QPushButton(_t("Bla gjennom…"))
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        folder_label = QLabel(_t("&Mappe"))
        folder_label.setBuddy(self.folder_edit)
        form.addRow(folder_label, folder_row)
        layout.addLayout(form)

        self.message = QLabel()
        self.message.setObjectName("validation")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().height() * 2)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.message)

        self.buttons = QDialogButtonBox()
        self.create_button = self.buttons.addButton(
            _t("Opprett prosjekt"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = self.buttons.addButton(_t("Avbryt"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        self.create_button.setDefault(True)
        layout.addWidget(self.buttons)

        self.search.textChanged.connect(self._on_search)
        SearchKeys(self.search, self.list)
        self.search.returnPressed.connect(self._on_search_return)
        self.list.selectionModel().currentChanged.connect(self._on_current)
        self.list.doubleClicked.connect(lambda _index: self.name_edit.setFocus())
        self.name_edit.textEdited.connect(self._on_name_edited)
        self.file_edit.textEdited.connect(self._on_file_edited)
        self.folder_edit.textChanged.connect(self._validate)
        self.browse_button.clicked.connect(self._browse)
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)

        self.resize(620, 640)
        self.search.setFocus()
        self._validate()

    # -- public --------------------------------------------------------------------------
    @classmethod
    def create(cls, parent: QWidget | None = None) -> Project | None:
        """Show the dialog; the new project, open, or None if the user cancelled."""
        dialog = cls(parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.project
            return None
        finally:
            dialog.deleteLater()

    @property
    def kommune(self) -> Kommune | None:
        return self._kommune

    def visible_kommuner(self) -> list[Kommune]:
        return self.model.kommuner()

    def select_kommune(self, nummer: str) -> None:
        for row, k in enumerate(self.model.kommuner()):
            if k.nummer == nummer:
                self.list.setCurrentIndex(self.model.index(row))
                return
        raise LookupError(nummer)

    def target_path(self) -> Path | None:
        folder = self.folder_edit.text().strip()
        name = self.file_edit.text().strip()
        if not folder or not name:
            return None
        if not name.lower().endswith(project_service.PROJECT_SUFFIX):
            name += project_service.PROJECT_SUFFIX
        return Path(folder).expanduser() / name

    # -- reacting ------------------------------------------------------------------------
    def _on_search(self, text: str) -> None:
        previous = self._kommune
        self.model.set_query(text)
        count = self.model.rowCount()
        if text.strip():
            row = 0 if count else -1  # the best match is chosen as you type
        else:
            row = self.model.row_of(previous) if previous is not None else -1
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
            self.list.scrollTo(self.model.index(row))
        else:
            self._set_kommune(None)
        self.no_match.setVisible(count == 0)
        self.no_match.setText(_t("Ingen kommune passer til «{text}».").format(text=text.strip()))

    def _on_search_return(self) -> None:
        if self._kommune is not None:
            self.name_edit.setFocus()
            self.name_edit.selectAll()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        kommune = current.data(KOMMUNE_ROLE) if current.isValid() else None
        self._set_kommune(kommune if isinstance(kommune, Kommune) else None)

    def _set_kommune(self, kommune: Kommune | None) -> None:
        self._kommune = kommune
        if kommune is not None and not self._name_edited:
            self.name_edit.setText(f"{NAME_PREFIX} {kommune.navn}")
            self._follow_name()
        self._validate()

    def _on_name_edited(self, _text: str) -> None:
        self._name_edited = True
        self._follow_name()
        self._validate()

    def _on_file_edited(self, _text: str) -> None:
        self._file_edited = True
        self._validate()

    def _follow_name(self) -> None:
        """The file name follows the project name until the user edits it."""
        if not self._file_edited:
            name = self.name_edit.text().strip()
            self.file_edit.setText(
                safe_file_name(name) + project_service.PROJECT_SUFFIX if name else ""
            )

    def _browse(self) -> None:
        start = (
            self.target_path()
            or Path(self.folder_edit.text() or settings.last_folder()) / "Prosjekt.nvk"
        )
        chosen, _ = QFileDialog.getSaveFileName(
            self, _t("Lagre prosjektet som"), str(start), _t("NVK-prosjekter (*.nvk)")
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != project_service.PROJECT_SUFFIX:
            path = path.with_name(path.name + project_service.PROJECT_SUFFIX)
        self.folder_edit.setText(str(path.parent))
        self.file_edit.setText(path.name)
        self._file_edited = True
        self._validate()

    # -- validation and creating --------------------------------------------------------
    def problem(self) -> tuple[str, str] | None:
        """What stops the project from being created: (state, message), or None.

        "hint" is something not filled in yet; "error" is something wrong.
        """
        if self._kommune is None:
            return "hint", _t("Velg en kommune i listen.")
        if not self.name_edit.text().strip():
            return "error", _t("Prosjektet må ha et navn.")
        file_name = self.file_edit.text().strip()
        if not file_name or file_name.lower() == project_service.PROJECT_SUFFIX:
            return "error", _t("Skriv inn et filnavn for prosjektfilen.")
        if _BAD_FILE_CHARS.search(file_name):
            return "error", _t('Filnavnet kan ikke inneholde tegnene < > : " / \\ | ? *')
        folder = self.folder_edit.text().strip()
        if not folder:
            return "error", _t("Velg en mappe for prosjektfilen.")
        if not Path(folder).expanduser().is_dir():
            return "error", _t("Mappen «{folder}» finnes ikke.").format(folder=folder)
        path = self.target_path()
        if path is not None and path.exists():
            return "error", _t(
                "Det finnes allerede en fil som heter «{name}» i denne mappen. Velg et annet filnavn."
            ).format(name=path.name)
        return None

    def _validate(self) -> None:
        problem = self.problem()
        if problem is None:
            path = self.target_path()
            self._show_message("hint", _t("Prosjektet lagres som {path}").format(path=path))
        else:
            self._show_message(*problem)
        self.create_button.setEnabled(problem is None)

    def _show_message(self, state: str, text: str) -> None:
        self.message.setProperty("state", state)
        self.message.setText(text)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def _create(self) -> None:
        self._validate()
        path = self.target_path()
        if self.problem() is not None or path is None or self._kommune is None:
            return
        try:
            project = project_service.create_project(path, self._kommune, self.name_edit.text())
        except ProjectFileError as e:
            errors.show_known_error(self, e)
            self._validate()
            return
        except KnownError as e:
            self._show_message("error", f"{e.message} {e.advice}".strip())
            return
        settings.put(settings.LAST_FOLDER, str(path.parent))
        self.project = project
        self.accept()
