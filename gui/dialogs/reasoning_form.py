"""The settings dialog's "Reasoning" box: the reasoning inputs the chosen model's schema has
(GPT-5's effort and verbosity, Claude's extended thinking and its budget, Gemini's thinking
budget), each as the control that fits it: choices as a list, a switch as a checkbox, a budget
as a number within the schema's range. Hidden for a model that has none of them.

Values are sent only to a model whose schema has them (provider: `options`), so a value chosen
for one model never breaks a request to another.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QSpinBox, QWidget

from gui.config.validators import REASONING_INPUTS
from provider import InputSchema, Parameter

translate = QCoreApplication.translate

_MAX_BUDGET = 10_000_000


class ReasoningForm(QGroupBox):
    def __init__(self, values: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(translate("ReasoningForm", "Reasoning"), parent)
        self._values = dict(values)  # kept for models without the input, as the others are
        self._controls: dict[str, QWidget] = {}
        self._form = QFormLayout(self)
        self.hide()

    def apply_schema(self, schema: InputSchema | None) -> None:
        """Show a control for each reasoning input `schema` has (none: the box hides)."""
        self._values.update(self.values())
        while self._form.rowCount():
            self._form.removeRow(0)
        self._controls = {}
        for name in REASONING_INPUTS:
            parameter = schema.get(name) if schema is not None else None
            if parameter is not None:
                control = self._control(parameter)
                self._controls[name] = control
                self._form.addRow(parameter.title, control)
        self.setVisible(bool(self._controls))

    def reset(self) -> None:
        """Every reasoning input back to the model's own default."""
        self._values = {}
        for control in self._controls.values():
            if isinstance(control, QComboBox):
                control.setCurrentIndex(0)
            elif isinstance(control, QCheckBox):
                control.setChecked(bool(control.property("model_default")))
            elif isinstance(control, QSpinBox):
                control.setValue(control.minimum())

    def values(self) -> dict[str, Any]:
        """The reasoning inputs as chosen: for the inputs shown, what the controls say (left
        out when it is the model's own default); for the others, what was kept."""
        values = {k: v for k, v in self._values.items() if k not in self._controls}
        for name, control in self._controls.items():
            value = _value_of(control)
            if value is not None:
                values[name] = value
        return values

    def _control(self, parameter: Parameter) -> QWidget:
        chosen = self._values.get(parameter.name)
        tip = parameter.description or parameter.title
        default = parameter.default
        if parameter.choices:
            combo = QComboBox(self)
            shown = translate("ReasoningForm", "Model default ({value})").format(value=default)
            combo.addItem(
                shown if default is not None else translate("ReasoningForm", "Model default"), None
            )
            for choice in parameter.choices:
                combo.addItem(str(choice), choice)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)
            widget: QWidget = combo
        elif parameter.type == "boolean":
            box = QCheckBox(self)
            box.setChecked(bool(chosen if chosen is not None else default))
            box.setProperty("model_default", bool(default))
            widget = box
        else:
            spin = QSpinBox(self)
            low = int(parameter.minimum) if parameter.minimum is not None else 0
            high = int(parameter.maximum) if parameter.maximum is not None else _MAX_BUDGET
            spin.setRange(low - 1, high)  # one below the range: the model's default
            spin.setSpecialValueText(
                translate("ReasoningForm", "Model default ({value})").format(value=default)
                if default is not None
                else translate("ReasoningForm", "Model default")
            )
            spin.setValue(chosen if isinstance(chosen, int) else low - 1)
            widget = spin
            line = spin.lineEdit()
            if line is not None:
                line.setAccessibleName(parameter.title)
                line.setToolTip(tip)
        widget.setAccessibleName(parameter.title)
        widget.setToolTip(tip)
        return widget


def _value_of(control: QWidget) -> Any:
    if isinstance(control, QComboBox):
        return control.currentData()
    if isinstance(control, QCheckBox):
        checked = control.isChecked()
        return None if checked == control.property("model_default") else checked
    if isinstance(control, QSpinBox):
        return None if control.value() == control.minimum() else control.value()
    return None
