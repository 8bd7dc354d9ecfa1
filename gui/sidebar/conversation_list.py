"""The sidebar's list of conversations: an item model over the store, one row a conversation
(or, in a search, a matching message), with its title and a muted line below: when it was
active, or a search snippet. gui/sidebar/delegate.py paints the rows.

A model with a painting delegate, not a widget per row, so a thousand conversations cost a
thousand small tuples.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QWidget,
)

from gui.store.conversations import ConversationStore
from gui.store.records import Conversation
from gui.store.schema import StoreError
from gui.store.search import SNIPPET_END, SNIPPET_START

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # int: the conversation's id
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 2  # str: the muted second line, as plain text
SEGMENTS_ROLE = Qt.ItemDataRole.UserRole + 3  # [(text, highlighted)]: the second line, marked
TITLE_SEGMENTS_ROLE = Qt.ItemDataRole.UserRole + 4  # [(text, highlighted)]: the title, marked

AnyIndex = QModelIndex | QPersistentModelIndex
_MARKED = re.compile(re.escape(SNIPPET_START) + r"([^\[\]]*?)" + re.escape(SNIPPET_END))


class RelativeTime(QObject):
    """How long ago a chat was active, worded for the list.

    A QObject for its tr(): pyside6-lupdate marks a plural ("%n min") only in self.tr(), not
    in QCoreApplication.translate(), and Russian needs three forms of each.
    """

    def format(self, timestamp: float, now: float, locale: QLocale) -> str:
        seconds = now - timestamp
        if seconds < 60:  # also a clock that moved backwards
            return self.tr("just now")
        if seconds < 3600:
            return self.tr("%n min", "", int(seconds // 60))
        then = dt.datetime.fromtimestamp(timestamp)
        today = dt.datetime.fromtimestamp(now).date()
        days = (today - then.date()).days
        if days == 0:
            return self.tr("%n h", "", int(seconds // 3600))
        if days == 1:
            return self.tr("Yesterday")
        date = QDate(then.year, then.month, then.day)
        if days < 7:
            return locale.dayName(date.dayOfWeek(), QLocale.FormatType.ShortFormat)
        if then.year == today.year:
            return locale.toString(date, "d MMM")
        return locale.toString(date, "d MMM yyyy")


_relative_time: RelativeTime | None = None  # one for every row painted, made when first needed


def relative_time(timestamp: float, now: float | None = None, locale: QLocale | None = None) -> str:
    """'just now', '5 min', '3 h', 'Yesterday', 'Mon', '12 Mar', '12 Mar 2023' (local time)."""
    global _relative_time
    if _relative_time is None:
        _relative_time = RelativeTime()
    return _relative_time.format(
        timestamp, time.time() if now is None else now, locale or QLocale()
    )


def _fold(text: str) -> str:
    """Case- and accent-insensitive form, as the store's search tokenizer compares words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def marked_segments(snippet: str, query: str) -> list[tuple[str, bool]]:
    """Split a search snippet into (text, is_match) pieces.

    The store marks matches as [word], and brackets in the text itself are not escaped; only a
    bracketed piece that starts with one of the query's words counts as a match, so "[1]" in a
    message stays as written.
    """
    terms = [_fold(t) for t in re.findall(r"\w+", query)]
    segments: list[tuple[str, bool]] = []
    last = 0
    for found in _MARKED.finditer(snippet):
        inner = found.group(1)
        folded = _fold(inner)
        if not inner or not any(folded.startswith(t) for t in terms):
            continue
        if found.start() > last:
            segments.append((snippet[last : found.start()], False))
        segments.append((inner, True))
        last = found.end()
    if last < len(snippet):
        segments.append((snippet[last:], False))
    return segments


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the list: a conversation, or one search hit in it."""

    conversation_id: int
    title: str
    updated_at: float | None = None  # list rows
    snippet: list[tuple[str, bool]] | None = None  # search hits in a message
    title_hit: list[tuple[str, bool]] | None = None  # search hits in the title
    message_id: int | None = None  # the message a hit is in (any version of it)


class ConversationListModel(QAbstractListModel):
    """Conversations newest first, or the hits of a search; titles are editable (rename)."""

    renamed = Signal(int, str)
    failed = Signal(str)  # a store error while renaming, worded for a person

    def __init__(self, store: ConversationStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._rows: list[Row] = []
        self._query = ""

    # -- loading ----------------------------------------------------------------------------

    @property
    def query(self) -> str:
        """The search shown, or "" for the plain list."""
        return self._query

    def load_conversations(self) -> None:
        """Read the conversations from the store. Raises StoreError (the list is then empty)."""
        try:
            conversations = self._store.list_conversations()
        except StoreError:
            self._reset([], "")
            raise
        self._reset([Row(c.id, c.title, updated_at=c.updated_at) for c in conversations], "")

    def load_search(self, query: str) -> None:
        """Show the hits of `query`. Raises StoreError (the list is then empty)."""
        try:
            hits = self._store.search(query)
        except StoreError:
            self._reset([], query)
            raise
        rows = []
        for hit in hits:
            if hit.message_id is None:
                rows.append(
                    Row(
                        hit.conversation_id,
                        hit.title,
                        title_hit=marked_segments(hit.snippet, query),
                    )
                )
            else:
                snippet = marked_segments(hit.snippet, query)
                rows.append(
                    Row(hit.conversation_id, hit.title, snippet=snippet, message_id=hit.message_id)
                )
        self._reset(rows, query)

    def _reset(self, rows: list[Row], query: str) -> None:
        self.beginResetModel()
        self._rows, self._query = rows, query
        self.endResetModel()

    def remove_conversation(self, conversation_id: int) -> None:
        """Drop its rows without a reset, so the scroll position and the other rows stay."""
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].conversation_id == conversation_id:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()

    def update_conversation(self, conversation: Conversation) -> None:
        """One conversation changed (a reply began or ended): its row alone is updated and moved
        to its place, newest first, and a new one inserted there; the other rows, the selection
        and the scroll position stay. A search's rows keep the search's order."""
        if self._query:
            for row, item in enumerate(self._rows):
                if item.conversation_id == conversation.id and item.title != conversation.title:
                    marks = None if item.title_hit is None else [(conversation.title, False)]
                    self._rows[row] = replace(item, title=conversation.title, title_hit=marks)
                    self.dataChanged.emit(self.index(row), self.index(row))
            return
        new = Row(conversation.id, conversation.title, updated_at=conversation.updated_at)
        old = self.row_of(conversation.id)
        others = self._rows if old is None else self._rows[:old] + self._rows[old + 1 :]
        key = (new.updated_at, new.conversation_id)
        target = sum(1 for r in others if (r.updated_at or 0.0, r.conversation_id) > key)
        if old is None:
            self.beginInsertRows(QModelIndex(), target, target)
            self._rows = [*others[:target], new, *others[target:]]
            self.endInsertRows()
            return
        if target != old:
            # Qt counts the destination in the rows before the move.
            destination = target if target < old else target + 1
            self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), destination)
            self._rows = [*others[:target], new, *others[target:]]
            self.endMoveRows()
        else:
            self._rows[old] = new
        self.dataChanged.emit(self.index(target), self.index(target))

    def refresh_times(self) -> None:
        """Repaint the relative times ("just now" ages into "2 min")."""
        if self._rows and not self._query:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [SUBTITLE_ROLE])

    # -- lookup -----------------------------------------------------------------------------

    def conversation_id(self, index: AnyIndex) -> int | None:
        return self._rows[index.row()].conversation_id if index.isValid() else None

    def message_id(self, index: AnyIndex) -> int | None:
        """The message a search hit is in (None for a conversation or a title hit)."""
        return self._rows[index.row()].message_id if index.isValid() else None

    def row_of(self, conversation_id: int | None) -> int | None:
        """The first row showing that conversation, or None."""
        for row, item in enumerate(self._rows):
            if item.conversation_id == conversation_id:
                return row
        return None

    def display_title(self, row: int) -> str:
        return self._rows[row].title or QCoreApplication.translate("ConversationList", "New chat")

    # -- Qt model interface -----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display_title(index.row())
        if role == Qt.ItemDataRole.EditRole:
            return item.title
        if role == ID_ROLE:
            return item.conversation_id
        if role == SUBTITLE_ROLE:
            return self._subtitle(item)
        if role == SEGMENTS_ROLE:
            return item.snippet
        if role == TITLE_SEGMENTS_ROLE:
            return item.title_hit
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{self.display_title(index.row())} — {self._subtitle(item)}"
        return None

    def _subtitle(self, item: Row) -> str:
        if item.snippet is not None:
            return "".join(text for text, _ in item.snippet)
        if item.title_hit is not None:
            return QCoreApplication.translate("ConversationList", "Title matches")
        return relative_time(item.updated_at) if item.updated_at is not None else ""

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Rename: whitespace collapsed; an empty name is refused (the old title stays)."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        title = " ".join(str(value or "").split())
        item = self._rows[index.row()]
        if not title:
            return False
        if title == item.title:
            return True
        try:
            self._store.rename_conversation(item.conversation_id, title)
        except StoreError as error:
            self.failed.emit(str(error))
            return False
        for row, other in enumerate(self._rows):
            if other.conversation_id == item.conversation_id:
                # A renamed title no longer shows the search's marks; the plain title is right.
                self._rows[row] = Row(
                    other.conversation_id,
                    title,
                    other.updated_at,
                    other.snippet,
                    None if other.title_hit is None else [(title, False)],
                )
                self.dataChanged.emit(self.index(row), self.index(row))
        self.renamed.emit(item.conversation_id, title)
        return True
