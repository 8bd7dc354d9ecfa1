"""Accessibility checks shared by the GUI tests: what a screen reader and a translator see.

- `interactive_without_name(root)`: controls whose accessible name, as Qt's accessibility layer
  reports it to a screen reader, is empty.
- `interactive_without_tooltip(root)`: the same controls without a tooltip.
- `visible_texts(root)`: every string a person can see or hear in `root` (used with the Russian
  translation loaded to find strings that stayed English).
"""

from __future__ import annotations

import re

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAction, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QScrollBar,
    QSpinBox,
    QTabBar,
    QTextEdit,
    QToolBar,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractSlider,
    QAbstractItemView,
    QTabBar,
)


def _is_qt_internal(widget: QWidget) -> bool:
    """A part Qt builds inside another control, which speaks for it.

    A screen reader presents these through their owner (the combo box, the spin box, the scroll
    area, the tab bar); they cannot be named from our code without reaching into Qt's insides,
    and a test demanding it would only teach people to do that.
    """
    parent = widget.parentWidget()
    ancestors = []
    while parent is not None:
        ancestors.append(parent)
        parent = parent.parentWidget()
    owner = ancestors[0] if ancestors else None
    # An editable combo's line edit and its popup's list: the combo is the control.
    if any(isinstance(a, QComboBox) for a in ancestors) and isinstance(
        widget, (QLineEdit, QAbstractItemView, QAbstractSlider)
    ):
        return True
    # A spin box's line edit: the spin box is the control (its name is the field's).
    if isinstance(widget, QLineEdit) and isinstance(owner, QAbstractSpinBox):
        return True
    # Scroll bars of a scroll area (text edits, item views, the chat's scroll area): the mouse's
    # business; the keyboard scrolls the area itself, and Qt exposes them as "scroll bar".
    if isinstance(widget, QScrollBar) and any(
        isinstance(a, QAbstractScrollArea) for a in ancestors
    ):
        return True
    # A tab bar's scroll arrows and close buttons.
    if isinstance(widget, QAbstractButton) and isinstance(owner, QTabBar):
        return True
    # A line edit's built-in side buttons (the clear button of setClearButtonEnabled).
    if isinstance(widget, QAbstractButton) and isinstance(owner, QLineEdit):
        return True
    # An item view's header: a screen reader reads its labels as the view's column headers.
    if isinstance(widget, QHeaderView) and isinstance(owner, QAbstractItemView):
        return True
    # The ">>" button a toolbar shows when its actions do not fit: Qt's, and only on overflow.
    return isinstance(owner, QToolBar) and widget.objectName() == "qt_toolbar_ext_button"


def interactive_widgets(root: QWidget) -> list[QWidget]:
    """Controls a person can reach in `root` (itself included), shown, not Qt's internal parts."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if widget is root and not root.isVisible():
            continue
        interactive = isinstance(widget, INTERACTIVE) or (
            isinstance(widget, QGroupBox) and widget.isCheckable()
        )
        if interactive and not _is_qt_internal(widget):
            found.append(widget)
    return found


def accessible_name(widget: QWidget) -> str:
    """The name Qt's accessibility layer gives a screen reader for `widget`."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return ""
    return interface.text(QAccessible.Text.Name).strip()


def describe(widget: QWidget) -> str:
    """Enough to find a widget from a failure message: class, objectName, text, parents."""
    text = ""
    for getter in ("text", "placeholderText", "currentText", "title"):
        method = getattr(widget, getter, None)
        if callable(method):
            try:
                value = method()
            except TypeError:
                continue
            if isinstance(value, str) and value:
                text = value
                break
    path = []
    parent = widget.parentWidget()
    while parent is not None and len(path) < 3:
        path.append(parent.objectName() or type(parent).__name__)
        parent = parent.parentWidget()
    return (
        f"{type(widget).__name__} objectName={widget.objectName()!r} text={text[:40]!r}"
        f" in {' < '.join(path)}"
    )


def interactive_without_name(root: QWidget) -> list[str]:
    """Descriptions of the controls in `root` a screen reader would announce without a name."""
    return [describe(w) for w in interactive_widgets(root) if not accessible_name(w)]


def _is_text_to_read(widget: QWidget) -> bool:
    """Read-only text (a message's body) that tells assistive technology how to use it.

    It takes the focus for its links and for keyboard selection, but it is something to read,
    not a control: a tooltip would cover the very text being read, so its accessible
    description does a tooltip's job instead.
    """
    return (
        isinstance(widget, (QTextEdit, QPlainTextEdit))
        and widget.isReadOnly()
        and bool(widget.accessibleDescription().strip())
    )


