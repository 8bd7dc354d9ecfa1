"""What every part measures with: memory, CPU, percentiles, a private X server and home."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process in MiB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc status")


def cpu_seconds() -> float:
    """CPU time (user + system) of this process so far."""
    return time.process_time()


def open_sockets(pid: int | str = "self") -> int:
    """How many sockets the process holds open (its file descriptors that are sockets)."""
    count = 0
    folder = Path(f"/proc/{pid}/fd")
    for entry in folder.iterdir():
        with contextlib.suppress(OSError):
            if os.readlink(entry).startswith("socket:"):
                count += 1
    return count


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (fraction 0.99 for p99); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


@contextlib.contextmanager
def isolated_home() -> Iterator[Path]:
    """A throwaway home: the XDG folders point into a temporary directory, restored after."""
    names = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
    saved = {name: os.environ.get(name) for name in (*names, "REPLICATE_API_TOKEN")}
    with tempfile.TemporaryDirectory(prefix="replicate-chat-bench-") as folder:
        for name in names:
            os.environ[name] = os.path.join(folder, name.lower())
        os.environ.pop("REPLICATE_API_TOKEN", None)
        try:
            yield Path(folder)
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


@contextlib.contextmanager
def display() -> Iterator[str]:
    """A private Xvfb server for Qt (sets DISPLAY and QT_QPA_PLATFORM=xcb) when Xvfb is
    installed, else Qt's offscreen platform. Yields the platform's name for the table."""
    if shutil.which("Xvfb") is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        yield "offscreen"
        return
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x860x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        if not number.isdigit():
            raise RuntimeError("Xvfb did not report a display number")
        saved = {name: os.environ.get(name) for name in ("DISPLAY", "QT_QPA_PLATFORM")}
        os.environ["DISPLAY"] = f":{number}"
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        try:
            yield "Xvfb"
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
    finally:
        server.terminate()
        server.wait(10)
