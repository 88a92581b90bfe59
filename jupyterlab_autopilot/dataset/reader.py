"""Streaming, validating CSV reading of a file on the server's disk.

One pass, large buffered reads, constant memory. Every chunk is checked to be strict UTF-8,
but records are cut from the bytes as read: UTF-8 keeps ",", '"', CR and LF as themselves, so
nothing is lost, and a chunk whose line breaks are all CRLF (or all LF) is not copied to
normalise them. Chunks without a double quote take a fast path: their field counts are
checked by comparing the chunk's commas and line breaks with those of full lines (no Python
work per row), and their lines are split only when asked. Chunks with quotes are cut where
the quotes are balanced, normalised to LF, decoded and parsed by the csv module, so quoted
fields with commas or newlines work.

Every problem that makes the file unusable raises ``DatasetError`` with the line (1-based,
the header is line 1); problems Autopilot copes with become warnings.
"""
import codecs
import csv
import io
import os
import re
from collections.abc import Callable, Iterator
from itertools import repeat

from .errors import Cancelled, DatasetError

# Small enough that a chunk, and what each pass over it makes, stay in the CPU's cache from one
# pass to the next: with 2 MiB chunks the profile of a 500 MB file took 1.03 s instead of 0.77, and
# the split's cut 0.88 s instead of 0.78 (the bench machine); each chunk is still one read.
CHUNK_BYTES = 512 * 1024
_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# What people most often pick by mistake, recognised by their first bytes.
_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook is one)"),
    (b"\x1f\x8b", "gzip-compressed"),
    (b"PAR1", "a Parquet file"),
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls workbook"),
    (b"%PDF", "a PDF document"),
)
# A record longer than this is a quote that never closes, or no CSV at all.
_MAX_RECORD_BYTES = 16 * 1024 * 1024
_LF_WITHOUT_CR = re.compile(rb"(?<!\r)\n")
_CR_WITHOUT_LF = re.compile(rb"\r(?!\n)")
_ALL_BUT_SEPARATORS = bytes(sorted(set(range(256)) - set(b",\r\n")))


class ReadAlone(Exception):
    """The part another process checked is not plain: the whole file is to be read again
    by one reader, so that what it says is what a single reader says."""


class Batch:
    """Consecutive records. Without a double quote among them, ``lines``: each record's
    UTF-8 bytes, one per line, fields split on commas (cut from the chunk when first asked
    for: the profile never asks for most chunks); else ``rows`` parsed by the csv module."""

    def __init__(self, *, text: bytes | None = None, eol: bytes = b"\n", count: int = 0,
                 lines: list[bytes] | None = None, rows: list[list[str]] | None = None):
        self._text, self._eol, self._lines, self.rows = text, eol, lines, rows
        self._count = count if text is not None else len(lines if lines is not None else rows)

    def __len__(self):
        return self._count

    @property
    def lines(self) -> list[bytes] | None:
        if self._lines is None and self._text is not None:
            self._lines, self._text = self._text.split(self._eol), None
        return self._lines

    def pieces(self, size: int) -> list["Batch"]:
        """The records, ``size`` at a time."""
        if len(self) <= size:
            return [self]
        records = self.rows if self.rows is not None else self.lines
        kind = "rows" if self.rows is not None else "lines"
        return [Batch(**{kind: records[at:at + size]}) for at in range(0, len(records), size)]

    def columns(self, width: int) -> list[list[str]]:
        """The records' values, column by column."""
        if self.rows is not None:
            return [list(column) for column in zip(*self.rows)]
        # One split of all the lines, then strided slices: no Python work per value.
        flat = b",".join(self.lines).decode("utf-8").split(",")
        return [flat[index::width] for index in range(width)]


