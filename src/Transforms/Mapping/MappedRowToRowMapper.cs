using Microsoft.ML;
using Microsoft.ML.Data;

namespace PriorClip.MLNet.Transforms.Mapping;

/// <summary>The <see cref="IRowToRowMapper"/> that <c>PredictionEngine</c> uses.</summary>
internal sealed class MappedRowToRowMapper : IRowToRowMapper
{
    private readonly ColumnMapper _mapper;

    internal MappedRowToRowMapper(ColumnMapper mapper) => _mapper = mapper;

    public DataViewSchema InputSchema => _mapper.InputSchema;
    public DataViewSchema OutputSchema => _mapper.OutputSchema;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        _mapper.InputColumnsFor(dependingColumns, out _);

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new MappedRow(_mapper, input, activeColumns);
}
