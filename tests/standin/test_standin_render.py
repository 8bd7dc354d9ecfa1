"""A reply with no delay is rendered in one go; it must be the bytes of one-by-one rendering."""

from __future__ import annotations

import pytest

from provider.standin import Scenario
from provider.standin.prediction import StandInPrediction

CHUNKS = ["Hello", "\n", "\n\n", " world", "a\r\nb", "```\n", " Привет", "", " 🙂"]


def prediction(scenario: Scenario) -> StandInPrediction:
    return StandInPrediction(
        id="p",
        model="meta/meta-llama-3-8b-instruct",
        version="v",
        input={},
        scenario=scenario,
        script=list(scenario.chunks or []),
        stream_token="t",
        created=1_700_000_000.5,
    )


@pytest.mark.parametrize("line_ending", ["\n", "\r\n", "\r"])
def test_rendering_at_once_matches_rendering_one_by_one(line_ending: str) -> None:
    scenario = Scenario(chunks=CHUNKS, line_ending=line_ending)
    at_once, one_by_one = prediction(scenario), prediction(scenario)
    at_once._emit_all(len(CHUNKS))
    for index in range(len(CHUNKS)):
        one_by_one._emit(index, len(CHUNKS))
    assert at_once.output == one_by_one.output == CHUNKS
    assert len(at_once.events) == len(one_by_one.events) == len(CHUNKS)
    assert at_once.events.read(0, at_once.events.nbytes) == one_by_one.events.read(
        0, one_by_one.events.nbytes
    )
    for index in range(len(CHUNKS)):
        assert at_once.events.span(index, index + 1) == one_by_one.events.span(index, index + 1)
    assert at_once.events.index_after("1700000000:3") == 4
