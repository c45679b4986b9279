#!/usr/bin/python3
"""PyTorch twin of the library's `tiny` model (src/Modeling/Configs/tiny.json) as the trainer adapts it to the data
(text vocab_size and context_length, instruction.scene_classes), and of the benchmark's raw training step
(bench/PriorClip.MLNet.Bench/Suite/RawTrainingStep.cs), so PyTorch and TorchSharp can be timed on one machine.

It computes the same function as the C# PriorClipModel: the same modules under the same names (one state_dict fits
both, parameters and buffers, BatchNorm's num_batches_tracked included), the same eval-mode forward, the same loss and
the same training step. The C# side reads the file with the library's CheckpointReader and copies it into the model's
state_dict. TorchSharp.PyBridge's load_py(strict: true) loads the same values but leaves every parameter with
requires_grad false (PyBridge 1.4.4), which is harmless before an eval comparison and wrong before training.
Mirrored from the C# sources:
  * vision: SmallCnn (stride-2 conv3x3 without bias -> BatchNorm -> ReLU per stage; tokens = spatial mean + the 4x4
    grid), SpatialPaeImageEncoder (token_proj, instruction_proj), SpatialPae with the hard belief strategy (top-k by
    softmax(V.u), sorted), post-LN PaeAttentionBlock, FeedForward d -> 2d -> LN -> GELU -> d. The last cross block
    only computes position 0 (CrossAttentionFirst), as the C# does.
  * prior: SceneClassifier (its own SmallCnn, one conv per stage; instruction = the spatial mean of its last grid),
    frozen: requires_grad False, always in eval mode, run under no_grad.
  * text: TextTransformer (pre-LN CLIP blocks, exact GELU, bidirectional), padding masked out of attention with a
    finite -1e9 logit (not -inf, as the hand-written C# MultiheadAttention), pooling = the first token, then
    text_projection and L2 normalisation.
  * loss: multi-positive symmetric InfoNCE (targets = same image id, row-normalised) + 0.5 x the symmetric
    attribution loss on in-batch scene-class centres, scales exp(logit_scale) / exp(attribution_logit_scale), not
    clamped in the forward; the parameters are clamped to ln(max_logit_scale) after each optimiser step.

Token convention (as PriorClipModel.EncodeText): int64 ids [B, L], attention mask [B, L] nonzero = token, 0 = padding;
padding id 0 (the mask is written as ids != 0, so real tokens are >= 2 here).

Run with Debian's interpreter (python3-torch, python3-numpy, OpenBLAS as libblas.so.3):

    /usr/bin/python3 bench/pytorch/tiny_twin.py write OUT_DIR --threads 2 --vocab 238 --context 32 --scene-classes 12
        builds the twin with seeded random weights (BatchNorm running statistics and LayerNorm / bias values made
        non-trivial, so eval mode and every parameter are really exercised) and writes
          tiny.pt                  torch.save(state_dict), the C# parameter and buffer names
          pixels.npy               float32 [N, 3*64*64], already CLIP-normalised (randn), N = --rows-check (6)
          ids.npy                  int64 [N*L] row-major, per-row lengths, zeros after (mask = ids != 0)
          image.npy, text.npy      float32 [N, 128], eval-mode L2-normalised embeddings
          row_images.npy           int64 [N]: row i's image is pixels[row_images[i]]; the loss batch's distinct
                                   images are pixels[:M], M = max(row_images) + 1 (rows share images)
          image_ids.npy, scene_classes.npy   int64 [N] for the loss
          loss.json                eval-mode loss parts {total, contrastive, attribution} of that batch, and
                                   train_total, train_contrastive, train_attribution of one training step on it
          tiny_step1.pt            the state_dict after that step (AdamW, clamp, BatchNorm running statistics)
          grads_step1.pt           that step's gradients by parameter name (the trainable ones only)
    /usr/bin/python3 bench/pytorch/tiny_twin.py time --threads 2 --vocab 238 --context 32 --scene-classes 12 \\
            --rows 128 --images 128 --repeats 10
        prints one JSON line: milliseconds per repeat (one warm-up excluded) of the training step, of encoding a
        premade batch of images and of captions (eval, no_grad), with torch's version, threads and the BLAS loaded.
"""
import argparse
import json
import math
import os
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from peer_timing import blas_libraries, milliseconds  # this folder's shared timing helpers

