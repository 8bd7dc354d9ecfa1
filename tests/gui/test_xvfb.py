"""The real thing: `replicate-chat --demo` on a real X server (Xvfb), a message and its reply.

The app runs as its own process inside a private D-Bus session (so nothing outlives it), sends
a message to the built-in stand-in, waits for the whole reply and saves a screenshot, which this
test checks and keeps in test-artifacts/ for the test log.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from provider.standin import demo_reply
from tests.xvfb import xvfb_server

pytestmark = pytest.mark.xvfb

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    """A private Xvfb server; its display name (':N')."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is not installed: run .ci/run (it installs xvfb) or apt install xvfb")
    with xvfb_server() as display:
        yield display


def mean_lightness(image: QImage) -> float:
    """0 (black) to 255 (white): the average lightness of a grid of the image's pixels."""
    samples = [
        image.pixelColor(x, y).lightness()
        for x in range(0, image.width(), 11)
        for y in range(0, image.height(), 11)
    ]
    return sum(samples) / len(samples)


@pytest.mark.parametrize(
    ("theme", "language", "question"),
    [
        ("light", "en", "Show me a table and some Python, please"),
        ("dark", "ru", "Покажи таблицу и немного Python, пожалуйста"),
    ],
)
def test_demo_app_on_a_real_x_server_sends_and_receives(
    xvfb_display: str, tmp_path: Path, theme: str, language: str, question: str
) -> None:
    data_dir = tmp_path / "data"
    shot = tmp_path / "demo.png"
    env = dict(os.environ, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    env.pop("WAYLAND_DISPLAY", None)
    command = [sys.executable, "-m", "gui", "--demo", "--data-dir", str(data_dir)]
    command += ["--theme", theme, "--language", language]
    command += ["--smoke-test", question, "--screenshot", str(shot)]
    if shutil.which("dbus-run-session"):
        command = ["dbus-run-session", "--", *command]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke test: reply complete" in result.stdout

    image = QImage(str(shot))
    assert not image.isNull()
    assert image.width() >= 800 and image.height() >= 500
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20, "the screenshot is nearly blank"
    if theme == "dark":
        assert mean_lightness(image) < 90, "the dark theme shows a dark window"
    else:
        assert mean_lightness(image) > 170, "the light theme shows a light window"
    ARTIFACTS.mkdir(exist_ok=True)
    kept = ARTIFACTS / f"xvfb-demo-chat-{theme}-{language}.png"
    shutil.copyfile(shot, kept)
    print(f"screenshot: {kept}")

    with sqlite3.connect(data_dir / "conversations.sqlite3") as db:
        rows = db.execute("SELECT role, content, status FROM messages ORDER BY position").fetchall()
    assert rows[0] == ("user", question, "complete")
    assert rows[1][0] == "assistant" and rows[1][2] == "complete"
    assert rows[1][1] == demo_reply(question, "meta/meta-llama-3-70b-instruct")
