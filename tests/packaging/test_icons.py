"""The application icon: the committed files are complete, well formed and match the SVG.

The .ico and .icns are read back with Qt's own image plugins (independent of our writers) and
with a plain parse of their headers.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtWidgets import QApplication

from gui.utils.resources import APP_ID, ICON_SIZES
from tests.packaging.helpers import load_script

make_icons = load_script("make_icons")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def opaque_share(image: QImage) -> float:
    """The share of pixels with alpha above 200."""
    opaque = sum(
        image.pixelColor(x, y).alpha() > 200
        for x in range(image.width())
        for y in range(image.height())
    )
    return opaque / (image.width() * image.height())


def test_the_sizes_agree_between_the_app_and_the_generator() -> None:
    assert tuple(make_icons.PNG_SIZES) == ICON_SIZES
    assert make_icons.APP_ID == APP_ID


@pytest.mark.parametrize("size", ICON_SIZES)
def test_each_hicolor_png_has_its_size_transparent_corners_and_an_opaque_body(size: int) -> None:
    path = make_icons.hicolor_png(size)
    assert path == Path(make_icons.ICONS, "hicolor", f"{size}x{size}", "apps", f"{APP_ID}.png")
    image = QImage(str(path))
    assert not image.isNull(), path
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()
    last = size - 1
    for x, y in ((0, 0), (last, 0), (0, last), (last, last)):
        assert image.pixelColor(x, y).alpha() == 0, f"corner {x},{y} of the {size} px icon"
    assert image.pixelColor(size // 2, size // 2).alpha() == 255
    assert opaque_share(image) > 0.6  # a full tile, not a speck


def test_the_ico_holds_every_windows_size_as_png(qapp: QApplication) -> None:
    data = make_icons.ICO_FILE.read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    declared = []
    for index in range(count):
        width, height, _, _, planes, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        declared.append(width or 256)
        assert (width, planes, bits) == (height, 1, 32)
        assert data[offset : offset + 8] == PNG_SIGNATURE
        assert offset + length <= len(data)
    assert declared == [16, 24, 32, 48, 64, 128, 256]
    # Qt's ico plugin reads every image at its declared size.
    reader = QImageReader(str(make_icons.ICO_FILE), b"ico")
    assert reader.imageCount() == count
    sizes = []
    for index in range(count):
        assert reader.jumpToImage(index)
        image = reader.read()
        sizes.append((image.width(), image.height()))
    assert sizes == [(n, n) for n in declared]


def test_the_icns_holds_png_entries_for_every_mac_size(qapp: QApplication) -> None:
    data = make_icons.ICNS_FILE.read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack_from(">I", data, 4)[0] == len(data)
    entries: dict[bytes, tuple[int, int]] = {}
    position = 8
    while position < len(data):
        kind = data[position : position + 4]
        length = struct.unpack_from(">I", data, position + 4)[0]
        payload = data[position + 8 : position + length]
        assert payload[:8] == PNG_SIGNATURE, kind
        image = QImage.fromData(payload, "PNG")
        entries[kind] = (image.width(), image.height())
        position += length
    assert position == len(data)
    expected = {b"icp4": 16, b"icp5": 32, b"icp6": 64, b"ic07": 128, b"ic08": 256}
    expected |= {b"ic09": 512, b"ic10": 1024, b"ic11": 32, b"ic12": 64, b"ic13": 256}
    expected |= {b"ic14": 512}
    assert entries == {kind: (size, size) for kind, size in expected.items()}
    reader = QImageReader(str(make_icons.ICNS_FILE), b"icns")
    assert reader.imageCount() == len(expected)


def test_the_committed_png_matches_a_fresh_render_of_the_svg(qapp: QApplication) -> None:
    """The PNGs were generated from the current SVG (`make icons` after editing it). Different
    Qt versions antialias slightly differently, so the comparison allows a small mean error."""
    committed = QImage(str(make_icons.hicolor_png(64))).convertToFormat(QImage.Format.Format_ARGB32)
    fresh = make_icons.render(make_icons.SVG_SOURCE, 64)
    total = 0
    for x in range(64):
        for y in range(64):
            a, b = committed.pixelColor(x, y), fresh.pixelColor(x, y)
            total += sum(
                abs(p - q)
                for p, q in zip(
                    (a.red(), a.green(), a.blue(), a.alpha()),
                    (b.red(), b.green(), b.blue(), b.alpha()),
                    strict=True,
                )
            )
    mean = total / (64 * 64 * 4)
    assert mean < 3.0, f"mean channel difference {mean:.2f}: run `make icons`"


def test_the_scalable_icon_is_the_svg_source() -> None:
    assert make_icons.hicolor_svg().read_bytes() == make_icons.SVG_SOURCE.read_bytes()


def test_the_generator_writes_every_file_and_a_second_run_changes_nothing(
    qapp: QApplication, tmp_path: Path
) -> None:
    written = make_icons.generate(make_icons.SVG_SOURCE, tmp_path)
    expected = {make_icons.hicolor_png(size, tmp_path) for size in ICON_SIZES}
    expected |= {make_icons.hicolor_svg(tmp_path)}
    expected |= {tmp_path / "replicate-chat.ico", tmp_path / "replicate-chat.icns"}
    assert set(written) == expected
    assert make_icons.generate(make_icons.SVG_SOURCE, tmp_path) == []


def test_an_ico_entry_cannot_exceed_256_pixels() -> None:
    with pytest.raises(ValueError, match="512"):
        make_icons.ico_bytes({512: b""})
