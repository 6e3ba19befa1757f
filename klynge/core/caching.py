"""A cache for values whose key names their content: the ``versioned`` cache.

The collaboration page's parts are cached under the structure version (``klynge.core.
versions``), the day and the language: a key, once written, always means the same value, and
a change to the structure makes new keys instead of changing old values. Such values may be
kept in each server process's memory as well as in the shared cache, and read there without
asking the database; a process that misses reads the shared cache, and fills its memory.

Only for keys that name their content: a value changed under the same key would be seen late
by the other processes (up to ``LOCAL_SECONDS``).
"""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache

LOCAL_SECONDS = 3600


class LocalFirstCache(BaseCache):
    """``OPTIONS``: ``SHARED``, the alias of the shared cache (default ``"default"``), and
    ``MAX_ENTRIES`` for the memory of each process."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._shared_alias = options.get("SHARED", "default")
        self._local = LocMemCache(f"klynge-local-{location}", {
            "TIMEOUT": LOCAL_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": options.get("MAX_ENTRIES", 300)}})

    @property
    def _shared(self) -> BaseCache:
        return caches[self._shared_alias]

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        missing = object()
        value = self._local.get(key, missing, version)
        if value is missing:
            value = self._shared.get(key, missing, version)
            if value is missing:
                return default
            self._local.set(key, value, LOCAL_SECONDS, version)
        return value

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT,
            version: int | None = None) -> None:
        self._shared.set(key, value, self.get_backend_timeout(timeout), version)
        self._local.set(key, value, LOCAL_SECONDS, version)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT,
            version: int | None = None) -> bool:
        added = self._shared.add(key, value, self.get_backend_timeout(timeout), version)
        self._local.delete(key, version)
        return bool(added)

    def delete(self, key: Any, version: int | None = None) -> bool:
        self._local.delete(key, version)
        return bool(self._shared.delete(key, version))

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT,
              version: int | None = None) -> bool:
        return bool(self._shared.touch(key, self.get_backend_timeout(timeout), version))

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._local.has_key(key, version) or self._shared.has_key(key, version)

    def clear(self) -> None:
        self._local.clear()
        self._shared.clear()
