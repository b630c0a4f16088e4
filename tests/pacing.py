"""How tests check that requests were paced."""

from __future__ import annotations

import itertools


def assert_paced(starts: list[float], interval: float) -> None:
    """Request starts as the server saw them: `interval` apart on average, and never a burst.

    Why not every gap >= interval: the client spaces its sends, but arrival at the
    server jitters by a few ms on a loaded machine, shortening one gap while
    lengthening the next; a burst (no pacing) gives gaps near 0.
    """
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert (starts[-1] - starts[0]) / len(gaps) >= 0.95 * interval, gaps
    assert min(gaps) >= 0.5 * interval, gaps
