using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Transforms.Mapping;

namespace PriorClip.MLNet.Transforms.Images;

/// <summary>Applies <c>(x·scale − mean[c]) / std[c]</c> plane by plane to a planar pixel vector.</summary>
internal sealed class ClipPixelNormalizerMapper : ColumnMapper
{
    private readonly DataViewSchema.Column _input;
    private readonly ClipPixelNormalizingTransformer.Config _config;
    private readonly int _size;

    private ClipPixelNormalizerMapper(DataViewSchema schema, DataViewSchema.Column input, ClipPixelNormalizingTransformer.Config config, VectorDataViewType type)
        : base(schema, [new DataViewSchema.DetachedColumn(config.OutputColumnName, type)])
    {
        _input = input;
        _config = config;
        _size = type.Size;
    }

    internal static ClipPixelNormalizerMapper Create(DataViewSchema schema, ClipPixelNormalizingTransformer.Config config)
    {
        string kind = ClipPixelNormalizingTransformer.Kind;
        string expected = ExpectedDescription(config.Mean.Length);
        var input = schema.GetColumnOrNull(config.InputColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(schema),
                $"{kind}: input column '{config.InputColumnName}' not found; expected a {expected} column. Columns present: {string.Join(", ", schema.Select(c => c.Name))}.");
        if (input.Type is not VectorDataViewType { ItemType: var item, IsKnownSize: true } vector || item != NumberDataViewType.Single
            || vector.Size % config.Mean.Length != 0)
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"{kind}: input column '{input.Name}' has type {input.Type}, but a {expected} column is required (e.g. the output of ExtractPixels).");
        // Keep the input's dimensions (ExtractPixels reports [C, H, W]) so downstream reshapes still work.
        return new ClipPixelNormalizerMapper(schema, input, config, new VectorDataViewType(NumberDataViewType.Single, vector.Dimensions));
    }

    internal static string ExpectedDescription(int channels) =>
        $"known-size Vector<Single> of planar pixels ({channels}·H·W values)";

    internal override IEnumerable<DataViewSchema.Column> Dependencies => [_input];

    internal override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isOutputActive)
    {
        if (!isOutputActive(0)) return [null];
        var getter = input.GetGetter<VBuffer<float>>(_input);
        int channels = _config.Mean.Length, plane = _size / channels;
        float scale = _config.InputRange == ClipPixelInputRange.Bytes ? 1f / 255f : 1f;
        // Precompute per-channel a·x + b with a = scale/std, b = −mean/std.
        var a = new float[channels];
        var b = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            a[c] = scale / _config.Std[c];
            b[c] = -_config.Mean[c] / _config.Std[c];
        }
        VBuffer<float> src = default;
        ValueGetter<VBuffer<float>> result = (ref VBuffer<float> dst) =>
        {
            getter(ref src);
            var editor = VBufferEditor.Create(ref dst, _size);
            var values = editor.Values;
            values.Clear();
            // ExtractPixels may hand back a sparse buffer (all-zero pixels are implicit).
            var srcValues = src.GetValues();
            if (src.IsDense)
                srcValues.CopyTo(values);
            else
            {
                var indices = src.GetIndices();
                for (int i = 0; i < indices.Length; i++)
                    values[indices[i]] = srcValues[i];
            }
            for (int c = 0; c < channels; c++)
            {
                var span = values.Slice(c * plane, plane);
                for (int i = 0; i < span.Length; i++)
                    span[i] = a[c] * span[i] + b[c];
            }
            dst = editor.Commit();
        };
        return [result];
    }
}
