"""Incremental decoder for ``Content-Encoding: aws-chunked`` request bodies.

The browser's SDK v3 wraps S3 uploads this way when it computes a flexible checksum
(a trailer such as ``x-amz-checksum-crc32``) or signs chunk by chunk. The chunk
signatures are made with the browser's dummy credentials, so the proxy cannot forward
them; it decodes the body back to raw bytes, forwards those under its own signature,
and checks the trailing checksum itself (the checksum arrives after the data, too late
to become a header).

Wire format::

    <hex size>[;chunk-signature=<sig>]\\r\\n<data>\\r\\n ... 0[;...]\\r\\n
    [<trailer-name>:<value>\\r\\n]*\\r\\n
"""
import base64
import hashlib
import zlib

from .errors import bad_request

_MAX_LINE = 4096  # a size line or trailer line longer than this is not aws-chunked

_SIZE, _DATA, _DATA_END, _TRAILERS, _DONE = range(5)


def _malformed(detail: str):
    return bad_request(
        "MalformedAwsChunkedBody",
        f"The aws-chunked request body is malformed ({detail}). Retry the upload; if it "
        "keeps failing, set requestChecksumCalculation to 'WHEN_REQUIRED' on the S3 client.",
    )


class _Crc32:
    def __init__(self):
        self.value = 0

    def update(self, data: bytes):
        self.value = zlib.crc32(data, self.value)

    def digest(self) -> bytes:
        return self.value.to_bytes(4, "big")


# Checksums the standard library can verify. Others (crc32c, crc64nvme) are decoded
# but not verified by the proxy; the browser's SDK still verifies downloads itself.
_VERIFIABLE = {
    "x-amz-checksum-crc32": _Crc32,
    "x-amz-checksum-sha1": hashlib.sha1,
    "x-amz-checksum-sha256": hashlib.sha256,
}


class AwsChunkedDecoder:
    """Feed raw body bytes in, get payload bytes out; ``finish`` checks the whole."""

    def __init__(self, decoded_length: int, announced_trailer: str | None = None):
        self.decoded_length = decoded_length
        self.decoded_so_far = 0
        self.trailers: dict[str, str] = {}
        self._state = _SIZE
        self._buffer = bytearray()
        self._remaining_in_chunk = 0
        name = (announced_trailer or "").strip().lower()
        self._checksum_name = name if name in _VERIFIABLE else None
        self._checksum = _VERIFIABLE[name]() if self._checksum_name else None

    def feed(self, data: bytes) -> list[bytes]:
        out: list[bytes] = []
        view = memoryview(data)
        while view:
            if self._state == _DATA:
                piece = view[: self._remaining_in_chunk]
                view = view[len(piece) :]
                self._remaining_in_chunk -= len(piece)
                self._emit(bytes(piece), out)
                if self._remaining_in_chunk == 0:
                    self._state = _DATA_END
                continue
            if self._state == _DONE:
                raise _malformed("bytes after the final chunk")
            # Line-oriented states: size line, CRLF after data, trailer lines.
            # Lines are short, so only a bounded prefix is searched and copied.
            head = bytes(view[: _MAX_LINE + 2 - len(self._buffer)])
            newline = head.find(b"\n")
            if newline < 0:
                self._buffer += head
                view = view[len(head) :]
                if len(self._buffer) > _MAX_LINE:
                    raise _malformed("a size or trailer line is too long")
                continue
            self._buffer += head[: newline + 1]
            view = view[newline + 1 :]
            line = bytes(self._buffer)
            self._buffer.clear()
            if not line.endswith(b"\r\n"):
                raise _malformed("a line does not end with CRLF")
            self._line(line[:-2])
        return out

    def _emit(self, piece: bytes, out: list[bytes]):
        self.decoded_so_far += len(piece)
        if self.decoded_so_far > self.decoded_length:
            raise _malformed("more data than x-amz-decoded-content-length announced")
        if self._checksum is not None:
            self._checksum.update(piece)
        out.append(piece)

    def _line(self, line: bytes):
        if self._state == _SIZE:
            size_text = line.split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise _malformed("a chunk size is not hexadecimal") from None
            if size < 0:
                raise _malformed("a chunk size is negative")
            if size == 0:
                self._state = _TRAILERS
            else:
                self._remaining_in_chunk = size
                self._state = _DATA
        elif self._state == _DATA_END:
            if line:
                raise _malformed("chunk data is longer than its size")
            self._state = _SIZE
        elif self._state == _TRAILERS:
            if not line:
                self._state = _DONE
                return
            name, sep, value = line.decode("latin-1").partition(":")
            if not sep:
                raise _malformed("a trailer line has no ':'")
            self.trailers[name.strip().lower()] = value.strip()

    def finish(self) -> dict[str, str]:
        """Call at the end of the body: raises unless it was complete and intact."""
        # Some encoders omit the blank line after the trailers at the very end.
        complete = self._state == _DONE or (self._state == _TRAILERS and not self._buffer)
        if not complete:
            raise _malformed("the body ended in the middle of a chunk")
        if self.decoded_so_far != self.decoded_length:
            raise _malformed(
                f"{self.decoded_so_far} bytes decoded, x-amz-decoded-content-length "
                f"says {self.decoded_length}"
            )
        if self._checksum_name is not None:
            sent = self.trailers.get(self._checksum_name)
            if sent is None:
                raise _malformed(f"the announced trailer {self._checksum_name} is missing")
            if base64.b64encode(self._checksum.digest()).decode() != sent:
                raise bad_request(
                    "ChecksumMismatch",
                    f"The upload's {self._checksum_name} does not match its data, so it "
                    "was not stored. Retry the upload.",
                )
        return self.trailers
