using System.Text.Json;
using System.Text.Json.Serialization;

namespace PriorClip.MLNet.Transforms.Persistence;

/// <summary>One JSON dialect for every component config: camelCase, enums as strings, readable.</summary>
internal static class PriorClipJson
{
    internal static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
    };
}
