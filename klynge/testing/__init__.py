"""Test support shared by every app: personas and ``make_<noun>()`` factories."""
