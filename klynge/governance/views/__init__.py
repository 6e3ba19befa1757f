"""Thin views: access first (``access``), then an action (``actions``), then a page (``pages``).

Bad input re-renders the form with its messages and status 422; an HTMX request gets only
the part of the page it swaps (a django-template-partials partial).
"""
