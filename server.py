"""Run the safetycase-kg server: ``python server.py [--host H] [--port P] [--config FILE] [--store PATH]``.

The same as ``safetycase-kg serve``: settings from a TOML file (--config or SAFETYCASE_KG_CONFIG),
SAFETYCASE_KG_* environment variables and the flags; ``safetycase-kg serve --help`` lists every key.
"""

import sys

from safetycase_kg.cli import main

if __name__ == "__main__":
    args = sys.argv[1:]
    store = []
    if "--store" in args:
        i = args.index("--store")
        store, args = args[i:i + 2], args[:i] + args[i + 2:]
    raise SystemExit(main([*store, "serve", *args]))
