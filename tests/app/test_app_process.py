"""The app as its own process (offscreen): real start-up, a reply, a clean quit.

These run on plain asyncio so the test's stand-in keeps serving while the app process runs.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

from provider.standin import STANDIN_TOKEN, Scenario, StandIn, demo_reply
from tests.waiting import wait_until

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
        query = "SELECT role, content, status FROM messages ORDER BY conversation_id, position"
        return db.execute(query).fetchall()


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


async def test_in_latest_sends_the_smoke_test_in_the_newest_conversation(
    tmp_path: Path,
) -> None:
    code, out, err = await run_app(
        "--demo", "--data-dir", str(tmp_path), "--smoke-test", "First", env=app_env()
    )
    assert code == 0, out + err
    code, out, err = await run_app(
        "--demo", "--data-dir", str(tmp_path), "--smoke-test", "Second", "--in-latest",
        env=app_env(),
    )  # fmt: skip
    assert code == 0, out + err
    with sqlite3.connect(tmp_path / "conversations.sqlite3") as db:
        query = "SELECT conversation_id, content FROM messages WHERE role = 'user'"
        questions = db.execute(query).fetchall()
    assert [content for _, content in questions] == ["First", "Second"]
    assert len({conversation for conversation, _ in questions}) == 1


def integrity(store: Path) -> str:
    with sqlite3.connect(store) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


async def start_app(*args: str, env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gui", *args,
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def test_kill_9_mid_reply_keeps_everything_up_to_the_last_seconds(
    standin: StandIn, tmp_path: Path
) -> None:
    env = app_env(REPLICATE_API_TOKEN=STANDIN_TOKEN, REPLICATE_BASE_URL=standin.base_url)
    store = tmp_path / "conversations.sqlite3"
    code, out, err = await run_app("--data-dir", str(tmp_path), "--smoke-test", "First", env=env)
    assert code == 0, out + err
    earlier = rows(store)

    words = [f"word{i} " for i in range(2000)]
    standin.queue(Scenario(chunks=words, chunk_delay=0.005))  # ten seconds of answer
    app = await start_app("--data-dir", str(tmp_path), "--smoke-test", "Talk a lot", env=env)
    # What the stand-in had sent, and when: the store must hold all of it but the last 2 s.
    sent: list[tuple[float, int]] = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 60
    while True:
        streaming = [p for p in standin.predictions.values() if p.status == "processing"]
        if streaming:
            sent.append((loop.time(), len(streaming[0].output)))
            if sent[-1][1] >= 600:  # some seconds into the answer
                break
        assert app.returncode is None, "the app ended before it could be killed"
        assert loop.time() < deadline, "the answer did not get 600 words in within 60 s"
        await asyncio.sleep(0.02)
    app.kill()  # SIGKILL: no handler, no flush, no goodbye
    await app.wait()
    assert app.returncode == -signal.SIGKILL
    killed_at = sent[-1][0]
    sent_two_seconds_before = max(count for at, count in sent if at <= killed_at - 2)
    assert sent_two_seconds_before > 0, "the answer had been streaming for over two seconds"

    assert integrity(store) == "ok"
    standin.queue(Scenario(chunks=["Back ", "again."]))
    code, out, err = await run_app("--data-dir", str(tmp_path), "--smoke-test", "Again", env=env)
    assert code == 0, out + err  # the lock the killed app left is taken over
    after = rows(store)
    assert after[: len(earlier)] == earlier, "every earlier message is there"
    question, partial = after[len(earlier) : len(earlier) + 2]
    assert question == ("user", "Talk a lot", "complete")
    role, content, status = partial
    assert (role, status) == ("assistant", "interrupted")
    assert "".join(words).startswith(content)
    assert len(content) >= len("".join(words[:sent_two_seconds_before]))
    assert after[-1] == ("assistant", "Back again.", "complete")
    assert integrity(store) == "ok"


async def test_a_second_start_brings_the_first_forward_and_ends(
    standin: StandIn, tmp_path: Path
) -> None:
    env = app_env(REPLICATE_API_TOKEN=STANDIN_TOKEN, REPLICATE_BASE_URL=standin.base_url)
    first = await start_app("--data-dir", str(tmp_path), env=env)
    try:
        lock = tmp_path / "replicate-chat.lock"
        await wait_until(lock.exists, 30, "the first instance to hold the data folder's lock")
        code, out, err = await run_app("--data-dir", str(tmp_path), "--smoke-test", "Hi", env=env)
        assert code == 0, out + err
        assert "already running" in out
        assert not standin.requests, "the second start sent nothing and changed nothing"
        assert first.returncode is None, "the first instance runs on"
        # A different data folder is a different set of conversations: it starts as usual.
        other = tmp_path / "other"
        code, out, err = await run_app("--data-dir", str(other), "--smoke-test", "Hi", env=env)
        assert code == 0 and "reply complete" in out, out + err
    finally:
        first.terminate()  # SIGTERM: the window closes gracefully
        out, err = await asyncio.wait_for(first.communicate(), 30)
    assert first.returncode == 0, err.decode()
    assert integrity(tmp_path / "conversations.sqlite3") == "ok"
