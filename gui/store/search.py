"""Full-text search over the conversation store (FTS5 indexes made by schema version 2; a
message's thought, apart from its answer, is indexed with it since version 5).

Whatever a person types is turned into a query that cannot be an FTS5 syntax error: every
whitespace-separated chunk becomes a quoted prefix phrase, all of them ANDed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from typing import Final

# Matches are marked as [match] in snippets. Brackets in the text itself are not escaped: the
# snippet is a preview, and the markers stay readable when shown as plain text.
SNIPPET_START: Final = "["
SNIPPET_END: Final = "]"
SNIPPET_TOKENS = 12  # words of context around a match in a message snippet
HITS_PER_CONVERSATION = 3  # best message hits listed under one conversation


@dataclass(frozen=True)
class SearchHit:
    """A search match, in a conversation's title or in one of its messages, with a snippet."""

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


# The most recent conversations are searched first, this many; the rest only if hits are missing.
FIRST_CHUNK = 32
MAX_CHUNK = 500  # conversations per query after that (SQLite before 3.32 allows 999 parameters)


def search(conn: sqlite3.Connection, query: str, limit: int = 50) -> list[SearchHit]:
    """Live conversations matching `query` in their title or messages.

    Conversations come most recently active first; each appears once for a title match
    (message_id None), followed by up to HITS_PER_CONVERSATION of its best-ranked message hits
    (bm25). At most `limit` hits in all.

    A common word matches most messages: ranking all of them and joining each to its
    conversation took longer than a keystroke. Instead the recent conversations are searched
    first, a chunk at a time, and only the messages of the chunk are ranked; older chunks are
    searched only while hits are still missing. Snippets are made for the hits shown, in one
    query.
    """
    match = fts_query(query)
    if not match or limit <= 0:
        return []
    conversations = conn.execute(
        "SELECT id, title FROM conversations WHERE deleted_at IS NULL "
        "ORDER BY updated_at DESC, id DESC"
    ).fetchall()
    titles: dict[int, str] = dict(
        conn.execute(
            "SELECT c.id, highlight(conversations_fts, 0, ?, ?) "
            "FROM conversations_fts f JOIN conversations c ON c.id = f.rowid "
            "WHERE conversations_fts MATCH ? AND c.deleted_at IS NULL",
            (SNIPPET_START, SNIPPET_END, match),
        ).fetchall()
    )
    hits: list[SearchHit] = []
    start, size, sparse = 0, FIRST_CHUNK, False
    while start < len(conversations) and len(hits) < limit:
        chunk = conversations[start : start + size]
        start = start + len(chunk)
        best, found = _best_messages(conn, match, [c for c, _ in chunk], sparse=sparse)
        # Fewer matching messages than conversations: a rare word. Its few rows are cheaper to
        # join than the chunks' message ids are to list, so the rest goes in big chunks.
        sparse = sparse or found < len(chunk)
        size = MAX_CHUNK if sparse else min(size * 2, MAX_CHUNK)
        for conversation_id, title in chunk:
            if conversation_id in titles:
                hits.append(
                    SearchHit(conversation_id, title, _one_line(titles[conversation_id]), None)
                )
            for message_id in best.get(conversation_id, ()):
                hits.append(SearchHit(conversation_id, title, "", message_id))
            if len(hits) >= limit:
                break
    hits = hits[:limit]
    snippets = _snippets(conn, match, [h.message_id for h in hits if h.message_id is not None])
    return [
        hit if hit.message_id is None else replace(hit, snippet=snippets.get(hit.message_id, ""))
        for hit in hits
    ]


def _best_messages(
    conn: sqlite3.Connection, match: str, conversation_ids: list[int], *, sparse: bool
) -> tuple[dict[int, list[int]], int]:
    """Up to HITS_PER_CONVERSATION best-ranked matching messages of each given conversation,
    and how many of their messages match."""
    marks = ",".join("?" * len(conversation_ids))
    if sparse:
        # Every match is joined to its message, then kept if it is in one of the conversations.
        where = f"m.conversation_id IN ({marks}) AND m.deleted_at IS NULL"
    else:
        # The chunk's message ids filter FTS5's own scan ("+": not as an index constraint, which
        # would make FTS5 run the whole query once per id), so a common word's thousands of
        # other matches are neither joined nor ranked.
        where = (
            f"+f.rowid IN (SELECT id FROM messages WHERE conversation_id IN ({marks}) "
            "AND deleted_at IS NULL)"
        )
    found = conn.execute(
        "SELECT f.rowid, m.conversation_id, f.rank FROM messages_fts f "
        f"JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH ? AND {where}",
        (match, *conversation_ids),
    ).fetchall()
    found.sort(key=lambda row: row[2])  # bm25: lower is better
    best: dict[int, list[int]] = {}
    for message_id, conversation_id, _rank in found:
        ranked = best.setdefault(conversation_id, [])
        if len(ranked) < HITS_PER_CONVERSATION:
            ranked.append(message_id)
    return best, len(found)


def _snippets(conn: sqlite3.Connection, match: str, message_ids: list[int]) -> dict[int, str]:
    """The snippets of the chosen messages: computed only for the hits that are shown."""
    if not message_ids:
        return {}
    marks = ",".join("?" * len(message_ids))
    rows = conn.execute(
        f"SELECT rowid, snippet(messages_fts, -1, ?, ?, '…', {SNIPPET_TOKENS}) FROM messages_fts "
        f"WHERE messages_fts MATCH ? AND +rowid IN ({marks})",
        (SNIPPET_START, SNIPPET_END, match, *message_ids),
    ).fetchall()
    return {message_id: _one_line(text) for message_id, text in rows}


def _one_line(text: str) -> str:
    return " ".join(text.split())
