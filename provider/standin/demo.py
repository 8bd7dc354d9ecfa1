"""The demo responder: a deterministic markdown reply to the last user message, in tokens.

Used when a scenario scripts no chunks, and by the app's `--demo` mode, so the whole chat
(streaming, markdown rendering, stop) can be tried without an account or a network.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from provider.standin.received import ReadFile, received_section

_LLAMA3_USER = re.compile(
    r"<\|start_header_id\|>user<\|end_header_id\|>\n\n(.*?)(?:<\|eot_id\|>|$)", re.DOTALL
)
_INST = re.compile(r"\[INST\](.*?)(?:\[/INST\]|$)", re.DOTALL)
_GENERIC_USER = re.compile(r"(?:^|\n)User:(.*?)(?=\nAssistant:|\nUser:|$)", re.DOTALL)

# Words keep their leading space (" world"); punctuation stands apart, a run of the same mark
# ("**", "```") being one token as real tokenizers have it; newlines come as their own tokens.
_TOKEN = re.compile(r"\n+|[ \t]*[\w']+|[ \t]*([^\w\s])\1*|\s", re.DOTALL)

MAX_QUOTE = 500


def _message_text(content: Any) -> str:
    """The text of a chat message's content: a string, or a list of OpenAI-style parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [p.get("text", "") for p in content if isinstance(p, Mapping)]
        return "\n".join(p for p in parts if isinstance(p, str))
    return ""


def last_user_message(model_input: Mapping[str, Any]) -> str:
    """The last thing the user said, from `messages` or from a templated `prompt`."""
    messages = model_input.get("messages")
    if isinstance(messages, list):
        for message in reversed(messages):
            if isinstance(message, Mapping) and message.get("role") == "user":
                return _message_text(message.get("content")).strip()
    prompt = model_input.get("prompt")
    if not isinstance(prompt, str):
        return ""
    for pattern in (_LLAMA3_USER, _INST, _GENERIC_USER):
        turns = pattern.findall(prompt)
        if turns:
            return str(turns[-1]).strip()
    return prompt.strip()


def _quote(question: str) -> str:
    """The question as a markdown block quote, shortened when long."""
    if not question:
        return "> *(an empty message)*"
    if len(question) > MAX_QUOTE:
        question = question[:MAX_QUOTE].rstrip() + "…"
    return "\n".join(f"> {line}".rstrip() for line in question.splitlines())


_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def demo_reply(question: str, model: str | None = None) -> str:
    """A friendly markdown reply that says plainly it comes from the offline stand-in.

    A question written in Cyrillic gets the reply in Russian, as a real model would answer.
    """
    words = len(question.split())
    if _CYRILLIC.search(question):
        return _russian_reply(question, model, words)
    called = f" (you picked `{model}`)" if model else ""
    lines = [
        "## Offline demo reply",
        "",
        "Hi! This reply comes from the **Replicate Chat demo stand-in**, a small server running "
        f"on your own computer. No real model was called{called}, and nothing left your machine.",
        "",
        "You asked:",
        "",
        _quote(question),
        "",
        "Here is what the demo can show you:",
        "",
        "- **Streaming**, one token at a time",
        "- *Markdown* rendering: headings, lists and tables",
        "- `inline code` and fenced code blocks",
        "",
        "| Feature | In demo mode |",
        "| --- | --- |",
        "| Streaming replies | ✅ simulated |",
        "| Real answers | ❌ needs an API token |",
        "",
        *_CODE,
        "",
        f"Your message had {words} word{'s' if words != 1 else ''}. To chat with a real model, "
        "start Replicate Chat without --demo and paste your Replicate API token.",
    ]
    return "\n".join(lines)


_CODE = [
    "```python",
    "def count_words(question: str) -> int:",
    '    """Count the words, as this demo did."""',
    "    return len(question.split())",
    "```",
]


def _russian_words(count: int) -> str:
    """«слово», «слова» or «слов», as Russian agrees a noun with a number."""
    if count % 10 == 1 and count % 100 != 11:
        return "слово"
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return "слова"
    return "слов"


def _russian_reply(question: str, model: str | None, words: int) -> str:
    called = f" (вы выбрали `{model}`)" if model else ""
    lines = [
        "## Демонстрационный ответ",
        "",
        "Привет! Этот ответ пришёл от **демонстрационного сервера Replicate Chat**, небольшого "
        f"сервера на вашем компьютере. Настоящая модель не вызывалась{called}, и ничего не "
        "покинуло ваш компьютер.",
        "",
        "Вы спросили:",
        "",
        _quote(question),
        "",
        "Что можно посмотреть в демо-режиме:",
        "",
        "- **Потоковый вывод**, по одному токену",
        "- Разметка *Markdown*: заголовки, списки и таблицы",
        "- `код в строке` и блоки кода",
        "",
        "| Возможность | В демо-режиме |",
        "| --- | --- |",
        "| Потоковые ответы | ✅ имитация |",
        "| Настоящие ответы | ❌ нужен токен API |",
        "",
        *_CODE,
        "",
        f"В вашем сообщении {words} {_russian_words(words)}. Чтобы говорить с настоящей моделью, "
        "запустите Replicate Chat без --demo и вставьте свой токен Replicate API.",
    ]
    return "\n".join(lines)


def tokenize(text: str) -> list[str]:
    """Split text into realistic tokens whose concatenation is exactly `text`.

    Every third newline run is glued to the token before it (".\\n\\n"), and some double
    newlines are split in two, so clients meet both single-newline tokens and chunks that
    carry a newline among other characters.
    """
    tokens: list[str] = []
    newline_runs = 0
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token.startswith("\n"):
            newline_runs += 1
            if newline_runs % 3 == 1 and tokens:
                tokens[-1] += token
                continue
            if newline_runs % 3 == 2 and len(token) == 2:
                tokens.extend(("\n", "\n"))
                continue
        tokens.append(token)
    return tokens


def demo_thought(question: str) -> str:
    """What the demo's reasoning model "thinks" before it answers: as DeepSeek-R1 on Replicate
    streams it, already inside the thought (its template opened it), ending with `</think>`."""
    return (
        f"The person asked: “{' '.join(question.split())[:120]}”. I am the offline stand-in, "
        "not a real model, so I should say so plainly.\n\nThen show what the demo can do: "
        "streaming, markdown, a table and some code.\n</think>\n\n"
    )


def demo_chunks(
    model_input: Mapping[str, Any], model: str | None = None, read_file: ReadFile | None = None
) -> list[str]:
    """The demo reply to this input, as the tokens a stand-in prediction streams; a reasoning
    model's (DeepSeek-R1) thinks first. A request with images or documents is first told what
    they were ("What I received"); `read_file` reads the stand-in's own uploaded files."""
    question = last_user_message(model_input)
    reply = demo_reply(question, model)
    received = received_section(
        model_input, question, read_file, russian=bool(_CYRILLIC.search(question))
    )
    if received:
        reply = "\n".join([*received, reply])
    if model is not None and "deepseek-r1" in model:
        reply = demo_thought(question) + reply
    return tokenize(reply)
