using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Export.Onnx;

/// <summary>
/// Reads a module's sub-modules and parameters by their state_dict names. Our modules keep their parts in private
/// fields named as open_clip / PIR name them, and TorchSharp registers them under those names, so the exporter reads
/// exactly what a checkpoint holds — a renamed field fails here with the name, never silently.
/// </summary>
internal static class ModuleParts
{
    /// <summary>The direct child <paramref name="name"/> of <paramref name="module"/>, as <typeparamref name="T"/>.</summary>
    public static T Child<T>(nn.Module module, string name) where T : nn.Module
    {
        foreach (var (childName, child) in module.named_children())
            if (childName == name)
                return child as T ?? throw new NotSupportedException(
                    $"ONNX export: '{module.GetName()}.{name}' is a {child.GetType().Name}, expected {typeof(T).Name}.");
        throw new NotSupportedException($"ONNX export: {module.GetType().Name} has no part '{name}' (parts: {string.Join(", ", module.named_children().Select(c => c.name))}).");
    }

    /// <summary>The direct child <paramref name="name"/>, or null when the module has none (optional parts).</summary>
    public static nn.Module? OptionalChild(nn.Module module, string name) =>
        module.named_children().FirstOrDefault(c => c.name == name).module;

    /// <summary>The children of a ModuleList / Sequential in order.</summary>
    public static IReadOnlyList<nn.Module> Items(nn.Module list) => list.named_children().Select(c => c.module).ToList();

    /// <summary>The parameter or buffer <paramref name="name"/> held directly by <paramref name="module"/>.</summary>
    public static Tensor Tensor(nn.Module module, string name) =>
        OptionalTensor(module, name) ?? throw new NotSupportedException(
            $"ONNX export: {module.GetType().Name} has no parameter '{name}' (has: {string.Join(", ", module.named_parameters(recurse: false).Select(p => p.name))}).");

    /// <summary>The parameter or buffer <paramref name="name"/>, or null.</summary>
    public static Tensor? OptionalTensor(nn.Module module, string name)
    {
        foreach (var (n, p) in module.named_parameters(recurse: false)) if (n == name) return p;
        foreach (var (n, b) in module.named_buffers(recurse: false)) if (n == name) return b;
        return null;
    }
}
