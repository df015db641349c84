"""BizPhone call flows: checking a ``callFlow`` and playing it out for one answered call.

A flow is a list of steps: ``play`` (a message), ``gather`` (a message, then digit branches, each with its own
nested ``callFlow``; "the default branch" takes no or another key, and may also have a digit, as the document's
``{"digit": "0", "default": "true"}``) and ``transfer`` (to ``Ext:<number>``, the document's one form).
Where seed 004 is silent, the ``bizphone_lenient_*`` switches of :class:`SimulatorConfig` decide; strict accepts
only what the document shows: keys "0".."9", one default branch per gather, ``Ext:<number>`` transfers, ``default``
as the strings "true"/"false". Always: at most one default branch ("the default branch"), no key twice, a branch
without a digit is the default. [UNDOC] playing choices: the chosen branch's flow replaces the steps after the
gather; a gather with no matching branch and no default ends the call; a transfer ends the flow.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from desktop.simulator.config import SimulatorConfig
from desktop.simulator.validation import Invalid, Problem, check, optional, require

E164 = re.compile(r"^\+?[1-9]\d{1,14}$")
EXTENSION = re.compile(r"^Ext:\d+$")
DIGITS = set("0123456789")
MAX_MESSAGE = 1000
CHARS_PER_SECOND = 14.0
PROMPT_WAIT = 4.0  # seconds a gather waits for a digit on each try


def check_flow(flow: object, where: str, config: SimulatorConfig) -> None:
    """Raise Invalid at the first thing wrong in a ``callFlow`` object (recursively)."""
    check(isinstance(flow, dict), where, "must be an object")
    steps = require(flow, "steps", list, f"{where}.")  # type: ignore[arg-type]
    check(len(steps) > 0, f"{where}.steps", "at least one step")
    for index, step in enumerate(steps):
        here = f"{where}.steps[{index}]"
        check(isinstance(step, dict), here, "must be an object")
        name = require(step, "name", str, f"{here}.")
        check(name in ("play", "gather", "transfer"), f"{here}.name", "play, gather or transfer")
        if name == "transfer":
            destination = require(step, "destination", str, f"{here}.")
            phone = config.bizphone_lenient_phone_transfers and bool(E164.match(destination))
            check(bool(EXTENSION.match(destination)) or phone, f"{here}.destination",
                  "Ext:<number> or E.164" if config.bizphone_lenient_phone_transfers else "Ext:<number>")
            continue
        check_message(require(step, "message", dict, f"{here}."), f"{here}.message")
        if name == "gather":
            retries = optional(step, "maxRetries", int, 3, f"{here}.")
            check(retries >= 0, f"{here}.maxRetries", "0 or more")
            check_branches(require(step, "branches", list, f"{here}."), f"{here}.branches", config)


def check_message(message: dict, where: str) -> None:
    text = require(message, "msg", str, f"{where}.")
    check(0 < len(text) <= MAX_MESSAGE, f"{where}.msg", f"1..{MAX_MESSAGE} characters")
    gender = optional(message, "gender", str, "male", f"{where}.")
    check(gender in ("male", "female"), f"{where}.gender", "male or female")
    optional(message, "lang", str, "en", f"{where}.")
    for name in ("pitch", "rate"):
        value = optional(message, name, int, 5, f"{where}.")
        check(0 <= value <= 9, f"{where}.{name}", "0..9")


def is_default(branch: dict, where: str, config: SimulatorConfig) -> bool:
    value = branch.get("default", "false")
    if config.bizphone_lenient_boolean_default:
        check(value in ("true", "false", True, False), f"{where}.default", '"true", "false" or a boolean')
    else:
        check(value in ("true", "false"), f"{where}.default", '"true" or "false"')
    return value in ("true", True)


def check_branches(branches: list, where: str, config: SimulatorConfig) -> None:
    check(len(branches) > 0, where, "at least one branch")
    digits: set[str] = set()
    defaults = 0
    for index, branch in enumerate(branches):
        here = f"{where}[{index}]"
        check(isinstance(branch, dict), here, "must be an object")
        default = is_default(branch, here, config)
        defaults += default
        digit = branch.get("digit")
        if digit is None:
            if not default:
                raise Invalid(Problem.MISSING, f"{here}.digit", "a non-default branch needs a digit")
        else:
            keys = DIGITS | {"*", "#"} if config.bizphone_lenient_star_hash_keys else DIGITS
            check(isinstance(digit, str) and digit in keys, f"{here}.digit",
                  '"0".."9", "*" or "#"' if config.bizphone_lenient_star_hash_keys else '"0".."9"')
            check(digit not in digits, f"{here}.digit", f"digit {digit} appears twice")
            digits.add(digit)
        check_flow(branch.get("callFlow"), f"{here}.callFlow", config)
    check(defaults <= 1, where, "at most one default branch")
    check(defaults == 1 or config.bizphone_lenient_no_default_branch, where, "a default branch")


def fill(text: str, properties: dict) -> str:
    """``{{key}}`` placeholders replaced by the destination's properties (unknown ones left as they are)."""
    return re.sub(r"\{\{(\w+)\}\}", lambda m: str(properties.get(m[1], m[0])), text)


@dataclass
class StepRun:
    """One step as it ran: finished ``at`` seconds after the callee answered."""

    at: float
    name: str
    pressed: str = ""
    transfer_status: str = ""
    transfer_to: str = ""


@dataclass
class FlowRun:
    steps: list[StepRun] = field(default_factory=list)
    seconds: float = 0.0


def play_out(flow: dict, properties: dict, rng: random.Random, press_probability: float) -> FlowRun:
    """What an answered callee hears and presses, step by step, and how long it all takes."""
    run = FlowRun()
    _play_steps(flow["steps"], properties, rng, press_probability, run)
    return run


def _speech(message: dict, properties: dict) -> float:
    return max(1.5, len(fill(message["msg"], properties)) / CHARS_PER_SECOND)


def _play_steps(steps: list[dict], properties: dict, rng: random.Random, press: float, run: FlowRun) -> None:
    for step in steps:
        if step["name"] == "play":
            run.seconds += _speech(step["message"], properties)
            run.steps.append(StepRun(run.seconds, "play"))
        elif step["name"] == "gather":
            digits = sorted(b["digit"] for b in step["branches"] if b.get("digit") is not None)
            pressed = ""
            for _ in range(max(1, step.get("maxRetries", 3))):
                run.seconds += _speech(step["message"], properties) + rng.uniform(1.0, PROMPT_WAIT)
                if digits and rng.random() < press:
                    pressed = rng.choice(digits)
                    break
            run.steps.append(StepRun(run.seconds, "gather", pressed=pressed))
            branch = next((b for b in step["branches"] if b.get("digit") == pressed and pressed),
                          next((b for b in step["branches"] if b.get("default") in ("true", True)), None))
            if branch is not None:
                _play_steps(branch["callFlow"]["steps"], properties, rng, press, run)
            return
        else:
            outcome = rng.choices(["answered", "no_answer", "busy"], [0.7, 0.2, 0.1])[0]
            run.seconds += rng.uniform(5.0, 15.0) + (rng.uniform(20.0, 120.0) if outcome == "answered" else 0.0)
            run.steps.append(StepRun(run.seconds, "transfer", transfer_status=outcome,
                                     transfer_to=step["destination"]))
            return
