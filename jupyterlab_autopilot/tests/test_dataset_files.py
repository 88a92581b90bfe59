"""The profile and the split on real files: every bad input the dataset step must explain,
the churn dataset's exact split, determinism and stratification."""
import hashlib
from collections import Counter

import pytest

from jupyterlab_autopilot.dataset.errors import Cancelled, DatasetError
from jupyterlab_autopilot.dataset.profile import profile_csv
from jupyterlab_autopilot.dataset.split import SplitPlan, plan_split, split_csv, split_records
from .split_files import split_files

from .sandbox_fixtures import churn_bytes

HEADER = b"id,Churn?,note\n"


def write(tmp_path, data: bytes, name="data.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def rows_of(n, start=0, end=b"\n"):
    return b"".join(b"%d,%s,n%d%s" % (i, b"yes" if i % 3 else b"no", i, end) for i in range(start, start + n))


def profile_error(tmp_path, data: bytes, chunk_bytes=8 << 20) -> DatasetError:
    with pytest.raises(DatasetError) as raised:
        profile_csv(write(tmp_path, data), "data.csv", chunk_bytes=chunk_bytes)
    assert raised.value.message.startswith("data.csv")
    return raised.value


@pytest.mark.parametrize("chunk_bytes", [8 << 20, 7])
@pytest.mark.parametrize(
    "data, code, line",
    [
        (b"", "empty-file", None),
        (b"\n\n", "empty-file", None),
        (HEADER, "header-only", 1),
        (b"id,Churn?,note", "header-only", 1),
        (b"id,Churn?,id\n1,a,b\n", "duplicate-header", 1),
        (b"id,,note\n1,a,b\n", "empty-header", 1),
        (HEADER + rows_of(5) + b"5,yes,too,many\n" + rows_of(2, 6), "malformed-row", 7),
        (HEADER + rows_of(5) + b"5,yes\n", "malformed-row", 7),
        (HEADER + rows_of(2) + b'3,"yes,"x",n\n', "malformed-row", 4),
        (HEADER + rows_of(2) + b'3,"never closed,n\n4,yes,n\n', "malformed-row", 4),
        (HEADER + rows_of(3) + "4,ja,caf\u00e9\n".encode("latin-1"), "not-utf8", 5),
        ("id,note\n1,\u00e9\n".encode("utf-16"), "not-utf8", 1),
        (HEADER + rows_of(2) + b"3,yes,\x00\x01\n", "binary-file", 4),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "binary-file", 1),
        (b"\x1f\x8b\x08\x00" + bytes(range(256)), "binary-file", 1),
    ],
)
def test_bad_files_are_explained_with_their_line(tmp_path, data, code, line, chunk_bytes):
    error = profile_error(tmp_path, data, chunk_bytes)
    assert (error.code, error.line) == (code, line), error.message
    assert error.as_json()["code"] == code


def test_a_line_without_end(tmp_path):
    error = profile_error(tmp_path, HEADER + b"1,yes," + b"x" * (33 * 1024 * 1024) + b"\n")
    assert (error.code, error.line) == ("malformed-row", 2) and "line break" in error.message


def test_a_missing_file(tmp_path):
    with pytest.raises(DatasetError) as raised:
        profile_csv(str(tmp_path / "nope.csv"), "nope.csv")
    assert raised.value.code == "not-found"


def test_what_is_handled_is_reported_as_warnings(tmp_path):
    data = (
        b"\xef\xbb\xbfid,Churn?,note\r\n"
        + rows_of(3, end=b"\r\n")
        + b"3,yes,plain\n"  # an LF among CRLFs: line 5
        + b'4,no,"two\r\nlines, and a comma"\r\n'
        + b"\r\n"
        + rows_of(2, 5, end=b"\r\n")
    )
    for chunk_bytes in (8 << 20, 5):
        profile = profile_csv(write(tmp_path, data), "data.csv", chunk_bytes=chunk_bytes)
        assert profile.header == ["id", "Churn?", "note"]  # the BOM is not in the name
        assert profile.rows == 7
        found = {w["code"]: w.get("line") for w in profile.warnings}
        assert found == {"bom": 1, "mixed-line-endings": 5, "quoted-newlines": 6, "blank-lines": 8, "few-rows": None}


