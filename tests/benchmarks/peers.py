"""The peers' own virtual environments: `replicate` 1.0.7 and `g4f` 8.7.1, never in the app's.

`python -m tests.benchmarks.peers` makes (or reuses) them under build/bench/venvs/. A venv is
reused when its stamp file names exactly the requirements it was built with, so a run that was cut
off half-way is rebuilt instead of trusted. Each venv is made from the interpreter the project
runs on, so every consumer runs on the same Python.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENVS = ROOT / "build" / "bench" / "venvs"
STAMP = ".bench-stamp"
INSTALL_TIMEOUT = 900.0


class PeerUnavailable(RuntimeError):
    """The peer's venv could not be made (no network, a failed install); the text says why."""


@dataclass(frozen=True)
class Peer:
    """A peer client pinned to one version, and the import that proves its venv works."""

    name: str
    version: str
    requirements: tuple[str, ...]
    check: str

    @property
    def folder(self) -> Path:
        return VENVS / f"{self.name}-{self.version}"

    @property
    def python(self) -> Path:
        return self.folder / "bin" / "python"

    def stamp_text(self) -> str:
        return "\n".join(self.requirements) + "\n"


# g4f 8.7.1 is installed plainly, without its "all" extra: its Replicate provider needs only
# g4f's aiohttp StreamSession, and aiohttp is one of g4f's few hard requirements.
PEERS: dict[str, Peer] = {
    "replicate": Peer(
        "replicate", "1.0.7", ("replicate==1.0.7",), "import replicate; replicate.Client"
    ),
    "g4f": Peer(
        "g4f",
        "8.7.1",
        ("g4f==8.7.1",),
        "from g4f.Provider.needs_auth import Replicate; Replicate.create_async_generator",
    ),
}


def _run(command: list[str], what: str) -> None:
    print(f"  $ {' '.join(command)}", flush=True)
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise PeerUnavailable(f"{what} took over {INSTALL_TIMEOUT:g} s") from exc
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        raise PeerUnavailable(f"{what} failed: {lines[-1] if lines else result.returncode}")


def is_complete(peer: Peer) -> bool:
    """True when the venv was built to the end with today's requirements."""
    stamp = peer.folder / STAMP
    return (
        peer.python.exists()
        and stamp.exists()
        and stamp.read_text(encoding="utf-8") == peer.stamp_text()
    )


def ensure(peer: Peer) -> Path:
    """The python of the peer's venv, made first if needed; PeerUnavailable when it cannot be."""
    if is_complete(peer):
        print(f"{peer.name} {peer.version}: reusing {peer.folder.relative_to(ROOT)}", flush=True)
        return peer.python
    print(f"{peer.name} {peer.version}: making {peer.folder.relative_to(ROOT)}", flush=True)
    if peer.folder.exists():
        shutil.rmtree(peer.folder)  # a half-made venv: start again rather than guess
    peer.folder.parent.mkdir(parents=True, exist_ok=True)
    # From the project's interpreter (a venv's python makes a venv of its base Python).
    _run([sys.executable, "-m", "venv", str(peer.folder)], "python -m venv")
    pip = [str(peer.python), "-m", "pip", "--disable-pip-version-check", "--quiet"]
    _run([*pip, "install", *peer.requirements], f"pip install {' '.join(peer.requirements)}")
    _run([str(peer.python), "-c", peer.check], f"the check import of {peer.name}")
    (peer.folder / STAMP).write_text(peer.stamp_text(), encoding="utf-8")
    print(f"{peer.name} {peer.version}: ready", flush=True)
    return peer.python


def ensure_all() -> dict[str, Path | PeerUnavailable]:
    """Every peer's python, or the reason it is unavailable (the benchmark goes on without it)."""
    found: dict[str, Path | PeerUnavailable] = {}
    for name, peer in PEERS.items():
        try:
            found[name] = ensure(peer)
        except PeerUnavailable as exc:
            print(f"{peer.name} {peer.version}: unavailable: {exc}", flush=True)
            found[name] = exc
    return found


def main() -> int:
    found = ensure_all()
    return 0 if all(isinstance(value, Path) for value in found.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
