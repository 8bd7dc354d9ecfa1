"""Screenshots of the app for the README and the AppStream metainfo, taken on a real X server.

For each theme (light, dark) and language (en, ru): a private Xvfb, a fresh data folder with a
few earlier chats, then the app itself in demo mode sends one message, waits for the whole reply
and saves a grab of its window (`--smoke-test ... --screenshot`). Nothing here draws by hand:
what the pictures show is what a person sees.

    .venv/bin/python packaging/screenshots.py [--out docs/screenshots]

Two more show the context window (English): a long conversation on one of the stand-in's
small-window models, its gauge near the limit (light) and the line where the sent part begins
(dark), after one more message sent in that conversation (`--in-latest`). The reply scenes show
a reasoning model's answer (its thought folded, and while it still thinks) and formulas.

Needs Xvfb and dbus-run-session (`.ci/run` installs both).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gui.store.conversations import ConversationStore  # noqa: E402
from gui.utils.paths import resolve_paths  # noqa: E402

SCREEN = "1280x860x24"
MODEL = "meta/meta-llama-3-70b-instruct"
QUESTION = {
    "en": "Show me a table and some Python, please",
    "ru": "Покажи таблицу и немного Python, пожалуйста",
}
# Earlier chats in the sidebar: (title, hours ago, question, answer).
HISTORY = {
    "en": [
        ("Rust lifetimes, explained simply", 2, "Explain Rust lifetimes simply", "Think of…"),
        ("Three days in Lisbon", 26, "Plan three days in Lisbon", "Day 1: Alfama…"),
        ("A regex for ISO 8601 dates", 80, "Regex for ISO dates?", "`\\d{4}-\\d{2}-\\d{2}`"),
        ("Summary: RLHF survey", 200, "Summarise this survey", "The survey covers…"),
    ],
    "ru": [
        ("Время жизни в Rust простыми словами", 2, "Объясни lifetimes в Rust", "Представьте…"),
        ("Три дня в Лиссабоне", 26, "Спланируй три дня в Лиссабоне", "День 1: Алфама…"),
        ("Регулярка для дат ISO 8601", 80, "Регулярка для дат ISO?", "`\\d{4}-\\d{2}-\\d{2}`"),
        ("Кратко: обзор RLHF", 200, "Перескажи этот обзор", "Обзор охватывает…"),
    ],
}


# The context scenes: (file, theme, model, its window as set in Settings, turns, question).
CONTEXT_SCENES = (
    (
        "context-gauge-light.png",
        "light",
        "standin/small-context-messages",
        4096,
        [90] * 12,
        "How do river deltas keep their shape over the centuries? " + "Tides and floods? " * 60,
    ),
    (
        "context-marker-dark.png",
        "dark",
        "standin/small-context-chat",
        1024,
        [400] * 4,
        "And one last question: why do some deltas shrink?",
    ),
)
# A reasoning model's reply (its thought folded above the answer) and formulas (the demo quotes
# the question, so the formulas in it are drawn): (file, theme, model, question).
REPLY_SCENES = (
    ("reasoning-light.png", "light", "deepseek-ai/deepseek-r1", "Why is the sky blue?"),
    ("reasoning-dark.png", "dark", "deepseek-ai/deepseek-r1", "Why is the sky blue?"),
    (
        "math-light.png",
        "light",
        MODEL,
        r"Check these: $E = mc^2$, $\frac{a}{b} + \sqrt{x_i^2}$, and "
        r"$$\int_{-\infty}^{\infty} e^{-x^2}\,dx = \sqrt{\pi}$$ "
        r"$$A = \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}$$ (it costs $5 and $10)",
    ),
    (
        "math-dark.png",
        "dark",
        MODEL,
        r"Check these: $E = mc^2$, $\frac{a}{b} + \sqrt{x_i^2}$, and "
        r"$$\int_{-\infty}^{\infty} e^{-x^2}\,dx = \sqrt{\pi}$$ "
        r"$$A = \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}$$ (it costs $5 and $10)",
    ),
)
# A reasoning reply while it thinks: the screenshot is taken this many seconds after sending.
STREAMING_SCENES = (
    ("reasoning-streaming-light.png", "light", "deepseek-ai/deepseek-r1", "Why is the sky blue?"),
    ("reasoning-streaming-dark.png", "dark", "deepseek-ai/deepseek-r1", "Why is the sky blue?"),
)
WHILE_THINKING_S = 1.0
RIVER = "Rivers carry sediment from the mountains to the sea, and deltas grow where it settles. "


@contextmanager
def xvfb() -> Iterator[str]:
    """A private X server; yields its DISPLAY."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", SCREEN, "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise SystemExit("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def seed_history(data_dir: Path, language: str) -> None:
    """Earlier chats, dated hours and days back, so the sidebar looks like a used app's."""
    store_file = resolve_paths(data_dir).store_file
    store_file.parent.mkdir(parents=True, exist_ok=True)
    dated = []
    with ConversationStore.open(store_file) as store:
        for title, hours_ago, question, answer in HISTORY[language]:
            conversation = store.create_conversation(title=title, model=MODEL)
            store.add_message(conversation.id, "user", question)
            store.add_message(conversation.id, "assistant", answer, model=MODEL)
            dated.append((time.time() - hours_ago * 3600, conversation.id))
    with sqlite3.connect(store_file) as connection:
        connection.executemany(
            "UPDATE conversations SET created_at = ?1, updated_at = ?1 WHERE id = ?2", dated
        )
    connection.close()


