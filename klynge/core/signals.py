"""Signals every app may send or hear.

``rows_changed``: an action changed rows with ``update()``, which sends no ``post_save``
(``sender`` the model, ``pks`` the rows). Apps higher up that keep copies (the search
index) listen to it.
"""

from __future__ import annotations

from django.dispatch import Signal

rows_changed = Signal()
