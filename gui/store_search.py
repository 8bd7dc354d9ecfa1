"""Full-text search over the conversation store (FTS5 indexes made by schema version 2).

Whatever a person types is turned into a query that cannot be an FTS5 syntax error: every
whitespace-separated chunk becomes a quoted prefix phrase, all of them ANDed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Final

# Matches are marked as [match] in snippets. Brackets in the text itself are not escaped: the
# snippet is a preview, and the markers stay readable when shown as plain text.
SNIPPET_START: Final = "["
SNIPPET_END: Final = "]"
SNIPPET_TOKENS = 12  # words of context around a match in a message snippet
HITS_PER_CONVERSATION = 3  # best message hits listed under one conversation


@dataclass(frozen=True)
class SearchHit:
    conversation_id: int
    title: str
    snippet: str  # matches marked SNIPPET_START … SNIPPET_END, whitespace collapsed to spaces
    message_id: int | None  # None: the title matched


def fts_query(text: str) -> str:
    """`text` as an FTS5 query: "chunk"* AND "chunk"* …; empty when there is nothing to find."""
    # NUL ends strings inside SQLite, and lone surrogates cannot be encoded for it.
    text = text.replace("\x00", " ").encode("utf-8", "replace").decode("utf-8")
    phrases = [
        # Inside quotes FTS5 operators are plain text; a quote is escaped by doubling it.
        '"' + chunk.replace('"', '""') + '"*'
        for chunk in text.split()
        # A chunk of punctuation alone has no tokens and would make the whole AND match nothing.
        if any(ch.isalnum() for ch in chunk)
    ]
    return " AND ".join(phrases)


def search(conn: sqlite3.Connection, query: str, limit: int = 50) -> list[SearchHit]:
    """Live conversations matching `query` in their title or messages.

    Conversations come most recently active first; each appears once for a title match
    (message_id None), followed by up to HITS_PER_CONVERSATION of its best-ranked message hits
    (bm25). At most `limit` hits in all.
    """
    match = fts_query(query)
    if not match or limit <= 0:
        return []
    # conversation id -> (updated_at, title); the sort key and the title shown with each hit.
    found: dict[int, tuple[float, str]] = {}
    titles: dict[int, str] = {}
    for conversation_id, updated_at, title, marked in conn.execute(
        "SELECT c.id, c.updated_at, c.title, highlight(conversations_fts, 0, ?, ?) "
        "FROM conversations_fts f JOIN conversations c ON c.id = f.rowid "
        "WHERE conversations_fts MATCH ? AND c.deleted_at IS NULL",
        (SNIPPET_START, SNIPPET_END, match),
    ):
        found[conversation_id] = (updated_at, title)
        titles[conversation_id] = marked
    best: dict[int, list[int]] = {}
    for conversation_id, message_id, updated_at, title in conn.execute(
        "SELECT m.conversation_id, m.id, c.updated_at, c.title FROM messages_fts f "
        "JOIN messages m ON m.id = f.rowid JOIN conversations c ON c.id = m.conversation_id "
        "WHERE messages_fts MATCH ? AND c.deleted_at IS NULL ORDER BY f.rank",
        (match,),
    ):
        found[conversation_id] = (updated_at, title)
        ranked = best.setdefault(conversation_id, [])
        if len(ranked) < HITS_PER_CONVERSATION:
            ranked.append(message_id)

    hits: list[SearchHit] = []
    for conversation_id in sorted(found, key=lambda c: (found[c][0], c), reverse=True):
        title = found[conversation_id][1]
        if conversation_id in titles:
            hits.append(SearchHit(conversation_id, title, _one_line(titles[conversation_id]), None))
        for message_id in best.get(conversation_id, ()):
            hits.append(
                SearchHit(conversation_id, title, _snippet(conn, match, message_id), message_id)
            )
        if len(hits) >= limit:
            break
    return hits[:limit]


def _snippet(conn: sqlite3.Connection, match: str, message_id: int) -> str:
    """The snippet of one chosen message: computed only for hits that are shown."""
    row = conn.execute(
        f"SELECT snippet(messages_fts, 0, ?, ?, '…', {SNIPPET_TOKENS}) FROM messages_fts "
        "WHERE messages_fts MATCH ? AND rowid = ?",
        (SNIPPET_START, SNIPPET_END, match, message_id),
    ).fetchone()
    return _one_line(row[0] if row else "")


def _one_line(text: str) -> str:
    return " ".join(text.split())
