"""StreamingSplitter: finished chunks rendered once plus the tail give the whole answer's HTML."""

from __future__ import annotations

import itertools
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gui.markdown.parsers import full_parser
from gui.markdown.render import DARK, StreamingSplitter, render_markdown

PROPERTY = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def fed(*pieces: str) -> StreamingSplitter:
    splitter = StreamingSplitter()
    for piece in pieces:
        splitter.feed(piece)
    return splitter


def stable_text(text: str) -> str:
    """The finished prefix when `text` is fed in one piece."""
    splitter = fed(text)
    return text[: splitter.stable_length]


def render_in_chunks(chunks: list[str]) -> str:
    """What the chat view shows: each chunk rendered on its own, code blocks numbered on."""
    html, code_count = [], 0
    for chunk in chunks:
        rendered = render_markdown(chunk, DARK, first_code_index=code_count)
        html.append(rendered.html)
        code_count += len(rendered.code_blocks)
    return "".join(html)


# --- the rules, case by case ------------------------------------------------------------------


def test_cuts_after_a_blank_line_once_the_next_block_has_begun() -> None:
    assert stable_text("First paragraph.\n\n") == ""
    assert stable_text("First paragraph.\n\nSecond") == ""  # the next line is not complete yet
    assert stable_text("First paragraph.\n\nSecond.\n") == "First paragraph.\n\n"
    assert stable_text("# Title\n\nText.\n\n## Next\n") == "# Title\n\nText.\n\n"


def test_never_cuts_inside_a_fence() -> None:
    code = "```python\ndef f():\n\n    return 1\n\n\nprint(f())\n"
    assert stable_text(code) == ""
    assert stable_text(code + "```\n\nAfter.\n") == code + "```\n\n"
    # A closing fence must be at least as long as the opening one, of the same character.
    assert stable_text("````\na\n\n```\n\nb\n") == ""
    assert stable_text("~~~\na\n\n```\n\nb\n") == ""
    assert stable_text("~~~\na\n\n~~~~  \n\nb\n") == "~~~\na\n\n~~~~  \n\n"
    # Four spaces make it code, not a fence: the blank line is not inside a fence.
    assert stable_text("para\n\n    ```\n\nb\n") == "para\n\n    ```\n\n"


def test_does_not_cut_where_a_list_or_indented_code_could_continue() -> None:
    assert stable_text("- one\n\n- two\n") == ""  # the same (loose) list
    assert stable_text("1. one\n\n2. two\n") == ""
    assert stable_text("- one\n\n  still one\n") == ""  # the item's second paragraph
    assert stable_text("    code\n\n    more code\n") == ""
    # An unindented line after a blank line ends the list: cut there, and before a new list.
    assert stable_text("- one\n\nAfter.\n") == "- one\n\n"
    assert stable_text("Intro:\n\n1. one\n") == "Intro:\n\n"


def test_follows_the_parser_when_a_fence_in_a_list_item_misleads_the_line_rules() -> None:
    # The fence opened inside the item closes with the item; the later ``` opens a new fence
    # at the top level, so "y" is code and no cut may come before it.
    text = "- a\n  ```\n  code\n\npara\n```\nx\n\ny\n"
    splitter = fed(text)
    assert splitter.stable_length <= len("- a\n  ```\n  code\n\npara\n")
    assert render_in_chunks([text[: splitter.stable_length], splitter.tail]) == render_in_chunks(
        [text]
    )


def test_a_typical_answer_is_cut_at_every_top_level_block() -> None:
    blocks = [
        "## Setting up\n\n",
        "Here is how, step by step:\n\n",
        "1. Install it:\n\n   ```bash\n   pip install requests\n\n   ```\n\n"
        "2. Write a script:\n   - import it\n   - call `requests.get(url)`\n\n",
        "> **Note:** a quote\n>\n> | k | v |\n> |---|---|\n> | a | 1 |\n\n",
        "| Column | Num |\n|:--|--:|\n| short | 42 |\n\n",
        "```python\nprint(1)\n\n\nprint(2)\n```\n\n",
        "***\n\n",
    ]
    splitter = StreamingSplitter()
    chunks = []
    # The last cut waits for the first line of the next block to be complete.
    for character in "".join(blocks) + "The end.\nStill writ":
        splitter.feed(character)
        if finished := splitter.take_finished():
            chunks.append(finished)
    assert chunks == blocks
    assert splitter.tail == "The end.\nStill writ"


