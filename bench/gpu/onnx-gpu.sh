#!/usr/bin/env bash
# The exported encoders on ONNX Runtime's CUDA execution provider against its CPU one (issue #14): throughput and the
# largest difference of the CUDA embeddings from the CPU ones, for tiny and CLIP ViT-B/32. Writes bench/results/onnx-gpu.md.
#
# Needs a Linux x64 machine with an NVIDIA GPU, the CUDA 13 runtime and cuDNN 9 on the library path (ONNX Runtime
# 1.32's GPU build loads libcudart.so.13, libcublasLt.so.13 and libcudnn.so.9 at run time), and the .NET 10 SDK.
#   bash bench/gpu/onnx-gpu.sh [DEVICE]
# CUDA libraries installed as Python wheels (nvidia-*-cu13) are found with:
#   export LD_LIBRARY_PATH=$(python3 -c 'import nvidia, os; print(":".join(os.path.join(p, d, "lib") for p in nvidia.__path__ for d in os.listdir(p)))'):$LD_LIBRARY_PATH
set -euo pipefail
cd "$(dirname "$0")/../.."
device=${1:-0}
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || { echo "onnx-gpu.sh: no NVIDIA GPU visible (nvidia-smi failed)" >&2; exit 1; }
# The GPU build swaps Microsoft.ML.OnnxRuntime for Microsoft.ML.OnnxRuntime.Gpu.Linux (build/OnnxRuntimeBackend.targets).
# It replaces the CPU build's outputs: build again without the switch afterwards to go back.
dotnet build bench/PriorClip.MLNet.Bench -c Release -p:PriorClipOnnxRuntime=gpu
dotnet run -c Release --no-build --project bench/PriorClip.MLNet.Bench -- onnx-gpu --device "$device" --output bench/results/onnx-gpu.md
