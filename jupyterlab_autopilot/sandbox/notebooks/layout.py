"""nbformat 4 documents built and written by nbformat itself, in Jupyter's on-disk layout."""
import nbformat
from nbformat import v4

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


# 4.4: the minor version most real Autopilot notebooks carry (see the corpus); cell ids only exist
# from 4.5, so the cells carry none, as Autopilot's own do.
NBFORMAT_MINOR = 4


def _without_id(cell):
    cell.pop("id", None)
    return cell


def markdown(text):
    return _without_id(v4.new_markdown_cell(text))


def code(text):
    return _without_id(v4.new_code_cell(text))


def notebook(cells):
    # The minor version goes in at creation: new_notebook validates, and at 4.5 would give the cells ids.
    return v4.new_notebook(nbformat_minor=NBFORMAT_MINOR, cells=cells, metadata=nbformat.from_dict(KERNEL_METADATA))


def dumps(nb):
    """The notebook as Jupyter saves it; an invalid one raises ``nbformat.ValidationError``.

    ``nbformat.writes`` only logs what does not validate, and a notebook Jupyter cannot
    open must not reach S3, hence the explicit check. ``nbformat.write`` ends the file
    with a newline that ``writes`` leaves out.
    """
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"
