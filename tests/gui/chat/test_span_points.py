"""The positions of a selection across messages (gui/chat/span.py, Qt-free)."""

from __future__ import annotations

from gui.chat.span import END, Point, cursors, ordered, pieces


def test_ordered_puts_the_span_in_reading_order() -> None:
    rows = {10: 0, 11: 1, 12: 2}.get
    down = ordered(Point(10, 5), Point(12, 3), rows)
    up = ordered(Point(12, 3), Point(10, 5), rows)
    assert down is not None and up is not None
    assert down[:4] == up[:4] == (0, 5, 2, 3)
    assert not down.backwards and up.backwards
    assert down.range_in(0) == (5, END) and down.range_in(1) == (0, END)
    assert down.range_in(2) == (0, 3) and down.range_in(3) is None
    assert ordered(Point(10, 5), Point(99, 0), rows) is None  # a message gone


def test_pieces_join_segments_with_the_break_one_document_has_there() -> None:
    # Segments of 5 and 4 characters: offsets 0-4, the break at 5, then 6-9.
    assert pieces([5, 4], 2, 8) == [(0, 2, 5), None, (1, 0, 2)]
    assert pieces([5, 4], 6, END) == [(1, 0, 4)]
    assert pieces([5, 4], 0, 5) == [(0, 0, 5)]  # up to the break, not over it
    assert pieces([5, 4], 5, 6) == [None]
    assert pieces([3], 1, END) == [(0, 1, 3)]


def test_cursors_anchor_where_the_drag_started() -> None:
    assert cursors([5, 4], 2, 8, backwards=False) == [(2, 5), (0, 2)]
    assert cursors([5, 4], 2, 8, backwards=True) == [(5, 2), (2, 0)]
    assert cursors([5, 4], 6, 6, backwards=False) == [None, None]