# tiny.json, except what the trainer sets from the data (command-line arguments).
EMBED_DIM = 128
IMAGE_SIZE = 64
STAGE_WIDTHS = (32, 64, 128, 256)
CONVS_PER_STAGE = 1
TEXT_WIDTH, TEXT_LAYERS, TEXT_HEADS, MLP_RATIO = 128, 2, 4, 4.0
CLASSIFIER_STAGE_WIDTHS = (16, 32, 64, 128)
TOP_K, PAE_LAYERS, PAE_HEADS, PAE_DROPOUT = 12, 2, 4, 0.0
INIT_TEMPERATURE, INIT_ATTRIBUTION_TEMPERATURE, MAX_LOGIT_SCALE, ATTRIBUTION_WEIGHT = 0.05, 0.05, 100.0, 0.5

# The C# MultiheadAttention fills masked logits with this finite value (a fully masked row never gives NaN).
MASKED_LOGIT = -1e9


class MultiheadAttention(nn.Module):
    """Batch-first attention with nn.MultiheadAttention's names (src/Modeling/Layers/MultiheadAttention.cs)."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.in_proj_weight = nn.Parameter(torch.empty(3 * width, width))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * width))
        self.out_proj = nn.Linear(width, width)
        nn.init.xavier_uniform_(self.in_proj_weight)
        nn.init.zeros_(self.out_proj.bias)

    def forward(self, query, key, value, key_padding_mask=None):
        b, lq, e = query.shape
        lk = key.shape[1]
        h, hd = self.heads, e // self.heads
        w, bias = self.in_proj_weight, self.in_proj_bias
        if query is key and key is value:
            q, k, v = F.linear(query, w, bias).chunk(3, dim=-1)
        else:
            q = F.linear(query, w[:e], bias[:e])
            k = F.linear(key, w[e:2 * e], bias[e:2 * e])
            v = F.linear(value, w[2 * e:], bias[2 * e:])
        q = q.view(b, lq, h, hd).transpose(1, 2)
        k = k.view(b, lk, h, hd).transpose(1, 2)
        v = v.view(b, lk, h, hd).transpose(1, 2)
        logits = torch.matmul(q, k.transpose(-2, -1)) * (1.0 / math.sqrt(hd))
        if key_padding_mask is not None:
            logits = logits.masked_fill(key_padding_mask.view(b, 1, 1, lk), MASKED_LOGIT)
        context = torch.matmul(logits.softmax(-1), v).transpose(1, 2).reshape(b, lq, e)
        return self.out_proj(context)


class ResidualAttentionBlock(nn.Module):
    """CLIP's pre-LN block: x + attn(ln_1(x)), then x + mlp(ln_2(x)), mlp = c_fc -> GELU -> c_proj."""

    def __init__(self, width, heads, mlp_ratio):
        super().__init__()
        hidden = int(round(width * mlp_ratio))
        self.ln_1 = nn.LayerNorm(width)
        self.attn = MultiheadAttention(width, heads)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(OrderedDict([("c_fc", nn.Linear(width, hidden)), ("gelu", nn.GELU()),
                                              ("c_proj", nn.Linear(hidden, width))]))

    def forward(self, x, key_padding_mask=None):
        y = self.ln_1(x)
        x = x + self.attn(y, y, y, key_padding_mask)
        return x + self.mlp(self.ln_2(x))


class Transformer(nn.Module):
    def __init__(self, width, layers, heads, mlp_ratio):
        super().__init__()
        self.resblocks = nn.ModuleList([ResidualAttentionBlock(width, heads, mlp_ratio) for _ in range(layers)])

    def forward(self, x, key_padding_mask=None):
        for block in self.resblocks:
            x = block(x, key_padding_mask)
        return x


