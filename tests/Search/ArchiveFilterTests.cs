using PriorClip.MLNet.Search.Metadata;

namespace PriorClip.MLNet.Tests.Search;

/// <summary>Archive metadata round-trips through image_metadata.jsonl and filters keep exactly the rows they should.</summary>
public sealed class ArchiveFilterTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("priorclip-metadata-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static readonly ArchiveItem[] Items =
    [
        new() { Id = "a", Bbox = [13.70, 45.10, 13.72, 45.12], Date = new DateTime(2024, 5, 1), Class = "harbor" },
        new() { Id = "b", Bbox = [13.80, 45.10, 13.82, 45.12], Date = new DateTime(2024, 5, 1, 18, 30, 0), Class = "forest" },
        new() { Id = "c", Bbox = [14.50, 46.00, 14.52, 46.02], Date = new DateTime(2024, 6, 12), Class = "harbor" },
        new() { Id = "d", Path = "/archive/d.png", Tile = [0, 0, 64, 64] }, // no place, date or class
    ];

    [Fact]
    public void EachConditionKeepsTheRowsThatMeetItAndDropsRowsWithoutTheField()
    {
        Assert.Equal([0, 1, 2, 3], new ArchiveFilter().Rows(Items));
        Assert.True(new ArchiveFilter().IsEmpty);
        // The box meets a and b (b only touches it at longitude 13.80); c is far away; d has no footprint.
        Assert.Equal([0, 1], new ArchiveFilter { Bbox = [13.71, 45.11, 13.80, 45.20] }.Rows(Items));
        Assert.Equal([2], new ArchiveFilter { From = new DateTime(2024, 5, 2) }.Rows(Items));
        // A date alone as the end means the whole day, so b (18:30 that day) is kept.
        Assert.Equal([0, 1], new ArchiveFilter { To = new DateTime(2024, 5, 1) }.Rows(Items));
        Assert.Equal([0], new ArchiveFilter { To = new DateTime(2024, 5, 1, 12, 0, 0) }.Rows(Items));
        Assert.Equal([0, 2], new ArchiveFilter { Classes = new HashSet<string> { "harbor" } }.Rows(Items));
        Assert.Equal([2], new ArchiveFilter { Classes = new HashSet<string> { "harbor" }, From = new DateTime(2024, 6, 1) }.Rows(Items));
    }

    [Fact]
    public void TheJsonLinesFileRoundTripsAndABadLineIsNamed()
    {
        string path = Path.Combine(_dir, ArchiveMetadataFile.FileName);
        ArchiveMetadataFile.Write(path, Items);
        Assert.Equal(Items, ArchiveMetadataFile.Read(path), new ItemComparer());
        Assert.Equal(4, File.ReadAllLines(path).Length);

        File.WriteAllLines(path, ["{\"id\":\"a\"}", "{\"id\":\"b\",\"bbox\":[1,2,0,3]}"]);
        Assert.Equal($"{path}, line 2: bbox must be [min lon, min lat, max lon, max lat], got [1, 2, 0, 3]",
            Assert.Throws<InvalidDataException>(() => ArchiveMetadataFile.Read(path)).Message);
        File.WriteAllLines(path, ["{\"id\":\"a\"}", "{\"id\":\"b\",", "{\"id\":\"c\"}"]);
        Assert.StartsWith($"{path}, line 2, column ", Assert.Throws<InvalidDataException>(() => ArchiveMetadataFile.Read(path)).Message);
        File.WriteAllLines(path, ["{\"path\":\"x.png\"}"]);
        Assert.Equal($"{path}, line 1: the row has no id", Assert.Throws<InvalidDataException>(() => ArchiveMetadataFile.Read(path)).Message);
    }

    [Fact]
    public void OptionTextIsParsedOrNamedInTheError()
    {
        Assert.Equal([13.7, 45.1, 13.8, 45.2], ArchiveFilter.ParseBbox("13.7, 45.1, 13.8, 45.2", "--bbox"));
        Assert.Equal("--bbox: '13.8,45.1,13.7,45.2' is not min lon,min lat,max lon,max lat (e.g. 13.7,45.1,13.8,45.2)",
            Assert.Throws<ArgumentException>(() => ArchiveFilter.ParseBbox("13.8,45.1,13.7,45.2", "--bbox")).Message);
        Assert.Equal(new DateTime(2024, 5, 1), ArchiveFilter.ParseDate("2024-05-01", "--from"));
        Assert.Equal("--to: 'May' is not a date (yyyy-MM-dd) or an ISO 8601 date and time", Assert.Throws<ArgumentException>(() => ArchiveFilter.ParseDate("May", "--to")).Message);
    }

    sealed class ItemComparer : IEqualityComparer<ArchiveItem>
    {
        public bool Equals(ArchiveItem? x, ArchiveItem? y) => x!.Id == y!.Id && x.Path == y.Path && x.Date == y.Date && x.Class == y.Class &&
            (x.Bbox ?? []).SequenceEqual(y.Bbox ?? []) && (x.Tile ?? []).SequenceEqual(y.Tile ?? []);

        public int GetHashCode(ArchiveItem obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
