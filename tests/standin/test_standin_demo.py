"""The demo responder: what it answers to, what its reply shows, how it is tokenized."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provider.standin import Scenario, demo_chunks, demo_reply, last_user_message, tokenize
from provider.standin.schemas import LLAMA3_TEMPLATE, MIXTRAL_TEMPLATE

LLAMA3_DIALOGUE = (
    "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe kind.<|eot_id|>"
    "<|start_header_id|>user<|end_header_id|>\n\nFirst question<|eot_id|>"
    "<|start_header_id|>assistant<|end_header_id|>\n\nFirst answer<|eot_id|>"
    "<|start_header_id|>user<|end_header_id|>\n\nSecond\nquestion<|eot_id|>"
    "<|start_header_id|>assistant<|end_header_id|>\n\n"
)


@pytest.mark.parametrize(
    ("model_input", "expected"),
    [
        ({"prompt": "  Just this  "}, "Just this"),
        ({"prompt": LLAMA3_DIALOGUE}, "Second\nquestion"),
        (
            {"prompt": LLAMA3_TEMPLATE.format(system_prompt="S", prompt="templated")},
            "templated",
        ),
        ({"prompt": MIXTRAL_TEMPLATE.format(prompt="mixtral asks")}, "mixtral asks"),
        ({"prompt": "User: one\nAssistant: two\nUser: three\nAssistant:"}, "three"),
        (
            {
                "prompt": "ignored",
                "messages": [
                    {"role": "user", "content": "old"},
                    {"role": "assistant", "content": "reply"},
                    {"role": "user", "content": [{"type": "text", "text": "newest"}]},
                ],
            },
            "newest",
        ),
        ({}, ""),
    ],
)
def test_last_user_message(model_input: dict[str, object], expected: str) -> None:
    assert last_user_message(model_input) == expected


def test_demo_reply_shows_off_markdown_and_says_what_it_is() -> None:
    reply = demo_reply("How do\nI start?", "meta/meta-llama-3-8b-instruct")
    assert reply.startswith("## ")
    assert "demo stand-in" in reply
    assert "No real model was called" in reply
    assert "> How do\n> I start?" in reply
    assert "\n- " in reply
    assert "| --- | --- |" in reply
    assert "```python\n" in reply and reply.count("```") == 2
    assert "meta/meta-llama-3-8b-instruct" in reply
    assert reply == demo_reply("How do\nI start?", "meta/meta-llama-3-8b-instruct")


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("Привет", "1 слово"),
        ("Покажи таблицу, пожалуйста", "3 слова"),
        ("раз два три четыре пять", "5 слов"),
        (" ".join(["слово"] * 11), "11 слов"),
        (" ".join(["слово"] * 21), "21 слово"),
    ],
)
def test_a_question_in_russian_gets_the_demo_reply_in_russian(question: str, counted: str) -> None:
    reply = demo_reply(question, "meta/meta-llama-3-8b-instruct")
    assert reply.startswith("## Демонстрационный ответ")
    assert "Настоящая модель не вызывалась" in reply
    assert f"В вашем сообщении {counted}." in reply
    assert "| --- | --- |" in reply and reply.count("```") == 2
    assert "Offline demo reply" not in demo_reply(question)


def test_demo_tokens_look_like_a_real_stream() -> None:
    tokens = demo_chunks({"prompt": "Tell me a joke"})
    assert "".join(tokens) == demo_reply("Tell me a joke")
    assert " demo" in tokens
    assert "\n" in tokens
    assert any("\n" in t and t.strip() for t in tokens)
    assert "," in tokens and "." in tokens
    # replicate 1.0 would turn these into FileOutput objects; the demo must never send them.
    assert not any(t.startswith(("https:", "data:")) for t in tokens)


def test_long_questions_are_shortened() -> None:
    reply = demo_reply("word " * 400)
    assert "…" in reply
    assert "400 words" in reply


@given(st.text())
def test_tokenize_round_trips(text: str) -> None:
    assert "".join(tokenize(text)) == text


def test_scenario_without_chunks_uses_the_demo() -> None:
    model_input = {"prompt": "Hello there"}
    assert Scenario().resolve_chunks(model_input) == demo_chunks(model_input)
    assert Scenario(chunks=["x"]).resolve_chunks(model_input) == ["x"]


def test_expected_text_follows_faults() -> None:
    assert Scenario(chunks=list("abcd"), error_after=1, cancel_after=3).expected_text() == "a"
    assert Scenario(chunks=list("abcd"), cancel_after=2).final_status() == "canceled"
    assert Scenario(chunks=list("abcd"), error_after=9).final_status() == "failed"
    assert Scenario(chunks=["x", "é!"], invalid_utf8=True).expected_text() == "xé\ufffd\ufffd!"


def test_scenario_rejects_typos() -> None:
    with pytest.raises(ValueError, match="line_ending"):
        Scenario(line_ending="\n\r")
    with pytest.raises(ValueError, match="create_body"):
        Scenario(create_body="nonjson")
