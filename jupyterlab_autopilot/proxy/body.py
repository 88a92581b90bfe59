"""Request bodies on their way from the browser to AWS.

``StreamingBody`` is a small bounded pipe: the server side ``feed``s chunks as they
arrive (awaiting when the pipe is full, which pauses reading from the browser's
socket), and the upstream client iterates over it. At most ``max_chunks`` chunks are
in memory at any time, whatever the size of the upload.

``BufferedBody`` collects the small bodies of the JSON/query APIs, whose SHA-256 is
part of their signature.
"""
import asyncio

from .aws_chunked import AwsChunkedDecoder
from .errors import ProxyError

_END = object()
_COALESCE_BYTES = 1024 * 1024


def _too_large(limit: int) -> ProxyError:
    return ProxyError(
        413,
        "RequestTooLarge",
        f"The request body is larger than the proxy's limit of {limit} bytes. Use a "
        "multipart upload with smaller parts, or raise AutopilotConfig.max_body_bytes.",
    )


class StreamingBody:
    def __init__(self, limit: int, decoder: AwsChunkedDecoder | None = None, max_chunks: int = 16):
        self._limit = limit
        self._decoder = decoder
        self._queue: asyncio.Queue = asyncio.Queue(maxsize=max_chunks)
        self._received = 0
        self._abandoned = False
        # With aws-chunked, the last decoded piece is held back until the trailing
        # checksum is verified: a body that fails the check never reaches AWS whole,
        # so AWS cannot store it (the Content-Length is never met).
        self._held_back: bytes | None = None

    async def feed(self, chunk: bytes):
        if self._abandoned:
            return  # upstream already answered; drain the browser's remaining bytes
        self._received += len(chunk)
        if self._decoder is None:
            if self._received > self._limit:
                raise _too_large(self._limit)
            await self._put(chunk)
            return
        for piece in self._decoder.feed(chunk):
            if self._decoder.decoded_so_far > self._limit:
                raise _too_large(self._limit)
            if self._held_back is not None:
                await self._put(self._held_back)
            self._held_back = piece

    async def close(self):
        """The browser's body is complete: verify it and let the upstream finish."""
        if self._decoder is not None:
            try:
                self._decoder.finish()
            except ProxyError as error:
                await self.fail(error)
                raise
            if self._held_back is not None:
                await self._put(self._held_back)
                self._held_back = None
        await self._put(_END)

    async def fail(self, error: Exception):
        """Make the upstream request fail (and so never complete) with ``error``."""
        await self._put(error)

    def abandon(self):
        """The upstream no longer reads: stop queueing and free what is queued."""
        self._abandoned = True
        while not self._queue.empty():
            self._queue.get_nowait()

    async def _put(self, item):
        if not self._abandoned:
            await self._queue.put(item)

    async def __aiter__(self):
        pending = None  # an end marker or error found while coalescing
        while True:
            item = pending if pending is not None else await self._queue.get()
            pending = None
            if item is _END:
                return
            if isinstance(item, Exception):
                raise item
            # Coalesce what is already queued into one write: fewer, larger sends to
            # AWS cost less CPU per byte than one send per 64 KiB read from the browser.
            pieces, size = [item], len(item)
            while size < _COALESCE_BYTES and not self._queue.empty():
                following = self._queue.get_nowait()
                if not isinstance(following, bytes):
                    pending = following
                    break
                pieces.append(following)
                size += len(following)
            yield pieces[0] if len(pieces) == 1 else b"".join(pieces)


class BufferedBody:
    def __init__(self, limit: int):
        self._limit = limit
        self._parts: list[bytes] = []
        self._size = 0

    def feed(self, chunk: bytes):
        self._size += len(chunk)
        if self._size > self._limit:
            raise _too_large(self._limit)
        self._parts.append(chunk)

    def value(self) -> bytes:
        return b"".join(self._parts)
