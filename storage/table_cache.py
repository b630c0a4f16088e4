"""The flat-table search's results for a text document's lines, reused while its code is unchanged.

`find_tables` is a pure function of the lines it is given (and of the lexicon
and gazetteer beside its code), and most of what reading a text document costs.
Its results for all of a document's groups of lines are kept under
`table_search_version`, keyed by a digest of exactly those groups. After a fix
elsewhere in the model stage (decoding, normalize, the text adapter), a text
document whose groups come out the same reuses its tables; a changed line is
another key, so a miss; a fix to the search is another version, so every
document misses. Entries are `ParsedCache` pickles (atomic writes, pruned with
the other stages).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from extractors.adapters.text import tables_of
from extractors.flat_tables import TableSpan
from storage.parsed_cache import KEEP_VERSIONS, ParsedCache


class TableCache:
    """`adapters.text.tables_of`, its results kept per digest of the groups it was given."""

    def __init__(self, root: Path | str, version: str) -> None:
        self.cache = ParsedCache(root, version)
        self.searched = 0  # documents whose groups were searched here, not reused

    def tables_of(self, groups: Sequence[Sequence[str]]) -> list[list[TableSpan]]:
        """Every group's tables: reused when these exact groups were searched before."""
        key = groups_digest(groups)
        found = self.cache.get(key)
        if found is not None and len(found) == len(groups):
            return found
        found = tables_of(groups)
        self.searched += 1
        self.cache.put(key, found)
        return found

    def prune(self, keep: int = KEEP_VERSIONS) -> list[str]:
        return self.cache.prune(keep)


def groups_digest(groups: Sequence[Sequence[str]]) -> str:
    """sha256 of the groups as JSON: every line and where each group ends, unambiguously."""
    data = json.dumps([list(group) for group in groups], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
