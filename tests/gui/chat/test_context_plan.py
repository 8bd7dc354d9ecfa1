"""The trimming rule and the gauge's arithmetic (gui/chat/context_plan.py), without Qt."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from gui.chat.context_plan import DEFAULT_REPLY_ROOM, WARM_SLICE, ContextPlanner, sendable
from gui.config.model_memory import ModelMemory
from gui.config.settings import GenerationSettings
from gui.store.records import COMPLETE, FAILED, Message
from provider.context import MESSAGE_OVERHEAD, PROMPT_OVERHEAD

MODEL = "someone/chat-model"  # not in the provider's table: the tests set its window


def message(number: int, role: str, content: str, status: str = COMPLETE) -> Message:
    return Message(number, 1, number, role, content, status, None, MODEL, None, 0.0, 0.0)


def words(count: int) -> str:
    """`count` tokens by the planner's test estimate below (one per word)."""
    return " ".join(["word"] * count)


def count_words(text: str) -> int:
    return len(text.split())


def conversation(turn_sizes: list[int]) -> list[Message]:
    """A question of `size` words and an answer of `size` words per turn, oldest first."""
    messages = []
    for size in turn_sizes:
        messages.append(message(len(messages) + 1, "user", words(size)))
        messages.append(message(len(messages) + 1, "assistant", words(size)))
    return messages


def counting_estimate() -> tuple[list[str], Callable[[str], int]]:
    """The test estimate, and the list of every text it was asked about."""
    calls: list[str] = []

    def counting(text: str) -> int:
        calls.append(text)
        return count_words(text)

    return calls, counting


def planner(memory: ModelMemory) -> ContextPlanner:
    return ContextPlanner(lambda: memory, estimate=count_words)


def calibrated(window: int) -> ModelMemory:
    """A memory with `model`'s window set and a calibration of exactly 1 (small margin)."""
    memory = ModelMemory()
    memory.set_window(MODEL, window)
    memory.learn_count(MODEL, 100, 100)
    return memory


def cost(size: int) -> int:
    return 2 * (size + MESSAGE_OVERHEAD)  # a turn: question and answer of `size` words each


def test_everything_goes_when_it_fits() -> None:
    messages = [*conversation([10, 10]), message(5, "user", words(10))]
    plan = planner(calibrated(10_000)).plan(1, messages, GenerationSettings(model=MODEL))
    assert [m["content"] for m in plan.history] == [m.content for m in messages]
    assert (plan.first_sent_id, plan.left_out) == (None, 0)
    assert plan.estimate == PROMPT_OVERHEAD + 2 * cost(10) + 10 + MESSAGE_OVERHEAD
    assert plan.reply_room == DEFAULT_REPLY_ROOM


def test_the_newest_whole_turns_that_fit_go_with_the_system_prompt() -> None:
    memory = calibrated(2000)
    settings = GenerationSettings(model=MODEL, system_prompt="Be brief.", max_tokens=500)
    messages = [*conversation([300, 300, 200]), message(7, "user", words(100))]
    plan = planner(memory).plan(1, messages, settings)
    # Room: (2000 - 500) * 0.97 = 1455; fixed: 8 + 2 + 4 = 14; the question 104; the 200-word
    # turn 408: 526 in all; a 300-word turn (608) more would make 1134 + 14 < 1455, fits; the
    # next one would not.
    assert [m["content"] for m in plan.history] == [m.content for m in messages[2:]]
    assert plan.first_sent_id == 3 and plan.left_out == 2
    assert plan.history[0]["role"] == "user"  # never an answer without its question
    assert plan.estimate <= (2000 - 500) * 0.97
    assert plan.estimate == 14 + cost(300) + cost(200) + 100 + MESSAGE_OVERHEAD


def test_a_question_alone_too_long_is_sent_alone() -> None:
    messages = [*conversation([10]), message(3, "user", words(5000))]
    plan = planner(calibrated(1024)).plan(1, messages, GenerationSettings(model=MODEL))
    assert [m["content"] for m in plan.history] == [words(5000)]
    assert plan.first_sent_id == 3


def test_the_last_n_turns_rule_counts_the_question_being_asked() -> None:
    messages = [*conversation([10, 10, 10]), message(7, "user", "now")]
    settings = GenerationSettings(model=MODEL, history_turns=2)
    plan = planner(calibrated(100_000)).plan(1, messages, settings)
    assert [m["content"] for m in plan.history] == [words(10), words(10), "now"]
    assert plan.first_sent_id == 5


