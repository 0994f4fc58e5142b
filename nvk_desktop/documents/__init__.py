"""Phase documents (PDF via ReportLab). Import the submodules where they are used:
ReportLab is heavy and must stay off the application's start-up path."""
