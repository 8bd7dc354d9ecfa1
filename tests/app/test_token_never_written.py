"""After a whole session with a token in the real keyring, no file the app wrote holds it.

The session: the token saved in gnome-keyring (a private D-Bus session), a chat, a reply whose
error text carries the token (as a misbehaving server might echo it), an export in both formats,
a kill -9 mid-reply, and a restart. Then every file under the app's folders (data, config,
cache, state and logs, the exports) is read byte by byte for the token.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from pathlib import Path

from gui.config.keyring_access import keyring_get, keyring_set
from provider.standin import STANDIN_TOKEN, Scenario, StandIn
from tests.app.test_app_process import app_env, run_app, start_app
from tests.gui.secret_service import (  # noqa: F401 (fixtures)
    SecretServiceProcess,
    clean_keyring,
    secret_service,
)


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def files_holding(root: Path, secret: bytes) -> list[Path]:
    return [path for path in files_under(root) if secret in path.read_bytes()]


async def test_no_file_the_app_wrote_holds_the_token(
    clean_keyring: SecretServiceProcess,  # noqa: F811 (the fixture)
    standin: StandIn,
    tmp_path: Path,
) -> None:
    keyring_set(STANDIN_TOKEN)
    assert keyring_get() == STANDIN_TOKEN
    env = app_env(REPLICATE_BASE_URL=standin.base_url)
    env["DBUS_SESSION_BUS_ADDRESS"] = clean_keyring.bus_address  # app_env leaves the bus out
    env.pop("DISPLAY", None)  # a keyring prompt fails at once instead of waiting for a person
    data = tmp_path / "data"
    app = ("--data-dir", str(data), "--smoke-test")

    # A chat, with the token from the keyring (not the environment).
    code, out, err = await run_app(*app, "Hello", env=env)
    assert code == 0, out + err
    assert "smoke test: keyring SecretService" in out
    assert standin.requests[0].headers["Authorization"] == f"Bearer {STANDIN_TOKEN}"

    # A failure whose text carries the token: shown, stored and logged, always redacted.
    echo = f"upstream refused Authorization: Bearer {STANDIN_TOKEN}"
    standin.queue(Scenario(chunks=["So ", "far"], error_after=1, error_detail=echo))
    code, out, err = await run_app(*app, "Echo my token", env=env)
    assert code == 1 and "reply failed" in out, out + err
    with sqlite3.connect(data / "conversations.sqlite3") as db:
        (error,) = db.execute("SELECT error FROM messages WHERE error IS NOT NULL").fetchone()
    assert "upstream refused Authorization" in error, "the echo was written, redacted"

    # Exports, as a person makes them.
    for fmt in ("markdown", "json"):
        export = tmp_path / f"all.{fmt}"
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "gui", "export", "--all", "--format", fmt,
            "--data-dir", str(data), "-o", str(export), env=env, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        _, problem = await process.communicate()
        assert process.returncode == 0, problem.decode()
        assert "Echo my token" in export.read_text(encoding="utf-8")

    # A kill mid-reply, then a restart.
    standin.queue(Scenario(chunks=[f"w{i} " for i in range(2000)], chunk_delay=0.005))
    running = await start_app(*app, "Long answer", env=env)
    deadline = asyncio.get_running_loop().time() + 60
    while not any(len(p.output) > 100 for p in standin.predictions.values()):
        assert running.returncode is None, "the app ended before it could be killed"
        assert asyncio.get_running_loop().time() < deadline, "no long answer within 60 s"
        await asyncio.sleep(0.02)
    running.kill()
    await running.wait()
    code, out, err = await run_app(*app, "After the crash", env=env)
    assert code == 0, out + err

    names = {path.name for path in files_under(tmp_path)}
    # The scan covers what matters: the store, the log file, the exports.
    assert {"conversations.sqlite3", "replicate-chat.log", "all.markdown", "all.json"} <= names
    for secret in (STANDIN_TOKEN, STANDIN_TOKEN.removeprefix("r8_")):
        assert files_holding(tmp_path, secret.encode()) == [], secret
    assert STANDIN_TOKEN not in out + err
