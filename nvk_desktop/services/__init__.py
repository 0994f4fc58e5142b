"""Use cases: one function is one unit of work (one transaction, one undo step).

The GUI talks to the project only through this package (DESIGN.md rule 1–2).
"""
