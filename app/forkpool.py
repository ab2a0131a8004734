"""Run tasks in worker processes forked from this one, each result as soon as it is done.

A worker is a fork: it has all of the parent's state, so nothing but the task travels,
through a pipe; the parent hands the next task to whichever worker says first that it is
done, while that worker still pickles its result (a worker never waits on the parent's
own work). A worker that dies (killed for lack of memory, most likely) closes its
pipe, and the run stops with how it ended instead of waiting for a result that will
never come. Ctrl-C reaches the whole process group: the workers leave it to the parent,
which stops them.

Not ``multiprocessing.Pool``: its import, threads and queues took 20 ms before the first
task started, and a pool replaces a dead worker but loses its task, and waits for it.
"""

from __future__ import annotations

import os
import pickle
import selectors
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, Generic, TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")

_PROTOCOL = pickle.HIGHEST_PROTOCOL
_PIPE_BYTES = 1 << 20  # Linux's default /proc/sys/fs/pipe-max-size


class WorkerDied(Exception):
    """A worker process ended before it returned its task's result."""


def available() -> bool:
    """Whether this system can fork workers."""
    return sys.platform != "win32" and hasattr(os, "fork")


class _Worker:
    __slots__ = ("pid", "tasks", "results", "given")

    def __init__(self, pid: int, tasks: int, results: int) -> None:
        self.pid = pid  # 0 once reaped
        self.tasks = tasks  # the write end of its pipe of tasks
        self.results = results  # the read end of its pipe of results
        self.given = 0  # tasks given whose results are not read yet (at most two)


def forked(
    func: Callable[[Task], Result],
    tasks: Iterable[Task],
    workers: int,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[Result]:
    """``func(task)`` for each task, computed by ``workers`` forks, in the order they finish.

    The tasks are taken from ``tasks`` ahead of the workers, one per worker: the next
    ones are ready while they work, not made when one of them waits for it. Then
    ``meanwhile()`` is called, once: work this process would do after the results, done
    while it waits for them (each worker is given a second task first, so that none
    waits for this process meanwhile). An exception that ``func`` raises in a worker is
    raised here; a worker that dies raises ``WorkerDied``. Ending the iteration early
    stops the workers.
    """
    pool: list[_Worker] = []
    waiting = _Ahead(tasks, workers)
    finished = False
    selector = selectors.DefaultSelector()
    try:
        for _ in range(workers):
            worker = _fork(func, pool)
            pool.append(worker)
            selector.register(worker.results, selectors.EVENT_READ, worker)
        for worker in pool:  # each starts as soon as its task is made
            waiting.give(worker)
        waiting.refill()
        if meanwhile is not None:
            for worker in pool:  # a second task each, there when the first is done
                waiting.give(worker)
            meanwhile()
        done: list[_Worker] = []  # workers that said they are done, in that order
        while done or any(worker.given for worker in pool):
            _take_done(selector, done, waiting, block=not done)
            result = _receive(done.pop(0))
            # Workers done meanwhile get their next tasks before this result is handed
            # on: unpickling it, and what the caller does with it, may take a while.
            _take_done(selector, done, waiting, block=False)
            yield result
            waiting.refill()  # the tasks after those, last: making one may take a while
        finished = True
    finally:
        selector.close()
        _stop(pool, kill=not finished)


def _take_done(
    selector: selectors.BaseSelector, done: list[_Worker], waiting: _Ahead[Any], block: bool
) -> None:
    """Note the workers done with a task (its result follows); each one done with its only
    task gets the next at once."""
    for key, _ in selector.select(None if block else 0):
        worker: _Worker = key.data
        if worker not in done:
            said = _read(worker.results)
            if said is None:  # the pipe ended: the worker is gone
                raise WorkerDied(_ended(worker))
            assert said == _DONE, "a worker's messages out of step"
            done.append(worker)
            if worker.given == 1:  # it waits for the next, pickling its result meanwhile
                waiting.give(worker)


def _fork(func: Callable[[Task], Result], pool: list[_Worker]) -> _Worker:
    task_read, task_write = os.pipe()
    result_read, result_write = os.pipe()
    _widen(result_write)
    pid = os.fork()
    if pid == 0:  # the worker: it never returns into the caller's code
        status = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            os.close(task_write)
            os.close(result_read)
            for other in pool:  # the other workers' pipes end with the parent's ends only
                os.close(other.tasks)
                os.close(other.results)
            _serve(func, task_read, result_write)
            status = 0
        finally:
            os._exit(status)
    os.close(task_read)
    os.close(result_write)
    return _Worker(pid, task_write, result_read)


def _widen(pipe: int) -> None:
    """Let the pipe hold a large result whole where the system allows it (Linux: up to
    1 MB unprivileged, against 64 KB): its worker then takes its next task at once,
    instead of waiting, its result half written, until this process reads it."""
    try:
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):  # another system, or a lower limit
        pass


