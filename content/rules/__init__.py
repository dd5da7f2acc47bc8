"""Pure rules of the content package: no database, no locale, no framework."""
