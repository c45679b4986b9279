using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Export.Onnx;

/// <summary>
/// Builds one ONNX graph node by node and serialises it as a model (IR version 8, opset 17). Names are made unique
/// here, so emitters pass readable hints ("visual.pae.self_blocks.0.attn") and never collide. Weights are copied out of
/// TorchSharp tensors as float32 initializers.
/// </summary>
internal sealed class OnnxGraph
{
    /// <summary>The ONNX opset the graphs use: 17 has LayerNormalization, Softmax over one axis and inputs for axes.</summary>
    public const int Opset = 17;
    const int IrVersion = 8;

    sealed record Node(string Op, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes);
    sealed record Initializer(string Name, OnnxElementType Type, long[] Dims, byte[] Data);
    sealed record ValueInfo(string Name, OnnxElementType Type, object[] Dims);

    readonly List<Node> _nodes = [];
    readonly List<Initializer> _initializers = [];
    readonly List<ValueInfo> _inputs = [];
    readonly List<ValueInfo> _outputs = [];
    readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);

    /// <summary>Creates an empty graph named <paramref name="name"/>.</summary>
    public OnnxGraph(string name) => Name = name;

    /// <summary>The graph's name.</summary>
    public string Name { get; }

    /// <summary>Number of nodes so far.</summary>
    public int NodeCount => _nodes.Count;

    /// <summary>Declares a graph input; each dim is a long (fixed) or a string (symbolic, e.g. "batch").</summary>
    public string Input(string name, OnnxElementType type, params object[] dims)
    {
        Reserve(name);
        _inputs.Add(new ValueInfo(name, type, dims));
        return name;
    }

    /// <summary>Declares <paramref name="value"/> as a graph output called <paramref name="name"/> (an Identity node renames it).</summary>
    public void Output(string value, string name, OnnxElementType type, params object[] dims)
    {
        Reserve(name);
        _nodes.Add(new Node("Identity", [value], [name], []));
        _outputs.Add(new ValueInfo(name, type, dims));
    }

    /// <summary>A float32 initializer holding a copy of <paramref name="tensor"/> (any device, any float type).</summary>
    public string Weight(Tensor tensor, string hint)
    {
        using var scope = NewDisposeScope();
        var t = tensor.detach().to(CPU).to_type(ScalarType.Float32).contiguous();
        var values = t.data<float>().ToArray();
        return AddInitializer(hint, OnnxElementType.Float, t.shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    /// <summary>A float32 constant.</summary>
    public string Constant(float[] values, long[] dims, string hint) =>
        AddInitializer(hint, OnnxElementType.Float, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>A float32 scalar constant.</summary>
    public string Scalar(float value, string hint) => Constant([value], [], hint);

    /// <summary>An int64 constant (shapes, axes, indices).</summary>
    public string Int64s(long[] values, string hint, long[]? dims = null) =>
        AddInitializer(hint, OnnxElementType.Int64, dims ?? [values.Length], MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>A bool constant.</summary>
    public string Bools(bool[] values, long[] dims, string hint) =>
        AddInitializer(hint, OnnxElementType.Bool, dims, values.Select(v => v ? (byte)1 : (byte)0).ToArray());

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Op(string op, string hint, string[] inputs, params OnnxAttribute[] attributes) =>
        Ops(op, hint, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs and returns their names.</summary>
    public string[] Ops(string op, string hint, string[] inputs, int outputs, params OnnxAttribute[] attributes)
    {
        var names = Enumerable.Range(0, outputs).Select(i => Fresh(outputs == 1 ? hint : $"{hint}.{i}")).ToArray();
        _nodes.Add(new Node(op, inputs, names, attributes));
        return names;
    }

    /// <summary>The serialised ModelProto.</summary>
    public byte[] ToModel(IReadOnlyDictionary<string, string> metadata, string producerVersion, string docString)
    {
        var model = new ProtoWriter();
        model.Varint(1, IrVersion);
        model.String(2, "PriorClip.MLNet");
        model.String(3, producerVersion);
        model.String(4, "priorclip.mlnet");
        model.Varint(5, 1);
        model.String(6, docString);
        model.Message(7, WriteGraph);
        model.Message(8, opset => { opset.String(1, ""); opset.Varint(2, Opset); });
        foreach (var (key, value) in metadata)
            model.Message(14, entry => { entry.String(1, key); entry.String(2, value); });
        return model.Written.ToArray();
    }

    void WriteGraph(ProtoWriter g)
    {
        foreach (var node in _nodes)
            g.Message(1, n =>
            {
                foreach (var input in node.Inputs) n.String(1, input);
                foreach (var output in node.Outputs) n.String(2, output);
                n.String(3, node.Outputs[0]);
                n.String(4, node.Op);
                foreach (var attribute in node.Attributes) n.Message(5, attribute.WriteTo);
            });
        g.String(2, Name);
        foreach (var init in _initializers)
            g.Message(5, t =>
            {
                t.PackedVarints(1, init.Dims);
                t.Varint(2, (int)init.Type);
                t.String(8, init.Name);
                t.Bytes(9, init.Data);
            });
        foreach (var input in _inputs) g.Message(11, v => WriteValueInfo(v, input));
        foreach (var output in _outputs) g.Message(12, v => WriteValueInfo(v, output));
    }

    static void WriteValueInfo(ProtoWriter v, ValueInfo info)
    {
        v.String(1, info.Name);
        v.Message(2, type => type.Message(1, tensor =>
        {
            tensor.Varint(1, (int)info.Type);
            tensor.Message(2, shape =>
            {
                foreach (var dim in info.Dims)
                    shape.Message(1, d =>
                    {
                        if (dim is string symbol) d.String(2, symbol);
                        else d.Varint(1, Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture));
                    });
            });
        }));
    }

    string AddInitializer(string hint, OnnxElementType type, long[] dims, byte[] data)
    {
        var name = Fresh(hint);
        _initializers.Add(new Initializer(name, type, dims, data));
        return name;
    }

    string Fresh(string hint)
    {
        if (_names.TryGetValue(hint, out int count))
        {
            _names[hint] = count + 1;
            var name = $"{hint}_{count}";
            return _names.ContainsKey(name) ? Fresh(name) : Reserved(name);
        }
        return Reserved(hint);
    }

    string Reserved(string name)
    {
        _names[name] = 1;
        return name;
    }

    void Reserve(string name)
    {
        if (_names.ContainsKey(name)) throw new InvalidOperationException($"ONNX graph '{Name}' already has a value named '{name}'.");
        _names[name] = 1;
    }
}