class _LineEndings:
    """Counts LF and CRLF endings and remembers where a second style first appears."""

    def __init__(self):
        self.crlf = 0
        self.lf = 0
        self.cr = 0
        self.first_other_line: int | None = None
        self.first_style: str | None = None

    def scan(self, data: bytes, line_before: int) -> tuple[bytes, bytes, bytes, int]:
        """(data, its separators, its line ending, its number of line breaks), counting the
        endings on the way: data as it is when all its breaks are CRLF or all LF, else with
        LF endings. The separators (commas and line breaks only, in order: a twentieth of
        the data) are what the counting, and then the check of the field counts, look at."""
        seps = data.translate(None, _ALL_BUT_SEPARATORS)
        crlf = cr = 0
        original = data
        eol = b"\n"
        if b"\r" in seps:  # counts and replaces only when needed
            crlf = seps.count(b"\r\n")
            cr = seps.count(b"\r") - crlf
            newlines = seps.count(b"\n")
            breaks = newlines + cr
            if not cr and newlines == crlf:
                eol = b"\r\n"
            else:
                for before in (b"\r\n", b"\r") if cr else (b"\r\n",):
                    data, seps = data.replace(before, b"\n"), seps.replace(before, b"\n")
        else:
            breaks = seps.count(b"\n")
        lf = breaks - crlf - cr
        for style, count, pattern in (("CRLF", crlf, None), ("LF", lf, _LF_WITHOUT_CR), ("CR", cr, _CR_WITHOUT_LF)):
            if not count:
                continue
            if self.first_style is None:
                self.first_style = style
            elif style != self.first_style and self.first_other_line is None:
                position = pattern.search(original).start() if pattern else original.index(b"\r\n")
                self.first_other_line = line_before + original.count(b"\n", 0, position) + 1
        self.crlf += crlf
        self.lf += lf
        self.cr += cr
        return data, seps, eol, breaks

    def warning(self) -> dict | None:
        styles = [name for name, n in (("CRLF", self.crlf), ("LF", self.lf), ("CR", self.cr)) if n]
        if len(styles) < 2:
            return None
        return {
            "code": "mixed-line-endings",
            "message": "The file mixes line endings (%s); line %d is the first whose ending differs from "
            "line 1's. All are read as line breaks, and the train and validation data use LF." % (
                ", ".join(styles), self.first_other_line),
            "line": self.first_other_line,
        }


