"""The dashboard's own helpers: the corpus view, article highlighting, tables and uploads.

They serve ``app.py`` only; the library (``geo/``, ``layers/``) never imports them.
"""
