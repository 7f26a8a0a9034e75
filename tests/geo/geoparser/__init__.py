"""Tests of :mod:`geo.geoparser`, one test module per module of the package.

Each module's rules are a case table (``CASES``, rows of text, name, GeoNames id and reason code:
see :mod:`tests.geo.cases`); tests that check more than where a name resolves are functions of
their own. The whole geoparser on real articles is ``tests/geo/test_geoparser.py``.
"""
