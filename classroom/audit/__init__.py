"""Read side of the audit trail: who did what, for operators, inspectors and institution admins."""