def test_take_finished_hands_out_each_chunk_once() -> None:
    splitter = StreamingSplitter()
    splitter.feed("One.\n\nTwo")
    assert splitter.take_finished() == ""
    splitter.feed(".\n\nThree.\n")
    assert splitter.take_finished() == "One.\n\nTwo.\n\n"
    assert splitter.take_finished() == ""
    assert splitter.tail == "Three.\n"
    splitter.feed("\n```\ncode\n")
    assert splitter.take_finished() == "Three.\n\n"
    assert splitter.text == "One.\n\nTwo.\n\nThree.\n\n```\ncode\n"
    assert splitter.stable_length == len("One.\n\nTwo.\n\nThree.\n\n")
    assert splitter.tail == "```\ncode\n"
    splitter.feed("```\n\nFour.\n\nFive.\n\nSix.\n")  # a cut waits for the next line
    assert splitter.take_finished_chunks() == ["```\ncode\n```\n\n", "Four.\n\n", "Five.\n\n"]
    assert splitter.take_finished_chunks() == []


def test_windows_line_endings() -> None:
    text = "One.\r\n\r\n```\r\na\r\n\r\nb\r\n```\r\n\r\nTwo.\r\n"
    splitter = fed(text)
    assert text[: splitter.stable_length] == "One.\r\n\r\n```\r\na\r\n\r\nb\r\n```\r\n\r\n"
    assert render_in_chunks([text[: splitter.stable_length], splitter.tail]) == render_in_chunks(
        [text]
    )


def test_parsing_to_confirm_cuts_stays_linear() -> None:
    # Blank lines inside a long code block are no candidates: no parsing at all.
    code = "```\n" + "x = 1\n\ny = 2\n" * 2000
    splitter = fed(*code)
    assert (splitter.stable_length, splitter.parsed_length) == (0, 0)
    splitter.feed("```\n\nAfter.\n")
    assert splitter.stable_length == len(code) + len("```\n\n")
    # A long loose list: its items are rejected by the line rules, without parsing.
    items = "".join(f"{number}. item\n\n   more\n\n" for number in range(1, 500))
    splitter = fed(*items)
    assert (splitter.stable_length, splitter.parsed_length) == (0, 0)
    # A long answer of paragraphs: each confirmed once.
    answer = "A paragraph of text.\n\n" * 2000
    splitter = fed(*answer)
    assert splitter.stable_length == len(answer) - len("A paragraph of text.\n\n")
    assert splitter.parsed_length < 2 * len(answer)


def test_a_misjudged_fence_costs_one_parse_not_one_per_blank_line() -> None:
    # The line rules think the item's fence is still open at the top level; the parser knows
    # the item (and its fence) ended, and that "```" below opens a fence: followed from then on.
    head = "- a\n  ```\n  code\n\npara\n```\n"
    splitter = fed(head + "x\n\ny\n" * 500)
    assert splitter.stable_length == 0
    assert splitter.parsed_length < 2 * len(splitter.text)


# --- properties -------------------------------------------------------------------------------

# Lines chosen to collide: fences of both kinds and lengths, indented fences, list markers,
# lazy lines, indented code, quotes, tables, setext underlines, rules, blank lines.
LINES = [
    *[""] * 8,
    *["text"] * 4,
    "  ",
    "\t",
    "text",
    "more *text*",
    "```",
    "```python",
    "````",
    "~~~",
    "~~~~",
    "  ```",
    "   ~~~",
    "    ```",
    "```not`a fence",
    "- item",
    "* star",
    "+ plus",
    "-",
    "1. one",
    "2) two",
    "7. seven",
    "  - nested",
    "   continued",
    "    indented code",
    "\tcode after a tab",
    "> quote",
    ">",
    "> ```",
    "> - quoted item",
    "| a | b |",
    "|---|---|",
    "---",
    "***",
    "===",
    "# heading",
    " para",
    "<div>",
    "windows\r",
    "lone\rreturn",
    "lone\r```",
]


