using System.Collections.Concurrent;
using PriorClip.MLNet.Trainers.Augmentation;

namespace PriorClip.MLNet.Trainers.Data;

/// <summary>
/// Turns planned rows into <see cref="TrainingBatch"/>es: copies pixels (augmenting each image
/// with its own deterministic generator), token ids trimmed to the batch's longest caption, masks,
/// ids and priors. Batch buffers come from a small pool that the training loop refills.
/// </summary>
internal sealed class TrainingBatchBuilder(TrainingSet set, TrainingAugmentation? augmentation, int seed)
{
    readonly ConcurrentBag<TrainingBatch> _pool = new();

    int PixelCount => 3 * set.ImageSize * set.ImageSize;

    /// <summary>
    /// A batch of captions (each with its image), for the retrieval loss. With <paramref name="shareImages"/>
    /// each distinct image of the batch is stored (and augmented) once, and its caption rows point to it,
    /// so the image encoder runs once per image instead of once per caption.
    /// </summary>
    public TrainingBatch Captions(int[] captions, int epoch, bool shareImages)
    {
        int tokenLength = 1;
        foreach (int caption in captions) tokenLength = Math.Max(tokenLength, set.TokenCount(caption));
        var images = new List<int>(captions.Length);
        var slotOfImage = new Dictionary<int, int>();
        var rowImage = new int[captions.Length];
        for (int row = 0; row < captions.Length; row++)
        {
            int image = set.ImageOfCaption[captions[row]];
            if (!shareImages || !slotOfImage.TryGetValue(image, out int slot))
            {
                slot = images.Count;
                images.Add(image);
                if (shareImages) slotOfImage[image] = slot;
            }
            rowImage[row] = slot;
        }

        var batch = Rent(captions.Length, images.Count, tokenLength);
        batch.Reset(captions.Length, images.Count, tokenLength, shareImages);
        // Shared images draw their augmentation from (epoch, image); per-row images from (epoch, caption), as before.
        Parallel.For(0, images.Count, slot => FillImage(batch, slot, images[slot],
            TrainingAugmentation.SampleRandom(seed, epoch, shareImages ? images[slot] : captions[slot])));
        for (int row = 0; row < captions.Length; row++)
        {
            int caption = captions[row];
            int image = set.ImageOfCaption[caption];
            var tokens = set.Tokens[caption];
            for (int i = 0; i < tokenLength; i++) batch.Tokens[row * tokenLength + i] = tokens[i];
            set.Masks[caption].AsSpan(0, tokenLength).CopyTo(batch.Mask.AsSpan(row * tokenLength, tokenLength));
            batch.ImageIds[row] = image;
            batch.SceneIds[row] = set.SceneOfImage[image];
            batch.RowImage[row] = rowImage[row];
        }
        return batch;
    }

    /// <summary>A batch of images with their scene classes, for pre-training the prior.</summary>
    public TrainingBatch Images(int[] images, int epoch)
    {
        var batch = Rent(images.Length, images.Length, 0);
        batch.Reset(images.Length, images.Length, 0, sharesImages: false);
        // Negative epochs keep the prior stage's augmentation streams apart from the retrieval stage's.
        Parallel.For(0, images.Length, row => FillImage(batch, row, images[row], TrainingAugmentation.SampleRandom(seed, -1 - epoch, images[row])));
        for (int row = 0; row < images.Length; row++)
        {
            batch.ImageIds[row] = images[row];
            batch.SceneIds[row] = set.SceneOfImage[images[row]];
            batch.RowImage[row] = row;
        }
        return batch;
    }

    /// <summary>Gives a batch's buffers back once its tensors are made; later batches reuse them.</summary>
    public void Return(TrainingBatch batch) => _pool.Add(batch);

    TrainingBatch Rent(int rows, int images, int tokenLength)
    {
        // Buffers that are too small are dropped: batches only shrink (the last of an epoch) or grow by little.
        while (_pool.TryTake(out var pooled))
            if (pooled.Fits(rows, images, tokenLength)) return pooled;
        return new TrainingBatch(rows, images, PixelCount, Math.Max(tokenLength, set.TokenLength), set.InstructionWidth);
    }

    void FillImage(TrainingBatch batch, int slot, int image, Random rng)
    {
        var destination = batch.Pixels.AsSpan(slot * PixelCount, PixelCount);
        if (augmentation is null)
        {
            set.CopyPixels(image, destination);
        }
        else
        {
            var source = new PlanarImage(new float[PixelCount], 3, set.ImageSize, set.ImageSize);
            set.CopyPixels(image, source.Data);
            augmentation.Apply(source, rng).Data.CopyTo(destination);
        }
        if (batch.Instructions is { } prior)
            set.Instructions[image].CopyTo(prior, slot * set.InstructionWidth);
    }
}
