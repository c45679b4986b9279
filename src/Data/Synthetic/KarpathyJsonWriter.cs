using System.Text.Encodings.Web;
using System.Text.Json;

namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Serialises images and captions in the Karpathy-split format of RSICD/RSITMD.</summary>
/// <remarks>
/// <c>{"images":[{"filename","imgid","split","sentids","sentences":[{"raw","tokens","imgid","sentid"}]}],"dataset":"synthetic-rs"}</c>
/// (<c>"synthetic-rs-hard"</c> for the hard variant);
/// sentence ids are <c>5·imgid + k</c>. Output is compact and byte-for-byte deterministic.
/// </remarks>
internal static class KarpathyJsonWriter
{
    public const string DatasetName = "synthetic-rs";

    /// <summary>Name of the hard variant, so a JSON says which set it holds even when its file name is the same.</summary>
    public const string HardDatasetName = "synthetic-rs-hard";

    public static string DatasetNameFor(SyntheticDifficulty difficulty) =>
        difficulty == SyntheticDifficulty.Hard ? HardDatasetName : DatasetName;

    public static byte[] Serialize(IReadOnlyList<SyntheticImage> images, string datasetName)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartArray("images");
            foreach (var image in images)
                WriteImage(json, image);
            json.WriteEndArray();
            json.WriteString("dataset", datasetName);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteImage(Utf8JsonWriter json, SyntheticImage image)
    {
        int firstSentence = image.ImageId * CaptionGrammar.CaptionsPerImage;
        json.WriteStartObject();
        json.WriteString("filename", image.FileName);
        json.WriteNumber("imgid", image.ImageId);
        json.WriteString("split", image.Split);
        json.WriteStartArray("sentids");
        for (int k = 0; k < image.Captions.Count; k++)
            json.WriteNumberValue(firstSentence + k);
        json.WriteEndArray();
        json.WriteStartArray("sentences");
        for (int k = 0; k < image.Captions.Count; k++)
        {
            json.WriteStartObject();
            json.WriteString("raw", image.Captions[k]);
            json.WriteStartArray("tokens");
            foreach (var token in CaptionTokenizer.Tokenize(image.Captions[k]))
                json.WriteStringValue(token);
            json.WriteEndArray();
            json.WriteNumber("imgid", image.ImageId);
            json.WriteNumber("sentid", firstSentence + k);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
