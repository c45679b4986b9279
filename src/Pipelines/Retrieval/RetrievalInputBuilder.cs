namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>Validates embeddings and the caption → image mapping and assembles a <see cref="RetrievalInput"/>.</summary>
internal static class RetrievalInputBuilder
{
    public static RetrievalInput FromMatrices(EmbeddingMatrix imageEmbeddings, EmbeddingMatrix textEmbeddings,
        IReadOnlyList<int> captionToImage, bool embeddingsAreNormalized, IReadOnlyList<string>? imageSceneClasses)
    {
        ArgumentNullException.ThrowIfNull(imageEmbeddings);
        ArgumentNullException.ThrowIfNull(textEmbeddings);
        ArgumentNullException.ThrowIfNull(captionToImage);
        if (imageEmbeddings.Rows == 0)
            throw new ArgumentException("There are no image embeddings; retrieval evaluation needs at least one image.", nameof(imageEmbeddings));
        if (textEmbeddings.Rows == 0)
            throw new ArgumentException("There are no text embeddings; retrieval evaluation needs at least one caption.", nameof(textEmbeddings));
        if (imageEmbeddings.Dimension != textEmbeddings.Dimension)
            throw new ArgumentException(
                $"Image embeddings have dimension {imageEmbeddings.Dimension} but text embeddings have dimension {textEmbeddings.Dimension}; both must live in the same space.",
                nameof(textEmbeddings));
        if (captionToImage.Count != textEmbeddings.Rows)
            throw new ArgumentException(
                $"The caption → image mapping has {captionToImage.Count} entries but there are {textEmbeddings.Rows} text embeddings; it needs one entry per caption.",
                nameof(captionToImage));
        if (imageSceneClasses is not null && imageSceneClasses.Count != imageEmbeddings.Rows)
            throw new ArgumentException(
                $"There are {imageSceneClasses.Count} scene classes but {imageEmbeddings.Rows} images; give one class per image.",
                nameof(imageSceneClasses));

        var mapping = new int[captionToImage.Count];
        for (int j = 0; j < mapping.Length; j++)
        {
            int image = captionToImage[j];
            if (image < 0 || image >= imageEmbeddings.Rows)
                throw new ArgumentException(
                    $"Caption {j} is mapped to image {image}, which does not exist: there are {imageEmbeddings.Rows} images (valid indices 0..{imageEmbeddings.Rows - 1}).",
                    nameof(captionToImage));
            mapping[j] = image;
        }

        var images = ScoringMatrix.Create(imageEmbeddings.Rows, imageEmbeddings.Dimension,
            imageEmbeddings.Row, !embeddingsAreNormalized, i => $"Image embedding {i}");
        var captions = ScoringMatrix.Create(textEmbeddings.Rows, textEmbeddings.Dimension,
            textEmbeddings.Row, !embeddingsAreNormalized, j => $"Text embedding {j}");
        // Matrix rows have no ids of their own: the row index is the id.
        string[] ids = Enumerable.Range(0, imageEmbeddings.Rows).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return Assemble(images, captions, mapping, ids, imageSceneClasses?.ToArray());
    }

    /// <summary>Groups captions by image and checks that every image has at least one.</summary>
    public static RetrievalInput Assemble(ScoringMatrix images, ScoringMatrix captions, int[] captionToImage,
        string[] imageIds, string[]? imageSceneClasses)
    {
        var offsets = new int[images.Rows + 1];
        foreach (int image in captionToImage)
            offsets[image + 1]++;
        for (int i = 0; i < images.Rows; i++)
        {
            if (offsets[i + 1] == 0)
                throw new ArgumentException(
                    $"Image {i} ('{imageIds[i]}') has no caption. Every image needs at least one caption: image → text recall is undefined for an image with nothing to retrieve.");
            offsets[i + 1] += offsets[i];
        }
        var next = offsets[..^1].ToArray();
        var imageCaptions = new int[captionToImage.Length];
        for (int j = 0; j < captionToImage.Length; j++)
            imageCaptions[next[captionToImage[j]]++] = j;
        return new RetrievalInput
        {
            Images = images,
            Captions = captions,
            CaptionToImage = captionToImage,
            ImageCaptionOffsets = offsets,
            ImageCaptions = imageCaptions,
            ImageIds = imageIds,
            ImageSceneClasses = imageSceneClasses,
        };
    }
}
