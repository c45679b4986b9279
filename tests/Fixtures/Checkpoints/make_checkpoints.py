#!/usr/bin/python3
"""Writes the checkpoint fixtures the import tests read: shrunk CLIP-family models saved by PyTorch itself,
with the parameter names of the real files, plus reference embeddings computed here by PyTorch.

Run from the repository root with Debian's interpreter (apt install python3-torch python3-numpy
python3-pil libopenblas0-pthread):

    /usr/bin/python3 tests/Fixtures/Checkpoints/make_checkpoints.py

Outputs (in this folder):
  images/*.png                      4 RGB images at 32 px and 4 at 64 px (the model sizes, so no resize)
  captions.json                     captions and their CLIP BPE ids (ids from ../Transforms/clip_reference/expected.json,
                                    which the tokenizer tests already check)
  tokenizer/                        bpe_simple_vocab_16e6.txt.gz (OpenAI layout) and vocab.json + merges.txt (Hugging Face)
  vit_open_clip.pt                  open_clip / RemoteCLIP / GeoRSCLIP layout: torch.save(model.state_dict())
  vit_open_clip_wrapped.pt          the same wrapped as open_clip_train writes it: {"epoch", "state_dict" with "module." names}
  vit_openai_jit.pt                 OpenAI's layout: torch.jit.trace of the model, saved with torch.jit.save
  vit_hf/model.safetensors          Hugging Face CLIPModel names, safetensors written by hand (Debian has no safetensors)
  vit_hf/config.json, vocab.json, merges.txt   what a Hugging Face model folder carries
  rn_open_clip.pt                   CLIP's modified ResNet (attention pooling), GELU text tower
  torchvision_resnet.pt             torchvision ResNet layout (conv1 7x7, maxpool, Bottleneck layers, fc), a scene classifier
  torchvision_features.onnx         its feature extractor (input "pixels" [N,3,64,64] CLIP-normalised, output "features" [N,256])
  reference .npy files              *_image.npy, *_text.npy (L2-normalised embeddings), torchvision_features.npy /
                                    torchvision_logits.npy, rn_attnpool.npy (unnormalised attention-pool output)

The models are CLIP's architecture at toy widths: ViT width 128 (2 heads by CLIP's width/64 rule), 2 layers,
patch 8 at 32 px; text width 64, 2 layers, context 77, the 764-token fixture vocabulary; embed dim 32.
"""
import gzip
import json
import math
import os
import shutil
import struct
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

torch.set_num_threads(2)
HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE_TOKENS = os.path.join(HERE, "..", "Transforms", "clip_reference")
MEAN = torch.tensor([0.48145466, 0.4578275, 0.40821073]).view(1, 3, 1, 1)
STD = torch.tensor([0.26862954, 0.26130258, 0.27577711]).view(1, 3, 1, 1)


class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class ResidualAttentionBlock(nn.Module):
    def __init__(self, width, heads, act):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width)
        self.attn = nn.MultiheadAttention(width, heads)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(OrderedDict([("c_fc", nn.Linear(width, width * 4)), ("gelu", act()),
                                              ("c_proj", nn.Linear(width * 4, width))]))

    def forward(self, x, mask):  # x: [L, B, W] as in CLIP
        h = self.ln_1(x)
        x = x + self.attn(h, h, h, need_weights=False, attn_mask=mask)[0]
        return x + self.mlp(self.ln_2(x))


class Transformer(nn.Module):
    def __init__(self, width, layers, heads, act):
        super().__init__()
        self.resblocks = nn.ModuleList([ResidualAttentionBlock(width, heads, act) for _ in range(layers)])

    def forward(self, x, mask=None):
        for block in self.resblocks:
            x = block(x, mask)
        return x


