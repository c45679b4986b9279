using PriorClip.MLNet.Data;

namespace PriorClip.MLNet.Tests.Data.Readers;

public class SceneClassNamesTests
{
    [Theory]
    [InlineData("airport_12.jpg", "airport")]
    [InlineData("denseresidential_1_2.tif", "denseresidential")]
    [InlineData("00012.jpg", "00012")]
    [InlineData("7.tif", "7")]
    [InlineData("beach3.jpg", "beach")]
    [InlineData("river-07.png", "river")]
    [InlineData("Playground.png", "Playground")]
    [InlineData("sub/folder/port_3.png", "port")]
    [InlineData("_12.png", "_12")]
    public void DerivesTheClassFromTheFileName(string fileName, string expected) =>
        Assert.Equal(expected, SceneClassNames.FromFileName(fileName));
}
