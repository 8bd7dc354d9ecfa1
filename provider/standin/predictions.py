"""The prediction endpoints: create (two ways), get, cancel and the stream URL.

Creation checks the body and the input the way the real API does, then asks the stand-in for
the next scenario, which may script a failure or a garbled response instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import re
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from provider.standin import problems
from provider.standin.browse import origin
from provider.standin.catalog import CatalogModel, find_model, find_version
from provider.standin.files import FilesApi
from provider.standin.prediction import StandInPrediction, count_tokens, new_prediction_id
from provider.standin.received import decode_data_url
from provider.standin.streaming import serve_stream
from provider.standin.validation import (
    ROOT,
    InvalidField,
    check_properties,
    validate_input,
    validate_value,
    validation_body,
)

if TYPE_CHECKING:
    from provider.standin.scenario import QueuedScenario, Scenario

MODEL_BODY = ("input", "stream", "webhook", "webhook_events_filter")
VERSION_BODY = ("version", *MODEL_BODY)
_BODY_TYPES = {
    "version": {"type": "string"},
    "stream": {"type": "boolean"},
    "webhook": {"type": "string"},
    "webhook_events_filter": {"type": "array"},
}
_HEX64 = re.compile(r"[0-9a-f]{64}")
_PREFER_WAIT = re.compile(r"^wait(?:=([1-9]|[1-9][0-9]|60))?$")
OVERSIZED_LOGS = 20 * 1024 * 1024


def _json_body(raw: bytes) -> dict[str, Any] | web.Response:
    """The request body as a JSON object, or the 400 response saying why it is not one."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return problems.problem(400, problems.bad_request("The request body is not valid JSON"))
    if not isinstance(body, dict):
        return problems.problem(400, problems.bad_request("The request body must be an object"))
    return body


def _body_problems(body: dict[str, Any], allowed: tuple[str, ...]) -> list[InvalidField]:
    """Unknown, missing and mistyped top-level properties (`additionalProperties: false`)."""
    required = ("version", "input") if "version" in allowed else ("input",)
    found = check_properties(body, allowed, required, ROOT)
    for key, schema in _BODY_TYPES.items():
        if key in body and key in allowed:
            found += validate_value(key, schema, body[key])
    return found


def _too_long_for(model: CatalogModel, model_input: dict[str, Any], scenario: Scenario) -> Scenario:
    """A prompt longer than the model's window is created, then fails as cog-triton's do
    (fact sheet §10.4): no output, and an E1002 error with both figures."""
    if model.context_window is None:
        return scenario
    length = count_tokens(model_input)
    if length <= model.context_window:
        return scenario
    detail = (
        f"E1002 PromptTooLong: Prompt length ({length}) exceeds maximum input length "
        f"({model.context_window})"
    )
    return dataclasses.replace(scenario, chunks=[], error_after=0, error_detail=detail)


# GPT-5 spends tokens reasoning before it writes; with fewer than this many to spend, none are
# left for the answer (fact sheet §10.3): the output is empty, the tokens are counted anyway.
REASONING_SPEND = 64


def _budget_spent_on_reasoning(
    model: CatalogModel, model_input: dict[str, Any], scenario: Scenario
) -> Scenario:
    budget = model_input.get("max_completion_tokens")
    if model.ref != "openai/gpt-5" or not isinstance(budget, int) or budget >= REASONING_SPEND:
        return scenario
    spent = {**(scenario.metrics or {}), "output_token_count": budget}
    return dataclasses.replace(scenario, chunks=[], metrics=spent)


