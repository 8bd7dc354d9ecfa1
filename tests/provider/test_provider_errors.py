"""Errors a person can act on: typed, with Replicate's own words, never holding the token."""

from __future__ import annotations

import logging
import socket
from typing import Any

import pytest

from provider import (
    AuthenticationError,
    InsufficientCreditError,
    InvalidInputError,
    InvalidResponseError,
    ModelNotFoundError,
    ProviderConnectionError,
    ProviderError,
    RateLimitError,
    ReplicateClient,
    ResponseError,
    RetryPolicy,
    ServerError,
    redact,
)
from provider.standin import STANDIN_TOKEN, Scenario, StandIn
from tests.provider.helpers import FAST_RETRY, USER_HI, collect

MODEL = "meta/meta-llama-3-8b-instruct"


def creations(standin: StandIn) -> list[Any]:
    return [r for r in standin.requests if r.method == "POST" and r.path.endswith("predictions")]


@pytest.mark.parametrize(
    ("status", "error_type", "words"),
    [
        (401, AuthenticationError, "valid authentication token"),
        (402, InsufficientCreditError, "insufficient credit"),
        (404, ModelNotFoundError, "not found"),
        (500, ServerError, "500"),
        (502, ServerError, "502"),
        (503, ServerError, "503"),
    ],
)
async def test_http_errors_become_typed_errors(
    standin: StandIn, client: ReplicateClient, status: int, error_type: type, words: str
) -> None:
    standin.queue(Scenario(chunks=["x"], create_status=status))
    with pytest.raises(error_type) as caught:
        await collect(client.stream_chat(MODEL, USER_HI))
    error = caught.value
    assert isinstance(error, ResponseError) and isinstance(error, ProviderError)
    assert error.status == status
    assert words.lower() in str(error).lower()
    # Creating a prediction is never retried on these: a second one would be a second bill.
    assert len(creations(standin)) == 1


async def test_insufficient_credit_points_to_billing(
    standin: StandIn, client: ReplicateClient
) -> None:
    standin.queue(Scenario(chunks=["x"], create_status=402))
    with pytest.raises(InsufficientCreditError) as caught:
        await collect(client.stream_chat(MODEL, USER_HI))
    assert caught.value.title == "Insufficient credit"
    assert caught.value.billing_url.startswith("https://replicate.com/account/billing")