class CsvReader:
    """Reads ``path`` once: ``header`` after the first batch, then ``batches()`` of records.

    ``name`` is how messages call the file (its Contents path). ``progress(done_bytes)`` is
    called after each chunk; ``cancelled()`` is checked before each chunk.
    """

    def __init__(
        self,
        path: str,
        name: str,
        *,
        chunk_bytes: int = CHUNK_BYTES,
        progress: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        start: int = 0,
        header: list[str] | None = None,
    ):
        """``start`` (a line's first byte) and ``header`` read the file from a line after
        the header, as ``range_check`` does for a part of the file."""
        self.path = path
        self.name = name
        self.chunk_bytes = chunk_bytes
        self._start = start
        self._stop: int | None = None  # where ``_rest`` checks the file on
        self._rest = None
        self._progress = progress or (lambda _done: None)
        self._cancelled = cancelled or (lambda: False)
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            raise DatasetError("not-found", f"{name} does not exist. Choose a CSV file in the file browser.") from None
        if not os.path.isfile(path):
            raise DatasetError("not-found", f"{name} is not a file. Choose a CSV file in the file browser.")
        self.size, self.mtime_ns = stat.st_size, stat.st_mtime_ns
        self.header: list[str] | None = None
        self.width = 0
        self.rows = 0
        self.bom = False
        self._endings = _LineEndings()
        self._blank_lines = 0
        self._first_blank_line: int | None = None
        self._quoted_newline_rows = 0
        self._first_quoted_newline_line: int | None = None
        self._quoted = False
        self.handing_over = False  # ``batches()`` ended where ``rest`` checks on: ``take_rest`` is to come
        if header is not None:
            self.header, self.width = header, len(header)

    def check_rest_with(self, start: int, rest):
        """From ``start`` (a line's first byte) on, ``rest`` (a ``RangeCheck``, another
        process) checks the file while this reader reads up to there. If this part is
        plain, ``batches()`` ends there and ``handing_over`` is set: the caller may read
        ``sample_batches`` meanwhile, then ``take_rest``. As soon as this part is not
        plain, this reader reads on by itself; when that is only known at ``start``, it
        raises ``ReadAlone``. Either way every message, and the sample, are those of one
        reader reading the whole file."""
        self._stop, self._rest = start, rest

    def _read_size(self, done: int) -> int:
        """How much to read next: 0 ends the reading where ``_rest`` takes over."""
        if self._stop is None:
            return self.chunk_bytes
        left = self._stop - self._start - done
        if self.plain_eol() is None:  # this reader's rules are needed past the cut
            if left <= 0:  # the last read stopped short at the cut: reading on would not be one reader's reading
                raise ReadAlone()
            self._rest.close()
            self._stop, self._rest = None, None
            return self.chunk_bytes
        if left > 0:
            return min(self.chunk_bytes, left)
        self.handing_over = True
        return 0

    def take_rest(self):
        """Waits for ``rest``, and takes its counts when it found its part plain and full,
        in this part's line ending; else raises ``ReadAlone``."""
        done, rest = self._stop - self._start, self._rest
        summary = rest.wait(lambda rest_done: self._progress(done + rest_done), self._cancelled)
        self._rest, self.handing_over = None, False
        endings = self._endings
        if summary is None or summary["style"] != endings.first_style:
            raise ReadAlone()
        self.rows += summary["rows"]
        endings.crlf, endings.lf = endings.crlf + summary["crlf"], endings.lf + summary["lf"]

    def sample_batches(self, stride: int) -> Iterator[Batch]:
        """Every ``stride``-th chunk of the part handed over, cut to whole lines: what the
        profile's sample takes from there, read while ``rest`` checks it (so only worth
        keeping once ``take_rest`` has taken it). Reports progress, and stops on cancel."""
        eol = self.plain_eol()
        with open(self.path, "rb", buffering=0) as file:
            for offset in range(self._stop + self.chunk_bytes * (stride - 1), self.size, self.chunk_bytes * stride):
                if self._cancelled():
                    raise Cancelled()
                self._progress(self._stop - self._start + self._rest.done)
                file.seek(offset)
                data = file.read(self.chunk_bytes)
                first, last = data.find(eol), data.rfind(eol)
                if first < 0 or last <= first:
                    continue
                text = data[first + len(eol):last]
                yield Batch(text=text, eol=eol, count=text.count(eol) + 1)

    # -- text ---------------------------------------------------------------------------

    def _chunks(self) -> Iterator[tuple[bytes, bytes, bytes, int, int]]:
        """(UTF-8 text, its separators, its line ending, the line it starts on, its line
        breaks), chunk by chunk."""
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        done = 0
        line = 1  # physical line at the start of the next text
        pending_cr = b""
        with open(self.path, "rb", buffering=0) as file:
            file.seek(self._start)
            while True:
                if self._cancelled():
                    raise Cancelled()
                raw = file.read(self._read_size(done))
                if done == 0 and self._start == 0:
                    raw = self._check_start(raw)
                if b"\x00" in raw:
                    at = line + raw.count(b"\n", 0, raw.index(b"\x00"))
                    raise DatasetError(
                        "binary-file",
                        f"{self.name} is not a text file: line {at} contains a NUL byte. Autopilot needs a "
                        "CSV text file; export the data as CSV (UTF-8).",
                        line=at,
                    )
                try:
                    # Checked, not kept. ASCII is UTF-8: only a multi-byte character cut
                    # by the previous chunk (the decoder's state) needs the decoder then.
                    if not raw.isascii() or decoder.getstate()[0]:
                        decoder.decode(raw, final=not raw)
                except UnicodeDecodeError as error:
                    at = line + raw.count(b"\n", 0, max(0, error.start))
                    byte = raw[error.start:error.start + 1].hex() if 0 <= error.start < len(raw) else "end"
                    raise DatasetError(
                        "not-utf8",
                        f"{self.name} is not UTF-8: line {at} has the byte 0x{byte}, which UTF-8 does not allow. "
                        "Save the file as UTF-8 (in Excel: \"CSV UTF-8\"; or `iconv -f latin1 -t utf-8`) and "
                        "choose it again.",
                        line=at,
                    ) from None
                done += len(raw)
                data = pending_cr + raw
                pending_cr = b""
                if raw and data.endswith(b"\r"):  # its LF may start the next chunk
                    data, pending_cr = data[:-1], b"\r"
                data, seps, eol, breaks = self._endings.scan(data, line - 1)
                yield data, seps, eol, line, breaks
                line += breaks
                self._progress(done + (self._rest.done if self._rest is not None else 0))
                if not raw:
                    return

    def _check_start(self, raw: bytes) -> bytes:
        if not raw:
            raise DatasetError("empty-file", f"{self.name} is empty. Choose a CSV file with a header row and data rows.")
        if raw.startswith(_UTF16_BOMS):
            raise DatasetError(
                "not-utf8",
                f"{self.name} is UTF-16 text, not UTF-8. Save it as UTF-8 (in Excel: \"CSV UTF-8\") and choose it again.",
                line=1,
            )
        for signature, what in _SIGNATURES:
            if raw.startswith(signature):
                raise DatasetError(
                    "binary-file",
                    f"{self.name} is {what}, not a CSV text file. Export or extract the data as CSV (UTF-8) "
                    "and choose that file.",
                    line=1,
                )
        if raw.startswith(_BOM):
            self.bom = True
            return raw[len(_BOM):]
        return raw

    # -- records ------------------------------------------------------------------------

    def batches(self) -> Iterator[Batch]:
        """Data records (the header excluded), validated, in order."""
        carry = carry_seps = b""  # the start of the next record: LF endings when it has any
        carry_line = 1
        carry_breaks = 0
        for data, seps, eol, line, breaks in self._chunks():
            if carry:
                if carry_breaks and eol != b"\n":
                    data, seps, eol = data.replace(eol, b"\n"), seps.replace(eol, b"\n"), b"\n"
                data, seps, line, breaks = carry + data, carry_seps + seps, carry_line, breaks + carry_breaks
            cut = self._balanced_cut(data, eol)
            if cut < 0:
                if len(data) > _MAX_RECORD_BYTES:
                    if b'"' in data:
                        self._unclosed_quote(line)
                    raise DatasetError(
                        "malformed-row",
                        f"{self.name}: line {line} is more than {_MAX_RECORD_BYTES // 2**20} MiB long "
                        "without a line break. Autopilot needs one row per line; check that this is a CSV file.",
                        line=line,
                    )
                if eol != b"\n":
                    data, seps = data.replace(eol, b"\n"), seps.replace(eol, b"\n")
                carry, carry_seps, carry_line, carry_breaks = data, seps, line, breaks
                continue
            complete, carry = data[:cut], data[cut + len(eol):]
            carry_breaks = carry.count(eol)  # the carry is a line's start: short
            if carry_breaks:  # a quoted record goes on: its separators are found again
                complete_seps = None
                carry = carry.replace(eol, b"\n") if eol != b"\n" else carry
                carry_seps = carry.translate(None, _ALL_BUT_SEPARATORS)
            else:  # the cut is the last line break, in the data and in its separators
                at = seps.rfind(eol)
                complete_seps, carry_seps = seps[:at], seps[at + len(eol):]
            carry_line = line + breaks - carry_breaks
            batch = self._records(complete, eol, line, breaks - carry_breaks - 1, complete_seps)
            if batch is not None and len(batch):
                yield batch
        if carry.strip(b"\n"):
            if carry.count(b'"') % 2:
                self._unclosed_quote(carry_line)
            batch = self._records(carry, b"\n" if carry_breaks else eol, carry_line, carry_breaks, carry_seps)
            if batch is not None and len(batch):
                yield batch
        if self.header is None:
            raise DatasetError("empty-file", f"{self.name} has no header row, only blank lines. Choose a CSV file "
                               "with a header row and data rows.")
        if self.rows == 0:
            raise DatasetError(
                "header-only",
                f"{self.name} has a header row but no data rows. Autopilot needs data rows; choose the full file.",
                line=1,
            )

    @staticmethod
    def _balanced_cut(text: bytes, eol: bytes) -> int:
        """Where the last line break outside quotes starts (-1 when there is none yet)."""
        cut = text.rfind(eol)
        if b'"' not in text:
            return cut
        quotes_before = text.count(b'"', 0, cut) if cut >= 0 else 0
        while cut >= 0 and quotes_before % 2:  # step back a line at a time: linear, not quadratic
            previous = text.rfind(eol, 0, cut)
            quotes_before -= text.count(b'"', previous + 1, cut)
            cut = previous
        return cut

    def _all_full(self, text: bytes, eol: bytes, breaks: int, seps: bytes | None) -> bool:
        """Every line of ``text`` has exactly ``width`` fields: checked in C, over the whole
        chunk at once, by comparing its separators with those of full lines."""
        if seps is None:
            seps = text.translate(None, _ALL_BUT_SEPARATORS)
        commas = b"," * (self.width - 1)
        return seps == (commas + eol) * breaks + commas

    def _records(self, text: bytes, eol: bytes, line: int, breaks: int, seps: bytes | None) -> Batch | None:
        """The records of ``text``: whole lines, ``breaks`` line breaks between them,
        ``seps`` its separators (None: not known)."""
        if b'"' in text:
            if eol != b"\n":
                text = text.replace(eol, b"\n")
            self._quoted = True
            return self._slow_records(text.decode("utf-8"), line)
        # With one field per line, a blank line would pass as a full one: those files go the
        # per-line way, and so do chunks with a blank or a wrong line, to say which.
        if self.header is not None and self.width > 1 and self._all_full(text, eol, breaks, seps):
            self.rows += breaks + 1
            return Batch(text=text, eol=eol, count=breaks + 1)
        lines = text.split(eol)
        if self.header is None:
            while lines and not lines[0]:
                self._note_blank(line)
                lines.pop(0)
                line += 1
            if not lines:
                return None
            self._set_header(lines.pop(0).decode("utf-8").split(","))
            line += 1
        expected = self.width - 1
        if lines.count(b""):
            kept = []
            for offset, record in enumerate(lines):
                if record:
                    kept.append(record)
                else:
                    self._note_blank(line + offset)
        else:
            kept = lines
        counts = set(map(bytes.count, kept, repeat(b",")))
        if counts and counts != {expected}:
            for offset, record in enumerate(lines):
                if record and record.count(b",") != expected:
                    self._wrong_width(line + offset, record.count(b",") + 1)
        self.rows += len(kept)
        return Batch(lines=kept)

    def _slow_records(self, text: str, line: int) -> Batch | None:
        # The added LF ends the last record, so that a trailing empty line is seen as blank.
        reader = csv.reader(io.StringIO(text + "\n"), strict=True)
        rows = []
        previous = 0
        try:
            for row in reader:
                start = line + previous
                spanned = reader.line_num - previous
                previous = reader.line_num
                if not row:
                    self._note_blank(start)
                    continue
                if spanned > 1:
                    self._quoted_newline_rows += 1
                    if self._first_quoted_newline_line is None:
                        self._first_quoted_newline_line = start
                if self.header is None:
                    self._set_header(row)
                    continue
                if len(row) != self.width:
                    self._wrong_width(start, len(row))
                rows.append(row)
        except csv.Error as error:
            at = line + previous
            raise DatasetError(
                "malformed-row",
                f"{self.name}: line {at} cannot be read as CSV ({error}). Put fields that contain quotes in "
                'double quotes and double the quotes inside them ("" for ").',
                line=at,
            ) from None
        self.rows += len(rows)
        return Batch(rows=rows)

    def _unclosed_quote(self, line: int):
        raise DatasetError(
            "malformed-row",
            f"{self.name}: a double quote on line {line} or soon after is never closed. Add the missing "
            'double quote, or double the quotes inside quoted fields ("" for ").',
            line=line,
        )

    def _note_blank(self, line: int):
        self._blank_lines += 1
        if self._first_blank_line is None:
            self._first_blank_line = line

    def _wrong_width(self, line: int, fields: int):
        raise DatasetError(
            "malformed-row",
            f"{self.name}: line {line} has {fields} fields, but the header has {self.width}. Quote fields that "
            'contain commas ("a, b"), or fix the row, then choose the file again.',
            line=line,
            fields=fields,
            expected=self.width,
        )

    def _set_header(self, names: list[str]):
        names = [n.strip() for n in names]
        for index, name in enumerate(names, start=1):
            if not name:
                raise DatasetError(
                    "empty-header",
                    f"{self.name}: column {index} of the header (line 1) has no name. Autopilot needs a name for "
                    "every column; add one to the header row.",
                    line=1,
                    column=index,
                )
        seen = {}
        for index, name in enumerate(names, start=1):
            if name in seen:
                raise DatasetError(
                    "duplicate-header",
                    f"{self.name}: columns {seen[name]} and {index} of the header (line 1) are both named "
                    f"\"{name}\". Autopilot needs unique column names; rename one of them.",
                    line=1,
                    name=name,
                    columns=[seen[name], index],
                )
            seen[name] = index
        self.header = names
        self.width = len(names)

    # -- after reading --------------------------------------------------------------------

    def plain_eol(self) -> bytes | None:
        """The line ending of a plain file: no BOM, no double quote, no blank line, one
        style of line ending (CRLF or LF). Its records are its lines, as read; None for
        any other file (call after ``batches()`` is exhausted)."""
        endings = self._endings
        if self.bom or self._quoted or self._blank_lines or endings.cr or (endings.crlf and endings.lf):
            return None
        return b"\r\n" if endings.crlf else b"\n"

    def lf_bytes(self) -> int:
        """About the file's size once written as the split writes it: without the BOM, LF
        for CRLF (exact for unquoted records; call after ``batches()`` is exhausted)."""
        return self.size - (len(_BOM) if self.bom else 0) - self._endings.crlf

    def warnings(self) -> list[dict]:
        """What was handled, for the user to know (call after ``batches()`` is exhausted)."""
        found = []
        if self.bom:
            found.append({
                "code": "bom",
                "message": "The file starts with a UTF-8 byte order mark (BOM), as Excel writes. It is ignored, "
                "and the train and validation data are uploaded without it.",
                "line": 1,
            })
        endings = self._endings.warning()
        if endings:
            found.append(endings)
        if self._quoted_newline_rows:
            found.append({
                "code": "quoted-newlines",
                "message": "%d row(s) have a quoted field with a line break, the first on line %d. They are read "
                "as one row and kept quoted in the train and validation data. If Autopilot's data analysis rejects them, "
                "replace the line breaks inside those fields." % (
                    self._quoted_newline_rows, self._first_quoted_newline_line),
                "line": self._first_quoted_newline_line,
            })
        if self._blank_lines:
            found.append({
                "code": "blank-lines",
                "message": "%d blank line(s) were skipped, the first on line %d." % (
                    self._blank_lines, self._first_blank_line),
                "line": self._first_blank_line,
            })
        return found
