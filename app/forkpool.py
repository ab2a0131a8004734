"""Run tasks in worker processes forked from this one, each result as soon as it is done.

A worker is a fork: it has all of the parent's state, so nothing but the task travels,
through a pipe, one task at a time; the parent hands the next task to whichever worker
answers first. A worker that dies (killed for lack of memory, most likely) closes its
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
from typing import Any, BinaryIO, Generic, TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")

_PROTOCOL = pickle.HIGHEST_PROTOCOL


class WorkerDied(Exception):
    """A worker process ended before it returned its task's result."""


def available() -> bool:
    """Whether this system can fork workers."""
    return sys.platform != "win32" and hasattr(os, "fork")


class _Worker:
    __slots__ = ("pid", "tasks", "results")

    def __init__(self, pid: int, tasks: BinaryIO, results: BinaryIO) -> None:
        self.pid = pid  # 0 once reaped
        self.tasks = tasks
        self.results = results


def forked(func: Callable[[Task], Result], tasks: Iterable[Task], workers: int) -> Iterator[Result]:
    """``func(task)`` for each task, computed by ``workers`` forks, in the order they finish.

    The tasks are taken from ``tasks`` ahead of the workers, one per worker: the next
    ones are ready while they work, not made when one of them waits for it. An
    exception that ``func`` raises in a worker is raised here; a worker that dies raises
    ``WorkerDied``. Ending the iteration early stops the workers.
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
        busy = sum(waiting.give(worker) for worker in pool)
        while busy:
            done: list[Result] = []
            for key, _ in selector.select():
                worker = key.data
                done.append(_receive(worker))
                busy -= 1
                busy += waiting.give(worker)  # its next task before this result is used
            yield from done
        finished = True
    finally:
        selector.close()
        _stop(pool, kill=not finished)


def _fork(func: Callable[[Task], Result], pool: list[_Worker]) -> _Worker:
    task_read, task_write = os.pipe()
    result_read, result_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: it never returns into the caller's code
        status = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            os.close(task_write)
            os.close(result_read)
            for other in pool:  # the other workers' pipes end with the parent's ends only
                os.close(other.tasks.fileno())
                os.close(other.results.fileno())
            _serve(func, task_read, result_write)
            status = 0
        finally:
            os._exit(status)
    os.close(task_read)
    os.close(result_write)
    return _Worker(pid, open(task_write, "wb"), open(result_read, "rb"))


def _serve(func: Callable[[Task], Result], task_fd: int, result_fd: int) -> None:
    """A worker's loop: a task in, its result or exception out, until the parent is done."""
    with open(task_fd, "rb") as tasks, open(result_fd, "wb") as results:
        while True:
            try:
                task = pickle.load(tasks)
            except EOFError:
                return  # the parent closed the pipe: no more work
            try:
                data = pickle.dumps((True, func(task)), _PROTOCOL)
            except Exception as error:
                data = _failure(error)
            results.write(data)
            results.flush()


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
        self._next = deque(islice(self._tasks, depth))

    def give(self, worker: _Worker) -> bool:
        """Send the worker the next task, then take one more; False when none is left."""
        if not self._next:
            return False
        try:
            pickle.dump(self._next.popleft(), worker.tasks, _PROTOCOL)
            worker.tasks.flush()
        except BrokenPipeError:  # the worker is gone
            raise WorkerDied(_ended(worker)) from None
        self._next += islice(self._tasks, 1)  # while the workers work
        return True


def _receive(worker: _Worker) -> Any:
    """The worker's result; its exception raised here."""
    try:
        ok, value = pickle.load(worker.results)
    except (EOFError, pickle.UnpicklingError):  # the pipe ended: the worker is gone
        raise WorkerDied(_ended(worker)) from None
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
        try:
            worker.tasks.close()
        except OSError:
            pass
    for worker in pool:
        worker.results.close()
        if worker.pid:
            try:
                os.waitpid(worker.pid, 0)
            except ChildProcessError:
                pass
            worker.pid = 0
