"""Validators for generation settings, shared by the settings file loader and the dialog.

Each takes what a person typed or what a file held and returns a clean value, or raises
ValueError with one sentence for people. No Qt here, so a value the dialog accepts is one the
loader keeps, and the other way round, and the settings load without Qt. The sentences go
through `translate("Validators", ...)` (below): Qt Linguist's lupdate extracts them, and the app
shows them in its language.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gui.utils.translation import translate
from provider import ProviderError, parse_model_ref, redact

# Longest texts a field takes: longer ones are typing accidents, not names or numbers.
_MAX_MODEL_LENGTH = 300
_MAX_NUMBER_LENGTH = 100


# A plain decimal number: ASCII digits, an optional sign, "." or "," before the decimals (people
# type either), an optional exponent. No "nan", "inf" or underscores, which float() would take.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?", re.ASCII)


@dataclass(frozen=True)
class NumberLimits:
    """Which numbers a parameter takes: bounds (None: open) and whether only whole numbers."""

    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False

    def check(self, value: object) -> float | int | None:
        return validate_number(
            value, minimum=self.minimum, maximum=self.maximum, integer=self.integer
        )


# What a stored value may be, whatever the model: schemas narrow these further in the dialog.
# top_k goes down to -1 because Llama's schema uses -1 for "off".
STORED_LIMITS: Mapping[str, NumberLimits] = {
    "temperature": NumberLimits(0, None),
    "top_p": NumberLimits(0, 1),
    "top_k": NumberLimits(-1, None, integer=True),
    "max_tokens": NumberLimits(1, None, integer=True),
}
# The safe ranges the dialog offers when the model's own schema cannot be read.
GENERIC_LIMITS: Mapping[str, NumberLimits] = {
    "temperature": NumberLimits(0, 5),
    "top_p": NumberLimits(0, 1),
    "top_k": NumberLimits(0, None, integer=True),
    "max_tokens": NumberLimits(1, None, integer=True),
}


# -- validators ---------------------------------------------------------------------------------


def quoted(text: str, limit: int = 60) -> str:
    """`text` quoted for a message: shortened, and with anything token-shaped hidden."""
    text = redact(text)
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 1]}…”"


def validate_model(text: object) -> str:
    """A model reference `owner/name[:version]`, stripped; ValueError says what is wrong."""
    if not isinstance(text, str):
        raise ValueError(translate("Validators", "The model must be a name like owner/name."))
    text = text.strip()
    if not text:
        raise ValueError(translate("Validators", "Choose a model, or type its name as owner/name."))
    if len(text) > _MAX_MODEL_LENGTH:
        raise ValueError(
            translate(
                "Validators", "That model name is too long. Use owner/name or owner/name:version."
            )
        )
    try:
        ref = parse_model_ref(text)
    except ProviderError:
        raise ValueError(
            translate(
                "Validators",
                "{name} is not a model name. Use owner/name or owner/name:version, "
                "for example meta/meta-llama-3-70b-instruct.",
            ).format(name=quoted(text))
        ) from None
    return str(ref)


def format_number(value: float) -> str:
    """A number as people write it: 5 rather than 5.0 for whole numbers, 0.7 for decimals."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _range_sentence(minimum: float | None, maximum: float | None) -> str:
    low = format_number(minimum) if minimum is not None else ""
    high = format_number(maximum) if maximum is not None else ""
    if minimum is not None and maximum is not None:
        text = translate("Validators", "Use a value from {low} to {high}.")
    elif minimum is not None:
        text = translate("Validators", "Use a value of at least {low}.")
    elif maximum is not None:
        text = translate("Validators", "Use a value of at most {high}.")
    else:
        return ""
    return text.format(low=low, high=high)


