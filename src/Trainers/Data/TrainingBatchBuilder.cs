using PriorClip.MLNet.Trainers.Augmentation;

namespace PriorClip.MLNet.Trainers.Data;

/// <summary>
/// Turns planned rows into <see cref="TrainingBatch"/>es: copies pixels (augmenting each row
/// with its own deterministic generator), token ids, masks, ids and priors.
/// </summary>
internal sealed class TrainingBatchBuilder(TrainingSet set, TrainingAugmentation? augmentation, int seed)
{
    int PixelCount => 3 * set.ImageSize * set.ImageSize;

    /// <summary>A batch of captions (each with its image), for the retrieval loss.</summary>
    public TrainingBatch Captions(int[] captions, int epoch)
    {
        var batch = new TrainingBatch(captions.Length, PixelCount, set.TokenLength, set.InstructionWidth);
        Parallel.For(0, captions.Length, row =>
        {
            int caption = captions[row];
            int image = set.ImageOfCaption[caption];
            FillImage(batch, row, image, TrainingAugmentation.SampleRandom(seed, epoch, caption));
            int l = set.TokenLength;
            var tokens = set.Tokens[caption];
            for (int i = 0; i < l; i++) batch.Tokens[row * l + i] = tokens[i];
            set.Masks[caption].CopyTo(batch.Mask, row * l);
        });
        return batch;
    }

    /// <summary>A batch of images with their scene classes, for pre-training the prior.</summary>
    public TrainingBatch Images(int[] images, int epoch)
    {
        var batch = new TrainingBatch(images.Length, PixelCount, 0, set.InstructionWidth);
        // Negative epochs keep the prior stage's augmentation streams apart from the retrieval stage's.
        Parallel.For(0, images.Length, row => FillImage(batch, row, images[row], TrainingAugmentation.SampleRandom(seed, -1 - epoch, images[row])));
        return batch;
    }

    void FillImage(TrainingBatch batch, int row, int image, Random rng)
    {
        var destination = batch.Pixels.AsSpan(row * PixelCount, PixelCount);
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
        batch.ImageIds[row] = image;
        batch.SceneIds[row] = set.SceneOfImage[image];
        if (batch.Instructions is { } prior)
            set.Instructions[image].CopyTo(prior, row * set.InstructionWidth);
    }
}
