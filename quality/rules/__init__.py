"""Pure rules of the quality package: no database, web framework or locale code."""
