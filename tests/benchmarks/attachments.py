"""Attaching a 12-megapixel photo: how long until its chip shows, how long from Send until the
request is out (the picture scaled, re-encoded, uploaded through the Files API, the prediction
created: measured to the reply's first token, which the stand-in sends at once), and how much
memory it takes at its peak.

The real MainWindow runs on a private Xvfb in a throwaway home, against the stand-in in its own
process (`python -m provider.standin`, no typing delay), with GPT-5 chosen (it takes pictures).
The photo is a 4000 × 3000 JPEG of gradients and grain, about as large as a phone's.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.benchmarks.probes import (
    close_window,
    display,
    isolated_home,
    rss_mb,
    run_on_app_loop,
    started_window,
    wait_until,
)
from tests.benchmarks.report import Figure, write_figures

ROOT = Path(__file__).resolve().parents[2]
SECTION = "5 attachments"
MODEL = "openai/gpt-5"
RUNS = 5


def make_photo(path: Path, width: int = 4000, height: int = 3000) -> int:
    """A photo-like JPEG: smooth gradients under fine grain, which JPEG cannot squeeze away."""
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter

    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(0, 0, width, height)
    gradient.setColorAt(0, QColor("#1d4e89"))
    gradient.setColorAt(0.5, QColor("#f4a259"))
    gradient.setColorAt(1, QColor("#2a9d8f"))
    painter.fillRect(image.rect(), gradient)
    grain = QImage(256, 256, QImage.Format.Format_ARGB32)
    seed = 12345
    for y in range(256):
        for x in range(256):
            seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
            grain.setPixelColor(x, y, QColor(255, 255, 255, seed % 40))
    for y in range(0, height, 256):
        for x in range(0, width, 256):
            painter.drawImage(x, y, grain)
    painter.end()
    assert image.save(str(path), "JPEG", 92)
    return path.stat().st_size


class PeakMemory:
    """Samples the process's resident memory every 5 ms on a thread; the peak above the start."""

    def __init__(self) -> None:
        self.start = rss_mb()
        self.peak = self.start
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while self._running:
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.005)

    def stop(self) -> float:
        self._running = False
        self._thread.join()
        return self.peak - self.start


async def measure(base_url: str, photo: Path, runs: int) -> dict[str, list[float]]:
    window = await started_window(base_url, MODEL)
    found: dict[str, list[float]] = {"chip": [], "sent": [], "peak": [], "kept": []}
    tray = window.composer.tray
    for run in range(runs + 1):  # the first, untimed: imports, the schema, the first upload
        window.new_chat()
        memory = PeakMemory()
        started = time.perf_counter()
        window.attachments.attach_paths([photo])
        await wait_until(lambda: tray.chips() and tray.chips()[0].isVisible(), 60)
        chip = time.perf_counter() - started
        kept = tray.items()[0].size
        started = time.perf_counter()
        window.send_message(f"Photo {run}: what is in it?")
        await wait_until(lambda: window.session.current_text(), 60)
        sent = time.perf_counter() - started
        await wait_until(lambda: not window.session.busy, 60)
        peak = memory.stop()
        if run:
            found["chip"].append(chip * 1000)
            found["sent"].append(sent * 1000)
            found["peak"].append(peak)
            found["kept"].append(kept / 1000)
    await close_window(window)
    return found


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def figures(found: dict[str, list[float]], photo_kb: float) -> list[Figure]:
    runs = f"median of {len(found['chip'])}"
    return [
        Figure(
            SECTION,
            "12 MP photo: attach to chip shown",
            median(found["chip"]),
            "ms",
            "< 1000 ms",
            median(found["chip"]) < 1000,
            f"{runs}; a {photo_kb:,.0f} kB JPEG read, turned, scaled to 2048 px, encoded",
        ),
        Figure(
            SECTION,
            "12 MP photo: Send to request out",
            median(found["sent"]),
            "ms",
            "< 1000 ms",
            median(found["sent"]) < 1000,
            f"{runs}; {median(found['kept']):,.0f} kB uploaded, to the first token",
        ),
        Figure(
            SECTION,
            "12 MP photo: peak memory above the start",
            max(found["peak"]),
            "MB",
            "< 150 MB",
            max(found["peak"]) < 150,
            "the largest of the runs (resident set, sampled every 5 ms)",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.attachments")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--quick", action="store_true", help="two runs instead of five")
    options = parser.parse_args(argv)
    server = subprocess.Popen(
        [sys.executable, "-m", "provider.standin", "--port", "0", "--chunk-delay", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        lines = [server.stdout.readline() for _ in range(3)]
        base_url = next(
            m.group(1) for line in lines if (m := re.match(r"REPLICATE_BASE_URL=(\S+)", line))
        )
        token = next(
            m.group(1) for line in lines if (m := re.match(r"REPLICATE_API_TOKEN=(\S+)", line))
        )
        with display(), isolated_home() as home:
            from tests.benchmarks.probes import qt_app

            qt_app()
            photo = home / "photo.jpg"
            photo_kb = make_photo(photo) / 1000
            os.environ["REPLICATE_API_TOKEN"] = token
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/bus"
            os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
            found = run_on_app_loop(lambda: measure(base_url, photo, 2 if options.quick else RUNS))
    finally:
        server.terminate()
        server.wait(10)
    write_figures(options.out, figures(found, photo_kb))
    return 0


if __name__ == "__main__":
    sys.exit(main())
