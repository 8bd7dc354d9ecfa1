"""`python -m provider.standin`: run the stand-in until Ctrl+C, e.g. for the app's demo mode."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from provider.standin.files import DEFAULT_LIFETIME
from provider.standin.scenario import Scenario
from provider.standin.server import StandIn

DEMO_CHUNK_DELAY = 0.02


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line: where to listen and how fast to type."""
    parser = argparse.ArgumentParser(
        prog="python -m provider.standin",
        description="A local Replicate-compatible server that answers with demo replies.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8787, help="port to bind; 0 picks one")
    parser.add_argument(
        "--chunk-delay",
        type=float,
        default=DEMO_CHUNK_DELAY,
        help=f"seconds between streamed tokens ({DEMO_CHUNK_DELAY})",
    )
    parser.add_argument(
        "--boot-delay", type=float, default=0.0, help="seconds of cold boot per prediction (0)"
    )
    parser.add_argument(
        "--file-lifetime",
        type=float,
        default=DEFAULT_LIFETIME,
        help=f"seconds an uploaded file lives ({DEFAULT_LIFETIME:g}, as on Replicate)",
    )
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    """Serve demo replies until cancelled."""
    scenario = Scenario(chunk_delay=args.chunk_delay, boot_delay=args.boot_delay)
    async with StandIn(
        args.host, args.port, default_scenario=scenario, file_lifetime=args.file_lifetime
    ) as standin:
        token = next(iter(standin.tokens))
        print(f"Replicate stand-in listening on {standin.base_url}", flush=True)
        print(f"REPLICATE_BASE_URL={standin.base_url}", flush=True)
        print(f"REPLICATE_API_TOKEN={token}", flush=True)
        print("Press Ctrl+C to stop.", flush=True)
        await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    args = parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args))


if __name__ == "__main__":
    main()
