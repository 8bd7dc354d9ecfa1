"""Request validation the way Replicate reports it: gojsonschema-style `invalid_fields`.

The error types (`additional_property_not_allowed`, `required`, `invalid_type`, `number_gte`,
`number_lte`, `enum`) and their messages follow the JSON-schema validator behind the real API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ROOT = "(root)"

CheckUri = Callable[[str], str | None]
"""Whether a `format: uri` value is one the model can read: None when it is, else why not."""


@dataclass(frozen=True)
class InvalidField:
    """One entry of a 422 body's `invalid_fields`."""

    type: str
    field: str
    description: str

    def to_json(self) -> dict[str, str]:
        """The entry as JSON."""
        return {"type": self.type, "field": self.field, "description": self.description}


def json_type(value: Any) -> str:
    """The JSON-schema type name of a decoded JSON value (1.0 counts as an integer)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _number(value: float) -> str:
    """A bound as the validator prints it: 5 rather than 5.0."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _type_matches(expected: str, actual: str) -> bool:
    return actual == expected or (expected == "number" and actual == "integer")


def check_properties(
    body: Mapping[str, Any], allowed: Iterable[str], required: Iterable[str], context: str
) -> list[InvalidField]:
    """Unknown and missing properties of an object with `additionalProperties: false`."""
    allowed = set(allowed)
    problems = [
        InvalidField(
            "additional_property_not_allowed", key, f"Additional property {key} is not allowed"
        )
        for key in body
        if key not in allowed
    ]
    problems += [
        InvalidField("required", context, f"{key} is required")
        for key in required
        if key not in body
    ]
    return problems


def _uri_problems(
    name: str, schema: Mapping[str, Any], value: Any, check_uri: CheckUri | None
) -> list[InvalidField]:
    """A file input's values (`format: uri`, or an array of them) that no model could read."""
    items = schema.get("items")
    if isinstance(value, str) and schema.get("format") == "uri":
        values = [(name, value)]
    elif isinstance(value, list) and isinstance(items, Mapping) and items.get("format") == "uri":
        values = [(f"{name}.{index}", item) for index, item in enumerate(value)]
    else:
        return []
    problems = []
    for field, item in values:
        if not isinstance(item, str):
            text = f"Invalid type. Expected: string, given: {json_type(item)}"
            problems.append(InvalidField("invalid_type", field, text))
        elif check_uri is not None and (reason := check_uri(item)) is not None:
            problems.append(InvalidField("format", field, reason))
    return problems


def validate_value(
    name: str, schema: Mapping[str, Any], value: Any, check_uri: CheckUri | None = None
) -> list[InvalidField]:
    """Type, range, enum and file-URL errors of one input value."""
    actual = json_type(value)
    expected = schema.get("type")
    if isinstance(expected, str) and not _type_matches(expected, actual):
        description = f"Invalid type. Expected: {expected}, given: {actual}"
        return [InvalidField("invalid_type", name, description)]
    problems = _uri_problems(name, schema, value, check_uri)
    if actual in ("integer", "number"):
        minimum, maximum = schema.get("minimum"), schema.get("maximum")
        if minimum is not None and value < minimum:
            text = f"Must be greater than or equal to {_number(minimum)}"
            problems.append(InvalidField("number_gte", name, text))
        if maximum is not None and value > maximum:
            text = f"Must be less than or equal to {_number(maximum)}"
            problems.append(InvalidField("number_lte", name, text))
    allowed = schema.get("enum")
    if isinstance(allowed, list) and value not in allowed:
        choices = ", ".join(f'"{choice}"' for choice in allowed)
        text = f"{name} must be one of the following: {choices}"
        problems.append(InvalidField("enum", name, text))
    return problems


def validate_input(
    schema: Mapping[str, Any], model_input: Any, check_uri: CheckUri | None = None
) -> list[InvalidField]:
    """Every problem of `model_input` against a cog `Input` schema (no extra properties);
    `check_uri` judges the values of file inputs."""
    if not isinstance(model_input, Mapping):
        text = f"Invalid type. Expected: object, given: {json_type(model_input)}"
        return [InvalidField("invalid_type", "input", text)]
    properties: Mapping[str, Any] = schema.get("properties", {})
    # Cog's schemas never allow other properties; one that says `additionalProperties: true`
    # (a model that publishes no inputs) takes any.
    allowed = model_input if schema.get("additionalProperties") is True else properties
    problems = check_properties(model_input, allowed, schema.get("required", ()), ROOT)
    for name, value in model_input.items():
        if name in properties:
            problems += validate_value(name, properties[name], value, check_uri)
    return problems


def validation_body(problems: Iterable[InvalidField]) -> dict[str, Any]:
    """The 422 "Input validation failed" problem body for these fields."""
    problems = list(problems)
    return {
        "title": "Input validation failed",
        "detail": "".join(f"- {p.field}: {p.description}\n" for p in problems),
        "status": 422,
        "invalid_fields": [p.to_json() for p in problems],
    }
