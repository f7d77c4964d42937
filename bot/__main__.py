"""`python -m bot` runs the `milclicks` command line."""

import sys

from bot.cli import main

sys.exit(main())
