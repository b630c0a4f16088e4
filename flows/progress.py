"""Progress for long loops: a bar on a terminal, periodic Prefect log lines otherwise."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from prefect import get_run_logger

T = TypeVar("T")


def progress(items: Iterable[T], total: int, label: str) -> Iterator[T]:
    if total and sys.stderr.isatty():
        from rich.progress import track

        yield from track(items, total=total, description=label, transient=True)
        return
    logger = get_run_logger()
    step = max(total // 10, 50)
    for n, item in enumerate(items, start=1):
        yield item
        if n % step == 0 or n == total:
            logger.info("%s: %d/%d", label, n, total)
