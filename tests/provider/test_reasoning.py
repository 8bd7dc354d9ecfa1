"""The thought split from the answer while streaming (provider/reasoning.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provider.reasoning import ThinkSplitter, split_reply, starts_inside_thought

PIECES = ["<think>", "</think>", "<", "</", "think", ">", "\n", " ", "Hmm.", "4", "<thi", "nk>"]
replies = st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=12).map("".join)


def fed_in(chunks: list[str], inside: bool) -> tuple[str | None, str, str, str]:
    splitter = ThinkSplitter(inside=inside)
    thought = answer = ""
    for chunk in chunks:
        got_thought, got_answer = splitter.feed(chunk)
        thought, answer = thought + got_thought, answer + got_answer
    got_thought, got_answer = splitter.finish()
    split = splitter.split()
    return split.thought, split.answer, thought + got_thought, answer + got_answer


@given(replies, st.lists(st.integers(0, 60), max_size=6), st.booleans())
def test_every_cut_of_a_stream_gives_the_same_split(text: str, cuts: list[int], inside: bool):
    whole = split_reply(text, inside=inside)
    points = sorted({min(cut, len(text)) for cut in cuts})
    chunks = [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]
    thought, answer, streamed_thought, streamed_answer = fed_in(chunks, inside)
    assert (thought, answer) == (whole.thought, whole.answer)
    # What was handed out while streaming adds up to the same split.
    assert (streamed_thought, streamed_answer) == (whole.thought or "", whole.answer)


@given(replies, st.booleans())
def test_one_character_at_a_time_gives_the_same_split(text: str, inside: bool):
    whole = split_reply(text, inside=inside)
    assert fed_in(list(text), inside)[:2] == (whole.thought, whole.answer)


@pytest.mark.parametrize(
    ("text", "inside", "thought", "answer"),
    [
        ("<think>\nLet me see.\n</think>\n\nIt is 4.", False, "\nLet me see.\n", "It is 4."),
        ("  \n<think>a</think>b", False, "a", "b"),
        # DeepSeek-R1 on Replicate: the template opened the thought; only the end arrives.
        ("Let me see.\n</think>\n\nIt is 4.", True, "Let me see.\n", "It is 4."),
        ("<think>\nopened anyway</think>It is 4.", True, "\nopened anyway", "It is 4."),
        # A thought that never closes (stopped, failed) is all thought.
        ("<think>Still thinking", False, "Still thinking", ""),
        ("Still thinking", True, "Still thinking", ""),
        # Tags mentioned later are the answer's text.
        ("Use <think> and </think> tags.", False, None, "Use <think> and </think> tags."),
        ("<think>a</think>Then <think>b</think>", False, "a", "Then <think>b</think>"),
        ("", False, None, ""),
        ("", True, "", ""),
    ],
)
def test_the_split(text: str, inside: bool, thought: str | None, answer: str) -> None:
    split = split_reply(text, inside=inside)
    assert (split.thought, split.answer) == (thought, answer)


def test_a_tag_cut_across_chunks_is_held_back_until_it_is_certain() -> None:
    splitter = ThinkSplitter()
    assert splitter.feed("<th") == ("", "")
    assert splitter.feed("ink>Hmm") == ("Hmm", "")
    assert splitter.thinking
    assert splitter.feed(" ok</thi") == (" ok", "")
    assert not splitter.settled  # the line breaks after the tag may still come
    assert splitter.feed("nk>\n\nYes") == ("", "Yes")
    assert not splitter.thinking and splitter.settled


def test_which_models_begin_inside_a_thought() -> None:
    assert starts_inside_thought("deepseek-ai/deepseek-r1")
    assert starts_inside_thought("deepseek-ai/deepseek-r1:abc")
    assert not starts_inside_thought("deepseek-ai/deepseek-v3")
    assert not starts_inside_thought("meta/meta-llama-3-70b-instruct")
    assert not starts_inside_thought(None)
