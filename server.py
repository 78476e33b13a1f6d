"""Run the safetycase-kg server: ``python server.py [--host H] [--port P] [--store PATH]``.

The same as ``safetycase-kg serve``; configuration from the command line or the environment
(SAFETYCASE_KG_STORE, SAFETYCASE_KG_HOST, SAFETYCASE_KG_PORT).
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
