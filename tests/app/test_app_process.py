"""The app as its own process (offscreen): real start-up, a reply, a clean quit.

These run on plain asyncio so the test's stand-in keeps serving while the app process runs.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from pathlib import Path

from provider.standin import STANDIN_TOKEN, StandIn, demo_reply

# What a clean quit never prints: asyncio and aiohttp leak warnings, Qt thread complaints.
LEAK_SIGNS = ("Traceback", "Unclosed", "Task was destroyed", "Timers cannot", "Error")


async def run_app(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gui", *args,
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def app_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **extra)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return env


def rows(store: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(store) as db:
        return db.execute("SELECT role, content, status FROM messages ORDER BY position").fetchall()


async def test_environment_token_and_base_url_drive_a_real_reply(
    standin: StandIn, tmp_path: Path
) -> None:
    env = app_env(REPLICATE_API_TOKEN=STANDIN_TOKEN, REPLICATE_BASE_URL=standin.base_url)
    code, out, err = await run_app(
        "--data-dir", str(tmp_path), "--smoke-test", "Hello from the environment", env=env
    )
    assert code == 0, out + err
    assert "smoke test: reply complete" in out
    assert not [sign for sign in LEAK_SIGNS if sign in err], err
    creations = [r for r in standin.requests if r.method == "POST"]
    assert creations and creations[0].headers["Authorization"] == f"Bearer {STANDIN_TOKEN}"
    assert rows(tmp_path / "conversations.sqlite3") == [
        ("user", "Hello from the environment", "complete"),
        ("assistant", demo_reply("Hello from the environment", "meta/meta-llama-3-70b-instruct"),
         "complete"),
    ]  # fmt: skip
    logs = list((tmp_path.parent).rglob("replicate-chat.log"))
    assert logs, "the app writes a log"
    assert all(STANDIN_TOKEN not in log.read_text(encoding="utf-8") for log in logs)


async def test_a_damaged_store_is_moved_aside_and_the_app_carries_on(tmp_path: Path) -> None:
    garbage = b"this is not a database, but it is somebody's data\x00\xff" * 100
    (tmp_path / "conversations.sqlite3").write_bytes(garbage)
    code, out, err = await run_app(
        "--demo", "--data-dir", str(tmp_path), "--smoke-test", "Still works?", env=app_env()
    )
    assert code == 0, out + err
    kept = list(tmp_path.glob("conversations.sqlite3.damaged-*"))  # noqa: ASYNC240 (a test)
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    assert rows(tmp_path / "conversations.sqlite3")[0] == ("user", "Still works?", "complete")
    assert "moved aside" in out, "the notice is reported"
