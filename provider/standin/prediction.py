"""One stand-in prediction: its state, the producer task that plays its scenario, its JSON.

The producer moves the status starting → processing → a terminal status, appends chunks to
`output`, renders each as an SSE event into the prediction's `EventLog`, and wakes every stream
connection waiting for news.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import string
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from provider.standin import wire
from provider.standin.scenario import Scenario

TERMINAL = frozenset({"succeeded", "failed", "canceled", "aborted"})

_ID_ALPHABET = string.ascii_lowercase + string.digits


def new_prediction_id() -> str:
    """A 26-character lowercase id like Replicate's (`4awn473bsrztjzlx2b6ufoxkkm`)."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(26))


def rfc3339(timestamp: float) -> str:
    """A UTC RFC 3339 timestamp with a `Z`, as the API writes them."""
    moment = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


# The stand-in's tokenizer: every word, every punctuation mark and every special token of a chat
# template counts one. Deliberately not the app's estimate (gui counts longer words as more), so
# the app's calibration against `input_token_count` has real work to do in tests.
_TOKEN = re.compile(r"<\|\w+\|>|\w+|[^\w\s]")


def input_texts(model_input: dict[str, Any]) -> list[str]:
    """The texts of an input that a model reads: prompt, system prompt and messages."""
    texts = [model_input.get("prompt"), model_input.get("system_prompt")]
    messages = model_input.get("messages")
    if isinstance(messages, list):
        texts += [m.get("content") for m in messages if isinstance(m, dict)]
    return [text for text in texts if isinstance(text, str)]


def count_tokens(model_input: dict[str, Any]) -> int:
    """The input's length in the stand-in's tokens, as `input_token_count` reports it."""
    return sum(len(_TOKEN.findall(text)) for text in input_texts(model_input))


