"""PyTorch CPU reference for `npm run bench`: the course's PCA and conv autoencoders, same architecture,
batch size 32, Adamax (lr 0.002) + MSE as the TensorFlow.js models. Prints one JSON line per run.

Usage: /usr/bin/python3 bench/pytorch_bench.py --model conv --threads 1 --images 1024 [--warmup 64]
"""
import argparse
import json
import statistics
import sys
import time


def build(model, code_size=32):
    import torch.nn as nn

    if model == "pca":
        return nn.Sequential(
            nn.Flatten(), nn.Linear(32 * 32 * 3, code_size),
            nn.Linear(code_size, 32 * 32 * 3), nn.Unflatten(1, (3, 32, 32)),
        )
    layers = []
    cin = 3
    for filters in (32, 64, 128, 256):
        layers += [nn.Conv2d(cin, filters, 3, padding=1), nn.ELU(), nn.MaxPool2d(2)]
        cin = filters
    layers += [nn.Flatten(), nn.Linear(2 * 2 * 256, code_size)]
    layers += [nn.Linear(code_size, 2 * 2 * 256), nn.Unflatten(1, (256, 2, 2))]
    # Keras 'same' transposed conv with stride 2 doubles the size: padding=1, output_padding=1.
    for i, filters in enumerate((128, 64, 32, 3)):
        layers.append(nn.ConvTranspose2d(cin, filters, 3, stride=2, padding=1, output_padding=1))
        if i < 3:
            layers.append(nn.ELU())
        cin = filters
    return nn.Sequential(*layers)


def best_window(step_seconds, width):
    """Fastest mean step time over `width` consecutive steps (close to a quiet machine's speed)."""
    w = min(width, len(step_seconds))
    return min(sum(step_seconds[i:i + w]) / w for i in range(len(step_seconds) - w + 1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=["pca", "conv"], required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--images", type=int, default=1024)
    parser.add_argument("--warmup", type=int, default=64)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    net = build(args.model)
    opt = torch.optim.Adamax(net.parameters(), lr=0.002)
    loss_fn = torch.nn.MSELoss()
    data = torch.rand(args.batch * 4, 3, 32, 32)

    step_seconds = []

    def run(images):
        steps = max(1, images // args.batch)
        loss = None
        step_seconds.clear()
        for step in range(steps):
            t = time.perf_counter()
            start = (step % 4) * args.batch
            x = data[start:start + args.batch]
            opt.zero_grad()
            loss = loss_fn(net(x), x)
            loss.backward()
            opt.step()
            step_seconds.append(time.perf_counter() - t)
        return steps * args.batch, float(loss)

    run(args.warmup)
    t0 = time.perf_counter()
    c0 = time.process_time()
    images, loss = run(args.images)
    seconds = time.perf_counter() - t0
    cpu_seconds = time.process_time() - c0
    print(json.dumps({
        "framework": "pytorch", "version": torch.__version__, "model": args.model, "threads": args.threads,
        "images": images, "seconds": seconds, "secondsPer1000": seconds / images * 1000,
        "cpuSecondsPer1000": cpu_seconds / images * 1000, "finalLoss": loss,
        "bestWindowSecondsPer1000": best_window(step_seconds, 4) / args.batch * 1000,
        "medianStepSecondsPer1000": statistics.median(step_seconds) / args.batch * 1000,
    }))


if __name__ == "__main__":
    sys.exit(main())
