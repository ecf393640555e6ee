"""Short map labels from the atlas's long, careful names."""

from __future__ import annotations

import re

from explorer.model.corridors import head_and_note

_GENERIC = re.compile(r"\s+(air base|airfield|cosmodrome|military base|space-surveillance|"
                      r"anti-ballistic|station|test range)\b.*$", re.IGNORECASE)


def place_label(name: str) -> str:
    """"Kagan (Kogon)" -> "Kagan": the first name, without alternatives."""
    return head_and_note(name)[0] or name


def base_label(name: str) -> str:
    """"Karshi-Khanabad Air Base (K2, Camp …)" -> "Karshi-Khanabad (K2)"; "201st Military Base
    (Dushanbe garrison)" -> "201st (Dushanbe)"; "Bagram Airfield" -> "Bagram"."""
    head, note = head_and_note(name)
    head = head.removeprefix("Transit Center at ").strip()
    short = _GENERIC.sub("", head).strip() or head
    first_note = re.split(r"[,/]", note)[0].strip() if note else ""
    if short[:1].isdigit() and first_note:
        where = first_note.removesuffix(" garrison").removeprefix("former ").split()[0]
        return f"{short} ({where})"
    if first_note and len(first_note) <= 3 and first_note.isalnum():
        return f"{short} ({first_note})"
    return short
