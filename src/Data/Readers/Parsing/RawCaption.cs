namespace PriorClip.MLNet.Data;

/// <summary>One caption as a parser found it, before validation (null text: the JSON value was null).</summary>
internal sealed record RawCaption(string? Text, SourceLocation Location);
