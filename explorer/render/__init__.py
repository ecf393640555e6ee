"""Qt graphics items and the map scene that both the window and the exporter draw."""
