using Microsoft.ML;

namespace PriorClip.MLNet.Transforms.Mapping;

/// <summary>The lazy <see cref="IDataView"/> a PriorClip transformer's <c>Transform</c> returns.</summary>
internal sealed class MappedDataView : IDataView
{
    private readonly IDataView _source;
    private readonly ColumnMapper _mapper;

    internal MappedDataView(IDataView source, ColumnMapper mapper)
    {
        _source = source;
        _mapper = mapper;
    }

    public bool CanShuffle => _source.CanShuffle;
    public DataViewSchema Schema => _mapper.OutputSchema;
    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var inputs = _mapper.InputColumnsFor(columnsNeeded, out bool[] active);
        return new MappedCursor(_mapper, _source.GetRowCursor(inputs, rand), active);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        var inputs = _mapper.InputColumnsFor(columnsNeeded, out bool[] active);
        return _source.GetRowCursorSet(inputs, n, rand).Select(c => (DataViewRowCursor)new MappedCursor(_mapper, c, active)).ToArray();
    }
}
