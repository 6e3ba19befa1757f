"""The ``klynge`` command: Django's management commands, and the population engine.

``klynge population ...`` runs the population engine without starting Django;
everything else is a management command (``klynge migrate``, ``klynge governance
check``, ``klynge load_reference``...).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "population":
        from klynge.population.cli import main as population_main

        return population_main(argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klynge.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
