"""Export conversations as Markdown or JSON, from the app's menu or `replicate-chat export`.

No Qt here: the command runs without a window. Message text is written exactly as stored (the
raw markdown the model produced), so code blocks survive unchanged. Deleted conversations are
never exported. The command opens the store read-only: it creates nothing, moves nothing.
The Markdown's own words (headings, notes) follow the app's language when the app exports; the
command, which never loads Qt, writes them and everything it prints in English.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from gui.store.conversations import ConversationStore
from gui.store.records import (
    COMPLETE,
    FAILED,
    IMAGE,
    INTERRUPTED,
    STOPPED,
    STREAMING,
    Attachment,
    Conversation,
    Message,
)
from gui.store.schema import StoreError
from gui.utils.atomic_file import write_atomically
from gui.utils.paths import resolve_paths
from gui.utils.translation import translate

EXPORT_FORMAT = "replicate-chat-export"
# Version 2 exports the whole tree of versions: each message has its "id", "parent_id" and
# "on_path" (shown in the app); version 1's fields keep their meaning, so a reader of either
# takes the path as the messages with "on_path" true (or all of them, in version 1). Version 3
# adds each question's "attachments": name, MIME type, kind, size, the bytes in base64, an
# image's pixels and a document's text.
EXPORT_VERSION = 3


def _role_heading(role: str) -> str:
    headings = {
        "user": translate("Export", "You"),
        "assistant": translate("Export", "Assistant"),
        "system": translate("Export", "System"),
    }
    return headings.get(role, role.title())


def _status_note(status: str) -> str:
    notes = {
        STOPPED: translate("Export", "Stopped before the answer was finished."),
        INTERRUPTED: translate(
            "Export", "Interrupted: Replicate Chat closed before the answer was finished."
        ),
        STREAMING: translate("Export", "Still being written when this was exported."),
        FAILED: translate("Export", "The answer failed"),
    }
    return notes.get(status) or translate("Export", "Status: {status}.").format(status=status)


def _conversations(store: ConversationStore, ids: list[int] | None) -> list[Conversation]:
    """The chosen conversations in the given order (all, newest first, for None)."""
    if ids is None:
        return store.list_conversations()
    chosen = []
    for conversation_id in ids:
        conversation = store.get_conversation(conversation_id)
        if conversation is None:
            raise StoreError(f"There is no conversation {conversation_id}.")
        chosen.append(conversation)
    return chosen


def _iso(timestamp: float | None) -> str | None:
    """ISO-8601 in UTC with its offset, for machines."""
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).isoformat()


def _local(timestamp: float) -> str:
    """Local date and time with its offset, for people."""
    return datetime.fromtimestamp(timestamp).astimezone().strftime("%Y-%m-%d %H:%M %z")


def _escape_note(text: str) -> str:
    """Error text on one line, with the characters that would end the italics escaped."""
    flat = " ".join(text.split())
    for char in "\\*_`":
        flat = flat.replace(char, "\\" + char)
    return flat


def _note(message: Message) -> str | None:
    if message.status == COMPLETE:
        return None
    note = _status_note(message.status)
    if message.status == FAILED:
        note += f": {message.error}" if message.error else "."
    return f"*{_escape_note(note)}*"


Progress = Callable[[int, int], None]  # (conversations done, conversations in all)


def _counted(
    conversations: list[Conversation], progress: Progress | None
) -> Iterator[Conversation]:
    """The conversations, telling `progress` after each one."""
    for done, conversation in enumerate(conversations, 1):
        yield conversation
        if progress is not None:
            progress(done, len(conversations))


def export_markdown(
    store: ConversationStore,
    conversation_ids: list[int] | None,
    progress: Progress | None = None,
    *,
    all_versions: bool = False,
) -> str:
    """The conversations as one Markdown document, message text exactly as stored: the path
    shown in the app, and with `all_versions` every version of each message on it."""
    parts: list[str] = []
    with store.snapshot():
        for conversation in _counted(_conversations(store, conversation_ids), progress):
            title = " ".join(conversation.title.split()) or translate("Export", "Untitled chat")
            facts = []
            if conversation.model:
                facts.append(translate("Export", "Model: {model}").format(model=conversation.model))
            created, updated = _local(conversation.created_at), _local(conversation.updated_at)
            facts.append(translate("Export", "Created {time}").format(time=created))
            facts.append(translate("Export", "Updated {time}").format(time=updated))
            parts.append(f"# {title}\n\n{' · '.join(facts)}\n\n")
            path = store.messages(conversation.id)
            places: dict[tuple[str, int | None], list[Message]] = {}
            for message in store.tree.everything(conversation.id) if all_versions else path:
                places.setdefault((message.role, message.parent_id), []).append(message)
            for message in path:
                versions = places[(message.role, message.parent_id)]
                for number, version in enumerate(versions, 1):
                    parts.append(_markdown_message(version, number, len(versions), message))
    return "".join(parts)


def _markdown_message(message: Message, number: int, count: int, shown: Message) -> str:
    heading = _role_heading(message.role)
    if count > 1:
        version = translate("Export", "version {number} of {count}").format(
            number=number, count=count
        )
        if message.id == shown.id:
            version += translate("Export", ", shown")
        heading += f" ({version})"
    body = message.content
    if body:  # verbatim, then one blank line (an empty answer gets none)
        body += "\n" if body.endswith("\n") else "\n\n"
    thought = (message.thinking or "").strip("\n")
    if thought:  # folded, as in the app: GitHub and most viewers show <details> closed
        summary = translate("Export", "Thinking")
        body = f"<details>\n<summary>{summary}</summary>\n\n{thought}\n\n</details>\n\n{body}"
    files = _attachments_line(message)
    if files:
        body += f"{files}\n\n"
    note = _note(message)
    return f"## {heading}\n\n{body}" + (f"{note}\n\n" if note else "")


def _attachments_line(message: Message) -> str:
    """The files of a question, named: "*Attached: a.png (1,024 × 768), notes.md (2,140
    characters)*" (the files themselves are in the JSON export)."""
    named = []
    for item in message.attachments:
        if item.kind == IMAGE:
            detail = f"{item.width:,} × {item.height:,}"
        else:
            detail = translate("Export", "{count} characters").format(count=f"{item.characters:,}")
        named.append(f"{_escape_note(item.name)} ({detail})")
    if not named:
        return ""
    return "*" + translate("Export", "Attached: {files}").format(files=", ".join(named)) + "*"