def _serve(func: Callable[[Task], Result], tasks: int, results: int) -> None:
    """A worker's loop: a task in, its result or exception out, until the parent is done."""
    while True:
        data = _read(tasks)
        if data is None:
            return  # the parent closed the pipe: no more work
        try:
            result = func(pickle.loads(data))
        except Exception as error:
            _write(results, _DONE)
            _write(results, _failure(error))
            continue
        # "Done" first: the parent sends the next task while this one pickles its result
        # (2 ms for a part of 5,000 messages), and it is there once the result is written.
        _write(results, _DONE)
        try:
            reply = pickle.dumps((True, result), _PROTOCOL)
        except Exception as error:
            reply = _failure(error)
        _write(results, reply)


_DONE = b""  # the message a worker sends as soon as its task is done, before its result


# Each message is its length, then its pickle: read to its last byte and no further, so
# that nothing of the next one waits in a buffer that ``select`` does not see.
_LENGTH = 8


def _write(fd: int, data: bytes) -> None:
    view = memoryview(len(data).to_bytes(_LENGTH, "little") + data)
    while view:
        view = view[os.write(fd, view) :]


def _read(fd: int) -> bytes | None:
    """The next message, or None at the end of the pipe."""
    head = _read_exactly(fd, _LENGTH)
    return None if head is None else _read_exactly(fd, int.from_bytes(head, "little"))


def _read_exactly(fd: int, size: int) -> bytes | None:
    pieces = []
    while size:
        piece = os.read(fd, min(size, 1 << 20))
        if not piece:
            return None
        pieces.append(piece)
        size -= len(piece)
    return b"".join(pieces)


def _failure(error: Exception) -> bytes:
    """The exception as the parent will raise it: itself if it survives pickling."""
    try:
        data = pickle.dumps((False, error), _PROTOCOL)
        pickle.loads(data)  # an exception whose arguments do not rebuild it fails here
    except Exception:
        data = pickle.dumps((False, RuntimeError(f"{type(error).__name__}: {error}")), _PROTOCOL)
    return data


class _Ahead(Generic[Task]):
    """The tasks, the next ``depth`` taken before a worker asks for them."""

    def __init__(self, tasks: Iterable[Task], depth: int) -> None:
        self._tasks = iter(tasks)
        self._depth = depth
        self._next: deque[Task] = deque()  # taken at the first ``give``: once forked

    def give(self, worker: _Worker) -> bool:
        """Send the worker the next task; False when none is left."""
        if not self._next:  # all taken ahead are given: one more, if any
            self._next += islice(self._tasks, 1)
        if not self._next:
            return False
        try:
            _write(worker.tasks, pickle.dumps(self._next.popleft(), _PROTOCOL))
        except BrokenPipeError:  # the worker is gone
            raise WorkerDied(_ended(worker)) from None
        worker.given += 1
        return True

    def refill(self) -> None:
        """Take tasks until ``depth`` are ready (while the workers work)."""
        if len(self._next) < self._depth:
            self._next += islice(self._tasks, self._depth - len(self._next))


def _receive(worker: _Worker) -> Any:
    """The worker's result; its exception raised here."""
    data = _read(worker.results)
    if data is None:  # the pipe ended: the worker is gone
        raise WorkerDied(_ended(worker))
    worker.given -= 1
    ok, value = pickle.loads(data)
    if not ok:
        raise value
    return value


def _ended(worker: _Worker) -> str:
    """How the worker ended, in words (it is reaped)."""
    _, status = os.waitpid(worker.pid, 0)
    worker.pid = 0
    code = os.waitstatus_to_exitcode(status)
    if code >= 0:
        how = f"status {code}"
    else:
        try:
            how = f"signal {signal.Signals(-code).name}"
        except ValueError:
            how = f"signal {-code}"
    memory = " (the system may have run out of memory)" if code == -signal.SIGKILL else ""
    return f"a worker process was ended by {how}{memory}: the run did not finish"


def _stop(pool: list[_Worker], kill: bool) -> None:
    """End the workers: at the end of their tasks (their pipes close), or at once."""
    for worker in pool:
        if kill and worker.pid:
            try:
                os.kill(worker.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.close(worker.tasks)  # a worker waiting for a task reads the end, and exits
    for worker in pool:
        os.close(worker.results)
        if worker.pid:
            try:
                os.waitpid(worker.pid, 0)
            except ChildProcessError:
                pass
            worker.pid = 0
