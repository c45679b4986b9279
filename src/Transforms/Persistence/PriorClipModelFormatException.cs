namespace PriorClip.MLNet.Transforms.Persistence;

/// <summary>
/// Thrown when a model entry that should hold a PriorClip component cannot be read: it was not written
/// by PriorClip.MLNet, it is truncated or corrupted, or it was written by a newer format version.
/// </summary>
public sealed class PriorClipModelFormatException : FormatException
{
    /// <summary>Creates the exception with a message that says what is wrong and what to do.</summary>
    /// <param name="message">The explanation shown to the user.</param>
    public PriorClipModelFormatException(string message) : base(message) { }

    /// <summary>Creates the exception wrapping the lower-level cause.</summary>
    /// <param name="message">The explanation shown to the user.</param>
    /// <param name="inner">The I/O or parsing error that revealed the problem.</param>
    public PriorClipModelFormatException(string message, Exception inner) : base(message, inner) { }
}
