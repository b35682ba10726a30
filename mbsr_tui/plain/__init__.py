"""The line-by-line player for screen readers, slow links and TERM=dumb."""
