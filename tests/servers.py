"""Start real SPARQL servers for tests: an Oxigraph server and a Virtuoso, on free ports in temp folders.

Missing software skips the tests that need it, with the reason, except when the CI variable is set:
then it fails, so CI cannot pass by skipping.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest


def missing(what: str) -> None:
    """Skip (or, under CI, fail) because a server cannot be started."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI is set, so this is a failure, not a skip)")
    pytest.skip(what)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} not ready after {seconds} s: {log.read_text(errors='replace')[-2000:]}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class Server:
    process: subprocess.Popen
    query: str
    update: str | None = None
    graph_store: str | None = None
    base: str = ""


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def start_oxigraph(folder: Path, *, union: bool) -> Server:
    binary = oxigraph_binary()
    if not binary:
        missing("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    log = folder / "oxigraph.log"
    cmd = [binary, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(cmd + (["--union-default-graph"] if union else []),
                               stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/query?query=ASK%7B%7D", process, log)
    return Server(process, f"{base}/query", f"{base}/update", f"{base}/store", base)


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = {http}
ServerRoot = {vsp}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def start_virtuoso(folder: Path) -> Server:
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if not binary or not isql:
        missing("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)")
    sql, http = free_port(), free_port()
    vsp = "/var/lib/virtuoso-opensource-7/vsp"
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=folder, sql=sql, http=http,
                                                             vsp=vsp if Path(vsp).is_dir() else folder))
    log = folder / "stdout.log"
    process = subprocess.Popen([binary, "+configfile", str(folder / "virtuoso.ini"), "+foreground"],
                               cwd=folder, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http}"
    try:
        wait_for(f"{base}/sparql?query=ASK%7B%7D", process, log, seconds=120)
        # The anonymous /sparql user may run updates (for the SPARQL Update path).
        subprocess.run([isql, str(sql), "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                       check=True, capture_output=True, timeout=60)
    except BaseException:
        stop(process)
        raise
    return Server(process, f"{base}/sparql", f"{base}/sparql", f"{base}/sparql-graph-crud-auth", base)


class RecordingSink:
    """A local HTTP server standing for the outside world: it records every request it receives and
    answers each with one SPARQL JSON solution, so a test can show a request left the server under test
    (an allow-listed SERVICE) or never did (a refused SERVICE, LOAD or remote context)."""

    ANSWER = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"urn:remote:answer"}}]}}'

    def __init__(self) -> None:
        import http.server
        import threading
        sink = self
        self.hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                sink.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(RecordingSink.ANSWER)))
                self.end_headers()
                self.wfile.write(RecordingSink.ANSWER)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
