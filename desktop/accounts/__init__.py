"""Accounts: their non-secret settings in the store (repository) and what uses them with their secrets (service)."""
