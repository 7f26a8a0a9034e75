"""Frontline benchmarks: ``python -m benchmarks [NAME ...]`` runs them and prints numbers."""
