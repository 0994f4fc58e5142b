"""The welcome window: start a project, open one, or try the example."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QAction, QCloseEvent, QColor, QFont, QFontMetrics, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ui import app as app_module
from ui import settings
from ui.runner import Runner

CONTEXT = "WelcomeWindow"
PATH_ROLE = Qt.ItemDataRole.UserRole


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class RecentDelegate(QStyledItemDelegate):
    """Two lines per recent project: the name, and the folder it is in."""

    PADDING = 10

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:  # noqa: N802
        fm = QFontMetrics(option.font)
        return QSize(200, fm.height() * 2 + 4 + self.PADDING * 2)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

        rect = option.rect.adjusted(self.PADDING + 4, self.PADDING, -self.PADDING, -self.PADDING)
        name_font = QFont(option.font)
        name_font.setWeight(QFont.Weight.DemiBold)
        name_fm = QFontMetrics(name_font)
        detail_fm = QFontMetrics(option.font)
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        folder = str(Path(str(index.data(PATH_ROLE) or "")).parent)

        painter.save()
        painter.setFont(name_font)
        painter.setPen(QColor("#1d2b36"))
        name_rect = QRect(rect.left(), rect.top(), rect.width(), name_fm.height())
        painter.drawText(
            name_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            name_fm.elidedText(name, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.setFont(option.font)
        painter.setPen(QColor("#5b6873"))
        folder_rect = QRect(rect.left(), name_rect.bottom() + 4, rect.width(), detail_fm.height())
        painter.drawText(
            folder_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            detail_fm.elidedText(folder, Qt.TextElideMode.ElideMiddle, rect.width()),
        )
        painter.restore()


class WelcomeWindow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("NVK Desktop"))
        self.runner = Runner(self)

        root = QHBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)

        # -- left: what this is and what to do -------------------------------------
        left = QFrame()
        left.setObjectName("welcomeIntro")
        left.setStyleSheet(
            "QFrame#welcomeIntro { background: #ffffff; border-right: 1px solid #dde2e7; }"
        )
        left.setFixedWidth(400)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(40, 48, 40, 40)
        left_layout.setSpacing(0)

        title = QLabel(_t("NVK Desktop"))
        title.setStyleSheet("font-size: 26pt; font-weight: 600; color: #1d2b36;")
        left_layout.addWidget(title)
        left_layout.addSpacing(10)
        subtitle = QLabel(
            _t(
                "Næringsvennlig kommune: kartlegg kommunens service til næringslivet, "
                "prioriter forbedringer og følg opp tiltakene."
            )
        )
        subtitle.setWordWrap(True)
        subtitle.setStyleSheet("font-size: 11pt; color: #44525e;")
        left_layout.addWidget(subtitle)
        left_layout.addSpacing(36)

        self.new_button = self._button(_t("Nytt prosjekt…"), primary=True)
        self.open_button = self._button(_t("Åpne prosjekt…"))
        self.example_button = self._button(_t("Åpne eksempelprosjektet"))
        for button in (self.new_button, self.open_button, self.example_button):
            left_layout.addWidget(button)
            left_layout.addSpacing(10)
        example_note = QLabel(_t("Eksempelprosjektet har fiktive data og kan endres fritt."))
        example_note.setObjectName("muted")
        example_note.setWordWrap(True)
        left_layout.addWidget(example_note)
        left_layout.addStretch(1)

        # -- right: recent projects --------------------------------------------------
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(32, 48, 32, 32)
        right_layout.setSpacing(12)
        heading = QLabel(_t("Nylige prosjekter"))
        heading.setStyleSheet("font-size: 13pt; font-weight: 600; color: #1d2b36;")
        right_layout.addWidget(heading)

        self.recent_list = QListWidget()
        self.recent_list.setItemDelegate(RecentDelegate(self.recent_list))
        self.recent_list.setUniformItemSizes(True)
        self.recent_list.setAccessibleName(_t("Nylige prosjekter"))
        self.recent_list.setFrameShape(QFrame.Shape.NoFrame)
        self.recent_list.setSpacing(2)
        self.recent_list.setStyleSheet(
            "QListWidget { background: transparent; }"
            "QListWidget::item { border-radius: 4px; }"
            "QListWidget::item:selected { background: #dbe6f0; }"
            "QListWidget::item:hover:!selected { background: #e8edf2; }"
        )
        self.recent_list.activated.connect(self._open_recent)
        self.recent_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.recent_list.customContextMenuRequested.connect(self._recent_menu)

        self.empty_label = QLabel(_t("Ingen nylige prosjekter ennå."))
        self.empty_label.setObjectName("muted")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("font-size: 11pt;")

        self.recent_stack = QStackedWidget()
        self.recent_stack.addWidget(self.recent_list)
        self.recent_stack.addWidget(self.empty_label)
        right_layout.addWidget(self.recent_stack, 1)
        self.recent_hint = QLabel(_t("Dobbeltklikk eller trykk Enter for å åpne."))
        self.recent_hint.setObjectName("muted")
        right_layout.addWidget(self.recent_hint)

        root.addWidget(left)
        root.addWidget(right, 1)

        self.new_button.clicked.connect(lambda: app_module.new_project(self))
        self.open_button.clicked.connect(lambda: app_module.choose_and_open(self))
        self.example_button.clicked.connect(lambda: app_module.open_example(self))
        for text, key, slot in (
            (_t("Nytt prosjekt…"), "Ctrl+N", lambda: app_module.new_project(self)),
            (_t("Åpne prosjekt…"), "Ctrl+O", lambda: app_module.choose_and_open(self)),
            (_t("Avslutt"), "Ctrl+Q", self.close),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _checked=False, s=slot: s())
            self.addAction(action)

        self.refresh()
        geometry = settings.get(settings.WELCOME_GEOMETRY)
        if not geometry or not self.restoreGeometry(QByteArray(geometry)):
            self.resize(960, 600)

    def _button(self, text: str, *, primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setMinimumHeight(40)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        if primary:
            button.setStyleSheet(
                "QPushButton { background: #2f6690; color: white; border: 1px solid #245273; "
                "border-radius: 4px; font-weight: 600; padding: 0 16px; }"
                "QPushButton:hover { background: #285a80; }"
                "QPushButton:focus { border: 2px solid #163a56; }"
            )
        else:
            button.setStyleSheet(
                "QPushButton { background: #f3f5f7; border: 1px solid #c9d1d8; border-radius: 4px; "
                "padding: 0 16px; }"
                "QPushButton:hover { background: #e8ecf0; }"
                "QPushButton:focus { border: 2px solid #2f6690; }"
            )
        return button

    # -- recent projects ---------------------------------------------------------------
    def refresh(self) -> None:
        self.recent_list.clear()
        for path in settings.recent_projects():
            item = QListWidgetItem(path.stem)
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
            self.recent_list.addItem(item)
        has_recent = self.recent_list.count() > 0
        self.recent_stack.setCurrentWidget(self.recent_list if has_recent else self.empty_label)
        self.recent_hint.setVisible(has_recent)
        if has_recent:
            self.recent_list.setCurrentRow(0)

    def recent_paths(self) -> list[Path]:
        return [
            Path(self.recent_list.item(i).data(PATH_ROLE)) for i in range(self.recent_list.count())
        ]

    def _open_recent(self, index: QModelIndex) -> None:
        path = index.data(PATH_ROLE)
        if path:
            app_module.open_in_window(Path(path), self)

    def _recent_menu(self, pos: QPoint) -> None:
        item = self.recent_list.itemAt(pos)
        if item is None:
            return
        menu = QMenu(self)
        open_action = menu.addAction(_t("Åpne"))
        remove_action = menu.addAction(_t("Fjern fra listen"))
        chosen = menu.exec(self.recent_list.viewport().mapToGlobal(pos))
        path = Path(item.data(PATH_ROLE))
        if chosen is open_action:
            app_module.open_in_window(path, self)
        elif chosen is remove_action:
            settings.remove_recent(path)
            self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.runner.wait_idle()
        settings.put(settings.WELCOME_GEOMETRY, bytes(self.saveGeometry().data()))
        event.accept()
