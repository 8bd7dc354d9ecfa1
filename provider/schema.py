"""A model's input schema, and the mapping from chat parameters to that model's input.

Replicate models name the same idea differently (`max_tokens`, `max_new_tokens`,
`max_completion_tokens`) and reject properties they do not have (422
`additional_property_not_allowed`), so the input is built from the model's own schema when it can
be read. Without one, the seed's mapping is used unchanged, so code written for the seed behaves
as it did.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigurationError
from .prompts import Message, chat_messages, format_prompt, is_llama3, llama3_prompt, split_system

__all__ = ["InputSchema", "Parameter", "build_input"]

# Which input receives `max_tokens`, in order of preference. Only one is ever sent: Llama 3 on
# Replicate rejects a `max_new_tokens` that disagrees with `max_tokens` (error E1102).
_MAX_TOKEN_NAMES = ("max_tokens", "max_new_tokens", "max_completion_tokens", "max_output_tokens")
# Where the system text goes: `system_prompt` (OpenAI, Claude, Llama), `system_instruction`
# (Gemini), fact sheet §10.5.
_SYSTEM_NAMES = ("system_prompt", "system_instruction")


@dataclass(frozen=True, slots=True)
class Parameter:
    """One input property: what the settings dialog needs to offer it with the right limits."""

    name: str
    type: str = "string"
    title: str = ""
    description: str = ""
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Any, ...] = ()
    order: int = 0
    required: bool = False
    format: str = ""
    """The string format (`uri` for a file input, as cog types every file, fact sheet §10.1)."""
    items_format: str = ""
    """For an array, its items' format (`uri`: a list of files)."""
    max_items: int | None = None
    """For an array, `maxItems` when the schema states it."""


@dataclass(frozen=True, slots=True)
class InputSchema:
    """The `Input` component of a model version's OpenAPI schema, parameters in `x-order`."""

    parameters: Mapping[str, Parameter] = field(default_factory=dict)

    @classmethod
    def from_openapi(cls, openapi_schema: Any) -> InputSchema | None:
        """Read `components.schemas.Input` of a version's `openapi_schema`; None when absent."""
        try:
            raw = openapi_schema["components"]["schemas"]["Input"]
            properties = raw["properties"]
        except (KeyError, TypeError):
            return None
        if not isinstance(properties, Mapping) or not properties:
            return None
        required = _items(raw.get("required"))
        enums = openapi_schema["components"]["schemas"]
        parameters = []
        for position, (name, spec) in enumerate(properties.items()):
            if not isinstance(spec, Mapping):
                continue
            parameters.append(_parameter(str(name), spec, enums, position, name in required))
        parameters.sort(key=lambda parameter: parameter.order)
        return cls({parameter.name: parameter for parameter in parameters})

    def __contains__(self, name: object) -> bool:
        return name in self.parameters

    def get(self, name: str) -> Parameter | None:
        return self.parameters.get(name)

    def max_tokens_name(self) -> str | None:
        """The input that limits the reply's length, if the model has one."""
        return next((name for name in _MAX_TOKEN_NAMES if name in self.parameters), None)

    def system_name(self) -> str | None:
        """The input that takes the system text, if the model has one."""
        return next((name for name in _SYSTEM_NAMES if name in self.parameters), None)

    @property
    def takes_messages(self) -> bool:
        spec = self.parameters.get("messages")
        return spec is not None and spec.type == "array"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return float(value)
    except OverflowError:  # an integer no float can hold is no usable limit
        return None


def _items(value: Any) -> tuple[Any, ...]:
    """A JSON array's items; anything else a malformed schema may hold there gives none."""
    return tuple(value) if isinstance(value, (list, tuple)) else ()


def _parameter(
    name: str, spec: Mapping[str, Any], components: Any, position: int, required: bool
) -> Parameter:
    kind = spec.get("type")
    choices = _items(spec.get("enum"))
    # Cog writes enums as `allOf: [{"$ref": "#/components/schemas/name"}]`.
    for ref in _items(spec.get("allOf")):
        target = str(ref.get("$ref", "")).rsplit("/", 1)[-1] if isinstance(ref, Mapping) else ""
        referenced = components.get(target) if isinstance(components, Mapping) else None
        if isinstance(referenced, Mapping):
            kind = kind or referenced.get("type")
            choices = choices or _items(referenced.get("enum"))
    order = spec.get("x-order")
    items = spec.get("items")
    max_items = spec.get("maxItems")
    return Parameter(
        name=name,
        type=str(kind or "string"),
        title=str(spec.get("title") or name.replace("_", " ").capitalize()),
        description=str(spec.get("description") or ""),
        default=spec.get("default"),
        minimum=_number(spec.get("minimum")),
        maximum=_number(spec.get("maximum")),
        choices=choices,
        order=order if isinstance(order, int) else 1000 + position,
        required=required,
        format=str(spec.get("format") or ""),
        items_format=str(items.get("format") or "") if isinstance(items, Mapping) else "",
        max_items=max_items if type(max_items) is int and max_items >= 0 else None,
    )


