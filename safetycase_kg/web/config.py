"""Server configuration: defaults, then a TOML file, then SAFETYCASE_KG_* environment variables, then flags.

One dataclass holds every setting, so the command line, ``server.py``, the app and the tests agree on
names and defaults. Tokens are never configured in clear: the file and the environment hold their
SHA-256 hashes (``safetycase-kg token-hash`` prints one), so a leaked config file grants nothing.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

from ..core.errors import SafetyCaseKGError
from ..core.mirror import DEFAULT_MAX_QUADS
from ..core.tiers import REVIEWER
from .access import WRITER

ENV_PREFIX = "SAFETYCASE_KG_"
CONFIG_ENV = ENV_PREFIX + "CONFIG"
TIERS_WITH_TOKENS = (REVIEWER, WRITER)
LOG_FORMATS = ("json", "text", "off")


def default_query_workers() -> int:
    """One query worker per core this process may run on, and at least two. Oxigraph evaluates a query on
    one core, so workers beyond the cores share them and add only their intermediate results to memory
    (8 clients at 1,000 cases on 2 cores: 23.8 req/s, p95 619 ms, 1.09 GiB peak with 2 workers; 21.4 req/s,
    p95 840 ms, 1.50 GiB with 4). The second keeps one long query from holding up every other."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(2, cores)


class ConfigError(SafetyCaseKGError):
    """The configuration is invalid; the message names the key and the source."""

    http_status = 500


@dataclass(frozen=True)
class ServerConfig:
    """Every server setting. The docstring of each field is repeated in ``serve --help``."""

    host: str = "127.0.0.1"
    port: int = 8080
    store: str = ".safetycase-kg/store"
    tokens: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # tier -> "sha256:<hex>" hashes
    query_timeout: float = 30.0  # seconds; the query's worker process is killed after this
    max_rows: int = 10_000  # result rows (or triples) per response; more are cut off and flagged
    max_request_bytes: int = 4 * 1024 * 1024  # larger request bodies get 413
    service_allowlist: tuple[str, ...] = ()  # SERVICE / LOAD targets allowed; empty = none
    log_format: str = "json"  # access log on stderr: json (one object per line), text or off
    load_examples: bool = True  # load the example corpus into a store without cases
    threads: int = 4  # request threads (waitress)
    query_workers: int = field(default_factory=default_query_workers)  # pre-forked query worker processes
    query_memory: int = 1024  # MiB a query may allocate beyond what its worker shares with the server
    in_memory_max_quads: int = DEFAULT_MAX_QUADS  # reviewer queries read an in-memory copy of a store this small
    warm: bool = True  # judge every case in the background, at start, after writes and at a new day
    warm_matrices: tuple[str, ...] = ()  # framework versions whose matrix is built in the background too

    @property
    def query_memory_bytes(self) -> int:
        return self.query_memory * 2**20

    def __post_init__(self) -> None:
        if not 0 < self.port < 65536:
            raise ConfigError(f"port must be between 1 and 65535, got {self.port}")
        if self.query_timeout <= 0:
            raise ConfigError(f"query_timeout must be positive, got {self.query_timeout}")
        if self.max_rows <= 0 or self.max_request_bytes <= 0:
            raise ConfigError("max_rows and max_request_bytes must be positive")
        if self.threads <= 0 or self.query_workers <= 0 or self.query_memory <= 0:
            raise ConfigError("threads, query_workers and query_memory must be positive")
        if self.in_memory_max_quads < 0:
            raise ConfigError(f"in_memory_max_quads must be 0 or more, got {self.in_memory_max_quads}")
        if self.log_format not in LOG_FORMATS:
            raise ConfigError(f"log_format must be one of {', '.join(LOG_FORMATS)}, got {self.log_format!r}")
        for tier, hashes in self.tokens.items():
            if tier not in TIERS_WITH_TOKENS:
                raise ConfigError(f"[tokens] {tier}: unknown tier; tiers with tokens: {', '.join(TIERS_WITH_TOKENS)}")
            for h in hashes:
                if not _is_hash(h):
                    raise ConfigError(f"[tokens] {tier}: {h[:12]}... is not 'sha256:' followed by 64 hex digits "
                                      "(store hashes, not tokens: safetycase-kg token-hash)")


