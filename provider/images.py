"""Which input of a model takes images, read from its schema, and how many and how large.

Vision models on Replicate take images in an input of their own, never inside `messages`
(fact sheet §10.1): Claude and LLaVA one `image` string, OpenAI's models an `image_input` array,
newer Gemini versions an `images` array. Cog types every file input as `{"type": "string",
"format": "uri"}` (an array of them for a list), so that format and the input's name are how the
input is found. The GUI asks `image_input` before sending, to scale images to what the model
reads; the client maps the images of a chat to the input it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .schema import InputSchema, Parameter

__all__ = ["DEFAULT_MAX_SIDE", "IMAGE_INPUT_NAMES", "ImageInput", "image_input"]

# The names seen on Replicate's vision models, best first (fact sheet §10.1).
IMAGE_INPUT_NAMES = ("image", "image_input", "images", "input_images", "input_image")
DEFAULT_MAX_SIDE = 2048
"""The longest side to scale an image to when the schema states no resolution of its own."""

_COUNT = re.compile(r"\b(?:max(?:imum)?\.?|up to|at most)\s*(?:of\s*)?(\d+)\s*images?\b", re.I)
_SIZE = re.compile(r"\bup to\s*(\d+(?:\.\d+)?)\s*([KMG])i?B\b", re.I)
_UNITS = {"K": 1_000, "M": 1_000_000, "G": 1_000_000_000}


@dataclass(frozen=True, slots=True)
class ImageInput:
    """The input a model takes images in, and the limits its schema states.

    `multiple` is False for a single string (one image per prediction: the newest is sent).
    `max_count` is how many an array takes (`maxItems`, else the count its description gives,
    else None: no stated limit). `max_pixels` is the resolution the model scales images to
    (Claude's `max_image_resolution` default, in pixels), `max_bytes` the size one image may
    have (from a description such as "each up to 7MB", read as decimal megabytes, the smaller
    reading), and `max_side` the longest side to scale to otherwise. `required` is True when
    the model cannot run without an image (LLaVA).
    """

    name: str
    multiple: bool
    max_count: int | None = None
    max_pixels: int | None = None
    max_bytes: int | None = None
    max_side: int = DEFAULT_MAX_SIDE
    required: bool = False

    @property
    def capacity(self) -> int | None:
        """How many images one prediction takes: 1 for a string, else `max_count`."""
        return self.max_count if self.multiple else 1


def image_input(schema: InputSchema | None) -> ImageInput | None:
    """The input of this schema that takes images, or None when it has none (or no schema)."""
    if schema is None:
        return None
    found = _image_parameter(schema)
    if found is None:
        return None
    multiple = found.type == "array"
    max_count = 1 if not multiple else found.max_items
    if multiple and max_count is None:
        max_count = _described_count(found.description)
    return ImageInput(
        name=found.name,
        multiple=multiple,
        max_count=max_count,
        max_pixels=_max_pixels(schema),
        max_bytes=_described_size(found.description),
        required=found.required,
    )


def _is_uri(parameter: Parameter) -> bool:
    if parameter.type == "array":
        return parameter.items_format == "uri"
    return parameter.type == "string" and parameter.format == "uri"


def _name_rank(name: str) -> int | None:
    """How image-like a name is: a known name by its place, any other holding "image" after
    them, and None for a name that does not say image (`videos`, `audio`, `mask`)."""
    lowered = name.lower()
    if lowered in IMAGE_INPUT_NAMES:
        return IMAGE_INPUT_NAMES.index(lowered)
    if "image" in lowered and "mask" not in lowered:
        return len(IMAGE_INPUT_NAMES)
    return None


def _image_parameter(schema: InputSchema) -> Parameter | None:
    """The file input (format uri) with the most image-like name; failing that, an input with
    one of the known names whose schema forgot the format. Ties go to the schema's order."""
    best: tuple[int, int, int, Parameter] | None = None
    for parameter in schema.parameters.values():
        rank = _name_rank(parameter.name)
        if rank is None or parameter.type not in ("string", "array"):
            continue
        uri = _is_uri(parameter)
        if not uri and rank >= len(IMAGE_INPUT_NAMES):
            continue  # a text input that merely mentions images ("image_description")
        key = (0 if uri else 1, rank, parameter.order, parameter)
        if best is None or key[:3] < best[:3]:
            best = key
    return None if best is None else best[3]


def _described_count(description: str) -> int | None:
    match = _COUNT.search(description)
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def _described_size(description: str) -> int | None:
    match = _SIZE.search(description)
    if match is None:
        return None
    size = int(float(match.group(1)) * _UNITS[match.group(2).upper()])
    return size if size > 0 else None


def _max_pixels(schema: InputSchema) -> int | None:
    """Claude's `max_image_resolution`: megapixels the model scales an image to (its default)."""
    resolution = schema.get("max_image_resolution")
    default = resolution.default if resolution is not None else None
    if isinstance(default, bool) or not isinstance(default, (int, float)) or default <= 0:
        return None
    return max(1, round(default * 1_000_000))
