"""Phone numbers as people type them, valid and not, generated from a seed."""

from __future__ import annotations

import random

# National prefixes after the 2018 conversion, landline area codes, service numbers, and the retired 01xx.
LEADS = ["3", "5", "7", "8", "9", "2", "1", "12", "16", "18", "19", "20", "24", "28", "236", "29", "1800", "1900",
         "672", "69", "799", "199", "86", "88", "89", "99", "4", "6", "0"]
PREFIXES = ["0", "", "84", "+84", "840", "+840", "00", "0084", "+", "8484", "+1", "1"]


def generated_numbers(count: int, seed: int) -> list[str]:
    """Valid and invalid shapes: every lead digit pattern, every prefix, random lengths, formatting, junk."""
    rng = random.Random(seed)
    numbers = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.2:
            text = str(rng.randrange(10 ** rng.randint(1, 15)))
        else:
            body = rng.choice(LEADS) + "".join(rng.choice("0123456789") for _ in range(rng.randint(4, 10)))
            text = rng.choice(PREFIXES) + body
        if rng.random() < 0.2:  # the way people type them
            text = rng.choice([" ", ".", "-"]).join(text[i:i + 3] for i in range(0, len(text), 3))
        if rng.random() < 0.05:
            text = f"({text[:3]}) {text[3:]}"
        numbers.append(text)
    return numbers


# Zeros of Unicode decimal-digit runs people's input methods produce: full-width (CJK IMEs), Arabic-Indic, Devanagari,
# Thai, Myanmar; phonenumbers reads some of them as digits.
DIGIT_ZEROS = ("\uff10", "\u0660", "\u0966", "\u0e50", "\u1040")


def in_other_digits(numbers: list[str], seed: int) -> list[str]:
    """The numbers with their ASCII digits (and sometimes the +) written in other scripts, wholly or in part."""
    rng = random.Random(seed)
    result = []
    for text in numbers:
        zero = ord(rng.choice(DIGIT_ZEROS))
        share = rng.choice((1.0, 0.5))
        chars = [chr(zero + int(c)) if c.isdigit() and rng.random() < share else c for c in text]
        if chars and chars[0] == "+" and rng.random() < 0.5:
            chars[0] = "\uff0b"  # full-width plus
        result.append("".join(chars))
    return result
