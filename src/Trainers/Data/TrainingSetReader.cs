using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Transforms;

namespace PriorClip.MLNet.Trainers.Data;

/// <summary>Reads the trainer's input columns from an <see cref="IDataView"/> into a <see cref="TrainingSet"/>.</summary>
internal static class TrainingSetReader
{
    /// <summary>The column layout the reader checks and reads.</summary>
    internal sealed record Layout(string Pixels, string Tokens, string TokenMask, string ImageId, string? SceneClass,
                                  string? Instruction, int ImageSize, int InstructionWidth);

    /// <summary>
    /// Reads every row. Rows sharing an image id are captions of one image: its pixels are read
    /// from the first such row only (ML.NET computes a column only when it is read, so the image
    /// is decoded once). With <paramref name="sceneClasses"/> given (validation data), classes are
    /// mapped onto the training classes and unseen ones become −1.
    /// </summary>
    public static TrainingSet Read(IDataView data, Layout layout, IReadOnlyList<string>? sceneClasses, string dataName)
    {
        var schema = data.Schema;
        int pixelCount = 3 * layout.ImageSize * layout.ImageSize;
        var pixelsColumn = SchemaShapes.RequireVector(schema, Component, layout.Pixels, NumberDataViewType.Single, pixelCount,
            $"planar RGB 0–255 pixels of {layout.ImageSize}×{layout.ImageSize} images: ResizeImages to {layout.ImageSize}, then ExtractPixels");
        var tokensColumn = SchemaShapes.RequireVector(schema, Component, layout.Tokens, NumberDataViewType.Int32, null, "token ids from PriorClipTokenize");
        int tokenLength = ((VectorDataViewType)tokensColumn.Type).Size;
        var maskColumn = SchemaShapes.RequireVector(schema, Component, layout.TokenMask, NumberDataViewType.Single, tokenLength, $"token mask as long as '{layout.Tokens}'");
        var idColumn = RequireText(schema, layout.ImageId);
        DataViewSchema.Column? sceneColumn = layout.SceneClass is null ? null : RequireText(schema, layout.SceneClass);
        DataViewSchema.Column? instructionColumn = layout.Instruction is null ? null
            : SchemaShapes.RequireVector(schema, Component, layout.Instruction, NumberDataViewType.Single, layout.InstructionWidth, "visual prior vector");

        var classIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var classNames = new List<string>();
        bool fixedClasses = sceneClasses is not null;
        if (fixedClasses)
            for (int i = 0; i < sceneClasses!.Count; i++) { classIndex[sceneClasses[i]] = i; classNames.Add(sceneClasses[i]); }

        var rawScenes = new List<string>();
        var set = new TrainingSet(layout.ImageSize, tokenLength, layout.InstructionWidth, classNames);
        var imageIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var columns = new List<DataViewSchema.Column> { pixelsColumn, tokensColumn, maskColumn, idColumn };
        if (sceneColumn is { } sc) columns.Add(sc);
        if (instructionColumn is { } ic) columns.Add(ic);

        using var cursor = data.GetRowCursor(columns);
        var getPixels = cursor.GetGetter<VBuffer<float>>(pixelsColumn);
        var getTokens = cursor.GetGetter<VBuffer<int>>(tokensColumn);
        var getMask = cursor.GetGetter<VBuffer<float>>(maskColumn);
        var getId = cursor.GetGetter<ReadOnlyMemory<char>>(idColumn);
        var getScene = sceneColumn is { } s ? cursor.GetGetter<ReadOnlyMemory<char>>(s) : null;
        var getInstruction = instructionColumn is { } i2 ? cursor.GetGetter<VBuffer<float>>(i2) : null;
        VBuffer<float> pixels = default, mask = default, instruction = default;
        VBuffer<int> tokens = default;
        ReadOnlyMemory<char> id = default, scene = default;
        long row = -1;
        while (cursor.MoveNext())
        {
            row++;
            getId(ref id);
            string imageId = id.ToString();
            if (string.IsNullOrWhiteSpace(imageId))
                throw new InvalidDataException($"{dataName}, row {row}: column '{layout.ImageId}' is empty");
            string? sceneName = null;
            if (getScene is not null)
            {
                getScene(ref scene);
                sceneName = scene.ToString();
            }
            if (!imageIndex.TryGetValue(imageId, out int image))
            {
                image = set.ImageCount;
                imageIndex[imageId] = image;
                set.ImageIds.Add(imageId);
                getPixels(ref pixels);
                set.Pixels.Add(ToBytes(pixels, dataName, row, imageId, layout.Pixels));
                if (getInstruction is not null)
                {
                    getInstruction(ref instruction);
                    set.Instructions.Add(instruction.DenseValues().ToArray());
                }
                rawScenes.Add(sceneName ?? "");
                set.SceneOfImage.Add(sceneName is null ? -1 : ClassOf(sceneName));
            }
            else if (sceneName is not null && rawScenes[image] != sceneName)
            {
                throw new InvalidDataException(
                    $"{dataName}, row {row}: image '{imageId}' has scene class '{sceneName}' here but '{rawScenes[image]}' on an earlier row");
            }
            getTokens(ref tokens);
            getMask(ref mask);
            set.ImageOfCaption.Add(image);
            set.Tokens.Add(tokens.DenseValues().ToArray());
            set.Masks.Add(mask.DenseValues().ToArray());
        }
        if (set.CaptionCount == 0) throw new InvalidDataException($"{dataName} has no rows");
        return set;

        int ClassOf(string name)
        {
            if (classIndex.TryGetValue(name, out int c)) return c;
            if (fixedClasses) return -1;
            classIndex[name] = classNames.Count;
            classNames.Add(name);
            return classNames.Count - 1;
        }
    }

    static byte[] ToBytes(VBuffer<float> pixels, string dataName, long row, string imageId, string column)
    {
        var values = pixels.DenseValues();
        var bytes = new byte[pixels.Length];
        int i = 0;
        bool fractional = false;
        float max = 0;
        foreach (var v in values)
        {
            if (!(v >= -0.5f && v <= 255.5f))
                throw new InvalidDataException($"{dataName}, row {row} (image '{imageId}'): column '{column}' has value {v} at index {i}; expected 0–255 pixels as ExtractPixels writes them by default");
            fractional |= v != MathF.Round(v);
            max = Math.Max(max, v);
            bytes[i++] = (byte)Math.Clamp(MathF.Round(v), 0f, 255f);
        }
        if (fractional && max <= 1f)
            throw new InvalidDataException($"{dataName}, row {row} (image '{imageId}'): column '{column}' looks scaled to 0–1; the trainer expects 0–255 (ExtractPixels without scaleImage)");
        return bytes;
    }

    const string Component = "PriorClipTrainer";

    static DataViewSchema.Column RequireText(DataViewSchema schema, string name) =>
        SchemaShapes.RequireColumn(schema, Component, name, TextDataViewType.Instance, "String (text)");
}
