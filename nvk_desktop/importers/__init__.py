"""Reading things from outside: the item bank and survey exports (CSV/XLSX).

Nothing here touches the project file: importers return plain data, and the
services decide what to store (all or nothing).
"""
