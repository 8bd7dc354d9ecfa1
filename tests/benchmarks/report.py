"""Figures, their targets, and the one table `make bench` prints."""

from __future__ import annotations

import json
import os
import platform
import sys
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured figure. `target` is human text ("< 16 ms"); `met` is None when there is no
    target (a figure shown for comparison, like a peer's time)."""

    section: str
    name: str
    value: float | None
    unit: str
    target: str = ""
    met: bool | None = None
    note: str = ""

    def shown_value(self) -> str:
        if self.value is None:
            return "n/a"
        if self.unit in ("", "x") or abs(self.value) >= 100:
            text = f"{self.value:,.0f}" if abs(self.value) >= 100 else f"{self.value:.2f}"
        elif abs(self.value) >= 10:
            text = f"{self.value:.1f}"
        else:
            text = f"{self.value:.2f}"
        return f"{text} {self.unit}".strip() if self.unit != "x" else f"{text}x"

    def verdict(self) -> str:
        return {True: "met", False: "MISSED", None: ""}[self.met]


def write_figures(path: Path | None, figures: list[Figure]) -> None:
    """Print the part's figures, and write them as JSON for the runner when `path` is given."""
    print(format_table(figures), flush=True)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps([asdict(f) for f in figures], indent=1), encoding="utf-8")


def read_figures(path: Path) -> list[Figure]:
    return [Figure(**item) for item in json.loads(path.read_text(encoding="utf-8"))]


def format_table(figures: list[Figure]) -> str:
    """A Markdown table: it reads in a terminal and pastes into the README as it is."""
    rows = [("part", "figure", "value", "target", "")]
    rows += [
        (
            f.section,
            f.name + (f" ({f.note})" if f.note else ""),
            f.shown_value(),
            f.target,
            f.verdict(),
        )
        for f in figures
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = []
    for number, row in enumerate(rows):
        lines.append(
            "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
        )
        if number == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def machine() -> str:
    """One line naming the machine the figures come from."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    try:
        from PySide6 import __version__ as qt_version
    except ImportError:
        qt_version = "?"
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {sys.version.split()[0]}, PySide6 {qt_version}"
    )