@dataclass(eq=False)
class StandInPrediction:
    """A prediction the stand-in created, with counters tests can inspect."""

    id: str
    model: str
    version: str
    input: dict[str, Any]
    scenario: Scenario
    script: list[str]
    """The full list of chunks the scenario would emit if nothing stopped it."""
    stream_token: str | None
    created: float = field(default_factory=time.time)
    status: str = "starting"
    output: list[str] = field(default_factory=list)
    error: str | None = None
    logs: str = ""
    started: float | None = None
    completed: float | None = None
    first_token: float | None = None
    metrics: dict[str, float] = field(default_factory=dict)
    cancel_requests: int = 0
    stream_connections: int = 0
    get_requests: int = 0
    last_event_ids: list[str | None] = field(default_factory=list)
    prefer: str | None = None
    cancel_after_header: str | None = None
    task: asyncio.Task[None] | None = None

    def __post_init__(self) -> None:
        self.events = wire.EventLog(self.scenario.line_ending)
        self._changed = asyncio.Event()

    @property
    def terminal(self) -> bool:
        """True once the prediction succeeded, failed or was canceled."""
        return self.status in TERMINAL

    @property
    def changed(self) -> asyncio.Event:
        """Set at the next change of output or status; fetch it again after every wake-up."""
        return self._changed

    def notify(self) -> None:
        """Wake everyone waiting for news of this prediction."""
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def event_id(self, index: int) -> str:
        """The SSE id of output event `index`: `<created unix seconds>:<index>`."""
        return f"{int(self.created)}:{index}"

    def start(self) -> None:
        """Start the producer task."""
        self.task = asyncio.get_running_loop().create_task(
            self._produce(), name=f"standin-prediction-{self.id}"
        )

    async def _produce(self) -> None:
        """Play the scenario: boot, emit the chunks, end as scripted."""
        scenario = self.scenario
        if scenario.boot_delay > 0:
            await asyncio.sleep(scenario.boot_delay)
        self.status = "processing"
        self.started = time.time()
        self.output = []
        prompt = str(self.input.get("prompt", ""))[:200]
        self.logs = f"Formatted prompt: `{prompt}`\n"
        self.notify()
        total = len(self.script)
        count = scenario.emitted_count(total)
        if scenario.chunk_delay > 0 or scenario.invalid_utf8 or scenario.malformed:
            for index in range(count):
                if index and scenario.chunk_delay > 0:
                    await asyncio.sleep(scenario.chunk_delay)
                self._emit(index, total)
                if scenario.chunk_delay > 0:
                    self.notify()
        elif count:
            # Nothing to wait for between tokens: render them all in one go. A 100,000-event
            # benchmark reply would otherwise keep the server busy before its first byte.
            self._emit_all(count)
        final = scenario.final_status()
        self.finish(final, scenario.error_detail if final == "failed" else None)

    def _emit(self, index: int, total: int) -> None:
        """Append chunk `index` to the output and render its SSE event."""
        scenario, chunk = self.scenario, self.script[index]
        if self.first_token is None:
            self.first_token = time.time()
        self.output.append(scenario.output_text(index, chunk, total))
        eol, event_id = scenario.line_ending, self.event_id(index)
        raw = scenario.wire_data(index, chunk, total)
        if raw is None:
            rendered = wire.output_event(chunk, eol, event_id)
        else:
            rendered = wire.event("output", raw, eol, event_id)
        extra = wire.junk(eol) if scenario.malformed and index == 0 else b""
        self.events.append(rendered, event_id, extra)

    def _emit_all(self, count: int) -> None:
        """`_emit` for chunks `0:count` at once, for plain UTF-8 chunks without junk."""
        self.first_token = time.time()
        chunks = self.script[:count]
        self.output.extend(chunks)
        prefix = f"{int(self.created)}:"
        ids = [f"{prefix}{index}" for index in range(count)]
        self.events.extend(wire.output_events(chunks, self.scenario.line_ending, ids), ids)

    def finish(self, status: str, error: str | None = None) -> None:
        """Enter a terminal status and compute the metrics (no-op when already terminal)."""
        if self.terminal:
            return
        self.status, self.error = status, error
        self.completed = time.time()
        started = self.started if self.started is not None else self.completed
        predict_time = self.completed - started
        metrics: dict[str, float] = {
            "predict_time": round(predict_time, 6),
            "total_time": round(self.completed - self.created, 6),
        }
        if status == "succeeded":
            first = self.first_token if self.first_token is not None else self.completed
            generating = max(self.completed - first, 1e-3)
            metrics.update(
                time_to_first_token=round(first - started, 6),
                tokens_per_second=round(len(self.output) / generating, 3),
                input_token_count=count_tokens(self.input),
                output_token_count=len(self.output),
            )
            self.logs += f"Generated {len(self.output)} tokens in {predict_time:.2f} seconds.\n"
        elif status == "failed":
            self.logs += f"Traceback (most recent call last):\nRuntimeError: {error}\n"
        metrics.update(self.scenario.metrics or {})
        self.metrics = metrics
        self.notify()

    def cancel(self) -> None:
        """Cancel on the API's request: end canceled and stop the producer."""
        self.finish("canceled")
        if self.task is not None and not self.task.done():
            self.task.cancel()

    def to_json(self, origin: str) -> dict[str, Any]:
        """The prediction object as `GET /v1/predictions/{id}` shows it now."""
        origin = self.scenario.urls_origin or origin
        urls = {
            "get": f"{origin}/v1/predictions/{self.id}",
            "cancel": f"{origin}/v1/predictions/{self.id}/cancel",
            "web": f"https://replicate.com/p/{self.id}",
        }
        if self.stream_token is not None:
            urls["stream"] = f"{origin}/v1/streams/{self.stream_token}"
        started = self.started is not None
        return {
            "id": self.id,
            "model": self.model,
            "version": self.version,
            "input": self.input,
            "output": list(self.output) if started else None,
            "logs": self.logs,
            "error": self.error,
            "status": self.status,
            "created_at": rfc3339(self.created),
            "started_at": rfc3339(self.started) if self.started is not None else None,
            "completed_at": rfc3339(self.completed) if self.completed is not None else None,
            "data_removed": False,
            "source": "api",
            "metrics": dict(self.metrics),
            "urls": urls,
        }
