"""mbsr-tui: a calm terminal session player for Mindfulness-Based Stress Reduction."""

# The single source of the version (pyproject reads it from here). A literal rather than
# importlib.metadata: that import alone costs ~30 ms of start-up before the first frame.
__version__ = "0.1.0"
