"""Frontline's command line: thin shells over the ``geo`` and ``layers`` libraries."""
