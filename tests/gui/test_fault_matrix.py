"""Every fault the stand-in can inject, driven through the real window by a send.

Each row is one fault. For each, the test checks what the person sees (the answer's state, the
message under it and its one button), what is kept (the question, and every character of the
answer that had arrived, on screen and in the store), and that the next message works.
The window's client has a 0.5 s idle timeout and fast retries, so that the silent stream and
the retried failures take a moment, not minutes.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from gui.store.records import COMPLETE, FAILED
from gui.window.main_window import MainWindow
from provider import RetryPolicy
from provider.standin import Scenario, StandIn
from tests.gui.conftest import WINDOW_MODEL, open_window
from tests.gui.helpers import send, stored

WORDS = ["Stream", "ed ", "words", ",\n", "line ", "two ", "and ", "more ", "of ", "them."]
REFUSED = "connection refused"  # not a scenario: nothing listens on the window's port


@dataclass(frozen=True)
class Fault:
    """One row: the fault, and what must come of it."""

    name: str
    scenario: Scenario | str
    status: str  # the answer's stored status afterwards
    says: str = ""  # part of the message shown under a failed answer
    button: str | None = None  # the text of the one button offered, if any

    def kept(self) -> str:
        """Every character of the answer that arrived before the fault."""
        if isinstance(self.scenario, str) or self.scenario.create_status is not None:
            return ""
        if self.scenario.create_body is not None:
            return ""
        return self.scenario.expected_text()


def _create(status: int, **extra: object) -> Scenario:
    return Scenario(chunks=WORDS, create_status=status, create_failures=10, **extra)  # type: ignore[arg-type]


def _garbage(body: str) -> Scenario:
    return Scenario(chunks=WORDS, create_body=body)


def _stream(**extra: object) -> Scenario:
    return Scenario(chunks=WORDS, chunk_delay=0.01, **extra)  # type: ignore[arg-type]


FAULTS = [
    Fault("401", _create(401), FAILED, "did not accept your API token (401)", "Set API token…"),
    Fault("402", _create(402), FAILED, "out of credit (402)", "Open billing page"),
    Fault("404", _create(404), FAILED, f"no model called “{WINDOW_MODEL}”", None),
    Fault("422 invalid_fields", _create(422), FAILED, "(root): prompt is required", "Retry"),
    Fault("429 no Retry-After", _create(429), FAILED, "limiting how fast requests", "Retry"),
    Fault(
        "429 Retry-After", _create(429, retry_after="3600"), FAILED, "Wait about 3600 s", "Retry"
    ),
    Fault("500", _create(500), FAILED, "server problem (500)", "Retry"),
    Fault("502", _create(502), FAILED, "server problem (502)", "Retry"),
    Fault("503", _create(503), FAILED, "server problem (503)", "Retry"),
    Fault(
        "error event mid-reply",
        _stream(error_after=4, error_detail="CUDA out of memory"),
        FAILED,
        "The model stopped with an error: CUDA out of memory",
        "Retry",
    ),
    Fault("done: canceled", _stream(cancel_after=3), FAILED, "canceled on Replicate", "Retry"),
    Fault("connection reset mid-stream", _stream(drop_after=3), COMPLETE),
    Fault("reset, never resumable", _stream(drop_after=0, drops=50), COMPLETE),
    Fault("silent stream", _stream(silence_after=3, silence=2.0), COMPLETE),
    Fault(":408 comment", _stream(timeout_408_after=3), COMPLETE),
    Fault("stream answers 500", _stream(stream_status=500), COMPLETE),
    Fault("no stream URL", _stream(no_stream=True), COMPLETE),
    Fault("malformed SSE lines", _stream(malformed=True), COMPLETE),
    Fault("invalid UTF-8", _stream(invalid_utf8=True), COMPLETE),
    Fault("non-JSON answer", _garbage("non_json"), FAILED, "could not read", "Retry"),
    Fault("truncated JSON", _garbage("truncated"), FAILED, "could not read", "Retry"),
    Fault("far larger than expected", _garbage("oversized"), FAILED, "could not read", "Retry"),
    Fault(REFUSED, REFUSED, FAILED, "Could not reach Replicate", "Retry"),
]


@pytest.fixture
def port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def fault_window(
    port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[MainWindow]:
    """The window, on a loopback port the test may or may not start the stand-in on."""
    async for window in open_window(
        f"http://127.0.0.1:{port}",
        tmp_path,
        monkeypatch,
        idle_timeout=0.5,
        retry=RetryPolicy(base_delay=0.01, max_delay=0.05),
    ):
        yield window


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.name for fault in FAULTS])
async def test_a_fault_is_explained_nothing_is_lost_and_the_next_message_works(
    fault_window: MainWindow, port: int, fault: Fault
) -> None:
    window = fault_window
    question = f"What happens with {fault.name}?"
    standin = StandIn(port=port)
    if fault.scenario != REFUSED:
        await standin.start()
    try:
        if isinstance(fault.scenario, Scenario):
            standin.queue(fault.scenario)
        await send(window, question)
        if window.dialogs.token_dialog is not None:  # a refused token opens the token dialog too
            window.dialogs.token_dialog.reject()
        standin.clear_queue()

        # What is kept: the question, and every character of the answer that had arrived.
        (asked, answer) = stored(window)
        assert asked == ("user", question, COMPLETE)
        assert answer == ("assistant", fault.kept(), fault.status)
        reply_id = window.store.messages(1)[1].id
        assert window.view.message_text(reply_id) == fault.kept()

        # What the person sees: a message they can act on, with the one button that helps.
        widget = window.view.message_widget(reply_id)
        if fault.status == COMPLETE:
            assert widget.error_box is None or not widget.error_box.isVisible()
        else:
            assert widget.error_box is not None and widget.error_box.isVisible()
            assert widget.error_label is not None and widget.error_button is not None
            assert fault.says in widget.error_label.text()
            assert widget.error_button.isVisible() == (fault.button is not None)
            if fault.button is not None:
                assert widget.error_button.text() == fault.button

        # The next message works (for a refused connection: once something listens again).
        if fault.scenario == REFUSED:
            await standin.start()
        standin.queue(Scenario(chunks=["Fine ", "again."]))
        await send(window, "And now?")
        assert stored(window)[2:] == [
            ("user", "And now?", COMPLETE),
            ("assistant", "Fine again.", COMPLETE),
        ]
        assert stored(window)[:2] == [asked, answer], "the earlier exchange is untouched"
    finally:
        await standin.close()