def test_a_quoted_field_with_a_newline_is_kept_whole_in_the_split(tmp_path):
    data = HEADER + rows_of(10) + b'10,yes,"two\nlines"\n' + rows_of(9, 11)
    path = write(tmp_path, data)
    profile = profile_csv(path, "data.csv")
    result = split_files(path, "data.csv", profile, target="Churn?", fraction=0.5, seed=1, stratify=False,
                       train_path=str(tmp_path / "t.csv"), validation_path=str(tmp_path / "v.csv"))
    assert result["train"]["rows"] + result["validation"]["rows"] == 20
    both = (tmp_path / "t.csv").read_text() + (tmp_path / "v.csv").read_text()
    assert '10,yes,"two\nlines"\n' in both


def test_churn_profile(tmp_path):
    profile = profile_csv(write(tmp_path, churn_bytes(), "churn.txt"), "churn.txt").as_json()
    assert profile["rows"] == 3333
    assert profile["header"][-1] == "Churn?"
    columns = {c["name"]: c for c in profile["columns"]}
    assert columns["Churn?"]["type"] == "categorical"
    assert columns["Churn?"]["topValues"] == [["False.", 2850], ["True.", 483]]
    assert columns["Area Code"]["type"] == "categorical"  # three codes, not a quantity
    assert columns["Day Mins"]["type"] == "numeric"
    assert columns["Day Mins"]["min"] == 0 and columns["Day Mins"]["max"] == 350.8
    assert columns["Phone"]["type"] == "text"
    assert columns["Int'l Plan"]["distinct"] == 2 and columns["State"]["distinct"] == 51
    assert all(c["missing"] == 0 for c in profile["columns"])
    assert profile["suggestedTargets"][0]["name"] == "Churn?"
    assert profile["suggestedTargets"][0]["problemType"] == "BinaryClassification"
    assert profile["warnings"] == []  # CRLF throughout is fine


def test_missing_values_numbers_and_dates(tmp_path):
    lines = [b"when,amount,grade,price"]
    for i in range(600):
        amount = b"" if i % 10 == 0 else b"%d.5" % i
        lines.append(b"2024-01-%02d,%s,%d,%d.25" % (i % 28 + 1, amount, i % 4, i * 7))
    profile = profile_csv(write(tmp_path, b"\n".join(lines)), "data.csv")
    columns = {c.name: c.as_json() for c in profile.columns}
    assert columns["when"]["type"] == "datetime"
    assert columns["amount"]["type"] == "numeric" and columns["amount"]["missing"] == 60
    assert columns["grade"]["type"] == "categorical"
    assert [t["problemType"] for t in profile.as_json()["suggestedTargets"]] == ["Regression"]


def test_high_cardinality_columns_are_estimated_in_bounded_memory(tmp_path):
    data = b"key,flag\n" + b"".join(b"k%07d,%d\n" % (i, i % 2) for i in range(60_000))
    profile = profile_csv(write(tmp_path, data), "data.csv", chunk_bytes=64 * 1024)
    key = profile.column("key").as_json()
    assert key["distinctEstimated"] is True and 50_000 < key["distinct"] < 70_000
    assert key["topValues"] == []
    assert profile.column("flag").as_json()["topValues"] == [["0", 30_000], ["1", 30_000]]


def split_churn(tmp_path, chunk_bytes=8 << 20, **settings):
    path = str(tmp_path / "churn.txt")
    if not (tmp_path / "churn.txt").exists():
        write(tmp_path, churn_bytes(), "churn.txt")
    profile = profile_csv(path, "churn.txt")
    options = {"target": "Churn?", "fraction": 0.2, "seed": 42, "stratify": False, **settings}
    result = split_files(path, "churn.txt", profile, train_path=str(tmp_path / "train.csv"),
                       validation_path=str(tmp_path / "validation.csv"), chunk_bytes=chunk_bytes, **options)
    files = {part: (tmp_path / f"{part}.csv").read_bytes() for part in ("train", "validation")}
    return result, files


