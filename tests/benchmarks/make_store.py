"""A year of chats as a real conversation store, for the start-up and history benchmarks.

    python -m tests.benchmarks.make_store --out FILE [--conversations 1000 --messages 50000]

The file is made by the app's own store code: `ConversationStore.open` creates it through the
real migrations (tables, indexes, FTS5 indexes and their triggers); the rows then go in with
plain INSERTs in one transaction, so the triggers index every message as the app's own writes
would. (The store's add_message stamps "now"; a history needs timestamps spread over a year.)

What is in it, deterministic for a seed:
- one conversation of exactly 2,000 messages (the "long history" that is opened);
- twenty "large" conversations of 600 messages each, whose answers are long (2,000-6,000
  characters: several sections, code blocks, tables);
- the rest of the 1,000 conversations share the remaining messages, 2 to ~80 each;
- questions are one or two sentences; answers are markdown of varied length with paragraphs,
  lists, tables and code blocks; about one conversation in eight is in Russian;
- timestamps spread over the year before a fixed date, so the file is the same on every run.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from gui.store.conversations import ConversationStore
from gui.store.records import COMPLETE, title_from_text

# Bump when the generated content changes: cached stores of an older version are regenerated.
GENERATOR_VERSION = 3
ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "build" / "bench"

LONG_HISTORY = 2000  # messages in the conversation that the opening benchmark opens
LARGE_COUNT = 20  # conversations opened one after another for the memory figure
LARGE_SIZE = 600  # messages in each of them
YEAR = 365 * 24 * 3600.0
END_TIME = 1_750_000_000.0  # June 2025: fixed, so the file does not depend on the day it is made
MODELS = (
    "meta/meta-llama-3-70b-instruct",
    "anthropic/claude-4.5-sonnet",
    "deepseek-ai/deepseek-v3",
    "mistralai/mixtral-8x7b-instruct-v0.1",
)

# Words the search benchmark looks for: a rare one (a handful of messages), and the others are
# common in the vocabulary below.
RARE_WORD = "quokka"

EN_TOPICS = (
    "python list comprehension",
    "sqlite full-text search",
    "asyncio task cancellation",
    "git rebase conflicts",
    "docker image size",
    "rust borrow checker",
    "linux file permissions",
    "regular expressions",
    "http caching headers",
    "unit test fixtures",
    "css grid layout",
    "postgres query plans",
    "memory leaks in qt",
    "json schema validation",
    "kubernetes readiness probes",
    "bash error handling",
)
EN_TEXT = (
    "the function returns a value when the input is valid and raises an error otherwise "
    "this approach keeps the code simple and makes every step easy to test in isolation "
    "you can optimize the loop by moving the lookup out of it and caching the result "
    "performance depends on the size of the data and on how often the query runs "
    "a list keeps items in order while a set answers membership questions quickly "
    "memory grows when references are kept longer than needed so release them early "
    "the database uses an index to find rows without scanning the whole table "
    "configuration lives in one file and the defaults are documented next to each option "
    "optimization matters only after measuring where the time actually goes "
    "consider the edge cases empty input very large input and input with unicode text"
)
EN_WORDS = tuple(EN_TEXT.split())
RU_TOPICS = (
    "списки в python",
    "индексы в базе данных",
    "утечки памяти",
    "асинхронный код",
    "регулярные выражения",
    "права доступа к файлам",
)
RU_TEXT = (
    "функция возвращает значение если входные данные корректны иначе вызывает ошибку "
    "такой подход упрощает код и позволяет проверить каждый шаг отдельно "
    "память растёт когда ссылки хранятся дольше чем нужно поэтому освобождайте их раньше "
    "база данных использует индекс чтобы находить строки без полного просмотра таблицы "
    "оптимизация имеет смысл только после измерения где на самом деле тратится время "
    "учитывайте крайние случаи пустой ввод очень большой ввод и текст в юникоде"
)
RU_WORDS = tuple(RU_TEXT.split())

CODE_SNIPPETS = (
    (
        "python",
        "def optimize(items: list[int]) -> list[int]:\n"
        "    seen = set()\n"
        "    result = []\n"
        "    for item in items:\n"
        "        if item not in seen:\n"
        "            seen.add(item)\n"
        "            result.append(item)\n"
        "    return result\n",
    ),
    (
        "python",
        "async def fetch_all(urls):\n"
        "    async with aiohttp.ClientSession() as session:\n"
        "        tasks = [session.get(url) for url in urls]\n"
        "        return await asyncio.gather(*tasks)\n",
    ),
    (
        "sql",
        "CREATE INDEX messages_by_conversation ON messages(conversation_id, position);\n"
        "SELECT count(*) FROM messages WHERE conversation_id = ?;\n",
    ),
    (
        "bash",
        'set -euo pipefail\nfor file in "$@"; do\n  wc -l "$file"\ndone\n',
    ),
    (
        "javascript",
        "function debounce(fn, ms) {\n  let timer;\n  return (...args) => {\n"
        "    clearTimeout(timer);\n    timer = setTimeout(() => fn(...args), ms);\n  };\n}\n",
    ),
    (
        "rust",
        "fn longest<'a>(x: &'a str, y: &'a str) -> &'a str {\n"
        "    if x.len() > y.len() { x } else { y }\n}\n",
    ),
)


@dataclass(frozen=True)
class Layout:
    """How many messages each conversation gets, and which are special."""

    sizes: list[int]
    long_history: int  # index of the 2,000-message conversation (or the largest in small stores)
    large: list[int]  # indexes of the large conversations


def plan(conversations: int, messages: int, rng: random.Random) -> Layout:
    """Message counts per conversation summing to exactly `messages` (all even: Q and A)."""
    if messages % 2 or messages < 2 * conversations:
        raise ValueError("messages must be even and at least two per conversation")
    # Scaled down for small (--quick) stores: the long history stays the largest conversation.
    long_size = min(LONG_HISTORY, (messages // 3) // 2 * 2)
    large_count = min(LARGE_COUNT, max(0, conversations // 10))
    large_size = min(LARGE_SIZE, (messages // 4 // max(large_count, 1)) // 2 * 2)
    sizes = [0] * conversations
    special = list(range(conversations))
    rng.shuffle(special)
    long_history, large = special[0], special[1 : 1 + large_count]
    sizes[long_history] = long_size
    for index in large:
        sizes[index] = large_size
    rest = [i for i in range(conversations) if sizes[i] == 0]
    left = messages - long_size - large_size * len(large)
    # Pairs per ordinary conversation: mostly short chats, some long ones; then corrected to the
    # exact total one pair at a time.
    pairs = {i: max(1, int(rng.paretovariate(1.3) * 4)) for i in rest}
    scale = (left // 2) / sum(pairs.values())
    pairs = {i: max(1, round(p * scale)) for i, p in pairs.items()}
    cap = max(1, min(40, long_size // 2 - 1))
    pairs = {i: min(p, cap) for i, p in pairs.items()}
    difference = left // 2 - sum(pairs.values())
    order = list(rest)
    while difference:
        rng.shuffle(order)
        for i in order:
            if difference > 0 and pairs[i] < cap:
                pairs[i] += 1
                difference -= 1
            elif difference < 0 and pairs[i] > 1:
                pairs[i] -= 1
                difference += 1
            if not difference:
                break
    for i, p in pairs.items():
        sizes[i] = 2 * p
    assert sum(sizes) == messages
    return Layout(sizes, long_history, large)


class Writer:
    """Makes the text of questions and markdown answers from a seeded random source."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self, words: tuple[str, ...], low: int = 8, high: int = 22) -> str:
        count = self.rng.randint(low, high)
        start = self.rng.randrange(len(words))
        picked = [words[(start + k * self.rng.randint(1, 3)) % len(words)] for k in range(count)]
        if self.rng.random() < 0.00005:
            picked[self.rng.randrange(count)] = RARE_WORD
        text = " ".join(picked)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, words: tuple[str, ...]) -> str:
        return " ".join(self.sentence(words) for _ in range(self.rng.randint(2, 5)))

    def question(self, topic: str, russian: bool) -> str:
        if russian:
            return f"Как правильно работать с темой «{topic}»? " + self.sentence(RU_WORDS, 6, 14)
        forms = (
            "How do I handle {t} in a real project?",
            "Can you explain {t} with an example?",
            "What is the fastest way to deal with {t}?",
            "Why does my code about {t} fail sometimes?",
            "Compare two approaches to {t}, please.",
        )
        return self.rng.choice(forms).format(t=topic) + " " + self.sentence(EN_WORDS, 6, 14)

    def answer(self, topic: str, russian: bool, target: int) -> str:
        """Markdown of about `target` characters: paragraphs, lists, a table, code."""
        words = RU_WORDS if russian else EN_WORDS
        parts = [self.paragraph(words)]
        size = len(parts[0])
        while size < target:
            kind = self.rng.random()
            if kind < 0.3:
                piece = self.paragraph(words)
            elif kind < 0.5:
                items = [self.sentence(words, 4, 10) for _ in range(self.rng.randint(3, 6))]
                if self.rng.random() < 0.5:
                    piece = "\n".join(f"- **{i.split()[0]}** {i}" for i in items)
                else:
                    piece = "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1))
            elif kind < 0.65:
                rows = ["| option | effect | cost |", "|---|---|---|"]
                for _ in range(self.rng.randint(2, 6)):
                    a, b, c = (self.rng.choice(words) for _ in range(3))
                    rows.append(f"| `{a}` | {b} {c} | {self.rng.randint(1, 500)} ms |")
                piece = "\n".join(rows)
            elif kind < 0.85:
                language, code = self.rng.choice(CODE_SNIPPETS)
                piece = f"```{language}\n{code}```"
            else:
                heading = "Итог" if russian else self.rng.choice(("Summary", "Details", "Why"))
                piece = f"### {heading} about {topic}" if not russian else f"### {heading}"
            parts.append(piece)
            size += len(piece) + 2
        return "\n\n".join(parts)


