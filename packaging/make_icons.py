"""Generate every icon file from resources/icons/replicate-chat.svg (`make icons`).

Writes, under resources/icons/:
- hicolor/<N>x<N>/apps/<APP_ID>.png for the sizes the freedesktop icon theme spec lists, and
  hicolor/scalable/apps/<APP_ID>.svg, so the tree can be copied into an icon theme as it is;
- replicate-chat.ico (Windows: the PyInstaller executable and the Inno Setup installer);
- replicate-chat.icns (macOS: the .app bundle's CFBundleIconFile).

Rendering is Qt's own (QSvgRenderer, part of PySide6-Essentials) and the .ico/.icns containers
are written here, so the app needs no imaging library. Both containers hold PNG images, which
Windows Vista+ and macOS 10.7+ read.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: find gui.utils.resources for APP_ID
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from gui.utils.resources import APP_ID  # noqa: E402

ICONS = ROOT / "resources" / "icons"
SVG_SOURCE = ICONS / "replicate-chat.svg"
ICO_FILE = ICONS / "replicate-chat.ico"
ICNS_FILE = ICONS / "replicate-chat.icns"

# The hicolor theme's usual application sizes (the spec requires 48; the rest are common).
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Windows uses 16/24/32/48 in lists and the taskbar, 256 for large views (256 is the most an
# .ico entry can say: its width byte 0 means 256).
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# PNG-based .icns entries: type code -> pixel size. ic11..ic14 and ic10 are the @2x (Retina)
# variants of 16, 32, 128, 256 and 512 points.
ICNS_TYPES: dict[bytes, int] = {
    b"icp4": 16,
    b"icp5": 32,
    b"icp6": 64,
    b"ic07": 128,
    b"ic08": 256,
    b"ic09": 512,
    b"ic10": 1024,
    b"ic11": 32,
    b"ic12": 64,
    b"ic13": 256,
    b"ic14": 512,
}


def hicolor_png(size: int, icons: Path = ICONS) -> Path:
    """Where the hicolor PNG of `size` pixels lives."""
    return icons / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def hicolor_svg(icons: Path = ICONS) -> Path:
    return icons / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"


def render(svg: Path, size: int) -> QImage:
    """The SVG drawn into a transparent `size`x`size` image, antialiased."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG Qt can render")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    # Straight (non-premultiplied) alpha is what PNG stores; convert once, explicitly.
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico file holding one PNG per size (ICONDIR, ICONDIRENTRY per image, then the data)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(sizes)
    entries, blobs = [], []
    for size in sizes:
        if not 1 <= size <= 256:
            raise ValueError(f"an .ico entry cannot be {size} px")
        blob = pngs[size]
        dimension = 0 if size == 256 else size  # 0 means 256 in the one-byte fields
        # width, height, palette colours, reserved, colour planes, bits per pixel, size, offset
        entries.append(
            struct.pack("<BBBBHHII", dimension, dimension, 0, 0, 1, 32, len(blob), offset)
        )
        blobs.append(blob)
        offset += len(blob)
    return header + b"".join(entries) + b"".join(blobs)


def icns_bytes(entries: list[tuple[bytes, bytes]]) -> bytes:
    """An .icns file: 'icns' + total length, then (type, length incl. its 8-byte header, data)."""
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in entries)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` unless the file already holds it (keeps timestamps and diffs quiet)."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def generate(svg: Path = SVG_SOURCE, icons: Path = ICONS) -> list[Path]:
    """Render every file from `svg` into `icons`; the files that changed."""
    cache: dict[int, bytes] = {}

    def png(size: int) -> bytes:
        if size not in cache:
            cache[size] = png_bytes(render(svg, size))
        return cache[size]

    changed: list[Path] = []
    outputs: list[tuple[Path, bytes]] = [
        (hicolor_png(size, icons), png(size)) for size in PNG_SIZES
    ]
    outputs.append((hicolor_svg(icons), svg.read_bytes()))
    outputs.append((icons / ICO_FILE.name, ico_bytes({size: png(size) for size in ICO_SIZES})))
    icns = icns_bytes([(kind, png(size)) for kind, size in ICNS_TYPES.items()])
    outputs.append((icons / ICNS_FILE.name, icns))
    for path, data in outputs:
        if write_if_changed(path, data):
            changed.append(path)
    return changed


def main() -> int:
    # Rendering needs a QGuiApplication; no window is shown, so no display either.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    changed = generate()
    for path in changed:
        print(f"wrote {path.relative_to(ROOT)}")
    print(f"{len(changed)} icon file(s) changed")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
