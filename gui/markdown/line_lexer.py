"""Highlighting code a line at a time, for a code block that is still streaming.

Highlighting an open code block whole at every update costs as much as the block is long. A
Pygments RegexLexer is a state machine over a stack of state names: lexing a line from the
stack the line before ended with goes on where that line left off, as a code editor's
highlighter does (QSyntaxHighlighter keeps a state per block the same way). So each complete
line is lexed once, and only the incomplete last line again at each update.

That is exact but for one thing: a rule whose regular expression spans lines (C's `/* */`
comment matched at once, some string forms) sees only its own line here, so such code can be
coloured differently until the block is highlighted whole (code_blocks.highlight), which the
view does when the block closes or the answer ends. Lexers that are not plain RegexLexers (their
own get_tokens_unprocessed, filters, tab expansion...) are not driven at all: `line_highlighter`
returns None and the caller highlights the whole block as before. The text is always exact: a
line whose tokens would not give back its characters is shown unhighlighted.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from pygments.lexer import Lexer, RegexLexer
from pygments.lexers.special import TextLexer
from pygments.token import Error, Text, Whitespace, _TokenType

from gui.markdown.code_blocks import deferring, ensure_lexer, spans_html


def drivable(lexer: Lexer) -> bool:
    """Can `_lex_line` lex for `lexer` exactly as its own get_tokens would, line by line?"""
    kind = type(lexer)
    return (
        isinstance(lexer, RegexLexer)
        and kind.get_tokens_unprocessed is RegexLexer.get_tokens_unprocessed
        and kind.get_tokens is Lexer.get_tokens
        and kind._preprocess_lexer_input is Lexer._preprocess_lexer_input
        and not lexer.filters
        and not lexer.stripall
        and not lexer.tabsize
    )


def _lex_line(lexer: RegexLexer, line: str, stack: list[str]) -> Iterator[tuple[_TokenType, str]]:
    """The tokens of `line` (ending in a line break) lexed from `stack`, the lexer's state stack
    (its last entry the current state), which is left as the line ends it.

    The rules are the lexer's compiled table: per state, (match, action, transition) in order;
    the first rule that matches at the position wins. An action is a token type or a callback
    giving tokens; a transition is a tuple of state names and `#pop` / `#push`, a negative
    number of states to pop (never the last one), or `#push`. Where nothing matches, a line
    break takes the lexer back to its root state and anything else is an error token.
    """
    table = lexer._tokens
    rules = table[stack[-1]]
    position, end = 0, len(line)
    while position < end:
        for match, action, transition in rules:
            found = match(line, position)
            if found is None:
                continue
            if action is not None:
                if type(action) is _TokenType:
                    yield action, found.group()
                else:
                    for _offset, kind, value in action(lexer, found):
                        yield kind, value
            position = found.end()
            if transition is not None:
                _move(stack, transition)
                rules = table[stack[-1]]
            break
        else:
            if line[position] == "\n":
                stack[:] = ["root"]
                rules = table["root"]
                yield Whitespace, "\n"
            else:
                yield Error, line[position]
            position += 1


def _move(stack: list[str], transition: object) -> None:
    if isinstance(transition, tuple):
        for state in transition:
            if state == "#pop":
                if len(stack) > 1:
                    stack.pop()
            elif state == "#push":
                stack.append(stack[-1])
            else:
                stack.append(state)
    elif isinstance(transition, int):  # pop that many, keeping the first state
        del stack[max(1, len(stack) + transition) :]
    elif transition == "#push":
        stack.append(stack[-1])
    else:
        raise ValueError(f"unknown state transition {transition!r}")


class LineHighlighter:
    """Highlights the lines of one code block in order, each complete line once."""

    def __init__(self, lexer: RegexLexer | TextLexer | None, style_name: str) -> None:
        self._lexer = lexer  # None: plain text
        self._style = style_name
        self._stack = ["root"]

    def line(self, text: str) -> tuple[str, str]:
        """The HTML of the next complete line (`text`, without its line break), without and
        with its line break (in the break's own colour, as the whole block has it)."""
        return self._html(text, self._stack)

    def partial(self, text: str) -> str:
        """The HTML of the incomplete line after the complete ones; the state stays put."""
        return self._html(text, list(self._stack))[0]

    def _html(self, text: str, stack: list[str]) -> tuple[str, str]:
        if self._lexer is None:
            plain = escape(text, quote=False)
            return plain, plain + "\n"
        if isinstance(self._lexer, TextLexer):  # all of it one token: any line alone is exact
            tokens = [(Text, text + "\n")]
        else:
            try:
                tokens = list(_lex_line(self._lexer, text + "\n", stack))
            except Exception:  # a lexer's callback that needs more than one line, say
                tokens = []
        shown = "".join(value for _kind, value in tokens)
        html = spans_html(tokens, len(text), self._style) if shown.startswith(text) else None
        if html is None:  # the tokens do not give the line back: never let the code lie
            stack[:] = ["root"]
            plain = escape(text, quote=False)
            return plain, plain + "\n"
        return html, spans_html(tokens, len(text) + 1, self._style) or html + "\n"


def line_highlighter(language: str, style_name: str) -> LineHighlighter | None:
    """A highlighter for `language` line by line, or None if its lexer cannot be driven so
    (then the block is highlighted whole); plain text for unknown languages, as whole."""
    if deferring(language):
        return None
    lexer = ensure_lexer(language)
    if lexer is None:
        return LineHighlighter(None, style_name)
    if type(lexer) is TextLexer:
        return LineHighlighter(lexer, style_name)
    if not isinstance(lexer, RegexLexer) or not drivable(lexer):
        return None
    return LineHighlighter(lexer, style_name)
