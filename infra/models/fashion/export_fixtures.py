#!/usr/bin/env python3
"""Write the first 48 Fashion-MNIST test images as PNG fixtures plus reference.csv.

reference.csv records what the exported TorchScript model predicts for each PNG,
computed from the decoded PNG pixels with the same preprocessing the Java side uses,
so Java tests can compare DJL's output against it. Run after train.py.
"""
import argparse
import csv
import os
import struct
import zlib

import numpy as np
import torch

from train import LABELS, MEAN, REPO, STD, load_split, read_idx, DATA

COUNT = 48
FIXTURES = os.path.join(REPO, "infra", "test-support", "src", "main", "resources", "fixtures", "fashion")


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def write_png(path, pixels):
    """Minimal 8-bit grayscale PNG writer (no PIL dependency); every row uses filter 0."""
    h, w = pixels.shape
    raw = b"".join(b"\x00" + pixels[y].tobytes() for y in range(h))
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)  # depth 8, grayscale, no interlace
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
                + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b""))


def read_png(path):
    """Decode the PNGs written above (8-bit grayscale, filter 0) back to a uint8 array."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            w, h, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert (depth, color, interlace) == (8, 0, 0), path
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    rows = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(h, w + 1)
    assert not rows[:, 0].any(), f"{path}: unexpected PNG row filter"
    return rows[:, 1:]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", default=os.path.join(REPO, "config", "artifacts", "fashion", "fashion-cnn.pt"))
    ap.add_argument("--out", default=FIXTURES)
    args = ap.parse_args()
    torch.set_num_threads(2)

    images = read_idx(os.path.join(DATA, "t10k-images-idx3-ubyte.gz"))[:COUNT]
    labels = read_idx(os.path.join(DATA, "t10k-labels-idx1-ubyte.gz"))[:COUNT]
    try:  # cross-check our decoder against an independent one when PIL is installed
        from PIL import Image
    except ImportError:
        Image = None

    os.makedirs(args.out, exist_ok=True)
    names, pixels = [], []
    for i, img in enumerate(images):
        name = f"test-{i:05d}.png"
        path = os.path.join(args.out, name)
        write_png(path, img)
        decoded = read_png(path)
        assert np.array_equal(decoded, img), f"{name}: PNG round trip changed pixels"
        if Image is not None:
            assert np.array_equal(np.asarray(Image.open(path).convert("L")), img), name
        names.append(name)
        pixels.append(decoded)

    # Same steps as config/models/fashion.yml: x/255, then (x - mean) / std, NCHW float32.
    x = (np.stack(pixels).astype(np.float32) / np.float32(255.0) - np.float32(MEAN)) / np.float32(STD)
    model = torch.jit.load(args.model)
    with torch.no_grad():
        logits = model(torch.from_numpy(x).unsqueeze(1))
    probs = torch.softmax(logits, dim=1)
    conf, cls = probs.max(dim=1)

    with open(os.path.join(args.out, "reference.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "label", "label_name", "torch_class", "torch_confidence", "logits"])
        for i, name in enumerate(names):
            w.writerow([name, int(labels[i]), LABELS[labels[i]], int(cls[i]), f"{conf[i]:.6f}",
                        ";".join(f"{v:.6f}" for v in logits[i].tolist())])
    right = int((cls.numpy() == labels).sum())
    print(f"wrote {COUNT} PNGs and reference.csv to {args.out}; model correct on {right}/{COUNT}"
          f" (PIL cross-check: {'yes' if Image is not None else 'no, PIL missing'})")


if __name__ == "__main__":
    main()
