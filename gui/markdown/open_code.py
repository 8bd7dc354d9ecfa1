"""When a streaming tail ends in a code block still open, new code is added line by line.

Rendering the tail whole at each update would parse, highlight and lay out the whole block again,
as much as the block is long. Instead, once the tail rendered whole ends in an open top-level
fence, what more text adds is the block's alone (nothing but a closing fence ends it): each new
complete line is highlighted once (gui/markdown/line_lexer.py) and goes after the lines shown;
only the last, incomplete line is rendered again. The view replaces only the document's last code
line with the HTML `CodeTail.grow` gives (that line, the new ones, the incomplete one).

Anything else renders the tail whole again: text that does not extend the tail shown, a closing
fence (complete or not), a carriage return or NUL (markdown-it rewrites those), a fence indented
(its lines lose that indentation), a lexer that cannot be driven line by line. The view renders
the block whole once more when it closes or the answer ends, which gives the exact colours.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from gui.markdown.code_blocks import code_of, code_pre, language_of
from gui.markdown.line_lexer import LineHighlighter, line_highlighter
from gui.markdown.theme import Theme

# As gui/markdown/stream.py: a closing fence, up to 3 spaces, then only spaces or tabs after it.
_FENCE_CLOSE = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*")


@dataclass(frozen=True)
class OpenFence:
    """A top-level fenced code block that a text ends in, not closed."""

    markup: str  # the opening fence ("```", "~~~~"...)
    language: str
    start: int  # where its code begins in the text (after the opening line)


def open_fence(text: str, tokens: Sequence[Token]) -> OpenFence | None:
    """The open fence `text` (parsed into `tokens`) ends in, when more text only adds code."""
    if not tokens or "\r" in text or "\0" in text:
        return None
    last = tokens[-1]
    if last.type != "fence" or last.level != 0 or last.map is None:
        return None
    opening_line = last.map[0]
    lines = text.split("\n", opening_line + 1)
    if len(lines) <= opening_line + 1 or not lines[opening_line].startswith(last.markup):
        return None  # the opening line is not complete yet, or it is indented
    start = len(text) - len(lines[-1])
    if text[start:] != last.content:
        return None  # closed: its content stops before the closing fence
    return OpenFence(last.markup, language_of(last.info), start)


class CodeTail:
    """A tail shown ending in an open code block, and how its code was highlighted so far."""

    def __init__(self, tail: str, fence: OpenFence, highlighter: LineHighlighter, pre: str):
        self._fence = fence
        self._highlighter = highlighter
        self._pre = pre
        self._shown = tail
        self._complete = -1  # complete lines highlighted; -1: none yet, not even looked at
        self._last_html = ("", "")  # the last complete line's HTML, without and with its break
        self._line_start = 0  # where the incomplete line begins in the tail shown
        self._partial_shown = False  # the incomplete line is the document's last code line
        self.rendered = 0  # characters the last `grow` highlighted (a cost measure)

    def _catch_up(self) -> None:
        """Highlight the complete lines shown (rendered whole), once: the state to go on from."""
        code = self._shown[self._fence.start :]
        *complete, partial = code.split("\n")
        for line in complete:
            self._last_html = self._highlighter.line(line)
        self._complete = len(complete)
        self._line_start = len(self._shown) - len(partial)
        self._partial_shown = bool(_shown_part(partial))

    def code(self, tail: str) -> str:
        """The code of the block in `tail`, grown last (what its Copy link copies)."""
        end = len(tail) if self._partial_shown else self._line_start
        return code_of(tail[self._fence.start : end])

    def grow(self, tail: str) -> str | None:
        """The HTML (a `<pre>`) of what the block's last line shown becomes in `tail`, which
        extends the tail shown; None when `tail` must be rendered whole (the state is then
        spent). Costs what the new text and the incomplete line are long."""
        shown = len(self._shown)
        if len(tail) <= shown or not tail.startswith(self._shown):
            return None
        added = tail[shown:]
        if "\r" in added or "\0" in added:
            return None
        if self._complete < 0:
            self._catch_up()
        *complete, partial = tail[self._line_start :].split("\n")
        if any(self._closes(line) for line in complete) or self._closes(partial):
            return None
        lines = [self._last_html] if self._complete and not self._partial_shown else []
        for line in complete:
            self._last_html = self._highlighter.line(line)
            lines.append(self._last_html)
        shown_part = _shown_part(partial)
        html = [broken for _line, broken in lines]  # each line with its break...
        if shown_part:
            html.append(self._highlighter.partial(shown_part))
        elif html:
            html[-1] = lines[-1][0]  # ...but the last (the code's final break is not shown)
        self._partial_shown = bool(shown_part)
        self._complete += len(complete)
        self.rendered = len(tail) - self._line_start
        self._line_start = len(tail) - len(partial)
        self._shown = tail
        body = "".join(html)
        return f"{self._pre}\n{body}\n</pre>"

    def _closes(self, line: str) -> bool:
        found = _FENCE_CLOSE.fullmatch(line)
        if found is None:
            return False
        fence = found.group(1)
        return fence[0] == self._fence.markup[0] and len(fence) >= len(self._fence.markup)


def _shown_part(partial: str) -> str:
    """What the block shows of its incomplete last line: markdown-it leaves one of nothing but
    spaces and tabs out of the code."""
    return partial if partial.strip(" \t") else ""


def follow_code(tail: str, fence: OpenFence | None, theme: Theme) -> CodeTail | None:
    """The state to grow the open block `tail` ends in, if its lexer can be driven by line."""
    if fence is None:
        return None
    highlighter = line_highlighter(fence.language, theme.pygments_style)
    if highlighter is None:
        return None
    return CodeTail(tail, fence, highlighter, code_pre(theme))
