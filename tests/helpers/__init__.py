"""Shared test helpers: builders and waits (import them), and fixtures.py, the plugin tests/conftest.py loads."""
