"""Database engines: Django's own, plus the audit seal at commit (motcua.audit.seal)."""
