"""Part 1, provider throughput: a 100,000-event reply over loopback, read by four consumers.

`python -m tests.benchmarks.provider_throughput [--out FILE.json] [--quick]`

The stand-in runs in a process of its own (tests/benchmarks/throughput_server.py) and streams a
pre-rendered reply as fast as it can. Each consumer (tests/benchmarks/consumers/) is its own
process and times itself around "create the prediction and read the whole stream":

- limit: a minimal hand-written aiohttp reader (the practical limit);
- replicate: Replicate's official client 1.0.7, `async_stream`, in its own venv;
- g4f: g4f 8.7.1's `Provider.needs_auth.Replicate`, redirected to the stand-in, in its own venv;
- ours: `provider.Replicate.create_async_generator`.

Every consumer runs several times in rotating order against the same stand-in process (a fresh
prediction each run); the table shows medians. Exactness compares the reassembled text's SHA-256
with `expected_text()` of the scenario. `--quick` streams 2,000 events to limit and ours once.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from provider.standin import STANDIN_TOKEN
from tests.benchmarks import peers
from tests.benchmarks.probes import isolated_home
from tests.benchmarks.report import Figure, write_figures
from tests.benchmarks.throughput_server import expected

ROOT = Path(__file__).resolve().parents[2]
SECTION = "1 provider"
CONSUMER_TIMEOUT = 600.0

# Consumer name -> (module under tests.benchmarks.consumers, peer venv or None for the project's).
CONSUMERS: dict[str, tuple[str, str | None]] = {
    "limit": ("limit", None),
    "replicate": ("replicate_client", "replicate"),
    "g4f": ("g4f_provider", "g4f"),
    "ours": ("ours", None),
}
LABELS = {
    "limit": "limit (aiohttp reader)",
    "replicate": "replicate 1.0.7",
    "g4f": "g4f 8.7.1",
    "ours": "ours",
}


@dataclass
class Results:
    """What one consumer measured over its runs, or why it could not run."""

    name: str
    runs: list[dict[str, Any]] = field(default_factory=list)
    server_cpu: list[float] = field(default_factory=list)
    problem: str = ""  # set when the consumer could not run (no venv, a crash)

    def median(self, key: str) -> float | None:
        values = [run[key] for run in self.runs if run.get(key) is not None]
        return statistics.median(values) if values else None


class StandInProcess:
    """The throughput stand-in in its own process; `stats()` asks it for its CPU so far."""

    def __init__(self, events: int, chunk_delay: float = 0.0) -> None:
        server = [sys.executable, "-m", "tests.benchmarks.throughput_server"]
        self.process = subprocess.Popen(
            [*server, "--events", str(events), "--chunk-delay", str(chunk_delay)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        hello = json.loads(self._stdout().readline() or "{}")
        if "base_url" not in hello:
            self.close()
            raise RuntimeError("the throughput stand-in did not start")
        self.base_url: str = hello["base_url"]
        self.model: str = hello["model"]

    def _stdout(self) -> IO[str]:
        assert self.process.stdout is not None
        return self.process.stdout

    def stats(self) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write("stats\n")
        self.process.stdin.flush()
        answer: dict[str, Any] = json.loads(self._stdout().readline())
        return answer

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()  # the server ends when its stdin closes
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def run_consumer(
    name: str, python: Path, server: StandInProcess, text_out: Path | None, profile: Path | None
) -> dict[str, Any]:
    """Run one consumer process once; its JSON line, or {"error": ...}."""
    module = f"tests.benchmarks.consumers.{CONSUMERS[name][0]}"
    command = [str(python), "-m", module, "--base-url", server.base_url, "--model", server.model]
    if text_out is not None:
        command += ["--text-out", str(text_out)]
    if profile is not None:
        command += ["--profile", str(profile)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPLICATE_")}
    env["REPLICATE_API_TOKEN"] = STANDIN_TOKEN  # the stand-in's fake token, never a real one
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    try:
        result = subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=CONSUMER_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"no answer in {CONSUMER_TIMEOUT:g} s"}
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        error = (result.stderr.strip().splitlines() or [f"exit {result.returncode}"])[-1]
        return {"error": error[:160]}
    answer: dict[str, Any] = json.loads(lines[-1])
    return answer


def first_difference(expected_text: str, got: str) -> str:
    """Where two texts part, shown briefly (for the note of a consumer that is not exact)."""
    index = next(
        (i for i, (a, b) in enumerate(zip(expected_text, got, strict=False)) if a != b),
        min(len(expected_text), len(got)),
    )
    start = max(0, index - 8)
    return (
        f"first difference at character {index:,}: expected {expected_text[start : index + 8]!r}"
        f", got {got[start : index + 8]!r}"
    )


def measure(
    names: list[str], pythons: dict[str, Path], events: int, runs: int, scratch: Path
) -> dict[str, Results]:
    """Every consumer `runs` times, in rotating order, against one stand-in process."""
    results = {name: Results(name) for name in names}
    server = StandInProcess(events)
    try:
        for number in range(runs):
            order = names[number % len(names) :] + names[: number % len(names)]
            for name in order:
                text_out = scratch / f"{name}-{number}.txt" if number == 0 else None
                before = server.stats()
                answer = run_consumer(name, pythons[name], server, text_out, None)
                after = server.stats()
                if "error" in answer:
                    results[name].problem = answer["error"]
                    print(f"  run {number + 1}: {name}: failed: {answer['error']}", flush=True)
                    continue
                if text_out is not None and text_out.exists():
                    answer["text_file"] = str(text_out)
                results[name].runs.append(answer)
                results[name].server_cpu.append(after["cpu"] - before["cpu"])
                print(
                    f"  run {number + 1}: {name:9} wall {answer['wall']:.3f} s, "
                    f"cpu {answer['cpu']:.3f} s, server cpu {after['cpu'] - before['cpu']:.3f} s,"
                    f" {after['last_events']:,} events, {after['last_bytes'] / 2**20:.1f} MiB",
                    flush=True,
                )
    finally:
        server.close()
    return results


def figures_for(
    results: dict[str, Results], unavailable: dict[str, str], events: int, quick: bool
) -> list[Figure]:
    reference = expected(events)
    digest = hashlib.sha256(reference.encode()).hexdigest()
    figures: list[Figure] = []
    exact: dict[str, bool | None] = {}
    for name in CONSUMERS:
        label = LABELS[name]
        if name not in results and name not in unavailable:
            continue
        measured = results.get(name)
        if measured is None or not measured.runs:
            why = unavailable.get(name) or (measured.problem if measured else "") or "not run"
            figures.append(Figure(SECTION, f"{label} wall", None, "ms", note=why))
            exact[name] = None
            continue
        wall, cpu = measured.median("wall"), measured.median("cpu")
        first = measured.runs[0]
        is_exact = all(run["sha256"] == digest for run in measured.runs)
        exact[name] = is_exact
        note = ""
        if not is_exact:
            got = (
                Path(first["text_file"]).read_text(encoding="utf-8") if "text_file" in first else ""
            )
            note = (
                f"{first['length']:,} characters, expected {len(reference):,}; "
                + first_difference(reference, got)
            )
        counts = {run["events"] for run in measured.runs if run.get("events") is not None}
        if counts and counts != {events}:
            note = f"saw {', '.join(map(str, sorted(counts)))} output events; " + note
        runs = len(measured.runs)
        per_event = cpu / events * 1e6 if cpu is not None else None
        figures += [
            Figure(SECTION, f"{label} wall", _ms(wall), "ms", note=f"median of {runs}"),
            Figure(SECTION, f"{label} CPU", _ms(cpu), "ms"),
            Figure(SECTION, f"{label} CPU per event", per_event, "µs"),
            Figure(
                SECTION,
                f"{label} peak RSS",
                measured.median("peak_rss_mb"),
                "MB",
            ),
        ]
        if name == "ours":
            figures.append(
                Figure(SECTION, "ours exact", float(is_exact), "", "exact", is_exact, note)
            )
        else:
            figures.append(Figure(SECTION, f"{label} exact", float(is_exact), "", note=note))
    server_cpu = [cpu for r in results.values() for cpu in r.server_cpu]
    if server_cpu:
        figures.append(
            Figure(
                SECTION,
                "stand-in CPU per run",
                _ms(statistics.median(server_cpu)),
                "ms",
                note=f"renders {events:,} events once, sends 64 KiB writes",
            )
        )
    ours = results.get("ours")
    ours_wall = ours.median("wall") if ours else None
    for peer in ("replicate", "g4f"):
        label = LABELS[peer]
        peer_results = results.get(peer)
        peer_wall = peer_results.median("wall") if peer_results else None
        if ours_wall is None or peer_wall is None:
            why = "--quick: peers not run" if quick else unavailable.get(peer, "not measured")
            figures.append(Figure(SECTION, f"ours vs {label} wall", None, "x", "< 1x", None, why))
            continue
        ratio = ours_wall / peer_wall
        figures.append(Figure(SECTION, f"ours vs {label} wall", ratio, "x", "< 1x", ratio < 1))
    limit = results.get("limit")
    limit_cpu = limit.median("cpu") if limit else None
    ours_cpu = ours.median("cpu") if ours else None
    if limit_cpu and ours_cpu is not None:
        ratio = ours_cpu / limit_cpu
        # At --quick's 2,000 events the fixed cost of setting up a reply (ours also reads the
        # model's schema) weighs as much as the stream; the target is about long replies.
        note = "--quick: setup cost dominates" if quick else ""
        figures.append(
            Figure(
                SECTION, "ours CPU per event vs limit", ratio, "x", "<= 1.5x", ratio <= 1.5, note
            )
        )
    else:
        figures.append(
            Figure(SECTION, "ours CPU per event vs limit", None, "x", "<= 1.5x", None, "not run")
        )
    return figures


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.provider_throughput", description=__doc__
    )
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--quick", action="store_true", help="2,000 events, limit and ours, once")
    parser.add_argument("--events", type=int, help="output events per reply (100,000)")
    parser.add_argument("--runs", type=int, help="runs per consumer (3)")
    parser.add_argument(
        "--only", help=f"comma-separated consumers ({', '.join(CONSUMERS)}); default all"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    events = options.events or (2_000 if options.quick else 100_000)
    runs = options.runs or (1 if options.quick else 3)
    default = ["limit", "ours"] if options.quick else list(CONSUMERS)
    names = [n.strip() for n in options.only.split(",")] if options.only else default
    unknown = [name for name in names if name not in CONSUMERS]
    if unknown:
        print(f"unknown consumer(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    pythons: dict[str, Path] = {}
    unavailable: dict[str, str] = {}
    for name in names:
        peer_name = CONSUMERS[name][1]
        if peer_name is None:
            pythons[name] = Path(sys.executable)
            continue
        try:
            pythons[name] = peers.ensure(peers.PEERS[peer_name])
        except peers.PeerUnavailable as exc:
            print(f"{name}: unavailable: {exc}", flush=True)
            unavailable[name] = f"venv unavailable: {exc}"[:160]
    runnable = [name for name in names if name in pythons]
    print(f"Streaming {events:,} events to {', '.join(runnable)}, {runs} run(s) each", flush=True)
    with isolated_home(), tempfile.TemporaryDirectory(prefix="bench-provider-") as scratch:
        results = measure(runnable, pythons, events, runs, Path(scratch))
        figures = figures_for(results, unavailable, events, options.quick)
    write_figures(options.out, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
