"""Run the command line as ``python -m routes``."""

import sys

from routes.cli import main

sys.exit(main())
