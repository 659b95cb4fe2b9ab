"""The short fuzz profile inside `make test`: each target of fuzz/ (the loader, expressions,
run files) tries a few dozen Hypothesis inputs and must find no crash and no hang.
`make fuzz` runs the same targets with 10,000 inputs each. The short profile is
derandomized: the same inputs every run, so it cannot be flaky."""

from __future__ import annotations

import pytest

from fuzz.targets import TARGETS

SHORT = 60


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_short_fuzz_finds_no_crash_and_no_hang(name):
    tally = TARGETS[name](SHORT, 60.0, derandomize=True)
    assert tally.crashes == 0 and tally.hangs == 0, tally.failure
    assert tally.inputs >= SHORT
    assert tally.valid > 0, "some inputs get past validation, so the play/report path is fuzzed too"
