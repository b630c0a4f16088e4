"""Find and rebuild tables flattened to one line per row in plain-text scrapes.

`find_tables` locates tables in a group of lines, `rebuild_table` cuts their
rows into cells with a confidence per row, `flatten_table` does the reverse
(used to evaluate on tables whose cells are known) and `Lexicon` holds what
is learned from such tables. Rows under `UNCERTAIN_BELOW` are likely wrong.
"""

from .detect import UNCERTAIN_BELOW, TableSpan, find_tables
from .flatten import flatten_table
from .lexicon import Lexicon
from .rebuild import rebuild_table

__all__ = [
    "UNCERTAIN_BELOW",
    "Lexicon",
    "TableSpan",
    "find_tables",
    "flatten_table",
    "rebuild_table",
]
