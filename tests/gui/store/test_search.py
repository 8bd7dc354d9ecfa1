"""Full-text search over titles and messages, and titles made from a first message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.store.conversations import ConversationStore
from gui.store.records import title_from_text
from gui.store.search import HITS_PER_CONVERSATION, SNIPPET_END, SNIPPET_START, fts_query


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConversationStore]:
    opened = ConversationStore.open(tmp_path / "conversations.sqlite3")
    yield opened
    opened.close()


def _hits(store: ConversationStore, query: str) -> list[tuple[int, int | None]]:
    return [(h.conversation_id, h.message_id) for h in store.search(query)]


def test_titles_and_message_text_are_found_by_prefix(store: ConversationStore):
    bread = store.create_conversation("Sourdough baking")
    question = store.add_message(bread.id, "user", "How long should the dough proof?")
    answer = store.add_message(bread.id, "assistant", "Proofing takes 4 to 12 hours.")
    other = store.create_conversation("Rust lifetimes")
    borrow = store.add_message(other.id, "user", "Explain borrow checking")

    assert _hits(store, "sourdough") == [(bread.id, None)]
    assert _hits(store, "SOUR") == [(bread.id, None)]  # case-insensitive prefix
    assert sorted(_hits(store, "proof")) == sorted([(bread.id, question.id), (bread.id, answer.id)])
    assert _hits(store, "borrow check") == [(other.id, borrow.id)]  # every word, each a prefix
    assert _hits(store, "borrow dough") == []  # all words must match in one place
    assert _hits(store, "lifetime") == [(other.id, None)]


def test_snippets_mark_the_match_and_hits_carry_the_title(store: ConversationStore):
    conversation = store.create_conversation("Kitchen notes")
    long_text = "word " * 40 + "the secret ingredient is\npatience\n" + "filler " * 40
    message = store.add_message(conversation.id, "assistant", long_text)
    [hit] = store.search("ingred")
    assert (hit.conversation_id, hit.message_id, hit.title) == (
        conversation.id,
        message.id,
        "Kitchen notes",
    )
    assert f"{SNIPPET_START}ingredient{SNIPPET_END}" in hit.snippet
    assert "\n" not in hit.snippet
    assert len(hit.snippet) < len(long_text) / 2
    [title_hit] = store.search("kitch")
    assert title_hit.snippet == f"{SNIPPET_START}Kitchen{SNIPPET_END} notes"


def test_diacritics_and_unicode(store: ConversationStore):
    conversation = store.create_conversation("Travel")
    store.add_message(conversation.id, "user", "Un café à Zürich, 東京 and naïve emoji 🦙")
    for query in ("cafe", "café", "zurich", "東京", "NAIVE", "Zü"):
        assert [h.conversation_id for h in store.search(query)] == [conversation.id], query


def test_one_conversation_per_title_then_its_best_messages(store: ConversationStore):
    older = store.create_conversation("Python packaging")
    for n in range(5):
        store.add_message(older.id, "user", f"python question {n}")
    newer = store.create_conversation("Snakes")
    newer_message = store.add_message(newer.id, "user", "a python in the garden")
    hits = store.search("python")
    # Most recently active conversation first; the title hit leads its own messages.
    assert (hits[0].conversation_id, hits[0].message_id) == (newer.id, newer_message.id)
    rest = hits[1:]
    assert (rest[0].conversation_id, rest[0].message_id) == (older.id, None)
    assert all(h.conversation_id == older.id and h.message_id for h in rest[1:])
    assert len(rest[1:]) == HITS_PER_CONVERSATION
    assert len(store.search("python", limit=2)) == 2
    assert store.search("python", limit=0) == []


def test_deleted_conversations_are_never_found(store: ConversationStore):
    conversation = store.create_conversation("Hidden title")
    store.add_message(conversation.id, "user", "hidden text")
    store.delete_conversation(conversation.id)
    assert store.search("hidden") == []


def test_edited_and_removed_text_leaves_the_index(store: ConversationStore):
    conversation = store.create_conversation("Draft")
    message = store.add_message(conversation.id, "assistant", "first wording")
    store.update_message(message.id, content="second phrasing")
    assert store.search("wording") == []
    assert _hits(store, "phrasing") == [(conversation.id, message.id)]
    store.rename_conversation(conversation.id, "Final")
    assert store.search("draft") == []
    assert _hits(store, "final") == [(conversation.id, None)]
    store.delete_conversation(conversation.id)
    store.purge_deleted()
    assert store.search("phrasing") == []


HOSTILE = [
    "",
    "   \n\t",
    '"',
    '""',
    '"unterminated',
    "AND",
    "OR NOT",
    "a AND",
    "NEAR(a b)",
    "*",
    "-",
    "- -x",
    "(",
    ")",
    "((a)",
    "title:x",
    "content:",
    "^start",
    "{a b}: c",
    "'",
    "\\",
    "\x00",
    "a\x00b",
    "\ud800",
    "c++",
    "🦙*",
    "\u0301",
    "x" * 5000,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(store: ConversationStore, query: str):
    store.add_message(store.create_conversation("AND OR NOT").id, "user", 'say "c++" (NEAR) x')
    assert isinstance(store.search(query), list)


def test_quotes_and_operators_are_searched_as_text(store: ConversationStore):
    conversation = store.create_conversation("Quotes")
    message = store.add_message(conversation.id, "user", 'She said "hello" (twice) - OR not')
    assert _hits(store, '"hello"') == [(conversation.id, message.id)]
    assert _hits(store, "(twice)") == [(conversation.id, message.id)]
    assert _hits(store, "OR") == [(conversation.id, message.id)]
    assert _hits(store, "said -") == [(conversation.id, message.id)]
    assert store.search("   ") == []


def test_any_text_is_a_safe_query(tmp_path: Path):
    with ConversationStore.open(tmp_path / "s.sqlite3") as store:
        conversation = store.create_conversation("Title words")
        store.add_message(conversation.id, "user", 'some searchable text (with) "quotes" *')

        @settings(max_examples=300, deadline=None)
        @given(st.text())
        def check(query: str) -> None:
            hits = store.search(query)
            assert all(h.conversation_id == conversation.id for h in hits)
            if not fts_query(query):
                assert hits == []

        check()


WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]


def test_any_prefixes_of_words_in_a_message_find_it(tmp_path: Path):
    with ConversationStore.open(tmp_path / "s.sqlite3") as store:
        conversation = store.create_conversation("Untouched title")
        message = store.add_message(conversation.id, "user", "; ".join(WORDS) + ".")

        @settings(max_examples=100, deadline=None)
        @given(
            st.lists(
                st.tuples(
                    st.sampled_from(WORDS), st.integers(1, 7), st.sampled_from(["", "(", '"'])
                ),
                min_size=1,
                max_size=4,
            )
        )
        def check(parts: list[tuple[str, int, str]]) -> None:
            query = " ".join(wrap + word[:size].upper() + wrap for word, size, wrap in parts)
            assert [h.message_id for h in store.search(query)] == [message.id], query

        check()


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Hello there", "Hello there"),
        ("\n\n   \n  second line is first  \nthird", "second line is first"),
        ("# A heading", "A heading"),
        ("## **Bold** and `code`", "Bold and code"),
        ("> quoted > text", "quoted > text"),
        ("- a list item", "a list item"),
        ("-5 degrees", "-5 degrees"),
        ("```\nprint('x')\n```", "print('x')"),
        ("tabs\tand   spaces", "tabs and spaces"),
        ("", ""),
        ("   \n\t\n", ""),
        ("*** ``` ###", ""),
        (
            "Please explain how the borrow checker in Rust decides when a reference outlives",
            "Please explain how the borrow checker in Rust decides when…",
        ),
        ("x" * 100, "x" * 59 + "…"),
    ],
)
def test_title_from_text(text: str, title: str):
    assert title_from_text(text) == title


@given(st.text(), st.integers(min_value=1, max_value=120))
def test_titles_are_short_single_lines_without_markers(text: str, limit: int):
    title = title_from_text(text, limit)
    assert len(title) <= limit
    assert title == " ".join(title.split())  # one line, whitespace collapsed and trimmed
    assert "`" not in title and "*" not in title
    if any(c.isalnum() for c in text):
        assert title
    if title:
        assert any(not c.isspace() and c not in "#>*`" for c in text)


@given(st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=30))
def test_short_plain_lines_are_kept_and_long_ones_cut_at_a_word(words: list[str]):
    text = " ".join(words)
    title = title_from_text(text)
    if len(text) <= 60:
        assert title == text
    else:
        assert title.endswith("…")
        kept = title[:-1]
        assert text.startswith(kept)
        assert text[len(kept)] == " " or len(kept) == 59  # at a word, or a hard cut


@pytest.mark.parametrize("first_chunk", [1, 2, 32])
def test_search_walks_conversations_newest_first_across_chunks(
    store: ConversationStore, monkeypatch: pytest.MonkeyPatch, first_chunk: int
):
    # The store searches the newest conversations first, a chunk at a time; the chunking must
    # not change what is found: a common word, a word only in old chats, title and text hits.
    monkeypatch.setattr("gui.store.search.FIRST_CHUNK", first_chunk)
    monkeypatch.setattr("gui.store.search.MAX_CHUNK", 3)
    made = []
    for number in range(12):
        conversation = store.create_conversation("Rare notes" if number == 5 else f"Chat {number}")
        ids = [
            store.add_message(conversation.id, "user", f"common words {i} " + "rare " * (i == 2)).id
            for i in range(5)
        ]
        made.append((conversation.id, ids))
    newest_first = list(reversed(made))
    common = store.search("common", limit=10)
    # The best-ranked three of each conversation (bm25 picks which), newest conversations first.
    assert [h.conversation_id for h in common] == [
        conversation_id for conversation_id, _ in newest_first[:4] for _ in range(3)
    ][:10]
    owners = {message_id: conversation_id for conversation_id, ids in made for message_id in ids}
    assert all(owners[h.message_id] == h.conversation_id for h in common)
    assert len({h.message_id for h in common}) == 10
    rare = _hits(store, "rare")
    expected = []
    for conversation_id, ids in newest_first:
        if conversation_id == made[5][0]:
            expected.append((conversation_id, None))
        expected.append((conversation_id, ids[2]))
    assert rare == expected
    marked = f"{SNIPPET_START}rare{SNIPPET_END}"
    assert all(marked in h.snippet.lower() for h in store.search("rare"))
