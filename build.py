#!/usr/bin/env python3
"""The Express Entry draw archive: `python build.py --help`."""
import sys

from drawarchive.cli import main

if __name__ == "__main__":
    sys.exit(main())
