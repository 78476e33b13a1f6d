"""Server configuration: TOML file, environment overriding it, flags overriding both, and clear errors."""

import json
import subprocess
import sys
from dataclasses import fields

import pytest

from safetycase_kg.cli import main
from safetycase_kg.web.access import hash_token
from safetycase_kg.web.config import ConfigError, ServerConfig, load_config

HASH = hash_token("s3cret")


def write(tmp_path, text):
    path = tmp_path / "server.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults():
    config = load_config(env={})
    assert config == ServerConfig() and config.port == 8080 and config.service_allowlist == ()


def test_file_then_environment_then_overrides(tmp_path):
    path = write(tmp_path, f'port = 9000\nhost = "0.0.0.0"\nquery_timeout = 5\nservice_allowlist = ["http://a/"]\n'
                           f'[tokens]\nreviewer = ["{HASH}"]\n')
    config = load_config(path, env={"SAFETYCASE_KG_PORT": "9100", "SAFETYCASE_KG_MAX_ROWS": "7"})
    assert (config.port, config.host, config.query_timeout, config.max_rows) == (9100, "0.0.0.0", 5.0, 7)
    assert config.tokens == {"reviewer": (HASH,)} and config.service_allowlist == ("http://a/",)
    assert load_config(path, env={"SAFETYCASE_KG_PORT": "9100"}, port=9200, host=None).port == 9200


def _other_value(name, default):
    """A valid value for the field ``name`` that is not its default, of the same type."""
    if name == "log_format":
        return "text"
    if isinstance(default, bool):
        return not default
    if isinstance(default, (int, float)):
        return default * 2 + 1
    if isinstance(default, tuple):
        return ("http://a/", "http://b/")
    return default + "-x"


@pytest.mark.parametrize("name", [f.name for f in fields(ServerConfig) if f.name != "tokens"])
def test_every_key_is_read_from_the_file_and_from_the_environment_as_its_type(tmp_path, name):
    value = _other_value(name, getattr(ServerConfig(), name))
    from_file = load_config(write(tmp_path, f"{name} = {json.dumps(value)}\n"), env={})
    raw = " ".join(value) if isinstance(value, tuple) else str(value).lower() if isinstance(value, bool) else str(value)
    from_env = load_config(env={"SAFETYCASE_KG_" + name.upper(): raw})
    assert getattr(from_file, name) == getattr(from_env, name) == value
    assert type(getattr(from_env, name)) is type(value)


def test_the_config_file_can_come_from_the_environment(tmp_path):
    path = write(tmp_path, "max_rows = 3\n")
    assert load_config(env={"SAFETYCASE_KG_CONFIG": str(path)}).max_rows == 3


def test_tokens_and_allowlist_from_the_environment():
    config = load_config(env={"SAFETYCASE_KG_WRITER_TOKENS": f"{HASH}, {hash_token('other')}",
                              "SAFETYCASE_KG_SERVICE_ALLOWLIST": "http://a/ http://b/"})
    assert config.tokens == {"writer": (HASH, hash_token("other"))}
    assert config.service_allowlist == ("http://a/", "http://b/")


@pytest.mark.parametrize("text,message", [
    ('[tokens]\nreviewer = ["s3cret"]\n', "not 'sha256:'"),
    (f'[tokens]\nadmin = ["{HASH}"]\n', "unknown tier"),
    ("prot = 80\n", "unknown key"),
    ('port = "eighty"\n', "port"),
    ("threads = 2.5\n", "threads"),
    ("query_memory = 0\n", "query_memory"),
    ("log_format = 'xml'\n", "log_format"),
    ("port = \n", "server.toml"),
])
def test_mistakes_are_named(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_config(write(tmp_path, text), env={})


def test_token_hash_command_reads_stdin():
    out = subprocess.run([sys.executable, "-m", "safetycase_kg", "token-hash"], input="s3cret\n",
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == HASH and "s3cret" not in out


def test_serve_help_documents_every_key(capsys):
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    text = capsys.readouterr().out
    for key in ServerConfig.__dataclass_fields__:
        assert key in text


@pytest.mark.skipif(not hasattr(__import__("os"), "sched_setaffinity"), reason="needs processor affinity (Linux)")
def test_query_workers_default_to_the_cores_the_server_may_use():
    """One worker per usable core (a worker beyond them only adds memory), and two on a single core so
    that one long query does not hold up every other. Measured in a child held to one core, then to all."""
    import os
    probe = ("import os, sys; from safetycase_kg.web.config import ServerConfig; "
             "os.sched_setaffinity(0, {int(sys.argv[1])}) if sys.argv[1] != 'all' else None; "
             "print(ServerConfig().query_workers)")
    one = subprocess.run([sys.executable, "-c", probe, str(min(os.sched_getaffinity(0)))], capture_output=True,
                         text=True, check=True).stdout.strip()
    every = subprocess.run([sys.executable, "-c", probe, "all"], capture_output=True, text=True, check=True).stdout.strip()
    assert one == "2"
    assert every == str(max(2, len(os.sched_getaffinity(0))))
    assert load_config(env={"SAFETYCASE_KG_QUERY_WORKERS": "3"}).query_workers == 3
