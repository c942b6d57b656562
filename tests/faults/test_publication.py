"""A published snapshot never loses an article version or a raw page's accounting: reparses
killed with SIGKILL at random moments, then loads; reparses and loads started together."""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

from tests.faults.conftest import NEWSWH, load_runs, snapshot, start

KILLS = 5  # seeded: the same moments every run
RACES = 3


def test_reparse_killed_at_random_moments_then_a_load_never_publishes_less(
    landing: Path, warehouse: Path
) -> None:
    good = snapshot(warehouse)
    rng = random.Random(12)
    for _ in range(KILLS):
        reparse = start(NEWSWH, "reparse", "--warehouse", str(warehouse))
        time.sleep(rng.uniform(0.5, 9.0))
        reparse.send_signal(signal.SIGKILL)
        reparse.wait(timeout=30)
        assert snapshot(warehouse).keeps(good)  # whatever the kill left, readers lost nothing
        load = start(NEWSWH, "load", "--source", str(landing), "--warehouse", str(warehouse))
        out, err = load.communicate(timeout=300)
        assert load.returncode == 0, err
        now = snapshot(warehouse)
        assert now.keeps(good) and now.holds(), (now, good)
        if "FAILED" not in out:
            assert "nothing was published" not in out
        good = now
    statuses = [row[0] for row in load_runs(warehouse)]
    assert statuses.count("succeeded") >= KILLS + 1
    assert all(row[1] and row[3] and row[4] for row in load_runs(warehouse))  # mode, start, end


def test_reparse_and_load_started_together_serialize_and_lose_nothing(
    landing: Path, warehouse: Path
) -> None:
    good = snapshot(warehouse)
    for _ in range(RACES):
        reparse = start(NEWSWH, "reparse", "--wait", "120", "--warehouse", str(warehouse))
        load = start(
            NEWSWH, "load", "--wait", "120", "--source", str(landing), "--warehouse", str(warehouse)
        )
        for proc in (reparse, load):
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err
        now = snapshot(warehouse)
        assert now.keeps(good) and now.holds(), (now, good)
        good = now
    modes = [row[1] for row in load_runs(warehouse) if row[0] == "succeeded"]
    assert modes.count("reparse") == RACES
    assert modes.count("load") == RACES + 1
