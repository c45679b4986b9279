#!/usr/bin/env python3
"""Regenerates bpe_rs.txt.gz and expected.json (run from this folder; needs the `regex` module).

1. Learns 300 BPE merges on a small remote-sensing corpus (byte-level, '</w>' word ends, most frequent
   pair first, ties broken by the smaller pair) and writes them gzip'd in OpenAI's
   bpe_simple_vocab_16e6.txt.gz layout ("#version" header line, one "left right" pair per line).
2. Encodes test captions with an independent re-implementation of CLIP's SimpleTokenizer
   (bytes_to_unicode vocabulary, CLIP's regex, greedy lowest-rank merging, start/end tokens,
   context 77 with the end token kept last) and writes the expected ids to expected.json.
CLIP's ftfy.fix_text step is left out on both sides (it only repairs mojibake).
"""
import gzip, html, json
from collections import Counter
import regex as re

def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b); cs.append(256 + n); n += 1
    return dict(zip(bs, map(chr, cs)))

B2U = bytes_to_unicode()
PAT = re.compile(r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""", re.IGNORECASE)

def clean(text):
    text = html.unescape(html.unescape(text)).strip()
    return re.sub(r"\s+", " ", text).strip().lower()

def pieces(text):
    return ["".join(B2U[b] for b in t.encode("utf-8")) for t in re.findall(PAT, clean(text))]

CORPUS = """many buildings and some green trees are around a playground .
a baseball field is next to several buildings and a parking lot with many cars .
two tennis courts are surrounded by green trees and a road .
the airport has a long runway and several planes parked near the terminal .
a river with a bridge goes through the dense residential area .
it's a port with many boats and ships docked near the pier's end .
café près du port , über die brücke , straßen in münchen
北京 机场 停机坪 上 有 飞机
the farmland is divided into many rectangular fields of different colors .
a stadium with a running track and a football field in the middle ."""

def learn(num_merges):
    words = Counter()
    for line in CORPUS.splitlines():
        for p in pieces(line):
            words[tuple(p[:-1]) + (p[-1] + "</w>",)] += 1
    merges = []
    for _ in range(num_merges):
        pairs = Counter()
        for w, c in words.items():
            for a, b in zip(w, w[1:]):
                pairs[(a, b)] += c
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(best)
        new = Counter()
        for w, c in words.items():
            out, i = [], 0
            while i < len(w):
                if i < len(w) - 1 and (w[i], w[i + 1]) == best:
                    out.append(w[i] + w[i + 1]); i += 2
                else:
                    out.append(w[i]); i += 1
            new[tuple(out)] += c
        words = new
    return merges

class Reference:
    def __init__(self, merges):
        vocab = list(B2U.values())
        vocab += [v + "</w>" for v in vocab]
        vocab += ["".join(m) for m in merges]
        vocab += ["<|startoftext|>", "<|endoftext|>"]
        self.encoder = dict(zip(vocab, range(len(vocab))))
        self.ranks = dict(zip(merges, range(len(merges))))

    def bpe(self, token):
        word = tuple(token[:-1]) + (token[-1] + "</w>",)
        while len(word) > 1:
            pairs = set(zip(word, word[1:]))
            bigram = min(pairs, key=lambda p: self.ranks.get(p, float("inf")))
            if bigram not in self.ranks:
                break
            out, i = [], 0
            while i < len(word):
                if i < len(word) - 1 and (word[i], word[i + 1]) == bigram:
                    out.append(word[i] + word[i + 1]); i += 2
                else:
                    out.append(word[i]); i += 1
            word = tuple(out)
        return list(word)

    def tokenize(self, text, context=77):
        ids = [self.encoder[s] for p in pieces(text) for s in self.bpe(p)]
        tokens = [self.encoder["<|startoftext|>"]] + ids + [self.encoder["<|endoftext|>"]]
        if len(tokens) > context:
            tokens = tokens[:context]
            tokens[-1] = self.encoder["<|endoftext|>"]
        return tokens + [0] * (context - len(tokens))

CAPTIONS = [
    "Many buildings and some green trees are around a playground.",
    "It's a plane's runway; don't PARK here!!",
    "  two   baseball\tfields  ",
    "Über den Straßen von München",
    "北京 airport 2024",
    "café &amp; port",
    "&lt;b&gt;stadium&lt;/b&gt;",
    "emoji 🚗🚗 cars...",
    "A-B/C (x) [y] {z} 3.14",
    " ".join(["several planes parked near the terminal"] * 20),
]

if __name__ == "__main__":
    merges = learn(300)
    text = "#version: 0.2\n" + "\n".join(" ".join(m) for m in merges) + "\n"
    with open("bpe_rs.txt.gz", "wb") as f:
        f.write(gzip.compress(text.encode("utf-8"), mtime=0))
    ref = Reference(merges)
    with open("expected.json", "w", encoding="utf-8") as f:
        json.dump([{"caption": c, "ids": ref.tokenize(c)} for c in CAPTIONS], f, ensure_ascii=False, indent=1)
    print(len(merges), "merges;", len(ref.encoder), "tokens")
