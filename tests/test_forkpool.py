"""The fork pool: every result, the workers' exceptions and deaths, no worker left behind."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

from app.forkpool import WorkerDied, available, forked

pytestmark = pytest.mark.skipif(not available(), reason="this system cannot fork")


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    """A pool that deadlocks fails its test in a minute instead of hanging the run."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError("the pool did not finish within a minute")

    before = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, before)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_every_task_is_done_once_by_the_workers_and_they_are_reaped() -> None:
    results = list(forked(_square_and_pid, range(50), 3))
    assert sorted(square for square, _ in results) == [n * n for n in range(50)]
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids
    assert 1 < len(pids) <= 3
    assert all(_gone(pid) for pid in pids)  # reaped, not zombies


def test_results_small_and_larger_than_a_pipe_arrive_whole_and_in_step() -> None:
    """A worker is given its next task before its result is read: each message is read
    to its last byte and no further, whatever its size (a pipe holds 64 KB)."""
    sizes = [0, 1, 100, 65_535, 65_536, 200_000, 3_000_000] * 4
    results = list(forked(lambda n: (n, b"x" * sizes[n]), range(len(sizes)), 3))
    assert sorted((n, len(data)) for n, data in results) == list(enumerate(sizes))
    assert all(data == b"x" * len(data) for _, data in results)


def test_the_workers_have_the_parents_state_without_it_being_sent() -> None:
    table = {n: object() for n in range(5)}  # objects that would not survive pickling as such
    ids = {n: id(value) for n, value in table.items()}
    results = list(forked(lambda n: (n, id(table[n])), range(5), 2))  # a lambda: not picklable
    assert dict(results) == ids


def test_tasks_are_taken_one_ahead_of_the_workers() -> None:
    taken: list[int] = []

    def tasks() -> Iterator[int]:
        for n in range(20):
            taken.append(n)
            yield n

    results = forked(lambda n: n, tasks(), 2)
    first = next(results)
    assert first in (0, 1)
    # Two given at the start and two taken ahead; then as many as workers were done.
    assert len(taken) <= 6
    assert sorted([first, *results]) == list(range(20))


def test_the_next_task_is_made_while_the_workers_work() -> None:
    """A task that takes time to make (a checker plans where to cut a catalog) is made
    while the workers are busy, not when one of them is free and waits for it."""
    made: dict[int, float] = {}

    def tasks() -> Iterator[int]:
        for n in range(3):
            made[n] = time.monotonic()
            yield n

    def work(n: int) -> tuple[int, float]:
        started = time.monotonic()
        time.sleep(0.3)
        return n, started

    started = dict(forked(work, tasks(), 2))
    first = min(started[0], started[1])  # the worker that started first is free first
    assert made[2] < first + 0.15  # made during the first two tasks, not after them
    assert started[2] >= first + 0.3


class Refused(Exception):
    pass


def _refuse(n: int) -> int:
    if n == 3:
        raise Refused(f"task {n} refused")
    return n


def test_an_exception_in_a_worker_is_raised_in_the_parent() -> None:
    with pytest.raises(Refused, match="task 3 refused"):
        list(forked(_refuse, range(6), 2))


class NeedsTwo(Exception):
    def __init__(self, a: str, b: str) -> None:
        super().__init__(f"{a} and {b}")  # args lose b: it cannot be rebuilt from a pickle


def test_an_exception_that_does_not_survive_pickling_keeps_its_type_name_and_message() -> None:
    def fail(n: int) -> int:
        raise NeedsTwo("this", "that")

    with pytest.raises(RuntimeError, match="^NeedsTwo: this and that$"):
        list(forked(fail, range(2), 2))


@pytest.mark.parametrize(
    ("end", "words"),
    [
        (lambda: os.kill(os.getpid(), signal.SIGKILL), "signal SIGKILL (the system may have run"),
        (lambda: os.kill(os.getpid(), signal.SIGTERM), "signal SIGTERM: the run did not finish"),
        (lambda: os._exit(3), "status 3: the run did not finish"),
    ],
)
def test_a_worker_that_dies_stops_the_run_with_how_it_ended(end: object, words: str) -> None:
    def work(n: int) -> int:
        if n == 4:
            end()  # type: ignore[operator]
        time.sleep(0.01)
        return n

    started = time.monotonic()
    with pytest.raises(
        WorkerDied, match="a worker process was ended by " + words.replace("(", r"\(")
    ):
        list(forked(work, range(40), 2))
    assert time.monotonic() - started < 30  # not a wait for the lost result


def test_ctrl_c_is_left_to_the_parent() -> None:
    def interrupted(n: int) -> int:
        os.kill(os.getpid(), signal.SIGINT)  # as a terminal sends it to the process group
        return n

    assert sorted(forked(interrupted, range(4), 2)) == [0, 1, 2, 3]


