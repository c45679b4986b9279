using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Transforms.Mapping;

namespace PriorClip.MLNet.Transforms.Embedding;

/// <summary>Row-at-a-time encoding, for <c>PredictionEngine</c> (data views use <see cref="BatchedEncodeDataView"/>).</summary>
internal sealed class EncodeRowMapper : ColumnMapper
{
    readonly EncodeBinding _binding;
    readonly EncodeBatchComputer _computer;

    public EncodeRowMapper(DataViewSchema schema, EncodeBinding binding, IReadOnlyList<DataViewSchema.DetachedColumn> outputs, EncodeBatchComputer computer)
        : base(schema, outputs)
    {
        _binding = binding;
        _computer = computer;
    }

    internal override IEnumerable<DataViewSchema.Column> Dependencies => _binding.Dependencies;

    internal override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isOutputActive)
    {
        var getters = new Delegate?[OutputCount];
        int slot = 0;
        if (_binding.Pixels is not null)
        {
            var reader = new EncodeRowReader(input, _binding, image: true, text: false);
            getters[slot] = isOutputActive(slot) ? CachedGetter(input, batch => { reader.ReadInto(batch); return _computer.Images(batch); }) : null;
            slot++;
        }
        if (_binding.Tokens is not null)
        {
            var reader = new EncodeRowReader(input, _binding, image: false, text: true);
            getters[slot] = isOutputActive(slot) ? CachedGetter(input, batch => { reader.ReadInto(batch); return _computer.Texts(batch, _binding.TokenLength); }) : null;
        }
        return getters;
    }

    ValueGetter<VBuffer<float>> CachedGetter(DataViewRow input, Func<EncodeBatch, float[]> encode)
    {
        var batch = new EncodeBatch();
        float[] embedding = [];
        long cachedPosition = -1;
        return (ref VBuffer<float> destination) =>
        {
            if (cachedPosition != input.Position)
            {
                batch.Clear();
                embedding = encode(batch);
                cachedPosition = input.Position;
            }
            var editor = VBufferEditor.Create(ref destination, embedding.Length);
            embedding.CopyTo(editor.Values);
            destination = editor.Commit();
        };
    }
}
