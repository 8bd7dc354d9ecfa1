"""Context windows, the token estimate, turns, and failures for length (provider/context.py),
and the stand-in's models that fail long prompts the way Replicate's servers do."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provider import CHAT_MODELS, PromptTooLongError, ReplicateClient
from provider.context import (
    CONTEXT_WINDOWS,
    TurnCosts,
    estimate_tokens,
    group_turns,
    known_window,
    length_failure,
)
from provider.errors import PredictionFailedError, prediction_failure
from provider.standin import CATALOG, StandIn
from provider.standin.prediction import count_tokens

SMALL = "standin/small-context-chat"  # 1,024 tokens, takes a Llama 3 style prompt
SMALL_MESSAGES = "standin/small-context-messages"  # 4,096 tokens, takes `messages`


def test_every_catalogue_model_has_a_window_with_its_source() -> None:
    # The app's catalogue, and the stand-in's models that stand for real ones (not its own
    # `standin/` models, whose windows the stand-in sets itself).
    standing_for_real = {m.ref for m in CATALOG if m.is_chat and m.owner != "standin"}
    for ref in {model.ref for model in CHAT_MODELS} | standing_for_real:
        window = known_window(ref)
        assert window is not None, ref
        assert window.tokens >= 4096 and window.source
    assert set(CONTEXT_WINDOWS) == {model.ref for model in CHAT_MODELS} | standing_for_real


def test_the_vision_models_windows() -> None:
    assert known_window("google/gemini-2.5-flash").tokens == 1_048_576  # type: ignore[union-attr]
    assert known_window("yorickvp/llava-13b").tokens == 4_096  # type: ignore[union-attr]


def test_a_version_or_capitals_find_the_same_window() -> None:
    assert known_window("Meta/Meta-Llama-3-70B-Instruct:abc123") == known_window(
        "meta/meta-llama-3-70b-instruct"
    )
    assert known_window("meta/meta-llama-3-70b-instruct").tokens == 8192  # type: ignore[union-attr]
    assert known_window("someone/unknown-model") is None


@pytest.mark.parametrize(
    ("text", "prompt", "limit"),
    [
        (
            "E1002 PromptTooLong: Prompt length (9000) exceeds maximum input length (8192)",
            9000,
            8192,
        ),
        ("prompt length (12,345) exceeds maximum input length (4,096)", 12345, 4096),
        (
            "This model's maximum context length is 8192 tokens. However, you requested 9000 "
            "tokens (8000 in the messages, 1000 in the completion).",
            8000,
            8192,
        ),
        ("This model's maximum context length is 32768 tokens.", None, 32768),
        (
            "The prompt (total length 9000) is too long to fit into the model (context length "
            "8192).",
            9000,
            8192,
        ),
        ("Input prompt (9000 tokens) is too long and exceeds limit of 8192", 9000, 8192),
        ("prompt is too long: 210000 tokens > 200000 maximum", 210000, 200000),
        (
            "The input token count (1200000) exceeds the maximum number of tokens allowed "
            "(1048576).",
            1200000,
            1048576,
        ),
        ("E1002 PromptTooLong", None, None),
        ("context_length_exceeded", None, None),
    ],
)
def test_length_failures_are_recognised_with_their_figures(
    text: str, prompt: int | None, limit: int | None
) -> None:
    found = length_failure(text)
    assert found is not None
    assert (found.prompt_tokens, found.limit) == (prompt, limit)


@pytest.mark.parametrize(
    "text",
    ["CUDA out of memory", "E1001 PromptRequired", "E1102 max_new_tokens and max_tokens", ""],
)
def test_other_failures_are_not_length_failures(text: str) -> None:
    assert length_failure(text) is None
    assert type(prediction_failure(text, "p1")) is PredictionFailedError


def test_a_length_failure_is_a_typed_prediction_failure() -> None:
    error = prediction_failure(
        "E1002 PromptTooLong: Prompt length (2000) exceeds maximum input length (1024)", "p1"
    )
    assert isinstance(error, PromptTooLongError)
    assert isinstance(error, PredictionFailedError)  # code that caught the old error still does
    assert (error.prompt_tokens, error.limit, error.prediction_id) == (2000, 1024, "p1")
    assert "E1002" in str(error)


def test_the_estimate_counts_the_pieces_a_tokenizer_makes() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("the cat sat") == 3
    assert estimate_tokens("internationalization") == 4  # one token per six letters
    assert estimate_tokens("1234567") == 3  # digits go in threes
    assert estimate_tokens("日本語のテキスト") == 8  # one token per CJK or kana character
    assert estimate_tokens("Привет") == 2  # other scripts: one per three letters
    assert estimate_tokens("a\n\n    b") == 3  # a line break with its indentation is one
    assert estimate_tokens("🙂") == 3  # an emoji is several byte-level tokens


@given(st.text(max_size=200), st.text(max_size=200))
def test_the_estimate_of_two_paragraphs_is_their_sum_and_a_break(first: str, second: str) -> None:
    joined = estimate_tokens(f"{first}\n{second}")
    # A break between them costs one; pieces that met at the seam may merge (at most a few).
    assert estimate_tokens(first) + estimate_tokens(second) - 2 <= joined
    assert joined <= estimate_tokens(first) + estimate_tokens(second) + 1


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=400))
def test_english_text_errs_high_against_a_word_count(text: str) -> None:
    assert estimate_tokens(text) >= len(text.split()) // 2


def test_turns_are_a_question_with_its_answers() -> None:
    roles = ["assistant", "user", "assistant", "assistant", "user", "user", "assistant"]
    assert group_turns(roles) == [range(0, 1), range(1, 4), range(4, 5), range(5, 7)]
    assert group_turns([]) == []


def test_turn_costs_say_how_many_newest_turns_fit() -> None:
    costs = TurnCosts([100, 50, 30, 20])  # oldest first
    assert [costs.newest(n) for n in range(5)] == [0, 20, 50, 100, 200]
    assert costs.fitting(49) == 1
    assert costs.fitting(50) == 2
    assert costs.fitting(199) == 3
    assert costs.fitting(float("inf")) == 4
    assert costs.fitting(float("inf"), most=2) == 2
    assert costs.fitting(5) == 1  # the question being asked always goes
    assert costs.fitting(5, at_least=0) == 0
    assert TurnCosts([]).fitting(100) == 0


def test_the_standin_counts_words_punctuation_and_template_tokens() -> None:
    prompt = "<|begin_of_text|>Hello, world!"
    assert count_tokens({"prompt": prompt, "system_prompt": "Be brief."}) == 5 + 3
    messages = [{"role": "user", "content": "one two"}, {"role": "assistant", "content": "x"}]
    assert count_tokens({"messages": messages}) == 3


async def test_a_prompt_longer_than_the_window_is_created_then_fails(
    standin: StandIn, client: ReplicateClient
) -> None:
    long_question = "word " * 1500
    with pytest.raises(PromptTooLongError) as raised:
        async for _ in client.stream_chat(SMALL, [{"role": "user", "content": long_question}]):
            pass
    assert raised.value.limit == 1024
    assert raised.value.prompt_tokens == 1500  # a lone message goes as its bare text
    (prediction,) = standin.predictions.values()
    assert prediction.status == "failed"
    assert prediction.output == []
    assert prediction.error.startswith("E1002 PromptTooLong")  # type: ignore[union-attr]


async def test_a_prompt_that_fits_is_answered_and_counted(
    standin: StandIn, client: ReplicateClient
) -> None:
    history = [{"role": "user", "content": "A short question, please."}]
    text = ""
    async for event in client.stream_chat(SMALL_MESSAGES, history):
        text += getattr(event, "text", "")
    assert text
    (prediction,) = standin.predictions.values()
    assert prediction.status == "succeeded"
    assert prediction.metrics["input_token_count"] == count_tokens(prediction.input) == 6
