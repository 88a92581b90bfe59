"""Simulated time: every status transition is a function of timestamps, so it is deterministic.

``SimulatedClock`` scales wall time by ``speed``; ``ManualClock`` only moves when a test
advances it. Both report wall-clock-like epoch seconds for AWS timestamps.
"""
import threading
import time


class SimulatedClock:
    def __init__(self, speed=1.0):
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = float(speed)

    def now(self):
        """Epoch seconds, used for the timestamps AWS returns."""
        return time.time()

    def elapsed(self, since):
        """Simulated seconds since the epoch time ``since`` (wall seconds times speed)."""
        return max(0.0, (self.now() - since) * self.speed)


class ManualClock(SimulatedClock):
    """A clock for tests: time stands still until ``advance`` is called."""

    def __init__(self, start=None, speed=1.0):
        super().__init__(speed)
        self._now = time.time() if start is None else float(start)
        self._lock = threading.Lock()

    def now(self):
        with self._lock:
            return self._now

    def advance(self, simulated_seconds):
        with self._lock:
            self._now += simulated_seconds / self.speed
