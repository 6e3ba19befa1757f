"""Volunteering: matching vulnerable patients (referrals) with volunteers.

The matching core (``matching``, ``model``, ``pairs``, ``assignment``) imports no Django, so
the app can call it and it can be tested and benchmarked on its own (docs/volunteering.md).
"""
