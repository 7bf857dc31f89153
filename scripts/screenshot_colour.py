#!/usr/bin/env python3
"""Counts the pixels of one colour inside a rectangle of a binary PPM (P6) screenshot.

    screenshot_colour.py shot.ppm X0 Y0 X1 Y1 R G B [TOLERANCE]

Prints `pixels columns rows`: how many pixels in [X0, X1) x [Y0, Y1) are within TOLERANCE
(per channel, default 0) of the colour R G B, and over how many distinct columns and rows
they spread (a drawn line or block, not a stray pixel). Used by scripts/editor_xvfb.sh.
"""
import sys


def read_ppm(path):
    data = open(path, "rb").read()
    fields, i = [], 0
    # Header: magic, width, height, maxval, separated by whitespace (comments start with #).
    while len(fields) < 4:
        while data[i:i + 1].isspace():
            i += 1
        if data[i:i + 1] == b"#":
            i = data.index(b"\n", i) + 1
            continue
        j = i
        while not data[j:j + 1].isspace():
            j += 1
        fields.append(data[i:j])
        i = j
    if fields[0] != b"P6" or int(fields[3]) != 255:
        sys.exit(f"{path}: not an 8-bit P6 PPM")
    return int(fields[1]), int(fields[2]), data[i + 1:]


def main():
    path = sys.argv[1]
    x0, y0, x1, y1, r, g, b = (int(a) for a in sys.argv[2:9])
    tol = int(sys.argv[9]) if len(sys.argv) > 9 else 0
    w, h, px = read_ppm(path)
    count, cols, rows = 0, set(), set()
    for y in range(max(0, y0), min(h, y1)):
        for x in range(max(0, x0), min(w, x1)):
            k = 3 * (y * w + x)
            if abs(px[k] - r) <= tol and abs(px[k + 1] - g) <= tol and abs(px[k + 2] - b) <= tol:
                count += 1
                cols.add(x)
                rows.add(y)
    print(count, len(cols), len(rows))


main()