# Documentation of each key, shown by ``serve --help`` and kept next to the fields it describes.
KEYS: dict[str, str] = {
    "host": "address to listen on (default 127.0.0.1)",
    "port": "port to listen on (default 8080)",
    "store": "store folder (default .safetycase-kg/store; the global --store wins)",
    "tokens": "[tokens] reviewer = [\"sha256:...\"], writer = [...]: SHA-256 hashes of bearer tokens per tier "
              "(env: SAFETYCASE_KG_REVIEWER_TOKENS, SAFETYCASE_KG_WRITER_TOKENS, comma-separated)",
    "query_timeout": "seconds a query may run before its worker process is killed (default 30)",
    "max_rows": "rows (or triples) per result; more are cut off and the response says so (default 10000)",
    "max_request_bytes": "largest request body accepted, else 413 (default 4194304)",
    "service_allowlist": "IRIs that SERVICE and LOAD may reach (default none: both refused; env: comma-separated)",
    "log_format": "access log on stderr: json, text or off (default json)",
    "load_examples": "load the example corpus into a store without cases (default true)",
    "threads": "request threads (default 4)",
    "query_workers": "pre-forked query worker processes, each killed and replaced when a query runs out of time "
                     "(default: one per processor core this process may use, at least 2)",
    "query_memory": "MiB a query may allocate beyond what its worker process shares with the server; past it the "
                    "query is stopped with 503 and its worker replaced (default 1024)",
    "in_memory_max_quads": "queries that read the whole store (reviewer and writer tiers) run on a copy of it "
                           "in memory, kept up to date after each write, while the store holds at most this many "
                           "quads, and the public view is held in memory while it does (beyond, in a folder of the "
                           f"temporary directory); 0 reads both from disk always (default {DEFAULT_MAX_QUADS})",
    "warm": "judge every case of both tiers in a background thread when the server starts, and again after writes "
            "and at a new day, so reports, pages and matrices read kept judgements; /healthz says when it is done "
            "(default true)",
    "warm_matrices": "framework versions (catalog ids, e.g. [\"eu-ai-act-2024-1689\"]) whose compliance matrix the "
                     "background thread also builds, in both tiers (default none; env: comma-separated)",
}


def load_config(path: str | Path | None = None, env: Mapping[str, str] | None = None,
                **overrides: Any) -> ServerConfig:
    """Defaults, then the TOML file (``path`` or $SAFETYCASE_KG_CONFIG), then the environment, then overrides.

    Overrides that are None are ignored, so command-line flags that were not given change nothing.
    """
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = path or env.get(CONFIG_ENV)
    if path:
        values.update(_from_toml(Path(path)))
    values.update(_from_env(env))
    values.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return ServerConfig(**values)
    except TypeError as err:
        raise ConfigError(str(err)) from None


def _from_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ConfigError(f"{path}: cannot read the configuration: {err.strerror}") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: {err}") from None
    known = {f.name for f in fields(ServerConfig)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(unknown)}; keys: {', '.join(sorted(known))}")
    values = {}
    for key, value in data.items():
        values[key] = _coerce(key, value, f"{path}: {key}")
    return values


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in fields(ServerConfig):
        if f.name == "tokens":
            continue
        raw = env.get(ENV_PREFIX + f.name.upper())
        if raw is not None:
            values[f.name] = _coerce(f.name, _split(raw) if _FIELD_TYPES[f.name] == tuple[str, ...] else raw,
                                     ENV_PREFIX + f.name.upper())
    tokens = {tier: tuple(_split(env[ENV_PREFIX + tier.upper() + "_TOKENS"]))
              for tier in TIERS_WITH_TOKENS if env.get(ENV_PREFIX + tier.upper() + "_TOKENS")}
    if tokens:
        values["tokens"] = tokens
    return values


def _coerce(key: str, value: Any, where: str) -> Any:  # a TOML or environment value: any type
    """Turn a TOML or environment value into the field's declared type, naming the source when it cannot."""
    kind = _FIELD_TYPES[key]
    try:
        if kind is int:
            if isinstance(value, (bool, float)):
                raise ValueError
            return int(value)
        if kind is float:
            if isinstance(value, bool):
                raise ValueError
            return float(value)
        if kind is bool:
            if isinstance(value, bool):
                return value
            return {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}[str(value).lower()]
        if kind == tuple[str, ...]:
            if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                raise TypeError
            return tuple(value)
        if key == "tokens":
            if not isinstance(value, dict):
                raise TypeError
            return {tier: tuple([hashes] if isinstance(hashes, str) else hashes) for tier, hashes in value.items()}
        if not isinstance(value, str):
            raise TypeError
        return value
    except (ValueError, TypeError, KeyError):
        raise ConfigError(f"{where}: invalid value {value!r}") from None


_FIELD_TYPES = get_type_hints(ServerConfig)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", " ").split() if part.strip()]


def _is_hash(text: str) -> bool:
    prefix, _, digest = text.partition(":")
    return prefix == "sha256" and len(digest) == 64 and all(c in "0123456789abcdef" for c in digest.lower())


def with_overrides(config: ServerConfig, **changes: Any) -> ServerConfig:
    """A copy with some settings changed (None values ignored)."""
    return replace(config, **{k: v for k, v in changes.items() if v is not None})


def describe_keys() -> str:
    """The configuration keys and their environment variables, for ``serve --help``."""
    lines = []
    for key, text in KEYS.items():
        env = "" if key == "tokens" else f" (env {ENV_PREFIX}{key.upper()})"
        lines.append(f"  {key}{env}: {text}")
    return "\n".join(lines)
