using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PriorClip.MLNet.Modeling.Configs;

/// <summary>
/// Declarative PriorCLIP architecture (like open_clip's <c>model_configs/*.json</c>, snake_case keys).
/// Built-in configs (<c>tiny</c>, <c>pir-closed</c>, <c>priorclip-vit-b32</c>) are embedded resources;
/// see docs/model-configs.md. Records, so variants are made with <c>with</c>.
/// </summary>
public sealed record PriorClipModelConfig
{
    /// <summary>Config name.</summary>
    public string Name { get; init; } = "custom";

    /// <summary>Joint embedding dimension D (also the PAE width).</summary>
    public int EmbedDim { get; init; } = 128;

    /// <summary>Vision trunk.</summary>
    public VisionConfig Vision { get; init; } = new();

    /// <summary>Text trunk.</summary>
    public TextConfig Text { get; init; } = new();

    /// <summary>Visual prior input.</summary>
    public InstructionConfig Instruction { get; init; } = new();

    /// <summary>Image head.</summary>
    public ImageHeadConfig ImageHead { get; init; } = new();

    /// <summary>Text head.</summary>
    public TextHeadConfig TextHead { get; init; } = new();

    /// <summary>Loss settings.</summary>
    public LossConfig Loss { get; init; } = new();

    /// <summary>Names of the embedded built-in configs.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = ["tiny", "pir-closed", "priorclip-vit-b32", "open-tiny"];

    private const string ResourcePrefix = "PriorClip.MLNet.Modeling.Configs.";

    /// <summary>JSON options: snake_case, string enums, unknown fields rejected.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    /// <summary>Loads a built-in config by name, or a JSON file if <paramref name="nameOrPath"/> is a path.</summary>
    public static PriorClipModelConfig Load(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        if (File.Exists(nameOrPath)) return Parse(File.ReadAllText(nameOrPath));
        var asm = typeof(PriorClipModelConfig).Assembly;
        using var stream = asm.GetManifestResourceStream(ResourcePrefix + nameOrPath + ".json")
            ?? throw new ArgumentException($"'{nameOrPath}' is neither a file nor a built-in model config ({string.Join(", ", BuiltInNames)}).", nameof(nameOrPath));
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>Parses and validates JSON; errors name the bad field.</summary>
    public static PriorClipModelConfig Parse(string json)
    {
        PriorClipModelConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<PriorClipModelConfig>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new ModelConfigException(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path.TrimStart('$', '.'), ex.Message, ex);
        }
        if (config is null) throw new ModelConfigException("$", "the JSON document is null.");
        config.Validate();
        return config;
    }

    /// <summary>Serialises to the same JSON format <see cref="Parse"/> reads.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Checks every field the chosen kinds use; throws <see cref="ModelConfigException"/> naming the first bad one.</summary>
    public void Validate() => ModelConfigValidator.Validate(this);
}
