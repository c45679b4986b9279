using Microsoft.ML;
using Microsoft.ML.Data;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>
/// Reads one-row-per-caption data (image embedding, text embedding, image id, optional scene
/// class) into a validated <see cref="RetrievalInput"/>. Images are de-duplicated by id in
/// first-seen order; captions keep row order.
/// </summary>
internal static class DataViewRetrievalInputReader
{
    /// <summary>
    /// Two rows of one image may carry embeddings computed in different batches (bitwise different
    /// on some devices); a larger difference after normalisation means the id column is wrong.
    /// </summary>
    private const double SameImageTolerance = 1e-3;

    public static RetrievalInput Read(IDataView data, RetrievalEvaluatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        DataViewSchema schema = data.Schema;
        DataViewSchema.Column imageColumn = RequireFloatVector(schema, options.ImageEmbeddingColumnName, "image embedding");
        DataViewSchema.Column textColumn = RequireFloatVector(schema, options.TextEmbeddingColumnName, "text embedding");
        DataViewSchema.Column idColumn = RequireColumn(schema, options.ImageIdColumnName, "image id");
        ImageIdReader.RequireSupported(idColumn);
        DataViewSchema.Column? classColumn = null;
        if (options.SceneClassColumnName is { } className)
        {
            classColumn = RequireColumn(schema, className, "scene class");
            if (classColumn.Value.Type is not TextDataViewType)
                throw new ArgumentOutOfRangeException(nameof(data),
                    $"Column '{className}' is the scene class column and must be Text; found {classColumn.Value.Type}.");
        }
        int dimension = KnownDimension(imageColumn, textColumn);

        var columns = new List<DataViewSchema.Column> { imageColumn, textColumn, idColumn };
        if (classColumn is { } c)
            columns.Add(c);
        using DataViewRowCursor cursor = data.GetRowCursor(columns);
        var imageGetter = cursor.GetGetter<VBuffer<float>>(imageColumn);
        var textGetter = cursor.GetGetter<VBuffer<float>>(textColumn);
        Func<string?> readId = ImageIdReader.Create(cursor, idColumn);
        ValueGetter<ReadOnlyMemory<char>>? classGetter = classColumn is { } cc ? cursor.GetGetter<ReadOnlyMemory<char>>(cc) : null;

        var imageIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var imageIds = new List<string>();
        var imageFirstRow = new List<long>();
        var imageEmbeddings = new List<float[]>();
        var imageClasses = new List<string>();
        var textValues = new List<float>();
        var captionToImage = new List<int>();
        VBuffer<float> imageBuffer = default, textBuffer = default;
        ReadOnlyMemory<char> classValue = default;
        float[] imageDense = [], textDense = [];
        long row = -1;
        while (cursor.MoveNext())
        {
            row++;
            string id = readId() ?? throw new ArgumentException(
                $"Row {row}: column '{idColumn.Name}' holds a missing key value; every caption needs the id of its image.");
            imageGetter(ref imageBuffer);
            textGetter(ref textBuffer);
            if (dimension < 0)
                dimension = imageBuffer.Length;
            imageDense = Densify(imageBuffer, imageColumn.Name, row, dimension, imageDense);
            textDense = Densify(textBuffer, textColumn.Name, row, dimension, textDense);
            EmbeddingValidation.RequireFinite(imageDense, $"Row {row}: column '{imageColumn.Name}'");
            EmbeddingValidation.RequireFinite(textDense, $"Row {row}: column '{textColumn.Name}'");
            string? sceneClass = null;
            if (classGetter is not null)
            {
                classGetter(ref classValue);
                sceneClass = classValue.ToString();
            }

            if (imageIndex.TryGetValue(id, out int image))
            {
                RequireSameImage(imageEmbeddings[image], imageDense, id, imageFirstRow[image], row, imageColumn.Name);
                if (sceneClass is not null && sceneClass != imageClasses[image])
                    throw new ArgumentException(
                        $"Rows {imageFirstRow[image]} and {row} have the same {idColumn.Name} '{id}' but different {classColumn!.Value.Name} ('{imageClasses[image]}' and '{sceneClass}'); an image has one scene class.");
            }
            else
            {
                image = imageIds.Count;
                imageIndex.Add(id, image);
                imageIds.Add(id);
                imageFirstRow.Add(row);
                imageEmbeddings.Add(imageDense.ToArray());
                imageClasses.Add(sceneClass ?? "");
            }
            captionToImage.Add(image);
            textValues.AddRange(textDense);
        }
        if (row < 0)
            throw new ArgumentException("The data has no rows; retrieval evaluation needs at least one caption with its image.", nameof(data));

        bool normalize = !options.EmbeddingsAreNormalized;
        var images = ScoringMatrix.Create(imageEmbeddings.Count, dimension, i => imageEmbeddings[i], normalize,
            i => $"Row {imageFirstRow[i]}: column '{imageColumn.Name}'");
        float[] texts = textValues.ToArray();
        var captions = ScoringMatrix.Create(captionToImage.Count, dimension, j => texts.AsSpan(j * dimension, dimension), normalize,
            j => $"Row {j}: column '{textColumn.Name}'");
        return RetrievalInputBuilder.Assemble(images, captions, captionToImage.ToArray(), imageIds.ToArray(),
            classColumn is null ? null : imageClasses.ToArray());
    }