def test_churn_default_split_is_exact_and_deterministic(tmp_path):
    result, files = split_churn(tmp_path)
    assert (result["train"]["rows"], result["validation"]["rows"]) == (2666, 667)
    header = churn_bytes().split(b"\r\n", 1)[0] + b"\n"
    for part, data in files.items():
        assert data.startswith(header) and b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")
        assert result[part]["bytes"] == len(data)
    source = set(churn_bytes().replace(b"\r\n", b"\n").split(b"\n")[1:]) - {b""}
    train = files["train"].split(b"\n")[1:-1]
    validation = files["validation"].split(b"\n")[1:-1]
    assert set(train) | set(validation) == source and not set(train) & set(validation)

    again, files_again = split_churn(tmp_path, chunk_bytes=4096)  # other chunks, same files
    assert again == result and files_again == files
    other, files_other = split_churn(tmp_path, seed=7)
    assert other["validation"]["rows"] == 667 and files_other != files


def test_stratified_split_keeps_the_class_balance(tmp_path):
    result, files = split_churn(tmp_path, stratify=True)
    assert (result["train"]["rows"], result["validation"]["rows"]) == (2666, 667)
    labels = Counter(line.rsplit(b",", 1)[1] for line in files["validation"].split(b"\n")[1:-1])
    assert labels == {b"False.": 570, b"True.": 97}  # 2850 and 483 × 667/3333, largest remainder
    _, again = split_churn(tmp_path, stratify=True)
    assert hashlib.sha256(again["validation"]).digest() == hashlib.sha256(files["validation"]).digest()


@pytest.mark.parametrize(
    "settings, code",
    [({"target": "nope"}, "target-not-found"), ({"target": "Phone", "stratify": True}, "too-many-classes")],
)
def test_split_refusals(tmp_path, settings, code):
    with pytest.raises(DatasetError) as raised:
        split_churn(tmp_path, **settings)
    assert raised.value.code == code
    assert not list(tmp_path.glob("*.part")) and not (tmp_path / "train.csv").exists()


def test_too_few_rows(tmp_path):
    path = write(tmp_path, HEADER + rows_of(2))
    profile = profile_csv(path, "data.csv")
    with pytest.raises(DatasetError) as raised:
        split_files(path, "data.csv", profile, target="Churn?", fraction=0.1, seed=1, stratify=False,
                  train_path=str(tmp_path / "t.csv"), validation_path=str(tmp_path / "v.csv"))
    assert raised.value.code == "too-few-rows"


