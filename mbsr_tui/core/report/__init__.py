"""The teacher's report (`mbsr-tui report`, the history's `r`): one self-contained page.

    model   journal rows, the course and the calendars -> a `Report` (numbers only)
    svg     the charts, drawn as inline SVG from a `Report`
    html    the page: the words, the charts and a print stylesheet, as well-formed XHTML

Pure Python, like the rest of the core: the command line and the history screen only call
`build_report` and `render_page`. This file stays empty so importing it costs nothing.
"""
