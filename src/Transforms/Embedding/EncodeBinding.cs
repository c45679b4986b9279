using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Modeling;

namespace PriorClip.MLNet.Transforms.Embedding;

/// <summary>
/// Which encoders apply to an input schema: the image side when the pixels column is present,
/// the text side when the tokens column is present (so image-only and text-only data both
/// work). Present columns are checked for type and size, with messages naming the column.
/// </summary>
internal sealed class EncodeBinding
{
    public DataViewSchema.Column? Pixels { get; private init; }
    public DataViewSchema.Column? Instruction { get; private init; }
    public DataViewSchema.Column? Tokens { get; private init; }
    public DataViewSchema.Column? TokenMask { get; private init; }
    public int TokenLength { get; private init; }

    public static EncodeBinding Bind(DataViewSchema schema, PriorClipEncodeOptions options, PriorClipModel model)
    {
        const string kind = PriorClipEncodeTransformer.Kind;
        int size = model.ImageSize;
        var pixels = schema.GetColumnOrNull(options.PixelsColumnName);
        var tokens = schema.GetColumnOrNull(options.TokensColumnName);
        if (pixels is null && tokens is null)
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"{kind}: neither the pixels column '{options.PixelsColumnName}' (Vector<Single, {3 * size * size}>) nor the tokens column " +
                $"'{options.TokensColumnName}' (Vector<Int32>) is present. Columns present: {string.Join(", ", schema.Select(c => c.Name))}.");

        DataViewSchema.Column? instruction = null, mask = null;
        int tokenLength = 0;
        if (pixels is { } p)
        {
            SchemaShapes.RequireVector(schema, kind, p.Name, NumberDataViewType.Single, 3 * size * size,
                $"planar RGB 0–255 pixels of {size}×{size} images: ResizeImages to {size}, then ExtractPixels");
            if (model.RequiresExternalInstruction)
            {
                // Any shape of that many values: an ONNX classifier's output keeps its batch axis ([1, F]).
                instruction = SchemaShapes.RequireVector(schema, kind, options.InstructionColumnName,
                    NumberDataViewType.Single, model.InstructionWidth, "visual prior");
            }
        }
        if (tokens is { } t)
        {
            SchemaShapes.RequireVector(schema, kind, t.Name, NumberDataViewType.Int32, null, "token ids from PriorClipTokenize");
            tokenLength = ((VectorDataViewType)t.Type).Size;
            if (tokenLength > model.ContextLength)
                throw new ArgumentOutOfRangeException(nameof(schema),
                    $"{kind}: input column '{t.Name}' has {tokenLength} tokens per row, more than the model's context length {model.ContextLength}.");
            mask = SchemaShapes.RequireColumn(schema, kind, options.TokenMaskColumnName,
                new VectorDataViewType(NumberDataViewType.Single, tokenLength), $"Vector<Single, {tokenLength}> token mask");
        }
        return new EncodeBinding { Pixels = pixels, Instruction = instruction, Tokens = tokens, TokenMask = mask, TokenLength = tokenLength };
    }

    /// <summary>The output columns this binding produces.</summary>
    public IReadOnlyList<DataViewSchema.DetachedColumn> Outputs(PriorClipEncodeOptions options, int embedDim)
    {
        var outputs = new List<DataViewSchema.DetachedColumn>();
        var type = new VectorDataViewType(NumberDataViewType.Single, embedDim);
        if (Pixels is not null) outputs.Add(new(options.ImageEmbeddingColumnName, type));
        if (Tokens is not null) outputs.Add(new(options.TextEmbeddingColumnName, type));
        return outputs;
    }

    /// <summary>Input columns the encoders read.</summary>
    public IEnumerable<DataViewSchema.Column> Dependencies =>
        new[] { Pixels, Instruction, Tokens, TokenMask }.Where(c => c.HasValue).Select(c => c!.Value);
}
