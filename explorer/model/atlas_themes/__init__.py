"""The atlas themes' model halves: one module per theme, each defining its `SPEC`."""
