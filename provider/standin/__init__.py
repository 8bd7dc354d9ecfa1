"""A local stand-in for Replicate's HTTP API, for tests, benchmarks and the app's demo mode.

It speaks the real protocol (JSON endpoints, problem+json errors, the SSE stream) over
loopback HTTP and plays scripted scenarios, faults included. It never imports the GUI.
"""

from __future__ import annotations

from provider.standin.catalog import CATALOG, CatalogModel
from provider.standin.demo import demo_chunks, demo_reply, last_user_message, tokenize
from provider.standin.prediction import StandInPrediction
from provider.standin.scenario import Scenario, expected_text
from provider.standin.server import STANDIN_TOKEN, STANDIN_USER, RecordedRequest, StandIn

__all__ = [
    "CATALOG",
    "STANDIN_TOKEN",
    "STANDIN_USER",
    "CatalogModel",
    "RecordedRequest",
    "Scenario",
    "StandIn",
    "StandInPrediction",
    "demo_chunks",
    "demo_reply",
    "expected_text",
    "last_user_message",
    "tokenize",
]
