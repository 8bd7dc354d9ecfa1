"""Token validation, model schemas and the model picker's lists, against the stand-in."""

from __future__ import annotations

import pytest

from provider import (
    CHAT_MODELS,
    AuthenticationError,
    MissingAuthError,
    ModelNotFoundError,
    ReplicateClient,
)
from provider.standin import STANDIN_USER, StandIn


async def test_validate_token_returns_the_username(
    client: ReplicateClient, standin: StandIn
) -> None:
    assert await client.validate_token() == STANDIN_USER
    (request,) = standin.requests
    assert (request.method, request.path) == ("GET", "/v1/account")


async def test_validate_token_without_a_token_says_so(standin: StandIn) -> None:
    async with ReplicateClient(base_url=standin.base_url) as client:
        assert not client.has_token
        with pytest.raises(MissingAuthError):
            await client.validate_token()


async def test_input_schema_lists_parameters_in_order_with_limits(client: ReplicateClient) -> None:
    schema = await client.input_schema("meta/meta-llama-3-70b-instruct")
    assert schema is not None
    names = list(schema.parameters)
    assert names[0] == "prompt"
    temperature = schema.get("temperature")
    assert temperature is not None
    assert (temperature.minimum, temperature.maximum, temperature.default) == (0, 5, 0.7)
    assert schema.max_tokens_name() == "max_tokens"
    assert not schema.takes_messages
    gpt = await client.input_schema("openai/gpt-4o-mini")
    assert gpt is not None and gpt.takes_messages


async def test_unknown_model_is_model_not_found(client: ReplicateClient) -> None:
    with pytest.raises(ModelNotFoundError):
        await client.input_schema("nobody/no-such-model")
    with pytest.raises(ModelNotFoundError):
        await client.get_model("nobody/no-such-model")


async def test_get_model_describes_it(client: ReplicateClient) -> None:
    model = await client.get_model("anthropic/claude-3.7-sonnet")
    assert model.ref == "anthropic/claude-3.7-sonnet"
    assert model.is_official
    assert model.is_text_model
    assert model.version


async def test_search_finds_chat_models_only(client: ReplicateClient, standin: StandIn) -> None:
    found = await client.search_models("llama")
    refs = [m.ref for m in found]
    assert "meta/meta-llama-3-70b-instruct" in refs
    assert all(m.is_text_model for m in found)
    everything = await client.search_models("flux", chat_only=False)
    assert any(not m.is_text_model for m in everything)
    assert await client.search_models("flux") == []
    search = [r for r in standin.requests if r.path == "/v1/search"]
    assert search[0].query["query"] == "llama"


async def test_chat_models_put_official_ones_first(client: ReplicateClient) -> None:
    models = await client.chat_models()
    assert models, "the language-models collection is not empty"
    flags = [m.is_official for m in models]
    assert flags == sorted(flags, reverse=True)
    assert any(not flag for flag in flags), "the stand-in has a community model too"


async def test_list_models_pages_through_everything(client: ReplicateClient) -> None:
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        page, cursor = await client.list_models(cursor)
        pages += 1
        seen += [m.ref for m in page]
        if cursor is None:
            break
    assert pages > 1
    assert len(seen) == len(set(seen))
    assert "black-forest-labs/flux-schnell" in seen


async def test_a_revoked_token_fails_validation(standin: StandIn) -> None:
    async with ReplicateClient("r8_revokedrevokedrevoked1", base_url=standin.base_url) as client:
        with pytest.raises(AuthenticationError):
            await client.validate_token()


def test_catalogue_offers_official_chat_models_first() -> None:
    refs = [m.ref for m in CHAT_MODELS]
    assert len(refs) == len(set(refs))
    flags = [m.official for m in CHAT_MODELS]
    assert flags == sorted(flags, reverse=True)
    assert all(m.label for m in CHAT_MODELS)
