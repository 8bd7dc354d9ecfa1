"""Short texts the window shows for a model and for a reply's metrics."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject

translate = QCoreApplication.translate
SEPARATOR = " · "  # between the figures; punctuation, the same in every language


def short_model_name(model: str) -> str:
    """'meta/meta-llama-3-70b-instruct:abc1' -> 'meta-llama-3-70b-instruct' (never translated)."""
    return model.strip().rsplit("/", 1)[-1].split(":", 1)[0]


def role_name(role: str, model: str | None) -> str:
    """Who wrote a message, over its text: "You", or the model's short name."""
    if role == "user":
        return translate("MessageWidget", "You")
    return short_model_name(model) if model else translate("MessageWidget", "Assistant")


def body_name(role: str, model: str | None) -> str:
    """What a screen reader calls a message's text: whose it is (the model's name as it is)."""
    if role == "user":
        return translate("MessageWidget", "Your message")
    if model:
        name = short_model_name(model)
        return translate("MessageWidget", "Answer from {model}").format(model=name)
    return translate("MessageWidget", "Answer")


class MetricsSummary(QObject):
    """The translation context of the metrics line.

    A QObject for `self.tr`: pyside6-lupdate marks a plural ("%Ln token(s)") only in tr(), not
    in QCoreApplication.translate().
    """

    def text(self, metrics: dict[str, Any]) -> str:
        locale = (
            QLocale()
        )  # the interface language's numbers (see gui.utils.i18n): "0,42" in Russian
        parts = []
        if isinstance(first := metrics.get("time_to_first_token"), int | float):
            seconds = locale.toString(float(first), "f", 2)
            parts.append(self.tr("{seconds} s to first token").format(seconds=seconds))
        if isinstance(rate := metrics.get("tokens_per_second"), int | float):
            rate_text = locale.toString(float(rate), "f", 1)
            parts.append(self.tr("{rate} tokens/s").format(rate=rate_text))
        if isinstance(count := metrics.get("output_token_count"), int):
            # %Ln: the count with the locale's digit grouping; the plural form follows it.
            parts.append(self.tr("%Ln token(s)", "", count))
        return SEPARATOR.join(parts)


def metrics_summary(metrics: dict[str, Any] | None) -> str:
    """'0.42 s to first token · 51.3 tokens/s · 512 tokens', from whatever was reported."""
    if not metrics:
        return ""
    return MetricsSummary().text(metrics)
