"""Short map labels from the atlas's long, careful names."""

from __future__ import annotations

import re

_PAREN = re.compile(r"\s*\(([^)]*)\)")
_GENERIC = re.compile(r"\s+(air base|airfield|cosmodrome|military base|space-surveillance|"
                      r"anti-ballistic|station|test range)\b.*$", re.IGNORECASE)
_ROUTE_TAIL = re.compile(r"\s+[–-]\s+.*$|:\s.*$|\s+via\s.*$")
_CHAIN = re.compile(r"\S+(?:–\S+){3,}")


def _head_and_note(name: str) -> tuple[str, str]:
    match = _PAREN.search(name)
    note = match.group(1) if match else ""
    return _PAREN.sub("", name).strip(), note


def place_label(name: str) -> str:
    """"Kagan (Kogon)" -> "Kagan": the first name, without alternatives."""
    return _head_and_note(name)[0] or name


def base_label(name: str) -> str:
    """"Karshi-Khanabad Air Base (K2, Camp …)" -> "Karshi-Khanabad (K2)"; "201st Military Base
    (Dushanbe garrison)" -> "201st (Dushanbe)"; "Bagram Airfield" -> "Bagram"."""
    head, note = _head_and_note(name)
    head = head.removeprefix("Transit Center at ").strip()
    short = _GENERIC.sub("", head).strip() or head
    first_note = re.split(r"[,/]", note)[0].strip() if note else ""
    if short[:1].isdigit() and first_note:
        where = first_note.removesuffix(" garrison").removeprefix("former ").split()[0]
        return f"{short} ({where})"
    if first_note and len(first_note) <= 3 and first_note.isalnum():
        return f"{short} ({first_note})"
    return short


def route_label(name: str) -> str:
    """"Middle Corridor (TITR) – Kazakhstan section …" -> "Middle Corridor": legs of one
    corridor share a label, so the map names the corridor once."""
    head = _ROUTE_TAIL.sub("", _head_and_note(name)[0]).strip()
    # "Bekabad–Khujand–Kokand–Fergana–Andijan railway" -> "Bekabad–Andijan railway"
    head = _CHAIN.sub(lambda m: f"{m.group().split('–')[0]}–{m.group().split('–')[-1]}", head)
    return head or name
