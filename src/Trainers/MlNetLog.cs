using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace PriorClip.MLNet.Trainers;

/// <summary>
/// Writes messages to the <see cref="MLContext.Log"/> stream, where ML.NET users already read
/// their trainers' progress. ML.NET's helpers for this are internal; a channel accepts a
/// <see cref="ChannelMessage"/>, whose constructor is reached with an <see cref="UnsafeAccessorAttribute"/>
/// (ML.NET 6.0.0 is pinned; the round-trip test of the trainer's log guards the shape).
/// </summary>
internal sealed class MlNetLog : IDisposable
{
    readonly IChannel _channel;

    public MlNetLog(MLContext context, string component)
    {
        _channel = ((IHostEnvironment)context).Register(component).Start(component);
    }

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    static extern ChannelMessage NewMessage(ChannelMessageKind kind, MessageSensitivity sensitivity, string message);

    public void Info(string message) => _channel.Send(NewMessage(ChannelMessageKind.Info, MessageSensitivity.None, message));

    public void Warning(string message) => _channel.Send(NewMessage(ChannelMessageKind.Warning, MessageSensitivity.None, message));

    public void Dispose() => _channel.Dispose();
}