def test_stopping_early_kills_and_reaps_the_workers() -> None:
    def slow(n: int) -> int:
        if n:
            time.sleep(60)
        return os.getpid()

    results = forked(slow, range(4), 2)
    pid = next(results)
    started = time.monotonic()
    results.close()  # the caller stops: a report error, Ctrl-C in the parent
    assert time.monotonic() - started < 10
    assert _gone(pid)


@pytest.mark.skipif(not hasattr(__import__("fcntl"), "F_GETPIPE_SZ"), reason="Linux pipes only")
def test_a_result_pipe_holds_a_large_result_whole() -> None:
    """A worker writes a result of up to 1 MB and takes its next task at once, instead of
    waiting for the parent to read: its pipe is widened from 64 KB."""
    import fcntl

    from app.forkpool import _PIPE_BYTES, _widen

    with open("/proc/sys/fs/pipe-max-size") as limit:
        if int(limit.read()) < _PIPE_BYTES:
            pytest.skip("this system caps pipes lower")
    read, write = os.pipe()
    try:
        _widen(write)
        assert fcntl.fcntl(write, fcntl.F_GETPIPE_SZ) >= _PIPE_BYTES
        os.write(write, b"x" * 900_000)  # would block at 64 KB: no reader yet
    finally:
        os.close(read)
        os.close(write)


class _SlowToLoad:
    """A result whose unpickling, in the parent, takes a while (a large catalog's findings)."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return _slow_load, ()


def _slow_load() -> str:
    time.sleep(0.3)
    return "loaded"


def test_a_worker_done_while_the_parent_is_busy_gets_its_next_task_at_once() -> None:
    """Not once the caller has handled the result before: a worker never waits for that."""
    begun = time.monotonic()

    def work(n: int) -> tuple[int, float, object]:
        started = time.monotonic() - begun
        if n == 1:
            time.sleep(0.1)  # done while the parent unpickles task 0's result
        elif n == 2:
            time.sleep(1.0)  # keeps the first worker busy until the end
        return n, started, _SlowToLoad() if n == 0 else None

    results = forked(work, range(4), 2)
    first = next(results)
    time.sleep(0.5)  # the caller handles the first result: a catalog joined
    started = {n: at for n, at, _ in [first, *results]}
    assert first[2] == "loaded"
    assert started[3] < 0.45  # given when the parent was done unpickling, not after the caller


def test_meanwhile_runs_once_while_the_workers_work() -> None:
    """Work for after the results (the report's imports) is done while the workers work."""
    begun = time.monotonic()
    calls: list[float] = []

    def work(n: int) -> tuple[int, float]:
        time.sleep(0.3)
        return n, time.monotonic() - begun

    done = list(forked(work, range(4), 2, meanwhile=lambda: calls.append(time.monotonic() - begun)))
    assert len(calls) == 1
    assert calls[0] < min(at for _, at in done)  # before the first result was in


def test_the_first_worker_starts_while_the_second_task_is_made() -> None:
    """A task may take a while to make (a catalog's cuts planned): the workers are forked
    first, and each begins as soon as its own task is made."""
    made: dict[int, float] = {}

    def tasks() -> Iterator[int]:
        made[0] = time.monotonic()
        yield 0
        time.sleep(0.3)
        made[1] = time.monotonic()
        yield 1

    started = dict(forked(lambda n: (n, time.monotonic()), tasks(), 2))
    assert started[0] < made[1]


class _SlowToPickle:
    """A result that takes a while to pickle, in the worker (a large part's findings)."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        time.sleep(0.3)
        return str, ("pickled",)


_sent: list[float] = []


class _Stamped:
    """A task that notes when the parent sends it (pickles it for the pipe)."""

    def __reduce__(self) -> tuple[object, tuple[int]]:
        _sent.append(time.monotonic())
        return int, (1,)


def test_a_worker_is_sent_its_next_task_while_it_pickles_its_result() -> None:
    """The next task waits in the pipe once the result is written: the worker says it is
    done first, then pickles."""
    _sent.clear()

    def work(task: int) -> tuple[int, float, object]:
        return task, time.monotonic(), _SlowToPickle() if task == 0 else None

    results = {task: at for task, at, _ in forked(work, iter([0, _Stamped()]), 1)}
    assert len(_sent) == 1
    assert _sent[0] < results[0] + 0.2  # sent while result 0 was pickled, not after


def test_no_worker_waits_while_the_parent_does_its_meanwhile_work() -> None:
    begun = time.monotonic()

    def work(n: int) -> tuple[int, float]:
        started = time.monotonic() - begun
        time.sleep(0.1)
        return n, started

    started = dict(forked(work, range(6), 2, meanwhile=lambda: time.sleep(0.5)))
    assert sorted(started) == list(range(6))
    assert sorted(started.values())[3] < 0.35  # each worker's second task, during the 0.5 s
