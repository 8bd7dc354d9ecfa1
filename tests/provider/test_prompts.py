"""Prompt renderings of a chat history: the seed's transcript, Llama 3's template, `messages`."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provider.prompts import (
    Message,
    chat_messages,
    format_prompt,
    is_llama3,
    llama3_prompt,
    message_text,
    split_system,
)

PROPERTY = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

BOT = "<|begin_of_text|>"
SYSTEM = "<|start_header_id|>system<|end_header_id|>\n\n"
USER = "<|start_header_id|>user<|end_header_id|>\n\n"
ASSISTANT = "<|start_header_id|>assistant<|end_header_id|>\n\n"
EOT = "<|eot_id|>"


def msg(role: str, content: Any) -> dict[str, Any]:
    return {"role": role, "content": content}


# -- message_text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "text"),
    [
        (None, ""),
        ("", ""),
        ("plain  text\n", "plain  text\n"),
        ([{"type": "text", "text": "a"}, {"type": "text", "text": " b"}], "a b"),
        (
            [
                {"type": "text", "text": "look: "},
                {"type": "image_url", "image_url": {"url": "https://x/y.png"}},
                {"type": "input_audio", "input_audio": {"data": "AAAA"}},
                {"text": "untyped parts are text"},
            ],
            "look: untyped parts are text",
        ),
        (["a", "b"], "ab"),
        ([{"type": "text"}], ""),
        ([{"type": "text", "text": None}, "a"], "a"),  # not the word "None"
        ({"type": "text", "text": None}, ""),
        ([], ""),
        ({"type": "text", "text": "one part"}, "one part"),
    ],
)
def test_message_text(content: Any, text: str) -> None:
    assert message_text(content) == text


# -- format_prompt --------------------------------------------------------------------------------


def test_a_single_message_is_sent_as_bare_text() -> None:
    assert format_prompt([msg("user", "Hello there")]) == "Hello there"


def test_a_single_message_with_parts_is_bare_text() -> None:
    parts = [{"type": "text", "text": "Hi"}, {"type": "image_url", "image_url": {"url": "u"}}]
    assert format_prompt([msg("user", parts)]) == "Hi"


def test_several_messages_become_a_transcript_ending_in_assistant() -> None:
    history = [msg("user", "Hi"), msg("assistant", "Hello!"), msg("user", "How are you?")]
    assert format_prompt(history) == "User: Hi\nAssistant: Hello!\nUser: How are you?\nAssistant:"


def test_blank_messages_are_left_out_of_the_transcript() -> None:
    history = [
        msg("user", "Hi"),
        msg("assistant", ""),
        msg("assistant", "  \n\t"),
        msg("assistant", None),
        msg("user", "Again"),
    ]
    assert format_prompt(history) == "User: Hi\nUser: Again\nAssistant:"


def test_the_system_message_is_in_the_transcript_unless_excluded() -> None:
    history = [msg("system", "Be brief."), msg("user", "Hi"), msg("assistant", "Yo")]
    assert format_prompt(history) == "System: Be brief.\nUser: Hi\nAssistant: Yo\nAssistant:"
    assert format_prompt(history, include_system=False) == "User: Hi\nAssistant: Yo\nAssistant:"


def test_without_the_system_a_lone_turn_is_bare_text() -> None:
    history = [msg("system", "Be brief."), msg("user", "Hi")]
    assert format_prompt(history, include_system=False) == "Hi"


def test_roles_are_capitalised_and_a_missing_role_is_user() -> None:
    history = [{"content": "no role"}, msg("ASSISTANT", "shout"), msg("tool", "42")]
    assert format_prompt(history) == "User: no role\nAssistant: shout\nTool: 42\nAssistant:"


def test_multiline_text_is_kept_verbatim_in_the_transcript() -> None:
    history = [msg("user", "line 1\n\n  line 2"), msg("assistant", "```\ncode\n```")]
    expected = "User: line 1\n\n  line 2\nAssistant: ```\ncode\n```\nAssistant:"
    assert format_prompt(history) == expected


# -- llama3_prompt --------------------------------------------------------------------------------


def test_llama3_prompt_with_system_and_several_turns() -> None:
    history = [
        msg("system", "You are terse."),
        msg("user", "Hi"),
        msg("assistant", "Hello."),
        msg("user", "Bye"),
    ]
    assert llama3_prompt(history) == (
        "<|begin_of_text|>"
        "<|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|>"
        "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
        "<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>"
        "<|start_header_id|>user<|end_header_id|>\n\nBye<|eot_id|>"
        "<|start_header_id|>assistant<|end_header_id|>\n\n"
    )


def test_llama3_prompt_without_system_has_no_system_header() -> None:
    prompt = llama3_prompt([msg("user", "Hi")])
    assert prompt == f"{BOT}{USER}Hi{EOT}{ASSISTANT}"
    assert "system" not in prompt


def test_llama3_prompt_takes_an_explicit_system_prompt_first() -> None:
    history = [msg("system", "From history."), msg("user", "Hi")]
    prompt = llama3_prompt(history, system_prompt="Explicit.")
    assert prompt == f"{BOT}{SYSTEM}Explicit.\n\nFrom history.{EOT}{USER}Hi{EOT}{ASSISTANT}"


def test_llama3_prompt_maps_unknown_roles_to_user() -> None:
    prompt = llama3_prompt([msg("tool", "42"), msg("Assistant", "ok")])
    assert prompt == f"{BOT}{USER}42{EOT}{ASSISTANT}ok{EOT}{ASSISTANT}"


def test_llama3_prompt_always_ends_with_the_assistant_header() -> None:
    for history in ([], [msg("user", "a")], [msg("user", "a"), msg("assistant", "b")]):
        assert llama3_prompt(history).endswith(ASSISTANT)
        assert llama3_prompt(history).startswith(BOT)


# -- is_llama3 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        "meta/meta-llama-3-70b-instruct",
        "meta/meta-llama-3-8b-instruct",
        "meta/meta-llama-3.1-405b-instruct",
        "meta/Meta-Llama-3-8B-Instruct",
        "meta/meta-llama-3-8b-instruct:5a6809ca6288247d06daf6365557e5e429063f32a21146b2a807c682652136b8",
        "someone/llama3-8b-chat",
    ],
)
def test_llama3_models(model: str) -> None:
    assert is_llama3(model)


@pytest.mark.parametrize(
    "model",
    [
        "meta/llama-4-scout-instruct",
        "meta/llama-2-70b-chat",
        "mistralai/mixtral-8x7b-instruct-v0.1",
        "mistralai/mixtral-8x7b-instruct-v0.1:7b3212fbaf88310cfef07a061ce94224e82efc8403c26fc67e8f6c065de51f21",
        "meta/codellama-34b-instruct",
        "someone/llama-30b",
        "openai/gpt-4o-mini",
        "someone/not-llama-3:meta-llama-3",  # only the name counts, not the version
        "",
    ],
)
def test_not_llama3_models(model: str) -> None:
    assert not is_llama3(model)


# -- chat_messages and split_system ---------------------------------------------------------------


def test_chat_messages_put_the_system_first() -> None:
    history = [msg("user", "Hi"), msg("system", "Be brief."), msg("assistant", "Yo")]
    assert chat_messages(history) == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Yo"},
    ]


def test_chat_messages_merge_the_explicit_system_prompt() -> None:
    history = [msg("system", "From history."), msg("user", "Hi")]
    assert chat_messages(history, system_prompt="Explicit.") == [
        {"role": "system", "content": "Explicit.\n\nFrom history."},
        {"role": "user", "content": "Hi"},
    ]


def test_chat_messages_without_system() -> None:
    assert chat_messages([msg("user", "Hi")]) == [{"role": "user", "content": "Hi"}]


def test_chat_messages_map_unknown_roles_to_user_and_flatten_parts() -> None:
    history = [
        msg("tool", "42"),
        {"content": "no role"},
        msg("USER", [{"type": "text", "text": "a"}, {"type": "image_url", "image_url": {}}]),
        msg("Assistant", None),
    ]
    assert chat_messages(history) == [
        {"role": "user", "content": "42"},
        {"role": "user", "content": "no role"},
        {"role": "user", "content": "a"},
        {"role": "assistant", "content": ""},
    ]


def test_split_system_separates_and_joins_system_texts() -> None:
    history = [
        msg("system", "One."),
        msg("user", "Hi"),
        msg("SYSTEM", [{"type": "text", "text": "Two."}]),
        msg("system", ""),
        msg("assistant", "Yo"),
    ]
    system, turns = split_system(history, system_prompt="Zero.")
    assert system == "Zero.\n\nOne.\n\nTwo."
    assert turns == [msg("user", "Hi"), msg("assistant", "Yo")]


def test_split_system_does_not_repeat_the_same_system_text() -> None:
    history = [msg("system", "Same."), msg("system", "Same."), msg("user", "Hi")]
    assert split_system(history, system_prompt="Same.")[0] == "Same."


def test_split_system_without_any_system_is_none() -> None:
    system, turns = split_system([msg("user", "Hi")])
    assert system is None
    assert turns == [msg("user", "Hi")]
    assert split_system([], system_prompt="")[0] is None


# -- nothing is ever lost (Hypothesis) ------------------------------------------------------------

_PIECES = [
    "שלום עולם",
    "مرحبا",
    "\u202eevil\u202c",
    "\u200f",
    "🦙",
    "👩‍💻",
    "🇺🇦",
    "漢字",
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\n",
    "\t",
    "  ",
    "User: fake turn",
    "<|eot_id|>",
    "{prompt}",
    "x" * 3000,
]
_CONTENT_TEXT = st.lists(st.one_of(st.text(), st.sampled_from(_PIECES)), max_size=5).map("".join)
_ROLES = st.one_of(
    st.sampled_from(["user", "assistant", "system", "User", "ASSISTANT", "tool", "function", ""]),
    st.none(),
    st.text(max_size=8),
)


@st.composite
def messages(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A message in one of the shapes a history can hold, and the text it carries."""
    text = draw(_CONTENT_TEXT)
    shape = draw(st.sampled_from(["str", "parts", "none", "no-content"]))
    message: dict[str, Any] = {}
    if shape == "str":
        message["content"] = text
    elif shape == "parts":
        split = draw(st.integers(min_value=0, max_value=len(text)))
        message["content"] = [
            {"type": "text", "text": text[:split]},
            {"type": "image_url", "image_url": {"url": "https://example.com/x.png"}},
            {"type": "text", "text": text[split:]},
        ]
    elif shape == "none":
        message["content"] = None
        text = ""
    else:
        text = ""
    if draw(st.booleans()):
        message["role"] = draw(_ROLES)
    return message, text


