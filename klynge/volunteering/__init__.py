"""Volunteering: programmes, volunteers and referrals of vulnerable patients, matched with
volunteers (docs/volunteering.md).

The Django app is ``models``, ``access``, ``actions``, ``jobs``, ``statistics`` and
``admin``. The matching core (``matching``, ``model``, ``pairs``, ``assignment``) imports no
Django, so the app can call it (``inputs`` turns rows into its inputs) and it can be tested
and benchmarked on its own.
"""
