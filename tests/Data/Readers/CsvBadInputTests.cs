using PriorClip.MLNet.Data;

namespace PriorClip.MLNet.Tests.Data.Readers;

/// <summary>Every bad CSV input fails with a message that names the file, the line and the column.</summary>
public class CsvBadInputTests
{
    private static DatasetFormatException ReadFails(string fixture, DatasetReadOptions? options = null) =>
        Assert.Throws<DatasetFormatException>(
            () => CaptionDatasetReader.Read(ReaderFixtures.Bad(fixture), options ?? new DatasetReadOptions { CsvSplitColumn = "split" }));

    [Fact]
    public void RowWithWrongFieldCountGivesLineAndColumnOfTheExtraField()
    {
        var error = ReadFails("wrong_fields.csv");

        Assert.Equal(DatasetProblemKind.WrongFieldCount, error.Kind);
        Assert.Equal(3, error.Line);
        Assert.Equal(41, error.Column);
        Assert.Contains("wrong_fields.csv: line 3, column 41: record 1 'airport_2.png': expected 3 fields (as in the header) but found 4", error.Message);
    }

    [Fact]
    public void EmptyCaptionGivesLineAndColumnOfTheCaption()
    {
        var error = ReadFails("empty_caption.csv");

        Assert.Equal(DatasetProblemKind.EmptyCaption, error.Kind);
        Assert.Contains("empty_caption.csv: line 3, column 15: record 1 'airport_2.png': caption is empty or whitespace", error.Message);
    }

    [Fact]
    public void TextAfterAClosingQuoteIsMalformed()
    {
        var error = ReadFails("bad_quote.csv");

        Assert.Equal(DatasetProblemKind.MalformedCsv, error.Kind);
        Assert.Contains("bad_quote.csv: line 2, column 23: unexpected character ' ' after a closing quote", error.Message);
    }

    [Fact]
    public void UnterminatedQuoteGivesWhereTheQuoteOpened()
    {
        using var temp = new TempFolder();
        var file = temp.Write("open_quote.csv", "filepath,title\nairport_1.png,Planes.\nairport_2.png,\"A runway\n");

        var error = Assert.Throws<DatasetFormatException>(() => CaptionDatasetReader.Read(file, new DatasetReadOptions { Split = "train" }));

        Assert.Equal(DatasetProblemKind.MalformedCsv, error.Kind);
        Assert.Contains("open_quote.csv: line 3, column 15: quoted field is not closed", error.Message);
    }

    [Fact]
    public void MissingConfiguredColumnListsTheHeader()
    {
        var error = ReadFails("missing_column.csv", new DatasetReadOptions { Split = "train" });

        Assert.Equal(DatasetProblemKind.MissingField, error.Kind);
        Assert.Contains("missing_column.csv: line 1, column 1: header: column 'filepath' (DatasetReadOptions.CsvImageColumn) is not in the header; found: 'path', 'caption'", error.Message);
    }

    [Fact]
    public void SameImageInTwoSplitsIsInconsistent()
    {
        var error = ReadFails("inconsistent_split.csv");

        Assert.Equal(DatasetProblemKind.InconsistentImage, error.Kind);
        Assert.Contains("inconsistent_split.csv: line 3, column 1: record 1 'airport_1.png': split 'test' differs from 'train'", error.Message);
        Assert.Contains("line 2 (record 0) 'airport_1.png'", error.Message);
    }

    [Fact]
    public void UnknownSplitValueNamesTheRecord()
    {
        using var temp = new TempFolder();
        temp.CopyImage("airport_1.png");
        var file = temp.Write("splits.csv", "filepath,title,split\nairport_1.png,Planes.,dev\n");

        var error = Assert.Throws<DatasetFormatException>(() => CaptionDatasetReader.Read(file, new DatasetReadOptions { CsvSplitColumn = "split" }));

        Assert.Equal(DatasetProblemKind.UnknownSplit, error.Kind);
        Assert.Contains("splits.csv: line 2, column 1: record 0 'airport_1.png': unknown split 'dev'", error.Message);
    }

    [Fact]
    public void CsvWithoutAnySplitAsksForTheOption()
    {
        using var temp = new TempFolder();
        temp.CopyImage("airport_1.png");
        var file = temp.Write("pairs.csv", "filepath,title\nairport_1.png,Planes.\n");

        var error = Assert.Throws<DatasetFormatException>(() => CaptionDatasetReader.Read(file));

        Assert.Equal(DatasetProblemKind.UnknownSplit, error.Kind);
        Assert.Contains("pairs.csv: line 2, column 1: record 0 'airport_1.png': no split given (set DatasetReadOptions.Split)", error.Message);
    }
}
