"""The parameter controls on their own, shaped by the stand-in's real model schemas (offline)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from gui.config.settings import GenerationSettings
from gui.dialogs.parameter_form import ParameterForm
from provider import InputSchema
from provider.standin import CATALOG
from provider.standin.catalog import openapi_schema


def schema_of(ref: str) -> InputSchema:
    schema = InputSchema.from_openapi(openapi_schema(next(m for m in CATALOG if m.ref == ref)))
    assert schema is not None
    return schema


@pytest.fixture
def form(qtbot: QtBot) -> ParameterForm:
    made = ParameterForm()
    qtbot.addWidget(made)
    return made


def test_letters_cannot_be_typed_into_a_number(form: ParameterForm, qtbot: QtBot) -> None:
    qtbot.keyClicks(form.fields["top_k"].edit, "4x2.")
    assert form.fields["top_k"].edit.text() == "42"  # whole numbers only
    qtbot.keyClicks(form.fields["temperature"].edit, "0,7q")
    assert form.fields["temperature"].edit.text() == "0,7"
    assert form.values()["temperature"] == 0.7


def test_a_schema_shows_only_what_the_model_takes(form: ParameterForm) -> None:
    form.apply_schema(schema_of("standin/tiny-chat"), "standin/tiny-chat")
    assert form.shown_parameters() == {
        "temperature",
        "top_p",
        "max_tokens",
        "system_prompt",
        "stop",
    }
    number = form.fields["max_tokens"]
    assert (number.limits.minimum, number.limits.maximum) == (1, 4096)
    assert number.edit.placeholderText() == "128 (model default)"
    tooltip = number.edit.toolTip()
    assert "max_new_tokens" in tooltip and "Between 1 and 4096 (default 128)." in tooltip
    # Screen readers hear the range while the value is fine, the problem when it is not.
    assert number.edit.accessibleDescription() == "Between 1 and 4096 (default 128)."
    number.edit.setText("5000")
    assert number.edit.accessibleDescription() == number.error() != ""
    number.edit.clear()
    assert form.system_note.text()  # tiny-chat has no system input
    form.apply_generic()
    assert form.shown_parameters() == {
        "temperature",
        "top_p",
        "top_k",
        "max_tokens",
        "system_prompt",
        "stop",
    }
    assert form.system_note.isHidden()


def test_hidden_values_are_kept_and_never_block(form: ParameterForm) -> None:
    form.set_values(GenerationSettings(top_k=40, stop=("###",)))
    form.apply_schema(schema_of("openai/gpt-4o-mini"), "openai/gpt-4o-mini")
    assert {"top_k", "stop"}.isdisjoint(form.shown_parameters())
    assert form.values()["top_k"] == 40 and form.values()["stop"] == ("###",)
    form.fields["top_k"].edit.setText("-7")  # unusable, but hidden: dropped, not an error
    assert form.is_valid() and form.values()["top_k"] is None


def test_stop_sequences_with_a_comma_are_refused(form: ParameterForm) -> None:
    form.stop_edit.setPlainText("###\nUser:, Bot:")
    assert "comma" in form.stop_error.text() and "stop" in form.errors()
    with pytest.raises(ValueError, match="comma"):
        form.values()
    form.stop_edit.setPlainText("###\n\nUser:")
    assert form.is_valid() and form.values()["stop"] == ("###", "User:")


def test_reset_clears_everything(form: ParameterForm) -> None:
    form.set_values(
        GenerationSettings(temperature=0.1, top_p=0.2, top_k=3, max_tokens=4, system_prompt="x")
    )
    form.reset()
    assert form.values() == {
        "temperature": None,
        "top_p": None,
        "top_k": None,
        "max_tokens": None,
        "system_prompt": "",
        "stop": (),
    }


def test_numbers_show_the_decimal_mark_of_the_language(form: ParameterForm) -> None:
    QLocale.setDefault(QLocale("ru_RU"))
    try:
        form.set_values(GenerationSettings(temperature=0.7))
        form.apply_schema(schema_of("standin/tiny-chat"), "standin/tiny-chat")
        temperature = form.fields["temperature"]
        assert temperature.edit.text() == "0,7"
        assert form.values()["temperature"] == 0.7  # and it reads back
        assert temperature.edit.placeholderText() == "0,75 (model default)"
        assert "(default 0,75)" in temperature.edit.toolTip()
    finally:
        QLocale.setDefault(QLocale.system())
