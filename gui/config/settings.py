"""Generation settings and the settings file: the values, load and save.

No Qt here. The validators (gui/config/validators.py, re-exported here) are shared with the settings
dialog. The API token is never part of the settings (it lives in the keyring).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gui.config.model_memory import ModelMemory
from gui.config.validators import (
    GENERIC_LIMITS,
    STORED_LIMITS,
    NumberLimits,
    format_number,
    parse_stop_sequences,
    quoted,
    validate_model,
    validate_number,
    validate_reasoning,
    validate_stop_sequences,
    validate_system_prompt,
)
from gui.utils.atomic_file import write_atomically
from gui.utils.translation import translate
from provider import DEFAULT_MODEL

__all__ = [
    "GENERIC_LIMITS",
    "SETTINGS_VERSION",
    "STORED_LIMITS",
    "THEMES",
    "AppSettings",
    "GenerationSettings",
    "NumberLimits",
    "format_number",
    "load_settings",
    "parse_stop_sequences",
    "peek_language",
    "save_settings",
    "validate_model",
    "validate_number",
    "validate_stop_sequences",
    "validate_system_prompt",
]

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1
THEMES = ("system", "light", "dark")

_MAX_GEOMETRY_LENGTH = 8192
_MAX_SIDEBAR_WIDTH = 100_000

MAX_HISTORY_TURNS = 10_000

_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*", re.ASCII)
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}", re.ASCII)

# -- generation settings ------------------------------------------------------------------------


def _field_label(key: str) -> str:
    """A setting's name inside "The value for … was ignored" (translations may inflect it)."""
    labels = {
        "model": translate("Settings", "the model"),
        "temperature": translate("Settings", "the temperature"),
        "top_p": translate("Settings", "top p"),
        "top_k": translate("Settings", "top k"),
        "max_tokens": translate("Settings", "the maximum number of tokens"),
        "system_prompt": translate("Settings", "the system prompt"),
        "stop": translate("Settings", "the stop sequences"),
        "history_turns": translate("Settings", "the number of turns sent"),
        "reasoning": translate("Settings", "the reasoning settings"),
    }
    return labels[key]


def _unknown(key: object) -> str:
    return translate("Settings", "The unknown setting {name} was ignored.").format(
        name=quoted(str(key))
    )


_VALIDATORS: Mapping[str, Callable[[object], Any]] = {
    "model": validate_model,
    **{name: limits.check for name, limits in STORED_LIMITS.items()},
    "system_prompt": validate_system_prompt,
    "stop": validate_stop_sequences,
    "history_turns": NumberLimits(1, MAX_HISTORY_TURNS, integer=True).check,
    "reasoning": validate_reasoning,
}


