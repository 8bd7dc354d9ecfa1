"""A message's versions in its header: the switcher `‹ 2 / 3 ›`, and the "⋯" menu (Regenerate
with another model, Branch off into a new chat, Delete this version). Texts keep the
"MessageWidget" translation context."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from gui.chat.message.actions import tool_button
from gui.chat.message.model import (
    BRANCH_OFF,
    DELETE_VERSION,
    NEXT_VERSION,
    PREVIOUS_VERSION,
    REGENERATE_WITH,
)
from provider import CHAT_MODELS

translate = QCoreApplication.translate


class MessageTools(QWidget):
    """Emits `action(name, argument)`: one of the version actions of gui/chat/message/model.py,
    with the model's reference for REGENERATE_WITH."""

    action = Signal(str, object)

    def __init__(self, is_answer: bool, font: QFont, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._is_answer = is_answer
        self._busy = False
        self._index = self._count = 1
        # Models to offer first under "Regenerate with", the most recent first (the view's).
        self.recent_models: Callable[[], list[str]] = list
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if is_answer:
            previous_tip = translate(
                "MessageWidget", "Show the previous version of this answer (Alt+Left)"
            )
            next_tip = translate(
                "MessageWidget", "Show the next version of this answer (Alt+Right)"
            )
        else:
            previous_tip = translate(
                "MessageWidget", "Show the previous version of this question (Alt+Left)"
            )
            next_tip = translate(
                "MessageWidget", "Show the next version of this question (Alt+Right)"
            )
        self.previous_button = tool_button(
            "‹",
            translate("MessageWidget", "Previous version"),
            previous_tip,
            lambda: self.action.emit(PREVIOUS_VERSION, None),
            font,
        )
        self.position_label = QLabel(self)
        self.position_label.setObjectName("messageMeta")
        self.position_label.setFont(font)
        self.next_button = tool_button(
            "›",
            translate("MessageWidget", "Next version"),
            next_tip,
            lambda: self.action.emit(NEXT_VERSION, None),
            font,
        )
        self.menu_button = tool_button(
            "⋯",
            translate("MessageWidget", "More actions"),
            translate("MessageWidget", "Versions, branching off and more"),
            lambda: None,
            font,
        )
        self.menu = QMenu(self.menu_button)
        self.menu_button.setMenu(self.menu)
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu.aboutToShow.connect(self._fill_menu)
        for widget in (self.previous_button, self.position_label, self.next_button):
            layout.addWidget(widget)
        layout.addWidget(self.menu_button)
        self.set_versions(None)

    def set_versions(self, versions: tuple[int, int] | None) -> None:
        """Show `‹ index / count ›`, or nothing for a message with one version."""
        index, count = versions or (1, 1)
        self._index, self._count = index, count
        for widget in (self.previous_button, self.position_label, self.next_button):
            widget.setVisible(count > 1)
        self.position_label.setText(f"{index} / {count}")
        self.position_label.setAccessibleName(
            translate("MessageWidget", "Version {index} of {count}").format(
                index=index, count=count
            )
        )
        self._update()

    def set_busy(self, busy: bool) -> None:
        """While a reply streams, the path on screen must not change under it."""
        self._busy = busy
        self._update()

    def _update(self) -> None:
        self.previous_button.setEnabled(not self._busy and self._index > 1)
        self.next_button.setEnabled(not self._busy and self._index < self._count)

    def focus_chain(self) -> list[QWidget]:
        return [self.previous_button, self.next_button, self.menu_button]

    def _fill_menu(self) -> None:
        self.menu.clear()
        if self._is_answer:
            models = self.menu.addMenu(translate("MessageWidget", "Regenerate with"))
            models.setEnabled(not self._busy)
            recent = self.recent_models()
            for ref in recent:
                self._add_model(models, ref, ref)
            if recent:
                models.addSeparator()
            for model in CHAT_MODELS:
                if model.ref not in recent:
                    self._add_model(models, model.label, model.ref)
        branch = self.menu.addAction(translate("MessageWidget", "Branch off into a new chat"))
        branch.setToolTip(
            translate(
                "MessageWidget", "Copy the conversation up to here into a new chat, and open it"
            )
        )
        branch.setEnabled(not self._busy)
        branch.triggered.connect(lambda: self.action.emit(BRANCH_OFF, None))
        delete = self.menu.addAction(translate("MessageWidget", "Delete this version"))
        delete.setEnabled(self._count > 1 and not self._busy)
        delete.triggered.connect(lambda: self.action.emit(DELETE_VERSION, None))

    def _add_model(self, menu: QMenu, label: str, ref: str) -> None:
        chosen = menu.addAction(label)
        chosen.setToolTip(ref)
        chosen.triggered.connect(
            lambda _=False, model=ref: self.action.emit(REGENERATE_WITH, model)
        )
