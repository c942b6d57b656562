"""Parse pages in worker processes, each page under a time budget.

A page that raises becomes a `parse_error` reject; one that kills its worker (a crash in a
C extension, the memory killer) becomes a `parse_error` naming the exit; one that runs past
the budget has its worker killed and becomes a `parse_timeout`. The worker is replaced and
the other pages go on. Only the outcome travels back, never the page bytes.
"""

from __future__ import annotations

import math
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from pipelines.extract import extract_guarded
from pipelines.model import Article, RawPage, Reject
from pipelines.settings import DEFAULT_PARSE_TIMEOUT

_REPLY_SLACK = 2.0  # the worker's own alarm fires this long after the supervisor's deadline
# Pages sent to a worker at once: it answers each as it is done, and waits for the supervisor
# only once a batch (a page at a time cost a third of the throughput on a busy machine).
BATCH = 16
_CONTEXT = get_context("forkserver")
# Workers fork from a server that already imported the extractor: a replacement starts in ms.
_CONTEXT.set_forkserver_preload(["pipelines.steps.warm"])

Outcome = Article | Reject


def outcome(page: RawPage) -> Outcome:
    """One page -> its Article or Reject (an exception inside extraction is a parse_error)."""
    result = extract_guarded(page)
    if result.article is not None:
        return result.article
    assert result.reject is not None  # an Extraction holds one or the other
    return result.reject


def _serve(conn: Connection, alarm_seconds: int) -> None:
    """Worker loop: a page in, its outcome out, until the supervisor closes the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A hang in C code cannot be interrupted from Python; the default SIGALRM action ends
    # the process, so a worker whose supervisor was killed -9 does not parse forever.
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    while True:
        try:
            batch: list[RawPage] | None = conn.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        for page in batch:  # one answer per page, as it is done: the supervisor times each
            signal.alarm(alarm_seconds)
            result = outcome(page)
            signal.alarm(0)
            try:
                conn.send(result)
            except (BrokenPipeError, OSError):
                return


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    # Pages sent and not yet answered, by position in `map`'s list; the first is in progress
    # and must be answered by `deadline`.
    pending: list[int] = field(default_factory=list)
    deadline: float = 0.0


class IsolatedParser:
    """A pool of `workers` processes that parse pages under `timeout` seconds each."""

    def __init__(self, workers: int, timeout: float = DEFAULT_PARSE_TIMEOUT) -> None:
        self.timeout = timeout
        self._alarm = max(1, math.ceil(timeout + _REPLY_SLACK))
        self._workers = [self._start() for _ in range(max(1, workers))]
        self.replaced = 0

    def _start(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_serve, args=(child, self._alarm), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def map(self, pages: Sequence[RawPage]) -> list[Outcome]:
        """Outcomes in the order of `pages`."""
        results: list[Outcome | None] = [None] * len(pages)
        queue = list(range(len(pages) - 1, -1, -1))  # popped from the end: first page first
        while queue or any(w.pending for w in self._workers):
            for slot, w in enumerate(self._workers):
                if not w.pending and queue:
                    batch = [queue.pop() for _ in range(min(BATCH, len(queue)))]
                    self._send(slot, batch, pages)
            busy = [w for w in self._workers if w.pending]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy], timeout)
            for slot, w in enumerate(self._workers):
                if not w.pending:
                    continue
                if w.conn in ready:
                    result, dead = self._receive(w)
                elif time.monotonic() >= w.deadline:
                    result, dead = self._timeout(), True
                else:
                    continue
                results[w.pending.pop(0)] = result
                w.deadline = time.monotonic() + self.timeout  # the next page starts now
                if dead:  # the rest of its batch goes back to the front of the queue
                    queue.extend(reversed(w.pending))
                    w.pending = []
                    self._replace(slot)
        return [r if r is not None else Reject("parse_error", "no outcome") for r in results]

    def _send(self, slot: int, batch: list[int], pages: Sequence[RawPage]) -> None:
        for _ in range(3):
            w = self._workers[slot]
            try:
                w.conn.send([pages[i] for i in batch])
            except (BrokenPipeError, OSError):  # the idle worker died: start another
                self._replace(slot)
                continue
            w.pending, w.deadline = batch, time.monotonic() + self.timeout
            return
        raise RuntimeError("parser worker processes keep dying before they get a page")

    def _timeout(self) -> Reject:
        return Reject(
            "parse_timeout", f"parsing took longer than {self.timeout:g} s; the worker was stopped"
        )

    def _receive(self, w: _Worker) -> tuple[Outcome, bool]:
        """(the worker's answer, whether the worker is gone)."""
        try:
            result: Outcome = w.conn.recv()
            return result, False
        except (EOFError, OSError):
            w.process.join(timeout=5)
            code = w.process.exitcode
            if code == -signal.SIGALRM:
                return self._timeout(), True
            how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            return Reject("parse_error", f"the page crashed its parser process ({how})"), True

    def _replace(self, slot: int) -> None:
        old = self._workers[slot]
        old.process.kill()
        old.process.join(timeout=5)
        old.conn.close()
        self._workers[slot] = self._start()
        self.replaced += 1

    def close(self) -> None:
        """Stop every worker now (also on an interrupted load: nothing is left running)."""
        for w in self._workers:
            if w.process.is_alive():
                w.process.kill()
        for w in self._workers:
            w.process.join(timeout=5)
            w.conn.close()


def in_process(pages: Sequence[RawPage]) -> list[Outcome]:
    """The same outcomes without isolation (a budget of 0 turns the pool off)."""
    return [outcome(page) for page in pages]