def _stop_sequences(stop: str | Sequence[str] | None) -> str | None:
    # Replicate takes one comma-separated string and splits it on "," with no escaping, so a
    # stop string that itself holds a comma cannot be expressed; it is sent as written.
    if stop is None or isinstance(stop, str):
        return stop or None
    joined = ",".join(s for s in stop if s)
    return joined or None


def build_input(
    model: str,
    messages: Sequence[Message],
    schema: InputSchema | None = None,
    *,
    system_prompt: str | None = None,
    max_tokens: int | None = None,
    temperature: float | None = None,
    top_p: float | None = None,
    top_k: int | None = None,
    stop: str | Sequence[str] | None = None,
    extra_data: Mapping[str, Any] | None = None,
    options: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The prediction's `input` for this model, history and parameters.

    With a schema, parameters go to the names the model has and are left out when it has none;
    without one, the seed's mapping is used. None values are dropped; `extra_data` is merged last
    and wins, because it is the caller's explicit word.
    """
    data: dict[str, Any]
    if schema is None:
        data = _seed_input(model, messages, system_prompt)
        data.update(
            max_new_tokens=max_tokens,
            temperature=temperature,
            top_p=top_p,
            top_k=top_k,
            stop_sequences=_stop_sequences(stop),
        )
    else:
        data = _prompt_input(model, messages, schema, system_prompt)
        limit_name = schema.max_tokens_name()
        if limit_name is not None:
            data[limit_name] = max_tokens
        optional: dict[str, Any] = {"temperature": temperature, "top_p": top_p, "top_k": top_k}
        optional["stop_sequences"] = _stop_sequences(stop)
        data.update({name: value for name, value in optional.items() if name in schema})
    if schema is not None and options:
        # Model-specific inputs (reasoning effort, thinking budget) only where the model has
        # them: Replicate refuses an input a model lacks (422). Without a schema, none go.
        data.update({name: value for name, value in options.items() if name in schema})
    result = {name: value for name, value in data.items() if value is not None}
    if extra_data:
        result.update(extra_data)
    return result


def _seed_input(
    model: str, messages: Sequence[Message], system_prompt: str | None
) -> dict[str, Any]:
    if is_llama3(model):
        return {"prompt": llama3_prompt(messages, system_prompt), "prompt_template": "{prompt}"}
    return {"prompt": format_prompt(messages), "system_prompt": system_prompt}


def _system_input_is_used(schema: InputSchema) -> bool:
    """Whether the model's system input (`system_prompt`, `system_instruction`) reaches it.

    Cog-triton models fill `system_prompt` into their `prompt_template`; a template without
    `{system_prompt}` (Mixtral's is "<s>[INST] {prompt} [/INST] ") silently drops it.
    """
    if schema.system_name() is None:
        return False
    template = schema.get("prompt_template")
    if template is None or not isinstance(template.default, str):
        return True
    return "{system_prompt}" in template.default


def _prompt_input(
    model: str, messages: Sequence[Message], schema: InputSchema, system_prompt: str | None
) -> dict[str, Any]:
    if schema.takes_messages:
        # The model applies its own chat template; `prompt` and `system_prompt` would be ignored.
        return {"messages": chat_messages(messages, system_prompt)}
    if "prompt" not in schema:
        raise ConfigurationError(
            f"{model} is not a chat model: it takes neither a prompt nor messages."
        )
    if is_llama3(model):
        data: dict[str, Any] = {"prompt": llama3_prompt(messages, system_prompt)}
        if "prompt_template" in schema:
            data["prompt_template"] = "{prompt}"
        return data
    system_name = schema.system_name()
    if system_name is not None and _system_input_is_used(schema):
        system, turns = split_system(messages, system_prompt)
        return {"prompt": format_prompt(turns), system_name: system}
    # No system input that reaches the model: the system text stays in the transcript.
    history = list(messages)
    if system_prompt:
        history.insert(0, {"role": "system", "content": system_prompt})
    return {"prompt": format_prompt(history)}
