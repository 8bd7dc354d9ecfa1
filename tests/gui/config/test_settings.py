"""Generation settings and the settings file (no Qt involved); validators: test_validators.py."""

from __future__ import annotations

import json
import os
import resource
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gui.config.settings import (
    SETTINGS_VERSION,
    STORED_LIMITS,
    AppSettings,
    GenerationSettings,
    load_settings,
    peek_language,
    save_settings,
    validate_model,
    validate_stop_sequences,
)
from provider import DEFAULT_MODEL, ReplicateClient
from provider.standin import STANDIN_TOKEN, StandIn
from tests.gui.settings_strategies import TOKEN, json_values

field_names = st.sampled_from(
    ["model", "temperature", "top_p", "top_k", "max_tokens", "system_prompt", "stop"]
)
# Objects that look like generation settings: known keys with any JSON value, plus strays.
settings_objects = st.dictionaries(field_names | st.text(max_size=8), json_values, max_size=8)

one_line = st.text(
    st.characters(
        exclude_categories=["Cs"],
        exclude_characters=",\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
    ),
    min_size=1,
    max_size=12,
).filter(str.strip)
valid_settings = st.builds(
    GenerationSettings,
    model=st.sampled_from([DEFAULT_MODEL, "standin/tiny-chat", "owner/name:abc123"]),
    temperature=st.none() | st.floats(0, 5),
    top_p=st.none() | st.floats(0, 1),
    top_k=st.none() | st.integers(-1, 1000),
    max_tokens=st.none() | st.integers(1, 100_000),
    system_prompt=st.text(max_size=40),
    stop=st.lists(one_line, max_size=3).map(tuple),
    history_turns=st.none() | st.integers(1, 10_000),
)


def assert_valid(result: GenerationSettings) -> None:
    """Every field is one the validators would accept, with the right type."""
    assert validate_model(result.model) == result.model
    for name, limits in STORED_LIMITS.items():
        value = getattr(result, name)
        assert limits.check(value) == value
        if value is not None:
            assert isinstance(value, int if limits.integer else float)
            assert not isinstance(value, bool)
    assert isinstance(result.system_prompt, str)
    assert isinstance(result.stop, tuple)
    assert validate_stop_sequences(list(result.stop)) == result.stop


