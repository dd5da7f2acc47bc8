"""Pure rules of the accounts domain (no database, no locale, no framework)."""
