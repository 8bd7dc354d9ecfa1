"""What the app remembers about models' context (gui/config/model_memory.py) and its place in
the settings file."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gui.config.model_memory import LEARNED, SET, TABLE, Calibration, ModelMemory
from gui.config.settings import AppSettings, GenerationSettings, load_settings, save_settings

LLAMA = "meta/meta-llama-3-70b-instruct"


def test_the_persons_value_wins_then_what_was_learned_then_the_table() -> None:
    memory = ModelMemory()
    assert memory.window(LLAMA).tokens == 8192  # type: ignore[union-attr]
    assert memory.window(LLAMA).origin == TABLE  # type: ignore[union-attr]
    assert memory.window("someone/else") is None
    assert memory.learn_limit(LLAMA + ":abc", 4096)  # versions share what is learned
    assert not memory.learn_limit(LLAMA, 4096)  # no news the second time
    assert (memory.window(LLAMA).tokens, memory.window(LLAMA).origin) == (4096, LEARNED)  # type: ignore[union-attr]
    memory.set_window("Meta/Meta-Llama-3-70B-Instruct", 6000)
    assert (memory.window(LLAMA).tokens, memory.window(LLAMA).origin) == (6000, SET)  # type: ignore[union-attr]
    assert memory.window(LLAMA, own=False).tokens == 4096  # type: ignore[union-attr]
    memory.set_window(LLAMA, None)
    assert memory.window(LLAMA).origin == LEARNED  # type: ignore[union-attr]


def test_a_limit_that_cannot_be_a_window_is_not_learned() -> None:
    memory = ModelMemory()
    assert not memory.learn_limit(LLAMA, 3)
    assert not memory.learn_limit(LLAMA, 10**12)
    assert memory.learned == {}


def test_the_calibration_is_a_mean_then_follows_change() -> None:
    calibration = Calibration()
    for counted in (120, 80, 100):
        assert calibration.learn(100, counted)
    assert abs(calibration.ratio - 1.0) < 1e-9 and calibration.samples == 3
    for _ in range(30):
        calibration.learn(100, 150)  # a new version with another tokenizer
    assert abs(calibration.ratio - 1.5) < 0.01
    assert not calibration.learn(100, 10_000)  # an image's tokens, say: teaches nothing
    assert not calibration.learn(0, 5)


def test_an_overflow_never_leaves_the_estimate_below_the_count() -> None:
    memory = ModelMemory()
    for _ in range(10):
        memory.learn_count(LLAMA, 100, 100)
    memory.learn_overflow(LLAMA, 100, 130)
    assert memory.calibration_for(LLAMA).ratio >= 1.3


@given(
    st.dictionaries(st.sampled_from(["a/b", "c/d:v1", "E/F"]), st.integers(256, 10_000_000)),
    st.dictionaries(
        st.sampled_from(["a/b", "x/y"]),
        st.tuples(st.floats(0.25, 4.0), st.integers(0, 1000)),
    ),
)
def test_the_memory_survives_the_settings_file(
    windows: dict[str, int], calibration: dict[str, tuple[float, int]]
) -> None:
    memory = ModelMemory()
    for model, tokens in windows.items():
        memory.set_window(model, tokens)
        memory.learn_limit(model, tokens)
    for model, (ratio, samples) in calibration.items():
        memory.calibration[model] = Calibration(ratio, samples)
    raw = json.loads(json.dumps(memory.to_dict()))
    again, warnings = ModelMemory.from_dict(raw)
    assert warnings == []
    assert again.windows == memory.windows and again.learned == memory.learned
    for model, value in memory.calibration.items():
        assert abs(again.calibration[model].ratio - value.ratio) < 1e-3
        assert again.calibration[model].samples == value.samples


def test_damaged_memory_keeps_what_it_can_and_says_so() -> None:
    raw = {
        "windows": {"a/b": 4096, "c/d": "big", "nonsense": 4096},
        "learned": ["not", "a", "mapping"],
        "calibration": {"a/b": {"ratio": 9.0, "samples": 1}, "e/f": {"ratio": 1.2, "samples": 3}},
        "extra": 1,
    }
    memory, warnings = ModelMemory.from_dict(raw)
    assert memory.windows == {"a/b": 4096}
    assert list(memory.calibration) == ["e/f"]
    assert len(warnings) == 1 and "context windows" in warnings[0]
    assert ModelMemory.from_dict("nope")[1]


def test_the_settings_file_keeps_the_memory_and_the_history_rule(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings = AppSettings(defaults=GenerationSettings(history_turns=6))
    settings.models.set_window(LLAMA, 6000)
    settings.models.learn_count(LLAMA, 100, 90)
    save_settings(path, settings)
    loaded, warnings = load_settings(path)
    assert warnings == []
    assert loaded.defaults.history_turns == 6
    assert loaded.models.window(LLAMA).tokens == 6000  # type: ignore[union-attr]
    assert loaded.models.calibration_for(LLAMA).samples == 1
    assert "history_turns" not in loaded.defaults.stream_kwargs()  # never sent to a model


def test_a_bad_history_rule_is_dropped_with_a_warning() -> None:
    settings, warnings = GenerationSettings.from_dict({"history_turns": 0})
    assert settings.history_turns is None
    assert warnings and "number of turns sent" in warnings[0]
