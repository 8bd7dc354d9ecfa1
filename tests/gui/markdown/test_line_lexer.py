"""Highlighting a streaming code block line by line (gui/markdown/line_lexer.py) colours
ordinary code as highlighting it whole does, and always shows its text exactly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pygments.lexer import RegexLexer
from pygments.lexers import get_lexer_by_name
from pygments.token import Keyword, Text

from gui.markdown.code_blocks import ensure_lexer, highlight
from gui.markdown.line_lexer import LineHighlighter, _lex_line, drivable, line_highlighter
from gui.markdown.theme import DARK, LIGHT

SAMPLES = {
    "python": (
        "import os\n\n\n@dataclass\nclass Point:\n"
        "    s = '''A string\n    over lines''' + x\n"
        "    x: int = 0  # a comment\n\n"
        "    def norm(self, *args, **kwargs) -> float:\n"
        "        text = f'{self.x!r} and {{braces}}' + r'\\d+' + b'\\x00'\n"
        "        return (self.x ** 2 + 1e-3) ** 0.5 if args else -1\n"
    ),
    "javascript": (
        "// a comment\nasync function fetchData(url, options = {}) {\n"
        "  const response = await fetch(`${url}/items?id=${options.id}`);\n"
        "  if (!response.ok) throw new Error('failed: ' + response.status);\n"
        "  return response.json().then((x) => x.items.filter(Boolean));\n}\n"
    ),
    "typescript": (
        "interface Item<T> {\n  id: number;\n  value?: T | null;\n}\n"
        "export const items: Item<string>[] = [{ id: 1, value: 'a' }];\n"
    ),
    "bash": (
        "#!/usr/bin/env bash\nset -euo pipefail\nfor f in *.txt; do\n"
        "  echo \"file: $f ${HOME}\" | grep -v '^#' > /dev/null\ndone\n"
    ),
    "sql": (
        "SELECT u.id, COUNT(*) AS n -- count\nFROM users u\n"
        "JOIN orders o ON o.user_id = u.id\nWHERE o.total > 10.5 AND u.name LIKE 'a%'\n"
        "GROUP BY u.id;\n"
    ),
    "rust": (
        "use std::collections::HashMap;\n\nfn main() -> Result<(), String> {\n"
        '    let mut map: HashMap<&str, i32> = HashMap::new();\n    map.insert("a", 1);\n'
        '    println!("{:?}", map);\n    Ok(())\n}\n'
    ),
    "go": (
        'package main\n\nimport "fmt"\n\nfunc main() {\n\tx := []int{1, 2, 3}\n'
        '\tfor i, v := range x {\n\t\tfmt.Printf("%d: %d\\n", i, v)\n\t}\n}\n'
    ),
    "html": (
        '<!DOCTYPE html>\n<html lang="en">\n<head><title>Page</title></head>\n'
        '<body>\n  <p class="x">Text &amp; more</p>\n</body>\n</html>\n'
    ),
    "css": "body {\n  color: #333;\n  margin: 0 auto;\n}\n.a > .b:hover { width: 50%; }\n",
    "toml": '[tool.x]\nname = "x"\nversion = 1\nitems = ["a", "b"]\n',
    "text": "Just text\n  with <tags> & things\n",
    "": "no language named\n  at all <b>\n",
}


def char_types(tokens: list[tuple[object, str]], length: int) -> list[object]:
    """The token type of each of the first `length` characters."""
    types: list[object] = []
    for kind, value in tokens:
        types.extend([kind] * len(value))
    return types[:length]


@pytest.mark.parametrize("language", [name for name in SAMPLES if name not in ("", "text")])
def test_line_by_line_gives_each_character_the_type_a_whole_lex_does(language: str) -> None:
    code = SAMPLES[language]
    lexer = ensure_lexer(language)
    assert lexer is not None and drivable(lexer)
    whole = list(lexer.get_tokens(code))
    stack = ["root"]
    by_line: list[tuple[object, str]] = []
    for line in code.splitlines(keepends=True):
        by_line += _lex_line(lexer, line, stack)  # type: ignore[arg-type]
    assert "".join(value for _kind, value in by_line) == code
    assert char_types(by_line, len(code)) == char_types(whole, len(code))


@pytest.mark.parametrize("language", sorted(SAMPLES))
@pytest.mark.parametrize("theme", [LIGHT, DARK])
def test_the_lines_html_is_the_whole_blocks(language: str, theme: object) -> None:
    code = SAMPLES[language].rstrip("\n")
    style = theme.pygments_style  # type: ignore[attr-defined]
    highlighter = line_highlighter(language, style)
    assert highlighter is not None
    *complete, last = code.split("\n")
    lines = [highlighter.line(line) for line in complete]
    partial = highlighter.partial(last)
    assert highlighter.partial(last) == partial  # the incomplete line leaves no state behind
    whole = _merged(highlight(code, language, style))
    assert _merged("".join(broken for _line, broken in lines) + partial) == whole
    assert _merged("\n".join([line for line, _broken in lines] + [partial])) == whole


def _merged(html: str) -> list[tuple[str, str]]:
    """(style, character) pairs of span HTML: the same text in the same colours, however the
    runs are cut."""
    import re
    from html import unescape

    pairs: list[tuple[str, str]] = []
    for style, inner, bare in re.findall(r'<span style="([^"]*)">([^<]*)</span>|([^<]+)', html):
        pairs += [(style, char) for char in unescape(inner or bare)]
    # A line break between runs is unstyled or in the run's style: only the text matters there.
    return [("", char) if char == "\n" else (style, char) for style, char in pairs]


def test_lexers_that_cannot_be_driven_are_left_to_whole_highlighting() -> None:
    # C post-processes its names, Ruby is an ExtendedRegexLexer, JSON is not a RegexLexer.
    for language in ("c", "ruby", "json"):
        assert line_highlighter(language, LIGHT.pygments_style) is None
    tabs = get_lexer_by_name("python", tabsize=4)
    assert not drivable(tabs)  # tab expansion is preprocessing the lines would not get


def test_a_multi_line_rule_differs_only_in_colour() -> None:
    # JavaScript matches a whole /* */ comment with one expression: a line alone cannot.
    code = "let a = 1; /* a comment\nover two lines */ let b = 'x';"
    highlighter = line_highlighter("javascript", LIGHT.pygments_style)
    assert highlighter is not None
    first, second = code.split("\n")
    html = highlighter.line(first)[1] + highlighter.partial(second)
    assert [char for _style, char in _merged(html)] == list(code)
    assert _merged(html) != _merged(highlight(code, "javascript", LIGHT.pygments_style))


def test_a_line_its_lexer_fails_on_shows_plain() -> None:
    def explode(_lexer: object, _match: object) -> Iterator[tuple[int, object, str]]:
        raise ValueError("this callback wants more than one line")

    class Fragile(RegexLexer):
        tokens = {  # noqa: RUF012 (as Pygments' lexers declare it)
            "root": [(r"boom", explode), (r"\w+", Keyword), (r"[^\w\n]+", Text), (r"\n", Text)]
        }

    highlighter = LineHighlighter(Fragile(), LIGHT.pygments_style)
    assert highlighter.line("a boom <b>") == ("a boom &lt;b&gt;", "a boom &lt;b&gt;\n")
    assert "<span" in highlighter.partial("name")  # the next line is highlighted again
