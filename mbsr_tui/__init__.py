"""mbsr-tui: a calm terminal session player for Mindfulness-Based Stress Reduction."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mbsr-tui")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"
