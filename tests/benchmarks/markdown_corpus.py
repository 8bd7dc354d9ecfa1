"""A long, realistic model answer in markdown, cut into tokens the way an LLM streams it.

    corpus_tokens(20_000) -> list of tokens; "".join(tokens) is the answer

Seeded, so every run streams the same text: headings, paragraphs (one long line each, as models
write them) with bold, italic, inline code and links, bullet, numbered and nested lists, GFM
tables, block quotes, rules, and fenced code blocks in several languages (one with a very long
line). Tokens are 3–4 characters on average: a word carries its leading space, long words are
cut in pieces, runs of indentation and line breaks are tokens of their own.
"""

from __future__ import annotations

import random
import re

SEED = 20_250_505

WORDS = [
    "the",
    "a",
    "an",
    "of",
    "to",
    "in",
    "for",
    "on",
    "with",
    "by",
    "from",
    "as",
    "at",
    "that",
    "this",
    "it",
    "is",
    "are",
    "was",
    "be",
    "can",
    "will",
    "should",
    "may",
    "not",
    "and",
    "or",
    "but",
    "if",
    "when",
    "then",
    "so",
    "because",
    "while",
    "each",
    "every",
    "which",
    "where",
    "how",
    "what",
    "data",
    "value",
    "values",
    "function",
    "functions",
    "request",
    "response",
    "server",
    "client",
    "cache",
    "memory",
    "thread",
    "process",
    "queue",
    "buffer",
    "stream",
    "token",
    "tokens",
    "model",
    "models",
    "answer",
    "question",
    "user",
    "users",
    "table",
    "index",
    "query",
    "row",
    "rows",
    "column",
    "columns",
    "file",
    "files",
    "path",
    "config",
    "option",
    "options",
    "setting",
    "error",
    "errors",
    "retry",
    "timeout",
    "latency",
    "throughput",
    "batch",
    "batches",
    "list",
    "dictionary",
    "string",
    "number",
    "integer",
    "float",
    "loop",
    "async",
    "await",
    "task",
    "tasks",
    "event",
    "events",
    "callback",
    "handler",
    "signal",
    "widget",
    "window",
    "layout",
    "render",
    "rendering",
    "document",
    "paragraph",
    "parser",
    "grammar",
    "syntax",
    "example",
    "examples",
    "result",
    "results",
    "output",
    "input",
    "argument",
    "arguments",
    "parameter",
    "parameters",
    "default",
    "version",
    "release",
    "build",
    "test",
    "tests",
    "benchmark",
    "measure",
    "measured",
    "faster",
    "slower",
    "simple",
    "small",
    "large",
    "long",
    "short",
    "first",
    "last",
    "next",
    "previous",
    "new",
    "old",
    "same",
    "different",
    "important",
    "common",
    "usually",
    "often",
    "always",
    "never",
    "rarely",
    "quickly",
    "carefully",
    "explicitly",
    "simply",
    "instead",
    "also",
    "however",
    "therefore",
    "finally",
    "already",
    "still",
    "only",
    "just",
    "even",
    "exactly",
    "roughly",
    "about",
    "around",
    "naïve",
    "café",
    "résumé",
]
IDENTIFIERS = [
    "items",
    "total",
    "count",
    "result",
    "cache_key",
    "user_id",
    "payload",
    "session",
    "conn",
    "cursor",
    "rows",
    "batch_size",
    "timeout",
    "retries",
    "handler",
    "config",
    "path",
    "buffer",
    "offset",
    "limit",
    "index",
    "node",
    "parent",
    "children",
    "response",
    "request",
    "tokens",
    "stream",
    "elapsed",
    "started",
    "deadline",
    "worker",
    "queue",
]
LINK_HOSTS = ("https://docs.python.org/3/library", "https://developer.mozilla.org/en-US/docs")
LANGUAGES = ("python", "javascript", "bash", "sql", "json", "rust", "typescript", "yaml")

# A word with its leading space, digits, punctuation, runs of spaces, runs of line breaks.
_PIECE = re.compile(r"\n+| +(?=[ \n])| ?[A-Za-zÀ-ɏ]+| ?\d{1,3}| ?[^\w\s]{1,2}| |[\s\S]")


