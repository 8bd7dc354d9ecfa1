"""A text document attached to a message: fenced into the message's text, and found again.

Replicate's chat models read text only through their prompt (or `messages`), so an attached
file goes in as a fenced block, labelled with its name and length. The fence is longer than any
run of backticks inside the text, so a document that itself holds code fences (a README, a
notebook export) can neither close the block early nor be misread; `parse_document_blocks`
finds the blocks again (the stand-in's demo reply says what it received).
"""

from __future__ import annotations

import re
from pathlib import PurePath

__all__ = ["INFO_STRINGS", "document_block", "parse_document_blocks"]

# The fence's info string by extension: what a Markdown renderer highlights the text as.
INFO_STRINGS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".py": "python",
    ".json": "json",
    ".csv": "csv",
    ".xml": "xml",
    ".html": "html",
    ".htm": "html",
    ".log": "text",
    ".txt": "text",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".toml": "toml",
    ".js": "javascript",
    ".ts": "typescript",
    ".sh": "bash",
    ".css": "css",
    ".sql": "sql",
    ".rs": "rust",
    ".go": "go",
    ".java": "java",
    ".c": "c",
    ".h": "c",
    ".cpp": "cpp",
}

_BACKTICKS = re.compile(r"`+")
_HEADER = re.compile(
    r"^Attached file (?P<tick>`+)(?P<name>.*?)(?<!`)(?P=tick)(?!`)"
    r" \((?P<count>[\d,]+) characters?\):\n"
    r"(?P<fence>`{3,})[^`\n]*\n",
    re.MULTILINE,
)


def _longest_run(text: str) -> int:
    return max((len(run) for run in _BACKTICKS.findall(text)), default=0)


def _code_span(name: str) -> str:
    """The name as Markdown inline code, whatever backticks it holds (CommonMark: a span
    longer than any run inside, padded with a space where an edge would be misread)."""
    ticks = "`" * (_longest_run(name) + 1)
    padded = name.startswith("`") or name.endswith("`") or _is_padded(name)
    return f"{ticks} {name} {ticks}" if padded else f"{ticks}{name}{ticks}"


def _is_padded(text: str) -> bool:
    return len(text) >= 2 and text.startswith(" ") and text.endswith(" ") and bool(text.strip())


def _span_text(raw: str) -> str:
    """A code span's content: one space stripped from each end when both have one."""
    return raw[1:-1] if _is_padded(raw) else raw


def document_block(name: str, text: str) -> str:
    """`text` fenced, after a line naming the file and its length in characters:

        Attached file `notes.md` (1,234 characters):
        ````markdown
        …text…
        ````

    The info string follows the extension (unknown ones are `text`); line breaks in `name` are
    turned into spaces, since the label is one line.
    """
    name = " ".join(name.splitlines()) or "untitled"
    fence = "`" * max(3, _longest_run(text) + 1)
    info = INFO_STRINGS.get(PurePath(name).suffix.lower(), "text")
    count = len(text)
    label = f"{count:,} character{'s' if count != 1 else ''}"
    return f"Attached file {_code_span(name)} ({label}):\n{fence}{info}\n{text}\n{fence}"


def parse_document_blocks(text: str) -> list[tuple[str, int]]:
    """The `(name, characters)` of every block `document_block` made in `text`, in order.

    The characters are those between the fences (what the label promised, unless the text was
    edited since); a block whose closing fence is missing counts up to the end of the text.
    """
    found = []
    position = 0
    while (header := _HEADER.search(text, position)) is not None:
        closing = f"\n{header['fence']}"
        start = header.end()
        end = start - 1 if text.startswith(header["fence"], start) else text.find(closing, start)
        if end == -1:
            end = len(text)
        found.append((_span_text(header["name"]), max(0, end - start)))
        position = max(end + len(closing), header.end())
    return found
