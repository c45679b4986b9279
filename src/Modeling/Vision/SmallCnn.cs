using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PriorClip.MLNet.Modeling.Vision;

/// <summary>
/// Small plain CNN for the CPU (our own design, no PyTorch counterpart): stages <c>stages.{i}</c>, each
/// <c>conv1</c>(3×3, stride 2) → <c>bn1</c> → ReLU → (<c>conv2</c> → <c>bn2</c> → ReLU …). A 64 px image with
/// 4 stages gives a 4×4 grid: 16 spatial tokens + the mean-pooled token.
/// </summary>
public sealed class SmallCnn : VisionTrunk
{
#pragma warning disable IDE1006
    private readonly ModuleList<Sequential> stages;
    private readonly Parameter? positional_embedding;
#pragma warning restore IDE1006
    private readonly int _width;
    private readonly int _tokens;

    /// <summary>Creates the CNN.</summary>
    /// <param name="stageWidths">Output channels per stage.</param>
    /// <param name="convsPerStage">3×3 convolutions per stage (the first strides by 2).</param>
    /// <param name="imageSize">Input size, for <see cref="TokenCount"/>.</param>
    /// <param name="gridPositions">Add a learned embedding per grid cell (<c>positional_embedding</c> [h·w, W]) to the grid tokens.</param>
    public SmallCnn(int[] stageWidths, int convsPerStage, int imageSize, bool gridPositions = false) : base(nameof(SmallCnn))
    {
        var list = new List<Sequential>();
        int inCh = 3;
        foreach (int outCh in stageWidths)
        {
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
            for (int c = 0; c < convsPerStage; c++)
            {
                layers.Add(($"conv{c + 1}", nn.Conv2d(c == 0 ? inCh : outCh, outCh, 3, stride: c == 0 ? 2 : 1, padding: 1, bias: false)));
                layers.Add(($"bn{c + 1}", nn.BatchNorm2d(outCh)));
                layers.Add(($"relu{c + 1}", nn.ReLU()));
            }
            list.Add(nn.Sequential(layers));
            inCh = outCh;
        }
        stages = nn.ModuleList(list.ToArray());
        _width = stageWidths[^1];
        int grid = imageSize >> stageWidths.Length;
        _tokens = 1 + grid * grid;
        // Small against the BatchNorm + ReLU tokens (about unit scale), as CLIP starts its ViT positions.
        if (gridPositions)
            positional_embedding = nn.Parameter(torch.randn(grid * grid, _width).mul_(Math.Pow(_width, -0.5)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override int Width => _width;

    /// <inheritdoc />
    public override int TokenCount => _tokens;

    /// <summary>Pixels → last-stage feature map [B,W,h,w].</summary>
    public Tensor ForwardGrid(Tensor pixels)
    {
        using var scope = torch.NewDisposeScope();
        var x = pixels;
        foreach (var stage in stages) x = stage.call(x);
        return x.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override Tensor ForwardTokens(Tensor pixels)
    {
        using var scope = torch.NewDisposeScope();
        var grid = ForwardGrid(pixels);
        if (positional_embedding is null) return GridToTokens(grid).MoveToOuterDisposeScope();
        // The pooled token stays the plain spatial mean: positions mark where a token lies, not what the image holds.
        var cells = grid.flatten(2).transpose(1, 2);
        var pooled = cells.mean([1L], keepdim: true);
        return torch.cat([pooled, cells.add(positional_embedding)], 1).MoveToOuterDisposeScope();
    }
}