class TextTransformer(nn.Module):
    """Bidirectional text tower with 'first' pooling and text_projection (src/Modeling/Text/TextTransformer.cs)."""

    def __init__(self, vocab, context, width, layers, heads, mlp_ratio, output_dim):
        super().__init__()
        self.context = context
        self.token_embedding = nn.Embedding(vocab, width)
        self.positional_embedding = nn.Parameter(torch.empty(context, width))
        self.transformer = Transformer(width, layers, heads, mlp_ratio)
        self.ln_final = nn.LayerNorm(width)
        self.text_projection = nn.Parameter(torch.empty(width, output_dim))
        nn.init.normal_(self.token_embedding.weight, std=0.02)
        nn.init.normal_(self.positional_embedding, std=0.01)
        nn.init.normal_(self.text_projection, std=width ** -0.5)

    def forward(self, ids, attention_mask=None):
        length = ids.shape[1]
        if length > self.context:
            raise ValueError(f"sequence length {length} exceeds the context length {self.context}")
        x = self.token_embedding(ids) + self.positional_embedding[:length]
        padding = None if attention_mask is None else attention_mask.eq(0)
        x = self.ln_final(self.transformer(x, padding))
        return x[:, 0] @ self.text_projection  # pooling "first": position 0, whatever the padding


class PooledTextEncoder(nn.Module):
    def __init__(self, trunk):
        super().__init__()
        self.trunk = trunk

    def forward(self, ids, attention_mask=None):
        return F.normalize(self.trunk(ids, attention_mask), p=2, dim=-1)


class SmallCnn(nn.Module):
    """Stages `stages.{i}` of conv{c} 3x3 (the first strides by 2), bn{c}, relu{c} (src/Modeling/Vision/SmallCnn.cs)."""

    def __init__(self, widths, convs_per_stage):
        super().__init__()
        stages, in_ch = [], 3
        for out_ch in widths:
            layers = OrderedDict()
            for c in range(convs_per_stage):
                layers[f"conv{c + 1}"] = nn.Conv2d(in_ch if c == 0 else out_ch, out_ch, 3, stride=2 if c == 0 else 1,
                                                   padding=1, bias=False)
                layers[f"bn{c + 1}"] = nn.BatchNorm2d(out_ch)
                layers[f"relu{c + 1}"] = nn.ReLU()
            stages.append(nn.Sequential(layers))
            in_ch = out_ch
        self.stages = nn.ModuleList(stages)
        self.width = widths[-1]

    def grid(self, pixels):
        x = pixels
        for stage in self.stages:
            x = stage(x)
        return x

    def tokens(self, pixels):
        """[B, 1 + h*w, W]: the spatial mean first, then the grid row-major (no grid positions in tiny)."""
        cells = self.grid(pixels).flatten(2).transpose(1, 2)
        return torch.cat([cells.mean(1, keepdim=True), cells], 1)


class SceneClassifier(nn.Module):
    """The built-in prior; frozen (no grad, always eval) as PriorClipModelFactory builds it."""

    def __init__(self, widths, scene_classes):
        super().__init__()
        self.features = SmallCnn(widths, convs_per_stage=1)
        self.fc = nn.Linear(self.features.width, scene_classes)
        for p in self.parameters():
            p.requires_grad_(False)
        super().train(False)

    def train(self, mode=True):
        # As the C# override: a frozen classifier stays in eval mode (running BatchNorm statistics) in a trained model.
        return super().train(False)

    def instruction(self, pixels):
        # SceneClassifier.Features records no graph while frozen, so its cost in the training step is a plain forward.
        with torch.no_grad():
            return self.features.grid(pixels).mean((2, 3))


class FeedForward(nn.Module):
    def __init__(self, width, dropout):
        super().__init__()
        self.fc1 = nn.Linear(width, 2 * width)
        self.norm = nn.LayerNorm(2 * width)
        self.dropout = nn.Dropout(dropout)
        self.fc2 = nn.Linear(2 * width, width)

    def forward(self, x):
        return self.fc2(self.dropout(F.gelu(self.norm(self.fc1(x)))))


