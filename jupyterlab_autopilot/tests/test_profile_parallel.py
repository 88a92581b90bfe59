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


def both(path, progress=None, **settings):
    """(the profile with the parallel check, reporting to ``progress``; the one without;
    whether the other process took its part, each time it was waited for)."""
    handed = []
    real = profile_module.RangeCheck

    class Counted(real):
        def wait(self, progress, cancelled):
            summary = super().wait(progress, cancelled)
            handed.append(summary is not None)
            return summary

    profile_module.RangeCheck = Counted
    try:
        parallel = profile_csv(path, "data.csv", parallel_bytes=0, progress=progress, **settings)
    finally:
        profile_module.RangeCheck = real
    return parallel, profile_csv(path, "data.csv", parallel_bytes=None, **settings), handed


def same(one, other) -> bool:
    """The same profile, sample and statistics included."""
    return (one.rows, one.plain_eol, one.output_bytes, one.warnings, one.sampled_rows) == (
        other.rows, other.plain_eol, other.output_bytes, other.warnings, other.sampled_rows) and [
        c.as_json() for c in one.columns] == [c.as_json() for c in other.columns]


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
def test_what_the_other_part_cannot_tell_is_read_again_by_one_reader(tmp_path, data):
    reports = []
    parallel, alone, handed = both(write(tmp_path, data), progress=reports.append, **SMALL)
    assert handed == [False]
    assert same(parallel, alone)  # the other part's sample, read meanwhile, was dropped
    assert parallel.warnings or parallel.plain_eol is None
    assert reports == sorted(reports) and reports[-1] == len(data)  # the second read does not go back


def quoted_at(at: int) -> bytes:
    return HEADER + rows_of(at) + b'%d,no,"a quoted\nnewline"\n' % at + rows_of(2999 - at, at + 1)


def in_the_chunk_before_the_cut(tmp_path) -> int:
    """A row whose quote is in the chunk the reader cuts short at the other part's start."""
    chunk = SMALL["chunk_bytes"]
    for at in range(3000):
        data = quoted_at(at)
        stop = profile_module._line_start(write(tmp_path, data), int(len(data) * profile_module._OWN_SHARE))
        if stop - stop % chunk <= data.index(b'"') < stop:
            return at
    raise AssertionError("no such row")


@pytest.mark.parametrize("where", ["early", "just before the cut"])
def test_a_first_part_that_is_not_plain_is_read_by_this_reader(tmp_path, where):
    data = quoted_at(100 if where == "early" else in_the_chunk_before_the_cut(tmp_path))
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    parallel, alone, handed = both(write(tmp_path, data), **SMALL)
    assert handed == []  # the other process was stopped, not waited for
    assert same(parallel, alone) and parallel.warnings[0]["code"] == "quoted-newlines"
    assert not {p.pid for p in psutil.Process().children(recursive=True)} - before


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
