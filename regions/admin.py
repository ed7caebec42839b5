"""Regions have no admin of their own here: they are read-only, listed for staff by
editorial.admin, scoped to each staff member's regions."""
