"""Attachments through the real window and the stand-in: files dropped on the window and pasted
into the message box, what each kind of model is sent (checked at the stand-in), what is kept,
the notes and refusals a person sees, the keyboard, and opening a sent picture."""

from __future__ import annotations

import json
import random
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.attachments.viewer import ImageViewer
from gui.window.main_window import MainWindow
from provider.standin import StandIn
from tests.gui.attachments.files import encoded, pdf, picture
from tests.gui.helpers import choose_model, wait_until

GPT5 = "openai/gpt-5"  # pictures in `image_input`, text in `messages`
CLAUDE = "anthropic/claude-3.7-sonnet"  # one picture in `image`
LLAMA = "meta/meta-llama-3-70b-instruct"  # no pictures


def noisy_photo(width: int, height: int) -> QImage:
    """A picture that JPEG cannot squeeze much (well over 256 kB): it must be uploaded."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    rng = random.Random(7)
    for y in range(0, height, 4):
        for x in range(0, width, 4):
            colour = QColor(rng.randrange(256), rng.randrange(256), rng.randrange(256))
            for dy in range(4):
                for dx in range(4):
                    image.setPixelColor(x + dx, y + dy, colour)
    return image


def drop(window: MainWindow, paths: list[Path]) -> None:
    """Drag the files over the window and let go, as a file manager does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    centre = QPointF(window.rect().center())
    enter = QDragEnterEvent(
        centre.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    dropped = QDropEvent(
        centre,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, dropped)


async def chips(window: MainWindow, count: int) -> list[str]:
    tray = window.composer.tray
    await wait_until(lambda: len(tray.items()) == count, 10, f"{count} chips")
    return [item.name for item in tray.items()]


async def send_now(window: MainWindow, text: str) -> None:
    window.composer.set_text(text)
    QTest.keyClick(window.composer.editor, Qt.Key.Key_Return)
    assert window.session.busy, "Enter started a reply"
    await wait_until(lambda: not window.session.busy, 30, "the reply to finish")


def last_input(standin: StandIn) -> dict:
    return dict(list(standin.predictions.values())[-1].input)


async def test_a_dropped_photo_and_pdf_reach_the_model_and_are_kept(
    window: MainWindow, standin: StandIn, tmp_path: Path
) -> None:
    choose_model(window, GPT5)
    photo = tmp_path / "harbour.png"
    photo.write_bytes(encoded(noisy_photo(1600, 1200), "PNG"))
    report = tmp_path / "report.pdf"
    report.write_bytes(pdf("Quarterly figures: revenue grew"))
    drop(window, [photo, report])
    assert await chips(window, 2) == ["harbour.png", "report.pdf"]
    chip_names = [chip.accessibleName() for chip in window.composer.tray.chips()]
    assert chip_names[0].startswith("harbour.png, picture, 1,600 × 1,200")
    assert "characters" in chip_names[1] and "tokens" in chip_names[1]
    await send_now(window, "What do these show?")
    sent = last_input(standin)
    [picture_url] = sent["image_input"]
    assert picture_url.startswith(standin.base_url)  # over 256 kB: uploaded through the Files API
    question = sent["messages"][-1]["content"]
    assert question.startswith("What do these show?")
    assert "Attached file `report.pdf`" in question and "revenue grew" in question
    assert window.composer.tray.items() == []
    [conversation] = window.store.list_conversations()
    asked, answer = window.store.messages(conversation.id)
    assert [(a.name, a.mime) for a in asked.attachments] == [
        ("harbour.png", "image/jpeg"),  # opaque: re-encoded as JPEG
        ("report.pdf", "application/pdf"),
    ]
    assert "report.pdf" in answer.content  # the demo says what it received
    shown = window.view.message_widget(asked.id)
    assert [chip.name for chip in shown.files.chips] == ["harbour.png", "report.pdf"]


async def test_a_small_pasted_picture_goes_inline_and_every_turn_carries_its_files(
    window: MainWindow, standin: StandIn
) -> None:
    choose_model(window, GPT5)
    QGuiApplication.clipboard().setImage(picture(120, 80))
    window.composer.editor.setFocus()
    window.composer.editor.paste()
    assert await chips(window, 1) == ["Pasted picture.png"]
    assert window.composer.text() == ""  # a picture is attached, never typed
    await send_now(window, "")  # files alone may be sent
    first = last_input(standin)
    assert first["image_input"][0].startswith("data:image/jpeg;base64,")
    await send_now(window, "And now?")
    again = last_input(standin)
    assert again["image_input"] == first["image_input"]  # the first turn's picture, again


async def test_a_text_only_model_is_offered_no_pictures_and_told_once(
    window: MainWindow, standin: StandIn, tmp_path: Path
) -> None:
    photo = tmp_path / "cat.png"
    photo.write_bytes(encoded(picture(64, 64), "PNG"))
    notes = tmp_path / "notes.md"
    notes.write_text("# Cats\n\nThey sleep.\n", encoding="utf-8")
    choose_model(window, GPT5)
    drop(window, [photo])
    await chips(window, 1)
    await send_now(window, "A cat")
    choose_model(window, LLAMA)
    drop(window, [photo, notes])
    assert await chips(window, 1) == ["notes.md"]
    await wait_until(lambda: any("does not see pictures" in t for t in window.notices.texts()), 5)
    await send_now(window, "Summarise")
    sent = last_input(standin)
    assert "They sleep." in sent["prompt"] and "image" not in json.dumps(sorted(sent))
    notices = [t for t in window.notices.texts() if "the ones in this conversation" in t]
    await send_now(window, "Again")
    assert [t for t in window.notices.texts() if "the ones in this conversation" in t] == notices
    assert len(notices) == 1  # said once


async def test_a_one_picture_model_says_so_and_gets_the_newest(
    window: MainWindow, standin: StandIn, tmp_path: Path
) -> None:
    choose_model(window, CLAUDE)
    first, second = tmp_path / "first.png", tmp_path / "second.png"
    first.write_bytes(encoded(picture(64, 64), "PNG"))
    second.write_bytes(encoded(picture(32, 32, transparent=True), "PNG"))
    drop(window, [first, second])
    await chips(window, 2)
    tray = window.composer.tray
    await wait_until(lambda: "one picture per message" in tray.note.text(), 5, "the note")
    await send_now(window, "Compare")
    sent = last_input(standin)
    assert isinstance(sent["image"], str) and sent["image"].startswith("data:image/png;base64,")


async def test_chips_work_from_the_keyboard_and_a_sent_picture_opens(
    window: MainWindow, standin: StandIn, tmp_path: Path
) -> None:
    choose_model(window, GPT5)
    photos = []
    for name in ("a.png", "b.png"):
        photos.append(tmp_path / name)
        photos[-1].write_bytes(encoded(picture(64, 48), "PNG"))
    big = tmp_path / "big.png"  # read longer than a small one: it must not be overtaken
    big.write_bytes(encoded(picture(3000, 2000), "PNG"))
    drop(window, [big])
    drop(window, photos)  # a second drop, at once
    assert await chips(window, 3) == ["big.png", "a.png", "b.png"]
    window.composer.tray.remove(window.composer.tray.chips()[0])
    first = window.composer.tray.chips()[0]
    assert first.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert first.remove_button is not None
    assert first.remove_button.accessibleName() == "Remove a.png"
    # Tab reads the row as the eye does: each chip, its ×, then "+" and the box.
    composer = window.composer
    second = composer.tray.chips()[1]
    assert second.remove_button is not None
    first.setFocus()
    order = []
    for _ in range(5):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [
        first.remove_button,
        second,
        second.remove_button,
        composer.attach_button,
        composer.editor,
    ]
    first.setFocus()
    QTest.keyClick(first, Qt.Key.Key_Delete)
    assert await chips(window, 1) == ["b.png"]
    await send_now(window, "One left")
    [conversation] = window.store.list_conversations()
    asked = window.store.messages(conversation.id)[0]
    chip = window.view.message_widget(asked.id).files.chips[0]
    assert chip in window.view.message_widget(asked.id).focus_chain()
    QTest.keyClick(chip, Qt.Key.Key_Return)
    viewer = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImageViewer))
    await wait_until(viewer.isVisible, 5, "the viewer")
    assert viewer.windowTitle() == "b.png" and viewer.image.size().width() == 64
    viewer.copy_button.click()
    assert QGuiApplication.clipboard().image().width() == 64
    QTest.keyClick(viewer, Qt.Key.Key_Escape)
    await wait_until(lambda: not viewer.isVisible(), 5, "the viewer to close")
