using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Trainers.Data;

/// <summary>Copies the leading part of a (pooled, larger) host array into a new tensor of a given shape.</summary>
internal static class HostTensor
{
    /// <summary>A tensor of <paramref name="shape"/> holding the first ∏shape values of <paramref name="source"/>, on <paramref name="device"/>.</summary>
    public static Tensor Copy<T>(T[] source, long[] shape, Device device) where T : unmanaged
    {
        long count = 1;
        foreach (long d in shape) count *= d;
        if (count > source.Length) throw new ArgumentException($"shape [{string.Join(",", shape)}] needs {count} values; the buffer has {source.Length}", nameof(shape));
        var host = torch.empty(shape, dtype: ScalarTypeOf<T>());
        host.data<T>().CopyFrom(new ReadOnlySpan<T>(source, 0, (int)count));
        if (device.type == DeviceType.CPU) return host;
        using (host) return host.to(device);
    }

    static ScalarType ScalarTypeOf<T>() => typeof(T) == typeof(float) ? ScalarType.Float32
        : typeof(T) == typeof(long) ? ScalarType.Int64
        : throw new NotSupportedException($"no tensor type for {typeof(T).Name}");
}
