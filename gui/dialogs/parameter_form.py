"""The settings dialog's parameter controls, shaped by the chosen model's input schema.

Each number is a line edit (empty = the model's default) validated as it is typed, with the
schema's range and its default shown. Controls the model does not take are hidden; their values
are kept (they still apply to other models, and the provider never sends what a model lacks).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QLocale, QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from gui.config.settings import (
    GENERIC_LIMITS,
    STORED_LIMITS,
    GenerationSettings,
    NumberLimits,
    format_number,
    parse_stop_sequences,
)
from gui.widgets.error_text import show_as_error
from provider import InputSchema, Parameter
from provider.prompts import is_llama3

NUMBER_NAMES = ("temperature", "top_p", "top_k", "max_tokens")

# What may be typed at all: the rest (range, form) is checked with a message as it is typed.
_DECIMAL_TYPING = QRegularExpression(r"[+-]?[0-9]*[.,]?[0-9]*(?:[eE][+-]?[0-9]*)?")
_INTEGER_TYPING = QRegularExpression(r"[+-]?[0-9]*")


def _intersect(stored: NumberLimits, parameter: Parameter) -> NumberLimits:
    """The schema's range, kept inside what a stored value may be."""
    low = [x for x in (stored.minimum, parameter.minimum) if x is not None]
    high = [x for x in (stored.maximum, parameter.maximum) if x is not None]
    limits = NumberLimits(max(low) if low else None, min(high) if high else None, stored.integer)
    if (
        limits.minimum is not None
        and limits.maximum is not None
        and limits.minimum > limits.maximum
    ):
        return stored  # a schema that contradicts itself: keep to what is always safe
    return limits


def _system_reaches_model(schema: InputSchema, model: str) -> bool:
    """Whether the model takes a system prompt of its own (as the provider decides it)."""
    if schema.takes_messages or is_llama3(model):
        return True
    if "system_prompt" not in schema:
        return False
    template = schema.get("prompt_template")
    if template is None or not isinstance(template.default, str):
        return True
    return "{system_prompt}" in template.default


def _local(value: float) -> str:
    """A number with the interface language's decimal mark ("0,7" in Russian), as the status
    line shows numbers; the fields accept either mark back."""
    return format_number(value).replace(".", QLocale().decimalPoint())


def _error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    show_as_error(label)
    label.setAccessibleName(name)
    label.setVisible(False)
    return label


