"""Help → Keyboard shortcuts: every key the window answers to, in a table a screen reader reads.

The window's part is built from its QActions themselves (menu by menu), so the list cannot go
stale when a shortcut changes; keys that are not actions (Enter in the message box, F2 in the
list...) come from the widgets that handle them (`key_help()`), next to the code they describe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

# A single & marks the accelerator; && is a literal ampersand.
_ACCELERATOR = re.compile(r"&(&?)")


@dataclass(frozen=True)
class ShortcutGroup:
    """A heading ("File", "Message box") and its (what it does, keys) rows."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)


def plain_text(text: str) -> str:
    """A menu text as read aloud: no accelerator ampersand, no trailing ellipsis, no tab part."""
    text = text.split("\t", 1)[0]
    return _ACCELERATOR.sub(lambda match: match.group(1), text).rstrip("…").rstrip(".").strip()


def keys_text(action: QAction) -> str:
    """All the action's shortcuts as the platform writes them ("F1", "Ctrl+N")."""
    return ", ".join(
        sequence.toString(QKeySequence.SequenceFormat.NativeText)
        for sequence in action.shortcuts()
        if not sequence.isEmpty()
    )


def _action_rows(actions: Iterable[QAction], seen: set[QAction]) -> list[tuple[str, str]]:
    rows = []
    for action in actions:
        if action in seen or action.isSeparator():
            continue
        seen.add(action)
        keys = keys_text(action)
        if keys:
            rows.append((plain_text(action.text()), keys))
    return rows


def action_groups(window: QMainWindow) -> list[ShortcutGroup]:
    """The window's actions that have shortcuts, grouped by the menu they are in (menus in
    menu-bar order, submenus flattened into theirs); actions in no menu come last."""
    groups = []
    seen: set[QAction] = set()
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if not isinstance(menu, QMenu):
            continue
        rows = _action_rows(_menu_actions(menu), seen)
        if rows:
            groups.append(ShortcutGroup(plain_text(menu_action.text()), rows))
    rest = _action_rows(window.actions(), seen)
    if rest:
        groups.append(ShortcutGroup(QCoreApplication.translate("ShortcutsDialog", "Other"), rest))
    return groups


def _menu_actions(menu: QMenu) -> list[QAction]:
    actions = []
    for action in menu.actions():
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            actions.extend(_menu_actions(submenu))
        else:
            actions.append(action)
    return actions


class ShortcutsDialog(QDialog):
    """A read-only two-column tree: "Action" and "Shortcut", one branch per group.

    Non-modal (shown with show(), not open(), which would make it window-modal): one can read
    the list and try the keys in the window. Esc or Close closes it.
    """

    def __init__(self, groups: list[ShortcutGroup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAccessibleName(self.tr("Keyboard shortcuts"))

        self.table = QTreeWidget(self)
        self.table.setColumnCount(2)
        self.table.setHeaderLabels([self.tr("Action"), self.tr("Shortcut")])
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setToolTip(self.tr("Every keyboard shortcut of Replicate Chat"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setItemsExpandable(False)  # every group stays open: nothing hides
        self.table.setRootIsDecorated(False)
        for group in groups:
            heading = QTreeWidgetItem(self.table, [group.title])
            heading.setFirstColumnSpanned(True)
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            for description, keys in group.rows:
                row = QTreeWidgetItem(heading, [description, keys])
                row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                # Read as one sentence by a screen reader moving row by row.
                row.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{description}: {keys}")
        self.table.expandAll()
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        first = self.table.topLevelItem(0)
        if first is not None:
            self.table.setCurrentItem(first)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        escape = QKeySequence(Qt.Key.Key_Escape).toString(QKeySequence.SequenceFormat.NativeText)
        close.setToolTip(self.tr("Close this list (%s)") % escape)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        # Wide enough for the longest description and keys in any language (Russian runs a third
        # longer than English), within the screen; tall enough for most of the list.
        metrics = self.fontMetrics()
        margins = layout.contentsMargins()
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width = (
            self.table.sizeHintForColumn(0)
            + self.table.sizeHintForColumn(1)
            + 2 * self.table.frameWidth()
            + scroll_bar
            + margins.left()
            + margins.right()
            + metrics.averageCharWidth() * 4  # a gap between the two columns
        )
        width = max(width, metrics.averageCharWidth() * 60)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            width = min(width, screen.width() * 9 // 10)
        self.resize(width, metrics.lineSpacing() * 30)

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, action, shortcut) for every row shown, top to bottom."""
        found = []
        for index in range(self.table.topLevelItemCount()):
            heading = self.table.topLevelItem(index)
            for child in range(heading.childCount()):
                item = heading.child(child)
                found.append((heading.text(0), item.text(0), item.text(1)))
        return found