class PaeAttentionBlock(nn.Module):
    """Post-LN: F = norm1(residual + drop(attn(query, s, s))), out = norm2(F + drop(ffn(F))); residual = s."""

    def __init__(self, width, heads, dropout):
        super().__init__()
        self.attn = MultiheadAttention(width, heads)
        self.dropout = nn.Dropout(dropout)
        self.norm1 = nn.LayerNorm(width)
        self.ffn = FeedForward(width, dropout)
        self.norm2 = nn.LayerNorm(width)

    def attend(self, query, s, residual):
        f = self.norm1(residual + self.dropout(self.attn(query, s, s)))
        return self.norm2(f + self.dropout(self.ffn(f)))

    def self_attention(self, x):
        return self.attend(x, x, x)  # the same tensor three times: one fused in_proj, as the C# takes it

    def cross_attention(self, query, s):
        return self.attend(query, s, s)

    def cross_attention_first(self, query, s):
        # Only position 0 of the PAE's last block is read; each position depends on its own query and residual.
        return self.attend(query[:, :1], s, s[:, :1])


class SpatialPae(nn.Module):
    def __init__(self, width, top_k, layers, heads, dropout):
        super().__init__()
        self.top_k = top_k
        self.self_blocks = nn.ModuleList([PaeAttentionBlock(width, heads, dropout) for _ in range(layers)])
        self.instruction_maps = nn.ModuleList([nn.Linear(width, width) for _ in range(layers)])
        self.cross_blocks = nn.ModuleList([PaeAttentionBlock(width, heads, dropout) for _ in range(layers)])
        self.head = nn.Linear(width, width)

    def forward(self, tokens, instruction):
        # Hard belief: b = softmax_j(V_j . u); keep the top-k tokens, highest belief first.
        belief = torch.matmul(tokens, instruction.unsqueeze(-1)).squeeze(-1).softmax(-1)
        indices = belief.topk(self.top_k, dim=1, largest=True, sorted=True).indices
        f = tokens.gather(1, indices.unsqueeze(-1).expand(-1, -1, tokens.shape[2]))
        k = f.shape[1]
        last = len(self.self_blocks) - 1
        for l, (self_block, instruction_map, cross_block) in enumerate(
                zip(self.self_blocks, self.instruction_maps, self.cross_blocks)):
            s = self_block.self_attention(f)
            query = instruction_map(instruction).unsqueeze(1).expand(-1, k, -1)
            f = cross_block.cross_attention(query, s) if l < last else cross_block.cross_attention_first(query, s)
        return F.normalize(tokens[:, 0] + self.head(f[:, 0]), p=2, dim=-1)


class SpatialPaeImageEncoder(nn.Module):
    def __init__(self, trunk, instruction_width, embed_dim):
        super().__init__()
        self.trunk = trunk
        self.token_proj = nn.Linear(trunk.width, embed_dim)
        self.instruction_proj = nn.Linear(instruction_width, embed_dim)
        self.pae = SpatialPae(embed_dim, TOP_K, PAE_LAYERS, PAE_HEADS, PAE_DROPOUT)

    def forward(self, pixels, instruction):
        return self.pae(self.token_proj(self.trunk.tokens(pixels)), self.instruction_proj(instruction))


class TinyPriorClip(nn.Module):
    """PriorClipModel for tiny: visual, text, prior, logit_scale, attribution_logit_scale."""

    def __init__(self, vocab, context, scene_classes):
        super().__init__()
        # Construction order as PriorClipModelFactory (prior, vision, text); only the names have to match, though.
        prior = SceneClassifier(CLASSIFIER_STAGE_WIDTHS, scene_classes)
        self.visual = SpatialPaeImageEncoder(SmallCnn(STAGE_WIDTHS, CONVS_PER_STAGE), prior.features.width, EMBED_DIM)
        self.text = PooledTextEncoder(TextTransformer(vocab, context, TEXT_WIDTH, TEXT_LAYERS, TEXT_HEADS, MLP_RATIO,
                                                     EMBED_DIM))
        self.prior = prior
        # float32 of the double ln(1/tau), as the C# constructor does.
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1.0 / INIT_TEMPERATURE), dtype=torch.float32))
        self.attribution_logit_scale = nn.Parameter(
            torch.tensor(math.log(1.0 / INIT_ATTRIBUTION_TEMPERATURE), dtype=torch.float32))

    def encode_image(self, pixels):
        return self.visual(pixels, self.prior.instruction(pixels))

    def encode_text(self, ids, attention_mask=None):
        return self.text(ids, attention_mask)

    def loss_parts(self, image, text, image_ids, scene_class_ids):
        contrastive = contrastive_loss(image, text, self.logit_scale.exp(), image_ids)
        attribution = attribution_loss(image, text, scene_class_ids, self.attribution_logit_scale.exp())
        return contrastive + ATTRIBUTION_WEIGHT * attribution, contrastive, attribution

    def compute_loss(self, pixels, ids, attention_mask, image_ids, scene_class_ids, row_images=None):
        """PriorClipModel.ComputeLoss: each distinct image encoded once, then row i takes image row_images[i]."""
        image = self.encode_image(pixels)
        if row_images is not None:
            image = image.index_select(0, row_images)
        return self.loss_parts(image, self.encode_text(ids, attention_mask), image_ids, scene_class_ids)

    def clamp_logit_scales(self):
        with torch.no_grad():
            self.logit_scale.clamp_(max=math.log(MAX_LOGIT_SCALE))
            self.attribution_logit_scale.clamp_(max=math.log(MAX_LOGIT_SCALE))


