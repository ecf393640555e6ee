"""Projection, geometry preparation and level of detail: no Qt here."""
