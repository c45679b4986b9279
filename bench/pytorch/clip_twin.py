#!/usr/bin/python3
"""PyTorch twin of the benchmark's CLIP ViT-B/32 (bench/PriorClip.MLNet.Bench/Suite/PlainClip.cs): the same
architecture, batch shapes, threads and training step, so the suite can compare PyTorch with TorchSharp on one
machine in one run. The model classes are the ones the checkpoint fixtures are built from
(tests/Fixtures/Checkpoints/make_checkpoints.py), at ViT-B/32's real sizes.

Run with Debian's interpreter (apt install python3-torch python3-numpy libopenblas0-pthread; without OpenBLAS as the
libblas.so.3 alternative PyTorch's matmul here is ~30x slower and the comparison meaningless):

    /usr/bin/python3 bench/pytorch/clip_twin.py write OUT_DIR --threads 2
        writes OUT_DIR/clip_vit_b32.pt (torch.save of the state_dict, open_clip's names), OUT_DIR/pixels.npy
        [2, 3*224*224] (CLIP-normalised), OUT_DIR/ids.npy [2*77] (int64, row-major), and PyTorch's L2-normalised
        embeddings OUT_DIR/image.npy, OUT_DIR/text.npy [2, 512]; the suite imports the checkpoint and compares.
    /usr/bin/python3 bench/pytorch/clip_twin.py time --threads 2 --train-batch 8 --image-batch 16 --text-batch 64 --repeats 5
        prints one JSON line: milliseconds of each repeat (warm-up excluded) for a training step, an image batch,
        a caption batch and a 2048^3 GEMM, plus torch's version, threads and the BLAS library loaded.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

from peer_timing import blas_libraries, milliseconds  # this folder's shared timing helpers

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "Fixtures", "Checkpoints"))
from make_checkpoints import Clip, QuickGELU, VisionTransformer  # noqa: E402  (the fixtures' own CLIP modules)

IMAGE, PATCH, VISION_WIDTH, VISION_LAYERS = 224, 32, 768, 12
VOCAB, CONTEXT, TEXT_WIDTH, TEXT_LAYERS, EMBED = 49408, 77, 512, 12, 512


def build(seed):
    torch.manual_seed(seed)
    visual = VisionTransformer(IMAGE, PATCH, VISION_WIDTH, VISION_LAYERS, EMBED, QuickGELU)
    return Clip(visual, EMBED, VOCAB, CONTEXT, TEXT_WIDTH, TEXT_LAYERS, QuickGELU)


def token_ids(batch, gen, length=20):
    """Random tokens, the end-of-text id (the vocabulary's largest, where CLIP pools) at `length`, zeros after."""
    ids = torch.zeros(batch, CONTEXT, dtype=torch.int64)
    ids[:, :length] = torch.randint(1, VOCAB - 1, (batch, length), generator=gen)
    ids[:, length] = VOCAB - 1
    return ids


def write(out, seed):
    os.makedirs(out, exist_ok=True)
    model = build(seed).eval()
    gen = torch.Generator().manual_seed(seed + 1)
    pixels = torch.randn(2, 3, IMAGE, IMAGE, generator=gen)
    ids = token_ids(2, gen)
    with torch.no_grad():
        image, text = model(pixels, ids)
    torch.save(model.state_dict(), os.path.join(out, "clip_vit_b32.pt"))
    np.save(os.path.join(out, "pixels.npy"), pixels.reshape(2, -1).numpy().astype(np.float32))
    np.save(os.path.join(out, "ids.npy"), ids.reshape(-1).numpy().astype(np.int64))
    np.save(os.path.join(out, "image.npy"), image.numpy().astype(np.float32))
    np.save(os.path.join(out, "text.npy"), text.numpy().astype(np.float32))


def adamw(model):
    """The trainer's AdamW: weight decay on matrices only, CLIP's betas."""
    params = [p for p in model.parameters() if p.requires_grad]
    decay = [p for p in params if p.ndim >= 2]
    other = [p for p in params if p.ndim < 2]
    return torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": other, "weight_decay": 0.0}],
                             lr=1e-4, betas=(0.9, 0.98), eps=1e-8)




def time_all(args):
    model = build(0)
    gen = torch.Generator().manual_seed(7)
    b = args.train_batch
    pixels = torch.randn(b, 3, IMAGE, IMAGE, generator=gen)
    ids = token_ids(b, gen, length=CONTEXT - 1)  # full context, as the TorchSharp step uses
    labels = torch.arange(b)
    optimizer = adamw(model)
    params = [p for p in model.parameters() if p.requires_grad]
    model.train()

    def step():
        optimizer.zero_grad()
        image, text = model(pixels, ids)
        logits = model.logit_scale.exp().clamp(max=100) * image @ text.t()
        loss = (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels)) / 2
        value = loss.item()
        if not math.isfinite(value):
            raise RuntimeError(f"loss is {value}")
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, float("inf"))
        optimizer.step()
        with torch.no_grad():
            model.logit_scale.clamp_(max=math.log(100))

    train_ms = milliseconds(step, args.repeats)
    model.eval()
    image_batch = torch.randn(args.image_batch, 3, IMAGE, IMAGE, generator=gen)
    text_batch = token_ids(args.text_batch, gen, length=CONTEXT - 1)
    with torch.no_grad():
        image_ms = milliseconds(lambda: model.encode_image(image_batch), args.repeats)
        text_ms = milliseconds(lambda: model.encode_text(text_batch), args.repeats)
    a, b2 = torch.randn(2048, 2048, generator=gen), torch.randn(2048, 2048, generator=gen)
    gemm_ms = milliseconds(lambda: a @ b2, 10, warmups=5)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_libraries(),
                      "gemm_2048_ms": gemm_ms,
                      "train_batch": b, "image_batch": args.image_batch, "text_batch": args.text_batch,
                      "train_step_ms": train_ms, "image_batch_ms": image_ms, "text_batch_ms": text_ms}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["write", "time"])
    parser.add_argument("out", nargs="?")
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--train-batch", type=int, default=8)
    parser.add_argument("--image-batch", type=int, default=16)
    parser.add_argument("--text-batch", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    # Set explicitly: Debian's torch may report 1 thread here otherwise.
    torch.set_num_threads(args.threads)
    if args.mode == "write":
        if not args.out:
            parser.error("write needs an output folder")
        write(args.out, args.seed)
    else:
        time_all(args)


if __name__ == "__main__":
    main()
