"""`python -m tests.benchmarks` (`make bench`): every part in its own process, then one table.

Each part writes its figures to build/bench/<part>.json; the combined table goes to stdout and to
build/bench/results.md with the machine it ran on. A part that crashes is reported as such and
the others still run; speed never makes this fail, only a part that could not run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.report import Figure, format_table, machine, read_figures

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "build" / "bench"
PARTS = {
    "provider": ("tests.benchmarks.provider_throughput", "1 provider"),
    "view": ("tests.benchmarks.view_streaming", "2 view"),
    "startup": ("tests.benchmarks.startup_history", "3 start-up"),
    "session": ("tests.benchmarks.long_session", "4 long session"),
    "attachments": ("tests.benchmarks.attachments", "5 attachments"),
    "long": ("tests.benchmarks.long_conversation", "6 long chat"),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"comma-separated parts ({', '.join(PARTS)})"
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks that all runs")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where results go ({OUT})")
    return parser.parse_args(argv)


def run_part(name: str, out: Path, quick: bool) -> tuple[list[Figure], float]:
    """Run one part in its own process; its figures, or one figure saying why there are none."""
    module, section = PARTS[name]
    target = out / f"{name}.json"
    target.unlink(missing_ok=True)
    command = [sys.executable, "-m", module, "--out", str(target), *(["--quick"] if quick else [])]
    print(f"\n== {section}: {' '.join(command[1:])}", flush=True)
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, check=False)
    elapsed = time.monotonic() - started
    if result.returncode != 0 or not target.exists():
        failed = Figure(section, "part did not finish", None, "", note=f"exit {result.returncode}")
        return [failed], elapsed
    return read_figures(target), elapsed


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    names = [name.strip() for name in options.only.split(",") if name.strip()]
    unknown = [name for name in names if name not in PARTS]
    if unknown:
        print(f"unknown part(s): {', '.join(unknown)}; known: {', '.join(PARTS)}", file=sys.stderr)
        return 2
    options.out.mkdir(parents=True, exist_ok=True)
    figures: list[Figure] = []
    timings = []
    for name in names:
        part_figures, elapsed = run_part(name, options.out, options.quick)
        figures += part_figures
        timings.append(f"{name} {elapsed:.0f} s")
    table = format_table(figures)
    missed = [f for f in figures if f.met is False]
    summary = (
        f"Machine: {machine()}\n"
        f"Run: {time.strftime('%Y-%m-%d %H:%M')}, {'quick, ' if options.quick else ''}"
        f"{'; '.join(timings)}\n"
        f"Targets: {sum(f.met is True for f in figures)} met, {len(missed)} missed"
    )
    print(f"\n{summary}\n\n{table}", flush=True)
    (options.out / "results.md").write_text(f"{summary}\n\n{table}\n", encoding="utf-8")
    broken = [f for f in figures if f.name == "part did not finish"]
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
