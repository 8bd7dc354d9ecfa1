"""The read-only endpoints a model picker uses: account, models, versions, search, collections."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from aiohttp import web

from provider.standin import problems
from provider.standin.catalog import CatalogModel, find_model, model_json, version_json

PAGE_SIZE = 5
SEARCH_LIMIT = 20
MAX_SEARCH_LIMIT = 50

COLLECTIONS = {
    "language-models": ("Language models", "Models that can understand and generate text"),
    "streaming-language-models": (
        "Streaming language models",
        "Language models that support streaming responses",
    ),
}


def origin(request: web.Request) -> str:
    """The stand-in's own base URL as the client reached it (`http://127.0.0.1:PORT`)."""
    return str(request.url.origin())


def encode_cursor(offset: int) -> str:
    """An opaque pagination cursor, base64 like Replicate's."""
    return base64.urlsafe_b64encode(f"o={offset}".encode()).decode()


def decode_cursor(cursor: str) -> int | None:
    """The offset in a cursor, or None when the cursor is not one of ours."""
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    key, _, value = text.partition("=")
    return int(value) if key == "o" and value.isdigit() else None


class Browse:
    """Handlers over a fixed catalogue; `username` names the caller's account."""

    def __init__(
        self, catalog: tuple[CatalogModel, ...], username: Callable[[web.Request], str]
    ) -> None:
        self.catalog = catalog
        self.username = username

    def routes(self) -> list[web.RouteDef]:
        """The routes this class serves."""
        return [
            web.get("/v1/account", self.account),
            web.get("/v1/models", self.models),
            web.get("/v1/models/{owner}/{name}", self.model),
            web.get("/v1/models/{owner}/{name}/versions", self.versions),
            web.get("/v1/models/{owner}/{name}/versions/{version}", self.version),
            web.get("/v1/search", self.search),
            web.get("/v1/collections", self.collections),
            web.get("/v1/collections/{slug}", self.collection),
        ]

    def _model(self, request: web.Request) -> CatalogModel | None:
        return find_model(self.catalog, request.match_info["owner"], request.match_info["name"])

    async def account(self, request: web.Request) -> web.Response:
        """`GET /v1/account`: who the token belongs to."""
        username = self.username(request)
        name = username.replace("-", " ").title()
        return web.json_response(
            {"type": "user", "username": username, "name": name, "github_url": None}
        )

    async def models(self, request: web.Request) -> web.Response:
        """`GET /v1/models`: the catalogue in pages of `PAGE_SIZE`."""
        cursor = request.query.get("cursor")
        offset = 0 if cursor is None else decode_cursor(cursor)
        if offset is None:
            return problems.problem(400, problems.bad_request("Invalid cursor"))
        base = f"{origin(request)}/v1/models"
        end = offset + PAGE_SIZE
        previous = None
        if offset > 0:
            previous = f"{base}?cursor={encode_cursor(max(0, offset - PAGE_SIZE))}"
        page = {
            "next": f"{base}?cursor={encode_cursor(end)}" if end < len(self.catalog) else None,
            "previous": previous,
            "results": [model_json(m) for m in self.catalog[offset:end]],
        }
        return web.json_response(page)

    async def model(self, request: web.Request) -> web.Response:
        """`GET /v1/models/{owner}/{name}`."""
        model = self._model(request)
        if model is None:
            return problems.problem(404, problems.not_found("Model"))
        return web.json_response(model_json(model))

    async def versions(self, request: web.Request) -> web.Response:
        """`GET /v1/models/{owner}/{name}/versions`: each model here has one version."""
        model = self._model(request)
        if model is None:
            return problems.problem(404, problems.not_found("Model"))
        page = {"next": None, "previous": None, "results": [version_json(model)]}
        return web.json_response(page)

    async def version(self, request: web.Request) -> web.Response:
        """`GET /v1/models/{owner}/{name}/versions/{id}`."""
        model = self._model(request)
        if model is None:
            return problems.problem(404, problems.not_found("Model"))
        if request.match_info["version"] != model.version_id:
            return problems.problem(404, problems.not_found("Version"))
        return web.json_response(version_json(model))

    async def search(self, request: web.Request) -> web.Response:
        """`GET /v1/search?query=...&limit=N`: case-insensitive match on names, text, tags."""
        query = request.query.get("query", "").strip()
        if not query:
            return problems.problem(400, problems.bad_request("The query parameter is required"))
        try:
            limit = int(request.query.get("limit", SEARCH_LIMIT))
        except ValueError:
            return problems.problem(400, problems.bad_request("limit must be an integer"))
        if not 1 <= limit <= MAX_SEARCH_LIMIT:
            return problems.problem(400, problems.bad_request("limit must be between 1 and 50"))
        scored = [(score(model, query), model) for model in self.catalog]
        hits = sorted(((s, m) for s, m in scored if s > 0), key=lambda hit: (-hit[0], hit[1].ref))[
            :limit
        ]
        results: list[dict[str, Any]] = [
            {
                "model": model_json(model),
                "metadata": {
                    "generated_description": model.description,
                    "tags": list(model.tags),
                    "score": s,
                },
            }
            for s, model in hits
        ]
        return web.json_response(
            {"query": query, "models": results, "collections": [], "pages": []}
        )

    def _chat_models(self) -> list[dict[str, Any]]:
        return [model_json(m) for m in self.catalog if m.is_chat]

    async def collections(self, request: web.Request) -> web.Response:
        """`GET /v1/collections`."""
        results = [
            {"name": name, "slug": slug, "description": description}
            for slug, (name, description) in COLLECTIONS.items()
        ]
        return web.json_response({"next": None, "previous": None, "results": results})

    async def collection(self, request: web.Request) -> web.Response:
        """`GET /v1/collections/{slug}`: the chat models of the catalogue."""
        slug = request.match_info["slug"]
        if slug not in COLLECTIONS:
            return problems.problem(404, problems.not_found("Collection"))
        name, description = COLLECTIONS[slug]
        body = {
            "name": name,
            "slug": slug,
            "description": description,
            "full_description": None,
            "models": self._chat_models(),
        }
        return web.json_response(body)


def score(model: CatalogModel, query: str) -> float:
    """How well a model matches a search: name hits weigh most, then tags, then description."""
    needle = query.lower()
    total = 0.0
    if needle in model.ref.lower():
        total += 3.0
    if any(needle in tag.lower() for tag in model.tags):
        total += 2.0
    if needle in model.description.lower():
        total += 1.0
    return total
