"""The context gauge beside the composer: "≈ 6.1k of 8k tokens", in a warning colour near the
model's limit, with a tooltip that says what is counted."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from gui.chat.context_plan import GaugeReading
from gui.theme.colours import follow_palette, is_dark_palette, mix

# From this share of the window (the request and the room kept for the reply), the gauge warns.
WARN_SHARE = 0.85
# (light theme, dark theme): amber that reads at 4.5:1 or better on the window's background.
WARNING_COLOURS = {False: "#8a4b00", True: "#ffc266"}


def compact(tokens: int, *, window: bool = False) -> str:
    """812, 6.1k, 128k (128,000), 1M: short figures for the gauge. A `window` built in binary
    sizes reads as people name it: 8k (8,192), 128k (131,072), 1M (1,048,576)."""
    if window and tokens % 1024 == 0 and tokens % 1000:
        for size, suffix in ((1 << 20, "M"), (1 << 10, "k")):
            if tokens % size == 0:
                return f"{tokens // size}{suffix}"
    if tokens < 1000:
        return QLocale().toString(tokens)
    size, suffix = (1_000_000, "M") if tokens >= 999_500 else (1_000, "k")
    digits = 0 if tokens / size >= 100 else 1
    value = round(tokens / size, digits)
    if value == int(value):
        digits = 0  # 7k, not 7.0k
    return QLocale().toString(value, "f", digits) + suffix


class ContextGauge(QLabel):
    """Shows a `GaugeReading`; hidden until there is one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contextGauge")
        self.setAccessibleName(self.tr("Context used"))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setContentsMargins(12, 2, 14, 0)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.88)
        self.setFont(font)
        self.warning = False
        self.reading: GaugeReading | None = None
        follow_palette(self, self._colour)

    def show_reading(self, reading: GaugeReading | None, model_name: str = "") -> None:
        self.reading = reading
        if reading is None:
            self.hide()
            return
        locale = QLocale()
        if reading.window is None:
            text = self.tr("≈ {tokens} tokens").format(tokens=compact(reading.tokens))
        else:
            text = self.tr("≈ {tokens} of {window} tokens").format(
                tokens=compact(reading.tokens), window=compact(reading.window.tokens, window=True)
            )
        if reading.trimmed:
            text += self.tr(" · older messages not sent")
        self.setText(text)
        self.setAccessibleDescription(text)
        lines = [
            self.tr(
                "Estimated tokens your next message sends: the system prompt, {sent} of {all} "
                "messages and what you are writing."
            ).format(
                sent=locale.toString(reading.sent_messages),
                all=locale.toString(reading.all_messages),
            )
        ]
        if reading.window is None:
            lines.append(
                self.tr(
                    "The context window of {model} is not known, so everything is sent. Set it in "
                    "Settings, or the app learns it from the model's error if it is exceeded."
                ).format(model=model_name)
            )
        else:
            lines.append(
                self.tr(
                    "{model} reads {window} tokens ({source}); {room} of them are kept for the "
                    "reply."
                ).format(
                    model=model_name,
                    window=locale.toString(reading.window.tokens),
                    source=reading.window.source,
                    room=locale.toString(reading.reply_room),
                )
            )
        if reading.trimmed:
            lines.append(self.tr("Earlier messages are not sent: the model's context is full."))
        lines.append(
            self.tr("The estimate is calibrated with the counts Replicate reported.")
            if reading.calibrated
            else self.tr("The estimate adjusts to this model's own count after its first reply.")
        )
        self.setToolTip("\n".join(lines))
        self.warning = reading.trimmed or reading.share >= WARN_SHARE
        self._colour()
        self.show()

    def _colour(self) -> None:
        app = QApplication.palette()
        if self.warning:
            colour = QColor(WARNING_COLOURS[is_dark_palette(app)])
        else:
            text = app.color(QPalette.ColorRole.WindowText)
            colour = mix(text, app.color(QPalette.ColorRole.Window), 0.35)
        palette = self.palette()
        if palette.color(QPalette.ColorRole.WindowText) != colour:
            palette.setColor(QPalette.ColorRole.WindowText, colour)
            self.setPalette(palette)
