#!/usr/bin/env python3
"""Writes engine/src/data/digits_data.cpp from scikit-learn's copy of the UCI
optdigits test set (sklearn/datasets/data/digits.csv.gz: 1,797 rows of 64
pixel values 0..16, then the label 0..9).

Needs only the CSV, not sklearn itself: on Debian, `apt-get install
python3-sklearn` ships it. The generated file is committed, so neither the
build nor CI needs this script or sklearn.

    python3 scripts/embed-digits.py [path/to/digits.csv.gz]
"""
import gzip
import os
import sys

DEFAULT = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
OUT = os.path.join(os.path.dirname(__file__), "..", "engine", "src", "data", "digits_data.cpp")

HEADER = """\
// The UCI "Optical Recognition of Handwritten Digits" test set (optdigits.tes):
// E. Alpaydin and C. Kaynak, 1998, UCI Machine Learning Repository,
// https://doi.org/10.24432/C50P49, licensed CC BY 4.0
// (https://creativecommons.org/licenses/by/4.0/). Digits written by 13 people
// (of the 43 in the whole set) on forms, scanned to 32×32 bitmaps and
// reduced to 8×8 by counting the ink pixels in each 4×4 block (0..16).
// These 1,797 rows are scikit-learn's copy (sklearn/datasets/data/digits.csv.gz,
// Debian python3-sklearn), written here by scripts/embed-digits.py. Do not edit.
//
// One string per digit, one character per value so the table stays near the
// data's own size (1,797 × 65 bytes): 64 pixels, row-major (y, x), each a
// character of "0123456789ABCDEFG" standing for 0..16, then the label '0'..'9'.
#include "digits_data.hpp"

namespace glassbox::data {

// clang-format off
"""


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    with gzip.open(path, "rt") as f:
        rows = [[int(float(v)) for v in line.split(",")] for line in f if line.strip()]
    assert len(rows) == 1797, len(rows)
    for row in rows:
        assert len(row) == 65 and all(0 <= v <= 16 for v in row[:64]) and 0 <= row[64] <= 9, row
    alphabet = "0123456789ABCDEFG"
    lines = [HEADER, f"const char digit_rows[{len(rows)}][66] = {{\n"]
    for row in rows:
        lines.append('    "' + "".join(alphabet[v] for v in row[:64]) + str(row[64]) + '",\n')
    lines.append("};\n// clang-format on\n\n}  // namespace glassbox::data\n")
    with open(OUT, "w") as f:
        f.write("".join(lines))
    print(f"wrote {len(rows)} digits to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
