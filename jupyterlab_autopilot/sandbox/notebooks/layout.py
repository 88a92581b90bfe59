"""nbformat 4 documents written in Jupyter's own layout (indent 1, raw UTF-8, source as lines)."""
import json

KERNEL_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": "3.11.0",
    },
}


def _lines(text):
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def markdown(text):
    return {"cell_type": "markdown", "metadata": {}, "source": _lines(text)}


def code(text):
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": _lines(text)}


def notebook(cells):
    # 4.4: the minor version most real Autopilot notebooks carry; cell ids only exist from 4.5.
    return {"cells": cells, "metadata": KERNEL_METADATA, "nbformat": 4, "nbformat_minor": 4}


def dumps(nb):
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


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
