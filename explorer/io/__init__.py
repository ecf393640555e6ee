"""Readers and writers for geodata and project files: no Qt here."""
