"""The atlas themes drawn on the map: alliances, routes, bases, places and events."""