@dataclass(frozen=True)
class GenerationSettings:
    """The model and its parameters for a reply; None means "the model's own default"."""

    model: str = DEFAULT_MODEL
    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    max_tokens: int | None = None
    system_prompt: str = ""
    stop: tuple[str, ...] = ()
    # How much history goes with a message: None sends every turn that fits the model's
    # context window (gui/chat/context_plan.py); a number sends at most that many turns.
    history_turns: int | None = None
    # Reasoning inputs some models take (REASONING_INPUTS), sent only to a model that has them.
    reasoning: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Every field as JSON-ready values (None stays None: "the model's default")."""
        data = dataclasses.asdict(self)
        data["stop"] = list(self.stop)
        data["reasoning"] = dict(self.reasoning)
        return data

    @classmethod
    def from_dict(cls, raw: object) -> tuple[GenerationSettings, list[str]]:
        """Settings from stored JSON; each bad or unknown value is dropped with a warning."""
        if not isinstance(raw, Mapping):
            return cls(), [
                translate(
                    "Settings",
                    "The generation settings are not a JSON object; the defaults are used.",
                )
            ]
        settings, warnings = cls()._apply(raw)
        return settings, warnings

    def with_overrides(self, overrides: Mapping[str, Any]) -> GenerationSettings:
        """A conversation's stored parameters over these (the global defaults).

        A None override means "the model's default" even where the defaults set a value. Bad
        stored values are skipped (and logged), so a damaged conversation still answers.
        """
        if not isinstance(overrides, Mapping):
            log.warning("conversation settings are not an object; the defaults are used")
            return self
        settings, warnings = self._apply(overrides)
        for warning in warnings:
            log.warning("conversation settings: %s", warning)
        return settings

    def overrides_against(self, defaults: GenerationSettings) -> dict[str, Any]:
        """The fields that differ from `defaults`, as JSON values, to store per conversation.

        `defaults.with_overrides(result)` gives these settings back.
        """
        mine, theirs = self.to_dict(), defaults.to_dict()
        return {name: value for name, value in mine.items() if value != theirs[name]}

    def stream_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `ReplicateClient.stream_chat(model, messages, **kwargs)`."""
        return {
            "system_prompt": self.system_prompt if self.system_prompt.strip() else None,
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "top_p": self.top_p,
            "top_k": self.top_k,
            "stop": list(self.stop) or None,
            "options": dict(self.reasoning) or None,
        }

    def _apply(self, raw: Mapping[Any, Any]) -> tuple[GenerationSettings, list[str]]:
        changes: dict[str, Any] = {}
        warnings: list[str] = []
        for key, value in raw.items():
            validator = _VALIDATORS.get(key) if isinstance(key, str) else None
            if validator is None:
                warnings.append(_unknown(key))
                continue
            try:
                changes[key] = validator(value)
            except ValueError as error:
                warnings.append(
                    translate("Settings", "The value for {field} was ignored: {problem}").format(
                        field=_field_label(key), problem=error
                    )
                )
        return dataclasses.replace(self, **changes), warnings


# -- application settings -----------------------------------------------------------------------


@dataclass
class AppSettings:
    """Everything in the settings file: generation defaults, look, and the window's layout."""

    defaults: GenerationSettings = field(default_factory=GenerationSettings)
    theme: str = "system"  # "system" | "light" | "dark"
    language: str = "system"  # "system" or a locale name such as "de" or "pt_BR"
    window_geometry: str | None = None  # base64 of QWidget.saveGeometry()
    sidebar_width: int | None = None
    models: ModelMemory = field(default_factory=ModelMemory)  # windows and calibration

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": SETTINGS_VERSION,
            "defaults": self.defaults.to_dict(),
            "theme": self.theme,
            "language": self.language,
            "window_geometry": self.window_geometry,
            "sidebar_width": self.sidebar_width,
            "models": self.models.to_dict(),
        }

    @classmethod
    def from_dict(cls, raw: object) -> tuple[AppSettings, list[str]]:
        """Settings from the file's JSON; each bad or unknown part is dropped with a warning."""
        settings = cls()
        if not isinstance(raw, Mapping):
            return settings, [
                translate("Settings", "The settings file does not hold a JSON object.")
            ]
        warnings: list[str] = []
        for key, value in raw.items():
            if key == "version":
                continue  # load_settings has looked at it
            if key == "defaults":
                settings.defaults, found = GenerationSettings.from_dict(value)
                warnings.extend(found)
                continue
            if key == "models":
                settings.models, found = ModelMemory.from_dict(value)
                warnings.extend(found)
                continue
            validator = _APP_VALIDATORS.get(key) if isinstance(key, str) else None
            if validator is None:
                warnings.append(_unknown(key))
                continue
            try:
                setattr(settings, key, validator(value))
            except ValueError as error:
                warnings.append(
                    translate("Settings", "The setting {name} was ignored: {problem}").format(
                        name=quoted(key), problem=error
                    )
                )
        return settings, warnings


def _theme(value: object) -> str:
    if value not in THEMES:
        raise ValueError(translate("Settings", "Use system, light or dark."))
    return str(value)


def _language(value: object) -> str:
    if not isinstance(value, str) or not (value == "system" or _LANGUAGE.fullmatch(value)):
        raise ValueError(
            translate("Settings", "Use system or a language code such as de or pt_BR.")
        )
    return value


def _geometry(value: object) -> str | None:
    if value is None:
        return None
    if (
        not isinstance(value, str)
        or len(value) > _MAX_GEOMETRY_LENGTH
        or len(value) % 4
        or not _BASE64.fullmatch(value)
    ):
        raise ValueError(translate("Settings", "It is not a saved window geometry."))
    return value


