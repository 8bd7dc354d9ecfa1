"""Short texts the window shows for a model and for a reply's metrics."""

from __future__ import annotations

from typing import Any


def short_model_name(model: str) -> str:
    """'meta/meta-llama-3-70b-instruct:abc1' -> 'meta-llama-3-70b-instruct'."""
    return model.strip().rsplit("/", 1)[-1].split(":", 1)[0]


def metrics_summary(metrics: dict[str, Any] | None) -> str:
    """'0.42 s to first token · 51.3 tokens/s · 512 tokens', from whatever was reported."""
    if not metrics:
        return ""
    parts = []
    if isinstance(first := metrics.get("time_to_first_token"), int | float):
        parts.append(f"{first:.2f} s to first token")
    if isinstance(rate := metrics.get("tokens_per_second"), int | float):
        parts.append(f"{rate:.1f} tokens/s")
    if isinstance(count := metrics.get("output_token_count"), int):
        parts.append(f"{count} tokens")
    return " · ".join(parts)
