#!/usr/bin/env python3
"""The benchmark's three reference GANs trained by PyTorch's own Python eager loop.

This is the yardstick `gan bench` is compared with: the same shapes, batch sizes, optimiser,
losses and order of work as io.github.djlgan.djl.bench.ReferenceTraining, written the way a
PyTorch user would write them. It is not part of the Java build; run it on the machine the Java
figures come from, in the same sitting (see the README, "Compare with PyTorch's Python loop").

    python3 benchmarks/python/reference_loop.py --threads 2 --models ring-mlp,mnist-mlp,dcgan28,dcgan64

Prints one line per model: median and spread of ms per iteration over the repetitions.
"""

import argparse
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

BATCH = {"ring-mlp": 256, "mnist-mlp": 64, "dcgan28": 64, "dcgan64": 64}
LATENT = {"ring-mlp": 8, "mnist-mlp": 100, "dcgan28": 100, "dcgan64": 100}


def mlp(sizes, activation, last=None):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(activation())
    if last is not None:
        layers.append(last)
    return nn.Sequential(*layers)


def models(name):
    if name == "ring-mlp":
        return mlp([8, 128, 128, 2], nn.ReLU), mlp([2, 128, 128, 1], nn.ReLU)
    if name == "mnist-mlp":
        leaky = lambda: nn.LeakyReLU(0.2)
        return (mlp([100, 256, 512, 1024, 784], leaky, nn.Tanh()),
                mlp([784, 512, 256, 1], leaky))
    if name == "dcgan28":
        generator = nn.Sequential(
            nn.Linear(100, 128 * 7 * 7), nn.Unflatten(1, (128, 7, 7)),
            nn.BatchNorm2d(128), nn.ReLU(),
            nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.BatchNorm2d(64), nn.ReLU(),
            nn.ConvTranspose2d(64, 1, 4, 2, 1), nn.Tanh())
        discriminator = nn.Sequential(
            nn.Conv2d(1, 64, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(64, 128, 4, 2, 1), nn.BatchNorm2d(128), nn.LeakyReLU(0.2),
            nn.Flatten(), nn.Linear(128 * 7 * 7, 1))
        return generator, discriminator
    if name == "dcgan64":
        def up(inputs, outputs):
            return [nn.ConvTranspose2d(inputs, outputs, 4, 2, 1, bias=False),
                    nn.BatchNorm2d(outputs), nn.ReLU()]

        def down(inputs, outputs):
            return [nn.Conv2d(inputs, outputs, 4, 2, 1, bias=False),
                    nn.BatchNorm2d(outputs), nn.LeakyReLU(0.2)]
        generator = nn.Sequential(
            nn.Linear(100, 512 * 4 * 4, bias=False), nn.Unflatten(1, (512, 4, 4)),
            nn.BatchNorm2d(512), nn.ReLU(),
            *up(512, 256), *up(256, 128), *up(128, 64),
            nn.ConvTranspose2d(64, 3, 4, 2, 1), nn.Tanh())
        discriminator = nn.Sequential(
            nn.Conv2d(3, 64, 4, 2, 1), nn.LeakyReLU(0.2),
            *down(64, 128), *down(128, 256), *down(256, 512),
            nn.Flatten(), nn.Linear(512 * 4 * 4, 1))
        return generator, discriminator
    raise SystemExit(f"unknown model {name!r}: choose ring-mlp, mnist-mlp, dcgan28 or dcgan64")


def real_batch(name, batch):
    if name == "ring-mlp":
        # The ring of 8 Gaussians: radius 2, standard deviation 0.02.
        angle = torch.randint(0, 8, (batch,)).float() * (2 * torch.pi / 8)
        centre = torch.stack((2 * torch.cos(angle), 2 * torch.sin(angle)), 1)
        return centre + 0.02 * torch.randn(batch, 2)
    shape = {"mnist-mlp": (batch, 784), "dcgan28": (batch, 1, 28, 28),
             "dcgan64": (batch, 3, 64, 64)}[name]
    return torch.rand(shape) * 2 - 1


def trainer(name):
    generator, discriminator = models(name)
    batch, latent = BATCH[name], LATENT[name]
    adam = dict(lr=2e-4, betas=(0.5, 0.999))
    optimiser_g = torch.optim.Adam(generator.parameters(), **adam)
    optimiser_d = torch.optim.Adam(discriminator.parameters(), **adam)

    def iteration():
        # D update: BCE on logits, log(1 + e^-x) for real and log(1 + e^x) for G(z), detached.
        fake = generator(torch.randn(batch, latent)).detach()
        d_loss = (F.softplus(-discriminator(real_batch(name, batch))).mean()
                  + F.softplus(discriminator(fake)).mean())
        optimiser_d.zero_grad(set_to_none=True)
        d_loss.backward()
        optimiser_d.step()
        # G update on fresh noise, D frozen: the non-saturating loss -log D(G(z)).
        for parameter in discriminator.parameters():
            parameter.requires_grad_(False)
        g_loss = F.softplus(-discriminator(generator(torch.randn(batch, latent)))).mean()
        optimiser_g.zero_grad(set_to_none=True)
        g_loss.backward()
        optimiser_g.step()
        for parameter in discriminator.parameters():
            parameter.requires_grad_(True)
        return d_loss

    return iteration


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="ring-mlp,mnist-mlp,dcgan28,dcgan64")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0,
                        help="about how long each repetition runs")
    parser.add_argument("--csv", help="also append model,median_ms lines to this file")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(42)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    for name in args.models.split(","):
        iteration = trainer(name)
        start = time.perf_counter()
        warm = 0
        while time.perf_counter() - start < args.seconds:
            iteration().item()
            warm += 1
        per_repetition = max(warm, 5)
        times = []
        for _ in range(args.repetitions):
            start = time.perf_counter()
            for _ in range(per_repetition):
                loss = iteration()
            loss.item()
            times.append((time.perf_counter() - start) * 1000 / per_repetition)
        print(f"{name}: median {statistics.median(times):.2f} ms, "
              f"min {min(times):.2f}, max {max(times):.2f} "
              f"({args.repetitions} x {per_repetition} iterations)")
        if args.csv:
            with open(args.csv, "a") as out:
                out.write(f"{name},{statistics.median(times):.4f}\n")


if __name__ == "__main__":
    main()
