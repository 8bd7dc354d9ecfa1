"""The cost of one render of a streaming tail that is a long, still open code block.

    python -m tests.benchmarks.open_code_block [--lines 50,500,2000] [--renders 30]

A MessageBody (offscreen) streams "Intro." and a Python fence of N lines, then a few
characters, a line break every third render, and is rendered after each: the median time of a
render, and how much of it is highlighting the whole block (code_blocks.highlight) against the
rest (markdown parsing, the HTML, Qt's import and layout). While the block is open, only its new
lines are highlighted, once each (gui/markdown/open_code.py), so whole-block highlighting shows
0; a render that does not depend on the block's length shows about the same figure at every N.
Printed, never asserted: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import statistics
import time

from tests.benchmarks.probes import environment, qt_app

LINE = '    total = compute(value, "text {}", other)  # a comment\n'


def renders(lines: int, count: int) -> tuple[float, float]:
    """Median milliseconds of a render, and of the highlighting within it."""
    from gui.chat.message.body import MessageBody
    from gui.markdown import code_blocks

    highlight = code_blocks.highlight
    spent: list[float] = []

    def timed(*args: str) -> str:
        start = time.perf_counter()
        try:
            return highlight(*args)
        finally:
            spent.append(time.perf_counter() - start)

    body = MessageBody()
    body.resize(700, 100)
    body.start_stream("Intro.\n\n```python\n" + "".join(LINE.format(n) for n in range(lines)))
    totals: list[float] = []
    highlights: list[float] = []
    code_blocks.highlight = timed  # type: ignore[assignment]
    try:
        for index in range(count):
            body.append("x = 1 + 2" + ("\n" if index % 3 == 2 else ""))
            spent.clear()
            start = time.perf_counter()
            body.render_pending()
            totals.append(time.perf_counter() - start)
            highlights.append(sum(spent))
    finally:
        code_blocks.highlight = highlight  # type: ignore[assignment]
        body.deleteLater()
    return statistics.median(totals) * 1e3, statistics.median(highlights) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", default="50,500,2000", help="comma-separated block lengths")
    parser.add_argument("--renders", type=int, default=30, help="renders timed at each length")
    args = parser.parse_args()
    with environment(QT_QPA_PLATFORM="offscreen"):
        qt_app()
        renders(20, 3)  # lexers, fonts: one-off costs out of the figures
        print("lines  render (median)  of it whole-block highlighting")
        for lines in (int(n) for n in args.lines.split(",")):
            total, highlighting = renders(lines, args.renders)
            print(f"{lines:5d}  {total:10.2f} ms  {highlighting:12.2f} ms")


if __name__ == "__main__":
    main()
