"""Light and dark themes: the controller's palettes, following the system, the chat's colours
switching with the theme, text scaling with the application font, and the style-sheet files."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from pygments.styles import get_style_by_name
from pygments.token import Keyword
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from gui.chat.view import ChatMessage, ChatView
from gui.markdown.theme import DARK, LIGHT
from gui.theme.chat_style import chat_colours, jump_button_style_sheet, messages_style_sheet
from gui.theme.outlined_style import BASE_STYLE
from gui.theme.scheme import ThemeController, build_palette
from gui.utils.resources import resource_path
from gui.window.main_window import MainWindow
from provider.standin import Scenario, StandIn
from tests.gui.conftest import style_name
from tests.gui.helpers import send

MODEL = "meta/meta-llama-3-70b-instruct"
CODE_ANSWER = "Here:\n\n```python\ndef answer():\n    return 42\n```\n"
Role = QPalette.ColorRole
Group = QPalette.ColorGroup
pytestmark = pytest.mark.usefixtures("restore_look")  # every test may change the look
ALL_ROLES = [role for role in Role if role not in (Role.NoRole, Role.NColorRoles)]


def base_lightness() -> int:
    return QApplication.palette().color(Role.Base).lightness()


def html_of(view: ChatView, message_id: int) -> str:
    body = view.message_widget(message_id).body
    return "".join(segment.document().toHtml() for segment in body.segments)


def keyword_colour(style: str) -> str:
    return "#" + get_style_by_name(style).style_for_token(Keyword)["color"]


# -- the controller ------------------------------------------------------------------------------


def test_light_and_dark_set_the_application_palette(
    controller: Callable[[str], ThemeController],
) -> None:
    theme = controller("light")
    assert style_name(QApplication.style()).lower() == BASE_STYLE.lower()
    assert not theme.is_dark() and base_lightness() > 240
    theme.set_choice("dark")
    assert theme.choice() == "dark" and theme.is_dark()
    assert base_lightness() < 50
    assert QApplication.palette().color(Role.Window).lightness() < 60
    assert QApplication.palette().color(Role.Text).lightness() > 200
    # Tool tips keep a palette of their own: a dark app must not show light tool tips.
    assert QToolTip.palette().color(Role.ToolTipBase).lightness() < 60
    theme.set_choice("light")
    assert not theme.is_dark() and base_lightness() > 240
    assert QToolTip.palette().color(Role.ToolTipBase).lightness() > 200


def test_a_choice_at_start_applies_before_any_window(
    controller: Callable[[str], ThemeController],
) -> None:
    theme = controller("dark")
    assert theme.choice() == "dark" and theme.is_dark() and base_lightness() < 50


def test_dark_changed_is_emitted_once_per_real_change(
    controller: Callable[[str], ThemeController],
) -> None:
    theme = controller("light")
    seen: list[bool] = []
    theme.dark_changed.connect(seen.append)
    theme.set_choice("dark")
    theme.set_choice("dark")
    assert seen == [True]
    theme.set_choice("light")
    assert seen == [True, False]
    # Offscreen the system has no scheme and the platform palette is light: "system" is light,
    # which is what is shown already.
    theme.set_choice("system")
    assert seen == [True, False] and theme.choice() == "system"


def test_system_follows_the_systems_scheme_as_it_changes(
    controller: Callable[[str], ThemeController],
) -> None:
    hints = QApplication.styleHints()
    assert hints.colorScheme() == Qt.ColorScheme.Unknown  # offscreen: nothing to follow...
    theme = controller("system")
    assert not theme.is_dark()
    seen: list[bool] = []
    theme.dark_changed.connect(seen.append)
    # ...and the offscreen platform ignores setColorScheme, so the system's change is simulated
    # by emitting the very signal a platform emits; this also proves the slot is connected.
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.is_dark() and base_lightness() < 50
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not theme.is_dark() and base_lightness() > 240
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Unknown)  # back to the platform's palette
    assert seen == [True, False, True, False]


def test_a_manual_choice_ignores_the_system(
    controller: Callable[[str], ThemeController],
) -> None:
    theme = controller("light")
    QApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert not theme.is_dark() and base_lightness() > 240
    theme.set_choice("dark")
    QApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert theme.is_dark() and base_lightness() < 50


def test_an_unknown_scheme_falls_back_to_the_platforms_palette(
    controller: Callable[[str], ThemeController],
) -> None:
    # A platform theme that gave a dark palette without saying "dark" (as some Linux desktops).
    QApplication.setPalette(QPalette(QColor("#303030"), QColor("#202020")))
    theme = controller("system")
    assert theme.is_dark() and base_lightness() < 50
    assert QApplication.palette().color(Role.Base) == build_palette(True).color(Role.Base)


def test_unknown_choices(
    controller: Callable[[str], ThemeController], caplog: pytest.LogCaptureFixture
) -> None:
    theme = controller("purple")
    assert theme.choice() == "system"
    assert "unknown theme" in caplog.text
    with pytest.raises(ValueError, match="purple"):
        theme.set_choice("purple")
    assert theme.choice() == "system"


@pytest.mark.parametrize("dark", [False, True])
def test_the_palettes_set_every_role_in_every_group(dark: bool) -> None:
    palette = build_palette(dark)
    for group in (Group.Active, Group.Inactive, Group.Disabled):
        for role in ALL_ROLES:
            assert palette.isBrushSet(group, role), (group, role)
    # Disabled text is greyed; the inactive group equals the active one.
    text = palette.color(Group.Active, Role.Text)
    assert palette.color(Group.Disabled, Role.Text) != text
    for role in ALL_ROLES:
        assert palette.color(Group.Inactive, role) == palette.color(Group.Active, role)


# -- the chat follows ----------------------------------------------------------------------------


def test_the_chat_restyles_and_rehighlights_with_the_theme(
    controller: Callable[[str], ThemeController], qtbot: QtBot
) -> None:
    theme = controller("light")
    view = ChatView()
    qtbot.addWidget(view)
    view.set_messages(
        [
            ChatMessage(1, "user", "Show me code"),
            ChatMessage(2, "assistant", CODE_ANSWER, model=MODEL),
        ]
    )
    light = html_of(view, 2)
    assert LIGHT.code_background in light and keyword_colour(LIGHT.pygments_style) in light
    assert chat_colours(build_palette(False))["user_bubble"] in view.scroll_area.canvas.styleSheet()

    theme.set_choice("dark")
    dark = html_of(view, 2)
    assert DARK.code_background in dark and keyword_colour(DARK.pygments_style) in dark
    assert LIGHT.code_background not in dark
    assert DARK.text in html_of(view, 1)
    assert chat_colours(build_palette(True))["user_bubble"] in view.scroll_area.canvas.styleSheet()
    assert build_palette(True).color(Role.Highlight).name() in view.jump_button.styleSheet()

    theme.set_choice("light")
    assert html_of(view, 2) == light


async def test_an_open_window_follows_the_choice(
    window: MainWindow, standin: StandIn, controller: Callable[[str], ThemeController]
) -> None:
    theme = controller("light")
    standin.queue(Scenario(chunks=[CODE_ANSWER[:9], CODE_ANSWER[9:30], CODE_ANSWER[30:]]))
    await send(window, "Show me code")
    view = window.view
    answer = view.message_ids()[-1]
    assert view.message_text(answer) == CODE_ANSWER
    assert LIGHT.code_background in html_of(view, answer)

    theme.set_choice("dark")
    assert window.palette().color(Role.Window).lightness() < 60
    assert view.palette().color(Role.Base).lightness() < 50
    assert DARK.code_background in html_of(view, answer)
    assert keyword_colour(DARK.pygments_style) in html_of(view, answer)
    theme.set_choice("light")
    assert LIGHT.code_background in html_of(view, answer)
    assert DARK.code_background not in html_of(view, answer)


def body_point_size(view: ChatView, message_id: int = 1) -> float:
    segment = view.message_widget(message_id).body.segments[0]
    assert segment.font().pointSizeF() == segment.document().defaultFont().pointSizeF()
    return segment.document().defaultFont().pointSizeF()


def bigger_app_font(factor: float) -> float:
    font = QFont(QApplication.font())
    assert font.pointSizeF() > 0
    font.setPointSizeF(font.pointSizeF() * factor)
    QApplication.setFont(font)
    return font.pointSizeF()


def test_message_text_scales_with_the_application_font(qtbot: QtBot) -> None:
    normal = QApplication.font().pointSizeF()
    view = ChatView()
    qtbot.addWidget(view)
    view.set_messages([ChatMessage(1, "assistant", "Some *text*", model=MODEL)])
    assert body_point_size(view) == pytest.approx(normal)

    # The system's font size is the application font when the app starts.
    size = bigger_app_font(1.5)
    bigger = ChatView()
    qtbot.addWidget(bigger)
    bigger.set_messages([ChatMessage(1, "assistant", "More text", model=MODEL)])
    assert body_point_size(bigger) == pytest.approx(size)
    # Secondary text (the role) is a tenth smaller than the body, whatever the size.
    assert bigger.message_widget(1).role_label.font().pointSizeF() == pytest.approx(size * 0.9)


def test_shown_messages_follow_a_font_change_while_the_app_runs(qtbot: QtBot) -> None:
    view = ChatView()
    qtbot.addWidget(view)
    view.set_messages([ChatMessage(1, "assistant", "Some *text*", model=MODEL)])
    view.show()
    # Qt keeps a widget's font under a style sheet (the chat's canvas has one) when the
    # application font changes; the view sets its sheets again so that the messages follow.
    size = bigger_app_font(1.5)
    QApplication.processEvents()  # Qt delivers the font change on the next event-loop turn
    QApplication.processEvents()
    assert view.font().pointSizeF() == pytest.approx(size)
    assert body_point_size(view) == pytest.approx(size)
    assert view.message_widget(1).role_label.font().pointSizeF() == pytest.approx(size * 0.9)


# -- the style-sheet files -----------------------------------------------------------------------

_ABSOLUTE_FONT_SIZE = re.compile(r"font(?:-size)?\s*:[^;}]*\d\s*(?:pt|px)", re.IGNORECASE)


def test_style_sheets_live_in_resources_and_have_no_absolute_font_sizes() -> None:
    sheets = sorted(resource_path("styles").glob("*.qss"))
    assert {sheet.name for sheet in sheets} >= {"messages.qss", "jump_button.qss"}
    for sheet in sheets:
        text = sheet.read_text(encoding="utf-8")
        assert not _ABSOLUTE_FONT_SIZE.search(text), sheet.name
    assert _ABSOLUTE_FONT_SIZE.search("QLabel { font-size: 12px; }")  # the check itself works


@pytest.mark.parametrize("dark", [False, True])
def test_the_templates_are_filled_in_completely(dark: bool) -> None:
    palette = build_palette(dark)
    for sheet in (messages_style_sheet(palette), jump_button_style_sheet(palette)):
        assert "$" not in sheet
        assert sheet.count("{") == sheet.count("}") > 0
    colours = chat_colours(palette)
    assert f"background-color: {colours['user_bubble']};" in messages_style_sheet(palette)
    assert f"color: {colours['highlighted_text']};" in jump_button_style_sheet(palette)
