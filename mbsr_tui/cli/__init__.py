"""Subcommands of `mbsr-tui`, one module each.

Each module offers `add_<name>_parser(subparsers)` (cheap: the main parser is built on
every start, the menu's too) and `run_<name>(args)`, which imports what it needs.
"""
