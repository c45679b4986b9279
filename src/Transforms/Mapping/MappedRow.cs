using Microsoft.ML;
using Microsoft.ML.Data;

namespace PriorClip.MLNet.Transforms.Mapping;

/// <summary>
/// A row (or, through <see cref="MappedCursor"/>, a cursor) of a <see cref="ColumnMapper"/>'s output:
/// input columns pass through, computed columns come from the mapper's getters.
/// </summary>
internal sealed class MappedRow : DataViewRow
{
    private readonly DataViewRow _input;
    private readonly Delegate?[] _getters;
    private readonly int _firstComputed;

    internal MappedRow(ColumnMapper mapper, DataViewRow input, IEnumerable<DataViewSchema.Column> active)
    {
        _input = input;
        Schema = mapper.OutputSchema;
        _firstComputed = Schema.Count - mapper.OutputCount;
        mapper.InputColumnsFor(active, out bool[] activeComputed);
        _getters = mapper.CreateGetters(input, i => activeComputed[i]);
    }

    public override DataViewSchema Schema { get; }
    public override long Position => _input.Position;
    public override long Batch => _input.Batch;
    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index >= _firstComputed ? _getters[column.Index - _firstComputed] is not null : _input.IsColumnActive(_input.Schema[column.Index]);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
        MappedGetters.Get<TValue>(column, _firstComputed, _getters, _input);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _input.Dispose();
        base.Dispose(disposing);
    }
}
