"""Progress of the long steps: to the run's log, which the UI shows, and (parsing) to the
`newswh.progress` logger, which `newswh load` prints on stderr (on a terminal, or with
--progress). At most one line per `every` seconds, and always the last one."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

PROGRESS = logging.getLogger("newswh.progress")


class Progress:
    def __init__(
        self,
        log: Callable[[str], None],
        what: str,
        every: float = 10.0,
        unit: str = "pages",
        clock: Callable[[], float] = time.monotonic,
        *,
        terminal: bool = True,
    ) -> None:
        self._log, self._what, self._every, self._clock = log, what, every, clock
        self._unit, self._terminal = unit, terminal
        self._start = self._last = clock()

    def __call__(self, done: int, total: int) -> None:
        now = self._clock()
        if done < total and now - self._last < self._every:
            return
        self._last = now
        rate = done / (now - self._start) if now > self._start else 0.0
        share = f" ({done / total:.0%})" if total else ""
        u = self._unit
        message = f"{self._what}: {done:,} of {total:,} {u}{share}, {rate:,.0f} {u}/s"
        self._log(message)
        if self._terminal:
            PROGRESS.info(message)