    private static DataViewSchema.Column RequireColumn(DataViewSchema schema, string name, string role)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException("data",
            $"The {role} column '{name}' is not in the data; its columns are: {string.Join(", ", schema.Select(c => $"'{c.Name}'"))}.");
    }

    private static DataViewSchema.Column RequireFloatVector(DataViewSchema schema, string name, string role)
    {
        DataViewSchema.Column column = RequireColumn(schema, name, role);
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType item } || item.RawType != typeof(float))
            throw new ArgumentOutOfRangeException("data",
                $"Column '{name}' is the {role} column and must be a vector of Single (known or unknown size); found {column.Type}.");
        return column;
    }

    /// <summary>The dimension both vector columns declare, or -1 when it is only known from the rows.</summary>
    private static int KnownDimension(DataViewSchema.Column image, DataViewSchema.Column text)
    {
        int imageSize = ((VectorDataViewType)image.Type).Size;
        int textSize = ((VectorDataViewType)text.Type).Size;
        if (imageSize > 0 && textSize > 0 && imageSize != textSize)
            throw new ArgumentOutOfRangeException("data",
                $"Column '{image.Name}' has {imageSize} values per row but column '{text.Name}' has {textSize}; image and text embeddings must have the same dimension.");
        return imageSize > 0 ? imageSize : textSize > 0 ? textSize : -1;
    }

    private static float[] Densify(VBuffer<float> buffer, string column, long row, int dimension, float[] reuse)
    {
        if (buffer.Length != dimension)
            throw new ArgumentException(
                $"Row {row}: column '{column}' has {buffer.Length} values but {dimension} are expected (the embedding dimension set by the schema or the first row); image and text embeddings must all have the same dimension.");
        if (dimension == 0)
            throw new ArgumentException($"Row {row}: column '{column}' is empty; embeddings need at least one value.");
        float[] dense = reuse.Length == dimension ? reuse : new float[dimension];
        buffer.CopyTo(dense);
        return dense;
    }

    private static void RequireSameImage(float[] first, float[] current, string id, long firstRow, long row, string column)
    {
        double firstNorm = Norm(first), currentNorm = Norm(current);
        double maxDifference = 0;
        for (int k = 0; k < first.Length; k++)
        {
            double a = firstNorm == 0 ? first[k] : first[k] / firstNorm;
            double b = currentNorm == 0 ? current[k] : current[k] / currentNorm;
            maxDifference = Math.Max(maxDifference, Math.Abs(a - b));
        }
        if (maxDifference > SameImageTolerance)
            throw new ArgumentException(
                $"Rows {firstRow} and {row} have the same image id '{id}' but different '{column}' values (max difference {maxDifference:G3} after L2 normalisation); rows of one image must carry that image's embedding.");
    }

    private static double Norm(float[] values)
    {
        double sum = 0;
        foreach (float v in values)
            sum += (double)v * v;
        return Math.Sqrt(sum);
    }
}
