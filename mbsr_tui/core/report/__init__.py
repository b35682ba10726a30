"""The teacher's report (`mbsr-tui report`, the history's `r`): one self-contained page.

    document  the document model: `Report` and its parts (numbers and short texts)
    model     journal rows, the course and the calendars -> a `Report`
    markup    escaping every outside string, and the page's words for dates and numbers
    svg       the charts, drawn as inline SVG from a `Report`
    html      the page: the words, the charts and a print stylesheet, as well-formed XHTML
    output    the course it shows (read tolerantly), and writing the page whole

Pure Python, like the rest of the core: the command line and the history screen only call
`build_report` and `render_page`. This file stays empty so importing it costs nothing.
"""
