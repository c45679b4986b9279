using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace PriorClip.MLNet.Transforms.Persistence;

/// <summary>
/// The one place that reaches ML.NET's <c>[BestFriend]</c> internals (PLATFORM.md, "ML.NET extension
/// points"): the model save/load contexts, <c>VersionInfo</c>, the component catalog's class table and
/// <c>SchemaShape.Create</c>. Everything is resolved by reflection once and validated as a whole, so an
/// ML.NET build whose internals changed shape fails loudly on the first save, load, registration or
/// schema propagation instead of writing a model nobody can read back.
/// </summary>
/// <remarks>
/// Reflection rather than <c>[UnsafeAccessor]</c>: <c>VersionInfo</c> is an internal <em>struct</em> passed
/// by value and <c>ModelLoadContext</c> an internal class, which UnsafeAccessor can only name through
/// <c>UnsafeAccessorType</c> strings whose failures surface as bare <c>MissingMethodException</c>s at the
/// call site; reflection lets us name every missing member in one message. Save/load run once per model,
/// so the cost is irrelevant.
/// </remarks>
internal static class MlNetInternals
{
    /// <summary>The ML.NET version this bridge was written and tested against.</summary>
    internal const string TestedMlNetVersion = "6.0.0";

    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Lazy<Bridge> Resolved = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The resolved members; throws <see cref="NotSupportedException"/> naming every missing one.</summary>
    internal static Bridge Api => Resolved.Value;

    internal sealed class Bridge
    {
        internal required FieldInfo SaveWriter { get; init; }
        internal required MethodInfo SaveCheckAtModel { get; init; }
        internal required MethodInfo SaveSetVersionInfo { get; init; }
        internal required MethodInfo SaveBinaryStream { get; init; }
        internal required ConstructorInfo VersionInfoCtor { get; init; }
        internal required Type LoadContextType { get; init; }
        internal required FieldInfo LoadReader { get; init; }
        internal required MethodInfo LoadCheckAtModel { get; init; }
        internal required MethodInfo LoadTryLoadBinaryStream { get; init; }
        internal required Type SignatureLoadModel { get; init; }
        internal required ConstructorInfo LoadableClassAttributeCtor { get; init; }
        internal required ConstructorInfo LoadableClassInfoCtor { get; init; }
        internal required MethodInfo CatalogAddClass { get; init; }
        internal required FieldInfo CatalogLock { get; init; }
        internal required MethodInfo SchemaShapeCreate { get; init; }
    }

