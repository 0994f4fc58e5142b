"""The PySide6 GUI. Talks to the project only through nvk_desktop.services."""
