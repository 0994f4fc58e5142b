"""The pages of an open project."""
