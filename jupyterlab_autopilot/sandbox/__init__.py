"""An offline sandbox: moto plus an Autopilot simulator, so the whole flow runs with no AWS account.

    with start_sandbox(speed=20) as sandbox:
        env = sandbox.child_environment()   # for a Jupyter server that should use it
"""
from .clock import ManualClock, SimulatedClock
from .faults import FaultClient
from .launcher import Sandbox, start_sandbox

__all__ = ["start_sandbox", "Sandbox", "FaultClient", "ManualClock", "SimulatedClock"]
