"""What the window does with attachments: choose files (the paper clip, Ctrl+U), take them
dropped on the window or pasted into the message box, read them off the GUI thread into chips,
say what the chosen model will do with them, and open a sent one.

What a model takes comes from its input schema (provider: `ReplicateClient.image_input`):
pictures are offered only to a model with an image input, and one that takes a single picture
says so when a second is attached. Texts keep the "MainWindow" translation context.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    QMimeData,
    QObject,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QFileDialog, QWidget

from gui.attachments.chips import OPEN_ATTACHMENT
from gui.chat.composer import Composer
from gui.chat.failures import model_label
from gui.chat.session import ChatSession
from gui.chat.view import ChatView
from gui.config.settings import GenerationSettings
from gui.store.conversations import ConversationStore
from gui.store.records import IMAGE, Attachment
from gui.window.clients import ClientPool
from gui.window.layout import WindowWidgets
from provider.errors import ProviderError
from provider.tasks import OwnedTasks

if TYPE_CHECKING:
    from provider.images import ImageInput

translate = QCoreApplication.translate

_UNKNOWN = object()  # a model whose schema has not been read yet
_IMAGE_SUFFIXES = "*.png *.jpg *.jpeg *.webp *.gif"
_DOCUMENT_SUFFIXES = (
    "*.pdf *.txt *.md *.markdown *.rst *.csv *.tsv *.json *.jsonl *.xml *.html *.htm *.log "
    "*.py *.js *.ts *.tsx *.jsx *.java *.c *.h *.cpp *.hpp *.cs *.go *.rs *.rb *.php *.swift "
    "*.kt *.sh *.sql *.yaml *.yml *.toml *.ini *.cfg *.tex"
)


class AttachmentsHost(Protocol):
    """What the attachments part needs of the window (which it never imports)."""

    store: ConversationStore
    composer: Composer
    clients: ClientPool
    view: ChatView
    session: ChatSession
    tasks: OwnedTasks
    widgets: WindowWidgets

    def effective_settings(self) -> GenerationSettings: ...
    def show_status(self, text: str) -> None: ...
    def report(self, text: str) -> None: ...


class WindowAttachments(QObject):
    """Files on their way into a message, and files opened from one."""

    def __init__(self, host: AttachmentsHost, window: QWidget) -> None:
        super().__init__(window)
        self._host = host
        self._window = window
        self._inputs: dict[str, ImageInput | None] = {}  # by model: what its schema says
        self._tasks = host.tasks  # the window's: cancelled when it shuts down
        self._note_task: asyncio.Task[None] | None = None
        self._in_turn = asyncio.Lock()  # drops and pastes are read one after another
        composer = host.composer
        composer.attach_requested.connect(self.choose_files)
        composer.editor.files_offered.connect(self.attach_mime)
        composer.tray.open_requested.connect(self.show)
        composer.tray.changed.connect(self.refresh_note)
        composer.tray.changed.connect(host.widgets.set_tab_order)
        composer.model_changed.connect(lambda _model: self.refresh_note())
        host.view.message_action.connect(self._on_message_action)
        host.session.notice.connect(host.report)  # pictures a model cannot see, said once
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    # -- taking files in -------------------------------------------------------------------------

    def choose_files(self) -> None:
        """The paper clip (Ctrl+U): pick files; pictures only when the model sees them."""
        documents = translate("MainWindow", "Documents ({suffixes})").format(
            suffixes=_DOCUMENT_SUFFIXES
        )
        filters = [documents]
        if self._takes_images() is not False:
            filters.insert(
                0,
                translate("MainWindow", "Pictures and documents ({suffixes})").format(
                    suffixes=f"{_IMAGE_SUFFIXES} {_DOCUMENT_SUFFIXES}"
                ),
            )
        paths, _chosen = QFileDialog.getOpenFileNames(
            self._window, translate("MainWindow", "Attach files"), "", ";;".join(filters)
        )
        self.attach_paths([Path(path) for path in paths])

    def attach_paths(self, paths: list[Path]) -> None:
        """Read the files one after another, so their chips keep the order they came in."""

        # Reading and viewing files load with their first use, not before the window's first frame.
        from gui.attachments.reading import read_path

        async def read_in_order() -> None:
            for path in paths:
                await self._read(path.name, lambda path=path: read_path(path))

        self._tasks.spawn(self._reading(read_in_order()))

    def attach_mime(self, mime: QMimeData) -> None:
        """Files dropped or pasted, or a picture pasted from the clipboard."""
        paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        if paths:
            self.attach_paths(paths)
            return
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            from gui.attachments.reading import read_bytes

            name = translate("MainWindow", "Pasted picture.png")
            read = self._read(name, lambda: read_bytes(name, _png(image)))
            self._tasks.spawn(self._reading(read))

    async def _reading(self, reads: Coroutine[Any, Any, None]) -> None:
        """While files are read, Send waits: a file dropped just before must go with it. One
        drop or paste at a time (the lock serves them in turn), so chips come in the order the
        files did, however quickly the next drop follows."""
        composer = self._host.composer
        composer.set_reading(+1)
        try:
            async with self._in_turn:
                await reads
        finally:
            composer.set_reading(-1)

    async def _read(self, name: str, read: Callable[[], Attachment]) -> None:
        from gui.attachments.documents import AttachmentError

        self._host.show_status(translate("MainWindow", "Reading {name}…").format(name=name))
        try:
            attachment = await asyncio.to_thread(read)
        except AttachmentError as error:
            self._host.report(str(error))
            self._host.show_status("")
            return
        self._host.show_status("")
        model = self._host.effective_settings().model
        if attachment.kind == IMAGE and await self._image_input(model) is None:
            self._host.report(self._no_pictures_text(attachment.name, model))
            return
        self._host.composer.tray.add(attachment)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Files dragged over the window are welcome anywhere on it."""
        if watched is self._window and isinstance(event, (QDragEnterEvent, QDropEvent)):
            mime = event.mimeData()
            if any(url.isLocalFile() for url in mime.urls()) or mime.hasImage():
                event.acceptProposedAction()
                if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
                    self.attach_mime(mime)
                return True
        return super().eventFilter(watched, event)

    # -- what the model takes --------------------------------------------------------------------

    def refresh_note(self) -> None:
        """Say under the chips what the chosen model will do with them."""
        if self._note_task is not None:
            self._note_task.cancel()  # the newest question wins
        self._note_task = self._tasks.spawn(self._show_note())

    async def _show_note(self) -> None:
        tray = self._host.composer.tray
        pictures = [a for a in tray.items() if a.kind == IMAGE]
        if not pictures:
            tray.set_note("")
            return
        model = self._host.effective_settings().model
        found = await self._image_input(model)
        if model != self._host.effective_settings().model:
            return  # another model was chosen meanwhile: its own note is on its way
        label = model_label(model)
        if found is None:
            note = translate(
                "MainWindow", "{model} does not see pictures: they will not be sent to it."
            ).format(model=label)
        elif not found.multiple and len(pictures) > 1:
            note = translate(
                "MainWindow", "{model} takes one picture per message: only the last is sent."
            ).format(model=label)
        elif found.max_count is not None and len(pictures) > found.max_count:
            note = translate(
                "MainWindow", "{model} takes {count} pictures at most: the last {count} go."
            ).format(model=label, count=found.max_count)
        else:
            note = ""
        tray.set_note(note)

    def _no_pictures_text(self, name: str, model: str) -> str:
        return translate(
            "MainWindow",
            "{model} does not see pictures, so {name} was not attached. Choose a model that "
            "does (Claude, GPT-4o, GPT-5, Gemini) to send it.",
        ).format(model=model_label(model), name=name)

    def _takes_images(self) -> bool | None:
        """Known for the chosen model: True, False; None while its schema is unread."""
        found = self._inputs.get(self._host.effective_settings().model, _UNKNOWN)
        return None if found is _UNKNOWN else found is not None

    async def _image_input(self, model: str) -> ImageInput | None:
        """`model`'s image input, from its schema (read once per model). Without a token or a
        readable schema, pictures are allowed: the provider says so if they cannot go."""
        if model in self._inputs:
            return self._inputs[model]
        from provider import ImageInput, image_input

        client = self._host.clients.chat_client()
        unknown = ImageInput("image", True)
        if client is None:
            return unknown
        try:
            schema = await client.input_schema(model)
        except ProviderError:
            return unknown
        if schema is None:  # unreadable now (offline, a server error): asked again next time
            return unknown
        found = self._inputs[model] = image_input(schema)
        return found

    # -- opening ---------------------------------------------------------------------------------

    def _on_message_action(self, _message_id: int, action: str, argument: object) -> None:
        if action == OPEN_ATTACHMENT and isinstance(argument, int):
            self.open_stored(argument)

    def open_stored(self, attachment_id: int) -> None:
        """A sent file, chosen in the chat: the picture in the viewer, a document outside."""
        found = self._host.store.files.get(attachment_id)
        if found is None:
            self._host.report(translate("MainWindow", "That file is no longer in the store."))
            return
        self.show(found)

    def show(self, attachment: Attachment) -> None:
        from gui.attachments.viewer import ImageViewer, open_document

        if attachment.kind == IMAGE:
            image = QImage.fromData(attachment.data)
            ImageViewer(attachment.name, image, self._window).show()
        elif not open_document(attachment.name, attachment.data, attachment.mime):
            self._host.report(
                translate("MainWindow", "No application could open {name}.").format(
                    name=attachment.name
                )
            )


def _png(image: QImage) -> bytes:
    out = QByteArray()
    buffer = QBuffer(out)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(out.data())
