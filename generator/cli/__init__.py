"""The `wuhua` command line: thin. Each module registers one group of commands on
the group in `main.py`; shared options and output live in `common.py`, and every
error becomes its message in one place, `group.py`. Nothing here is imported by the
rest of the package."""
from generator.cli.main import main

__all__ = ["main"]