def _message_json(message: Message, on_path: bool, files: list[Attachment]) -> dict[str, Any]:
    return {
        "id": message.id,
        "parent_id": message.parent_id,
        "on_path": on_path,
        "role": message.role,
        "content": message.content,
        "thinking": message.thinking,  # a reasoning model's thought, apart from its answer
        "status": message.status,
        "error": message.error,
        "model": message.model,
        "metrics": message.metrics,
        "created_at": _iso(message.created_at),
        "attachments": [_attachment_json(item) for item in files],
    }


def _attachment_json(item: Attachment) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "name": item.name,
        "mime_type": item.mime,
        "size": item.size,
        "width": item.width or None,
        "height": item.height or None,
        "text": item.text,  # a document's text, as it went into the prompt
        "data_base64": base64.b64encode(item.data).decode("ascii"),
    }


def export_json(
    store: ConversationStore, conversation_ids: list[int] | None, progress: Progress | None = None
) -> str:
    """The conversations as a JSON document (format "replicate-chat-export", version 2): the
    whole tree of versions of each."""
    with store.snapshot():
        conversations = [
            {
                "id": conversation.id,
                "title": conversation.title,
                "created_at": _iso(conversation.created_at),
                "updated_at": _iso(conversation.updated_at),
                "model": conversation.model,
                "params": conversation.params,
                "messages": _tree_json(store, conversation.id),
            }
            for conversation in _counted(_conversations(store, conversation_ids), progress)
        ]
    return _json_document(conversations)


def _tree_json(store: ConversationStore, conversation_id: int) -> list[dict[str, Any]]:
    """Every version of every message, in order of creation, the path shown marked."""
    path = {m.id for m in store.messages(conversation_id)}
    tree = store.tree.everything(conversation_id)
    files = store.files.of(m.id for m in tree if m.attachments)
    return [_message_json(m, m.id in path, files.get(m.id, [])) for m in tree]


def _json_document(conversations: list[dict[str, Any]]) -> str:
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": datetime.now(timezone.utc).isoformat(),
        "conversations": conversations,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="replicate-chat export",
        description="Export conversations as Markdown or JSON (all of them by default).",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--conversation",
        metavar="ID",
        type=int,
        action="append",
        help="export this conversation (repeat for several)",
    )
    which.add_argument("--all", action="store_true", help="export every conversation (default)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument(
        "--all-versions",
        action="store_true",
        help="Markdown: every version of each message, not only those shown (JSON always "
        "holds every version)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", type=Path, help="default: stdout")
    parser.add_argument("--data-dir", metavar="DIR", help="the folder holding the store")
    return parser


def _write_stdout(text: str) -> None:
    # Bytes, so the output is UTF-8 with the stored newlines whatever the locale says.
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        sys.stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()


def run_export(argv: list[str]) -> int:
    """`replicate-chat export [--conversation ID | --all] [--format markdown|json] [-o FILE]
    [--data-dir DIR]` (argv is what follows "export"). Returns the exit status: 0 done (also
    when there are no conversations yet), 1 the store or the output failed, 2 bad usage or an
    unknown conversation."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as done:  # argparse printed the usage error or the help
        return done.code if isinstance(done.code, int) else 2
    ids: list[int] | None = args.conversation
    path = resolve_paths(args.data_dir).store_file
    if not path.exists():
        # Nothing to export, and exporting must not create a store as a side effect: an empty
        # export (valid JSON for scripts), a word on stderr, success.
        if ids:
            print(f"There is no conversation {ids[0]}: no conversations yet.", file=sys.stderr)
            return 2
        print(f"No conversations yet ({path} does not exist).", file=sys.stderr)
        return _emit(args.output, _json_document([]) if args.format == "json" else "")
    try:
        with ConversationStore.open(path, read_only=True) as store:
            missing = [i for i in ids or [] if store.get_conversation(i) is None]
            if missing:
                print(f"There is no conversation {missing[0]}.", file=sys.stderr)
                return 2
            if args.format == "json":
                text = export_json(store, ids)
            else:
                text = export_markdown(store, ids, all_versions=args.all_versions)
    except StoreError as error:
        print(f"replicate-chat export: {error}", file=sys.stderr)
        return 1
    return _emit(args.output, text)


def _emit(output: Path | None, text: str) -> int:
    """Write the export to `output` (atomically) or stdout; the exit status."""
    try:
        if output is None:
            _write_stdout(text)
        else:
            write_atomically(output, text)
    except OSError as error:
        where = output or "stdout"
        print(f"replicate-chat export: cannot write {where}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(run_export(sys.argv[1:]))
