"""Named crash points for testing that a kill at any step loses nothing.

Set `BLUEPRINTS_FAILPOINT=<name>` and the process dies (exit 137, as a SIGKILL
would) when it reaches that point. Unset, a failpoint costs one dict lookup.
"""

from __future__ import annotations

import os

PUBLISH_POINTS = (
    "publish:staged",  # snapshot files written under a temporary name
    "publish:renamed",  # snapshot renamed into place, pointer not yet swapped
    "publish:swapped",  # pointer swapped, dataset links and pruning not yet done
)


def failpoint(name: str) -> None:
    if os.environ.get("BLUEPRINTS_FAILPOINT") == name:
        os._exit(137)
