"""Parse pages in worker processes, one page at a time each, under a time budget.

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
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from pipelines.extract import extract_guarded
from pipelines.model import Article, RawPage, Reject
from pipelines.settings import DEFAULT_PARSE_TIMEOUT

_REPLY_SLACK = 2.0  # the worker's own alarm fires this long after the supervisor's deadline
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
            page = conn.recv()
        except (EOFError, OSError):
            return
        if page is None:
            return
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
    index: int | None = None  # the page it is parsing, by position in the batch
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
        while queue or any(w.index is not None for w in self._workers):
            for slot, w in enumerate(self._workers):
                if w.index is None and queue:
                    self._send(slot, queue.pop(), pages)
            busy = [w for w in self._workers if w.index is not None]
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy], timeout)
            for slot, w in enumerate(self._workers):
                if w.index is None:
                    continue
                if w.conn in ready:
                    result, dead = self._receive(w)
                elif time.monotonic() >= w.deadline:
                    result, dead = self._timeout(), True
                else:
                    continue
                results[w.index] = result
                w.index = None
                if dead:
                    self._replace(slot)
        return [r if r is not None else Reject("parse_error", "no outcome") for r in results]

    def _send(self, slot: int, index: int, pages: Sequence[RawPage]) -> None:
        for _ in range(3):
            w = self._workers[slot]
            try:
                w.conn.send(pages[index])
            except (BrokenPipeError, OSError):  # the idle worker died: start another
                self._replace(slot)
                continue
            w.index, w.deadline = index, time.monotonic() + self.timeout
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
