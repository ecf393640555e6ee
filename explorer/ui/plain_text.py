"""Text from users and files shown as the characters it is: never markup, never a link."""

from __future__ import annotations

from html import escape


def plain_tooltip(text: str) -> str:
    """A tooltip showing `text` as typed: escaped inside a paragraph, so that Qt, which
    guesses whether a tooltip is rich text, renders `<b>x</b>` as those characters (line
    breaks and spaces kept, as a plain tooltip would)."""
    return f"<p style='white-space:pre'>{escape(text)}</p>"