def test_the_settings_module_loads_no_qt() -> None:
    """The export command and the loader read settings without a window."""
    code = (
        "import sys, gui.config.settings; print(sorted(m for m in sys.modules if 'PySide6' in m))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


# -- GenerationSettings ---------------------------------------------------------------------------


@given(valid_settings)
def test_round_trip_through_json(original: GenerationSettings) -> None:
    text = json.dumps(original.to_dict())
    restored, warnings = GenerationSettings.from_dict(json.loads(text))
    assert warnings == []
    assert restored == original


@given(json_values | settings_objects)
def test_from_dict_never_raises_and_keeps_only_valid_values(raw: Any) -> None:
    result, warnings = GenerationSettings.from_dict(raw)
    assert_valid(result)
    assert all(isinstance(w, str) and w for w in warnings)


def test_from_dict_drops_each_bad_value_with_a_warning_and_keeps_the_rest() -> None:
    raw = {
        "model": "standin/tiny-chat",
        "temperature": "hot",
        "top_p": 1.5,
        "top_k": 40,
        "max_tokens": 2.5,
        "system_prompt": ["not", "text"],
        "stop": ["###", "a,b"],
        "colour": "blue",
    }
    result, warnings = GenerationSettings.from_dict(raw)
    assert result == GenerationSettings(model="standin/tiny-chat", top_k=40)
    assert len(warnings) == 6
    joined = " ".join(warnings)
    assert "temperature" in joined and "top p" in joined and "“colour”" in joined
    assert "from 0 to 1" in joined  # the range of top_p


def test_from_dict_of_something_not_an_object_gives_the_defaults() -> None:
    result, warnings = GenerationSettings.from_dict(["model", 1])
    assert result == GenerationSettings()
    assert len(warnings) == 1


def test_warnings_never_show_a_token() -> None:
    _, warnings = GenerationSettings.from_dict({TOKEN: 1, "model": TOKEN})
    assert warnings and TOKEN not in " ".join(warnings)


def test_overrides_hold_only_what_differs() -> None:
    defaults = GenerationSettings(temperature=0.5, max_tokens=300)
    mine = GenerationSettings(model="standin/tiny-chat", temperature=None, max_tokens=300, top_k=7)
    overrides = mine.overrides_against(defaults)
    assert overrides == {"model": "standin/tiny-chat", "temperature": None, "top_k": 7}
    assert json.loads(json.dumps(overrides)) == overrides  # stored as JSON by the store
    # A None override means "the model's default" even where the defaults set a value.
    assert defaults.with_overrides(overrides) == mine
    assert defaults.overrides_against(defaults) == {}


@given(valid_settings, valid_settings)
def test_with_overrides_undoes_overrides_against(defaults: Any, mine: Any) -> None:
    stored = json.loads(json.dumps(mine.overrides_against(defaults)))
    assert defaults.with_overrides(stored) == mine


def test_with_overrides_skips_bad_stored_values() -> None:
    defaults = GenerationSettings(temperature=0.5)
    result = defaults.with_overrides({"temperature": "warm", "top_p": 0.5, "junk": 1})
    assert result == GenerationSettings(temperature=0.5, top_p=0.5)
    assert defaults.with_overrides("not a mapping") is defaults  # type: ignore[arg-type]


@given(json_values | settings_objects)
def test_with_overrides_never_raises(raw: Any) -> None:
    assert_valid(GenerationSettings().with_overrides(raw))


def test_stream_kwargs() -> None:
    blank = GenerationSettings(system_prompt="  \n")
    assert blank.stream_kwargs() == {
        "system_prompt": None,
        "max_tokens": None,
        "temperature": None,
        "top_p": None,
        "top_k": None,
        "stop": None,
        "options": None,
    }
    full = GenerationSettings(
        temperature=0.2, top_p=0.9, top_k=5, max_tokens=64, system_prompt="Be brief.", stop=("#",)
    )
    assert full.stream_kwargs() == {
        "system_prompt": "Be brief.",
        "max_tokens": 64,
        "temperature": 0.2,
        "top_p": 0.9,
        "top_k": 5,
        "stop": ["#"],
        "options": None,
    }


async def test_reasoning_settings_reach_only_a_model_that_has_them(standin: StandIn) -> None:
    chosen = GenerationSettings(reasoning={"reasoning_effort": "high", "extended_thinking": True})
    messages = [{"role": "user", "content": "Think"}]
    async with ReplicateClient(api_key=STANDIN_TOKEN, base_url=standin.base_url) as client:
        for model in (
            "openai/gpt-5",
            "meta/meta-llama-3-8b-instruct",
            "anthropic/claude-3.7-sonnet",
        ):
            async for _event in client.stream_chat(model, messages, **chosen.stream_kwargs()):
                pass
    created = [
        r.json["input"] for r in standin.requests if r.method == "POST" and "predictions" in r.path
    ]
    assert created[0]["reasoning_effort"] == "high" and "extended_thinking" not in created[0]
    assert "reasoning_effort" not in created[1] and "extended_thinking" not in created[1]
    assert created[2]["extended_thinking"] is True and "reasoning_effort" not in created[2]


async def test_stream_kwargs_reach_replicate_as_the_models_inputs(standin: StandIn) -> None:
    chosen = GenerationSettings(
        model="meta/meta-llama-3-8b-instruct",
        temperature=0.3,
        top_p=0.8,
        top_k=12,
        max_tokens=77,
        system_prompt="Answer in French.",
        stop=("###", "END"),
    )
    messages = [{"role": "user", "content": "Hello"}]
    async with ReplicateClient(api_key=STANDIN_TOKEN, base_url=standin.base_url) as client:
        async for _event in client.stream_chat(chosen.model, messages, **chosen.stream_kwargs()):
            pass
    created = [r for r in standin.requests if r.method == "POST" and "predictions" in r.path]
    sent = created[0].json["input"]
    assert sent["temperature"] == 0.3 and sent["top_p"] == 0.8 and sent["top_k"] == 12
    assert sent["max_tokens"] == 77
    assert sent["stop_sequences"] == "###,END"
    assert "Answer in French." in sent["prompt"]


# -- the settings file ----------------------------------------------------------------------------


def bad_copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("settings.json.bad-*"))


def test_missing_file_gives_the_defaults_quietly(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "settings.json") == (AppSettings(), [])


def test_save_then_load(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "settings.json"
    original = AppSettings(
        defaults=GenerationSettings(model="standin/tiny-chat", temperature=0.4, stop=("###",)),
        theme="dark",
        language="pt_BR",
        window_geometry="AdnQywADAAA=",
        sidebar_width=280,
    )
    save_settings(path, original)
    assert load_settings(path) == (original, [])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text("utf-8"))["version"] == SETTINGS_VERSION
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temporary left


def test_save_replaces_the_file_atomically_and_cleans_up_on_failure(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, AppSettings(theme="light"))
    first_inode = path.stat().st_ino
    save_settings(path, AppSettings(theme="dark"))
    assert path.stat().st_ino != first_inode  # a new file renamed over the old one
    assert load_settings(path)[0].theme == "dark"

    blocked = tmp_path / "blocked" / "settings.json"
    (blocked / "inside").mkdir(parents=True)  # a non-empty folder where the file should go
    with pytest.raises(OSError):
        save_settings(blocked, AppSettings())
    assert [p.name for p in blocked.parent.iterdir()] == ["settings.json"]  # temp file removed


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe garbage", b"[1, 2, 3]", b'"text"', b"null", b"[" * 100_000],
)
def test_garbage_gives_the_defaults_a_warning_and_a_kept_copy(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    settings_, warnings = load_settings(path)
    assert settings_ == AppSettings()
    assert len(warnings) == 1 and "could not be used" in warnings[0]
    copies = bad_copies(tmp_path)
    assert len(copies) == 1 and copies[0].read_bytes() == content
    assert str(copies[0]) in warnings[0]
    # The next save replaces the file; the copy stays.
    save_settings(path, settings_)
    assert copies[0].read_bytes() == content


def test_a_disk_too_full_for_the_copy_still_gives_the_defaults_and_says_so(
    tmp_path: Path,
) -> None:
    # A real write failure: the process may write no file beyond 4 KiB (EFBIG, as a full disk
    # or a quota fails the write half-way), and the unusable file is 64 KiB.
    path = tmp_path / "settings.json"
    content = b"{garbage" * 8192
    path.write_bytes(content)
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, limits[1]))
    try:
        settings_, warnings = load_settings(path)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, previous)
    assert settings_ == AppSettings()
    assert len(warnings) == 1 and "No copy of it could be kept" in warnings[0]
    assert bad_copies(tmp_path) == [], "no half copy left behind"
    assert path.read_bytes() == content, "the file itself is untouched"


