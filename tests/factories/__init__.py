"""Factories per domain: tests.factories.accounts, .leases, .courses."""