def test_a_cancelled_split_leaves_no_file(tmp_path):
    path = write(tmp_path, churn_bytes(), "churn.txt")
    profile = profile_csv(path, "churn.txt")
    calls = []
    with pytest.raises(Cancelled):
        split_files(path, "churn.txt", profile, target="Churn?", fraction=0.2, seed=42, stratify=False,
                  train_path=str(tmp_path / "t.csv"), validation_path=str(tmp_path / "v.csv"),
                  chunk_bytes=4096, cancelled=lambda: calls.append(1) or len(calls) > 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["churn.txt"]


def test_a_large_file_gets_statistics_from_a_sample_and_an_exact_stratified_split(tmp_path):
    path = write(tmp_path, churn_bytes(), "churn.txt")
    profile = profile_csv(path, "churn.txt", chunk_bytes=4096, exact_bytes=64 * 1024)  # as if it were large
    result = profile.as_json()
    assert result["rows"] == 3333 and 0 < result["sampledRows"] < 3333  # every row read and checked
    churn = next(c for c in result["columns"] if c["name"] == "Churn?")
    assert churn["type"] == "categorical" and churn["distinctEstimated"] is True
    assert abs(sum(n for _value, n in churn["topValues"]) - 3333) <= 2  # scaled to the whole file
    assert [t["name"] for t in result["suggestedTargets"]][:1] == ["Churn?"]
    assert profile_csv(path, "churn.txt").sampled is False  # 0.4 MB: every row counted

    outputs = {"train_path": str(tmp_path / "t.csv"), "validation_path": str(tmp_path / "v.csv")}
    split_files(path, "churn.txt", profile, target="Churn?", fraction=0.2, seed=42, stratify=True, chunk_bytes=4096,
              **outputs)
    labels = Counter(line.rsplit(",", 1)[1] for line in (tmp_path / "v.csv").read_text().splitlines()[1:])
    assert labels == {"False.": 570, "True.": 97}  # the same as from an exact profile


def test_a_stray_quote_in_a_large_file_is_found_quickly(tmp_path):
    import time

    started = time.monotonic()
    error = profile_error(tmp_path, HEADER + b'0,yes,a 5" screen\n' + rows_of(400_000, 1))
    assert (error.code, error.line) == ("malformed-row", 2)
    assert time.monotonic() - started < 30  # linear in the file, not quadratic


@pytest.mark.parametrize("chunk_bytes", [8 << 20, 64, 7])
@pytest.mark.parametrize("end", [b"\n", b"\r\n"])
def test_the_fast_path_finds_each_wrong_or_blank_line(tmp_path, chunk_bytes, end):
    """Unquoted chunks are checked all at once; a wrong line in one is still named."""
    head = HEADER.replace(b"\n", end)
    for bad, line in ((b"7,yes", 9), (b"7,yes,a,b", 9), (b"7,yes,a,b" + end + b"8,no", 9)):
        data = head + rows_of(7, end=end) + bad + end + rows_of(5, 8, end=end)
        error = profile_error(tmp_path, data, chunk_bytes)
        assert (error.code, error.line) == ("malformed-row", line), error.message
    profile = profile_csv(write(tmp_path, head + rows_of(7, end=end) + end + rows_of(5, 8, end=end)), "data.csv",
                          chunk_bytes=chunk_bytes)
    assert profile.rows == 12 and {w["code"]: w.get("line") for w in profile.warnings}["blank-lines"] == 9


@pytest.mark.parametrize("chunk_bytes", [8 << 20, 5, 4])
def test_utf8_cut_between_chunks_is_read_and_copied_as_it_is(tmp_path, chunk_bytes):
    data = b"id,Churn?,note\r\n" + b"".join(b"%d,%s,caf\xc3\xa9 \xe2\x82\xac%d\r\n" % (i, b"ja" if i % 2 else b"nee", i)
                                           for i in range(40))
    path = write(tmp_path, data)
    profile = profile_csv(path, "data.csv", chunk_bytes=chunk_bytes)
    assert profile.column("note").as_json()["distinct"] == 40
    split_files(path, "data.csv", profile, target="Churn?", fraction=0.25, seed=3, stratify=True,
              train_path=str(tmp_path / "t.csv"), validation_path=str(tmp_path / "v.csv"), chunk_bytes=chunk_bytes)
    lines = (tmp_path / "t.csv").read_bytes().split(b"\n")[1:-1] + (tmp_path / "v.csv").read_bytes().split(b"\n")[1:-1]
    assert sorted(lines) == sorted(data.split(b"\r\n")[1:-1])


def _parts(path, name, plan, chunk_bytes):
    parts = {"train": b"", "validation": b""}
    for _header, train, validation in split_records(path, name, plan, chunk_bytes=chunk_bytes):
        parts["train"] += train.csv()
        parts["validation"] += validation.csv()
    return parts


@pytest.mark.parametrize("stratify", [False, True])
def test_a_plain_file_is_cut_into_lines_as_the_checking_reader_reads_it(tmp_path, stratify):
    """The fast way (the profile checked the file: only cut it) gives exactly the parts the
    checking reader gives, whatever the chunks."""
    path = write(tmp_path, churn_bytes(), "churn.txt")
    plan = plan_split(path, "churn.txt", profile_csv(path, "churn.txt"), target="Churn?", fraction=0.2, seed=42,
                      stratify=stratify)
    assert plan.eol == b"\r\n"
    checked = SplitPlan.from_json({**plan.as_json(), "eol": None})
    assert SplitPlan.from_json(plan.as_json()).as_json() == plan.as_json()
    fast = _parts(path, "churn.txt", plan, 4096)
    assert fast == _parts(path, "churn.txt", checked, 8 << 20) == _parts(path, "churn.txt", plan, 8 << 20)
    assert fast["validation"].count(b"\n") == 667


def _objects(path, plan, chunk_bytes) -> tuple[bytes, bytes]:
    """The train and validation objects, as the upload sends them."""
    train, validation = zip(*split_csv(path, "data.csv", plan, chunk_bytes=chunk_bytes))
    return b"".join(train), b"".join(validation)


@pytest.mark.parametrize("last", [b"\r\n", b""])
@pytest.mark.parametrize("chunk_bytes", [5, 16, 17, 64, 8 << 20])
def test_a_crlf_file_cut_at_its_crs_gives_its_lines_with_lf(tmp_path, last, chunk_bytes):
    """Cut at CR, a CRLF file's lines come with the LF before them: whatever the chunks
    (a chunk may end between CR and LF), with or without a last line break, the parts are
    those the checking reader makes, and their lines are the file's."""
    data = HEADER.replace(b"\n", b"\r\n") + rows_of(40, end=b"\r\n")[:-2] + last
    path = write(tmp_path, data)
    profile = profile_csv(path, "data.csv")
    assert profile.plain_eol == b"\r\n"
    for stratify in (False, True):
        plan = plan_split(path, "data.csv", profile, target="Churn?", fraction=0.25, seed=5, stratify=stratify)
        checked = SplitPlan.from_json({**plan.as_json(), "eol": None})
        train, validation = _objects(path, plan, chunk_bytes)
        assert (train, validation) == _objects(path, checked, chunk_bytes)
        assert train.startswith(b"id,Churn?,note\n") and validation.startswith(b"id,Churn?,note\n")
        assert train.endswith(b"\n") and validation.endswith(b"\n")
        assert b"\r" not in train + validation and b"\n\n" not in train + validation
        lines = train.split(b"\n")[1:-1] + validation.split(b"\n")[1:-1]
        assert sorted(lines) == sorted(data.rstrip(b"\r\n").split(b"\r\n")[1:])
        assert validation.count(b"\n") == 1 + 10


@pytest.mark.parametrize("data, eol", [
    (HEADER + rows_of(3), b"\n"),
    (HEADER.replace(b"\n", b"\r\n") + rows_of(3, end=b"\r\n"), b"\r\n"),
    (b"\xef\xbb\xbf" + HEADER + rows_of(3), None),  # the BOM is left out
    (HEADER + rows_of(2) + b'2,"yes, quoted",n\n', None),
    (HEADER + rows_of(2) + b"\n" + rows_of(1, 2), None),  # a blank line is skipped
    (HEADER + rows_of(2) + rows_of(1, 2, end=b"\r\n"), None),  # mixed endings become LF
])
def test_only_plain_files_are_cut_without_the_reader(tmp_path, data, eol):
    path = write(tmp_path, data)
    assert profile_csv(path, "data.csv").plain_eol == eol


def test_a_file_changed_after_the_split_is_refused_not_sent(tmp_path):
    path = write(tmp_path, churn_bytes(), "churn.txt")
    plan = plan_split(path, "churn.txt", profile_csv(path, "churn.txt"), target="Churn?", fraction=0.2, seed=42,
                      stratify=False)
    with open(path, "ab") as file:
        file.write(churn_bytes().split(b"\r\n", 1)[1][:200].rsplit(b"\r\n", 1)[0] + b"\r\n")
    with pytest.raises(DatasetError) as raised:
        _parts(path, "churn.txt", plan, 4096)
    assert raised.value.code == "file-changed"