async def test_invalid_input_lists_the_invalid_fields(
    standin: StandIn, client: ReplicateClient
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        await collect(client.stream_chat(MODEL, USER_HI, temperature=99))
    fields = {field.field: field for field in caught.value.invalid_fields}
    assert "temperature" in fields
    assert fields["temperature"].type == "number_lte"
    assert caught.value.status == 422


async def test_rate_limit_is_retried_as_the_server_asks(
    standin: StandIn, client: ReplicateClient
) -> None:
    standin.queue(Scenario(chunks=["fine"], create_status=429, retry_after="0", create_failures=2))
    _, text = await collect(client.stream_chat(MODEL, USER_HI))
    assert text == "fine"
    assert len(creations(standin)) == 3


async def test_rate_limit_without_retry_after_backs_off_then_succeeds(standin: StandIn) -> None:
    standin.queue(Scenario(chunks=["ok"], create_status=429, create_failures=1))
    policy = RetryPolicy(base_delay=0.2)  # the first back-off: 0.1 to 0.2 s, with jitter
    async with ReplicateClient(STANDIN_TOKEN, base_url=standin.base_url, retry=policy) as client:
        _, text = await collect(client.stream_chat(MODEL, USER_HI))
    assert text == "ok"
    first, second = creations(standin)
    # At least the back-off's lower bound between the 429 and the retry (a slow machine only
    # makes the gap longer).
    assert second.received_at - first.received_at >= 0.1


async def test_rate_limit_retries_are_bounded(standin: StandIn, client: ReplicateClient) -> None:
    standin.queue(Scenario(chunks=["x"], create_status=429, retry_after="0", create_failures=50))
    with pytest.raises(RateLimitError) as caught:
        await collect(client.stream_chat(MODEL, USER_HI))
    assert caught.value.retry_after == 0
    assert len(creations(standin)) == FAST_RETRY.create_attempts


async def test_a_long_retry_after_is_handed_to_the_person_not_slept(standin: StandIn) -> None:
    standin.queue(Scenario(chunks=["x"], create_status=429, retry_after="3600"))
    async with ReplicateClient(STANDIN_TOKEN, base_url=standin.base_url) as client:
        with pytest.raises(RateLimitError) as caught:
            await collect(client.stream_chat(MODEL, USER_HI))
    assert caught.value.retry_after == 3600
    assert "throttled" in str(caught.value)
    assert len(creations(standin)) == 1


@pytest.mark.parametrize("garbage", ["non_json", "truncated", "oversized"])
async def test_garbage_answers_are_invalid_response_errors(
    standin: StandIn, client: ReplicateClient, garbage: str
) -> None:
    standin.queue(Scenario(chunks=["x"], create_body=garbage))
    with pytest.raises(InvalidResponseError) as caught:
        await collect(client.stream_chat(MODEL, USER_HI))
    assert len(str(caught.value)) < 300, "a short message, not the whole body"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_connection_refused_is_a_connection_error() -> None:
    base_url = f"http://127.0.0.1:{free_port()}"
    policy = RetryPolicy(base_delay=0.01, max_delay=0.02)
    async with ReplicateClient(STANDIN_TOKEN, base_url=base_url, retry=policy) as client:
        with pytest.raises(
            ProviderConnectionError, match=r"Could not reach Replicate at 127\.0\.0\.1"
        ):
            await client.validate_token()
        with pytest.raises(ProviderConnectionError):
            await client.create_prediction(MODEL, {"prompt": "hi"})


async def test_a_wrong_token_is_an_authentication_error(standin: StandIn) -> None:
    async with ReplicateClient("r8_wrongwrongwrongwrong", base_url=standin.base_url) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.validate_token()
    assert caught.value.status == 401
    assert "r8_wrong" not in str(caught.value) + repr(caught.value)


async def test_the_token_never_appears_in_messages_reprs_or_logs(
    standin: StandIn, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    errors: list[BaseException] = []
    async with ReplicateClient(
        STANDIN_TOKEN, base_url=standin.base_url, retry=FAST_RETRY
    ) as client:
        for scenario in (
            Scenario(chunks=["a"], create_status=401),
            Scenario(chunks=["a"], create_status=500),
            Scenario(chunks=["a", "b"], error_after=1, error_detail=f"leak {STANDIN_TOKEN}"),
            Scenario(chunks=["a", "b"], drop_after=1),
            Scenario(chunks=["a"], create_body="non_json"),
        ):
            standin.clear_queue()  # a scripted failure that is not retried stays queued
            standin.queue(scenario)
            try:
                await collect(client.stream_chat(MODEL, USER_HI))
            except ProviderError as error:
                errors.append(error)
        texts = [repr(client), str(client)]
    assert len(errors) == 4
    texts += [str(e) for e in errors] + [repr(e) for e in errors]
    texts += [record.getMessage() for record in caplog.records]
    texts += [str(getattr(e, "detail", "")) for e in errors]
    assert not [text for text in texts if STANDIN_TOKEN in text]
    assert any("r8_…" in str(e) for e in errors), "a token echoed by the server is redacted"


def test_redact_hides_token_shapes_and_nothing_else() -> None:
    text = (
        "key r8_AbCdEf0123456789xyz, Authorization: Bearer abcdef0123456789ghij, "
        "Token 9f8e7d6c5b4a39281706, proxy http://alice:S3cretPw@proxy.example:3128/"
    )
    hidden = redact(text)
    for secret in ("r8_AbCdEf", "abcdef0123456789ghij", "9f8e7d6c5b4a39281706", "S3cretPw"):
        assert secret not in hidden
    assert "alice" in hidden and "proxy.example:3128" in hidden, "only the password goes"
    for words in (
        "plain words stay",
        "Token generation failed: CUDA out of memory",
        "The API token provided is invalid",
        "Bearer of good news",
        "see https://replicate.com/account/billing#billing",
    ):
        assert redact(words) == words
