"""The validators shared by the settings file and the dialog: any input gives a clean value or a
ValueError with a sentence for people, never another exception."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QCoreApplication, QTranslator

from gui.config.settings import AppSettings
from gui.config.validators import (
    GENERIC_LIMITS,
    parse_stop_sequences,
    validate_model,
    validate_number,
    validate_stop_sequences,
)
from provider import parse_model_ref
from tests.gui.settings_strategies import TOKEN, json_values


@pytest.mark.parametrize(
    ("text", "integer", "expected"),
    [
        ("", False, None),
        ("   ", True, None),
        (None, False, None),
        ("0.7", False, 0.7),
        (" 0,7 ", False, 0.7),
        (".5", False, 0.5),
        ("1e-1", False, 0.1),
        ("-0", False, 0.0),
        ("40", True, 40),
        ("1e3", True, 1000),
        ("40.0", True, 40),
        (3, False, 3.0),
        (2.0, True, 2),
    ],
)
def test_validate_number_accepts(text: object, integer: bool, expected: object) -> None:
    result = validate_number(text, minimum=-10, maximum=5000, integer=integer)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("value", "integer", "message"),
    [
        ("abc", False, "Enter a number"),
        ("nan", False, "Enter a number"),
        ("inf", False, "Enter a number"),
        ("1_000", True, "Enter a whole number"),
        ("1e999", False, "too large"),
        (math.nan, False, "Enter a number"),
        (math.inf, False, "too large"),
        (10**400, False, "too large"),
        (True, False, "Enter a number"),
        ([1], False, "Enter a number"),
        ("5.5", True, "whole number"),
        ("6", False, "from 0 to 5"),
        ("-1", False, "from 0 to 5"),
        ("9" * 200, False, "too long"),
    ],
)
def test_validate_number_refuses_with_a_sentence(
    value: object, integer: bool, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        validate_number(value, minimum=0, maximum=5, integer=integer)


def test_validate_number_one_sided_ranges() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        validate_number("0", minimum=1, integer=True)
    with pytest.raises(ValueError, match="at most 2"):
        validate_number("3", maximum=2)


numbers_or_text = st.text(max_size=30) | st.from_regex(
    r"[+-]?[0-9]{0,20}[.,]?[0-9]{0,20}([eE][+-]?[0-9]{0,4})?", fullmatch=True
)
any_value = numbers_or_text | json_values | st.floats() | st.integers()
bounds = st.none() | st.floats(-1e6, 1e6) | st.integers(-1000, 1000)


@given(any_value, bounds, bounds, st.booleans())
def test_validate_number_raises_only_value_error_and_keeps_to_the_range(
    value: object, low: float | None, high: float | None, integer: bool
) -> None:
    try:
        result = validate_number(value, minimum=low, maximum=high, integer=integer)
    except ValueError as error:
        assert str(error)
        return
    if result is None:
        return
    assert isinstance(result, int if integer else float) and not isinstance(result, bool)
    assert math.isfinite(result)
    assert low is None or result >= low
    assert high is None or result <= high


def test_validate_model() -> None:
    assert validate_model("  meta/meta-llama-3-70b-instruct \n") == "meta/meta-llama-3-70b-instruct"
    assert validate_model("standin/tiny-chat:abc123") == "standin/tiny-chat:abc123"
    for bad in ("", "llama", "meta/", "/x", "a/b/c", "a b/c", "owner/name:", 42):
        with pytest.raises(ValueError, match="owner/name"):
            validate_model(bad)


def test_validate_model_hides_tokens_in_its_message() -> None:
    with pytest.raises(ValueError) as caught:
        validate_model(f"{TOKEN} nope")
    assert TOKEN not in str(caught.value)


@given(st.text(max_size=400) | json_values)
def test_validate_model_raises_only_value_error(value: object) -> None:
    try:
        model = validate_model(value)
    except ValueError as error:
        assert str(error)
        return
    assert str(parse_model_ref(model)) == model


def test_parse_stop_sequences() -> None:
    assert parse_stop_sequences("") == ()
    assert parse_stop_sequences("###\r\n\n  \nUser: \nEND") == ("###", "User: ", "END")
    with pytest.raises(ValueError, match="comma"):
        parse_stop_sequences("fine\nnot, fine")


@given(st.text(max_size=60) | json_values)
def test_parse_stop_sequences_raises_only_value_error(value: object) -> None:
    try:
        stops = parse_stop_sequences(value)
    except ValueError:
        return
    assert isinstance(value, str)
    for stop in stops:
        assert stop.strip() and "," not in stop and stop.splitlines() == [stop]
    # What the dialog shows (one per line) reads back the same.
    assert parse_stop_sequences("\n".join(stops)) == stops


def test_stored_stop_sequences_refuse_line_breaks_and_commas() -> None:
    assert validate_stop_sequences(["a", " ", "b"]) == ("a", "b")
    for bad in (["a\nb"], ["x,y"], [1], "a,b", {"a": 1}):
        with pytest.raises(ValueError):
            validate_stop_sequences(bad)


def test_generic_limits_are_the_documented_safe_ranges() -> None:
    assert (GENERIC_LIMITS["temperature"].minimum, GENERIC_LIMITS["temperature"].maximum) == (0, 5)
    assert (GENERIC_LIMITS["top_p"].minimum, GENERIC_LIMITS["top_p"].maximum) == (0, 1)
    assert GENERIC_LIMITS["top_k"].minimum == 0 and GENERIC_LIMITS["top_k"].integer
    assert GENERIC_LIMITS["max_tokens"].minimum == 1 and GENERIC_LIMITS["max_tokens"].integer


class Marking(QTranslator):
    """A translator that marks what it translates in `contexts`: no .qm file needed."""

    def __init__(self, *contexts: str) -> None:
        super().__init__()
        self.contexts = contexts

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return f"[ru] {source}" if context in self.contexts else None  # None: not ours

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def marking(qapp: QCoreApplication) -> Iterator[None]:
    translator = Marking("Validators", "Settings")
    qapp.installTranslator(translator)
    try:
        yield
    finally:
        qapp.removeTranslator(translator)


def test_the_sentences_follow_the_app_language(marking: None) -> None:
    with pytest.raises(ValueError) as error:
        validate_number("3", minimum=0, maximum=2)
    assert str(error.value) == "[ru] Use a value from 0 to 2."
    settings, warnings = AppSettings.from_dict({"theme": "purple"})
    assert settings.theme == "system"
    assert warnings == ["[ru] The setting “theme” was ignored: [ru] Use system, light or dark."]


def test_without_qt_the_sentences_stay_english() -> None:
    """The settings load without Qt (and the command line is English): the source is used."""
    code = (
        "import sys; from gui.config.validators import validate_number\n"
        "try: validate_number('x')\n"
        "except ValueError as error: print(error)\n"
        "print(sorted(m for m in sys.modules if 'PySide6' in m))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.splitlines() == [
        "Enter a number, like 0.7, or leave it empty for the model's default.",
        "[]",
    ]