def interactive_without_tooltip(root: QWidget) -> list[str]:
    """Descriptions of the controls in `root` that have no tooltip (text to read excepted)."""
    return [
        describe(w)
        for w in interactive_widgets(root)
        if not w.toolTip().strip() and not _is_text_to_read(w)
    ]


# -- visible texts ----------------------------------------------------------------------------

_ACCELERATOR = re.compile(r"&(&?)")


def _without_accelerator(text: str) -> str:
    """ "&File" as shown: "File" ("&&" is one "&")."""
    return _ACCELERATOR.sub(lambda match: match.group(1), text)


def _plain(text: str, rich: bool | None = None) -> str:
    """Rich text as plain text (`rich` None: guess as Qt does for labels and tooltips)."""
    if rich is None:
        rich = QtGui.Qt.mightBeRichText(text)  # Qt puts this one in QtGui's namespace
    if rich:
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    return text


def _menu_texts(actions: list[QAction], seen: set[int]) -> list[str]:
    texts = []
    for action in actions:
        if id(action) in seen or action.isSeparator() or not action.isVisible():
            continue
        seen.add(id(action))
        text = action.text().split("\t", 1)[0]
        texts.append(_without_accelerator(text))
        texts.append(_plain(action.toolTip()))
        if action.statusTip():
            texts.append(action.statusTip())
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            texts.extend(_menu_texts(submenu.actions(), seen))
    return texts


def _widget_texts(widget: QWidget) -> list[str]:
    texts = [_plain(widget.toolTip()), widget.accessibleName(), widget.accessibleDescription()]
    if widget.isWindow():
        texts.append(widget.windowTitle())
    if isinstance(widget, QLabel):
        text = widget.text()
        text_format = widget.textFormat()
        if text_format in (Qt.TextFormat.RichText, Qt.TextFormat.AutoText):
            text = _plain(text, rich=True if text_format == Qt.TextFormat.RichText else None)
        if widget.buddy() is not None:
            text = _without_accelerator(text)
        texts.append(text)
    if isinstance(widget, QAbstractButton):
        texts.append(_without_accelerator(widget.text()))
    if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
        texts.append(widget.placeholderText())
    if isinstance(widget, QComboBox):
        texts.extend(widget.itemText(i) for i in range(widget.count()))
        if widget.isEditable():
            texts.append(widget.placeholderText())
    if isinstance(widget, QGroupBox):
        texts.append(_without_accelerator(widget.title()))
    if isinstance(widget, QTabBar):
        for index in range(widget.count()):
            texts.append(_without_accelerator(widget.tabText(index)))
            texts.append(_plain(widget.tabToolTip(index)))
    if isinstance(widget, QAbstractSpinBox):
        texts.append(widget.specialValueText())
        if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            texts.extend([widget.prefix(), widget.suffix()])
    if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
        texts.extend(_header_texts(widget))
    return texts


def _header_texts(view: QAbstractItemView) -> list[str]:
    """The column (and row) headers a view shows."""
    model = view.model()
    if model is None:
        return []
    texts = []
    for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
        header = _header(view, orientation)
        if header is None or header.isHidden():
            continue  # a list view has none; a tree's or table's may be hidden
        count = header.count()
        for section in range(count):
            value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                texts.append(value)
    return texts


def _header(view: QAbstractItemView, orientation: Qt.Orientation) -> QHeaderView | None:
    for header in view.findChildren(QHeaderView):
        if header.parentWidget() is view and header.orientation() == orientation:
            return header
    return None


def visible_texts(root: QWidget) -> list[str]:
    """Every string a person sees or hears in `root` and its shown children: labels (rich text
    as plain text), button texts, tooltips, accessible names and descriptions, window titles,
    placeholders, combo items, group box titles, tab texts, spin box prefixes and suffixes,
    view headers, and the texts, tooltips and status tips of the menus' actions (the menu bar
    and any menu built so far, shown or not). Empty strings are left out; order is stable."""
    texts: list[str] = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is root or widget.isVisibleTo(root):
            texts.extend(_widget_texts(widget))
    seen: set[int] = set()
    if isinstance(root, QMainWindow):
        texts.extend(_menu_texts(root.menuBar().actions(), seen))
    for menu in root.findChildren(QMenu):
        texts.extend(_menu_texts(menu.actions(), seen))
    result: list[str] = []
    for text in texts:
        text = text.strip()
        if text and text not in result:
            result.append(text)
    return result