class _Writer:
    """Builds the answer block by block from one seeded random source."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def words(self, low: int, high: int) -> list[str]:
        return [self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high))]

    def phrase(self, low: int = 2, high: int = 4) -> str:
        return " ".join(self.words(low, high))

    def ident(self) -> str:
        return self.rng.choice(IDENTIFIERS)

    def sentence(self) -> str:
        words = self.words(8, 24)
        roll = self.rng.random
        for index in range(1, len(words) - 1):
            chance = roll()
            if chance < 0.05:
                words[index] = f"`{self.ident()}()`"
            elif chance < 0.08:
                words[index] = f"**{words[index]} {self.rng.choice(WORDS)}**"
            elif chance < 0.10:
                words[index] = f"*{words[index]}*"
            elif chance < 0.115:
                host = self.rng.choice(LINK_HOSTS)
                words[index] = f"[{words[index]} docs]({host}/{self.ident()}.html)"
            elif chance < 0.13:
                words[index] = f"{words[index]},"
        text = " ".join(words)
        return text[0].upper() + text[1:] + self.rng.choice(".....?:")

    def paragraph(self, low: int = 2, high: int = 6) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def heading(self) -> str:
        level = self.rng.choice(("##", "##", "###"))
        return f"{level} {self.phrase(2, 5).capitalize()}"

    def bullets(self, marker: str = "-", nested: bool = False) -> str:
        lines = []
        for number in range(1, self.rng.randint(3, 7) + 1):
            lead = f"{number}." if marker == "1." else marker
            item = (
                self.sentence()
                if self.rng.random() < 0.7
                else f"**{self.phrase()}**: " + (self.sentence())
            )
            lines.append(f"{lead} {item}")
            if nested and self.rng.random() < 0.5:
                indent = " " * (len(lead) + 1)
                for _ in range(self.rng.randint(1, 3)):
                    lines.append(f"{indent}- {self.sentence()}")
        return "\n".join(lines)

    def table(self) -> str:
        columns = self.rng.randint(3, 5)
        header = [self.phrase(1, 2).capitalize() for _ in range(columns)]
        aligns = [self.rng.choice(("---", ":---", "---:", ":---:")) for _ in range(columns)]
        lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(aligns) + " |"]
        for _ in range(self.rng.randint(3, 9)):
            cells = []
            for column in range(columns):
                if column == 0:
                    cells.append(f"`{self.ident()}`")
                elif self.rng.random() < 0.4:
                    cells.append(f"{self.rng.uniform(0, 999):.1f} ms")
                else:
                    cells.append(self.phrase(1, 4))
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def quote(self) -> str:
        return "\n".join(f"> {self.sentence()}" for _ in range(self.rng.randint(1, 3)))

    def code(self, language: str | None = None) -> str:
        language = language or self.rng.choice(LANGUAGES)
        body = getattr(self, "_" + language)()
        return f"```{language}\n{body}\n```"

    def _python(self) -> str:
        name, arg, other = self.ident(), self.ident(), self.ident()
        lines = [f"def process_{name}({arg}: list[dict], {other}: int = 10) -> dict:"]
        lines.append(f'    """{self.sentence()}"""')
        lines.append(f"    result = {{}}  # {self.phrase()}")
        for _ in range(self.rng.randint(2, 6)):
            key = self.ident()
            lines += [
                f"    for item in {arg}:",
                f'        if item.get("{key}") is None:',
                "            continue",
                f'        result[item["{key}"]] = item.get("{self.ident()}", {other}) * 2',
            ]
        lines.append("    return result")
        return "\n".join(lines)

    def _javascript(self) -> str:
        name = self.ident()
        lines = [f"async function fetch_{name}(url, options = {{}}) {{"]
        for _ in range(self.rng.randint(2, 5)):
            lines += [
                f"  const {self.ident()} = await fetch(url, {{ method: 'POST', body: JSON"
                f".stringify({{ {self.ident()}: {self.rng.randint(1, 500)} }}) }});",
                f"  if (!response.ok) throw new Error(`{self.phrase()}: ${{response.status}}`);",
            ]
        lines += ["  return response.json();", "}"]
        return "\n".join(lines)

    def _typescript(self) -> str:
        fields = "\n".join(
            f"  {self.ident()}: {self.rng.choice(('string', 'number'))};"
            for _ in range(self.rng.randint(3, 7))
        )
        return f"interface {self.ident().capitalize()}Options {{\n{fields}\n}}"

    def _bash(self) -> str:
        lines = ["#!/usr/bin/env bash", "set -euo pipefail"]
        for _ in range(self.rng.randint(2, 6)):
            lines.append(
                f'curl -s -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/'
                f"{self.ident()}?limit={self.rng.randint(1, 100)} | jq '.{self.ident()}'"
            )
        return "\n".join(lines)

    def _sql(self) -> str:
        table, column = self.ident(), self.ident()
        return (
            f"SELECT {column}, COUNT(*) AS total, AVG({self.ident()}) AS mean\n"
            f"FROM {table}\n"
            f"JOIN {self.ident()} USING ({column})\n"
            f"WHERE created_at > now() - interval '{self.rng.randint(1, 30)} days'\n"
            f"GROUP BY {column}\n"
            f"ORDER BY total DESC\n"
            f"LIMIT {self.rng.randint(5, 50)};"
        )

    def _json(self) -> str:
        pairs = ",\n".join(
            f'  "{self.ident()}": {self._json_value()}' for _ in range(self.rng.randint(3, 8))
        )
        return "{\n" + pairs + "\n}"

    def _json_value(self) -> str:
        return self.rng.choice((str(self.rng.randint(0, 9999)), "true", "null"))

    def _rust(self) -> str:
        name = self.ident()
        return (
            f"fn {name}(input: &[u8]) -> Result<usize, std::io::Error> {{\n"
            f"    let mut total = 0;\n"
            f"    for chunk in input.chunks({self.rng.randint(2, 64)}) {{\n"
            f"        total += chunk.iter().filter(|b| **b == b'\\n').count();\n"
            f"    }}\n"
            f"    Ok(total)\n"
            f"}}"
        )

    def _yaml(self) -> str:
        lines = ["services:", f"  {self.ident()}:", "    image: example/app:1.2"]
        lines += [f"    {self.ident()}: {self.rng.randint(1, 100)}" for _ in range(3)]
        return "\n".join(lines)

    def long_code_line(self) -> str:
        values = ", ".join(str(self.rng.randint(0, 10**6)) for _ in range(60))
        return f"```python\nLOOKUP = [{values}]  # {self.paragraph(1, 2)}\n```"

    def block(self) -> str:
        kinds = (
            (self.paragraph, 30),
            (self.bullets, 10),
            (lambda: self.bullets("1."), 8),
            (lambda: self.bullets("-", nested=True), 6),
            (lambda: self.bullets("1.", nested=True), 4),
            (self.table, 7),
            (self.code, 14),
            (self.quote, 3),
            (lambda: "---", 1),
            (lambda: self.paragraph(10, 14), 2),  # a very long line
            (self.long_code_line, 1),
        )
        makers = [maker for maker, _ in kinds]
        weights = [weight for _, weight in kinds]
        return self.rng.choices(makers, weights)[0]()

    def answer(self, characters: int) -> str:
        blocks = [self.paragraph(2, 3)]
        size = len(blocks[0])
        while size < characters:
            section = [self.heading(), self.paragraph(1, 3)]
            section += [self.block() for _ in range(self.rng.randint(2, 5))]
            blocks += section
            size += sum(len(block) + 2 for block in section)
        return "\n\n".join(blocks) + "\n"


def tokenize(text: str) -> list[str]:
    """Cut `text` like an LLM's tokenizer: words with their leading space, long words in
    pieces of about four letters; "".join of the result is `text` exactly."""
    tokens: list[str] = []
    for piece in _PIECE.findall(text):
        if len(piece) <= 7:
            tokens.append(piece)
            continue
        head = 5 if piece[0] == " " else 4
        tokens.append(piece[:head])
        tokens.extend(piece[start : start + 4] for start in range(head, len(piece), 4))
    return tokens


def corpus_tokens(count: int = 20_000, seed: int = SEED) -> list[str]:
    """Exactly `count` tokens of a realistic answer (the same ones every time)."""
    tokens = tokenize(_Writer(seed).answer(count * 5))
    if len(tokens) < count:
        raise RuntimeError("the corpus came out shorter than asked")
    return tokens[:count]


if __name__ == "__main__":
    sample = corpus_tokens()
    text = "".join(sample)
    print(text[:3000])
    print(f"... {len(sample)} tokens, {len(text)} characters, {len(text) / len(sample):.2f}/token")
