"""`python -m geo`: the Borderwatch command line."""

import sys

from geo.cli import main

sys.exit(main())
