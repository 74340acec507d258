"""A tiny PDF writer for the demo attachments: one A4 page of text, valid enough for any reader."""

import textwrap

FONT_SIZE = 11
LEADING = 15
LEFT_MARGIN = 56
# Helvetica at 11 points: about 90 characters fit between the margins of an A4 page.
WRAP_AT = 90
TOP = 800


def _pdf_string(text):
    """Encode text as a PDF literal string in WinAnsi (Latin-1 covers the French accents used here)."""
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _page_stream(title, lines):
    commands = [b"BT", f"/F2 14 Tf {LEFT_MARGIN} {TOP} Td".encode(), _pdf_string(title) + b" Tj"]
    commands.append(f"/F1 {FONT_SIZE} Tf {LEADING} TL 0 -{2 * LEADING} Td".encode())
    for line in lines:
        for part in textwrap.wrap(line, WRAP_AT) or [""]:
            commands.append(_pdf_string(part) + b" Tj T*")
    commands.append(b"ET")
    return b"\n".join(commands)


def make_pdf(title, lines):
    """Return the bytes of a one-page PDF with a bold title and the given lines of text."""
    stream = _page_stream(title, lines)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        output += f"{offset:010d} 00000 n \n".encode()
    output += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(output)
