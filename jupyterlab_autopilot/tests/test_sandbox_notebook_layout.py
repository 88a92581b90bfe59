"""The sandbox's notebooks go through nbformat: what does not validate never reaches S3."""
import json

import nbformat
import pytest

from jupyterlab_autopilot.sandbox.notebooks.layout import code, dumps, markdown, notebook


def test_a_valid_notebook_is_written_in_jupyters_layout():
    text = dumps(notebook([markdown("# Title\n\nText"), code("x = 1\nprint(x)")]))
    nb = json.loads(text)
    assert text == json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    assert (nb["nbformat"], nb["nbformat_minor"]) == (4, 4)
    assert nb["cells"][0] == {"cell_type": "markdown", "metadata": {}, "source": ["# Title\n", "\n", "Text"]}
    assert nb["cells"][1] == {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                              "source": ["x = 1\n", "print(x)"]}


def test_non_ascii_text_stays_raw_utf8():
    assert '"source": [\n    "가격 — €"\n   ]' in dumps(notebook([markdown("가격 — €")]))


def test_an_invalid_notebook_fails_loudly():
    broken = code("x = 1")
    broken["outputs"] = [{"output_type": "no-such-output"}]
    with pytest.raises(nbformat.ValidationError):
        dumps(notebook([markdown("fine"), broken]))


def test_a_cell_id_is_refused_in_nbformat_4_4():
    cell = markdown("fine")
    cell["id"] = "abc"
    with pytest.raises(nbformat.ValidationError):
        dumps(notebook([cell]))
