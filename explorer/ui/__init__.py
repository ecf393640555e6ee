"""Qt widgets: main window, docks and dialogs."""
