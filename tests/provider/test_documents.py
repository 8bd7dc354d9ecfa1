"""A document's text fenced into a message, and found again (provider/documents.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provider.documents import document_block, parse_document_blocks


def test_the_block_names_the_file_and_its_length() -> None:
    text = "# Notes\n\nSome *text*."
    assert document_block("notes.md", text) == (
        f"Attached file `notes.md` ({len(text)} characters):\n```markdown\n{text}\n```"
    )
    assert document_block("a.txt", "x").startswith("Attached file `a.txt` (1 character):\n")
    assert "(1,234 characters)" in document_block("big.log", "y" * 1234)


@pytest.mark.parametrize(
    ("name", "info"),
    [
        ("notes.md", "markdown"),
        ("script.py", "python"),
        ("data.json", "json"),
        ("table.csv", "csv"),
        ("feed.xml", "xml"),
        ("page.HTML", "html"),
        ("server.log", "text"),
        ("readme.txt", "text"),
        ("archive.unknown", "text"),
        ("Makefile", "text"),
    ],
)
def test_the_info_string_follows_the_extension(name: str, info: str) -> None:
    assert document_block(name, "x").splitlines()[1] == f"```{info}"


def test_the_fence_is_longer_than_any_backtick_run_inside() -> None:
    text = "Run this:\n```python\nprint('hi')\n```\nand ````` five."
    block = document_block("README.md", text)
    fence = block.splitlines()[1]
    assert fence == "``````markdown"
    assert block.endswith("\n``````")
    assert parse_document_blocks(block) == [("README.md", len(text))]


def test_several_blocks_with_text_around_them() -> None:
    first, second = "a\n```\nb", "plain"
    message = "\n\n".join(
        [
            "Please compare these.",
            document_block("one.md", first),
            document_block("two.txt", second),
            "Thanks!",
        ]
    )
    assert parse_document_blocks(message) == [("one.md", len(first)), ("two.txt", len(second))]


def test_a_header_inside_a_document_is_part_of_its_text() -> None:
    inner = document_block("inner.md", "nested")
    outer = document_block("outer.md", inner)
    assert parse_document_blocks(outer) == [("outer.md", len(inner))]


def test_names_with_backticks_spaces_and_line_breaks() -> None:
    for name in ("a`b.py", "`x", "ends`", " padded ", "two words.md"):
        assert parse_document_blocks(document_block(name, "t")) == [(name, 1)]
    assert parse_document_blocks(document_block("bad\nname.md", "t")) == [("bad name.md", 1)]


def test_an_unclosed_block_counts_to_the_end() -> None:
    assert parse_document_blocks("Attached file `a.md` (9 characters):\n```markdown\nabc") == [
        ("a.md", 3)
    ]
    assert parse_document_blocks("no blocks here") == []


@given(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=200),
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40),
)
def test_round_trip(text: str, name: str) -> None:
    block = document_block(name, text)
    found = parse_document_blocks(f"Before.\n{block}\nAfter.")
    shown = " ".join(name.splitlines()) or "untitled"
    assert found == [(shown, len(text))]
    # Nothing inside the text can close the block: its fence is longer than any run in it.
    fence = block.splitlines()[1].rstrip("abcdefghijklmnopqrstuvwxyz")
    assert all(len(run) < len(fence) for run in re.findall("`+", text))