@st.composite
def answers(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.sampled_from(LINES), max_size=40))
    ending = draw(st.sampled_from(["", "\n", "tail without newline"]))
    return "\n".join(lines) + ("\n" + ending if lines else ending)


@st.composite
def cuts(draw: st.DrawFn, text: str) -> list[str]:
    """`text` cut at random places, as the tokens of a stream are."""
    points = sorted(draw(st.sets(st.integers(0, len(text)), max_size=12)))
    edges = [0, *points, len(text)]
    return [text[start:end] for start, end in itertools.pairwise(edges)]


def code_block_lines(text: str) -> list[tuple[int, int]]:
    """(first, end) line numbers of every code block the parser sees, at any depth."""
    return [
        (token.map[0], token.map[1])
        for token in full_parser().parse(text)
        if token.type in ("fence", "code_block") and token.map
    ]


@PROPERTY
@given(data=st.data(), text=answers())
@example(data=None, text="- a\n  ```\n  code\n\npara\n```\nx\n\ny\n")
@example(data=None, text="lone\r```\nlone\r```\n\ntext\n")
def test_any_feeding_gives_chunks_that_render_as_the_whole(
    data: st.DataObject | None, text: str
) -> None:
    pieces = data.draw(cuts(text)) if data is not None else list(text)
    splitter = StreamingSplitter()
    chunks: list[str] = []
    previous = 0
    for piece in pieces:
        splitter.feed(piece)
        assert splitter.stable_length >= previous
        previous = splitter.stable_length
        finished = splitter.take_finished()
        if finished:
            chunks.append(finished)
        assert "".join(chunks) == splitter.text[: splitter.stable_length]
    assert splitter.text == text
    assert splitter.tail == text[splitter.stable_length :]
    # Cutting the stream differently never changes where the finished part ends.
    assert splitter.stable_length == fed(text).stable_length == fed(*text).stable_length
    # No cut falls inside a code block...
    for chunk_end in _running_sums(chunks):
        line = re.sub(r"\r\n?", "\n", text[:chunk_end]).count("\n")  # as the parser counts
        assert all(not first < line < end for first, end in code_block_lines(text))
    # ...and the chunks rendered one by one, then the tail, are exactly the whole answer.
    assert render_in_chunks([*chunks, splitter.tail]) == render_in_chunks([text])


def _running_sums(chunks: list[str]) -> list[int]:
    sums, total = [], 0
    for chunk in chunks:
        total += len(chunk)
        sums.append(total)
    return sums


@st.composite
def realistic_answers(draw: st.DrawFn) -> str:
    """Answers shaped like a model's: paragraphs, lists, code, tables, separated by blanks."""
    blocks = draw(
        st.lists(
            st.sampled_from(
                [
                    "Here is *how*:",
                    "1. First step\n2. Second step\n   - detail",
                    "- a\n\n- b\n\n  more b",
                    "```python\nimport os\n\n\nprint(os.getcwd())\n```",
                    "~~~\n```\nnot closed by backticks\n~~~",
                    "| col | val |\n|---|--:|\n| x | 1 |",
                    "> A quote\n> that goes on\nlazily",
                    "    indented\n\n    code",
                    "## Heading",
                    "Text with `code` and [a link](https://example.com).",
                    "---",
                ]
            ),
            max_size=12,
        )
    )
    return "\n\n".join(blocks) + draw(st.sampled_from(["", "\n", "\n\n"]))


@PROPERTY
@given(data=st.data(), text=realistic_answers())
def test_realistic_answers_are_cut_between_blocks_and_render_the_same(
    data: st.DataObject, text: str
) -> None:
    splitter = fed(*data.draw(cuts(text)))
    head = splitter.take_finished()
    assert head == text[: splitter.stable_length]
    assert render_in_chunks([head, splitter.tail]) == render_in_chunks([text])
