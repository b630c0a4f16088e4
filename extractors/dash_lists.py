"""Where the items of an inline dash list ("– a – b", a list flattened into one line) end.

A text scrape joins a list's items with " – ", so a dash inside an item ("IAPP
(…) – helpful for privacy work.") reads like the start of the next one. A
careful reader tells them apart by how the part starts: a part in lower case
after one in upper case continues it when that one introduces it (ends with a
colon) or stops short of the full stop the part has. In a list of labelled items
("– Common: … – Optional: …") a part without a label that stops short of the full
stop it has goes on with the item before it, whatever its case ("Sonar cert – Handy
on night watch."). Lists whose items are all lower case ("– buoys – chains") are
left as they are. Both readers of dash lists (`normalize` for "Lead: – a – b"
paragraphs, `typed.items.dash_parts` for "Lead – a – b") split here, so they agree
on every item.
"""

from __future__ import annotations

import re

_DASH = re.compile(r"\s+–\s+")
FULL_STOP = re.compile(r"[.!?…][)\]”\"’']*$")
# A label before an item's text: one to three words, then a colon ("Context-specific:").
_LABEL = re.compile(r"[A-Z][\w/&'’-]*(?: [\w/&'’-]+){0,2}:\s")


def split_dashes(text: str) -> list[str]:
    """The non-empty parts of `text` between spaced en dashes, stripped."""
    return [part.strip() for part in _DASH.split(text) if part.strip()]


def dash_items(parts: list[str]) -> list[str]:
    """`parts` of a dash list with each continuation joined back to its item by " – "."""
    items: list[str] = []
    labelled = _labelled(parts)
    for part in parts:
        if items and _continues(items[-1], part, labelled):
            items[-1] = f"{items[-1]} – {part}"
        else:
            items.append(part)
    return items


def _continues(item: str, part: str, labelled: bool = False) -> bool:
    """Does `part` go on with `item` rather than start an item of its own?

    In a list of labelled items an unlabelled part may start in upper case: a note
    that ends a sentence the item does not ("… Sonar cert – Handy on night watch.").
    """
    stops_short = FULL_STOP.search(part) is not None and FULL_STOP.search(item) is None
    if labelled and _LABEL.match(part) is None and stops_short:
        return True
    if not (part[:1].islower() and item[:1].isupper()):
        return False
    return item.endswith(":") or stops_short


def _labelled(parts: list[str]) -> bool:
    """A list of labelled items: it opens on a label and at least two of its parts have one."""
    return (
        bool(parts)
        and _LABEL.match(parts[0]) is not None
        and sum(_LABEL.match(part) is not None for part in parts) >= 2
    )
