"""Survey statistics (plain Python) and Norwegian number formatting for reports.

Cheap to import: no numpy, no matplotlib, no database. Charts live in
nvk_desktop.charts and import matplotlib only there.
"""
