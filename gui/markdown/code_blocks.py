"""Code blocks for the chat view: the copy policy, Pygments highlighting with inline styles, and
the block's HTML (a header row with the language and a copy link, then the code).

Qt's rich text has no classes, so every token gets a `<span style=...>`; lexers, the CSS for
each (style, token type) and recent results are cached: a long answer highlights thousands of
lines, and a streaming tail shows the same closed blocks again and again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from html import escape

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.styles import get_style_by_name
from pygments.token import Token, _TokenType
from pygments.util import ClassNotFound

from gui.markdown.theme import Theme

COPY_SCHEME = "copy-code:"


@dataclass(frozen=True)
class CodeLabels:
    """The words in a code block's header. English here; the Qt side passes translated ones
    (this module stays Qt-free, so it cannot translate them itself)."""

    copy: str = "Copy code"  # the link that copies the block
    plain: str = "text"  # the language label of a block that names no language


ENGLISH_LABELS = CodeLabels()


def code_of(content: str) -> str:
    """The code a user copies: markdown-it's block content without the final line break.

    markdown-it ends every code line with "\\n", including the last one (that break belongs to
    the line, not to the code), so the last one is dropped; blank lines the model left at the
    end of a fenced block are kept (all but the last line break).
    """
    return content[:-1] if content.endswith("\n") else content


def language_of(info: str) -> str:
    """The language named by a fence's info string: its first word ("" when there is none)."""
    return info.strip().split(maxsplit=1)[0] if info.strip() else ""


_LEXERS: dict[str, Lexer | None] = {}
_MAX_LEXERS = 256  # bounded: the language names come from the model
# While set (see `lexers_deferred`), a block whose lexer is not loaded yet shows plain and its
# language is noted here: loading one costs up to ~50 ms of compiling its regular expressions.
_deferred: set[str] | None = None


def _lexer(language: str) -> Lexer | None:
    """A lexer by name or alias; None (plain text) for unknown names. Never guesses."""
    if not language:
        return None
    if language in _LEXERS:
        return _LEXERS[language]
    try:
        # stripnl=False: the lexer must see the code exactly, leading blank lines included.
        lexer: Lexer | None = get_lexer_by_name(language, stripnl=False, ensurenl=True)
    except ClassNotFound:
        lexer = None
    if len(_LEXERS) < _MAX_LEXERS:
        _LEXERS[language] = lexer
    return lexer


def lexer_loaded(language: str) -> bool:
    """Whether highlighting `language` now would cost no lexer loading."""
    return not language or language.lower() in _LEXERS


def load_lexer(language: str) -> None:
    """Load (and keep) the lexer for `language`, so that its code highlights at once later."""
    _lexer(language.lower())


def deferring(language: str) -> bool:
    """Would code in `language` be shown plain now, its lexer not loaded (lexers_deferred)?"""
    return _deferred is not None and not lexer_loaded(language)


@contextmanager
def lexers_deferred() -> Iterator[set[str]]:
    """Within this block, code whose lexer is not loaded yet is shown plain (its text exact)
    instead of waiting for the lexer; the yielded set collects those languages, so that the
    caller can load them after the frame is painted and render again."""
    global _deferred
    outer, _deferred = _deferred, set()
    try:
        yield _deferred
    finally:
        if outer is not None:
            outer |= _deferred
        _deferred = outer


@cache
def _token_css(style_name: str, token_type: _TokenType) -> str:
    """The inline CSS for one token type in one Pygments style ("" for unstyled text).

    Some lexers make token types of their own (YAML's Token.Literal.Scalar.Plain): a style
    knows only the standard ones, so such a type takes its nearest known parent's style, as
    Pygments' own formatters do.
    """
    style_class = get_style_by_name(style_name)
    while not style_class.styles_token(token_type) and token_type.parent is not None:
        token_type = token_type.parent
    style = style_class.style_for_token(token_type)
    rules = []
    if style["color"]:
        rules.append(f"color:#{style['color']}")
    if style["bold"]:
        rules.append("font-weight:bold")
    if style["italic"]:
        rules.append("font-style:italic")
    if style["underline"]:
        rules.append("text-decoration:underline")
    return "; ".join(rules)