def _sidebar_width(value: object) -> int | None:
    if value is None:
        return None
    number = validate_number(value, minimum=0, maximum=_MAX_SIDEBAR_WIDTH, integer=True)
    return int(number) if number is not None else None


_APP_VALIDATORS: Mapping[str, Callable[[object], Any]] = {
    "theme": _theme,
    "language": _language,
    "window_geometry": _geometry,
    "sidebar_width": _sidebar_width,
}


# -- the file -----------------------------------------------------------------------------------


def load_settings(path: Path) -> tuple[AppSettings, list[str]]:
    """The settings in `path` and warnings for the person; never raises.

    A missing file gives the defaults quietly. A file that cannot be used in full (not JSON, not
    an object, wrong types, written by a newer version) gives what could be kept, a warning, and
    a copy of the file next to it (`settings.json.bad-<timestamp>`), since the next save replaces
    it.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return AppSettings(), []
    except OSError as error:
        return AppSettings(), [
            translate(
                "Settings",
                "The settings file {path} could not be read ({problem}); the defaults are used.",
            ).format(path=path, problem=error.strerror or error)
        ]
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        reason = translate("Settings", "it is not valid JSON")
        return AppSettings(), [_kept_aside(path, data, reason)]
    if not isinstance(raw, dict):
        reason = translate("Settings", "it does not hold a JSON object")
        return AppSettings(), [_kept_aside(path, data, reason)]
    version = raw.get("version", SETTINGS_VERSION)
    is_number = isinstance(version, (int, float)) and not isinstance(version, bool)
    if is_number and version > SETTINGS_VERSION:
        reason = translate(
            "Settings",
            "it was written by a newer version of Replicate Chat (settings version {version})",
        ).format(version=format_number(version))
        return AppSettings(), [_kept_aside(path, data, reason)]
    settings, problems = AppSettings.from_dict(raw)
    if not is_number or version != SETTINGS_VERSION:
        problems.insert(0, translate("Settings", "The settings version is not one this app knows."))
    if not problems:
        return settings, []
    reason = translate("Settings", "some of its values could not be used")
    return settings, [_kept_aside(path, data, reason), *problems]


def peek_language(path: Path) -> str:
    """The saved language alone ("system" when there is none or it cannot be read), without
    warnings and without touching the file: the app installs its translation with it before it
    loads the settings in full, so that the warnings of `load_settings` are translated too."""
    try:
        raw = json.loads(path.read_bytes().decode("utf-8"))
        return _language(raw["language"]) if isinstance(raw, dict) else "system"
    except (OSError, UnicodeDecodeError, ValueError, RecursionError, KeyError):
        return "system"


def _kept_aside(path: Path, data: bytes, reason: str) -> str:
    """Copy the unusable file's bytes aside and say so in one sentence."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for attempt in range(100):
        aside = path.with_name(f"{path.name}.bad-{stamp}" + (f"-{attempt}" if attempt else ""))
        try:
            descriptor = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        except OSError as error:
            log.warning("could not keep a copy of %s: %s", path, error)
            break
        try:
            with os.fdopen(descriptor, "wb") as copy:
                copy.write(data)
        except OSError as error:  # a full disk, a quota: no half copy is left behind
            log.warning("could not keep a copy of %s: %s", path, error)
            aside.unlink(missing_ok=True)
            break
        return translate(
            "Settings",
            "The settings file {path} could not be used in full ({reason}); the defaults stand "
            "in for what could not be read. A copy was kept as {copy}.",
        ).format(path=path, reason=reason, copy=aside)
    return translate(
        "Settings",
        "The settings file {path} could not be used in full ({reason}); the defaults stand in "
        "for what could not be read. No copy of it could be kept, so the next save replaces it.",
    ).format(path=path, reason=reason)


def save_settings(path: Path, settings: AppSettings) -> None:
    """Write the settings atomically (a temporary file in the same folder, then a rename),
    readable by the owner only. Raises OSError when the file cannot be written."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomically(path, json.dumps(settings.to_dict(), ensure_ascii=False, indent=2) + "\n")
