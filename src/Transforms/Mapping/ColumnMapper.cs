using Microsoft.ML;
using Microsoft.ML.Data;

namespace PriorClip.MLNet.Transforms.Mapping;

/// <summary>
/// Appends computed columns to an input schema, row by row. A transformer builds one per input schema
/// (its constructor validates the input columns); <see cref="MappedDataView"/> and
/// <see cref="MappedRowToRowMapper"/> do the ML.NET plumbing around it.
/// </summary>
internal abstract class ColumnMapper
{
    protected ColumnMapper(DataViewSchema inputSchema, IReadOnlyList<DataViewSchema.DetachedColumn> outputs)
    {
        InputSchema = inputSchema;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumns(outputs);
        OutputSchema = builder.ToSchema();
        OutputCount = outputs.Count;
    }

    /// <summary>The schema the mapper was built for.</summary>
    internal DataViewSchema InputSchema { get; }

    /// <summary>Input columns followed by the computed ones (a computed column hides an input of the same name).</summary>
    internal DataViewSchema OutputSchema { get; }

    /// <summary>Number of computed columns; they occupy the last indices of <see cref="OutputSchema"/>.</summary>
    internal int OutputCount { get; }

    /// <summary>Input columns the computed columns read.</summary>
    internal abstract IEnumerable<DataViewSchema.Column> Dependencies { get; }

    /// <summary>
    /// Creates one getter per computed column (null where inactive). <paramref name="input"/> has at least
    /// <see cref="Dependencies"/> active.
    /// </summary>
    internal abstract Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isOutputActive);

    /// <summary>Input columns needed to serve the given active output columns.</summary>
    internal IEnumerable<DataViewSchema.Column> InputColumnsFor(IEnumerable<DataViewSchema.Column> activeOutputs, out bool[] activeComputed)
    {
        int firstComputed = OutputSchema.Count - OutputCount;
        var inputs = new HashSet<int>();
        activeComputed = new bool[OutputCount];
        foreach (var c in activeOutputs)
        {
            if (c.Index >= firstComputed)
                activeComputed[c.Index - firstComputed] = true;
            else
                inputs.Add(c.Index);
        }
        if (activeComputed.Any(a => a))
            foreach (var d in Dependencies)
                inputs.Add(d.Index);
        return inputs.Select(i => InputSchema[i]).ToArray();
    }
}