@cache
def _base_colour(style_name: str, fallback: str) -> str:
    """The style's colour for plain text, or the theme's text colour if the style has none."""
    colour = get_style_by_name(style_name).style_for_token(Token)["color"]
    return f"#{colour}" if colour else fallback


# A streaming tail is re-rendered many times a second; the code blocks it already closed come
# back unchanged each time, so their highlighting is kept (Pygments is most of the cost).
@lru_cache(maxsize=64)
def highlight(code: str, language: str, style_name: str) -> str:
    """HTML for `code` with coloured spans; the visible text is exactly `code`, escaped."""
    lexer = _lexer(language.lower())
    if lexer is None or not code:
        return escape(code, quote=False)
    # ensurenl may have added a final "\n" the code does not have: spans_html never shows it.
    html = spans_html(lexer.get_tokens(code), len(code), style_name)
    # A lexer that dropped characters must not make the code lie: show it unhighlighted.
    return escape(code, quote=False) if html is None else html


def ensure_lexer(language: str) -> Lexer | None:
    """The lexer for `language` (loaded and kept now if need be); None for plain text."""
    return _lexer(language.lower())


def spans_html(
    tokens: Iterable[tuple[_TokenType, str]], length: int, style_name: str
) -> str | None:
    """The first `length` characters of `tokens` as coloured spans; None if there are fewer."""
    pieces: list[str] = []
    remaining = length
    current_css = ""
    run: list[str] = []
    for token_type, value in tokens:
        if remaining <= 0:
            break
        value = value[:remaining]
        remaining -= len(value)
        css = _token_css(style_name, token_type)
        if css != current_css and run:
            pieces.append(_span(current_css, "".join(run)))
            run = []
        current_css = css
        run.append(value)
    if run:
        pieces.append(_span(current_css, "".join(run)))
    return None if remaining > 0 else "".join(pieces)


def _span(css: str, text: str) -> str:
    escaped = escape(text, quote=False)
    return f'<span style="{css}">{escaped}</span>' if css else escaped


def code_block_html(
    code: str,
    language: str,
    index: int,
    theme: Theme,
    *,
    highlighted: bool = True,
    labels: CodeLabels = ENGLISH_LABELS,
) -> str:
    """A code block as a two-row table: header (language, Copy link), then the highlighted code.

    Qt's HTML parser drops one line break right after `<pre>` and one right before `</pre>`, so
    one of each is added: the document then holds the code's leading and trailing blank lines.
    """
    label = escape(language or labels.plain, quote=False)
    if highlighted and _deferred is not None and not lexer_loaded(language):
        _deferred.add(language.lower())
        highlighted = False
    body = (
        highlight(code, language, theme.pygments_style)
        if highlighted
        else escape(code, quote=False)
    )
    return (
        f'<table width="100%" cellspacing="0" cellpadding="6" bgcolor="{theme.code_background}"'
        ' style="margin-top:8px; margin-bottom:0px;">'
        f'<tr><td bgcolor="{theme.code_header_background}">'
        f'<span style="color:{theme.muted_text}; font-size:small;">{label}</span></td>'
        f'<td align="right" bgcolor="{theme.code_header_background}">'
        f'<a href="{COPY_SCHEME}{index}" style="color:{theme.link}; font-size:small;">'
        f"{escape(labels.copy, quote=False)}</a></td></tr>"
        f'<tr><td colspan="2">{code_pre(theme)}\n{body}\n</pre></td></tr></table>'
    )


def code_pre(theme: Theme) -> str:
    """The opening tag of a code block's `<pre>` (its font and base colour)."""
    colour = _base_colour(theme.pygments_style, theme.text)
    return (
        f'<pre style="font-family:{theme.code_font}; color:{colour};'
        ' white-space:pre-wrap; margin:0px;">'
    )
