"""Exporting attachments: JSON carries each file (base64, name, MIME type, pixels or text),
Markdown names them; the command-line export reads them from a read-only store."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from gui.export.formats import EXPORT_VERSION, export_json, export_markdown
from gui.store.conversations import ConversationStore
from gui.store.records import DOCUMENT, IMAGE, Attachment

PICTURE = Attachment(IMAGE, "a*b.png", "image/png", b"\x89PNG\r\n\x1a\n...", width=1024, height=768)
NOTES = Attachment(DOCUMENT, "notes.md", "text/markdown", b"# Hi\n" * 500, text="# Hi\n" * 500)


def test_json_carries_the_files_and_markdown_names_them(tmp_path: Path) -> None:
    with ConversationStore.open(tmp_path / "s.sqlite3") as store:
        conversation = store.create_conversation("Files")
        store.add_message(conversation.id, "user", "Read these", attachments=[PICTURE, NOTES])
        store.add_message(conversation.id, "assistant", "Done.")
        document = json.loads(export_json(store, [conversation.id]))
        markdown = export_markdown(store, [conversation.id])
    assert document["version"] == EXPORT_VERSION == 3
    question, answer = document["conversations"][0]["messages"]
    picture, notes = question["attachments"]
    assert base64.b64decode(picture["data_base64"]) == PICTURE.data
    assert (picture["name"], picture["mime_type"], picture["kind"]) == (
        "a*b.png",
        "image/png",
        "image",
    )
    assert (picture["width"], picture["height"], picture["size"]) == (1024, 768, PICTURE.size)
    assert notes["text"] == NOTES.text and notes["width"] is None
    assert base64.b64decode(notes["data_base64"]) == NOTES.data
    assert answer["attachments"] == []
    assert "*Attached: a\\*b.png (1,024 × 768), notes.md (2,500 characters)*" in markdown
    assert markdown.index("Read these") < markdown.index("*Attached:") < markdown.index("Done.")
