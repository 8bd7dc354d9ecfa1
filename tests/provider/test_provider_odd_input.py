"""Odd input and odd answers give ProviderErrors or work, never bare exceptions."""

from __future__ import annotations

import pytest

from provider import PredictionFinished, ProviderError, ReplicateClient
from provider.standin import STANDIN_TOKEN, Scenario, StandIn
from tests.provider.helpers import FAST_RETRY, USER_HI, collect

MODEL = "meta/meta-llama-3-8b-instruct"


@pytest.mark.parametrize("value", [float("inf"), float("nan")])
async def test_odd_token_counts_in_metrics_raise_a_provider_error_at_most(
    standin: StandIn, value: float
) -> None:
    # json.loads accepts Infinity/NaN; Metrics.from_api then does int(inf) / int(nan).
    standin.queue(Scenario(chunks=["a", "b"], metrics={"output_token_count": value}))
    async with ReplicateClient(
        STANDIN_TOKEN, base_url=standin.base_url, retry=FAST_RETRY, timeout=5
    ) as client:
        events, text = await collect(client.stream_chat(MODEL, USER_HI))
    assert text == "ab"
    finished = events[-1]
    assert isinstance(finished, PredictionFinished)
    assert finished.metrics.output_token_count is None, "a non-finite count is no count"


async def test_a_token_with_an_inner_line_break_is_a_provider_error(standin: StandIn) -> None:
    # A token pasted across two lines: aiohttp refuses the header with a bare ValueError
    # ("Potential header injection attack"), which escapes validate_token().
    with pytest.raises(ProviderError):
        async with ReplicateClient("r8_abcdef\n0123456789", base_url=standin.base_url) as client:
            await client.validate_token()


@pytest.mark.parametrize(
    "base_url",
    [
        "api.replicate.com",  # REPLICATE_BASE_URL without a scheme: "user replacement is not
        "localhost:5000",  # allowed for relative URLs" from yarl, raised by check_url itself
        "http://[::1",
        "https://api.replicate.com:99999",
    ],
)
def test_an_unparsable_base_url_is_a_configuration_error(base_url: str) -> None:
    with pytest.raises(ProviderError):
        ReplicateClient("r8_x", base_url=base_url)


def test_redact_does_not_eat_ordinary_words_after_token() -> None:
    from provider import redact

    # A model's failure detail and Replicate-style texts lose words: "Token … failed".
    assert redact("Token generation failed: CUDA out of memory") == (
        "Token generation failed: CUDA out of memory"
    )
    assert redact("The API token provided is invalid") == "The API token provided is invalid"


def test_a_404_for_a_prediction_does_not_say_model_not_found() -> None:
    from provider.errors import error_for_response

    # Replicate's 404 for GET /v1/predictions/{id} (deleted, expired) mid-reply.
    error = error_for_response(
        404, b'{"detail":"Not found.","status":404}', path="/v1/predictions/abc123"
    )
    assert "Model not found" not in str(error), str(error)


@pytest.mark.parametrize("timeout", [0, -1, "soon", True])
def test_a_timeout_that_is_not_positive_seconds_is_a_configuration_error(timeout: object) -> None:
    from provider import ConfigurationError

    with pytest.raises(ConfigurationError, match="timeout"):
        ReplicateClient("r8_x", timeout=timeout)  # type: ignore[arg-type]


@pytest.mark.parametrize("blank", ["", "   ", "\n"])
async def test_a_blank_token_is_no_token(
    standin: StandIn, blank: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provider import MissingAuthError

    monkeypatch.setenv("REPLICATE_API_TOKEN", blank)
    async with ReplicateClient(blank, base_url=standin.base_url) as client:
        assert not client.has_token
        with pytest.raises(MissingAuthError):
            await client.validate_token()


def test_a_404_behind_a_gateway_prefix_is_still_about_the_model() -> None:
    from provider import ModelNotFoundError, NotFoundError
    from provider.errors import error_for_response

    body = b'{"detail":"Not found.","status":404}'
    assert isinstance(error_for_response(404, body, path="/api/v1/models/a/b"), ModelNotFoundError)
    other = error_for_response(404, body, path="/api/v1/predictions/xyz")
    assert isinstance(other, NotFoundError) and not isinstance(other, ModelNotFoundError)
