"""Replicate's error bodies (fact sheet §4), sent as `application/problem+json`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from aiohttp import web

from provider.standin.validation import InvalidField, validation_body

PROBLEM_JSON = "application/problem+json"

UNAUTHENTICATED = {
    "title": "Unauthenticated",
    "detail": "You did not pass a valid authentication token",
    "status": 401,
}
INSUFFICIENT_CREDIT = {
    "title": "Insufficient credit",
    "detail": "You have insufficient credit to run this model. Go to "
    "https://replicate.com/account/billing#billing to purchase credit. Once you purchase "
    "credit, please wait a few minutes before trying again.",
    "status": 402,
}
THROTTLED = {"detail": "Request was throttled. Your rate limit resets in ~30s.", "status": 429}
INVALID_VERSION = {
    "title": "Invalid version or not permitted",
    "detail": "The specified version does not exist (or perhaps you don't have permission to "
    "use it?)",
    "status": 422,
}
# What a scripted 422 on creation complains about: a plausible, fixed input problem.
SCRIPTED_422 = validation_body([InvalidField("required", "(root)", "prompt is required")])


def not_found(what: str) -> dict[str, Any]:
    """A 404 body, `{"detail": "... not found", "status": 404}`."""
    return {"detail": f"{what} not found", "status": 404}


def bad_request(detail: str) -> dict[str, Any]:
    """A 400 body."""
    return {"title": "Bad request", "detail": detail, "status": 400}


def scripted(status: int) -> dict[str, Any]:
    """The body Replicate sends with `status`, for statuses a scenario asks for."""
    known: Mapping[int, Mapping[str, Any]] = {
        401: UNAUTHENTICATED,
        402: INSUFFICIENT_CREDIT,
        404: not_found("Model"),
        422: SCRIPTED_422,
        429: THROTTLED,
    }
    if status in known:
        return dict(known[status])
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return {"title": phrase, "detail": f"{phrase}. Please try again later.", "status": status}


def problem(
    status: int, body: Mapping[str, Any], headers: Mapping[str, str] | None = None
) -> web.Response:
    """An error response with a problem+json body."""
    return web.Response(
        status=status,
        body=json.dumps(body).encode(),
        content_type=PROBLEM_JSON,
        headers=headers,
    )
