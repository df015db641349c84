"""The provider simulator: VBot, NXCLOUD Callbot and BizPhone Robo call on one loopback server.

It is the demo mode's provider and the end-to-end tests' peer. It never imports ``desktop.providers``:
it was written from the same documents as the clients, independently, so a misreading cannot hide by
being shared.
"""

from desktop.simulator.app import Simulator
from desktop.simulator.config import SimulatorConfig
from desktop.simulator.server import RunningSimulator

__all__ = ["RunningSimulator", "Simulator", "SimulatorConfig"]
