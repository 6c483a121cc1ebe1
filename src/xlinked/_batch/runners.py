"""Where the families are computed: inline, in local processes, or on a Dask cluster.

Every runner takes :class:`~xlinked._batch.work.Task` s in order, in groups of
up to ``runner.chunk`` families (one task of the pool or cluster each), and
:func:`in_order` gives their outcomes back in the same order, keeping at most
``runner.window`` groups in flight: memory is bounded by the largest families in
flight, not by the number of families.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from ..errors import XlinkedError
from .work import Note, Outcome, Settings, Task, run_all, run_here, start_worker

__all__ = ["DaskRunner", "InlineRunner", "ProcessRunner", "Runner", "cores", "in_order"]


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Handle(Protocol):
    def result(self) -> list[Outcome]: ...


class Runner(Protocol):
    #: groups of families in flight at most
    window: int
    #: families per group (one task of the pool or the cluster)
    chunk: int

    def submit(self, tasks: list[Task]) -> Handle: ...

    def close(self, cancel: bool = False) -> None: ...


class _Ready:
    def __init__(self, outcomes: list[Outcome]) -> None:
        self.outcomes = outcomes

    def result(self) -> list[Outcome]:
        return self.outcomes


def in_order(runner: Runner, items: Iterable[Task | Outcome]) -> Iterator[Outcome]:
    """The outcome of each item, in the order of ``items``, as soon as it is known."""
    pending: deque[Handle] = deque()
    group: list[Task] = []
    for item in items:
        if isinstance(item, Task):
            group.append(item)
            if len(group) < runner.chunk:
                continue
            pending.append(runner.submit(group))
        else:
            if group:
                pending.append(runner.submit(group))
            pending.append(_Ready([item]))
        group = []
        while len(pending) >= runner.window or (pending and _done(pending[0])):
            yield from pending.popleft().result()
    if group:
        pending.append(runner.submit(group))
    while pending:
        yield from pending.popleft().result()


def _done(handle: Handle) -> bool:
    done = getattr(handle, "done", None)
    return done is None or bool(done())


class InlineRunner:
    """Everything in this process, one family after the other (``jobs=1``)."""

    window = 1
    chunk = 1

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def submit(self, tasks: list[Task]) -> Handle:
        return _Ready(run_all(tasks, self.settings))

    def close(self, cancel: bool = False) -> None:
        pass


_DIED = ("a worker process died while this family was being computed (killed, or out of "
         "memory; it may have been another family in flight): try it alone with xlinked risk")


def _failed(tasks: list[Task], message: str) -> list[Outcome]:
    return [Outcome(t.index, t.file, t.part.family, (), (Note("error", None, message),), True)
            for t in tasks]


class _Local:
    def __init__(self, runner: ProcessRunner, tasks: list[Task],
                 future: Future[list[Outcome]]) -> None:
        self.runner, self.tasks, self.future = runner, tasks, future

    def done(self) -> bool:
        return self.future.done()

    def result(self) -> list[Outcome]:
        try:
            return self.future.result()
        except BrokenProcessPool:
            self.runner.restart()
            return _failed(self.tasks, _DIED)


class ProcessRunner:
    """``jobs`` local worker processes (started from a fork server where there is one).

    The workers ignore Ctrl-C: on interruption the parent stops them itself.
    A worker that dies fails the families in flight, and a new pool goes on.
    """

    def __init__(self, settings: Settings, jobs: int) -> None:
        self.settings = settings
        self.jobs = jobs
        self.window = 4 * jobs
        self.chunk = 1  # a family is 10-100 ms of work, a task a fraction of a ms
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context(
            "forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            self.context.set_forkserver_preload(["xlinked._batch.work", "xlinked.draw.layout"])
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=self.context,
                                   initializer=start_worker, initargs=(self.settings,))

    def submit(self, tasks: list[Task]) -> Handle:
        try:
            future = self.pool.submit(run_here, tasks)
        except BrokenProcessPool:
            self.restart()
            future = self.pool.submit(run_here, tasks)
        return _Local(self, tasks, future)

    def restart(self) -> None:
        if not getattr(self.pool, "_broken", False):
            return
        self.close(cancel=True)
        self.pool = self._start()

    def close(self, cancel: bool = False) -> None:
        if not cancel:
            self.pool.shutdown(wait=True)
            return
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        manager = getattr(self.pool, "_executor_manager_thread", None)
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:  # running families are not waited for
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(5)
        if manager is not None:  # it sees the workers gone and ends; joined, it cannot
            manager.join(5)      # race the interpreter's exit (a traceback on 3.11)


class _Remote:
    def __init__(self, tasks: list[Task], future: Any) -> None:
        self.tasks, self.future = tasks, future

    def done(self) -> bool:
        return bool(self.future.done())

    def result(self) -> list[Outcome]:
        try:
            outcomes: list[Outcome] = self.future.result()
        except Exception as exc:  # the cluster lost it (KilledWorker, ...)
            return _failed(self.tasks, f"the Dask cluster could not compute this family "
                                       f"({type(exc).__name__}: {exc})")
        finally:
            self.future.release()
        return outcomes


class DaskRunner:
    """The families as tasks of a Dask distributed cluster.

    ``where`` is a scheduler address (``tcp://host:8786``), ``"local"`` for a
    ``LocalCluster`` of ``jobs`` single-threaded worker processes started here
    (and stopped at the end), or a ``distributed.Client`` to use as it is.
    """

    def __init__(self, settings: Settings, where: Any, jobs: int | None = None) -> None:
        try:
            import distributed as _distributed
        except ImportError:
            raise XlinkedError("running on Dask needs the dask extra: "
                               "pip install 'xlinked[dask]'") from None
        distributed: Any = _distributed
        self.cluster: Any = None
        self.own_client = not isinstance(where, distributed.Client)
        if not self.own_client:
            self.client = where
        elif where == "local":
            self.cluster = distributed.LocalCluster(
                n_workers=jobs or cores(), threads_per_worker=1, processes=True,
                dashboard_address=":0", silence_logs=logging.ERROR)  # any free port
            self.client = distributed.Client(self.cluster)
        else:
            try:
                self.client = distributed.Client(str(where))
            except (OSError, TimeoutError) as exc:
                raise XlinkedError(f"cannot reach the Dask scheduler at {where}: {exc}") from None
        self.settings = settings  # small: sent with each family
        try:
            self._check_workers()
        except BaseException:
            self.close()
            raise
        threads = sum(self.client.nthreads().values()) or 1
        # a Dask task costs the client and scheduler a few ms: 8 families each
        self.chunk = 8
        self.window = max(8, 4 * threads)

    def _check_workers(self) -> None:
        import xlinked

        def version() -> str:  # sent by value: runs even where xlinked is missing
            try:
                import xlinked as there
            except ImportError:
                return "missing"
            return str(there.__version__)

        versions = self.client.run(version)
        wrong = {w: v for w, v in versions.items() if v != xlinked.__version__}
        if wrong:
            worker, found = next(iter(wrong.items()))
            raise XlinkedError(
                f"Dask worker {worker} has xlinked {found}, this has {xlinked.__version__}: "
                "install the same xlinked on every worker")

    def submit(self, tasks: list[Task]) -> Handle:
        return _Remote(tasks, self.client.submit(run_all, tasks, self.settings, pure=False))

    def close(self, cancel: bool = False) -> None:
        if self.own_client:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
