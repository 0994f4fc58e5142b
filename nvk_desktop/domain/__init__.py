"""Plain dataclasses, enums and pure rules. No storage, no Qt."""
