"""The parse workers: real processes, real pages. A page that runs past the budget or whose
worker dies is rejected alone; the pages around it get their outcomes, in order."""

from __future__ import annotations

import os
import signal
import threading
import time

from pipelines.model import Article, RawPage, Reject
from pipelines.steps.isolation import IsolatedParser
from tests.conftest import SEED_PAGE
from tests.faults import hostile


def _page(name: str, content: bytes) -> RawPage:
    return RawPage(name, f"{name}.html", None, content, "html", "html")


GOOD = RawPage("seed", SEED_PAGE.name, None, SEED_PAGE.read_bytes(), "text", "text")


def test_outcomes_come_back_in_order() -> None:
    parser = IsolatedParser(workers=2, timeout=30)
    try:
        pages = [GOOD, _page("deep", hostile.deep_divs(6000)), _page("json", hostile.deep_jsonld())]
        results = parser.map(pages * 3)
    finally:
        parser.close()
    kinds = [r.code if isinstance(r, Reject) else "article" for r in results]
    assert kinds == ["article", "too_deep", "parse_error"] * 3
    assert parser.replaced == 0


def test_a_page_past_the_budget_is_a_timeout_and_the_next_page_still_parses() -> None:
    parser = IsolatedParser(workers=1, timeout=1.0)
    started = time.monotonic()
    try:
        results = parser.map([_page("slow", hostile.slow_paragraphs()), GOOD])
    finally:
        parser.close()
    assert results[0] == Reject(
        "parse_timeout", "parsing took longer than 1 s; the worker was stopped"
    )
    assert isinstance(results[1], Article)
    assert parser.replaced == 1
    assert time.monotonic() - started < 30


def test_a_worker_that_dies_is_a_parse_error_and_is_replaced() -> None:
    parser = IsolatedParser(workers=1, timeout=120)
    pid = parser._workers[0].process.pid
    assert pid is not None
    # What the kernel's memory killer does to a parser that grew too large.
    killer = threading.Timer(2.0, os.kill, (pid, signal.SIGKILL))
    killer.start()
    try:
        results = parser.map([_page("slow", hostile.slow_paragraphs()), GOOD])
    finally:
        killer.cancel()
        parser.close()
    assert results[0] == Reject("parse_error", "the page crashed its parser process (signal 9)")
    assert isinstance(results[1], Article)
    assert parser.replaced == 1


def test_close_leaves_no_worker_behind() -> None:
    parser = IsolatedParser(workers=2, timeout=5)
    processes = [w.process for w in parser._workers]
    parser.close()
    assert [p.is_alive() for p in processes] == [False, False]
