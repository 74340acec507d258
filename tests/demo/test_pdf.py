import re

from demo.pdf import make_pdf


def test_make_pdf_offsets_point_at_their_objects():
    pdf = make_pdf("Lettre de soutien — Atelier", ["Une ligne accentuée : élèves, maître, œuvre.", "x " * 80])
    offsets = [int(offset) for offset in re.findall(rb"(\d{10}) 00000 n", pdf)]
    startxref = int(re.search(rb"startxref\n(\d+)", pdf).group(1))

    assert pdf.startswith(b"%PDF-1.4") and pdf.endswith(b"%%EOF\n")
    assert [pdf[offset:].split(b" ", 1)[0] for offset in offsets] == [str(n).encode() for n in range(1, 7)]
    assert pdf[startxref:].startswith(b"xref")
