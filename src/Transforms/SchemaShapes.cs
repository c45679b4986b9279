using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Transforms.Persistence;

namespace PriorClip.MLNet.Transforms;

/// <summary>
/// Helpers for estimators' <c>GetOutputSchema(SchemaShape)</c>: checking input columns with messages that
/// name the column and the expected type, and appending output columns (whose
/// <see cref="SchemaShape.Column"/> constructor ML.NET keeps internal).
/// </summary>
internal static class SchemaShapes
{
    /// <summary>Finds <paramref name="name"/> or throws naming the component, the column and the expected type.</summary>
    internal static SchemaShape.Column Require(SchemaShape input, string component, string name, string expected)
    {
        foreach (var c in input)
            if (c.Name == name)
                return c;
        throw new ArgumentOutOfRangeException(nameof(input),
            $"{component}: input column '{name}' not found; expected a {expected} column. Columns present: {string.Join(", ", input.Select(c => c.Name))}.");
    }

    /// <summary>Human-readable shape, e.g. "Vector&lt;Single&gt;" or "String".</summary>
    internal static string Describe(SchemaShape.Column c)
    {
        string item = c.IsKey ? $"Key<{c.ItemType}>" : c.ItemType?.ToString() ?? "?";
        return c.Kind switch
        {
            SchemaShape.Column.VectorKind.Scalar => item,
            SchemaShape.Column.VectorKind.Vector => $"Vector<{item}> (fixed size)",
            _ => $"Vector<{item}> (variable size)",
        };
    }

    /// <summary>
    /// <paramref name="input"/> with <paramref name="outputs"/> appended (replacing same-named columns), built
    /// through ML.NET's internal <c>SchemaShape.Create(DataViewSchema)</c> so the shapes are exactly what
    /// the transformer's schema will produce.
    /// </summary>
    internal static SchemaShape Append(SchemaShape input, IEnumerable<DataViewSchema.DetachedColumn> outputs)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(outputs);
        var outputShape = FromSchema(builder.ToSchema());
        var names = outputShape.Select(c => c.Name).ToHashSet();
        return new SchemaShape(input.Where(c => !names.Contains(c.Name)).Concat(outputShape));
    }

    /// <summary>The shape of a concrete schema (ML.NET's internal <c>SchemaShape.Create</c>).</summary>
    internal static SchemaShape FromSchema(DataViewSchema schema) =>
        (SchemaShape)MlNetInternals.Invoke(MlNetInternals.Api.SchemaShapeCreate, null, schema)!;

    /// <summary>Returns column <paramref name="name"/>; throws naming it if it is missing or not of <paramref name="type"/>.</summary>
    internal static DataViewSchema.Column RequireColumn(DataViewSchema schema, string component, string name, DataViewType type, string expected)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema),
                $"{component}: input column '{name}' not found; expected a {expected} column. Columns present: {string.Join(", ", schema.Select(c => c.Name))}.");
        if (!column.Type.Equals(type))
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"{component}: input column '{name}' has type {column.Type}, but a {expected} column is required.");
        return column;
    }

    /// <summary>
    /// Returns column <paramref name="name"/>, a known-size vector of <paramref name="itemType"/> (of exactly
    /// <paramref name="size"/> items when given); throws naming the column, its type and the expected one.
    /// </summary>
    internal static DataViewSchema.Column RequireVector(DataViewSchema schema, string component, string name,
        PrimitiveDataViewType itemType, int? size, string meaning)
    {
        string expected = (size is null ? $"Vector<{itemType}> of known size" : $"Vector<{itemType}, {size}>") + $" ({meaning})";
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(nameof(schema),
                $"{component}: input column '{name}' not found; expected a {expected} column. Columns present: {string.Join(", ", schema.Select(c => c.Name))}.");
        if (column.Type is VectorDataViewType v && v.ItemType.Equals(itemType) && v.IsKnownSize && (size is null || v.Size == size))
            return column;
        throw new ArgumentOutOfRangeException(nameof(schema),
            $"{component}: input column '{name}' has type {column.Type}, but a {expected} column is required.");
    }
}
