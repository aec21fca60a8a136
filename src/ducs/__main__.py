"""``python -m ducs``: the same as the ``ducs`` command."""

import sys

from ducs.cli import main

sys.exit(main())
