"""Keeping the focus out of the way of a widget that hides or goes away.

Hiding the focus widget passes focus to the next one, and a scroll area then scrolls to show
that one: the chat view would jump while the person reads. These unfocus first.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QWidget


def has_focus_within(widget: QWidget) -> bool:
    """Whether `widget` or one of its children has the focus. (Looked up child by child, not
    with focusWidget(): PySide6 6.12 mishandles None returned from Qt, see
    gui/chat/message/segment.py, _is_import_artifact.)"""
    return any(w.hasFocus() for w in [widget, *widget.findChildren(QWidget)])


def drop_focus(widget: QWidget) -> None:
    """Unfocus `widget` or its focused child before it goes away."""
    for candidate in [widget, *widget.findChildren(QWidget)]:
        if candidate.hasFocus():
            candidate.clearFocus()
            return


def offer(button: QAbstractButton, visible: bool, enabled: bool) -> None:
    """Show or hide, enable or disable `button`, unfocusing it first if it goes away."""
    if button.hasFocus() and not (visible and enabled):
        button.clearFocus()
    button.setVisible(visible)
    button.setEnabled(enabled)
