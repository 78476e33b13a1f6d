"""Soak: N clients for T seconds against our server and against Oxigraph's own server, same data, same queries.

Each client is a separate process (so the clients' own Python does not limit the servers) with a
keep-alive connection, sending the named-query mix (every named query without a required
parameter, bound to its defaults) and, with ``--write-ratio``, a share of writes (a one-triple
SPARQL update into the client's own graph). Both servers get the same query texts, with the
project's prefixes declared in front. Printed per server: requests, throughput, latency p50 / p95 /
p99, errors by status, and the peak memory of the server's processes (proportional set size, so pages
a forked worker shares with the server are counted once); then our throughput as a ratio of Oxigraph's.

Our server is started as people start it (``python server.py --config ...``) on a store holding
the example corpus, or a synthetic corpus of ``--cases`` cases; Oxigraph's server (``oxigraph serve``
from the ``oxigraph`` package, with ``--union-default-graph`` as our endpoint sees the union) is
loaded with the same quads. Anonymous requests read our public view; ``--tier reviewer`` sends a
reviewer token so both servers read the full data.

    python bench/bench_soak.py --clients 8 --seconds 20 [--cases 300] [--write-ratio 0.05]
    python bench/bench_soak.py --store bench/out/store-10000   # a store bench_scale.py loaded (copied first)
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from safetycase_kg.core.namespaces import EXAMPLES_DIR, PREFIXES  # noqa: E402
from safetycase_kg.core.sparql import load_library  # noqa: E402
from safetycase_kg.core.store import Store  # noqa: E402
from safetycase_kg.ingest.load import load  # noqa: E402
from safetycase_kg.web.access import hash_token  # noqa: E402

READER, WRITER = "bench-reviewer-token", "bench-writer-token"


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def wait_warm(url: str, process: subprocess.Popen, seconds: float = 3600) -> dict:
    """Wait until the server's warm-up (``web/warmup.py``) has judged every case, reading ``/healthz`` as a
    process manager would meanwhile: the seconds it took, how long each health check took, and the memory
    of the server's processes (PSS) at their peak and once warm. A health check that waits for minutes is
    a server a process manager restarts."""
    started, checks, peak = time.monotonic(), [], tree_pss(process.pid)
    while time.monotonic() - started < seconds:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        asked = time.perf_counter()
        with urllib.request.urlopen(url, timeout=600) as response:
            state = json.loads(response.read()).get("warm", {"state": "ready"})["state"]
        checks.append(time.perf_counter() - asked)
        peak = max(peak, tree_pss(process.pid))
        if state == "ready":
            return {"seconds": time.monotonic() - started, "checks": sorted(checks), "peak": peak,
                    "warm": tree_pss(process.pid)}
        time.sleep(1)
    raise SystemExit(f"the warm-up did not finish in {seconds:g} s")


def mix() -> list[str]:
    """The named-query mix, each text with the project's prefixes declared (Oxigraph's server knows none)."""
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    return [prologue + q.bind({}) for q in load_library().values() if not any(p.required for p in q.parameters)]


def client(args: tuple) -> list[tuple[float, int, str]]:
    """One client process: keep-alive requests until the deadline; (latency ms, status, kind) per request."""
    host, port, query_path, update_path, queries, deadline, write_ratio, index, token, auth_writes = args
    connection = http.client.HTTPConnection(host, port, timeout=120)
    out, n = [], 0
    headers = {"Accept": "application/sparql-results+json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    while time.time() < deadline:
        n += 1
        write = write_ratio and (n * write_ratio) % 1 < write_ratio
        if write:
            body = (f"INSERT DATA {{ GRAPH <urn:soak:client/{index}> {{ <urn:soak:{index}:{n}> "
                    f"<http://www.w3.org/2000/01/rdf-schema#label> \"{n}\" }} }}")
            req_headers = {"Content-Type": "application/sparql-update"}
            if auth_writes:
                req_headers["Authorization"] = f"Bearer {WRITER}"
            path, kind = update_path, "write"
        else:
            body = queries[(index + n) % len(queries)]
            req_headers = {**headers, "Content-Type": "application/sparql-query"}
            path, kind = query_path, "read"
        started = time.perf_counter()
        try:
            connection.request("POST", path, body=body.encode("utf-8"), headers=req_headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=120)
        out.append(((time.perf_counter() - started) * 1000, status, kind))
    return out


def tree_pss(pid: int) -> int:
    """Proportional set size of a process and its descendants, in bytes (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


class MemoryPeak(threading.Thread):
    """Samples a server's memory every half second while it is soaked."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, tree_pss(pid), threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            self.peak = max(self.peak, tree_pss(self.pid))


def soak(label: str, port: int, query_path: str, update_path: str, queries: list[str], args, token: str | None,
         auth_writes: bool, pid: int) -> dict:
    deadline = time.time() + args.seconds
    jobs = [("127.0.0.1", port, query_path, update_path, queries, deadline, args.write_ratio, i, token, auth_writes)
            for i in range(args.clients)]
    memory = MemoryPeak(pid)
    memory.start()
    with multiprocessing.get_context("spawn").Pool(args.clients) as pool:
        results = [r for chunk in pool.map(client, jobs) for r in chunk]
    memory.done.set()
    memory.join()
    latencies = sorted(r[0] for r in results if 200 <= r[1] < 300)
    errors: dict[str, int] = {}
    for _, status, kind in results:
        if not 200 <= status < 300:
            errors[f"{kind} {status}"] = errors.get(f"{kind} {status}", 0) + 1

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("nan")
    summary = {"server": label, "requests": len(results), "writes": sum(1 for r in results if r[2] == "write"),
               "throughput": len(results) / args.seconds, "p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99),
               "errors": errors, "peak_memory_mib": memory.peak / 2**20}
    print(f"{label:22} {summary['requests']:7d} req ({summary['writes']} writes)  {summary['throughput']:8.1f} req/s  "
          f"p50 {summary['p50']:7.1f} ms  p95 {summary['p95']:7.1f} ms  p99 {summary['p99']:7.1f} ms  "
          f"peak memory {summary['peak_memory_mib']:.0f} MiB  errors {sum(errors.values())} {errors or ''}", flush=True)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--cases", type=int, default=0, help="synthetic cases (default: the example corpus)")
    parser.add_argument("--store", type=Path, help="a loaded store to soak (copied; e.g. one bench_scale.py loaded)")
    parser.add_argument("--write-ratio", type=float, default=0.0, help="share of requests that are writes")
    parser.add_argument("--tier", choices=["public", "reviewer"], default="public")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a server setting (TOML value), e.g. --set in_memory_max_quads=10000000")
    parser.add_argument("--cold", action="store_true",
                        help="soak from the moment the port opens, while the server's warm-up still runs")
    parser.add_argument("--oxigraph", default=shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = EXAMPLES_DIR
        if args.store:
            shutil.copytree(args.store, folder / "store")
        elif args.cases:
            from synth import generate_corpus
            corpus = folder / "corpus"
            generate_corpus(corpus, args.cases, seed=7)
        store = Store(folder / "store")
        if not args.store:
            load(store, [corpus])
        quads = folder / "all.nq"
        quads.write_bytes(store.dump())
        triples = len(store)
        store.close()
        del store
        queries = mix()
        print(f"{triples} quads, {len(queries)} named queries in the mix, {args.clients} clients, {args.seconds:g} s, "
              f"write ratio {args.write_ratio:g}, tier {args.tier}", flush=True)

        port = free_port()
        (folder / "server.toml").write_text("\n".join([
            f"port = {port}", f'store = "{folder / "store"}"', 'log_format = "off"', "load_examples = false",
            *(setting.replace("=", " = ", 1) for setting in args.set),
            "[tokens]", f'reviewer = ["{hash_token(READER)}"]', f'writer = ["{hash_token(WRITER)}"]']) + "\n")
        ours = subprocess.Popen([sys.executable, str(ROOT / "server.py"), "--config", str(folder / "server.toml")],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder)
        try:
            wait_for(f"http://127.0.0.1:{port}/healthz", ours)
            if not args.cold:  # soak a server as it runs once started: warm (``--cold`` soaks during the warm-up)
                w = wait_warm(f"http://127.0.0.1:{port}/healthz", ours)
                checks = w["checks"]
                print(f"warm-up done {w['seconds']:.1f} s after the port opened; /healthz meanwhile: median "
                      f"{checks[len(checks) // 2] * 1000:.0f} ms, slowest {checks[-1] * 1000:.0f} ms ({len(checks)} checks); "
                      f"server memory (PSS) peak {w['peak'] / 2**20:.0f} MiB, once warm {w['warm'] / 2**20:.0f} MiB", flush=True)
            token = READER if args.tier == "reviewer" else None
            mine = soak("safetycase-kg server", port, "/sparql", "/sparql", queries, args, token, True, ours.pid)
        finally:
            ours.terminate()
            ours.wait(30)

        ox_port = free_port()
        subprocess.run([args.oxigraph, "load", "--location", str(folder / "ox"), "--file", str(quads)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        theirs = subprocess.Popen([args.oxigraph, "serve", "--location", str(folder / "ox"), "--bind",
                                   f"127.0.0.1:{ox_port}", "--union-default-graph"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(f"http://127.0.0.1:{ox_port}/query?query=" + urllib.parse.quote("ASK {}"), theirs)
            baseline = soak("Oxigraph server", ox_port, "/query", "/update", queries, args, None, False, theirs.pid)
        finally:
            theirs.terminate()
            theirs.wait(30)
        ratio = mine["throughput"] / baseline["throughput"] if baseline["throughput"] else float("nan")
        print(f"throughput ratio (ours / Oxigraph server): {ratio:.2f}; "
              f"p95 ratio: {mine['p95'] / baseline['p95']:.2f}", flush=True)
        print(json.dumps({"ours": mine, "oxigraph": baseline, "ratio": ratio}))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
