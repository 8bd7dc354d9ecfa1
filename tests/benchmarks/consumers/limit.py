"""The practical limit: a minimal hand-written aiohttp reader of the prediction's stream.

POST the prediction, GET `urls.stream`, split lines, keep the `data:` of `output` events (the
data lines of one event joined with "\\n", so multi-line tokens are exact), stop at `done`. No
reconnects, no cancel, no CR handling: everything a real client needs beyond that is overhead
the limit does not pay.
"""

from __future__ import annotations

import aiohttp

from tests.benchmarks.consumers import Job, Reading, run


async def consume(job: Job) -> Reading:
    pieces: list[str] = []
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{job.base_url}/v1/models/{job.model}/predictions",
            json={"input": {"prompt": job.prompt}},
            headers={"Authorization": f"Bearer {job.token}"},
        ) as response:
            response.raise_for_status()
            stream_url = (await response.json())["urls"]["stream"]
        async with session.get(stream_url, headers={"Accept": "text/event-stream"}) as response:
            response.raise_for_status()
            rest = b""
            event = b""
            data: list[bytes] = []
            async for chunk in response.content.iter_any():
                lines = (rest + chunk).split(b"\n")
                rest = lines.pop()
                for line in lines:
                    if not line:
                        if event == b"output":
                            pieces.append(b"\n".join(data).decode())
                        elif event == b"done":
                            return "".join(pieces), len(pieces)
                        event, data = b"", []
                    elif line.startswith(b"data:"):
                        data.append(line[6:] if line[5:6] == b" " else line[5:])
                    elif line.startswith(b"event:"):
                        event = line[6:].strip()
    return "".join(pieces), len(pieces)


if __name__ == "__main__":
    run("limit", aiohttp.__version__, consume)
