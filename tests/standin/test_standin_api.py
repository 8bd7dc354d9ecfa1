"""The JSON endpoints: auth, catalogue browsing, creation checks and scripted creation faults."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest

from provider.standin import CATALOG, STANDIN_TOKEN, Scenario, StandIn
from tests.standin.standin_helpers import AUTH, LLAMA, TINY, create, create_ok, get_json

UNAUTHENTICATED = {
    "title": "Unauthenticated",
    "detail": "You did not pass a valid authentication token",
    "status": 401,
}


def test_token_looks_real() -> None:
    assert STANDIN_TOKEN.startswith("r8_")
    assert len(STANDIN_TOKEN) == 40
    assert STANDIN_TOKEN[3:].isalnum()


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer r8_wrong"}, {"Authorization": f"Token {STANDIN_TOKEN}"}],
    ids=["none", "wrong", "token-scheme"],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v1/account"), ("GET", "/v1/models"), ("POST", f"/v1/models/{LLAMA}/predictions")],
)
async def test_401_without_a_valid_token(
    standin: StandIn, http: aiohttp.ClientSession, headers: dict[str, str], method: str, path: str
) -> None:
    async with http.request(method, standin.base_url + path, headers=headers, json={}) as resp:
        assert resp.status == 401
        assert resp.content_type == "application/problem+json"
        assert await resp.json(content_type=None) == UNAUTHENTICATED
    assert not standin.predictions


async def test_account_and_custom_tokens(http: aiohttp.ClientSession) -> None:
    async with StandIn(tokens={"r8_" + "a" * 37: "alice"}) as standin:
        headers = {"Authorization": "Bearer r8_" + "a" * 37}
        async with http.get(f"{standin.base_url}/v1/account", headers=headers) as resp:
            body = await resp.json()
        assert body == {"type": "user", "username": "alice", "name": "Alice", "github_url": None}
        async with http.get(f"{standin.base_url}/v1/account", headers=AUTH) as resp:
            assert resp.status == 401


async def test_requests_are_recorded(standin: StandIn, http: aiohttp.ClientSession) -> None:
    headers = {"Prefer": "wait=1", "Cancel-After": "5m"}
    standin.queue(Scenario(chunks=["x"]))
    prediction = await create_ok(http, standin, headers=headers)
    await get_json(http, f"{standin.base_url}/v1/search?query=llama&limit=2")
    post, search = standin.requests
    assert (post.method, post.path, post.json, post.stream_url) == (
        "POST",
        f"/v1/models/{LLAMA}/predictions",
        {"input": {"prompt": "hi"}},
        False,
    )
    assert json.loads(post.body) == post.json
    assert post.headers["cancel-after"] == "5m"
    assert (search.path, search.query, search.json) == (
        "/v1/search",
        {"query": "llama", "limit": "2"},
        None,
    )
    recorded = standin.predictions[prediction["id"]]
    assert (recorded.prefer, recorded.cancel_after_header) == ("wait=1", "5m")


async def test_models_pagination(standin: StandIn, http: aiohttp.ClientSession) -> None:
    status, first = await get_json(http, f"{standin.base_url}/v1/models")
    assert (status, len(first["results"]), first["previous"]) == (200, 5, None)
    assert first["next"].startswith(f"{standin.base_url}/v1/models?cursor=")
    pages = [first]
    while pages[-1]["next"] is not None:
        status, page = await get_json(http, pages[-1]["next"])
        assert status == 200
        assert page["previous"].startswith(standin.base_url)
        pages.append(page)
    assert len(pages) == -(-len(CATALOG) // 5)  # five a page, the last one partial
    names = [f"{m['owner']}/{m['name']}" for page in pages for m in page["results"]]
    assert names == [m.ref for m in CATALOG]
    status, _ = await get_json(http, f"{standin.base_url}/v1/models?cursor=bogus!")
    assert status == 400


async def test_model_object(standin: StandIn, http: aiohttp.ClientSession) -> None:
    status, model = await get_json(http, f"{standin.base_url}/v1/models/{LLAMA}")
    assert status == 200
    assert model["is_official"] is True
    assert model["url"] == f"https://replicate.com/{LLAMA}"
    version = model["latest_version"]
    assert len(version["id"]) == 64
    int(version["id"], 16)
    schema = version["openapi_schema"]["components"]["schemas"]
    props = schema["Input"]["properties"]
    assert schema["Input"]["required"] == ["prompt"]
    assert props["max_tokens"]["default"] == 512
    assert props["prompt_template"]["default"].startswith("<|begin_of_text|>")
    assert [props[name]["x-order"] for name in list(props)[:3]] == [0, 1, 2]
    assert schema["Output"]["items"] == {"type": "string"}
    url = f"{standin.base_url}/v1/models/{LLAMA}/versions/{version['id']}"
    assert (await get_json(http, url))[1] == version
    assert (await get_json(http, url.replace(version["id"], "0" * 64)))[0] == 404


async def test_unknown_model_is_404(standin: StandIn, http: aiohttp.ClientSession) -> None:
    status, body = await get_json(http, f"{standin.base_url}/v1/models/nobody/nothing")
    assert (status, body) == (404, {"detail": "Model not found", "status": 404})
    status, body = await create(http, standin, model="nobody/nothing")
    assert status == 404


async def test_search(standin: StandIn, http: aiohttp.ClientSession) -> None:
    status, body = await get_json(http, f"{standin.base_url}/v1/search?query=LLAMA")
    assert status == 200
    refs = [f"{hit['model']['owner']}/{hit['model']['name']}" for hit in body["models"]]
    assert set(refs) == {"meta/meta-llama-3-70b-instruct", LLAMA}
    assert (body["query"], body["collections"], body["pages"]) == ("LLAMA", [], [])
    assert "llama" in body["models"][0]["metadata"]["tags"]
    _, images = await get_json(http, f"{standin.base_url}/v1/search?query=text-to-image&limit=1")
    assert len(images["models"]) == 1
    assert (await get_json(http, f"{standin.base_url}/v1/search"))[0] == 400


async def test_collection_lists_chat_models_only(
    standin: StandIn, http: aiohttp.ClientSession
) -> None:
    status, body = await get_json(http, f"{standin.base_url}/v1/collections/language-models")
    refs = {f"{m['owner']}/{m['name']}" for m in body["models"]}
    assert status == 200
    assert refs == {m.ref for m in CATALOG if m.is_chat}
    assert "black-forest-labs/flux-schnell" not in refs
    assert (await get_json(http, f"{standin.base_url}/v1/collections/nope"))[0] == 404


async def test_prediction_object(standin: StandIn, http: aiohttp.ClientSession) -> None:
    standin.queue(Scenario(chunks=["a", "b"]))
    created = await create_ok(http, standin)
    assert len(created["id"]) == 26 and created["id"].isalnum() and created["id"].islower()
    assert (created["status"], created["output"], created["source"]) == ("starting", None, "api")
    assert created["created_at"].endswith("Z")
    urls = created["urls"]
    assert urls["get"] == f"{standin.base_url}/v1/predictions/{created['id']}"
    assert urls["cancel"] == urls["get"] + "/cancel"
    assert urls["stream"].startswith(f"{standin.base_url}/v1/streams/")
    assert urls["web"] == f"https://replicate.com/p/{created['id']}"
    await standin.wait_terminal(created["id"])
    _, done = await get_json(http, urls["get"])
    assert (done["status"], done["output"], done["data_removed"]) == (
        "succeeded",
        ["a", "b"],
        False,
    )
    assert set(done["metrics"]) == {
        "predict_time",
        "total_time",
        "time_to_first_token",
        "tokens_per_second",
        "input_token_count",
        "output_token_count",
    }
    assert (await get_json(http, f"{standin.base_url}/v1/predictions/nope"))[0] == 404


async def test_metrics_override(standin: StandIn, http: aiohttp.ClientSession) -> None:
    standin.queue(Scenario(chunks=["a"], metrics={"predict_time": 1.5, "output_token_count": 9}))
    created = await create_ok(http, standin, model_input={"prompt": "one two three"})
    prediction = await standin.wait_terminal(created["id"])
    assert prediction.metrics["predict_time"] == 1.5
    assert prediction.metrics["output_token_count"] == 9
    assert prediction.metrics["input_token_count"] == 3


async def test_no_stream_output_grows_while_polling(
    standin: StandIn, http: aiohttp.ClientSession
) -> None:
    standin.queue(Scenario(chunks=["a", "b", "c", "d"], chunk_delay=0.05, no_stream=True))
    created = await create_ok(http, standin)
    assert "stream" not in created["urls"]
    lengths: list[int] = []
    statuses: set[str] = set()
    while True:
        _, body = await get_json(http, created["urls"]["get"])
        statuses.add(body["status"])
        lengths.append(len(body["output"] or []))
        if body["status"] == "succeeded":
            break
        await standin.predictions[created["id"]].changed.wait()
    assert lengths == sorted(lengths)
    assert len(set(lengths)) >= 3
    assert body["output"] == ["a", "b", "c", "d"]
    assert "processing" in statuses


async def test_get_failures(standin: StandIn, http: aiohttp.ClientSession) -> None:
    standin.queue(Scenario(chunks=["a"], get_failures=2, get_status=502))
    created = await create_ok(http, standin)
    results = [await get_json(http, created["urls"]["get"]) for _ in range(3)]
    assert [status for status, _ in results] == [502, 502, 200]
    assert results[0][1]["status"] == 502
    assert results[2][1]["id"] == created["id"]


async def test_create_429_with_retry_after_keeps_the_scenario(
    standin: StandIn, http: aiohttp.ClientSession
) -> None:
    throttled = Scenario(chunks=["first"], create_status=429, create_failures=2, retry_after="3")
    standin.queue(throttled, Scenario(chunks=["second"]))
    url = f"{standin.base_url}/v1/models/{LLAMA}/predictions"
    for _ in range(2):
        async with http.post(url, json={"input": {"prompt": "hi"}}, headers=AUTH) as resp:
            assert resp.status == 429
            assert resp.headers["Retry-After"] == "3"
            assert await resp.json(content_type=None) == {
                "detail": "Request was throttled. Your rate limit resets in ~30s.",
                "status": 429,
            }
    assert not standin.predictions
    first = await create_ok(http, standin)
    second = await create_ok(http, standin)
    assert standin.predictions[first["id"]].script == ["first"]
    assert standin.predictions[second["id"]].script == ["second"]


@pytest.mark.parametrize("status", [401, 402, 404, 422, 500, 502, 503])
async def test_scripted_create_status(
    standin: StandIn, http: aiohttp.ClientSession, status: int
) -> None:
    standin.queue(Scenario(create_status=status))
    got, body = await create(http, standin)
    assert (got, body["status"]) == (status, status)
    assert "detail" in body
    if status == 402:
        assert body["title"] == "Insufficient credit"
    if status == 422:
        assert body["invalid_fields"]
    assert (await create(http, standin))[0] == 201


async def test_create_body_variants(standin: StandIn, http: aiohttp.ClientSession) -> None:
    url = f"{standin.base_url}/v1/models/{LLAMA}/predictions"
    payload = {"input": {"prompt": "hi"}}
    standin.queue(
        Scenario(chunks=["x"], create_body="non_json"),
        Scenario(chunks=["x"], create_body="truncated"),
        Scenario(chunks=["x"], create_body="oversized"),
    )
    async with http.post(url, json=payload, headers=AUTH) as resp:
        assert (resp.status, resp.content_type) == (200, "text/html")
        assert (await resp.text()).startswith("<html>")
    async with http.post(url, json=payload, headers=AUTH) as resp:
        assert (resp.status, resp.content_type) == (201, "application/json")
        with pytest.raises(json.JSONDecodeError):
            json.loads(await resp.read())
    async with http.post(url, json=payload, headers=AUTH) as resp:
        raw = await resp.read()
        assert (resp.status, resp.content_type) == (201, "application/json")
    assert len(raw) > 20 * 1024 * 1024
    assert json.loads(raw)["id"] in standin.predictions


async def post_version(
    http: aiohttp.ClientSession, standin: StandIn, body: dict[str, Any]
) -> tuple[int, Any]:
    async with http.post(f"{standin.base_url}/v1/predictions", json=body, headers=AUTH) as resp:
        return resp.status, await resp.json(content_type=None)


async def test_versioned_creation(standin: StandIn, http: aiohttp.ClientSession) -> None:
    tiny = next(m for m in CATALOG if m.ref == TINY)
    for version in (tiny.version_id, f"{TINY}:{tiny.version_id}"):
        status, body = await post_version(
            http, standin, {"version": version, "input": {"prompt": "x"}}
        )
        assert (status, body["model"], body["version"]) == (201, TINY, tiny.version_id)
    status, body = await post_version(http, standin, {"version": LLAMA, "input": {"prompt": "x"}})
    assert (status, body["model"]) == (201, LLAMA)
    for bad in (TINY, "0" * 64, f"{TINY}:latest"):
        status, body = await post_version(http, standin, {"version": bad, "input": {"prompt": "x"}})
        assert (status, body["title"]) == (422, "Invalid version or not permitted")
    status, body = await create(http, standin, model=TINY)
    assert status == 422


async def test_top_level_properties_are_checked(
    standin: StandIn, http: aiohttp.ClientSession
) -> None:
    status, body = await post_version(http, standin, {"model": LLAMA, "input": {"prompt": "x"}})
    assert status == 422
    assert body["detail"] == (
        "- model: Additional property model is not allowed\n- (root): version is required\n"
    )
    assert [f["type"] for f in body["invalid_fields"]] == [
        "additional_property_not_allowed",
        "required",
    ]
    url = f"{standin.base_url}/v1/models/{LLAMA}/predictions"
    async with http.post(url, data=b"{nope", headers=AUTH) as resp:
        assert resp.status == 400
    assert not standin.predictions


async def test_unknown_input_is_422_with_invalid_fields(
    standin: StandIn, http: aiohttp.ClientSession
) -> None:
    status, body = await create(http, standin, model_input={"prompt": "x", "field": 1})
    assert (status, body) == (
        422,
        {
            "title": "Input validation failed",
            "detail": "- field: Additional property field is not allowed\n",
            "status": 422,
            "invalid_fields": [
                {
                    "type": "additional_property_not_allowed",
                    "field": "field",
                    "description": "Additional property field is not allowed",
                }
            ],
        },
    )


TYPE_ERROR = "Invalid type. Expected: {}, given: {}"


@pytest.mark.parametrize(
    ("model_input", "kind", "field", "description"),
    [
        ({"temperature": 9}, "number_lte", "temperature", "Must be less than or equal to 5"),
        ({"top_p": -0.5}, "number_gte", "top_p", "Must be greater than or equal to 0"),
        ({"max_tokens": "9"}, "invalid_type", "max_tokens", TYPE_ERROR.format("integer", "string")),
        ({"max_tokens": 1.5}, "invalid_type", "max_tokens", TYPE_ERROR.format("integer", "number")),
        ({"seed": True}, "invalid_type", "seed", TYPE_ERROR.format("integer", "boolean")),
        ({"prompt": None}, "required", "(root)", "prompt is required"),
    ],
)
async def test_input_validation(
    standin: StandIn,
    http: aiohttp.ClientSession,
    model_input: dict[str, Any],
    kind: str,
    field: str,
    description: str,
) -> None:
    # Every case but the last adds its bad value to an otherwise valid input.
    model_input = {"prompt": "x", **model_input}
    if model_input["prompt"] is None:
        del model_input["prompt"]
    status, body = await create(http, standin, model_input=model_input)
    assert status == 422
    assert body["invalid_fields"] == [{"type": kind, "field": field, "description": description}]
    assert body["detail"] == f"- {field}: {description}\n"
    assert not standin.predictions


async def test_valid_edge_values_pass(standin: StandIn, http: aiohttp.ClientSession) -> None:
    model_input = {"prompt": "x", "temperature": 5, "top_p": 0, "max_tokens": 3.0, "seed": 7}
    assert (await create(http, standin, model_input=model_input))[0] == 201


async def test_prefer_wait_returns_the_finished_prediction(
    standin: StandIn, http: aiohttp.ClientSession
) -> None:
    standin.queue(Scenario(chunks=["a", "b"], chunk_delay=0.01))
    url = f"{standin.base_url}/v1/models/{LLAMA}/predictions"
    headers = {**AUTH, "Prefer": "wait=5"}
    async with http.post(url, json={"input": {"prompt": "x"}}, headers=headers) as resp:
        body = await resp.json()
        assert resp.headers["Preference-Applied"] == "wait=5"
    assert (body["status"], body["output"]) == ("succeeded", ["a", "b"])
