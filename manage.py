#!/usr/bin/env python
"""Django's command-line utility; the same as the ``klynge`` command."""

import sys

from klynge.cli import main

if __name__ == "__main__":
    sys.exit(main())
