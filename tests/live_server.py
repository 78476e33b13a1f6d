"""A real safetycase-kg server in a subprocess (``python server.py --config FILE``) on a free port.

Tests talk to it over HTTP with real clients, so everything between the socket and the store is
exercised: waitress, the app, the forked query workers, the store on disk.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from safetycase_kg.web.access import hash_token

SERVER_PY = Path(__file__).resolve().parent.parent / "server.py"
REVIEWER_TOKEN = "reviewer-token-3c9d"
WRITER_TOKEN = "writer-token-81fe"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> set[int]:
    """A process's child processes, from /proc (every thread's list: any thread may fork)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found |= {int(p) for p in (task / "children").read_text().split()}
        except FileNotFoundError:
            continue
    return found


class LiveServer:
    """Start the server with a fresh store (the examples load on first run) and the given settings."""

    def __init__(self, folder: Path, argv: tuple[str, ...] = (), **settings) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / "server.log"
        config = folder / "server.toml"
        lines = [f'port = {self.port}', f'store = "{folder / "store"}"']
        for key, value in settings.items():
            lines.append(f"{key} = {json.dumps(value)}")
        lines += ["[tokens]", f'reviewer = ["{hash_token(REVIEWER_TOKEN)}"]', f'writer = ["{hash_token(WRITER_TOKEN)}"]']
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen([sys.executable, str(SERVER_PY), *argv, "--config", str(config)],
                                        stdout=self._log, stderr=subprocess.STDOUT, cwd=folder)
        self._wait_until_up()

    @property
    def pid(self) -> int:
        return self.process.pid

    def _wait_until_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the server exited:\n" + self.log_path.read_text())
            try:
                urllib.request.urlopen(self.url + "/queries", timeout=2).read()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the server did not come up:\n" + self.log_path.read_text())

    def children(self) -> set[int]:
        """The server's child processes (its query workers), from /proc."""
        return children(self.pid)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


class Reply:
    """A response: status, headers and body, also for 4xx/5xx."""

    def __init__(self, status: int, headers, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


def http(method: str, url: str, *, data: bytes | None = None, headers: dict | None = None,
         token: str | None = None, timeout: float = 60) -> Reply:
    """One HTTP request with the standard library; errors are returned, not raised."""
    headers = dict(headers or {})
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        # our own opener: SPARQLWrapper installs a global one (with digest auth) that other tests may have left
        with urllib.request.build_opener().open(request, timeout=timeout) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as err:
        return Reply(err.code, err.headers, err.read())
