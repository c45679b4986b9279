using Microsoft.ML;
using Microsoft.ML.Data;

namespace PriorClip.MLNet.Transforms.Embedding;

/// <summary>
/// The lazy output of <c>PriorClipEncodeTransformer.Transform</c>: input columns pass
/// through, and the embedding columns are computed a batch of rows at a time. A second cursor
/// over the input runs ahead to gather each batch's encoder inputs; the first serves the
/// pass-through columns. Both see the same rows in the same order (cursors are not shuffled).
/// </summary>
internal sealed class BatchedEncodeDataView : IDataView
{
    readonly IDataView _input;
    readonly EncodeBinding _binding;
    readonly EncodeBatchComputer _computer;
    readonly int _batchSize;
    readonly int _firstOutput;
    readonly int _imageOutput, _textOutput;

    public BatchedEncodeDataView(IDataView input, EncodeBinding binding, IReadOnlyList<DataViewSchema.DetachedColumn> outputs,
                                 EncodeBatchComputer computer, int batchSize)
    {
        _input = input;
        _binding = binding;
        _computer = computer;
        _batchSize = batchSize;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input.Schema);
        builder.AddColumns(outputs);
        Schema = builder.ToSchema();
        _firstOutput = input.Schema.Count;
        _imageOutput = binding.Pixels is not null ? _firstOutput : -1;
        _textOutput = binding.Tokens is not null ? _firstOutput + (binding.Pixels is not null ? 1 : 0) : -1;
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        bool image = needed.Contains(_imageOutput);
        bool text = needed.Contains(_textOutput);
        var passThrough = needed.Where(i => i < _firstOutput).Select(i => _input.Schema[i]);
        var main = _input.GetRowCursor(passThrough);
        DataViewRowCursor? lead = null;
        if (image || text)
        {
            var leadColumns = new List<DataViewSchema.Column>();
            if (image) leadColumns.AddRange(new[] { _binding.Pixels, _binding.Instruction }.Where(c => c.HasValue).Select(c => c!.Value));
            if (text) leadColumns.AddRange(new[] { _binding.Tokens, _binding.TokenMask }.Where(c => c.HasValue).Select(c => c!.Value));
            lead = _input.GetRowCursor(leadColumns);
        }
        return new Cursor(this, main, lead, image, text, needed);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    sealed class Cursor : DataViewRowCursor
    {
        readonly BatchedEncodeDataView _view;
        readonly DataViewRowCursor _main;
        readonly DataViewRowCursor? _lead;
        readonly EncodeRowReader? _reader;
        readonly bool _image, _text;
        readonly HashSet<int> _active;
        readonly EncodeBatch _batch = new();
        float[] _images = [], _texts = [];
        long _cacheStart, _cacheCount;
        long _position = -1;

        public Cursor(BatchedEncodeDataView view, DataViewRowCursor main, DataViewRowCursor? lead, bool image, bool text, HashSet<int> active)
        {
            _view = view;
            _main = main;
            _lead = lead;
            _image = image;
            _text = text;
            _active = active;
            if (lead is not null) _reader = new EncodeRowReader(lead, view._binding, image, text);
        }

        public override DataViewSchema Schema => _view.Schema;
        public override long Position => _position;
        public override long Batch => _main.Batch;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() => _main.GetIdGetter();

        public override bool MoveNext()
        {
            if (!_main.MoveNext()) return false;
            _position++;
            if (_lead is not null && _position >= _cacheStart + _cacheCount) Fill();
            return true;
        }

        void Fill()
        {
            _batch.Clear();
            _cacheStart = _position;
            int rows = 0;
            while (rows < _view._batchSize && _lead!.MoveNext())
            {
                _reader!.ReadInto(_batch);
                rows++;
            }
            if (rows == 0)
                throw new InvalidOperationException($"{PriorClipEncodeTransformer.Kind}: the input yielded fewer rows to the encoder than to the pass-through cursor.");
            _cacheCount = rows;
            if (_image) _images = _view._computer.Images(_batch);
            if (_text) _texts = _view._computer.Texts(_batch, _view._binding.TokenLength);
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
                throw new InvalidOperationException($"column '{column.Name}' was not requested from this cursor");
            if (column.Index < _view._firstOutput) return _main.GetGetter<TValue>(_view._input.Schema[column.Index]);
            var source = column.Index == _view._imageOutput ? (Func<float[]>)(() => _images) : () => _texts;
            int d = _view._computer.Dimension;
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> destination) =>
            {
                var editor = VBufferEditor.Create(ref destination, d);
                source().AsSpan((int)(_position - _cacheStart) * d, d).CopyTo(editor.Values);
                destination = editor.Commit();
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}; requested as {typeof(TValue).Name}");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _main.Dispose();
                _lead?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
