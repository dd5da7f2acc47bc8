"""Writes the demo's one-page PDF handout (plain PDF 1.4, Helvetica, no libraries needed)."""

import sys

LINES = [
    (24, "Machine Learning Basics - Lesson 1"),
    (14, "AI-based Smart Factory Data Analysis (demo course)"),
    (12, ""),
    (12, "1. Data, features and labels: sensor readings from a press line"),
    (12, "2. Training and test sets: why we hold data back"),
    (12, "3. A first model: predicting defects with a decision tree"),
    (12, "4. Measuring quality: accuracy, precision and recall"),
    (12, ""),
    (12, "Exercise: split the sample data 80/20 and train the model."),
    (12, "Bring your notebook to Tuesday's classroom session (B-301)."),
]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def build() -> bytes:
    y = 770
    ops = ["BT"]
    for size, text in LINES:
        ops.append(f"/F1 {size} Tf 1 0 0 1 56 {y} Tm ({_escape(text)}) Tj")
        y -= size + 12
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


if __name__ == "__main__":
    with open(sys.argv[1] if len(sys.argv) > 1 else "handout-1.pdf", "wb") as handle:
        handle.write(build())