def soft_cross_entropy(logits, targets):
    return -(targets * logits.log_softmax(1)).sum(1).mean()


def contrastive_loss(image, text, scale, image_ids):
    logits = (image @ text.t()) * scale
    positives = image_ids.view(-1, 1).eq(image_ids.view(1, -1)).to(logits.dtype)
    targets = positives / positives.sum(1, keepdim=True)
    # Positives are symmetric, so text -> image uses the same target matrix.
    return (soft_cross_entropy(logits, targets) + soft_cross_entropy(logits.t(), targets)) * 0.5


def class_assignment(scene_class_ids):
    """Class ids -> 0..K-1 in order of first appearance (the C# does it on the host, so does this)."""
    index = {}
    target = [index.setdefault(int(c), len(index)) for c in scene_class_ids.tolist()]
    return torch.tensor(target, dtype=torch.int64), len(index)


def attribution_loss(image, text, scene_class_ids, scale):
    target, classes = class_assignment(scene_class_ids)
    onehot = F.one_hot(target, classes).to(image.dtype)  # [B, K]
    counts = onehot.sum(0).unsqueeze(1)
    image_centres = (onehot.t() @ image) / counts  # class means, not re-normalised
    text_centres = (onehot.t() @ text) / counts
    image_side = F.cross_entropy((image @ text_centres.t()) * scale, target)
    text_side = F.cross_entropy((text @ image_centres.t()) * scale, target)
    return (image_side + text_side) * 0.5


def build(args, seed):
    # Any seeded init will do (the C# side loads these weights); this one follows the C# defaults.
    torch.manual_seed(seed)
    return TinyPriorClip(args.vocab, args.context, args.scene_classes)


def make_nontrivial(model, gen):
    """Moves the weights away from values that hide mistakes: BatchNorm running statistics from a few train-mode
    batches (the frozen prior's too) with perturbed affine parameters, LayerNorm weights != 1 and biases != 0, nonzero
    attention biases, and two different logit scales, the contrastive one above its cap."""
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    for bn in bns:
        bn.train()  # bypasses the prior's eval-only train(); restored by model.eval() below
    with torch.no_grad():
        for _ in range(3):
            pixels = torch.randn(8, 3, IMAGE_SIZE, IMAGE_SIZE, generator=gen) * 1.5 + 0.2
            model.prior.features.grid(pixels)
            model.visual.trunk.grid(pixels)
        for m in model.modules():
            if isinstance(m, (nn.BatchNorm2d, nn.LayerNorm)):
                m.weight.copy_(1 + 0.2 * torch.randn(m.weight.shape, generator=gen))
                m.bias.copy_(0.1 * torch.randn(m.bias.shape, generator=gen))
            if isinstance(m, MultiheadAttention):
                m.in_proj_bias.copy_(0.05 * torch.randn(m.in_proj_bias.shape, generator=gen))
                m.out_proj.bias.copy_(0.05 * torch.randn(m.out_proj.bias.shape, generator=gen))
        # Above the cap: the forward uses it unclamped, the step's clamp brings it back to ln(100).
        model.logit_scale.fill_(math.log(MAX_LOGIT_SCALE) + 0.05)
        model.attribution_logit_scale.sub_(0.2)
    model.eval()