def test_failed_empty_answers_are_not_history() -> None:
    messages = [
        message(1, "user", "a"),
        message(2, "assistant", "", FAILED),
        message(3, "user", "b"),
    ]
    assert [m.id for m in sendable(messages)] == [1, 3]
    plan = planner(ModelMemory()).plan(1, messages, GenerationSettings(model=MODEL))
    assert plan.history == [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}]


def test_without_a_known_window_everything_goes() -> None:
    messages = [*conversation([5000] * 10), message(21, "user", "q")]
    plan = planner(ModelMemory()).plan(1, messages, GenerationSettings(model=MODEL))
    assert len(plan.history) == 21 and plan.window is None


def test_the_calibration_scales_what_fits() -> None:
    messages = [*conversation([100] * 10), message(21, "user", "q")]
    settings = GenerationSettings(model=MODEL, max_tokens=100)
    memory = calibrated(2000)
    before = planner(memory).plan(1, messages, settings)
    memory.learn_overflow(MODEL, 100, 200)  # the model counts twice what the estimate says
    after = planner(memory).plan(1, messages, settings)
    assert after.left_out > before.left_out
    assert after.tokens <= (2000 - 100) * 0.97 < after.tokens + cost(100) * 2


def test_a_length_failure_teaches_the_limit_and_the_retry_fits() -> None:
    memory = ModelMemory()
    saves: list[int] = []
    plans = ContextPlanner(lambda: memory, lambda: saves.append(1), estimate=count_words)
    messages = [*conversation([400] * 6), message(13, "user", "q")]
    settings = GenerationSettings(model=MODEL)
    first = plans.plan(1, messages, settings)
    assert first.left_out == 0  # nothing known yet: everything goes
    # The model counted 1.5 tokens per estimated one and reads 2,048.
    plans.too_long(1, MODEL, first, int(first.estimate * 1.5), 2048)
    assert saves and memory.window(MODEL).tokens == 2048  # type: ignore[union-attr]
    retry = plans.plan(1, messages, settings)
    assert retry.left_out > 0
    assert retry.estimate * 1.5 + retry.reply_room <= 2048


def test_a_length_failure_without_figures_halves_the_next_try() -> None:
    memory = ModelMemory()
    plans = planner(memory)
    messages = [*conversation([400] * 6), message(13, "user", "q")]
    settings = GenerationSettings(model=MODEL)
    first = plans.plan(1, messages, settings)
    plans.too_long(1, MODEL, first, None, None)
    retry = plans.plan(1, messages, settings)
    assert retry.estimate <= first.estimate / 2
    assert plans.plan(2, messages, settings).left_out == 0  # another conversation: untouched
    other_model = GenerationSettings(model="someone/bigger-model")
    assert plans.plan(1, messages, other_model).left_out == 0  # another model: untouched
    plans.measured(1, MODEL, retry, None)  # an answer, even uncounted: back to the rule
    assert plans.plan(1, messages, settings).left_out == 0


def test_every_retry_sends_less_even_when_nothing_new_is_learned() -> None:
    # vLLM's "maximum context length is 8192 tokens" names a limit the table already has; a
    # person's Settings value above the real cap wins over what is learned. Either way the next
    # try must be smaller, or "Retry with a shorter history" would fail the same way forever.
    for limit, prompt in ((4096, None), (4096, 5000)):
        memory = ModelMemory()
        memory.set_window(MODEL, 100_000)  # too large: the person's guess
        plans = planner(memory)
        messages = [*conversation([300] * 20), message(41, "user", "q")]
        settings = GenerationSettings(model=MODEL)
        sent = plans.plan(1, messages, settings)
        for _ in range(3):
            plans.too_long(1, MODEL, sent, prompt, limit)
            retry = plans.plan(1, messages, settings)
            assert retry.estimate < sent.estimate
            sent = retry
        assert sent.left_out > 0


def test_a_limit_and_a_count_shrink_the_retry_to_what_fits() -> None:
    memory = ModelMemory()
    plans = planner(memory)
    messages = [*conversation([300] * 20), message(41, "user", "q")]
    settings = GenerationSettings(model=MODEL)
    first = plans.plan(1, messages, settings)
    plans.too_long(1, MODEL, first, first.estimate, 4096)  # the count agrees with the estimate
    retry = plans.plan(1, messages, settings)
    assert retry.estimate + retry.reply_room <= 4096