    private static Bridge Resolve()
    {
        var missing = new List<string>();
        Assembly core = typeof(ModelSaveContext).Assembly;

        T? Need<T>(T? member, string description) where T : class
        {
            if (member is null)
                missing.Add(description);
            return member;
        }

        Type save = typeof(ModelSaveContext);
        Type? versionInfo = Need(core.GetType("Microsoft.ML.VersionInfo"), "type Microsoft.ML.VersionInfo");
        Type? load = Need(core.GetType("Microsoft.ML.ModelLoadContext"), "type Microsoft.ML.ModelLoadContext");
        Type? sigLoad = Need(core.GetType("Microsoft.ML.SignatureLoadModel"), "type Microsoft.ML.SignatureLoadModel");
        Type? lcAttr = Need(core.GetType("Microsoft.ML.LoadableClassAttribute"), "type Microsoft.ML.LoadableClassAttribute");
        Type? lcAttrBase = Need(core.GetType("Microsoft.ML.LoadableClassAttributeBase"), "type Microsoft.ML.LoadableClassAttributeBase");
        Type? lcInfo = Need(typeof(ComponentCatalog).GetNestedType("LoadableClassInfo", Any), "type ComponentCatalog.LoadableClassInfo");

        var bridge = new Bridge
        {
            SaveWriter = Need(save.GetField("Writer", Any), "field ModelSaveContext.Writer")!,
            SaveCheckAtModel = Need(save.GetMethod("CheckAtModel", Any, Type.EmptyTypes), "ModelSaveContext.CheckAtModel()")!,
            SaveSetVersionInfo = Need(versionInfo is null ? null : save.GetMethod("SetVersionInfo", Any, [versionInfo]), "ModelSaveContext.SetVersionInfo(VersionInfo)")!,
            SaveBinaryStream = Need(save.GetMethod("SaveBinaryStream", Any, [typeof(string), typeof(Action<BinaryWriter>)]), "ModelSaveContext.SaveBinaryStream(string, Action<BinaryWriter>)")!,
            VersionInfoCtor = Need(versionInfo?.GetConstructor(Any, [typeof(string), typeof(uint), typeof(uint), typeof(uint), typeof(string), typeof(string), typeof(string)]), "VersionInfo..ctor(string, uint, uint, uint, string, string, string)")!,
            LoadContextType = load!,
            LoadReader = Need(load?.GetField("Reader", Any), "field ModelLoadContext.Reader")!,
            LoadCheckAtModel = Need(load?.GetMethod("CheckAtModel", Any, Type.EmptyTypes), "ModelLoadContext.CheckAtModel()")!,
            LoadTryLoadBinaryStream = Need(load?.GetMethod("TryLoadBinaryStream", Any, [typeof(string), typeof(Action<BinaryReader>)]), "ModelLoadContext.TryLoadBinaryStream(string, Action<BinaryReader>)")!,
            SignatureLoadModel = sigLoad!,
            LoadableClassAttributeCtor = Need(lcAttr?.GetConstructor(Any, [typeof(string), typeof(Type), typeof(Type), typeof(Type), typeof(Type), typeof(string), typeof(string[])]), "LoadableClassAttribute..ctor(string, Type, Type, Type, Type, string, string[])")!,
            LoadableClassInfoCtor = Need(lcAttrBase is null ? null : lcInfo?.GetConstructor(Any, [lcAttrBase, typeof(MethodInfo), typeof(ConstructorInfo), typeof(MethodInfo), typeof(bool)]), "LoadableClassInfo..ctor(LoadableClassAttributeBase, MethodInfo, ConstructorInfo, MethodInfo, bool)")!,
            CatalogAddClass = Need(lcInfo is null ? null : typeof(ComponentCatalog).GetMethod("AddClass", Any, [lcInfo, typeof(string[]), typeof(bool)]), "ComponentCatalog.AddClass(LoadableClassInfo, string[], bool)")!,
            CatalogLock = Need(typeof(ComponentCatalog).GetField("_lock", Any), "field ComponentCatalog._lock")!,
            SchemaShapeCreate = Need(typeof(SchemaShape).GetMethod("Create", Any, [typeof(DataViewSchema)]), "SchemaShape.Create(DataViewSchema)")!,
        };

        if (missing.Count > 0)
        {
            string found = LoadedMlNetVersion ?? "unknown version";
            throw new NotSupportedException(
                $"PriorClip.MLNet persists its transformers through ML.NET {TestedMlNetVersion} internals, but the loaded " +
                $"Microsoft.ML.Core ({found}) lacks: {string.Join("; ", missing)}. Use ML.NET {TestedMlNetVersion} " +
                "(pinned in Directory.Packages.props); no model was written or read.");
        }
        return bridge;
    }

    /// <summary>
    /// The informational (package) version of the loaded Microsoft.ML.Core, e.g. "6.0.0+…"; its assembly
    /// version is always 1.0.0.0 and says nothing.
    /// </summary>
    internal static string? LoadedMlNetVersion =>
        typeof(ModelSaveContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    /// <summary>Unwraps the real exception thrown inside a reflected call.</summary>
    internal static object? Invoke(MethodBase method, object? target, params object?[] args)
    {
        try
        {
            return method is ConstructorInfo ctor ? ctor.Invoke(args) : method.Invoke(target, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw; // unreachable: Throw() never returns
        }
    }
}
