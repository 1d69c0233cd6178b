"""cchc: administrative-reform (CCHC) indicators and reports from an office's spreadsheets."""

__version__ = "0.1.0"
