#!/usr/bin/env python3
"""Train a small Fashion-MNIST CNN and export it as frozen TorchScript for DJL.

The exported module takes float32 [N,1,28,28] (pixels /255, then (x-0.2860)/0.3530)
and returns raw logits float32 [N,10]; config/models/fashion.yml relies on exactly that.
"""
import argparse
import gzip
import hashlib
import os
import platform
import random
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DATA = "/usr/share/datasets/fashion-mnist"
MEAN, STD = 0.2860, 0.3530
LABELS = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
          "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
SEED = 20240601


def read_idx(path):
    """Parse an IDX file: 2 zero bytes, dtype code, ndim, big-endian dims, raw data."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:  # 0x08 = unsigned byte
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_split(split):
    images = read_idx(os.path.join(DATA, f"{split}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(DATA, f"{split}-labels-idx1-ubyte.gz"))
    # Same preprocessing the Java side applies, so training and serving agree.
    x = (torch.from_numpy(images.astype(np.float32) / 255.0) - MEAN) / STD
    return x.unsqueeze(1), torch.from_numpy(labels.astype(np.int64))


class FashionCNN(nn.Module):
    def __init__(self):
        super().__init__()
        # BatchNorm speeds up the short training; torch.jit.freeze folds it into the convs.
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(32)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(64)
        self.drop = nn.Dropout(0.3)
        # A 64-wide hidden layer keeps the artifact under 1 MB with little accuracy cost.
        self.fc1 = nn.Linear(64 * 7 * 7, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)  # -> 32x14x14
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)  # -> 64x7x7
        # flatten(1) rather than view(N, -1) so the traced graph stays batch-size agnostic.
        x = self.drop(torch.flatten(x, 1))
        x = self.drop(F.relu(self.fc1(x)))
        return self.fc2(x)


@torch.no_grad()
def accuracy(model, x, y, batch=1000):
    model.eval()
    correct = sum((model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
                  for i in range(0, len(x), batch))
    return correct / len(x)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--out", default=os.path.join(REPO, "config", "artifacts", "fashion", "fashion-cnn.pt"),
                    help="TorchScript output path; MODEL.md is written next to it")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=2e-3)
    args = ap.parse_args()

    torch.set_num_threads(2)  # the build machine has 2 cores; more threads only thrash
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)

    x_train, y_train = load_split("train")
    x_test, y_test = load_split("t10k")
    print(f"train {tuple(x_train.shape)}, test {tuple(x_test.shape)}, torch {torch.__version__}")

    model = FashionCNN()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps = args.epochs * ((len(x_train) + args.batch - 1) // args.batch)
    # One-cycle schedule: gets most of the accuracy out of only a few epochs.
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps)
    gen = torch.Generator().manual_seed(SEED)

    start = time.time()
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(x_train), generator=gen)
        total_loss = 0.0
        for i in range(0, len(perm), args.batch):
            idx = perm[i:i + args.batch]
            xb, yb = x_train[idx], y_train[idx]
            # Mild augmentation: horizontal flips are label-preserving for every class here.
            flip = torch.rand(len(idx), generator=gen) < 0.5
            xb = torch.where(flip[:, None, None, None], xb.flip(3), xb)
            loss = F.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total_loss += loss.item() * len(idx)
        print(f"epoch {epoch + 1}/{args.epochs}: loss {total_loss / len(x_train):.4f}, "
              f"test acc {accuracy(model, x_test, y_test):.4f}, {time.time() - start:.0f}s", flush=True)
    train_seconds = time.time() - start

    model.eval()
    # Trace with batch 4 (not 1) so no batch-size-1 specialisation is baked in; freeze
    # inlines weights and folds BatchNorm. optimize_for_inference is avoided on purpose:
    # its output does not load in DJL's libtorch 2.7.1.
    with torch.no_grad():
        frozen = torch.jit.freeze(torch.jit.trace(model, x_test[:4]))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    frozen.save(args.out)

    # Check the saved file, not the in-memory module: it is what DJL will load.
    loaded = torch.jit.load(args.out)
    with torch.no_grad():
        ref = model(x_test[:7])
        out7 = loaded(x_test[:7])
        out1 = torch.cat([loaded(x_test[i:i + 1]) for i in range(7)])
    assert out7.shape == (7, 10) and out7.dtype == torch.float32
    assert torch.allclose(out7, ref, atol=1e-4), "exported module disagrees with eager model"
    assert torch.allclose(out1, out7, atol=1e-4), "exported module depends on batch size"
    test_acc = accuracy(loaded, x_test, y_test)
    digest = sha256(args.out)
    size = os.path.getsize(args.out)
    params = sum(p.numel() for p in model.parameters())
    print(f"exported {args.out}: {size} bytes, sha256 {digest}, test acc {test_acc:.4f}, "
          f"training {train_seconds:.0f}s")

    rel = os.path.relpath(os.path.abspath(args.out), REPO)
    cmd = "infra/models/fashion/train.sh --force" + (f" --epochs {args.epochs}" if args.epochs != 5 else "")
    md = f"""# fashion-cnn.pt — Fashion-MNIST clothing classifier

Small convolutional network trained on the 60,000 Fashion-MNIST training images and
exported as frozen TorchScript (`torch.jit.trace` with batch 4, then `torch.jit.freeze`)
for Deep Java Library's PyTorch engine. Used by `config/models/fashion.yml`.

## Architecture ({params:,} parameters)

| layer | output |
|---|---|
| Conv 3x3, 32 ch, pad 1 + BatchNorm + ReLU + MaxPool 2 | 32x14x14 |
| Conv 3x3, 64 ch, pad 1 + BatchNorm + ReLU + MaxPool 2 | 64x7x7 |
| Flatten + Dropout 0.3 + Linear 3136→64 + ReLU + Dropout 0.3 | 64 |
| Linear 64→10 | 10 logits |

BatchNorm is folded into the convolutions by `torch.jit.freeze`; dropout is inactive (eval mode).

## Training

- Command: `{cmd}` (runs `/usr/bin/python3 infra/models/fashion/train.py`)
- {args.epochs} epochs, Adam with one-cycle LR (max {args.lr}), batch {args.batch}, cross-entropy,
  random horizontal flips, seed {SEED}, deterministic algorithms, 2 CPU threads
- Training time: {train_seconds:.0f} s on {platform.machine()} ({os.cpu_count()} CPUs)
- torch {torch.__version__} (Debian python3-torch), numpy {np.__version__}

## Result

- Test-set accuracy (10,000 t10k images, measured on the saved file): **{test_acc:.4f}**
- File: `{rel}`, {size:,} bytes
- sha256: `{digest}`

## Input / output contract

- Input: float32 `[N,1,28,28]`, any N. Grayscale pixels in Fashion-MNIST's raw orientation
  (light item on dark background, no inversion), scaled to 0..1 (`x/255`) then
  normalised `(x - {MEAN:.4f}) / {STD:.4f}`.
- Output: raw logits float32 `[N,10]` (no softmax; the Java side applies it), label order:
  {", ".join(f"{i} {name}" for i, name in enumerate(LABELS))}.

## Data license

Fashion-MNIST, © Zalando SE, released under the MIT License
(https://github.com/zalandoresearch/fashion-mnist). Read from Debian's `dataset-fashion-mnist`
package (`{DATA}`).
"""
    with open(os.path.join(os.path.dirname(os.path.abspath(args.out)), "MODEL.md"), "w") as f:
        f.write(md)


if __name__ == "__main__":
    main()
