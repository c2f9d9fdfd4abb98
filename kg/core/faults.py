"""Fault points: places where a test has a build killed, to check that nothing is lost whenever it dies.

A build passes its stage boundaries and the steps of its write through
:func:`point`. With ``KG_KILL_AT`` set to one of those names in its
environment, the process kills itself there with SIGKILL, as ``kill -9``
would, with no chance to clean up. Unset (always, outside tests), a point costs
one dictionary lookup. The names: ``stage:<name>`` at the start of each stage
(load, build, store, validate, checks, write), ``commit`` before the new build
is swapped in, ``committed`` right after, ``cache`` while the incremental
cache is being saved.
"""

from __future__ import annotations

import os
import signal

ENV = "KG_KILL_AT"


def point(name: str) -> None:
    """Die here (SIGKILL) when ``KG_KILL_AT`` names this point."""
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
