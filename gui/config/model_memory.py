"""What the app knows about each model's context: its window and how its tokenizer counts.

Kept in the settings file under "models". Three sources give a model's window, the first that
has one winning: the person's own value (Settings), the limit a length failure stated (E1002's
"maximum input length (M)"), then the provider's table of published windows. The calibration is
the ratio of the tokens Replicate counted (`input_token_count`, or a length failure's prompt
length) to the app's estimate of the same request, smoothed over the replies. No Qt here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gui.utils.translation import translate
from provider.context import known_window

__all__ = ["LEARNED", "SET", "TABLE", "Calibration", "ModelMemory", "WindowInfo", "model_key"]

SET, LEARNED, TABLE = "set", "learned", "table"

# A context window the person can type: from a tiny local model to Gemini's and beyond.
MIN_WINDOW, MAX_WINDOW = 256, 10_000_000
# One reply's ratio is trusted within these bounds; outside them the count was for something
# else (an image's tokens, say) and teaches nothing about the text.
_MIN_RATIO, _MAX_RATIO = 0.25, 4.0
# The first replies weigh equally (a mean); after that, each weighs a fifth (it follows a model
# whose tokenizer changed with a new version).
_STEADY_WEIGHT = 0.2


def model_key(model: str) -> str:
    """The key a model's knowledge is kept under: `owner/name`, lower case, without version
    (versions of one model share their tokenizer and, nearly always, their window)."""
    return model.split(":", 1)[0].strip().lower()


@dataclass(frozen=True)
class WindowInfo:
    """A model's window: tokens, where the figure comes from (SET, LEARNED, TABLE) and a line
    saying so."""

    tokens: int
    origin: str
    source: str


@dataclass
class Calibration:
    """Real tokens per estimated token for one model, and how many replies taught it."""

    ratio: float = 1.0
    samples: int = 0

    def learn(self, estimated: int, counted: int) -> bool:
        """Take one reply's figures in; False when they teach nothing."""
        if estimated <= 0 or counted <= 0:
            return False
        sample = counted / estimated
        if not _MIN_RATIO <= sample <= _MAX_RATIO:
            return False
        weight = max(1 / (self.samples + 1), _STEADY_WEIGHT)
        self.ratio += weight * (sample - self.ratio)
        self.samples = min(self.samples + 1, 1_000_000)
        return True


@dataclass
class ModelMemory:
    """What is known per model beyond the catalogue: windows and estimate calibrations."""

    windows: dict[str, int] = field(default_factory=dict)  # set by the person
    learned: dict[str, int] = field(default_factory=dict)  # stated by length failures
    calibration: dict[str, Calibration] = field(default_factory=dict)

    # -- windows --------------------------------------------------------------------------------

    def window(self, model: str, *, own: bool = True) -> WindowInfo | None:
        """`model`'s window; with `own=False`, what the app knows without the person's value."""
        key = model_key(model)
        if own and key in self.windows:
            return WindowInfo(
                self.windows[key], SET, translate("ModelMemory", "the value set in Settings")
            )
        if key in self.learned:
            return WindowInfo(
                self.learned[key],
                LEARNED,
                translate("ModelMemory", "learned from the model's own error message"),
            )
        known = known_window(key)
        if known is not None:
            return WindowInfo(known.tokens, TABLE, known.source)
        return None

    def set_window(self, model: str, tokens: int | None) -> None:
        """The person's value for `model`'s window; None goes back to what the app knows."""
        key = model_key(model)
        if tokens is None:
            self.windows.pop(key, None)
        else:
            self.windows[key] = tokens

    def learn_limit(self, model: str, tokens: int) -> bool:
        """A length failure said the model reads at most `tokens`; True when that is news."""
        key = model_key(model)
        if not MIN_WINDOW // 4 <= tokens <= MAX_WINDOW or self.learned.get(key) == tokens:
            return False
        self.learned[key] = tokens
        return True

    # -- calibration ----------------------------------------------------------------------------

    def calibration_for(self, model: str) -> Calibration:
        return self.calibration.get(model_key(model)) or Calibration()

    def learn_count(self, model: str, estimated: int, counted: int) -> bool:
        """Replicate counted `counted` tokens for a request the app estimated at `estimated`."""
        key = model_key(model)
        calibration = self.calibration.setdefault(key, Calibration())
        return calibration.learn(estimated, counted)

    def learn_overflow(self, model: str, estimated: int, counted: int) -> bool:
        """A length failure counted the prompt: the estimate must never stay below that again,
        or "Retry with a shorter history" would send too much once more."""
        key = model_key(model)
        calibration = self.calibration.setdefault(key, Calibration())
        learned = calibration.learn(estimated, counted)
        if learned and estimated > 0:
            calibration.ratio = max(calibration.ratio, counted / estimated)
        return learned

    # -- the settings file ----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "windows": dict(sorted(self.windows.items())),
            "learned": dict(sorted(self.learned.items())),
            "calibration": {
                key: {"ratio": round(value.ratio, 4), "samples": value.samples}
                for key, value in sorted(self.calibration.items())
            },
        }

    @classmethod
    def from_dict(cls, raw: object) -> tuple[ModelMemory, list[str]]:
        """The memory from the file; anything malformed is dropped, with one warning."""
        memory = cls()
        if not isinstance(raw, Mapping):
            return memory, [_warning()]
        dropped = False
        for name, target in (("windows", memory.windows), ("learned", memory.learned)):
            for key, value in _entries(raw.get(name)):
                if _is_count(value) and MIN_WINDOW // 4 <= value <= MAX_WINDOW:
                    target[model_key(key)] = value
                else:
                    dropped = True
        for key, value in _entries(raw.get("calibration")):
            ratio = value.get("ratio") if isinstance(value, Mapping) else None
            samples = value.get("samples") if isinstance(value, Mapping) else None
            ok_ratio = isinstance(ratio, (int, float)) and not isinstance(ratio, bool)
            if ok_ratio and _MIN_RATIO <= ratio <= _MAX_RATIO and _is_count(samples):
                memory.calibration[model_key(key)] = Calibration(float(ratio), samples)
            else:
                dropped = True
        unknown = set(raw) - {"windows", "learned", "calibration"}
        return memory, [_warning()] if dropped or unknown else []


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _entries(raw: object) -> list[tuple[str, Any]]:
    if not isinstance(raw, Mapping):
        return []
    return [(key, value) for key, value in raw.items() if isinstance(key, str) and "/" in key]


def _warning() -> str:
    return translate(
        "ModelMemory",
        "Some of what the app had learned about models' context windows could not be read; "
        "it will be learned again.",
    )
