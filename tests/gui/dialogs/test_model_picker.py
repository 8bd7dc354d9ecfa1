"""The model field on its own: catalogue entries, names validated as typed, Replicate search."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from gui.dialogs.model_picker import ModelPicker
from provider import CHAT_MODELS, ReplicateClient
from provider.standin import STANDIN_TOKEN, StandIn
from tests.gui.helpers import wait_until


@pytest.fixture
async def client(standin: StandIn) -> AsyncIterator[ReplicateClient]:
    async with ReplicateClient(api_key=STANDIN_TOKEN, base_url=standin.base_url) as running:
        yield running


def searches(standin: StandIn) -> list[str | None]:
    return [r.query.get("query") for r in standin.requests if r.path == "/v1/search"]


async def test_the_catalogue_lists_display_names_with_their_references(qtbot: QtBot) -> None:
    picker = ModelPicker(CHAT_MODELS[0].ref, None)
    qtbot.addWidget(picker)
    combo = picker.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [m.ref for m in CHAT_MODELS]
    index = combo.model().index(0, 0)
    option = QStyleOptionViewItem()
    combo.itemDelegate().initStyleOption(option, index)  # type: ignore[attr-defined]
    assert option.text == f"{CHAT_MODELS[0].label} — {CHAT_MODELS[0].ref}"
    # Qt itself asks the delegate: the drop-down's rows are sized for "name — ref".
    plain = QStyledItemDelegate().sizeHint(QStyleOptionViewItem(), index)
    shown = combo.itemDelegate().sizeHint(QStyleOptionViewItem(), index)
    assert shown.width() > plain.width()
    combo.setCurrentIndex(2)
    assert picker.text() == CHAT_MODELS[2].ref  # the field holds the reference itself
    assert picker.model() == CHAT_MODELS[2].ref
    await picker.aclose()


async def test_names_are_checked_as_typed(qtbot: QtBot) -> None:
    picker = ModelPicker("standin/tiny-chat", None)
    qtbot.addWidget(picker)
    chosen: list[str] = []
    validity: list[bool] = []
    picker.model_changed.connect(chosen.append)
    picker.validity_changed.connect(validity.append)
    line_edit = picker.combo.lineEdit()
    assert line_edit is not None
    line_edit.setText("owner/")
    assert not picker.is_valid() and picker.model() is None
    assert "owner/name" in picker.error() and picker.error_label.text() == picker.error()
    assert picker.combo.accessibleDescription() == picker.error()
    line_edit.setText("owner/name:v1 ")
    assert picker.is_valid() and picker.error() == "" and not picker.error_label.text()
    assert picker.model() == "owner/name:v1"
    assert chosen == ["owner/name:v1"] and validity == [False, True]
    await picker.aclose()


async def test_without_a_client_there_is_no_search(qtbot: QtBot) -> None:
    picker = ModelPicker("standin/tiny-chat", None)
    qtbot.addWidget(picker)
    assert not picker.search_edit.isEnabled()
    assert "token" in picker.search_edit.toolTip()
    picker.search("llama")
    assert not picker.searching and picker.result_refs() == []
    await picker.aclose()


async def test_search_is_debounced_and_lists_chat_models_only(
    qtbot: QtBot, standin: StandIn, client: ReplicateClient
) -> None:
    picker = ModelPicker("openai/gpt-4o-mini", client)
    qtbot.addWidget(picker)
    chosen: list[str] = []
    picker.model_changed.connect(chosen.append)
    for query in ("m", "me", "meta"):
        picker.search_edit.setText(query)
    await wait_until(lambda: picker.result_refs(), 10, "search results")
    assert searches(standin) == ["meta"]
    assert set(picker.result_refs()) == {
        "meta/meta-llama-3-70b-instruct",
        "meta/meta-llama-3-8b-instruct",
    }
    assert "(official)" in picker.results.item(0).text()
    picker.results.setFocus()
    picker.results.setCurrentRow(0)
    QTest.keyClick(picker.results, Qt.Key.Key_Return)  # Enter on the first result picks it
    assert picker.text() == picker.result_refs()[0] and chosen == [picker.result_refs()[0]]
    await picker.aclose()


async def test_a_search_without_chat_models_says_so(
    qtbot: QtBot, standin: StandIn, client: ReplicateClient
) -> None:
    picker = ModelPicker("openai/gpt-4o-mini", client)
    qtbot.addWidget(picker)
    picker.search_edit.setText("image")  # only image models match, and they are not offered
    await wait_until(lambda: picker.search_status.text().startswith("No"), 10, "the search")
    assert picker.search_status.text() == "No chat models match “image”."
    assert picker.results.count() == 0
    picker.search_edit.clear()
    assert picker.search_status.text() == "" and not picker.searching
    await picker.aclose()


async def test_a_failed_search_says_why(qtbot: QtBot, standin: StandIn) -> None:
    wrong = ReplicateClient(
        api_key="r8_NotTheStandInToken0000000000000000000", base_url=standin.base_url
    )
    picker = ModelPicker("openai/gpt-4o-mini", wrong)
    qtbot.addWidget(picker)
    try:
        picker.search("llama", delay=0)
        await wait_until(lambda: not picker.searching, 10, "the search")
        assert picker.result_refs() == []
        assert "token" in picker.search_status.text().lower()  # 401: the token is wrong
    finally:
        await picker.aclose()
        await wrong.close()


async def test_closing_cancels_a_search_under_way(
    qtbot: QtBot, standin: StandIn, client: ReplicateClient
) -> None:
    picker = ModelPicker("openai/gpt-4o-mini", client)
    qtbot.addWidget(picker)
    picker.search("llama")
    assert picker.searching
    await picker.aclose()
    assert not picker.searching
    picker.search("llama")  # closed: no new search starts
    assert not picker.searching and searches(standin) == []
