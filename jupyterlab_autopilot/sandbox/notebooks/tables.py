"""Tables in the HTML pandas renders (``DataFrame.to_html``), for the exploration report's markdown."""

_TABLE_STYLE = """<style scoped>
    .dataframe tbody tr th:only-of-type {
        vertical-align: middle;
    }

    .dataframe tbody tr th {
        vertical-align: top;
    }

    .dataframe thead th {
        text-align: right;
    }
</style>"""


def _esc(value):
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_table(columns, rows, index=None, align="right"):
    """A pandas-style HTML table; ``index`` labels each row when given."""
    head = "".join("      <th>%s</th>\n" % _esc(c) for c in ([""] if index is not None else []) + list(columns))
    body = ""
    for i, row in enumerate(rows):
        cells = ("      <th>%s</th>\n" % _esc(index[i])) if index is not None else ""
        cells += "".join("      <td>%s</td>\n" % _esc(v) for v in row)
        body += "    <tr>\n%s    </tr>\n" % cells
    return (
        "<div>\n%s\n<table border=\"1\" class=\"dataframe\">\n  <thead>\n    <tr style=\"text-align: %s;\">\n"
        "%s    </tr>\n  </thead>\n  <tbody>\n%s  </tbody>\n</table>\n</div>" % (_TABLE_STYLE, align, head, body)
    )
