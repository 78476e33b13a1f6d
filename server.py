"""Run the safetycase-kg server: ``python server.py [--host H] [--port P] [--config FILE] [--store PATH | --endpoint URL ...]``.

The same as ``safetycase-kg serve``: settings from a TOML file (--config or SAFETYCASE_KG_CONFIG),
SAFETYCASE_KG_* environment variables and the flags; ``safetycase-kg serve --help`` lists every key.
"""

import sys

from safetycase_kg.cli import main

if __name__ == "__main__":
    # the store options are global options of the command line; everything else belongs to serve
    global_options = {"--store", "--endpoint", "--update-endpoint", "--graph-store", "--user", "--password",
                      "--auth", "--dataset"}
    args, before = sys.argv[1:], []
    for option in global_options:
        if option in args:
            i = args.index(option)
            before, args = before + args[i:i + 2], args[:i] + args[i + 2:]
    raise SystemExit(main([*before, "serve", *args]))
