using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Transforms.Mapping;
using PriorClip.MLNet.Transforms.Persistence;

namespace PriorClip.MLNet.Transforms;

/// <summary>
/// Base of every PriorClip transformer: row-to-row mapping that composes with ML.NET's own transforms and
/// works in <c>PredictionEngine</c>, and persistence through the standard
/// <c>mlContext.Model.Save</c>/<c>Load</c> (see <see cref="PriorClipTransformersRegistration"/>).
/// </summary>
/// <remarks>
/// Each component writes a format header (magic, format version, component kind), a JSON config and
/// named binary blobs into its directory of the model .zip; nothing is kept outside the file.
/// </remarks>
public abstract class PriorClipTransformerBase : ITransformer
{
    // Only this assembly derives: the persistence contract (component registry, loaders) lives here.
    private protected PriorClipTransformerBase() { }

    /// <summary>Always true: each output row depends on one input row only.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The input schema plus this transformer's output columns; throws if input columns are missing or mistyped.</summary>
    /// <param name="inputSchema">The schema of the data to transform.</param>
    /// <returns>The schema <see cref="Transform"/> would produce.</returns>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => MakeMapper(Checked(inputSchema)).OutputSchema;

    /// <summary>A row-to-row mapper for <paramref name="inputSchema"/> (used by <c>PredictionEngine</c>).</summary>
    /// <param name="inputSchema">The schema of the rows to map.</param>
    /// <returns>The mapper.</returns>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new MappedRowToRowMapper(MakeMapper(Checked(inputSchema)));

    /// <summary>Lazily appends this transformer's output columns to <paramref name="input"/>.</summary>
    /// <param name="input">The data to transform.</param>
    /// <returns>A view computing the output columns on demand.</returns>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return TransformCore(input);
    }

    /// <summary>The lazy view <see cref="Transform"/> returns; a transformer that batches rows overrides it.</summary>
    private protected virtual IDataView TransformCore(IDataView input) => new MappedDataView(input, MakeMapper(input.Schema));

    void ICanSaveModel.Save(ModelSaveContext ctx) => PriorClipModelWriter.Save(ctx, Component, SaveCore);

    /// <summary>The component kind, signatures and loader of the concrete transformer.</summary>
    internal abstract PriorClipComponentInfo Component { get; }

    /// <summary>Writes the config (<see cref="PriorClipModelWriter.SetConfig{T}"/>) and blobs.</summary>
    private protected abstract void SaveCore(PriorClipModelWriter writer);

    /// <summary>Validates <paramref name="inputSchema"/> and builds the column mapper for it.</summary>
    private protected abstract ColumnMapper MakeMapper(DataViewSchema inputSchema);

    private static DataViewSchema Checked(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return inputSchema;
    }
}
