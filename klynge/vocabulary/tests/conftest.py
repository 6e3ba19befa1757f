"""The vocabulary tests: the personas, and pages in English."""

from klynge.testing.fixtures import english, world  # noqa: F401
