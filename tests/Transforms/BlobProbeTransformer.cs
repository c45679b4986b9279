using Microsoft.ML;
using PriorClip.MLNet.Transforms;
using PriorClip.MLNet.Transforms.Mapping;
using PriorClip.MLNet.Transforms.Persistence;

namespace PriorClip.MLNet.Tests.Transforms;

/// <summary>
/// A test-only component whose SaveCore is supplied by the test (by default: one streamed blob and one
/// text blob), to exercise the persistence path the TorchSharp weights will use. It adds no columns and
/// is not registered, so tests read it back with <see cref="ModelZip.OpenComponent"/>.
/// </summary>
internal sealed class BlobProbeTransformer(Action<PriorClipModelWriter> save) : PriorClipTransformerBase
{
    public BlobProbeTransformer(byte[] payload) : this(writer => SaveDefault(writer, payload)) { }

    internal const string Kind = "BlobProbe";

    internal sealed record ProbeConfig(int Answer);

    internal override PriorClipComponentInfo Component { get; } =
        new(Kind, "PCLPTEST", Kind, typeof(BlobProbeTransformer), 1, _ => throw new NotSupportedException("test-only"));

    private protected override void SaveCore(PriorClipModelWriter writer) => save(writer);

    private static void SaveDefault(PriorClipModelWriter writer, byte[] payload)
    {
        writer.SetConfig(new ProbeConfig(42));
        writer.AddBlob("weights.bin", stream =>
        {
            // Chunked writes, then close the stream as TorchSharp's Module.save does.
            for (int at = 0; at < payload.Length; at += 65_536)
                stream.Write(payload, at, Math.Min(65_536, payload.Length - at));
            stream.Dispose();
        });
        writer.AddTextBlob("note.txt", "hello");
    }

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema) => new NoColumns(inputSchema);

    private sealed class NoColumns(DataViewSchema schema) : ColumnMapper(schema, [])
    {
        internal override IEnumerable<DataViewSchema.Column> Dependencies => [];
        internal override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isOutputActive) => [];
    }
}
