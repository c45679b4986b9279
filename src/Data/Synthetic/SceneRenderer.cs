using SkiaSharp;

namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>Draws a <see cref="SceneSpec"/> as a top-down image with SkiaSharp.</summary>
/// <remarks>
/// Design units are scaled by <c>imageSize / 64</c>, so one spec renders the same scene at any
/// supported side. Objects are plain filled shapes in their spec colour, so a noise-free render
/// shows each countable object as one connected region of exactly that colour.
/// </remarks>
internal static class SceneRenderer
{
    /// <summary>Renders the scene into a new opaque RGBA bitmap; the caller disposes it.</summary>
    /// <param name="spec">Scene to draw.</param>
    /// <param name="imageSize">Side of the square image in pixels.</param>
    /// <param name="includeClutter">False draws only the scene's own objects (used to check captions against pixels).</param>
    public static SKBitmap Render(SceneSpec spec, int imageSize, bool includeClutter = true)
    {
        var bitmap = new SKBitmap(new SKImageInfo(imageSize, imageSize, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        canvas.Clear(ToSk(spec.Background));
        canvas.Scale(imageSize / (float)SceneSpec.CanvasSize);
        DrawObjects(canvas, paint, spec.Objects, includeClutter);
        if (spec.Secondary is { } secondary)
            DrawSecondary(canvas, paint, secondary);
        canvas.Flush();
        return bitmap;
    }

    private static void DrawObjects(SKCanvas canvas, SKPaint paint, IReadOnlyList<SceneObject> objects, bool includeClutter)
    {
        foreach (var obj in objects)
        {
            if (obj.IsClutter && !includeClutter)
                continue;
            if (CastsShadow(obj.Kind))
            {
                paint.Color = ToSk(ScenePalette.Shadow);
                DrawAt(canvas, obj, obj.X + 1f, obj.Y + 1f, () => DrawBody(canvas, paint, obj, shadowOnly: true));
            }
            DrawAt(canvas, obj, obj.X, obj.Y, () => DrawBody(canvas, paint, obj, shadowOnly: false));
        }
    }

    /// <summary>Paints the band in the secondary ground colour and draws the secondary objects clipped to it (a hard clip, so the band edge is a straight line).</summary>
    private static void DrawSecondary(SKCanvas canvas, SKPaint paint, SecondaryRegion secondary)
    {
        var band = secondary.Bounds;
        var rect = new SKRect(band.X0, band.Y0, band.X1, band.Y1);
        canvas.Save();
        canvas.ClipRect(rect, SKClipOperation.Intersect, antialias: false);
        paint.Color = ToSk(secondary.Background);
        canvas.DrawRect(rect, paint);
        DrawObjects(canvas, paint, secondary.Objects, includeClutter: true);
        canvas.Restore();
    }

    internal static SKColor ToSk(SceneColor color) => new(color.R, color.G, color.B);

    private static bool CastsShadow(ObjectKind kind) => kind is ObjectKind.House or ObjectKind.Building or ObjectKind.StorageTank;

    private static void DrawAt(SKCanvas canvas, SceneObject obj, float x, float y, Action draw)
    {
        canvas.Save();
        canvas.Translate(x, y);
        canvas.RotateDegrees(obj.RotationDegrees);
        draw();
        canvas.Restore();
    }

    /// <summary>Draws the object centred on the origin, its length along +y (nose/bow up).</summary>
    private static void DrawBody(SKCanvas canvas, SKPaint paint, SceneObject obj, bool shadowOnly)
    {
        float w = obj.Width, h = obj.Height;
        if (!shadowOnly)
            paint.Color = ToSk(obj.Color);
        switch (obj.Kind)
        {
            case ObjectKind.Plane:
                float body = Math.Max(2f, w * 0.22f);
                canvas.DrawRect(-body / 2, -h / 2, body, h, paint);                 // fuselage
                canvas.DrawRect(-w / 2, -h * 0.15f, w, Math.Max(2f, h * 0.24f), paint); // wings
                canvas.DrawRect(-w * 0.22f, h * 0.3f, w * 0.44f, Math.Max(2f, h * 0.16f), paint); // tail plane
                break;
            case ObjectKind.Boat or ObjectKind.StorageTank or ObjectKind.Tree or ObjectKind.Umbrella:
                canvas.DrawOval(0, 0, w / 2, h / 2, paint);
                break;
            case ObjectKind.Stadium when !shadowOnly:
                paint.Color = ToSk(ScenePalette.Stands);
                canvas.DrawOval(0, 0, w / 2, h / 2, paint);
                paint.Color = ToSk(obj.Color);
                canvas.DrawOval(0, 0, w / 2 - 2, h / 2 - 2, paint);
                paint.Color = ToSk(ScenePalette.Pitch);
                canvas.DrawOval(0, 0, w / 2 - 5, h / 2 - 5, paint);
                break;
            default:
                canvas.DrawRect(-w / 2, -h / 2, w, h, paint);
                break;
        }
    }
}
