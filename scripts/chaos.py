"""`make chaos`: randomized faults against real `newswh` and `dagster` processes; one table.

For a few minutes (--seconds), on a synthetic landing folder, each step injects faults of one
kind: SIGKILL at a random moment of a load or a reparse, two CLI writers at once, a
`dagster job execute` beside a `newswh load`, bad input files (a truncated gzip, a broken JSON
line, binary bytes, an empty page, a dangling link), and landing files rewritten or deleted
while a load reads them. After every step the published snapshot is checked: its ledger holds
(no page both loaded and rejected or twice) and it has no fewer articles, versions or
accounted raw pages than the last good one. At the end one clean load runs, and every failed
or killed writer must be a `failed` row in load_runs.

    .venv/bin/python scripts/chaos.py [--seconds 240] [--seed 1] [--pages 200]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import duckdb

from pipelines.defs.assets import latest_fetch_day
from pipelines.defs.resources import EVERY_DAY
from pipelines.synth import generate
from pipelines.warehouse import PublicationCounts, Warehouse

BIN = Path(sys.executable).parent
NEWSWH = str(BIN / "newswh")
DAGSTER = str(BIN / "dagster")
KINDS = ("kill_load", "kill_reparse", "cli_race", "dagster_race", "bad_files", "changed_mid_load")
WEIGHTS = (3, 3, 2, 1, 2, 2)  # a dagster run costs the most start-up time
REFUSED = "is being written by"


def snap(path: Path) -> PublicationCounts:
    with Warehouse(path).reader() as wh:
        return wh.publication_counts()


class Chaos:
    def __init__(self, root: Path, seed: int) -> None:
        self.rng = random.Random(seed)
        self.landing = root / "landing"
        self.warehouse = root / "wh" / "news.duckdb"
        self.env = {**os.environ, "NEWSWH_WORKERS": "1", "DAGSTER_DISABLE_TELEMETRY": "1"}
        self.env.pop("DAGSTER_HOME", None)
        self.env |= {"NEWSWH_SOURCE": str(self.landing), "NEWSWH_WAREHOUSE": str(self.warehouse)}
        self.next_page = 0
        self.faults: Counter[str] = Counter()
        self.steps: Counter[str] = Counter()
        self.killed: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.failed: Counter[str] = Counter()
        self.expected_rows = 0  # writers that failed or died holding the lock
        self.checks = self.ledger_breaks = self.losses = 0
        self.good: PublicationCounts | None = None

    # -- processes
    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            list(args), env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def load(self, *extra: str) -> subprocess.Popen[str]:
        return self.start(NEWSWH, "load", *extra)

    def reparse(self, *extra: str) -> subprocess.Popen[str]:
        return self.start(NEWSWH, "reparse", *extra)

    def finish(self, kind: str, proc: subprocess.Popen[str]) -> None:
        _, err = proc.communicate(timeout=600)
        if proc.returncode == 0:
            return
        if REFUSED in err:
            self.refused[kind] += 1
            return
        self.failed[kind] += 1
        self.expected_rows += 1

    def kill_at(self, kind: str, proc: subprocess.Popen[str], after: float) -> None:
        time.sleep(after)
        holder = self.holder()
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        self.faults[kind] += 1
        if proc.returncode == -signal.SIGKILL:
            self.killed[kind] += 1
            if holder == proc.pid:  # it died holding the lock: the next writer records it
                self.expected_rows += 1
        elif proc.returncode != 0:
            self.failed[kind] += 1
            self.expected_rows += 1

    def holder(self) -> int | None:
        lock = self.warehouse.with_name(self.warehouse.name + ".lock")
        try:
            return int(json.loads(lock.read_text() or "{}").get("pid", 0)) or None
        except (OSError, ValueError):
            return None

    # -- the landing folder
    def add_pages(self, n: int) -> None:
        generate(n, self.landing, seed=self.rng.randrange(1 << 30), start=self.next_page)
        self.next_page += n

    def landing_files(self) -> list[Path]:
        return sorted(p for p in self.landing.iterdir() if p.is_file() and not p.is_symlink())

    # -- the fault kinds
    def kill_load(self) -> None:
        self.add_pages(40)
        self.kill_at("kill_load", self.load(), self.rng.uniform(1.5, 9.0))

    def kill_reparse(self) -> None:
        self.kill_at("kill_reparse", self.reparse(), self.rng.uniform(1.5, 11.0))

    def cli_race(self) -> None:
        self.add_pages(10)
        procs = [self.load() if self.rng.random() < 0.5 else self.reparse() for _ in range(3)]
        self.faults["cli_race"] += len(procs) - 1
        for proc in procs:
            self.finish("cli_race", proc)

    def dagster_race(self) -> None:
        self.add_pages(10)
        cli = self.load("--wait", "300")
        # as the README tells an operator to script it: the day's partition, every pending page
        tags = {"dagster/partition": latest_fetch_day(), **EVERY_DAY}
        job = self.start(
            DAGSTER,
            "job",
            "execute",
            "-m",
            "pipelines.definitions",
            "-j",
            "nightly_load",
            "--tags",
            json.dumps(tags),
        )
        self.faults["dagster_race"] += 1
        self.finish("dagster_race", cli)
        self.finish("dagster_race", job)

    def bad_files(self) -> None:
        n = self.next_page
        self.next_page += 1
        bad = {
            f"bad_{n}.html.gz": gzip.compress(b"<html><body>" + b"x" * 5000)[:60],
            f"bad_{n}.jsonl": b'{"url": "https://example.org/a", "html": "<p>cut\n{not json}\n',
            f"bad_{n}.txt": os.urandom(3000),
            f"bad_{n}.htm": b"",
        }
        bad |= {  # and a few more of each, so a step injects a handful
            f"bad_{n}_{i}.{ext}": self.rng.randbytes(self.rng.randint(0, 4000))
            for i, ext in enumerate(("html", "txt", "jsonl", "warc", "html.gz", "warc.gz"))
        }
        for name, data in bad.items():
            (self.landing / name).write_bytes(data)
        (self.landing / f"bad_{n}_link.html").symlink_to(self.landing / f"missing_{n}.html")
        self.faults["bad_files"] += len(bad) + 1
        self.finish("bad_files", self.load("--wait", "300"))

    def changed_mid_load(self) -> None:
        self.add_pages(30)
        proc = self.load("--wait", "300")
        files = self.landing_files()
        for _ in range(self.rng.randint(8, 20)):
            time.sleep(self.rng.uniform(0.1, 0.8))
            victim = self.rng.choice(files)
            if not victim.exists():
                continue
            if self.rng.random() < 0.3:
                data = victim.read_bytes()
                victim.unlink()
                time.sleep(0.05)
                victim.write_bytes(data)  # back again: a new inode
            else:
                with victim.open("ab") as fh:
                    fh.write(b"\n")
            self.faults["changed_mid_load"] += 1
        self.finish("changed_mid_load", proc)

    # -- the checks
    def check(self) -> None:
        if not self.warehouse.exists():
            return
        now = snap(self.warehouse)
        self.checks += 1
        if now.in_both or now.repeated:
            self.ledger_breaks += 1
        if self.good is not None and not now.keeps(self.good):
            self.losses += 1
            print(f"  LOSS: {now} after {self.good}", file=sys.stderr)
        if not (now.in_both or now.repeated) and (self.good is None or now.keeps(self.good)):
            self.good = now

    def failed_rows(self) -> int:
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            row = con.execute("select count(*) from load_runs where status = 'failed'").fetchone()
        return int(row[0]) if row else 0

    def run(self, seconds: float, pages: int) -> None:
        self.add_pages(pages)
        self.finish("setup", self.load())
        self.check()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            kind = self.rng.choices(KINDS, WEIGHTS)[0]
            self.steps[kind] += 1
            getattr(self, kind)()
            self.check()
        self.finish("final", self.load("--wait", "300"))
        self.check()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=240)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newswh-chaos-") as tmp:
        chaos = Chaos(Path(tmp), args.seed)
        began = time.monotonic()
        chaos.run(args.seconds, args.pages)
        rows = chaos.failed_rows()
        final = snap(chaos.warehouse)
        pending = final.raw_pages - final.accounted
    print(f"chaos: seed {args.seed}, {time.monotonic() - began:.0f} s")
    print(
        f"{'fault kind':18} {'steps':>5} {'faults':>6} {'killed':>6} {'refused':>7} {'failed':>6}"
    )
    for kind in KINDS:
        print(
            f"{kind:18} {chaos.steps[kind]:5} {chaos.faults[kind]:6} {chaos.killed[kind]:6} "
            f"{chaos.refused[kind]:7} {chaos.failed[kind]:6}"
        )
    total = sum(chaos.faults.values())
    print(
        f"{'total':18} {sum(chaos.steps.values()):5} {total:6} {sum(chaos.killed.values()):6} "
        f"{sum(chaos.refused.values()):7} {sum(chaos.failed.values()):6}"
    )
    held = chaos.ledger_breaks == 0
    every = rows >= chaos.expected_rows
    print(
        f"ledger held after every step: {'yes' if held else 'NO'} ({chaos.checks} checks, "
        f"{chaos.ledger_breaks} broken); raw pages pending after the final load: {pending}"
    )
    print(
        f"no published loss: {'yes' if chaos.losses == 0 else 'NO'} ({chaos.losses} losses); "
        f"final snapshot {final.articles} articles, {final.versions} versions"
    )
    print(
        f"every failure a load_runs row: {'yes' if every else 'NO'} "
        f"({chaos.expected_rows} writers failed or died holding the lock, {rows} failed rows)"
    )
    sys.exit(0 if held and chaos.losses == 0 and every and pending == 0 else 1)


if __name__ == "__main__":
    main()
