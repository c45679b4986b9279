using Microsoft.ML;
using Microsoft.ML.Data;

namespace PriorClip.MLNet.Transforms.Mapping;

/// <summary>A cursor over a <see cref="MappedDataView"/>: moves the input cursor, maps lazily.</summary>
internal sealed class MappedCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor _input;
    private readonly Delegate?[] _getters;
    private readonly int _firstComputed;

    internal MappedCursor(ColumnMapper mapper, DataViewRowCursor input, bool[] activeComputed)
    {
        _input = input;
        Schema = mapper.OutputSchema;
        _firstComputed = Schema.Count - mapper.OutputCount;
        // With no computed column requested, the mapper's inputs may be inactive: create no getters at all.
        _getters = activeComputed.Any(a => a) ? mapper.CreateGetters(input, i => activeComputed[i]) : new Delegate?[mapper.OutputCount];
    }

    public override DataViewSchema Schema { get; }
    public override long Position => _input.Position;
    public override long Batch => _input.Batch;
    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();
    public override bool MoveNext() => _input.MoveNext();

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
