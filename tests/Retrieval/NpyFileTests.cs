using System.Buffers.Binary;
using System.Text;
using PriorClip.MLNet.Pipelines.Retrieval;

namespace PriorClip.MLNet.Tests.Retrieval;

/// <summary>Reading hand-built .npy files, rejecting bad ones, and the atomic float32 writer.</summary>
public sealed class NpyFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("priorclip-npy-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ReadsFloat32MatricesOfEveryHeaderVersion(int major)
    {
        string path = Write("f4.npy", NpyBytes.File(major, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
            NpyBytes.Float32(1, 2, 3, 4.5f, -5, 6e-8f)));

        EmbeddingMatrix matrix = NpyFile.ReadEmbeddingMatrix(path);

        Assert.Equal((2, 3), (matrix.Rows, matrix.Dimension));
        Assert.Equal([1, 2, 3, 4.5f, -5, 6e-8f], matrix.Values.ToArray());
    }

    [Fact]
    public void ReadsFloat16MatricesWidenedToFloat32()
    {
        string path = Write("f2.npy", NpyBytes.File(1, "{'descr': '<f2', 'fortran_order': False, 'shape': (3, 2), }",
            NpyBytes.Float16(0.5f, -2, 1024, 0.099975586f, 65504, 0)));

        EmbeddingMatrix matrix = NpyFile.ReadEmbeddingMatrix(path);

        Assert.Equal((3, 2), (matrix.Rows, matrix.Dimension));
        Assert.Equal([0.5f, -2, 1024, 0.099975586f, 65504, 0], matrix.Values.ToArray());
    }

    [Fact]
    public void HeaderKeysMayComeInAnyOrderAndVersionThreeMayBeUtf8()
    {
        string path = Write("order.npy", NpyBytes.File(3, "{'shape': (1, 2), 'fortran_order': False, 'descr': '<f4', 'note': 'é'}",
            NpyBytes.Float32(7, 8), utf8: true));

        Assert.Equal([7f, 8f], NpyFile.ReadEmbeddingMatrix(path).Values.ToArray());
    }

    [Fact]
    public void ReadsInt64AndInt32CaptionMappings()
    {
        string i8 = Write("i8.npy", NpyBytes.File(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (4,), }", NpyBytes.Int64(0, 0, 1, 2)));
        string i4 = Write("i4.npy", NpyBytes.File(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", NpyBytes.Int32(2, 1, 0)));

        Assert.Equal([0, 0, 1, 2], CaptionImageMapping.FromNpy(i8));
        Assert.Equal([2, 1, 0], NpyFile.ReadInt32Vector(i4));
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", "Fortran order")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }", "dtype '<f8'")]
    [InlineData("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2), }", "dtype '>f4'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", "must be 2-D")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", "is truncated: shape (2, 3)")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3), }", "4 bytes after the 12 data bytes")]
    [InlineData("{'descr': '<f4', 'shape': (2, 2), }", "without the required")]
    public void BadEmbeddingFilesAreRejectedNamingTheFile(string dict, string expected)
    {
        string path = Write("bad.npy", NpyBytes.File(1, dict, NpyBytes.Float32(1, 2, 3, 4)));

        var error = Assert.Throws<InvalidDataException>(() => NpyFile.ReadEmbeddingMatrix(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void NonNpyAndUnknownVersionAndTruncatedHeaderAreRejected()
    {
        string text = Write("text.npy", Encoding.ASCII.GetBytes("hello, not numpy"));
        Assert.Contains("is not a NumPy .npy file", Assert.Throws<InvalidDataException>(() => NpyFile.ReadEmbeddingMatrix(text)).Message);

        byte[] version4 = NpyBytes.File(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", NpyBytes.Float32(1));
        version4[6] = 4;
        string v4 = Write("v4.npy", version4);
        Assert.Contains("format version 4.0", Assert.Throws<InvalidDataException>(() => NpyFile.ReadEmbeddingMatrix(v4)).Message);

        byte[] whole = NpyBytes.File(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", NpyBytes.Float32(1));
        string cut = Write("cut.npy", whole[..30]);
        Assert.Contains("truncated inside its .npy header", Assert.Throws<InvalidDataException>(() => NpyFile.ReadEmbeddingMatrix(cut)).Message);
    }

    [Fact]
    public void BadMappingFilesAreRejected()
    {
        string floats = Write("map-f4.npy", NpyBytes.File(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", NpyBytes.Float32(1)));
        Assert.Contains("dtype '<f4'", Assert.Throws<InvalidDataException>(() => NpyFile.ReadInt32Vector(floats)).Message);

        string huge = Write("map-big.npy", NpyBytes.File(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", NpyBytes.Int64(1L << 40)));
        Assert.Contains("outside the Int32 range", Assert.Throws<InvalidDataException>(() => NpyFile.ReadInt32Vector(huge)).Message);

        string matrix = Write("map-2d.npy", NpyBytes.File(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 1), }", NpyBytes.Int32(1)));
        Assert.Contains("must be 1-D", Assert.Throws<InvalidDataException>(() => NpyFile.ReadInt32Vector(matrix)).Message);
    }

    [Fact]
    public void WriterProducesAVersionOneFloat32FileAlignedTo64BytesAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "out.npy");
        var matrix = new EmbeddingMatrix([1.5f, -2, 3, 4, 5, 6.25f], 3, 2);

        NpyFile.WriteEmbeddingMatrix(path, matrix);

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0], bytes[..8]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, (10 + headerLength) % 64);
        string header = Encoding.Latin1.GetString(bytes, 10, headerLength);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", header);
        Assert.EndsWith("\n", header);
        Assert.Equal(NpyBytes.Float32(1.5f, -2, 3, 4, 5, 6.25f), bytes[(10 + headerLength)..]);
        Assert.Equal([path], Directory.GetFiles(_folder));
        Assert.Equal(matrix.Values.ToArray(), NpyFile.ReadEmbeddingMatrix(path).Values.ToArray());
    }

    [Fact]
    public void WriterReplacesAnExistingFileAndWritesInt64Mappings()
    {
        string path = Path.Combine(_folder, "map.npy");
        File.WriteAllText(path, "old content");

        NpyFile.WriteInt64Vector(path, [0, 0, 1]);

        Assert.Equal([0, 0, 1], NpyFile.ReadInt32Vector(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void CaptionsPerImageMapsRowJToImageJDivN()
    {
        Assert.Equal([0, 0, 0, 1, 1, 1], CaptionImageMapping.CaptionsPerImage(6, 3));
        var error = Assert.Throws<ArgumentException>(() => CaptionImageMapping.CaptionsPerImage(7, 5));
        Assert.Contains("7 is not a multiple of 5", error.Message);
    }

    [Fact]
    public void EmbeddingsMadeElsewhereEvaluateLikeInMemoryOnes()
    {
        var problem = SyntheticRetrievalProblem.Gaussian(seed: 41, imageCount: 25, dimension: 12, captionsPerImage: 5, noise: 2f);
        string images = Path.Combine(_folder, "images.npy");
        string texts = Path.Combine(_folder, "texts.npy");
        string mapping = Path.Combine(_folder, "caption_to_image.npy");
        NpyFile.WriteEmbeddingMatrix(images, problem.ImageMatrix);
        NpyFile.WriteEmbeddingMatrix(texts, problem.CaptionMatrix);
        NpyFile.WriteInt64Vector(mapping, problem.CaptionToImage);
        var catalog = new Microsoft.ML.MLContext().Retrieval();

        RetrievalMetrics fromFiles = catalog.Evaluate(NpyFile.ReadEmbeddingMatrix(images), NpyFile.ReadEmbeddingMatrix(texts), CaptionImageMapping.FromNpy(mapping));
        RetrievalMetrics fromFilesPerImage = catalog.Evaluate(NpyFile.ReadEmbeddingMatrix(images), NpyFile.ReadEmbeddingMatrix(texts), CaptionImageMapping.CaptionsPerImage(125, 5));
        RetrievalMetrics inMemory = catalog.Evaluate(problem.ImageMatrix, problem.CaptionMatrix, problem.CaptionToImage);

        Assert.Equal(inMemory.TextToImage.Ranks, fromFiles.TextToImage.Ranks);
        Assert.Equal(inMemory.ImageToText.Ranks, fromFilesPerImage.ImageToText.Ranks);
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