def seed_long_talk(
    data_dir: Path, config_dir: Path, model: str, window: int, turns: list[int]
) -> None:
    """A long conversation on `model`, and settings that choose it with its window set."""
    store_file = resolve_paths(data_dir).store_file
    store_file.parent.mkdir(parents=True, exist_ok=True)
    with ConversationStore.open(store_file) as store:
        conversation = store.create_conversation(title="Rivers and their deltas", model=model)
        for number, words in enumerate(turns, 1):
            question = f"Question {number} about rivers. " + RIVER * (words // 16)
            store.add_message(conversation.id, "user", question)
            store.add_message(conversation.id, "assistant", RIVER * (words // 8), model=model)
    settings = {"version": 1, "defaults": {"model": model}, "models": {"windows": {model: window}}}
    (config_dir / "replicate-chat").mkdir(parents=True, exist_ok=True)
    (config_dir / "replicate-chat" / "settings.json").write_text(json.dumps(settings))


def take(theme: str, language: str, out: Path, display: str) -> Path:
    """One screenshot: the app in `theme` and `language` after a demo reply."""
    target = out / f"{theme}-{language}.png"
    return _run(
        target,
        theme,
        language,
        QUESTION[language],
        display,
        lambda home: seed_history(home / "data", language),
    )


def take_reply(scene: tuple[str, str, str, str], out: Path, display: str, *extra: str) -> Path:
    """One of REPLY_SCENES (or STREAMING_SCENES, with `--screenshot-at`): a fresh chat on
    `model`, one question, its reply."""
    name, theme, model, question = scene

    def seed(home: Path) -> None:
        config = home / "config" / "replicate-chat"
        config.mkdir(parents=True, exist_ok=True)
        (config / "settings.json").write_text(
            json.dumps({"version": 1, "defaults": {"model": model}})
        )

    return _run(out / name, theme, "en", question, display, seed, *extra)


def take_context(scene: tuple[str, str, str, int, list[int], str], out: Path, display: str) -> Path:
    """One of the context window's screenshots (CONTEXT_SCENES)."""
    name, theme, model, window, turns, question = scene
    return _run(
        out / name,
        theme,
        "en",
        question,
        display,
        lambda home: seed_long_talk(home / "data", home / "config", model, window, turns),
        "--in-latest",
    )


def _run(
    target: Path,
    theme: str,
    language: str,
    question: str,
    display: str,
    seed: Callable[[Path], None],
    *extra: str,
) -> Path:
    """The app in demo mode on a seeded home folder: one message, its reply, a screenshot."""
    with tempfile.TemporaryDirectory(prefix="replicate-chat-shot-") as folder:
        home = Path(folder)
        data_dir = home / "data"
        seed(home)
        environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("QT_", "XDG_", "LC_"))},
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "share"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_STATE_HOME": str(home / "state"),
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "LANG": "C.UTF-8",
        }
        environment.pop("REPLICATE_API_TOKEN", None)
        command = [
            sys.executable,
            "-m",
            "gui",
            "--demo",
            "--data-dir",
            str(data_dir),
            "--theme",
            theme,
            "--language",
            language,
            "--smoke-test",
            question,
            "--screenshot",
            str(target),
            *extra,
        ]
        # A Qt app on X with no session bus would start a dbus-daemon that outlives it.
        result = subprocess.run(
            ["dbus-run-session", "--", *command],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
    if result.returncode != 0 or not target.exists():
        raise SystemExit(f"{target.name}: the app failed\n{result.stdout}\n{result.stderr}")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    options = parser.parse_args()
    options.out = options.out.resolve()  # the app runs from the repository's root
    options.out.mkdir(parents=True, exist_ok=True)
    with xvfb() as display:
        for language in ("en", "ru"):
            for theme in ("light", "dark"):
                print(f"wrote {take(theme, language, options.out, display)}", flush=True)
        for scene in CONTEXT_SCENES:
            print(f"wrote {take_context(scene, options.out, display)}", flush=True)
        for reply in REPLY_SCENES:
            print(f"wrote {take_reply(reply, options.out, display)}", flush=True)
        for reply in STREAMING_SCENES:
            at = ("--screenshot-at", str(WHILE_THINKING_S))
            print(f"wrote {take_reply(reply, options.out, display, *at)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
