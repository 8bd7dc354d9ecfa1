"""Row heights and positions without widgets (gui/chat/rows.py): the arithmetic the windowed
chat view stands on, against a plain recount after every change."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gui.chat.rows import RowHeights, TextShape, estimate_height

GAP = 14
MARKER = 40


def recount(heights: list[int], marked: int | None) -> list[int]:
    """Where each block starts, and where the last ends, counted from scratch."""
    tops, y = [], 0
    for index, height in enumerate(heights):
        tops.append(y)
        y += height + GAP + (MARKER if index == marked else 0)
    return [*tops, y]


HEIGHT = st.integers(1, 900)
ONE = st.lists(HEIGHT, min_size=1, max_size=1)
change = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 50), st.lists(HEIGHT, max_size=8)),
    st.tuples(st.just("truncate"), st.integers(0, 50), st.just([])),
    st.tuples(st.just("measure"), st.integers(0, 50), ONE),
    st.tuples(st.just("estimate"), st.integers(0, 50), ONE),
    st.tuples(st.just("mark"), st.integers(-1, 50), st.just([])),
    st.tuples(st.just("width"), st.just(0), st.just([])),
)
# Each change, and whether the positions are read after it (changes pile up between reads).
changes = st.lists(st.tuples(change, st.booleans()), max_size=40)


@settings(max_examples=300, deadline=None)
@given(changes)
def test_positions_are_always_the_sums_of_the_heights_above(steps: list) -> None:
    rows = RowHeights(GAP)
    heights: list[int] = []
    marked: int | None = None
    measured: set[int] = set()
    for (kind, index, values), look in steps:
        index = min(index, len(heights))
        if kind == "insert":
            rows.insert(index, values)
            heights[index:index] = values
            measured = {row + len(values) if row >= index else row for row in measured}
            if marked is not None and marked >= index:
                marked += len(values)
        elif kind == "truncate":
            rows.truncate(index)
            del heights[index:]
            measured = {row for row in measured if row < index}
            if marked is not None and marked > index:
                marked = None
        elif kind == "measure" and index < len(heights):
            rows.measure(index, values[0])
            heights[index] = values[0]
            measured.add(index)
        elif kind == "estimate" and index < len(heights):
            rows.estimate(index, values[0])
            if index not in measured:
                heights[index] = values[0]
        elif kind == "mark":
            marked = None if index < 0 else index
            rows.mark(marked, MARKER if marked is not None else 0)
        elif kind == "width":
            rows.width_changed()  # measured rows become estimates; nothing moves yet
            measured.clear()
        if not look:
            continue
        expected = recount(heights, marked)
        assert [rows.top(i) for i in range(len(heights) + 1)] == expected
        for i in range(len(heights)):
            assert rows.height(i) == heights[i]
            # Any y inside a block finds that block's row.
            assert rows.row_at(expected[i]) == i
            assert rows.row_at(expected[i + 1] - 1) == i
            assert rows.span(0, i) == (expected[i] - GAP if i else 0)
        if heights:  # above the first row and below the last, the nearest row
            assert (rows.row_at(-1), rows.row_at(expected[-1] + 5)) == (0, len(heights) - 1)


def test_a_measured_row_keeps_its_height_until_the_width_changes() -> None:
    rows = RowHeights(GAP)
    rows.insert(0, [100, 100])
    rows.measure(0, 240)
    rows.estimate(0, 90)  # an estimate does not replace a measure...
    rows.estimate(1, 90)  # ...but does replace an estimate
    assert (rows.height(0), rows.height(1)) == (240, 90)
    rows.width_changed()
    rows.estimate(0, 120)
    assert rows.height(0) == 120 and not rows.is_measured(0)


def test_the_marker_below_them_all_counts_in_the_total() -> None:
    rows = RowHeights(GAP)
    rows.insert(0, [50, 60])
    assert rows.total() == 50 + GAP + 60
    rows.mark(2, MARKER)
    assert rows.total() == 50 + GAP + 60 + MARKER


def test_the_estimate_grows_with_the_text_and_shrinks_with_the_width() -> None:
    short = TextShape.of("A question?", is_user=True)
    long = TextShape.of("word " * 400, is_user=False)
    narrow = estimate_height(long, 400, 7.0, 20)
    wide = estimate_height(long, 900, 7.0, 20)
    assert estimate_height(short, 900, 7.0, 20) < wide < narrow
    lines = TextShape.of("a\n" * 30, is_user=False)
    assert lines.lines == 31
    assert estimate_height(lines, 900, 7.0, 20) >= 31 * 20
