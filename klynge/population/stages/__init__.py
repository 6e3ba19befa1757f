"""Staged transformations: small functions from Ibis tables to Ibis tables.

Each stage does one thing (stays from contacts, residents on a day, ages, listings),
so that every mart is built from the same, separately tested pieces. Nothing here
executes a query; callers decide when to.
"""
