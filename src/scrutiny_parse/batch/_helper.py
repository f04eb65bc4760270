"""``python -m scrutiny_parse.batch._helper FD``: a worker talking over socket ``FD``.

Started by :mod:`scrutiny_parse.batch.dask_runner` on a dask worker, where
``multiprocessing`` children are not allowed (dask's worker processes are daemonic). A
separate module from :mod:`~scrutiny_parse.batch.worker` so that ``-m`` does not run a
module the package has already imported.
"""

from __future__ import annotations

import signal
import sys
from multiprocessing.connection import Connection

from .worker import serve, watch_parent


def main(argv: list[str]) -> int:
    """Serve tasks over the inherited socket named on the command line."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_parent()
    serve(Connection(int(argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
