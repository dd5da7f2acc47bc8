"""Pure rules of the leases domain: which days count, what a month costs, what the books must
satisfy, which settings and requests are acceptable.

No database, no locale: every function takes plain values and returns plain values or a
structured reason (a message key and numbers) that `classroom/leases/messages.py` renders.
Type-checked strictly (pyproject.toml) and kept free of sqlmodel/sqlalchemy by a test.
"""
