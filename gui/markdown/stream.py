"""Where a streaming answer can be cut into finished markdown and a tail still being written.

The chat view renders each finished chunk once and re-renders only the tail. A cut is made only
where rendering the two parts separately gives exactly the HTML of rendering them together: at
the start of a line L that follows a blank line, where L opens a new top-level block. Cheap line
rules (outside a tracked fence; L not indented; L not a list marker while a list may be open)
pick candidates, and markdown-it's block parser confirms each one on the pending text, so an
odd nesting the line rules misjudge can only delay a cut, never make a wrong one.

Known difference: a link reference definition (`[id]: url`) applies only within its own chunk;
one that comes later than its use cannot be known while streaming.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from gui.markdown.parsers import block_parser

# CommonMark: a fence is 3+ backticks or tildes indented at most 3 spaces; a backtick fence's
# info string may not contain a backtick. It closes with 3+ of the same character, no fewer
# than it opened with, followed only by spaces or tabs.
_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_FENCE_CLOSE = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*")
# A line that starts a list item (or might: `* * *` and `-` under text are taken as such too).
_LIST_MARKER = re.compile(r" {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_LINE_ENDING = re.compile(r"\r\n?")


class StreamingSplitter:
    """Feed it a streaming answer; it tells how much of it is finished top-level blocks.

    `feed` costs O(len(delta)) amortised: complete lines are examined once, and the pending
    text is parsed only to confirm a cut, after which it is finished and never parsed again.
    A cut waits for the first line of the next block to be complete.

    The chat view's loop::

        splitter.feed(delta)
        if finished := splitter.take_finished():  # render once, append to the message
            rendered = render_markdown(finished, theme, first_code_index=code_count)
            code_count += len(rendered.code_blocks)
        # at most ~30 times a second, replacing the previous tail:
        tail = render_markdown(splitter.tail, theme, first_code_index=code_count)

    A tail that never gets cut (one long list or table) is re-rendered whole each time, but for
    words on its last line (gui/markdown/tail.py) and the new lines of an open code block
    (gui/markdown/open_code.py).
    """

    def __init__(self) -> None:
        self._done: list[str] = []  # text before stable_length
        self._done_length = 0
        self._untaken: list[str] = []  # finished text not yet returned by take_finished
        self._block: list[str] = []  # complete lines after stable_length
        self._block_has_text = False
        self._line: list[str] = []  # the last, unfinished line
        self._fence: tuple[str, int] | None = None  # (character, length) of an open fence
        self._in_list = False  # a top-level list may still be open
        self._after_blank = False  # the last complete line was blank (outside a fence)
        self._parsed_length = 0

    def feed(self, delta: str) -> None:
        """Append the next piece of the answer."""
        if "\n" not in delta:
            if delta:
                self._line.append(delta)
            return
        *complete, rest = delta.split("\n")
        for piece in complete:
            self._line.append(piece)
            line = "".join(self._line) + "\n"
            self._line = []
            self._complete(line)
        if rest:
            self._line.append(rest)

    @property
    def stable_length(self) -> int:
        """Length of the prefix made of finished top-level blocks (it only ever grows)."""
        return self._done_length

    @property
    def text(self) -> str:
        """Everything fed so far."""
        return self._finished_text() + self.tail

    @property
    def tail(self) -> str:
        """The text after stable_length: what the view re-renders as it grows."""
        return "".join(self._block) + "".join(self._line)

    @property
    def parsed_length(self) -> int:
        """Characters handed to the markdown parser so far, to confirm cuts (a cost measure).

        Stays below twice the text's length for ordinary answers: text is parsed when a cut is
        confirmed and is then finished; rejected candidates cost only a look at their line.
        """
        return self._parsed_length

    def take_finished(self) -> str:
        """The finished text not returned by an earlier call ("" if none): render it once."""
        return "".join(self.take_finished_chunks())

    def take_finished_chunks(self) -> list[str]:
        """The same, as the top-level chunks it was cut into (each one or more blocks)."""
        taken = self._untaken
        self._untaken = []
        return taken

    def _finished_text(self) -> str:
        if len(self._done) > 1:
            self._done = ["".join(self._done)]
        return self._done[0] if self._done else ""

    def _complete(self, line: str) -> None:
        """Examine one complete line (with its "\\n"), cutting before it when that is safe."""
        body = line[:-1].rstrip("\r")
        if self._fence is None:
            if not body.strip(" \t"):
                self._after_blank = self._block_has_text
            else:
                if self._after_blank:
                    self._consider_cut(line, body)
                self._after_blank = False
                self._block_has_text = True
        self._block.append(line)
        self._track(body)

    def _consider_cut(self, line: str, body: str) -> None:
        """L = `line` follows a blank line: cut before it if it starts a new top-level block."""
        if body[0] in " \t":
            return  # could continue a list item or an indented code block
        marker = _LIST_MARKER.match(body) is not None
        if marker and self._in_list:
            return  # would be the next item of the open list
        if not marker:
            self._in_list = False  # an unindented line after a blank closes every list
        pending = "".join(self._block)
        line_number = _LINE_ENDING.sub("\n", pending).count("\n")
        self._parsed_length += len(pending) + len(line)
        tokens = block_parser().parse(pending + line)
        for token in tokens:
            if token.level == 0 and token.map and token.nesting >= 0:
                if token.map[0] == line_number:
                    self._cut()
                    return
                if token.map[0] < line_number < token.map[1]:
                    self._resync(token)
                    return

    def _resync(self, token: Token) -> None:
        """The parser found L inside a block the line rules missed: follow the parser, so the
        same misjudgement does not cost a parse at every later blank line."""
        if token.type == "fence":
            self._fence = (token.markup[0], len(token.markup))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            self._in_list = True

    def _cut(self) -> None:
        finished = "".join(self._block)
        self._done.append(finished)
        self._untaken.append(finished)
        self._done_length += len(finished)
        self._block = []

    def _track(self, body: str) -> None:
        """Follow top-level fences and list starts line by line."""
        if self._fence is not None:
            closing = _FENCE_CLOSE.fullmatch(body)
            if closing:
                fence = closing.group(1)
                if fence[0] == self._fence[0] and len(fence) >= self._fence[1]:
                    self._fence = None
            return
        opening = _FENCE_OPEN.fullmatch(body)
        if opening and (opening.group(1)[0] == "~" or "`" not in opening.group(2)):
            self._fence = (opening.group(1)[0], len(opening.group(1)))
        elif _LIST_MARKER.match(body):
            self._in_list = True