def validate_number(
    value: object,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    integer: bool = False,
) -> float | int | None:
    """A typed or stored number within [minimum, maximum]; blank or None gives None.

    Integers come back as int, other numbers as float. Raises ValueError with a sentence for
    people: not a number, not whole, not finite, or out of range (the message gives the range).
    """
    # Whole sentences per kind of number, so that translations can inflect freely.
    if integer:
        enter_blank = translate(
            "Validators",
            "Enter a whole number, like 40, or leave it empty for the model's default.",
        )
        enter = translate("Validators", "Enter a whole number, like 40.")
    else:
        enter_blank = translate(
            "Validators", "Enter a number, like 0.7, or leave it empty for the model's default."
        )
        enter = translate("Validators", "Enter a number, like 0.7.")
    too_large = translate("Validators", "That number is too large.")
    if value is None:
        return None
    number: float | int
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if len(text) > _MAX_NUMBER_LENGTH:
            raise ValueError(translate("Validators", "That number is too long."))
        if not _NUMBER.fullmatch(text):
            raise ValueError(enter_blank)
        text = text.replace(",", ".")
        number = int(text) if text.lstrip("+-").isdigit() else float(text)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        number = value
    else:
        raise ValueError(enter)
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueError(too_large if math.isinf(number) else enter)
    if integer:
        if isinstance(number, float):
            if not number.is_integer():
                raise ValueError(translate("Validators", "Use a whole number, like 40."))
            number = int(number)
    else:
        try:
            number = float(number) + 0.0  # + 0.0 turns -0.0 into 0.0
        except OverflowError:
            raise ValueError(too_large) from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ValueError(_range_sentence(minimum, maximum))
    return number


def _check_stop(stop: str) -> None:
    if "," in stop:
        raise ValueError(
            translate(
                "Validators",
                "The stop sequence {stop} holds a comma. Replicate splits stop sequences at "
                "commas, so it cannot be sent as one: put each stop sequence on its own line.",
            ).format(stop=quoted(stop))
        )


def parse_stop_sequences(text: object) -> tuple[str, ...]:
    """Stop sequences typed one per line; blank lines are ignored, a comma is refused.

    Replicate takes them as one comma-joined string (see provider/schema.py `_stop_sequences`)
    and splits it at commas without escaping, so a stop string holding a comma cannot be sent.
    """
    if not isinstance(text, str):
        raise ValueError(translate("Validators", "Stop sequences must be text, one per line."))
    stops = tuple(line for line in text.splitlines() if line.strip())
    for stop in stops:
        _check_stop(stop)
    return stops


def validate_stop_sequences(value: object) -> tuple[str, ...]:
    """Stored stop sequences: a list of one-line strings (or the dialog's text)."""
    if isinstance(value, str):
        return parse_stop_sequences(value)
    not_a_list = translate("Validators", "Stop sequences must be a list of texts.")
    if not isinstance(value, (list, tuple)):
        raise ValueError(not_a_list)
    stops = []
    for item in value:
        if not isinstance(item, str):
            raise ValueError(not_a_list)
        if not item.strip():
            continue
        if item.splitlines() != [item]:
            raise ValueError(
                translate("Validators", "The stop sequence {stop} holds a line break.").format(
                    stop=quoted(item)
                )
            )
        _check_stop(item)
        stops.append(item)
    return tuple(stops)


def validate_system_prompt(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(translate("Validators", "The system prompt must be text."))
    return value


REASONING_INPUTS = (
    "reasoning_effort",
    "verbosity",
    "extended_thinking",
    "thinking_budget_tokens",
    "thinking_budget",
    "dynamic_thinking",
    "thinking_level",
)


def validate_reasoning(value: object) -> dict[str, Any]:
    """Reasoning inputs by name: a choice (text), a switch (true/false) or a budget (a whole
    number); ValueError for anything else."""
    if not isinstance(value, Mapping):
        raise ValueError(translate("Settings", "It is not a set of reasoning settings."))
    kept: dict[str, Any] = {}
    for name, item in value.items():
        plain = isinstance(item, (str, bool)) or (
            isinstance(item, int) and -1 <= item <= 10_000_000
        )
        if name not in REASONING_INPUTS or not plain or (isinstance(item, str) and len(item) > 40):
            raise ValueError(
                translate("Settings", "{name} is not a reasoning setting this app knows.").format(
                    name=quoted(str(name))
                )
            )
        kept[name] = item
    return kept
