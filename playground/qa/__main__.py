"""`python -m playground.qa run SUITE --target URL [--junit FILE] [--html FILE]`"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
