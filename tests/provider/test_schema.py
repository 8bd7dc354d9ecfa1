"""Model input schemas and the mapping from chat parameters to each model's own input names.

The schemas are the stand-in catalogue's, which follow what Replicate publishes (fact sheet §5).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provider.errors import ConfigurationError
from provider.prompts import chat_messages, format_prompt, llama3_prompt
from provider.schema import InputSchema, Parameter, build_input
from provider.standin import CATALOG
from provider.standin.catalog import openapi_schema

PROPERTY = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

LLAMA3 = "meta/meta-llama-3-70b-instruct"
MIXTRAL = "mistralai/mixtral-8x7b-instruct-v0.1"
GPT = "openai/gpt-4o-mini"
CLAUDE = "anthropic/claude-3.7-sonnet"
DEEPSEEK = "deepseek-ai/deepseek-r1"
TINY = "standin/tiny-chat"

HISTORY: list[dict[str, Any]] = [
    {"role": "system", "content": "Answer in French."},
    {"role": "user", "content": "Hi"},
    {"role": "assistant", "content": "Bonjour !"},
    {"role": "user", "content": "How are you?"},
]
TURNS = HISTORY[1:]


def openapi(ref: str) -> dict[str, Any]:
    model = next(model for model in CATALOG if model.ref == ref)
    return openapi_schema(model)


def schema_of(ref: str) -> InputSchema:
    schema = InputSchema.from_openapi(openapi(ref))
    assert schema is not None
    return schema


def properties_of(ref: str) -> set[str]:
    return set(openapi(ref)["components"]["schemas"]["Input"]["properties"])


def test_every_catalogue_model_has_a_readable_schema() -> None:
    for model in CATALOG:
        schema = InputSchema.from_openapi(openapi_schema(model))
        assert schema is not None, model.ref
        assert set(schema.parameters) == set(model.input_schema["properties"])
        assert "prompt" in schema


# -- the length limit -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        (LLAMA3, "max_tokens"),
        ("meta/meta-llama-3-8b-instruct", "max_tokens"),
        (MIXTRAL, "max_new_tokens"),
        (GPT, "max_completion_tokens"),
        (CLAUDE, "max_tokens"),
        (DEEPSEEK, "max_tokens"),
        (TINY, "max_new_tokens"),
    ],
)
def test_max_tokens_goes_to_the_models_own_name_only(ref: str, name: str) -> None:
    data = build_input(ref, TURNS, schema_of(ref), max_tokens=321)
    assert data[name] == 321
    others = {"max_tokens", "max_new_tokens", "max_completion_tokens"} - {name}
    assert not others & set(data)


def test_llama3_has_both_limits_but_only_max_tokens_is_sent() -> None:
    # Llama 3 rejects a max_new_tokens that disagrees with max_tokens (E1102).
    schema = schema_of(LLAMA3)
    assert "max_tokens" in schema
    assert "max_new_tokens" in schema
    data = build_input(LLAMA3, TURNS, schema, max_tokens=100)
    assert data["max_tokens"] == 100
    assert "max_new_tokens" not in data


def test_an_image_model_has_no_length_limit() -> None:
    schema = schema_of("black-forest-labs/flux-schnell")
    assert schema.max_tokens_name() is None
    data = build_input("black-forest-labs/flux-schnell", TURNS[:1], schema, max_tokens=10)
    assert data == {"prompt": "Hi"}


# -- stop sequences and other sampling parameters -------------------------------------------------


@pytest.mark.parametrize("ref", [LLAMA3, MIXTRAL, TINY])
@pytest.mark.parametrize(
    ("stop", "expected"),
    [
        (["</s>", "User:"], "</s>,User:"),
        (("a",), "a"),
        (["", "b", ""], "b"),
        ("<|eot_id|>,<|end_of_text|>", "<|eot_id|>,<|end_of_text|>"),
        ("ab", "ab"),  # a string is one stop sequence, not its letters
    ],
)
def test_stop_becomes_one_comma_joined_string(ref: str, stop: Any, expected: str) -> None:
    assert build_input(ref, TURNS, schema_of(ref), stop=stop)["stop_sequences"] == expected


@pytest.mark.parametrize("stop", [None, [], "", [""]])
def test_no_stop_sends_no_stop_sequences(stop: Any) -> None:
    assert "stop_sequences" not in build_input(MIXTRAL, TURNS, schema_of(MIXTRAL), stop=stop)


def test_sampling_parameters_go_to_a_model_that_has_them() -> None:
    data = build_input(
        MIXTRAL, TURNS, schema_of(MIXTRAL), temperature=0.2, top_p=0.8, top_k=40, max_tokens=9
    )
    assert data["temperature"] == 0.2
    assert data["top_p"] == 0.8
    assert data["top_k"] == 40
    assert data["max_new_tokens"] == 9


def test_parameters_the_model_lacks_are_not_sent() -> None:
    data = build_input(
        DEEPSEEK,
        HISTORY,
        schema_of(DEEPSEEK),
        system_prompt="Be brief.",
        max_tokens=50,
        temperature=0.3,
        top_p=0.7,
        top_k=40,
        stop=["x"],
    )
    assert {"top_k", "stop_sequences", "system_prompt"}.isdisjoint(data)
    assert data["temperature"] == 0.3
    assert data["top_p"] == 0.7
    assert data["max_tokens"] == 50
    assert set(data) <= properties_of(DEEPSEEK)


def test_gpt_gets_no_top_k_and_no_stop_sequences() -> None:
    data = build_input(GPT, TURNS, schema_of(GPT), top_k=5, stop=["x"], temperature=1.5)
    assert {"top_k", "stop_sequences", "prompt", "system_prompt"}.isdisjoint(data)
    assert data["temperature"] == 1.5


def test_none_values_are_dropped() -> None:
    for model in CATALOG:
        schema = InputSchema.from_openapi(openapi_schema(model))
        data = build_input(model.ref, TURNS, schema)
        assert None not in data.values(), model.ref
        assert set(data) <= {"prompt", "prompt_template", "messages"}, model.ref
    seed = build_input(MIXTRAL, TURNS, None)
    assert seed == {"prompt": format_prompt(TURNS)}


def test_zero_values_are_not_dropped() -> None:
    data = build_input(MIXTRAL, TURNS, schema_of(MIXTRAL), temperature=0, top_k=0, max_tokens=0)
    assert (data["temperature"], data["top_k"], data["max_new_tokens"]) == (0, 0, 0)


def test_extra_data_is_merged_last_and_wins() -> None:
    extra = {"temperature": 0.1, "seed": 7, "prompt": "raw", "max_new_tokens": 1}
    for schema in (schema_of(LLAMA3), None):
        data = build_input(LLAMA3, TURNS, schema, temperature=0.9, max_tokens=100, extra_data=extra)
        assert data["temperature"] == 0.1
        assert data["seed"] == 7
        assert data["prompt"] == "raw"
        assert data["max_new_tokens"] == 1
    assert extra == {"temperature": 0.1, "seed": 7, "prompt": "raw", "max_new_tokens": 1}


# -- where the conversation goes ------------------------------------------------------------------


def test_llama3_gets_the_template_client_side_and_no_system_prompt() -> None:
    data = build_input(LLAMA3, HISTORY, schema_of(LLAMA3), system_prompt="Be brief.")
    assert data == {
        "prompt": llama3_prompt(HISTORY, "Be brief."),
        "prompt_template": "{prompt}",
    }
    assert data["prompt"].startswith(
        "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
        "Be brief.\n\nAnswer in French.<|eot_id|>"
    )
    assert data["prompt"].endswith("<|start_header_id|>assistant<|end_header_id|>\n\n")


def test_llama3_by_version_reference_uses_the_template_too() -> None:
    ref = f"{LLAMA3}:{'a' * 64}"
    data = build_input(ref, TURNS, schema_of(LLAMA3))
    assert data == {"prompt": llama3_prompt(TURNS), "prompt_template": "{prompt}"}


def test_a_messages_model_gets_messages_with_the_system_first_and_no_prompt() -> None:
    schema = schema_of(GPT)
    assert schema.takes_messages
    data = build_input(GPT, TURNS + HISTORY[:1], schema, system_prompt="Be brief.")
    assert data == {
        "messages": [
            {"role": "system", "content": "Be brief.\n\nAnswer in French."},
            {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": "Bonjour !"},
            {"role": "user", "content": "How are you?"},
        ]
    }
    assert data["messages"] == chat_messages(TURNS + HISTORY[:1], "Be brief.")


def test_claude_gets_the_system_text_as_system_prompt_and_not_in_the_prompt() -> None:
    data = build_input(CLAUDE, HISTORY, schema_of(CLAUDE), system_prompt="Be brief.")
    assert data == {
        "prompt": "User: Hi\nAssistant: Bonjour !\nUser: How are you?\nAssistant:",
        "system_prompt": "Be brief.\n\nAnswer in French.",
    }


def test_claude_with_one_turn_gets_the_bare_text() -> None:
    data = build_input(CLAUDE, HISTORY[:2], schema_of(CLAUDE))
    assert data == {"prompt": "Hi", "system_prompt": "Answer in French."}


def test_a_model_without_system_prompt_keeps_the_system_text_in_the_transcript() -> None:
    data = build_input(DEEPSEEK, HISTORY, schema_of(DEEPSEEK), system_prompt="Be brief.")
    assert data == {
        "prompt": "System: Be brief.\nSystem: Answer in French.\nUser: Hi\n"
        "Assistant: Bonjour !\nUser: How are you?\nAssistant:"
    }


def test_a_model_without_system_prompt_and_one_turn_keeps_the_system_text() -> None:
    data = build_input(TINY, TURNS[:1], schema_of(TINY), system_prompt="Be brief.")
    assert data == {"prompt": "System: Be brief.\nUser: Hi\nAssistant:"}


def _what_the_model_reads(ref: str, data: dict[str, Any]) -> str:
    """The text a cog-triton style model formats from this input (template filled in)."""
    if "messages" in data:
        return "\n".join(message["content"] for message in data["messages"])
    schema = schema_of(ref)
    template_input = schema.get("prompt_template")
    system_name = schema.system_name() or "system_prompt"  # Gemini's is `system_instruction`
    system_input = schema.get(system_name)
    template = data.get("prompt_template", template_input.default if template_input else None)
    system = data.get(system_name, system_input.default if system_input else None) or ""
    if not isinstance(template, str):
        return f"{system}\n{data['prompt']}"
    return template.replace("{system_prompt}", system).replace("{prompt}", data["prompt"])


@pytest.mark.parametrize("ref", [model.ref for model in CATALOG if model.is_chat])
def test_the_system_text_and_every_turn_reach_the_model(ref: str) -> None:
    # Mixtral's template has no {system_prompt}: its system text must stay in the transcript.
    data = build_input(ref, HISTORY, schema_of(ref), system_prompt="Be brief.")
    seen = _what_the_model_reads(ref, data)
    for text in ("Be brief.", "Answer in French.", "Hi", "Bonjour !", "How are you?"):
        assert text in seen


# -- no schema: the seed's mapping ----------------------------------------------------------------


def test_without_a_schema_the_seed_mapping_is_used() -> None:
    data = build_input(
        MIXTRAL,
        HISTORY,
        None,
        system_prompt="Be brief.",
        max_tokens=64,
        temperature=0.5,
        top_p=0.9,
        top_k=40,
        stop=["a", "b"],
    )
    assert data == {
        "prompt": format_prompt(HISTORY),
        "system_prompt": "Be brief.",
        "max_new_tokens": 64,
        "temperature": 0.5,
        "top_p": 0.9,
        "top_k": 40,
        "stop_sequences": "a,b",
    }
    assert data["prompt"].startswith("System: Answer in French.\nUser: Hi\n")


def test_without_a_schema_llama3_still_uses_the_template() -> None:
    data = build_input(LLAMA3, HISTORY, None, system_prompt="Be brief.", max_tokens=64)
    assert data == {
        "prompt": llama3_prompt(HISTORY, "Be brief."),
        "prompt_template": "{prompt}",
        "max_new_tokens": 64,
    }


# -- InputSchema.from_openapi ---------------------------------------------------------------------


def _document(properties: Any, **input_extra: Any) -> dict[str, Any]:
    return {"components": {"schemas": {"Input": {"properties": properties, **input_extra}}}}


def test_parameters_are_ordered_by_x_order() -> None:
    schema = InputSchema.from_openapi(
        _document(
            {
                "late": {"type": "string"},  # no x-order: after every numbered one
                "b": {"type": "integer", "x-order": 2},
                "a": {"type": "integer", "x-order": 0},
                "c": {"type": "integer", "x-order": 1},
                "later": {"type": "string", "x-order": "3"},  # not an int: treated as missing
            }
        )
    )
    assert schema is not None
    assert list(schema.parameters) == ["a", "c", "b", "late", "later"]
    assert [parameter.order for parameter in schema.parameters.values()][:3] == [0, 1, 2]


def test_catalogue_order_follows_x_order() -> None:
    schema = schema_of(LLAMA3)
    assert list(schema.parameters)[:4] == ["prompt", "system_prompt", "max_tokens", "min_tokens"]
    assert list(schema.parameters)[-1] == "min_new_tokens"


def test_limits_defaults_and_required_are_read() -> None:
    schema = schema_of(LLAMA3)
    temperature = schema.get("temperature")
    assert temperature == Parameter(
        name="temperature",
        type="number",
        title="Temperature",
        description="Randomness of outputs.",
        default=0.7,
        minimum=0.0,
        maximum=5.0,
        order=4,
    )
    max_tokens = schema.get("max_tokens")
    assert max_tokens is not None
    assert (max_tokens.type, max_tokens.default, max_tokens.minimum, max_tokens.maximum) == (
        "integer",
        512,
        1.0,
        None,
    )
    top_k = schema.get("top_k")
    assert top_k is not None
    assert top_k.minimum == -1.0
    prompt = schema.get("prompt")
    assert prompt is not None
    assert prompt.required
    assert not max_tokens.required
    assert schema.get("seed") is not None
    assert schema.get("nonexistent") is None


def test_enum_choices_direct() -> None:
    schema = schema_of("black-forest-labs/flux-schnell")
    output_format = schema.get("output_format")
    assert output_format is not None
    assert output_format.choices == ("webp", "jpg", "png")
    assert output_format.default == "webp"


def test_enum_through_all_of_ref() -> None:
    document = {
        "components": {
            "schemas": {
                "Input": {
                    "type": "object",
                    "properties": {
                        "effort": {
                            "allOf": [{"$ref": "#/components/schemas/effort"}],
                            "default": "medium",
                            "description": "How hard to think.",
                            "x-order": 0,
                        },
                        "missing": {"allOf": [{"$ref": "#/components/schemas/nowhere"}]},
                    },
                },
                "effort": {
                    "type": "string",
                    "enum": ["minimal", "low", "medium", "high"],
                    "title": "effort",
                },
            }
        }
    }
    schema = InputSchema.from_openapi(document)
    assert schema is not None
    effort = schema.get("effort")
    assert effort is not None
    assert effort.choices == ("minimal", "low", "medium", "high")
    assert effort.type == "string"
    assert effort.default == "medium"
    assert effort.title == "Effort"
    missing = schema.get("missing")
    assert missing is not None
    assert missing.choices == ()


def test_title_falls_back_to_the_name() -> None:
    schema = InputSchema.from_openapi(_document({"max_new_tokens": {"type": "integer"}}))
    assert schema is not None
    parameter = schema.get("max_new_tokens")
    assert parameter is not None
    assert parameter.title == "Max new tokens"
    assert parameter.type == "integer"


def test_booleans_are_not_numbers() -> None:
    schema = InputSchema.from_openapi(
        _document({"x": {"type": "number", "minimum": True, "maximum": "5"}})
    )
    assert schema is not None
    parameter = schema.get("x")
    assert parameter is not None
    assert (parameter.minimum, parameter.maximum) == (None, None)


def test_property_specs_that_are_not_objects_are_skipped() -> None:
    schema = InputSchema.from_openapi(_document({"a": 5, "b": None, "c": {"type": "string"}}))
    assert schema is not None
    assert list(schema.parameters) == ["c"]


@pytest.mark.parametrize(
    "document",
    [
        None,
        {},
        [],
        "openapi",
        42,
        {"components": None},
        {"components": {}},
        {"components": {"schemas": {}}},
        {"components": {"schemas": []}},
        {"components": {"schemas": {"Output": {"type": "array"}}}},
        {"components": {"schemas": {"Input": "prompt"}}},
        {"components": {"schemas": {"Input": {"type": "object"}}}},
        _document({}),
        _document(["prompt"]),
        _document("prompt"),
        _document(None),
    ],
)
def test_no_input_schema_is_none(document: Any) -> None:
    assert InputSchema.from_openapi(document) is None


def test_takes_messages_only_for_an_array() -> None:
    assert schema_of(GPT).takes_messages
    assert not schema_of(CLAUDE).takes_messages
    as_text = InputSchema.from_openapi(_document({"messages": {"type": "string"}}))
    assert as_text is not None
    assert not as_text.takes_messages


# -- what a malformed schema must not do ----------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        _document({"prompt": {"type": "string"}}, required=True),
        _document({"prompt": {"type": "string"}}, required=5),
        _document({"prompt": {"type": "string"}, "size": {"enum": 5}}),
        _document({"prompt": {"type": "string"}, "size": {"allOf": 5}}),
        {
            "components": {
                "schemas": {
                    "Input": {
                        "properties": {
                            "prompt": {"type": "string"},
                            "size": {"allOf": [{"$ref": "#/x/size"}]},
                        }
                    },
                    "size": {"type": "string", "enum": 3},
                }
            }
        },
        _document(
            {"prompt": {"type": "string"}, "size": {"allOf": ["#/components/schemas/x", 7, None]}}
        ),
        _document(
            {
                "prompt": {"type": "string"},
                "n": {"type": "integer", "minimum": 10**400, "maximum": -(10**400)},
            }
        ),
    ],
)
def test_a_malformed_schema_is_read_without_raising(document: Any) -> None:
    # A model's schema comes from the network: one odd property must not stop the chat.
    schema = InputSchema.from_openapi(document)
    assert schema is not None
    build_input("someone/model", TURNS, schema, max_tokens=5, temperature=0.5)


def test_a_schema_without_prompt_or_messages_is_not_a_chat_model() -> None:
    for properties in (
        {"system_prompt": {"type": "string"}, "max_tokens": {"type": "integer"}},
        {"text": {"type": "string"}},
    ):
        schema = InputSchema.from_openapi(_document(properties))
        assert schema is not None
        with pytest.raises(ConfigurationError, match="not a chat model"):
            build_input("someone/model", TURNS, schema, max_tokens=5)


# -- arbitrary JSON-ish schemas (Hypothesis) -------------------------------------------------------

_NAMES = [
    "prompt",
    "system_prompt",
    "messages",
    "max_tokens",
    "max_new_tokens",
    "max_completion_tokens",
    "temperature",
    "top_p",
    "top_k",
    "stop_sequences",
    "prompt_template",
    "seed",
    "size",
]
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**400), 2**63])
    | st.floats()
    | st.text(max_size=8)
)
_JSON = st.recursive(
    _SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)
_NAME = st.sampled_from(_NAMES) | st.text(max_size=8)
_REF = st.fixed_dictionaries(
    {}, optional={"$ref": st.sampled_from(["#/components/schemas/size", "size", "Input"]) | _JSON}
)
_SPEC_OBJECT = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["string", "integer", "number", "boolean", "array"]) | _JSON,
        "title": _JSON,
        "description": _JSON,
        "default": _JSON,
        "minimum": _JSON,
        "maximum": _JSON,
        "enum": _JSON,
        "allOf": st.lists(_REF | _JSON, max_size=2) | _JSON,
        "x-order": st.integers(min_value=-5, max_value=20) | _JSON,
    },
)
# Listing a branch more than once makes it likelier: most examples are nearly valid schemas.
_SPEC = st.one_of(_SPEC_OBJECT, _SPEC_OBJECT, _SPEC_OBJECT, _JSON)
_INPUT_OBJECT = st.fixed_dictionaries(
    {"properties": st.dictionaries(_NAME, _SPEC, min_size=1, max_size=8)},
    optional={"type": _JSON, "required": st.lists(_NAME, max_size=3) | _JSON},
)
_INPUT = st.one_of(
    _INPUT_OBJECT,
    _INPUT_OBJECT,
    _INPUT_OBJECT,
    st.fixed_dictionaries({}, optional={"properties": _JSON, "required": _JSON}),
    _JSON,
)
_DOCUMENT_OBJECT = st.fixed_dictionaries(
    {
        "components": st.fixed_dictionaries(
            {"schemas": st.fixed_dictionaries({"Input": _INPUT}, optional={"size": _SPEC})}
        )
    }
)
_DOCUMENTS = st.one_of(
    _DOCUMENT_OBJECT,
    _DOCUMENT_OBJECT,
    _DOCUMENT_OBJECT,
    st.fixed_dictionaries({"components": st.fixed_dictionaries({"schemas": _JSON})}),
    _JSON,
)
_STOP = st.none() | st.text(max_size=5) | st.lists(st.text(max_size=5), max_size=3)
_MODEL = st.sampled_from([LLAMA3, MIXTRAL, GPT, CLAUDE, "someone/model:v1", "meta/llama3"])


@PROPERTY
@given(
    document=_DOCUMENTS,
    model=_MODEL,
    system_prompt=st.none() | st.text(max_size=10),
    max_tokens=st.none() | st.integers(min_value=0, max_value=10**6),
    temperature=st.none() | st.floats(min_value=0, max_value=5),
    top_k=st.none() | st.integers(min_value=-1, max_value=100),
    stop=_STOP,
    extra=st.none() | st.dictionaries(_NAME, _JSON, max_size=3),
)
def test_arbitrary_schemas_never_raise_and_only_known_inputs_are_sent(
    document: Any,
    model: str,
    system_prompt: str | None,
    max_tokens: int | None,
    temperature: float | None,
    top_k: int | None,
    stop: Any,
    extra: dict[str, Any] | None,
) -> None:
    schema = InputSchema.from_openapi(document)
    try:
        data = build_input(
            model,
            HISTORY,
            schema,
            system_prompt=system_prompt,
            max_tokens=max_tokens,
            temperature=temperature,
            top_k=top_k,
            stop=stop,
            extra_data=extra,
        )
    except ConfigurationError:
        # The one refusal allowed: a model whose inputs have neither prompt nor messages.
        assert schema is not None
        assert "prompt" not in schema and not schema.takes_messages
        return
    if extra:
        assert {name: data[name] for name in extra} == extra
    if schema is None:
        return
    properties = set(document["components"]["schemas"]["Input"]["properties"])
    assert set(schema.parameters) <= properties
    sent = set(data) - set(extra or {})
    assert sent <= properties
    # The conversation always goes somewhere.
    assert ("prompt" in data) or ("messages" in data)
    # Never two names for the length limit (Llama 3's E1102).
    assert len(sent & {"max_tokens", "max_new_tokens", "max_completion_tokens"}) <= 1
