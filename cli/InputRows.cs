namespace PriorClip.Cli;

/// <summary>A row holding only an image path: the input of a model's image side.</summary>
internal sealed class ImagePathRow
{
    public string ImagePath { get; set; } = "";
}

/// <summary>A row holding only a caption: the input of a model's text side.</summary>
internal sealed class CaptionTextRow
{
    public string Caption { get; set; } = "";
}