def generate(path: Path, conversations: int, messages: int, seed: int = 1) -> None:
    """Write a new store at `path` (which must not exist yet)."""
    rng = random.Random(seed)
    layout = plan(conversations, messages, rng)
    writer = Writer(rng)
    store = ConversationStore.open(path)
    conn = store.db.connection()  # the store's own connection: its schema, triggers and pragmas
    conversation_rows = []
    message_rows = []
    large = set(layout.large)
    for index, size in enumerate(layout.sizes):
        conversation_id = index + 1
        russian = rng.random() < 0.125
        topic = rng.choice(RU_TOPICS if russian else EN_TOPICS)
        model = rng.choice(MODELS)
        # Activity over the year; a conversation's messages are a few minutes apart.
        started = END_TIME - YEAR * rng.random() ** 1.5
        moment = started
        title = ""
        for position in range(size):
            moment += rng.uniform(5, 400)
            user = position % 2 == 0
            if user:
                content = writer.question(topic, russian)
                title = title or title_from_text(content)
            else:
                if index in large:
                    target = rng.randint(2000, 6000)
                elif index == layout.long_history:
                    target = rng.randint(300, 2500)
                else:
                    target = int(min(8000, rng.lognormvariate(6.6, 0.8)))
                content = writer.answer(topic, russian, target)
            metrics = None if user else json.dumps({"output_tokens": len(content) // 4})
            message_rows.append(
                (
                    conversation_id,
                    position,
                    "user" if user else "assistant",
                    content,
                    COMPLETE,
                    None if user else model,
                    metrics,
                    moment,
                    moment,
                )
            )
        conversation_rows.append((conversation_id, title, started, moment, model, "{}"))
    # Message ids in the order they were written, as the app's own store gives them: a
    # conversation's messages are spread through the file among everything said meanwhile.
    message_rows.sort(key=lambda row: row[-1])
    numbered = [(number, *row) for number, row in enumerate(message_rows, 1)]
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO conversations (id, title, created_at, updated_at, model, params) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        conversation_rows,
    )
    conn.executemany(
        "INSERT INTO messages (id, conversation_id, position, role, content, status, model, "
        "metrics, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        numbered,
    )
    # One path per conversation, as the app writes them: each message follows the one before.
    conn.execute(
        """UPDATE messages SET parent_id = (
            SELECT p.id FROM messages p WHERE p.conversation_id = messages.conversation_id
                AND p.position < messages.position ORDER BY p.position DESC LIMIT 1)"""
    )
    conn.execute(
        """UPDATE conversations SET leaf_id = (
            SELECT m.id FROM messages m WHERE m.conversation_id = conversations.id
            ORDER BY m.position DESC LIMIT 1)"""
    )
    conn.execute("COMMIT")
    store.close()


def special_ids(conversations: int, messages: int, seed: int = 1) -> tuple[int, list[int]]:
    """The ids of the long-history conversation and of the large ones (same plan as generate)."""
    layout = plan(conversations, messages, random.Random(seed))
    return layout.long_history + 1, [index + 1 for index in layout.large]


def cached_store(conversations: int, messages: int, seed: int = 1) -> Path:
    """The store for these sizes in build/bench/, generated when missing or outdated."""
    name = f"store-v{GENERATOR_VERSION}-{conversations}c-{messages}m-s{seed}.sqlite3"
    path = CACHE / name
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        for old in CACHE.glob(f"store-v*-{conversations}c-{messages}m-s{seed}.sqlite3"):
            old.unlink()  # an older generator's file
        partial = path.with_name(path.name + ".partial")
        for leftover in CACHE.glob(partial.name + "*"):
            leftover.unlink()
        started = time.monotonic()
        generate(partial, conversations, messages, seed)
        partial.rename(path)
        print(f"generated {path.name} in {time.monotonic() - started:.1f} s", flush=True)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.make_store", description=__doc__
    )
    parser.add_argument("--out", type=Path, required=True, help="the store file to write")
    parser.add_argument("--conversations", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)
    if options.out.exists():
        print(f"{options.out} exists; not overwriting it", file=sys.stderr)
        return 1
    started = time.monotonic()
    generate(options.out, options.conversations, options.messages, options.seed)
    size = options.out.stat().st_size / 2**20
    print(f"{options.out}: {size:.0f} MiB in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