class PredictionsApi:
    """Prediction handlers over the stand-in's state (`predictions`, scenarios, catalogue)."""

    def __init__(
        self,
        catalog: tuple[CatalogModel, ...],
        predictions: dict[str, StandInPrediction],
        next_scenario: Callable[[], QueuedScenario],
        closing: Callable[[], bool],
        files: FilesApi,
    ) -> None:
        self.catalog = catalog
        self.files = files
        self.predictions = predictions
        self.next_scenario = next_scenario
        self.closing = closing
        self.closed = asyncio.Event()  # set by the stand-in's close(): scripted delays end
        self.by_stream_token: dict[str, StandInPrediction] = {}

    def routes(self) -> list[web.RouteDef]:
        """The routes this class serves."""
        return [
            web.post("/v1/models/{owner}/{name}/predictions", self.create_for_model),
            web.post("/v1/predictions", self.create_for_version),
            web.get("/v1/predictions/{id}", self.get),
            web.post("/v1/predictions/{id}/cancel", self.cancel),
            web.get("/v1/streams/{token}", self.stream),
        ]

    async def create_for_model(self, request: web.Request) -> web.Response:
        """`POST /v1/models/{owner}/{name}/predictions`: official models, no version."""
        model = find_model(self.catalog, request.match_info["owner"], request.match_info["name"])
        if model is None:
            return problems.problem(404, problems.not_found("Model"))
        body = _json_body(await request.read())
        if isinstance(body, web.Response):
            return body
        found = _body_problems(body, MODEL_BODY)
        if found:
            return problems.problem(422, validation_body(found))
        if not model.official:
            # Community models run by version (`POST /v1/predictions`), as on Replicate.
            return problems.problem(422, problems.INVALID_VERSION)
        return await self._create(request, model, "hidden", body)

    async def create_for_version(self, request: web.Request) -> web.Response:
        """`POST /v1/predictions` with `version`: a 64-hex id, `owner/name:id` or `owner/name`."""
        body = _json_body(await request.read())
        if isinstance(body, web.Response):
            return body
        found = _body_problems(body, VERSION_BODY)
        if found:
            return problems.problem(422, validation_body(found))
        model, version = self._resolve_version(body["version"])
        if model is None:
            return problems.problem(422, problems.INVALID_VERSION)
        return await self._create(request, model, version, body)

    def _resolve_version(self, ref: str) -> tuple[CatalogModel | None, str]:
        """The model a `version` value names, and the version the prediction reports."""
        ref_model, _, version_id = ref.partition(":")
        if not version_id and _HEX64.fullmatch(ref):
            model = find_version(self.catalog, ref)
            return model, ref
        owner, _, name = ref_model.partition("/")
        model = find_model(self.catalog, owner, name)
        if model is None:
            return None, ""
        if not version_id:
            return (model, "hidden") if model.official else (None, "")
        return (model, version_id) if version_id == model.version_id else (None, "")

    async def _create(
        self, request: web.Request, model: CatalogModel, version: str, body: dict[str, Any]
    ) -> web.Response:
        """Validate the input, take the next scenario and start the prediction."""
        found = validate_input(model.input_schema, body["input"], self._check_uri)
        if found:
            return problems.problem(422, validation_body(found))
        if body.get("stream") is True and not model.is_chat:
            detail = {"title": "Invalid request", "detail": "This model does not support streaming"}
            return problems.problem(422, {**detail, "status": 422})
        queued = self.next_scenario()
        scenario = queued.scenario
        if scenario.create_status is not None and queued.failures < scenario.create_failures:
            queued.failures += 1
            status = scenario.create_status
            headers = None
            if status == 429 and scenario.retry_after is not None:
                headers = {"Retry-After": scenario.retry_after}
            return problems.problem(status, problems.scripted(status), headers)
        queued.consume()
        scenario = _too_long_for(model, body["input"], scenario)
        scenario = _budget_spent_on_reasoning(model, body["input"], scenario)

        stream_token = None
        if model.is_chat and not scenario.no_stream:
            stream_token = secrets.token_urlsafe(32)
        prediction = StandInPrediction(
            id=new_prediction_id(),
            model=model.ref,
            version=version,
            input=body["input"],
            scenario=scenario,
            script=scenario.resolve_chunks(body["input"], model.ref, self.files.read),
            stream_token=stream_token,
            prefer=request.headers.get("Prefer"),
            cancel_after_header=request.headers.get("Cancel-After"),
        )
        self.predictions[prediction.id] = prediction
        if stream_token is not None:
            self.by_stream_token[stream_token] = prediction
        prediction.start()

        headers = {"Location": f"{origin(request)}/v1/predictions/{prediction.id}"}
        wait = _PREFER_WAIT.match(prediction.prefer or "")
        if wait:
            headers["Preference-Applied"] = wait.group(0)
            await self._wait(prediction, float(wait.group(1) or 60))
        await self._pause(scenario.create_delay)
        return self._created(prediction.to_json(origin(request)), scenario.create_body, headers)

    def _check_uri(self, value: str) -> str | None:
        """A file input takes a data URL, one of this stand-in's live file URLs, or an https
        URL (fact sheet §10.2); anything else is refused as the API refuses a bad format."""
        if value[:5].lower() == "data:":
            return None if decode_data_url(value) is not None else "Invalid data URL"
        if self.files.is_own_url(value):
            if self.files.lookup(value) is None:
                return "The file does not exist or has expired"
            return None
        if value[:8].lower() == "https://" and len(value) > 8:
            return None
        return "Does not match format 'uri': use an https:// URL or a data: URL"

    async def _pause(self, seconds: float) -> None:
        """A scripted delay that ends early when the stand-in closes, so no handler lingers."""
        if seconds > 0:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.closed.wait(), seconds)

    async def _wait(self, prediction: StandInPrediction, seconds: float) -> None:
        """Hold a `Prefer: wait` request until the prediction ends or time runs out."""

        async def until_terminal() -> None:
            while not prediction.terminal and not self.closing():
                await prediction.changed.wait()

        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(until_terminal(), seconds)

    @staticmethod
    def _created(
        body: dict[str, Any], garbage: str | None, headers: dict[str, str]
    ) -> web.Response:
        """The 201 response, or the garbled one the scenario asks for."""
        if garbage == "non_json":
            page = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1>"
            return web.Response(status=200, text=page + "</body></html>", content_type="text/html")
        if garbage == "oversized":
            body["logs"] = body["logs"] + "x" * OVERSIZED_LOGS
        raw = json.dumps(body).encode()
        if garbage == "truncated":
            raw = raw[: len(raw) // 2]
        return web.Response(status=201, body=raw, content_type="application/json", headers=headers)

    def _find(self, request: web.Request) -> StandInPrediction | None:
        return self.predictions.get(request.match_info["id"])

    async def get(self, request: web.Request) -> web.Response:
        """`GET /v1/predictions/{id}`: the prediction as it is now."""
        prediction = self._find(request)
        if prediction is None:
            return problems.problem(404, problems.not_found("Prediction"))
        prediction.get_requests += 1
        scenario = prediction.scenario
        if prediction.get_requests <= scenario.get_failures:
            status = scenario.get_status
            return problems.problem(status, problems.scripted(status))
        return web.json_response(prediction.to_json(origin(request)))

    async def cancel(self, request: web.Request) -> web.Response:
        """`POST /v1/predictions/{id}/cancel`: end it canceled unless it already ended."""
        prediction = self._find(request)
        if prediction is None:
            return problems.problem(404, problems.not_found("Prediction"))
        prediction.cancel_requests += 1
        await self._pause(prediction.scenario.cancel_delay)
        prediction.cancel()
        return web.json_response(prediction.to_json(origin(request)))

    async def stream(self, request: web.Request) -> web.StreamResponse:
        """`GET /v1/streams/{token}`: the prediction's server-sent events."""
        prediction = self.by_stream_token.get(request.match_info["token"])
        if prediction is None:
            return problems.problem(404, problems.not_found("Stream"))
        return await serve_stream(request, prediction, self.closing)
