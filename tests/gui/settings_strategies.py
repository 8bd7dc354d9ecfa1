"""Hypothesis strategies shared by the settings and validator tests."""

from __future__ import annotations

from hypothesis import strategies as st

# A token-shaped string: it must never show up in a warning or a message.
TOKEN = "r8_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789A"

# Any value `json.loads` can give, NaN and infinities included (Python's json accepts them).
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
