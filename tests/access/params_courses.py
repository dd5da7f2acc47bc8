"""Access-walker path parameters for the courses domain (see params.py)."""
