namespace PriorClip.MLNet.Modeling.Configs;

/// <summary>A model config is malformed; <see cref="Field"/> names the offending field (JSON path, snake_case).</summary>
public sealed class ModelConfigException : Exception
{
    /// <summary>The offending field, e.g. <c>image_head.top_k</c>.</summary>
    public string Field { get; }

    /// <summary>Creates the exception.</summary>
    public ModelConfigException(string field, string message, Exception? inner = null)
        : base($"Model config field '{field}': {message}", inner) => Field = field;
}
