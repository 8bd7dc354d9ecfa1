"""Stream consumers for the provider throughput benchmark, each run as a process of its own.

Every consumer is `python -m tests.benchmarks.consumers.<name> --base-url URL [--model M]`, run
from the project root by the venv that has its client (the peers' venvs hold only their peer,
so this package uses the standard library alone). The token comes in REPLICATE_API_TOKEN (the
stand-in's fake one). A consumer times only "create the prediction and read the whole stream"
with its own clocks, and prints one JSON line: wall and CPU seconds, events, the reassembled
text's SHA-256 and length, and its peak resident memory.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import hashlib
import json
import os
import platform
import resource
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

PROMPT = "Write a long answer with code, lists and tables."


@dataclass(frozen=True)
class Job:
    """What a consumer is asked to read."""

    base_url: str
    token: str
    model: str
    prompt: str = PROMPT


# A consumer's reading: the reassembled text and how many output events it saw (None: unknown).
Reading = tuple[str, "int | None"]


def run(name: str, version: str, consume: Callable[[Job], Awaitable[Reading]]) -> None:
    """Parse the command line, time `consume` once, print the JSON line."""
    parser = argparse.ArgumentParser(prog=f"python -m tests.benchmarks.consumers.{name}")
    parser.add_argument(
        "--base-url", required=True, help="the stand-in, e.g. http://127.0.0.1:8000"
    )
    parser.add_argument("--model", default="meta/meta-llama-3-70b-instruct")
    parser.add_argument("--profile", help="write a cProfile of the timed part to this file")
    parser.add_argument("--text-out", help="write the reassembled text to this file (UTF-8)")
    options = parser.parse_args()
    token = os.environ.get("REPLICATE_API_TOKEN", "")
    job = Job(options.base_url, token, options.model)
    result, text = asyncio.run(_measure(consume, job, options.profile))
    if options.text_out:
        with open(options.text_out, "w", encoding="utf-8", errors="surrogatepass") as file:
            file.write(text)
    print(json.dumps({"consumer": name, "version": version, **result}), flush=True)


async def _measure(
    consume: Callable[[Job], Awaitable[Reading]], job: Job, profile_path: str | None
) -> tuple[dict[str, object], str]:
    profiler = cProfile.Profile() if profile_path else None
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    if profiler is not None:
        profiler.enable()
    text, events = await consume(job)
    if profiler is not None:
        profiler.disable()
    wall, cpu = time.perf_counter() - wall_start, time.process_time() - cpu_start
    if profiler is not None and profile_path:
        profiler.dump_stats(profile_path)
    # ru_maxrss is in KiB on Linux.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "wall": wall,
        "cpu": cpu,
        "events": events,
        "sha256": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        "length": len(text),
        "peak_rss_mb": peak_mb,
        "python": platform.python_version(),
    }
    return result, text
