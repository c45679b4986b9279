using Microsoft.ML;
using Microsoft.ML.Data;

namespace PriorClip.MLNet.Transforms.Embedding;

/// <summary>Reads one row's encoder inputs (pixels, prior, tokens, mask) through cached getters.</summary>
internal sealed class EncodeRowReader
{
    readonly ValueGetter<VBuffer<float>>? _pixels, _instruction, _mask;
    readonly ValueGetter<VBuffer<int>>? _tokens;
    VBuffer<float> _pixelBuffer, _instructionBuffer, _maskBuffer;
    VBuffer<int> _tokenBuffer;

    public EncodeRowReader(DataViewRow row, EncodeBinding binding, bool image, bool text)
    {
        if (image && binding.Pixels is { } p)
        {
            _pixels = row.GetGetter<VBuffer<float>>(p);
            if (binding.Instruction is { } i) _instruction = row.GetGetter<VBuffer<float>>(i);
        }
        if (text && binding.Tokens is { } t)
        {
            _tokens = row.GetGetter<VBuffer<int>>(t);
            _mask = row.GetGetter<VBuffer<float>>(binding.TokenMask!.Value);
        }
    }

    /// <summary>Appends the current row's inputs to <paramref name="batch"/>.</summary>
    public void ReadInto(EncodeBatch batch)
    {
        if (_pixels is not null)
        {
            _pixels(ref _pixelBuffer);
            batch.Pixels.Add(_pixelBuffer.DenseValues().ToArray());
            if (_instruction is not null)
            {
                _instruction(ref _instructionBuffer);
                batch.Instructions.Add(_instructionBuffer.DenseValues().ToArray());
            }
        }
        if (_tokens is not null)
        {
            _tokens(ref _tokenBuffer);
            _mask!(ref _maskBuffer);
            batch.Tokens.Add(_tokenBuffer.DenseValues().ToArray());
            batch.Masks.Add(_maskBuffer.DenseValues().ToArray());
        }
    }
}

/// <summary>Inputs of consecutive rows, gathered to be encoded together.</summary>
internal sealed class EncodeBatch
{
    public List<float[]> Pixels { get; } = new();
    public List<float[]> Instructions { get; } = new();
    public List<int[]> Tokens { get; } = new();
    public List<float[]> Masks { get; } = new();

    public void Clear()
    {
        Pixels.Clear();
        Instructions.Clear();
        Tokens.Clear();
        Masks.Clear();
    }
}
