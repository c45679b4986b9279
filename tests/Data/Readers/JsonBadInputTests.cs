using PriorClip.MLNet.Data;

namespace PriorClip.MLNet.Tests.Data.Readers;

/// <summary>Every bad JSON input fails with a message that names the file and the entry.</summary>
public class JsonBadInputTests
{
    private static DatasetFormatException ReadFails(string fixture, DatasetReadOptions? options = null) =>
        Assert.Throws<DatasetFormatException>(() => CaptionDatasetReader.Read(ReaderFixtures.Bad(fixture), options));

    [Fact]
    public void MalformedJsonGivesLineAndColumn()
    {
        var error = ReadFails("malformed.json");

        Assert.Equal(DatasetProblemKind.MalformedJson, error.Kind);
        Assert.Equal(3, error.Line);
        Assert.Equal(53, error.Column);
        Assert.StartsWith(ReaderFixtures.Bad("malformed.json") + ": line 3, column 53: malformed JSON", error.Message);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(error.InnerException);
    }

    [Fact]
    public void MalformedJsonFailsEvenWhenEntriesMayBeSkipped()
    {
        var error = ReadFails("malformed.json", new DatasetReadOptions { MalformedEntries = EntryProblemPolicy.Skip });

        Assert.Equal(DatasetProblemKind.MalformedJson, error.Kind);
    }

    [Fact]
    public void MissingRequiredFieldNamesEntryAndField()
    {
        var error = ReadFails("missing_field.json");

        Assert.Equal(DatasetProblemKind.MissingField, error.Kind);
        Assert.Equal("images[1]", error.Entry);
        Assert.Equal("airport_2.png", error.ImageFileName);
        Assert.Contains("missing_field.json: images[1] 'airport_2.png': required field 'sentences'", error.Message);
    }

    [Fact]
    public void EmptyCaptionNamesTheSentence()
    {
        var error = ReadFails("empty_caption.json");

        Assert.Equal(DatasetProblemKind.EmptyCaption, error.Kind);
        Assert.Contains("empty_caption.json: images[0].sentences[2] 'airport_1.png': caption is empty or whitespace", error.Message);
    }

    [Fact]
    public void DuplicateImageNamesBothEntries()
    {
        var error = ReadFails("duplicate.json");

        Assert.Equal(DatasetProblemKind.DuplicateImage, error.Kind);
        Assert.Contains("duplicate.json: images[2] 'airport_1.png': duplicate image", error.Message);
        Assert.Contains("already comes from images[0] 'airport_1.png'", error.Message);
    }

    [Fact]
    public void UnknownSplitNamesTheValue()
    {
        var error = ReadFails("unknown_split.json");

        Assert.Equal(DatasetProblemKind.UnknownSplit, error.Kind);
        Assert.Contains("unknown_split.json: images[1] 'beach_3.png': unknown split 'holdout'", error.Message);
    }

    [Fact]
    public void MissingImageFileIsAnErrorByDefault()
    {
        var error = ReadFails("missing_image.json");

        Assert.Equal(DatasetProblemKind.MissingImage, error.Kind);
        Assert.Contains("missing_image.json: images[1] 'ghost_9.png': image file not found", error.Message);
    }

    [Fact]
    public void PirEntryWithoutCaptionNamesTheEntry()
    {
        var error = ReadFails("pir_missing_caption_test.json");

        Assert.Equal(DatasetProblemKind.MissingField, error.Kind);
        Assert.Contains("pir_missing_caption_test.json: [1] 'beach_3.png': required field 'caption'", error.Message);
    }

    [Fact]
    public void PirListShapedImageListedTwiceIsADuplicate()
    {
        var error = ReadFails("pir_duplicate_test.json");

        Assert.Equal(DatasetProblemKind.DuplicateImage, error.Kind);
        Assert.Contains("pir_duplicate_test.json: [1] 'airport_1.png': duplicate image", error.Message);
    }

    [Fact]
    public void PirFileWithoutSplitInNameOrOptionsFails()
    {
        var error = ReadFails("pir_labels.json");

        Assert.Equal(DatasetProblemKind.UnknownSplit, error.Kind);
        Assert.Contains("pir_labels.json", error.Message);
        Assert.Contains("DatasetReadOptions.Split", error.Message);
    }

    [Fact]
    public void KarpathyReaderRejectsAJsonArray()
    {
        var error = Assert.Throws<DatasetFormatException>(
            () => CaptionDatasetReader.ReadKarpathyJson(ReaderFixtures.Get("pir", "rsitmd_val.json")));

        Assert.Equal(DatasetProblemKind.UnrecognizedFormat, error.Kind);
        Assert.Contains("rsitmd_val.json: expected a JSON object with an 'images' array", error.Message);
    }
}
