"""Network metrics and corridor routing."""
