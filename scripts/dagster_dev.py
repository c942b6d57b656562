"""`make dev`: `dagster dev` on HOST:PORT, and nothing left behind when its webserver dies.

    python scripts/dagster_dev.py --host 127.0.0.1 --port 3000 -m pipelines.definitions
    python scripts/dagster_dev.py --check-only --port 3000   # exit 1 with one line if busy

`dagster dev` starts a webserver and a daemon. When the webserver cannot listen (its port is
taken) it prints `[Errno 98] ... address already in use` and hangs instead of exiting, so
`dagster dev` never notices and its daemon goes on running the schedule and the sensors,
launching runs behind a UI nobody can open. So this wrapper:

- says in one line that the port is busy and exits 1 before starting anything;
- starts `dagster dev` in its own process group (its processes ignore a terminal's Ctrl-C
  otherwise, and outlive their parent) and passes its output through;
- stops the whole group (webserver, daemon, code servers, runs) and exits 1 when the
  webserver reports it cannot listen, stops answering, or `dagster dev` exits by itself;
- stops the whole group and exits 0 on Ctrl-C, SIGTERM or SIGHUP.

Standard library only: `make dev` runs the port check with the bare PYTHON before set-up.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from types import FrameType
from typing import IO

# What uvicorn prints when the webserver cannot listen; it then hangs rather than exit.
BIND_FAILED = b"error while attempting to bind on address"
STARTUP_TIMEOUT_S = (
    300.0  # the webserver answers in ~6 s on an idle machine, far slower on a busy one
)
UNANSWERED_LIMIT_S = 60.0  # once up, this long without an answer counts as dead
PROBE_EVERY_S = 5.0
STOP_GRACE_S = 20.0  # dagster dev's own shutdown (it tells the webserver and daemon to stop)


def say(message: str) -> None:
    print(f"make dev: {message}", file=sys.stderr, flush=True)


def bind_error(host: str, port: int) -> str | None:
    """Why (host, port) cannot be listened on, or None when it can (as uvicorn binds it)."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return f"unknown host {host!r} ({exc.strerror})"
    for family, kind, proto, _, address in addresses:
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(address)
            except OSError as exc:
                return (exc.strerror or str(exc)).lower()
    return None


def next_free_port(host: str, port: int) -> int | None:
    return next(
        (p for p in range(port + 1, min(port + 50, 65536)) if not bind_error(host, p)), None
    )


def check_port(host: str, port: int) -> bool:
    """True when free; otherwise says why in one line."""
    error = bind_error(host, port)
    if error is None:
        return True
    hint = ""
    if error.endswith("address already in use"):
        free = next_free_port(host, port)
        error = "in use by another program"
        hint = f"; pick another port, e.g. make dev PORT={free}" if free else ""
    say(f"cannot serve on {host}:{port}: {error}{hint}")
    return False


def probe_url(host: str, port: int) -> str:
    """The webserver's info page, reached on loopback when it listens on every address."""
    probe_host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    if ":" in probe_host:
        probe_host = f"[{probe_host}]"
    return f"http://{probe_host}:{port}/server_info"


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=PROBE_EVERY_S) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def die_with_parent() -> None:
    """In the child: SIGTERM when this wrapper dies, however it dies (Linux)."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def pass_through(stream: IO[bytes], bind_failed: threading.Event) -> None:
    out = sys.stdout.buffer
    for line in iter(stream.readline, b""):
        out.write(line)
        out.flush()
        if BIND_FAILED in line:
            bind_failed.set()


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_group(proc: subprocess.Popen[bytes]) -> None:
    """dagster dev's own shutdown first, then SIGTERM and SIGKILL to whatever of the group is left."""
    pgid = proc.pid  # start_new_session: the child leads its own group
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(STOP_GRACE_S)
    for sig, wait_s in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        if not group_alive(pgid):
            break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, sig)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline and group_alive(pgid):
            proc.poll()  # reaps the leader, else its zombie keeps the group "alive"
            time.sleep(0.2)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5)


def watch(
    proc: subprocess.Popen[bytes],
    url: str,
    bind_failed: threading.Event,
    stop_requested: threading.Event,
) -> str | None:
    """Block until dagster dev must stop: why it must (a failure), or None when asked to stop."""
    started = time.monotonic()
    last_answer: float | None = None
    next_probe = started
    while True:
        if stop_requested.wait(0.5):
            return None
        if bind_failed.is_set():
            return (
                f"the webserver could not listen on {url.split('/')[2]} (in use by another program)"
            )
        code = proc.poll()
        if code is not None:
            return f"dagster dev exited by itself (code {code}; its log above says why)"
        now = time.monotonic()
        if now < next_probe:
            continue
        next_probe = now + PROBE_EVERY_S
        if answers(url):
            if last_answer is None:
                say(f"the UI answers on {url.removesuffix('/server_info')}")
            last_answer = time.monotonic()
        elif last_answer is None and now - started > STARTUP_TIMEOUT_S:
            return f"the webserver did not answer within {STARTUP_TIMEOUT_S:.0f} s"
        elif last_answer is not None and now - last_answer > UNANSWERED_LIMIT_S:
            return f"the webserver has not answered for {UNANSWERED_LIMIT_S:.0f} s"


def run(host: str, port: int, dagster_args: list[str]) -> int:
    if not check_port(host, port):
        return 1
    stop_requested = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop_requested.set()

    # Set before the child starts: it gets the default actions back at exec, not SIG_IGN.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    command = [sys.executable, "-m", "dagster", "dev", "-h", host, "-p", str(port), *dagster_args]
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
        preexec_fn=die_with_parent,
    )
    assert proc.stdout is not None
    bind_failed = threading.Event()
    reader = threading.Thread(target=pass_through, args=(proc.stdout, bind_failed), daemon=True)
    reader.start()
    say(f"starting dagster dev on http://{host}:{port} (process group {proc.pid})")
    failure = watch(proc, probe_url(host, port), bind_failed, stop_requested)
    say(f"{failure}: stopping dagster dev and its daemon" if failure else "stopping dagster dev")
    stop_group(proc)
    reader.join(timeout=5)
    say("stopped")
    return 1 if failure else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="3000")
    parser.add_argument(
        "--check-only", action="store_true", help="only check that the port is free"
    )
    args, dagster_args = parser.parse_known_args(argv)
    try:
        port = int(args.port)
        if not 0 < port < 65536:
            raise ValueError
    except ValueError:
        say(f"PORT must be a number from 1 to 65535, not {args.port!r}")
        return 1
    if args.check_only:
        return 0 if check_port(args.host, port) else 1
    return run(args.host, port, dagster_args)


if __name__ == "__main__":
    sys.exit(main())