class VisionTransformer(nn.Module):
    def __init__(self, image_size, patch, width, layers, out_dim, act):
        super().__init__()
        scale = width ** -0.5
        self.conv1 = nn.Conv2d(3, width, patch, stride=patch, bias=False)
        self.class_embedding = nn.Parameter(scale * torch.randn(width))
        self.positional_embedding = nn.Parameter(scale * torch.randn((image_size // patch) ** 2 + 1, width))
        self.ln_pre = nn.LayerNorm(width)
        self.transformer = Transformer(width, layers, width // 64, act)
        self.ln_post = nn.LayerNorm(width)
        self.proj = nn.Parameter(scale * torch.randn(width, out_dim))

    def forward(self, x):
        x = self.conv1(x).flatten(2).permute(0, 2, 1)
        cls = self.class_embedding.view(1, 1, -1).expand(x.shape[0], 1, -1)
        x = self.ln_pre(torch.cat([cls, x], 1) + self.positional_embedding)
        x = self.transformer(x.permute(1, 0, 2)).permute(1, 0, 2)
        return self.ln_post(x[:, 0]) @ self.proj


class Bottleneck(nn.Module):
    """CLIP's modified bottleneck: stride by average pooling, anti-aliased downsample."""
    expansion = 4

    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.avgpool = nn.AvgPool2d(stride) if stride > 1 else nn.Identity()
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.downsample = None
        if stride > 1 or inplanes != planes * 4:
            self.downsample = nn.Sequential(OrderedDict([("-1", nn.AvgPool2d(stride)),
                                                         ("0", nn.Conv2d(inplanes, planes * 4, 1, bias=False)),
                                                         ("1", nn.BatchNorm2d(planes * 4))]))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(self.avgpool(out)))
        identity = x if self.downsample is None else self.downsample(x)
        return F.relu(out + identity)


class AttentionPool2d(nn.Module):
    def __init__(self, spatial, dim, heads, out_dim):
        super().__init__()
        self.positional_embedding = nn.Parameter(torch.randn(spatial * spatial + 1, dim) / dim ** 0.5)
        self.k_proj = nn.Linear(dim, dim)
        self.q_proj = nn.Linear(dim, dim)
        self.v_proj = nn.Linear(dim, dim)
        self.c_proj = nn.Linear(dim, out_dim)
        self.heads = heads

    def forward(self, x):
        x = x.flatten(2).permute(2, 0, 1)                      # [HW, B, C]
        x = torch.cat([x.mean(0, keepdim=True), x], 0) + self.positional_embedding[:, None, :]
        out, _ = F.multi_head_attention_forward(
            query=x[:1], key=x, value=x, embed_dim_to_check=x.shape[-1], num_heads=self.heads,
            q_proj_weight=self.q_proj.weight, k_proj_weight=self.k_proj.weight, v_proj_weight=self.v_proj.weight,
            in_proj_weight=None, in_proj_bias=torch.cat([self.q_proj.bias, self.k_proj.bias, self.v_proj.bias]),
            bias_k=None, bias_v=None, add_zero_attn=False, dropout_p=0, out_proj_weight=self.c_proj.weight,
            out_proj_bias=self.c_proj.bias, use_separate_proj_weight=True, training=False, need_weights=False)
        return out.squeeze(0)


class ModifiedResNet(nn.Module):
    def __init__(self, layers, out_dim, heads, image_size, width):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width // 2, 3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width // 2)
        self.conv2 = nn.Conv2d(width // 2, width // 2, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(width // 2)
        self.conv3 = nn.Conv2d(width // 2, width, 3, padding=1, bias=False)
        self.bn3 = nn.BatchNorm2d(width)
        self.avgpool = nn.AvgPool2d(2)
        self._inplanes = width
        self.layer1 = self._layer(width, layers[0], 1)
        self.layer2 = self._layer(width * 2, layers[1], 2)
        self.layer3 = self._layer(width * 4, layers[2], 2)
        self.layer4 = self._layer(width * 8, layers[3], 2)
        self.attnpool = AttentionPool2d(image_size // 32, width * 32, heads, out_dim)

    def _layer(self, planes, blocks, stride):
        mods = [Bottleneck(self._inplanes, planes, stride)]
        self._inplanes = planes * 4
        mods += [Bottleneck(self._inplanes, planes, 1) for _ in range(1, blocks)]
        return nn.Sequential(*mods)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.bn2(self.conv2(x)))
        x = self.avgpool(F.relu(self.bn3(self.conv3(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.attnpool(x)


class Clip(nn.Module):
    """CLIP's top level: `visual` plus the text tower's parameters at the root, as OpenAI and open_clip name them."""

    def __init__(self, visual, embed_dim, vocab, context, width, layers, act):
        super().__init__()
        self.visual = visual
        self.token_embedding = nn.Embedding(vocab, width)
        self.positional_embedding = nn.Parameter(torch.randn(context, width) * 0.01)
        self.transformer = Transformer(width, layers, width // 64, act)
        self.ln_final = nn.LayerNorm(width)
        self.text_projection = nn.Parameter(torch.randn(width, embed_dim) * width ** -0.5)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))
        self.register_buffer("attn_mask", torch.full((context, context), float("-inf")).triu(1), persistent=False)

    def encode_image(self, pixels):
        return F.normalize(self.visual(pixels), dim=-1)

    def encode_text(self, ids):
        x = self.token_embedding(ids) + self.positional_embedding
        x = self.transformer(x.permute(1, 0, 2), self.attn_mask).permute(1, 0, 2)
        x = self.ln_final(x)
        x = x[torch.arange(x.shape[0]), ids.argmax(-1)] @ self.text_projection
        return F.normalize(x, dim=-1)

    def forward(self, pixels, ids):
        return self.encode_image(pixels), self.encode_text(ids)


class TorchvisionBottleneck(nn.Module):
    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or inplanes != planes * 4:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes * 4, 1, stride=stride, bias=False),
                                            nn.BatchNorm2d(planes * 4))

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + (x if self.downsample is None else self.downsample(x)))


class TorchvisionResNet(nn.Module):
    """torchvision.models.resnet50's layout (v1.5: stride on the 3x3), base width shrunk."""

    def __init__(self, layers, width, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
        inplanes = width
        stages = []
        for i, blocks in enumerate(layers):
            planes = width * 2 ** i
            mods = []
            for b in range(blocks):
                mods.append(TorchvisionBottleneck(inplanes, planes, (1 if i == 0 else 2) if b == 0 else 1))
                inplanes = planes * 4
            stages.append(nn.Sequential(*mods))
        self.layer1, self.layer2, self.layer3, self.layer4 = stages
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(inplanes, classes)

    def features(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.avgpool(x).flatten(1)

    def forward(self, x):
        return self.fc(self.features(x))


class FeatureExtractor(nn.Module):
    def __init__(self, classifier):
        super().__init__()
        self.classifier = classifier

    def forward(self, x):
        return self.classifier.features(x)


def randomise_batch_norms(model, gen):
    """Non-trivial running statistics and affine parameters, so loading them is actually tested."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn(m.num_features, generator=gen) * 0.1)
            m.running_var.copy_(torch.rand(m.num_features, generator=gen) + 0.5)
            m.weight.data.copy_(torch.rand(m.num_features, generator=gen) + 0.5)
            m.bias.data.copy_(torch.randn(m.num_features, generator=gen) * 0.1)
            m.num_batches_tracked.fill_(7)


def write_images(size, count, seed):
    rng = np.random.default_rng(seed)
    paths = []
    for i in range(count):
        yy, xx = np.mgrid[0:size, 0:size]
        base = rng.integers(0, 255, 3)
        img = np.stack([(base[c] + 3 * (c + 1) * xx + (i + 2) * yy + rng.integers(0, 40, (size, size))) % 256
                        for c in range(3)], -1).astype(np.uint8)
        name = f"images/scene{size}_{i}.png"
        Image.fromarray(img, "RGB").save(os.path.join(HERE, name))
        paths.append(name)
    return paths


def load_pixels(paths):
    arrays = [np.asarray(Image.open(os.path.join(HERE, p)).convert("RGB"), dtype=np.float32) for p in paths]
    x = torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2) / 255.0
    return (x - MEAN) / STD


def save_npy(name, tensor):
    np.save(os.path.join(HERE, name), tensor.detach().numpy().astype(np.float32))


def hf_state_dict(sd, vision_layers, text_layers):
    """open_clip names → Hugging Face CLIPModel names (q/k/v split, projections transposed)."""
    out = OrderedDict()
    out["logit_scale"] = sd["logit_scale"]
    out["text_model.embeddings.token_embedding.weight"] = sd["token_embedding.weight"]
    out["text_model.embeddings.position_embedding.weight"] = sd["positional_embedding"]
    out["text_model.embeddings.position_ids"] = torch.arange(sd["positional_embedding"].shape[0]).unsqueeze(0)
    out["text_model.final_layer_norm.weight"] = sd["ln_final.weight"]
    out["text_model.final_layer_norm.bias"] = sd["ln_final.bias"]
    out["text_projection.weight"] = sd["text_projection"].t().contiguous()
    v = "visual."
    out["vision_model.embeddings.class_embedding"] = sd[v + "class_embedding"]
    out["vision_model.embeddings.patch_embedding.weight"] = sd[v + "conv1.weight"]
    out["vision_model.embeddings.position_embedding.weight"] = sd[v + "positional_embedding"]
    out["vision_model.embeddings.position_ids"] = torch.arange(sd[v + "positional_embedding"].shape[0]).unsqueeze(0)
    out["vision_model.pre_layrnorm.weight"] = sd[v + "ln_pre.weight"]
    out["vision_model.pre_layrnorm.bias"] = sd[v + "ln_pre.bias"]
    out["vision_model.post_layernorm.weight"] = sd[v + "ln_post.weight"]
    out["vision_model.post_layernorm.bias"] = sd[v + "ln_post.bias"]
    out["visual_projection.weight"] = sd[v + "proj"].t().contiguous()
    for tower, prefix, layers in (("text_model", "", text_layers), ("vision_model", v, vision_layers)):
        for i in range(layers):
            src = f"{prefix}transformer.resblocks.{i}."
            dst = f"{tower}.encoder.layers.{i}."
            qw, kw, vw = sd[src + "attn.in_proj_weight"].chunk(3)
            qb, kb, vb = sd[src + "attn.in_proj_bias"].chunk(3)
            for name, w, b in (("q_proj", qw, qb), ("k_proj", kw, kb), ("v_proj", vw, vb)):
                out[dst + f"self_attn.{name}.weight"] = w.contiguous()
                out[dst + f"self_attn.{name}.bias"] = b.contiguous()
            out[dst + "self_attn.out_proj.weight"] = sd[src + "attn.out_proj.weight"]
            out[dst + "self_attn.out_proj.bias"] = sd[src + "attn.out_proj.bias"]
            for a, b in (("ln_1", "layer_norm1"), ("ln_2", "layer_norm2"), ("mlp.c_fc", "mlp.fc1"), ("mlp.c_proj", "mlp.fc2")):
                out[dst + b + ".weight"] = sd[src + a + ".weight"]
                out[dst + b + ".bias"] = sd[src + a + ".bias"]
    return out


def write_safetensors(path, tensors):
    """The safetensors layout: u64 little-endian header length, JSON header, then the raw little-endian bytes."""
    dtypes = {torch.float32: "F32", torch.int64: "I64", torch.float16: "F16"}
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().numpy().tobytes()
        header[name] = {"dtype": dtypes[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)


def write_tokenizer_files():
    os.makedirs(os.path.join(HERE, "tokenizer"), exist_ok=True)
    gz = os.path.join(REFERENCE_TOKENS, "bpe_rs.txt.gz")
    shutil.copyfile(gz, os.path.join(HERE, "tokenizer", "bpe_simple_vocab_16e6.txt.gz"))
    merges = [tuple(line.split()) for line in gzip.open(gz, "rt", encoding="utf-8").read().split("\n")[1:] if line]
    # CLIP's vocabulary order: the 256 byte symbols, the same with '</w>', the merges, then the two specials.
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b); cs.append(256 + n); n += 1
    symbols = [chr(c) for c in cs]
    vocab = symbols + [s + "</w>" for s in symbols] + ["".join(m) for m in merges] + ["<|startoftext|>", "<|endoftext|>"]
    vocab_json = json.dumps({tok: i for i, tok in enumerate(vocab)}, ensure_ascii=False)
    merges_txt = "#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges)
    for folder in ("tokenizer", "vit_hf"):
        os.makedirs(os.path.join(HERE, folder), exist_ok=True)
        with open(os.path.join(HERE, folder, "vocab.json"), "w", encoding="utf-8") as f:
            f.write(vocab_json)
        with open(os.path.join(HERE, folder, "merges.txt"), "w", encoding="utf-8") as f:
            f.write(merges_txt)
    return len(vocab)


def main():
    os.makedirs(os.path.join(HERE, "images"), exist_ok=True)
    vocab = write_tokenizer_files()
    expected = json.load(open(os.path.join(REFERENCE_TOKENS, "expected.json"), encoding="utf-8"))[:5]
    captions = [{"caption": e["caption"], "ids": e["ids"]} for e in expected]
    with open(os.path.join(HERE, "captions.json"), "w", encoding="utf-8") as f:
        json.dump(captions, f, ensure_ascii=False, indent=1)
    ids = torch.tensor([c["ids"] for c in captions], dtype=torch.int64)

    gen = torch.Generator().manual_seed(2024)
    torch.manual_seed(2024)
    small = write_images(32, 4, 1)
    large = write_images(64, 4, 2)

    # ViT CLIP, QuickGELU (OpenAI's activation) in both towers.
    vit = Clip(VisionTransformer(32, 8, 128, 2, 32, QuickGELU), 32, vocab, 77, 64, 2, QuickGELU).eval()
    with torch.no_grad():
        for p in vit.parameters():
            p.add_(torch.randn(p.shape, generator=gen) * 0.02)
        image, text = vit(load_pixels(small), ids)
    sd = vit.state_dict()
    torch.save(sd, os.path.join(HERE, "vit_open_clip.pt"))
    torch.save({"epoch": 3, "name": "fixture", "state_dict": OrderedDict(("module." + k, v) for k, v in sd.items())},
               os.path.join(HERE, "vit_open_clip_wrapped.pt"))
    traced = torch.jit.trace(vit, (load_pixels(small[:1]), ids[:1]))
    torch.jit.save(traced, os.path.join(HERE, "vit_openai_jit.pt"))
    write_safetensors(os.path.join(HERE, "vit_hf", "model.safetensors"), hf_state_dict(sd, 2, 2))
    act = {"hidden_act": "quick_gelu"}
    with open(os.path.join(HERE, "vit_hf", "config.json"), "w") as f:
        json.dump({"architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": 32,
                   "text_config": dict(act, hidden_size=64, num_hidden_layers=2, num_attention_heads=1,
                                       max_position_embeddings=77, vocab_size=vocab),
                   "vision_config": dict(act, hidden_size=128, num_hidden_layers=2, num_attention_heads=2,
                                         image_size=32, patch_size=8)}, f, indent=1)
    save_npy("vit_image.npy", image)
    save_npy("vit_text.npy", text)

    # CLIP modified ResNet (the open-domain prior's layout), GELU text tower (open_clip's default activation).
    rn = Clip(ModifiedResNet([1, 1, 2, 1], 32, 4, 64, 8), 32, vocab, 77, 64, 2, nn.GELU).eval()
    randomise_batch_norms(rn, gen)
    with torch.no_grad():
        pixels = load_pixels(large)
        image, text = rn(pixels, ids)
        attnpool = rn.visual(pixels)
    torch.save(rn.state_dict(), os.path.join(HERE, "rn_open_clip.pt"))
    save_npy("rn_image.npy", image)
    save_npy("rn_text.npy", text)
    save_npy("rn_attnpool.npy", attnpool)

    # torchvision ResNet layout, a 5-class scene classifier (PIR's AID-trained prior, shrunk).
    tv = TorchvisionResNet([1, 1, 1, 1], 8, 5).eval()
    randomise_batch_norms(tv, gen)
    with torch.no_grad():
        pixels = load_pixels(large)
        features, logits = tv.features(pixels), tv(pixels)
    torch.save(tv.state_dict(), os.path.join(HERE, "torchvision_resnet.pt"))
    # The same classifier's feature extractor as an ONNX scene classifier (torch.onnx.export), batch axis dynamic.
    features_only = FeatureExtractor(tv).eval()
    torch.onnx.export(features_only, load_pixels(large[:1]), os.path.join(HERE, "torchvision_features.onnx"),
                      input_names=["pixels"], output_names=["features"], dynamic_axes={"pixels": {0: "batch"}, "features": {0: "batch"}},
                      opset_version=13)
    save_npy("torchvision_features.npy", features)
    save_npy("torchvision_logits.npy", logits)
    with open(os.path.join(HERE, "images.json"), "w") as f:
        json.dump({"vit": small, "rn": large}, f, indent=1)
    print("wrote fixtures to", HERE)


if __name__ == "__main__":
    main()
