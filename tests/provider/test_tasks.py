"""OwnedTasks: a task is kept until it ends, a failure is logged with its traceback and passed
on, and cancel() ends every task but the caller's own (Qt-free: plain asyncio)."""

from __future__ import annotations

import asyncio
import logging

import pytest

from provider.tasks import OwnedTasks, loop_running


async def test_a_task_is_kept_until_it_ends() -> None:
    tasks = OwnedTasks("a test task")
    gate = asyncio.Event()
    task = tasks.spawn(gate.wait())
    assert len(tasks) == 1
    gate.set()
    await task
    await asyncio.sleep(0)  # done callbacks run on the next turn
    assert len(tasks) == 0


async def test_a_failure_is_logged_and_passed_on(caplog: pytest.LogCaptureFixture) -> None:
    failures: list[BaseException] = []
    tasks = OwnedTasks("a test task", failures.append)

    async def fail() -> None:
        raise ValueError("broken on purpose")

    with caplog.at_level(logging.ERROR, logger="provider.tasks"):
        task = tasks.spawn(fail())
        await asyncio.wait([task])
        await asyncio.sleep(0)
    assert [type(error) for error in failures] == [ValueError]
    record = next(r for r in caplog.records if r.getMessage() == "a test task failed")
    assert record.exc_info is not None and record.exc_info[0] is ValueError


async def test_cancel_ends_the_others_and_spares_the_caller() -> None:
    tasks = OwnedTasks("a test task", lambda error: pytest.fail(f"not a failure: {error!r}"))
    sleepers = [tasks.spawn(asyncio.sleep(3600)) for _ in range(3)]

    async def shut_down() -> str:
        await tasks.cancel()
        return "finished"

    closer = tasks.spawn(shut_down())
    assert await asyncio.wait_for(closer, 10) == "finished"
    assert all(task.cancelled() for task in sleepers)
    await asyncio.sleep(0)
    assert len(tasks) == 0


async def test_wait_lets_every_task_finish_without_cancelling_it() -> None:
    tasks = OwnedTasks("a test task")
    done: list[int] = []

    async def work(n: int) -> None:
        await asyncio.sleep(0.01 * n)
        done.append(n)

    for n in (3, 1, 2):
        tasks.spawn(work(n))
    await asyncio.wait_for(tasks.wait(), 10)
    assert sorted(done) == [1, 2, 3]


def test_loop_running_tells_whether_a_loop_runs_here() -> None:
    assert not loop_running()

    async def inside() -> bool:
        return loop_running()

    assert asyncio.run(inside())


async def test_an_expected_failure_is_a_warning_and_no_bug(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bugs: list[BaseException] = []
    tasks = OwnedTasks("a cancel request", bugs.append, expected=(ConnectionError,))

    async def refused() -> None:
        raise ConnectionError("refused")

    with caplog.at_level(logging.WARNING, logger="provider.tasks"):
        await asyncio.wait([tasks.spawn(refused())])
        await asyncio.sleep(0)
    assert bugs == []
    [record] = [r for r in caplog.records if r.name == "provider.tasks"]
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert record.getMessage() == "a cancel request failed: refused"


async def test_cancel_now_stops_counting_at_once_and_wait_sees_the_end() -> None:
    tasks = OwnedTasks("a test task")
    task = tasks.spawn(asyncio.sleep(3600))
    tasks.cancel_now()
    assert len(tasks) == 0  # no longer running, though it ends only at the next turn
    assert not task.done()
    await asyncio.wait_for(tasks.wait(), 10)
    assert task.cancelled()


async def test_wait_with_a_timeout_returns_and_leaves_the_task_running() -> None:
    tasks = OwnedTasks("a test task")
    gate = asyncio.Event()
    task = tasks.spawn(gate.wait())
    await asyncio.wait_for(tasks.wait(timeout=0.01), 10)
    assert not task.done() and len(tasks) == 1
    gate.set()
    await asyncio.wait_for(tasks.wait(), 10)
    assert task.done() and not task.cancelled()