def test_wrong_types_keep_the_valid_parts(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    raw = {
        "version": 1,
        "theme": "dark",
        "language": 12,
        "sidebar_width": "wide",
        "window_geometry": "not base64!",
        "defaults": {"model": "standin/tiny-chat", "temperature": "hot", "top_p": 0.5},
        "api_token": TOKEN,
    }
    path.write_text(json.dumps(raw), "utf-8")
    settings_, warnings = load_settings(path)
    assert settings_ == AppSettings(
        defaults=GenerationSettings(model="standin/tiny-chat", top_p=0.5), theme="dark"
    )
    assert len(warnings) == 6  # the summary, then one per dropped value
    assert TOKEN not in " ".join(warnings)
    assert len(bad_copies(tmp_path)) == 1
    save_settings(path, settings_)
    assert TOKEN not in path.read_text("utf-8")  # the token never becomes part of the settings


def test_two_bad_loads_keep_two_copies(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    for content in (b"one", b"two"):
        path.write_bytes(content)
        load_settings(path)
    assert sorted(p.read_bytes() for p in bad_copies(tmp_path)) == [b"one", b"two"]


@pytest.mark.parametrize("version", [2, 99, 2.0])
def test_a_newer_version_gives_the_defaults_and_keeps_the_file(
    tmp_path: Path, version: object
) -> None:
    path = tmp_path / "settings.json"
    content = json.dumps({"version": version, "theme": "dark", "future_thing": {"x": 1}})
    path.write_text(content, "utf-8")
    settings_, warnings = load_settings(path)
    assert settings_ == AppSettings()  # nothing of a format this version does not know is used
    assert len(warnings) == 1 and "newer version" in warnings[0]
    assert [p.read_text("utf-8") for p in bad_copies(tmp_path)] == [content]


@pytest.mark.parametrize("version", [0, -3, "1", True, None])
def test_a_version_that_makes_no_sense_is_a_warning(tmp_path: Path, version: object) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": version, "theme": "light"}), "utf-8")
    settings_, warnings = load_settings(path)
    assert settings_.theme == "light"
    assert any("version" in w for w in warnings)


def test_a_file_without_a_version_is_read_as_this_version(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "dark"}', "utf-8")
    assert load_settings(path) == (AppSettings(theme="dark"), [])


def test_an_unreadable_file_gives_the_defaults_and_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.mkdir()  # reading a folder fails with an OSError that is not "missing"
    settings_, warnings = load_settings(path)
    assert settings_ == AppSettings()
    assert len(warnings) == 1 and "could not be read" in warnings[0]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_load_settings_never_raises_on_any_content(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.json"
        path.write_bytes(content)
        settings_, warnings = load_settings(path)
        assert_valid(settings_.defaults)
        assert settings_.theme in ("system", "light", "dark")
        assert all(isinstance(w, str) for w in warnings)
        if warnings and os.listdir(folder) != ["settings.json"]:
            assert bad_copies(Path(folder))[0].read_bytes() == content


@given(
    json_values
    | st.dictionaries(
        st.sampled_from(["theme", "language", "window_geometry", "sidebar_width", "defaults"]),
        json_values,
    )
)
def test_app_settings_from_dict_never_raises(raw: Any) -> None:
    result, _warnings = AppSettings.from_dict(raw)
    assert_valid(result.defaults)
    assert result.sidebar_width is None or 0 <= result.sidebar_width <= 100_000
    assert result.window_geometry is None or isinstance(result.window_geometry, str)


def test_the_language_can_be_read_before_the_settings(tmp_path: Path) -> None:
    """The app installs its translation first, so the warnings of the full load are translated."""
    path = tmp_path / "settings.json"
    assert peek_language(path) == "system"  # no file
    path.write_text(json.dumps({"language": "ru", "theme": "purple"}), encoding="utf-8")
    assert peek_language(path) == "ru"
    assert list(tmp_path.iterdir()) == [path]  # nothing kept aside: only load_settings does that
    for broken in ("{", "[]", '{"language": 5}', '{"language": "not a language!"}'):
        path.write_text(broken, encoding="utf-8")
        assert peek_language(path) == "system"
    path.write_bytes(b"\xff\xfe")
    assert peek_language(path) == "system"