def test_the_gauge_counts_the_draft_as_the_newest_turn() -> None:
    memory = calibrated(1000)
    plans = planner(memory)
    settings = GenerationSettings(model=MODEL, max_tokens=100)
    history = plans.history(conversation([100, 100, 100]), settings)
    empty = plans.gauge(1, history, settings, "")
    assert empty.sent_messages == 6 and not empty.trimmed and empty.first_sent_id is None
    assert empty.tokens == PROMPT_OVERHEAD + MESSAGE_OVERHEAD + 3 * cost(100)
    # Room: (1000 - 100) * 0.97 = 873; the draft's turn and the overhead 412; two turns of 208
    # fit behind it, the third does not.
    long_draft = plans.gauge(1, history, settings, words(400))
    assert long_draft.trimmed and long_draft.sent_messages == 4
    assert long_draft.first_sent_id == 3
    assert long_draft.share == (long_draft.tokens + 100) / 1000


@given(st.lists(st.integers(1, 400), max_size=30), st.integers(300, 5000), st.integers(0, 600))
def test_what_is_sent_fits_and_is_the_newest_whole_turns(
    sizes: list[int], window: int, draft: int
) -> None:
    memory = calibrated(window)
    settings = GenerationSettings(model=MODEL)
    messages = [*conversation(sizes), message(2 * len(sizes) + 1, "user", words(draft) or "q")]
    plan = planner(memory).plan(1, messages, settings)
    sent = messages[plan.left_out :]
    assert [m["content"] for m in plan.history] == [m.content for m in sent]
    assert sent[0].role == "user"
    if len(sent) > 1:  # more than the question alone: it fits with room for the reply
        assert plan.estimate <= (window - plan.reply_room) * 0.97
    if plan.left_out:  # one more turn would not have fitted
        one_more = cost(sizes[plan.left_out // 2 - 1])
        assert plan.estimate + one_more > (window - plan.reply_room) * 0.97


def test_a_keystroke_estimates_the_draft_alone_however_long_the_conversation() -> None:
    calls, counting = counting_estimate()
    plans = ContextPlanner(lambda: calibrated(100_000), estimate=counting)
    settings = GenerationSettings(model=MODEL)
    history = plans.history(conversation([50] * 500), settings)
    assert len(calls) == 1000
    calls.clear()
    for draft in ("a", "a b", "a b c"):
        plans.gauge(1, history, settings, draft)
    assert calls == ["a", "a b", "a b c"]
    plans.history(conversation([50] * 500), settings)  # read again: every estimate is cached
    assert calls == ["a", "a b", "a b c"]


def test_the_estimates_kept_are_those_of_the_history_read_last() -> None:
    plans = planner(calibrated(100_000))
    settings = GenerationSettings(model=MODEL)
    for first_id in range(0, 100_000, 10_000):  # ten conversations of a thousand messages
        messages = [
            message(first_id + number, "user" if number % 2 else "assistant", "text")
            for number in range(1, 1001)
        ]
        plans.history(messages, settings)
    assert len(plans._cache) <= 3000  # not the 10,000 read
    assert set(range(90_001, 91_001)) <= set(plans._cache)


def test_reading_a_long_history_estimates_what_the_window_can_hold() -> None:
    calls, counting = counting_estimate()
    plans = ContextPlanner(lambda: calibrated(2000), estimate=counting)
    settings = GenerationSettings(model=MODEL, max_tokens=100)
    history = plans.history(conversation([50] * 5000), settings)
    assert len(calls) < 50  # not the 10,000 messages
    reading = plans.gauge(1, history, settings, "")
    assert reading.trimmed and reading.all_messages == 10_000
    assert reading.tokens <= (2000 - 100) * 0.97
    plan = plans.plan(1, [*conversation([50] * 5000), message(10_001, "user", "q")], settings)
    assert plan.estimate <= (2000 - 100) * 0.97 and plan.left_out > 9_900


def test_warming_estimates_in_slices_what_the_history_will_read() -> None:
    calls, counting = counting_estimate()
    plans = ContextPlanner(lambda: calibrated(100_000), estimate=counting)
    settings = GenerationSettings(model=MODEL, max_tokens=100)
    messages = conversation([50] * 5000)  # 10,000 messages, about 540,000 tokens
    slices = plans.warm(messages, settings)
    assert next(slices) == WARM_SLICE and len(calls) == WARM_SLICE  # one slice, then a pause
    rest = list(slices)
    assert len(calls) < 2_000  # the window holds fewer than 2,000 of them
    assert rest and rest[-1] <= len(calls)
    calls.clear()
    history = plans.history(messages, settings)
    assert len(calls) <= 2  # all but a turn's worth was estimated in the slices
    assert plans.gauge(1, history, settings, "").trimmed
