"""What the provider sends: endpoints, headers, inputs shaped by the model's schema, defaults."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from provider import (
    ConfigurationError,
    MissingAuthError,
    Replicate,
    ReplicateClient,
)
from provider.standin import CATALOG, STANDIN_TOKEN, Scenario, StandIn
from tests.provider.helpers import FAST_RETRY, USER_HI, collect


def creations(standin: StandIn) -> list[Any]:
    return [r for r in standin.requests if r.method == "POST" and r.path.endswith("predictions")]


async def run(standin: StandIn, model: str, messages: Any = USER_HI, **kwargs: Any) -> str:
    standin.queue(Scenario(chunks=["ok"]))
    chunks = [
        chunk
        async for chunk in Replicate.create_async_generator(
            model, messages, api_key=STANDIN_TOKEN, base_url=standin.base_url, **kwargs
        )
    ]
    return "".join(chunks)


def test_public_face_matches_the_seed() -> None:
    assert Replicate.url == "https://replicate.com"
    assert Replicate.login_url.startswith("https://replicate.com/")
    assert Replicate.working is True
    assert Replicate.needs_auth is True
    assert Replicate.default_model == "meta/meta-llama-3-70b-instruct"
    assert Replicate.default_model in Replicate.models
    assert Replicate.models[0].startswith("meta/"), "official models come first"
    parameters = list(inspect.signature(Replicate.create_async_generator).parameters)
    assert parameters == [
        "model", "messages", "api_key", "proxy", "timeout", "system_prompt", "max_tokens",
        "temperature", "top_p", "top_k", "stop", "extra_data", "headers", "base_url",
    ]  # fmt: skip
    signature = inspect.signature(Replicate.create_async_generator)
    assert signature.parameters["timeout"].default == 180
    assert signature.parameters["base_url"].kind is inspect.Parameter.KEYWORD_ONLY
    for parameter in signature.parameters.values():
        assert not isinstance(parameter.default, (list, dict, set)), "no shared mutable defaults"


async def test_official_model_posts_to_the_model_endpoint_with_the_right_headers(
    standin: StandIn,
) -> None:
    assert await run(standin, "meta/meta-llama-3-8b-instruct") == "ok"
    (create,) = creations(standin)
    assert create.path == "/v1/models/meta/meta-llama-3-8b-instruct/predictions"
    assert set(create.json) == {"input"}
    assert create.headers["Authorization"] == f"Bearer {STANDIN_TOKEN}"
    assert create.headers["User-Agent"].startswith("replicate-chat/")
    assert create.headers["Content-Type"] == "application/json"
    (stream,) = [r for r in standin.requests if r.stream_url]
    assert stream.headers["Accept"] == "text/event-stream"
    assert "Authorization" not in stream.headers, "the capability URL gets no token"


async def test_versioned_model_posts_to_predictions_with_the_version(standin: StandIn) -> None:
    (tiny,) = [m for m in CATALOG if f"{m.owner}/{m.name}" == "standin/tiny-chat"]
    version = tiny.version_id
    assert await run(standin, f"standin/tiny-chat:{version}") == "ok"
    (create,) = creations(standin)
    assert create.path == "/v1/predictions"
    assert create.json["version"] == version
    schema_reads = [r.path for r in standin.requests if "/versions/" in r.path]
    assert schema_reads == [f"/v1/models/standin/tiny-chat/versions/{version}"]


async def test_inputs_follow_the_model_schema(standin: StandIn) -> None:
    history = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"},
        {"role": "user", "content": "Tell me more"},
    ]
    params: dict[str, Any] = dict(
        max_tokens=2048, temperature=0.5, top_p=0.9, top_k=40, stop=["END", "###"]
    )
    await run(standin, "meta/meta-llama-3-8b-instruct", history, **params)
    await run(standin, "mistralai/mixtral-8x7b-instruct-v0.1", history, **params)
    await run(standin, "openai/gpt-4o-mini", history, **params)
    await run(
        standin, "deepseek-ai/deepseek-r1", history, **params, extra_data={"presence_penalty": 0.7}
    )
    await run(standin, "anthropic/claude-3.7-sonnet", history, **params)
    llama, mixtral, gpt, deepseek, claude = (r.json["input"] for r in creations(standin))

    assert llama["max_tokens"] == 2048 and "max_new_tokens" not in llama
    assert llama["prompt_template"] == "{prompt}"
    assert llama["prompt"].startswith("<|begin_of_text|><|start_header_id|>system")
    assert "Be brief." in llama["prompt"] and "system_prompt" not in llama
    assert llama["stop_sequences"] == "END,###"
    assert llama["top_k"] == 40

    assert mixtral["max_new_tokens"] == 2048 and "max_tokens" not in mixtral
    # Mixtral's prompt_template has no {system_prompt}: the system text stays in the transcript.
    assert "system_prompt" not in mixtral
    assert mixtral["prompt"] == (
        "System: Be brief.\nUser: Hi\nAssistant: Hello!\nUser: Tell me more\nAssistant:"
    )

    assert gpt["max_completion_tokens"] == 2048
    assert gpt["messages"][0] == {"role": "system", "content": "Be brief."}
    assert gpt["messages"][-1] == {"role": "user", "content": "Tell me more"}
    assert "prompt" not in gpt and "top_k" not in gpt and "stop_sequences" not in gpt

    assert "top_k" not in deepseek and "stop_sequences" not in deepseek
    assert "system_prompt" not in deepseek and deepseek["prompt"].startswith("System: Be brief.")
    assert deepseek["presence_penalty"] == 0.7  # extra_data is merged last

    assert claude["system_prompt"] == "Be brief." and "System:" not in claude["prompt"]
    assert claude["max_tokens"] == 2048


async def test_schema_is_fetched_once_and_cached(standin: StandIn) -> None:
    model = "deepseek-ai/deepseek-r1"
    await run(standin, model)
    await run(standin, model)
    reads = [r for r in standin.requests if r.method == "GET" and r.path == f"/v1/models/{model}"]
    assert len(reads) == 1
    assert len(creations(standin)) == 2


async def test_none_values_are_dropped_and_extra_data_wins(standin: StandIn) -> None:
    await run(
        standin,
        "meta/meta-llama-3-70b-instruct",
        temperature=None,
        top_p=0.5,
        extra_data={"top_p": 0.25, "presence_penalty": 1.1},
    )
    (create,) = creations(standin)
    assert "temperature" not in create.json["input"]
    assert create.json["input"]["top_p"] == 0.25
    assert create.json["input"]["presence_penalty"] == 1.1


async def test_callers_headers_are_sent_and_never_modified(standin: StandIn) -> None:
    headers = {"X-Trace": "abc"}
    await run(standin, "meta/meta-llama-3-8b-instruct", headers=headers)
    assert headers == {"X-Trace": "abc"}
    assert all(r.headers.get("X-Trace") == "abc" for r in standin.requests)


async def test_api_key_and_base_url_fall_back_to_the_environment(
    standin: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPLICATE_API_TOKEN", STANDIN_TOKEN)
    monkeypatch.setenv("REPLICATE_BASE_URL", standin.base_url)
    standin.queue(Scenario(chunks=["env"]))
    chunks = [
        c async for c in Replicate.create_async_generator("meta/meta-llama-3-8b-instruct", USER_HI)
    ]
    assert chunks == ["env"]


async def test_default_base_url_is_replicates_host_without_v1() -> None:
    client = ReplicateClient("r8_example_token_value_123")
    assert client.base_url == "https://api.replicate.com"
    await client.close()


async def test_no_token_anywhere_raises_missing_auth(standin: StandIn) -> None:
    with pytest.raises(MissingAuthError, match="REPLICATE_API_TOKEN"):
        async for _ in Replicate.create_async_generator(
            "meta/meta-llama-3-8b-instruct", USER_HI, base_url=standin.base_url
        ):
            pass
    assert standin.requests == [], "nothing is sent without a token"


@pytest.mark.parametrize("model", ["llama", "meta/", "/x", "a/b/c", "meta/llama 3", ""])
async def test_a_model_name_that_is_not_owner_name_is_a_clear_error(
    standin: StandIn, model: str
) -> None:
    async with ReplicateClient(STANDIN_TOKEN, base_url=standin.base_url) as client:
        with pytest.raises(ConfigurationError, match="owner/name"):
            await collect(client.stream_chat(model, USER_HI))
    assert standin.requests == []


@pytest.mark.parametrize(
    "base_url", ["http://api.example.com", "ftp://127.0.0.1", "http://10.0.0.1:8080"]
)
async def test_plain_http_is_refused_except_on_loopback(base_url: str) -> None:
    with pytest.raises(ConfigurationError, match="https"):
        ReplicateClient(STANDIN_TOKEN, base_url=base_url)


async def test_retry_policy_is_used_by_the_client(standin: StandIn) -> None:
    # A 503 on reading the prediction is retried with backoff; the reply still completes.
    standin.queue(Scenario(chunks=["a", "b"], no_stream=True, get_failures=2))
    async with ReplicateClient(STANDIN_TOKEN, base_url=standin.base_url, retry=FAST_RETRY) as c:
        _, text = await collect(c.stream_chat("meta/meta-llama-3-8b-instruct", USER_HI))
    assert text == "ab"
