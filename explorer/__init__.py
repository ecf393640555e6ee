"""Central Asia Explorer: a map-and-network explorer for Central Asian geopolitics."""

__version__ = "0.1.0"
