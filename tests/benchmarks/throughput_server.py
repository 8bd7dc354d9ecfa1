"""The stand-in in its own process, streaming a long deterministic reply as fast as it can.

`python -m tests.benchmarks.throughput_server --events 100000` starts the real `StandIn` whose
default scenario streams that many output events with `chunk_delay=0` (rendered once into the
prediction's event log, then sent in 64 KiB writes; `--chunk-delay` spaces them out instead),
prints one JSON line with its base URL, and serves until its stdin closes. Each line `stats` on
stdin is answered with one JSON line: the server's CPU seconds so far and what its last
prediction cost to render, so the parent can show that the server is not what the consumers
wait for.

The tokens look like a model's: words with their leading space, punctuation, newlines and
paragraph breaks, list markers, fenced code blocks ("```python\\n", "```\\n"), Cyrillic, CJK and
emoji. Many are multi-line, so a client that reassembles SSE data lines wrongly shows it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time

from provider.standin import Scenario, StandIn, expected_text

__all__ = ["MODEL", "expected", "make_scenario", "make_tokens"]

MODEL = "meta/meta-llama-3-70b-instruct"
SEED = 5


def _words(text: str) -> list[str]:
    return text.split()


_WORDS = _words(
    "the stream of tokens arrives over loopback and every one of them must land in the right "
    "place a client that drops a newline or doubles a space shows it here model reply chunk "
    "event server reader buffer line break paragraph table list code block answer question "
    "latency throughput python async await request response decoder status prediction output"
)
_RUSSIAN = _words("поток токенов приходит быстро и каждый должен встать на своё место ответ модели")
_CJK = ("流式", "输出", "的", "每个", "令牌", "都", "必须", "准确", "到达", "。")
_EMOJI = (" 🚀", " ✅", " 🙂", " 📦", "👍", " ❌")
_CODE_LINES = (
    ("async", " def", " main", "():", "\n"),
    ("    ", "async", " for", " chunk", " in", " stream", ":", "\n"),
    ("        ", "print", "(", "chunk", ",", " end", '=""', ")", "\n"),
    ("    ", "return", " {", '"ok"', ":", " True", "}", "\n"),
    ("#", " comment", " with", " ünïcödé", "\n"),
)


def _sentence(rng: random.Random, words: list[str], first: bool) -> list[str]:
    """A sentence: capitalised first word, spaced words, commas, an end mark."""
    count = rng.randint(5, 18)
    tokens = [("" if first else " ") + rng.choice(words).capitalize()]
    for number in range(1, count):
        tokens.append(f" {rng.choice(words)}")
        if number < count - 1 and rng.random() < 0.08:
            tokens.append(",")
    if rng.random() < 0.1:
        tokens.append(rng.choice(_EMOJI))
    tokens.append(rng.choice((".", ".", ".", "!", "?", ":")))
    return tokens


def _block(rng: random.Random) -> list[str]:
    """One markdown block of a reply, ending with its own line break tokens."""
    kind = rng.random()
    if kind < 0.45:  # an English paragraph, sometimes ending in a ".\n\n" token
        tokens: list[str] = []
        for number in range(rng.randint(1, 4)):
            tokens += _sentence(rng, _WORDS, number == 0)
        if tokens[-1] == "." and rng.random() < 0.5:
            tokens[-1] = ".\n\n"
            return tokens
        return [*tokens, "\n\n"]
    if kind < 0.6:  # a list
        tokens = []
        for _ in range(rng.randint(2, 5)):
            tokens += ["-", " **", rng.choice(_WORDS), "**", ":"]
            tokens += [f" {rng.choice(_WORDS)}" for _ in range(rng.randint(2, 7))]
            tokens.append("\n")
        return [*tokens, "\n"]
    if kind < 0.75:  # a fenced code block
        tokens = ["```", "python", "\n"] if rng.random() < 0.5 else ["```python\n"]
        for _ in range(rng.randint(2, 6)):
            tokens += rng.choice(_CODE_LINES)
        return [*tokens, "```\n", "\n"]
    if kind < 0.87:  # Russian
        tokens = []
        for number in range(rng.randint(1, 3)):
            tokens += _sentence(rng, _RUSSIAN, number == 0)
        return [*tokens, "\n\n"]
    if kind < 0.95:  # Chinese: no spaces between tokens
        tokens = [rng.choice(_CJK) for _ in range(rng.randint(4, 14))]
        return [*tokens, "。", "\n\n"]
    # A small table, each row one line.
    tokens = ["|", " token", " |", " count", " |", "\n", "|", " ---", " |", " ---", " |", "\n"]
    for _ in range(rng.randint(1, 4)):
        tokens += ["|", f" {rng.choice(_WORDS)}", " |", f" {rng.randint(1, 999)}", " |", "\n"]
    return [*tokens, "\n"]


def make_tokens(count: int, seed: int = SEED) -> list[str]:
    """Exactly `count` realistic, deterministic tokens."""
    rng = random.Random(seed)
    tokens: list[str] = []
    while len(tokens) < count:
        tokens += _block(rng)
    return tokens[:count]


def make_scenario(events: int, chunk_delay: float = 0.0) -> Scenario:
    """The benchmark's scenario: `events` output events, `chunk_delay` apart, no faults."""
    return Scenario(chunks=make_tokens(events), chunk_delay=chunk_delay)


def expected(events: int) -> str:
    """The text a correct client reassembles from `make_scenario(events)`."""
    return expected_text(make_scenario(events))


async def serve(events: int, host: str, chunk_delay: float = 0.0) -> None:
    scenario = make_scenario(events, chunk_delay)
    loop = asyncio.get_running_loop()
    async with StandIn(host, 0, default_scenario=scenario) as standin:
        print(
            json.dumps({"base_url": standin.base_url, "events": events, "model": MODEL}),
            flush=True,
        )
        while True:
            # A thread reads stdin, so the event loop serves at full speed meanwhile.
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                return  # the parent closed our stdin: time to go
            if line.strip() == "stats":
                print(json.dumps(_stats(standin)), flush=True)


def _stats(standin: StandIn) -> dict[str, object]:
    last = list(standin.predictions.values())[-1] if standin.predictions else None
    return {
        "cpu": time.process_time(),
        "predictions": len(standin.predictions),
        "last_events": len(last.events) if last is not None else 0,
        "last_bytes": last.events.nbytes if last is not None else 0,
        "last_status": last.status if last is not None else None,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.throughput_server")
    parser.add_argument("--events", type=int, default=100_000, help="output events per reply")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--chunk-delay", type=float, default=0.0, help="seconds between events (0: all at once)"
    )
    options = parser.parse_args(argv)
    asyncio.run(serve(options.events, options.host, options.chunk_delay))


if __name__ == "__main__":
    main()