class NumberField(QWidget):
    """One number: a line edit and the message under it when the typed value is not usable."""

    changed = Signal()

    def __init__(self, name: str, label: str, help_text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.name = name
        self.label = label
        self._help = help_text
        self.limits = GENERIC_LIMITS[name]
        self.shown = True
        self._error = ""
        self.range_text = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(label)
        typing = _INTEGER_TYPING if self.limits.integer else _DECIMAL_TYPING
        self.edit.setValidator(QRegularExpressionValidator(typing, self.edit))
        self.edit.textChanged.connect(self._validate)
        layout.addWidget(self.edit)
        self.error_label = _error_label(self, self.tr("%s problem") % label)
        layout.addWidget(self.error_label)
        self.set_limits(self.limits, None, has_default=False)

    def set_limits(self, limits: NumberLimits, default: Any, *, has_default: bool) -> None:
        """Apply a model's range and default, and check the typed value against them."""
        self.limits = limits
        shown = ""
        if has_default and default is not None:
            shown = (
                _local(default)
                if isinstance(default, (int, float)) and not isinstance(default, bool)
                else str(default)[:30]
            )
            self.edit.setPlaceholderText(self.tr("%s (model default)") % shown)
        else:
            self.edit.setPlaceholderText(self.tr("Model default"))
        self.range_text = self._range_text(shown)
        empty = self.tr("Leave it empty for the model’s default.")
        self.edit.setToolTip(f"{self._help}\n{self.range_text} {empty}".replace("\n ", "\n"))
        self._validate()

    def _range_text(self, default: str) -> str:
        """What may be typed, as in "Between 0 and 2 (default 0.75)."; `default` may be ""."""
        low, high = self.limits.minimum, self.limits.maximum
        low_text = _local(low) if low is not None else ""
        high_text = _local(high) if high is not None else ""
        # Whole sentences for each case, so that translations can order the words freely.
        if low is not None and high is not None:
            if default:
                text = self.tr("Between {low} and {high} (default {default}).")
            else:
                text = self.tr("Between {low} and {high}.")
        elif low is not None:
            text = (
                self.tr("{low} or more (default {default}).")
                if default
                else self.tr("{low} or more.")
            )
        elif high is not None:
            text = (
                self.tr("Up to {high} (default {default}).")
                if default
                else self.tr("Up to {high}.")
            )
        else:
            text = self.tr("Default {default}.") if default else ""
        return text.format(low=low_text, high=high_text, default=default)

    def value(self) -> float | int | None:
        """The typed value; hidden fields keep any value a stored setting may hold."""
        if self.shown:
            return self.limits.check(self.edit.text())
        try:
            return STORED_LIMITS[self.name].check(self.edit.text())
        except ValueError:
            return None

    def error(self) -> str:
        return self._error if self.shown else ""

    def set_value(self, value: float | None) -> None:
        self.edit.setText("" if value is None else _local(value))

    def _validate(self) -> None:
        try:
            self.limits.check(self.edit.text())
        except ValueError as error:
            self._error = str(error)
        else:
            self._error = ""
        self.error_label.setText(self._error)
        self.error_label.setVisible(bool(self._error))
        # Screen readers hear the problem, or else the range (sighted people see it on hover).
        self.edit.setAccessibleDescription(self._error or self.range_text)
        self.changed.emit()


class ParameterForm(QWidget):
    """Temperature, top p, top k, max tokens, system prompt and stop sequences."""

    changed = Signal()  # any value or its validity changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = QFormLayout(self)
        self._form.setContentsMargins(0, 0, 0, 0)
        self._rows: dict[str, int] = {}
        helps = {
            "temperature": self.tr(
                "Randomness of the reply: lower is more focused, higher more varied."
            ),
            "top_p": self.tr(
                "Nucleus sampling: only the likeliest tokens whose probabilities add up to p."
            ),
            "top_k": self.tr("Only the k likeliest next tokens are considered."),
            "max_tokens": self.tr("The longest reply, in tokens."),
        }
        labels = {
            "temperature": self.tr("Temperature"),
            "top_p": self.tr("Top p"),
            "top_k": self.tr("Top k"),
            "max_tokens": self.tr("Max tokens"),
        }
        self.fields: dict[str, NumberField] = {}
        for name in NUMBER_NAMES:
            number = NumberField(name, labels[name], helps[name], self)
            number.changed.connect(self.changed)
            self.fields[name] = number
            self._add_row(name, labels[name], number, number.edit)

        system = QWidget(self)
        system_layout = QVBoxLayout(system)
        system_layout.setContentsMargins(0, 0, 0, 0)
        self.system_edit = QPlainTextEdit(system)
        self.system_edit.setAccessibleName(self.tr("System prompt"))
        self.system_edit.setToolTip(
            self.tr("Instructions the model follows for the whole conversation")
        )
        self.system_edit.setTabChangesFocus(True)
        self.system_edit.setMinimumHeight(72)
        self.system_edit.textChanged.connect(self.changed)
        system_layout.addWidget(self.system_edit)
        self.system_note = QLabel(system)
        self.system_note.setWordWrap(True)
        self.system_note.setAccessibleName(self.tr("System prompt note"))
        self.system_note.setVisible(False)
        system_layout.addWidget(self.system_note)
        self._add_row("system_prompt", self.tr("System prompt"), system, self.system_edit)

        stops = QWidget(self)
        stops_layout = QVBoxLayout(stops)
        stops_layout.setContentsMargins(0, 0, 0, 0)
        self.stop_edit = QPlainTextEdit(stops)
        self.stop_edit.setAccessibleName(self.tr("Stop sequences"))
        self.stop_edit.setToolTip(
            self.tr("The reply ends where the model writes one of these. One per line.")
        )
        self.stop_edit.setTabChangesFocus(True)
        self.stop_edit.setMinimumHeight(56)
        self.stop_edit.textChanged.connect(self._validate_stops)
        stops_layout.addWidget(self.stop_edit)
        self.stop_error = _error_label(stops, self.tr("Stop sequences problem"))
        stops_layout.addWidget(self.stop_error)
        self._add_row("stop", self.tr("Stop sequences"), stops, self.stop_edit)
        self._stop_error = ""
        self._shown = set(self._rows)
        self.apply_generic()

    def _add_row(self, name: str, text: str, field: QWidget, buddy: QWidget) -> None:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        self._form.addRow(label, field)
        self._rows[name] = self._form.rowCount() - 1

    def _show(self, names: set[str]) -> None:
        self._shown = names
        for name, row in self._rows.items():
            self._form.setRowVisible(row, name in names)
        for name, number in self.fields.items():
            number.shown = name in names
        self.changed.emit()

    def shown_parameters(self) -> set[str]:
        """The settings offered for this model: "temperature", …, "system_prompt", "stop"."""
        return set(self._shown)

    # -- shaping by the schema ----------------------------------------------------------------

    def apply_generic(self) -> None:
        """Every control, with ranges that are safe for any chat model."""
        for name, number in self.fields.items():
            number.set_limits(GENERIC_LIMITS[name], None, has_default=False)
        self.system_edit.setPlaceholderText(self.tr("None: the model's own behaviour"))
        self.stop_edit.setPlaceholderText(self.tr("One per line; empty: the model's defaults"))
        self.system_note.setVisible(False)
        self._show(set(self._rows))

    def apply_schema(self, schema: InputSchema, model: str) -> None:
        """Only what `model` takes, with its ranges and defaults."""
        shown = {"system_prompt"}  # always: the provider keeps it in the transcript if need be
        names = {name: name for name in ("temperature", "top_p", "top_k")}
        limit_name = schema.max_tokens_name()
        if limit_name is not None:
            names["max_tokens"] = limit_name
        for name, number in self.fields.items():
            parameter = schema.get(names[name]) if name in names else None
            if parameter is None:
                continue
            shown.add(name)
            limits = _intersect(STORED_LIMITS[name], parameter)
            number.set_limits(limits, parameter.default, has_default=True)
            if name == "max_tokens":
                number.edit.setToolTip(
                    number.edit.toolTip() + "\n" + self.tr("Sent as %s.") % limit_name
                )
        system = schema.get("system_prompt")
        if system is not None and isinstance(system.default, str) and system.default:
            placeholder = self.tr("%s (model default)") % system.default
        else:
            placeholder = self.tr("None: the model's own behaviour")
        self.system_edit.setPlaceholderText(placeholder)
        native = _system_reaches_model(schema, model)
        self.system_note.setText(
            ""
            if native
            else self.tr(
                "This model has no system prompt input: the system prompt is sent as part of "
                "the conversation."
            )
        )
        self.system_note.setVisible(not native)
        stops = schema.get("stop_sequences")
        if stops is not None:
            shown.add("stop")
            if isinstance(stops.default, str) and stops.default:
                listed = "\n".join(part for part in stops.default.split(",") if part)
                self.stop_edit.setPlaceholderText(self.tr("%s\n(model default)") % listed)
            else:
                self.stop_edit.setPlaceholderText(self.tr("One per line; empty: none"))
        self._show(shown)

    # -- values -------------------------------------------------------------------------------

    def set_values(self, settings: GenerationSettings) -> None:
        for name, number in self.fields.items():
            number.set_value(getattr(settings, name))
        self.system_edit.setPlainText(settings.system_prompt)
        self.stop_edit.setPlainText("\n".join(settings.stop))

    def reset(self) -> None:
        """Every value back to "the model's default"."""
        for number in self.fields.values():
            number.edit.clear()
        self.system_edit.clear()
        self.stop_edit.clear()

    def errors(self) -> Mapping[str, str]:
        """The problems of the controls on show, by setting name."""
        found = {name: number.error() for name, number in self.fields.items() if number.error()}
        if self._stop_error and "stop" in self._shown:
            found["stop"] = self._stop_error
        return found

    def is_valid(self) -> bool:
        return not self.errors()

    def values(self) -> dict[str, Any]:
        """The values as GenerationSettings fields; raises ValueError while any is invalid."""
        problems = self.errors()
        if problems:
            raise ValueError(next(iter(problems.values())))
        values: dict[str, Any] = {name: number.value() for name, number in self.fields.items()}
        values["system_prompt"] = self.system_edit.toPlainText()
        try:
            values["stop"] = parse_stop_sequences(self.stop_edit.toPlainText())
        except ValueError:
            values["stop"] = ()  # hidden and unusable: nothing to keep
        return values

    def _validate_stops(self) -> None:
        try:
            parse_stop_sequences(self.stop_edit.toPlainText())
        except ValueError as error:
            self._stop_error = str(error)
        else:
            self._stop_error = ""
        self.stop_error.setText(self._stop_error)
        self.stop_error.setVisible(bool(self._stop_error))
        self.stop_edit.setAccessibleDescription(self._stop_error)
        self.changed.emit()
