using Microsoft.ML;
using Microsoft.ML.Data;
using PriorClip.MLNet.Transforms.Mapping;

namespace PriorClip.MLNet.Transforms.ZeroShot;

/// <summary>Image embedding → class probabilities and the best class, from the class embedding matrix.</summary>
internal sealed class ZeroShotMapper : ColumnMapper
{
    readonly DataViewSchema.Column _input;
    readonly float[] _classes;   // [K, D] row-major, each row unit length
    readonly int _classCount, _dimension;
    readonly float _scale;

    ZeroShotMapper(DataViewSchema schema, DataViewSchema.Column input, IReadOnlyList<DataViewSchema.DetachedColumn> outputs, float[] classes, int k, int d, float scale)
        : base(schema, outputs)
    {
        _input = input;
        _classes = classes;
        _classCount = k;
        _dimension = d;
        _scale = scale;
    }

    internal static ZeroShotMapper Create(DataViewSchema schema, PriorClipZeroShotTransformer.Config config, float[] classes)
    {
        int k = config.ClassNames.Length, d = classes.Length / k;
        var input = SchemaShapes.RequireVector(schema, PriorClipZeroShotTransformer.Kind, config.ImageEmbeddingColumnName, NumberDataViewType.Single, d, "image embeddings");
        return new ZeroShotMapper(schema, input, OutputColumns(config), classes, k, d, config.LogitScale);
    }

    internal static DataViewSchema.DetachedColumn[] OutputColumns(PriorClipZeroShotTransformer.Config config)
    {
        int k = config.ClassNames.Length;
        var names = new VBuffer<ReadOnlyMemory<char>>(k, config.ClassNames.Select(n => n.AsMemory()).ToArray());
        var keyValues = new DataViewSchema.Annotations.Builder();
        var namesType = new VectorDataViewType(TextDataViewType.Instance, k);
        // The annotation kinds ML.NET's MapKeyToValue and the evaluators read ("KeyValues", "SlotNames").
        keyValues.Add("KeyValues", namesType, (ref VBuffer<ReadOnlyMemory<char>> v) => names.CopyTo(ref v));
        var slotNames = new DataViewSchema.Annotations.Builder();
        slotNames.Add("SlotNames", namesType, (ref VBuffer<ReadOnlyMemory<char>> v) => names.CopyTo(ref v));
        return
        [
            new(config.PredictedLabelColumnName, new KeyDataViewType(typeof(uint), k), keyValues.ToAnnotations()),
            new(config.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, k), slotNames.ToAnnotations()),
        ];
    }

    internal override IEnumerable<DataViewSchema.Column> Dependencies => [_input];

    internal override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isOutputActive)
    {
        var embeddingGetter = input.GetGetter<VBuffer<float>>(_input);
        var embedding = default(VBuffer<float>);
        var probabilities = new float[_classCount];
        long cachedPosition = -1;
        uint best = 0;

        void Ensure()
        {
            if (cachedPosition == input.Position) return;
            embeddingGetter(ref embedding);
            var x = embedding.DenseValues().ToArray();
            float max = float.NegativeInfinity;
            for (int c = 0; c < _classCount; c++)
            {
                double dot = 0;
                for (int j = 0; j < _dimension; j++) dot += (double)_classes[c * _dimension + j] * x[j];
                probabilities[c] = (float)(_scale * dot);
                if (!float.IsFinite(probabilities[c]))
                    throw new InvalidOperationException($"{PriorClipZeroShotTransformer.Kind}: row {input.Position} of column '{_input.Name}' is not finite.");
                if (probabilities[c] > max) { max = probabilities[c]; best = (uint)c + 1; }   // first maximum wins ties
            }
            double sum = 0;
            for (int c = 0; c < _classCount; c++) sum += probabilities[c] = MathF.Exp(probabilities[c] - max);
            for (int c = 0; c < _classCount; c++) probabilities[c] = (float)(probabilities[c] / sum);
            cachedPosition = input.Position;
        }

        ValueGetter<uint> predicted = (ref uint dst) => { Ensure(); dst = best; };
        ValueGetter<VBuffer<float>> score = (ref VBuffer<float> dst) =>
        {
            Ensure();
            var editor = VBufferEditor.Create(ref dst, _classCount);
            probabilities.AsSpan().CopyTo(editor.Values);
            dst = editor.Commit();
        };
        return [isOutputActive(0) ? predicted : null, isOutputActive(1) ? score : null];
    }
}
