"""Pools of worker processes that die with the process that started them.

The loader parses files and the validator runs pySHACL in forked worker processes. A forked worker
inherits the parent's open files, the store's lock file among them, and waits on a pipe whose
writing end it holds itself, so it never notices when its parent is killed (``kill -9``, the OOM
killer): it would live on, an orphan holding the store folder. On Linux each worker asks the kernel
to send it SIGKILL when its parent dies (``PR_SET_PDEATHSIG``), then checks that its parent is
still the process that started it: a parent that died between the fork and that request would
otherwise go unnoticed. Elsewhere the pool is a plain ``ProcessPoolExecutor``.

The kernel sends the signal when the *thread* that forked the worker ends, so a pool must be used
(and shut down) in the thread that created it, as ``with worker_pool(...)`` does. Workers are forked
(the default on Linux up to Python 3.13, named here so that it stays so): a worker started by a fork
server would be the fork server's child, and its death signal would follow the wrong process.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

_PR_SET_PDEATHSIG = 1


def worker_pool(workers: int, initializer: Callable[..., Any] | None = None,
                initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A ``ProcessPoolExecutor`` whose workers are killed when this process dies."""
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                               initargs=(os.getpid(), initializer, initargs))


def _start_worker(parent: int, initializer: Callable[..., Any] | None, initargs: tuple[Any, ...]) -> None:
    die_with_parent(parent)
    collect_own()
    if initializer is not None:
        initializer(*initargs)


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` dies; exit now if it already has."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:
        os._exit(1)


def collect_own() -> None:
    """In a forked child: its collector walks only what the child makes. What it inherited is the parent's,
    out of its sight (walking it would also copy every page it sits on), and the parent may have forked it
    while the warm-up held the collector off (``web/warmup.py``): a worker serving query after query, or a
    whole judgement, collects as usual."""
    gc.freeze()
    gc.enable()
