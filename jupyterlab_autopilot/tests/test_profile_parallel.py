"""The second part of a large file checked by another process: the same profile as one
reader gives, the same errors and warnings, with their lines, when that part is not plain,
and no process left behind by a cancel."""
import psutil
import pytest

from jupyterlab_autopilot.dataset import profile as profile_module
from jupyterlab_autopilot.dataset.errors import Cancelled, DatasetError
from jupyterlab_autopilot.dataset.profile import profile_csv

HEADER = b"id,Churn?,note\n"
SMALL = {"chunk_bytes": 512, "exact_bytes": 4096, "sample_bytes": 2048}  # as if the file were large


def rows_of(n, start=0, end=b"\n"):
    return b"".join(b"%d,%s,n%d%s" % (i, b"yes" if i % 3 else b"no", i, end) for i in range(start, start + n))


def write(tmp_path, data: bytes) -> str:
    path = tmp_path / "data.csv"
    path.write_bytes(data)
    return str(path)


def both(path, **settings):
    """(the profile with the parallel check, the one without; whether the other process
    took its part)."""
    handed = []
    real = profile_module.RangeCheck

    class Counted(real):
        def wait(self, progress, cancelled):
            summary = super().wait(progress, cancelled)
            handed.append(summary is not None)
            return summary

    profile_module.RangeCheck = Counted
    try:
        parallel = profile_csv(path, "data.csv", parallel_bytes=0, **settings)
    finally:
        profile_module.RangeCheck = real
    return parallel, profile_csv(path, "data.csv", parallel_bytes=None, **settings), handed


def test_a_plain_file_is_counted_as_one_reader_counts_it(tmp_path):
    path = write(tmp_path, HEADER.replace(b"\n", b"\r\n") + rows_of(3000, end=b"\r\n"))
    parallel, alone, handed = both(path, **SMALL)
    assert handed == [True]  # the other process checked its part, and it was taken
    assert (parallel.rows, parallel.plain_eol, parallel.output_bytes, parallel.warnings) == (
        alone.rows, alone.plain_eol, alone.output_bytes, alone.warnings) == (3000, b"\r\n", alone.output_bytes, [])
    assert parallel.sampled and 0.5 < parallel.sampled_rows / alone.sampled_rows < 2  # spread over the file too
    assert parallel.rows == 3000
    assert [c.name for c in parallel.columns] == ["id", "Churn?", "note"]


@pytest.mark.parametrize("late", [
    b"2999,yes,n2999,extra\n",  # a wrong line
    b'2999,yes,"n\n2999\n',  # a quote that never closes
    b"2999,yes,n\x002999\n",  # a NUL byte
    b"2999,yes,n\xff\n",  # not UTF-8
])
def test_an_error_in_the_other_part_is_reported_as_one_reader_reports_it(tmp_path, late):
    path = write(tmp_path, HEADER + rows_of(2999) + late + rows_of(50, 3000))
    with pytest.raises(DatasetError) as parallel:
        profile_csv(path, "data.csv", parallel_bytes=0, **SMALL)
    with pytest.raises(DatasetError) as alone:
        profile_csv(path, "data.csv", parallel_bytes=None, **SMALL)
    assert (parallel.value.code, parallel.value.message) == (alone.value.code, alone.value.message)
    assert "line 3001" in alone.value.message or "line 30" in alone.value.message


@pytest.mark.parametrize("data", [
    HEADER + rows_of(2000) + b"\n" + rows_of(1000, 2000),  # a blank line late in the file
    HEADER + rows_of(2000) + rows_of(1000, 2000, end=b"\r\n"),  # other line endings from there on
    HEADER + rows_of(1500) + b'1500,no,"a quoted\nnewline"\n' + rows_of(1500, 1501),  # quotes across the cut
])
def test_what_the_other_part_cannot_tell_is_read_again_here(tmp_path, data):
    parallel, alone, handed = both(write(tmp_path, data), **SMALL)
    assert handed == [False]
    # (the sample may differ by a chunk: the read there stopped short at the cut)
    assert (parallel.rows, parallel.plain_eol, parallel.warnings, [c.type for c in parallel.columns]) == (
        alone.rows, alone.plain_eol, alone.warnings, [c.type for c in alone.columns])
    assert parallel.warnings or parallel.plain_eol is None


def test_a_cancel_ends_the_other_process(tmp_path):
    path = write(tmp_path, HEADER + rows_of(20000))
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 5

    with pytest.raises(Cancelled):
        profile_csv(path, "data.csv", parallel_bytes=0, cancelled=cancelled, **SMALL)
    left = {p.pid for p in psutil.Process().children(recursive=True)} - before
    assert not left


def test_small_or_exact_files_are_read_by_one_process(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(profile_module, "RangeCheck", lambda *args: started.append(args))
    path = write(tmp_path, HEADER + rows_of(3000))
    profile_csv(path, "data.csv", chunk_bytes=512)  # every row counted: nothing to share
    profile_csv(path, "data.csv", **SMALL)  # below PARALLEL_BYTES
    assert started == []
