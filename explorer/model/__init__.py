"""Plain-Python model and state: no Qt here."""
