"""Access-walker path parameters for the leases domain (see params.py)."""