@PROPERTY
@given(
    history=st.lists(messages(), max_size=8),
    system_prompt=st.none() | _CONTENT_TEXT,
)
def test_no_history_raises_and_no_text_is_lost(
    history: list[tuple[dict[str, Any], str]], system_prompt: str | None
) -> None:
    conversation: list[Message] = [message for message, _ in history]
    transcript = format_prompt(conversation)
    without_system = format_prompt(conversation, include_system=False)
    llama = llama3_prompt(conversation, system_prompt)
    native = chat_messages(conversation, system_prompt)
    native_text = "\n".join(item["content"] for item in native)
    assert llama.endswith(ASSISTANT)
    assert all(item["role"] in ("system", "user", "assistant") for item in native)
    assert [item["role"] for item in native].count("system") <= 1
    for message, text in history:
        assert message_text(message.get("content")) == text
        if not text.strip():
            continue
        assert text in transcript
        assert text in llama
        assert text in native_text
        is_system = str(message.get("role") or "").lower() == "system"
        if not is_system:
            assert text in without_system
            assert {"role": _expected_role(message), "content": text} in native
    if system_prompt:
        assert system_prompt in llama
        assert native[0]["role"] == "system"
        assert native[0]["content"].startswith(system_prompt)


def _expected_role(message: Message) -> str:
    return "assistant" if str(message.get("role") or "").lower() == "assistant" else "user"
