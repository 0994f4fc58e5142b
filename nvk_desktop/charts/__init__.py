"""Survey charts (matplotlib, Agg) as PNG bytes for the UI and the PDF documents.

Import nvk_desktop.charts.survey_charts where a chart is drawn: it loads matplotlib,
which must stay out of the app's start-up.
"""