def write(args):
    out = args.out
    os.makedirs(out, exist_ok=True)
    gen = torch.Generator().manual_seed(args.seed + 1)
    model = build(args, args.seed)
    make_nontrivial(model, gen)

    n, length_max = args.rows_check, args.context
    pixels = torch.randn(n, 3, IMAGE_SIZE, IMAGE_SIZE, generator=gen)
    # Per-row lengths from 3 tokens to the full context (the first and last rows), zeros after.
    lengths = torch.randint(3, length_max + 1, (n,), generator=gen)
    lengths[0], lengths[-1] = length_max, 3
    ids = torch.zeros(n, length_max, dtype=torch.int64)
    for i, length in enumerate(lengths.tolist()):
        ids[i, :length] = torch.randint(2, args.vocab - 1, (length,), generator=gen)
        ids[i, length - 1] = args.vocab - 1  # an end token, as the trainer's tokenizer writes
    mask = ids.ne(0).to(torch.int64)

    # The loss batch: N captions over M = N/2 distinct images (pixels[:M]), rows sharing images round-robin. Image ids
    # are not 0..M-1 and the first class seen is not 0 (the losses only compare ids); two images share a class.
    images = max(1, n // 2)
    row_images = torch.arange(n) % images
    image_ids = row_images + 100
    image_classes = torch.tensor([args.scene_classes - 1, 0] * images)[:images]
    scene_classes = image_classes[row_images]

    with torch.no_grad():
        image = model.encode_image(pixels)
        text = model.encode_text(ids, mask)
        total, contrastive, attribution = model.compute_loss(pixels[:images], ids, mask, image_ids, scene_classes,
                                                             row_images)

    torch.save(model.state_dict(), os.path.join(out, "tiny.pt"))
    # Then one training step on the same batch, as the benchmark times it (train mode: batch statistics in the
    # trunk's BatchNorm, the prior still in eval mode); the weights after it go to tiny_step1.pt.
    model.train()
    step = training_step(model, adamw(model), (pixels[:images], ids, mask, image_ids, scene_classes, row_images))
    train_total, train_contrastive, train_attribution = step()
    torch.save(model.state_dict(), os.path.join(out, "tiny_step1.pt"))
    torch.save({name: p.grad for name, p in model.named_parameters() if p.grad is not None},
               os.path.join(out, "grads_step1.pt"))
    save = lambda name, t, dtype: np.save(os.path.join(out, name), np.ascontiguousarray(t.numpy().astype(dtype)))
    save("pixels.npy", pixels.reshape(n, -1), np.float32)
    save("ids.npy", ids.reshape(-1), np.int64)
    save("image.npy", image, np.float32)
    save("text.npy", text, np.float32)
    save("row_images.npy", row_images, np.int64)
    save("image_ids.npy", image_ids, np.int64)
    save("scene_classes.npy", scene_classes, np.int64)
    with open(os.path.join(out, "loss.json"), "w") as f:
        json.dump({"total": total.item(), "contrastive": contrastive.item(), "attribution": attribution.item(),
                   "train_total": train_total, "train_contrastive": train_contrastive.item(),
                   "train_attribution": train_attribution.item(),
                   "rows": n, "images": images, "vocab": args.vocab, "context": args.context,
                   "scene_classes": args.scene_classes, "seed": args.seed}, f)
        f.write("\n")


def adamw(model):
    """AdamWFactory.Create(model, 1e-4, 0.01, 0.9, 0.98): decay on trainable tensors of rank >= 2, none on the rest;
    the frozen prior is left out of both groups."""
    trainable = [p for p in model.parameters() if p.requires_grad]
    groups = [{"params": [p for p in trainable if p.dim() >= 2], "weight_decay": 0.01},
              {"params": [p for p in trainable if p.dim() < 2], "weight_decay": 0.0}]
    return torch.optim.AdamW([g for g in groups if g["params"]], lr=1e-4, betas=(0.9, 0.98), eps=1e-8,
                             weight_decay=0.01, amsgrad=False)


def training_step(model, optimizer, batch):
    """RawTrainingStep.Step: zero_grad, loss with shared images, loss read back, backward, gradient norm (the value
    is not used; the call is part of what is timed), AdamW, logit-scale clamp. Returns the total as a float and the
    other parts as detached tensors (only the total is read back, as in C#)."""
    trainable = [p for p in model.parameters() if p.requires_grad]

    def step():
        optimizer.zero_grad()
        total, contrastive, attribution = model.compute_loss(*batch)
        value = total.item()
        if not math.isfinite(value):
            raise RuntimeError(f"the benchmark's loss is {value}")
        total.backward()
        torch.nn.utils.clip_grad_norm_(trainable, float("inf"))
        optimizer.step()
        model.clamp_logit_scales()
        return value, contrastive.detach(), attribution.detach()

    return step


def caption_batch(batch, vocab, context, gen):
    """As the C# benchmark's captions: ids in [2, vocab - 2] over the full context, the last vocab - 1, mask all 1."""
    ids = torch.randint(2, vocab - 1, (batch, context), generator=gen)
    ids[:, -1] = vocab - 1
    return ids, torch.ones_like(ids)




def time_all(args):
    model = build(args, 0)
    gen = torch.Generator().manual_seed(1)
    rows, images = args.rows, args.images
    if not 0 < images <= rows:
        raise SystemExit(f"--images must be in [1, --rows]; got {images} for {rows} rows")

    # RawTrainingStep's tensors, made once.
    pixels = torch.randn(images, 3, IMAGE_SIZE, IMAGE_SIZE, generator=gen)
    ids, mask = caption_batch(rows, args.vocab, args.context, gen)
    row_image = torch.arange(rows, dtype=torch.int64) % images
    image_ids = row_image.clone()
    row_images = row_image.clone() if images < rows else None
    classes = row_image % args.scene_classes
    step = training_step(model, adamw(model), (pixels, ids, mask, image_ids, classes, row_images))
    model.train()  # the frozen prior stays in eval mode (SceneClassifier.train)
    train_ms = milliseconds(step, args.repeats)

    model.eval()
    image_batch = torch.randn(args.image_batch, 3, IMAGE_SIZE, IMAGE_SIZE, generator=gen)
    text_ids, text_mask = caption_batch(args.text_batch, args.vocab, args.context, gen)

    def encode_images():
        with torch.no_grad():
            model.encode_image(image_batch)

    def encode_captions():
        with torch.no_grad():
            model.encode_text(text_ids, text_mask)

    image_ms = milliseconds(encode_images, args.repeats)
    text_ms = milliseconds(encode_captions, args.repeats)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_libraries(),
                      "vocab": args.vocab, "context": args.context, "scene_classes": args.scene_classes,
                      "rows": rows, "images": images, "image_batch": args.image_batch, "text_batch": args.text_batch,
                      "train_step_ms": train_ms, "image_batch_ms": image_ms, "text_batch_ms": text_ms}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["write", "time"])
    parser.add_argument("out", nargs="?", help="output folder (write)")
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--vocab", type=int, required=True, help="text.vocab_size as the trainer sets it")
    parser.add_argument("--context", type=int, required=True, help="text.context_length as the trainer sets it")
    parser.add_argument("--scene-classes", type=int, required=True, help="instruction.scene_classes")
    parser.add_argument("--seed", type=int, default=11, help="write: weights and inputs")
    parser.add_argument("--rows-check", type=int, default=6, help="write: rows of the equivalence inputs")
    parser.add_argument("--rows", type=int, default=128, help="time: captions per training batch")
    parser.add_argument("--images", type=int, default=128, help="time: distinct images per training batch")
    parser.add_argument("--image-batch", type=int, default=128, help="time: images per encoding batch")
    parser.add_argument("--text-batch", type=int, default=128, help="time: captions per encoding batch")
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    if args.vocab < 4 or args.context < 3 or args.scene_classes < 2 or args.rows_check < 2:
        parser.error("need --vocab >= 4, --context >= 3, --scene-classes >= 2 and --rows-check >= 2")
    # Set explicitly: Debian's torch may start with 1 thread here otherwise.
    torch.set_num_threads(args.threads)
    if args.mode == "write":
        if not args.out:
            parser.error("write needs an output folder")
        write(args)
    else:
        time_all(args)


if __name__ == "__main__":
    main()
