using System.Runtime;
using PriorClip.MLNet.Modeling.Interop;

namespace PriorClip.MLNet.Tests.Modeling;

[Collection(LibTorchCollection.Name)]
public class NoFinalizerRaceTests
{
    [Fact]
    public void RenewingBetweenStepsCollectsOnlyWhenTheBudgetIsSpent()
    {
        using (var guard = NoFinalizerRace.Enter())
        {
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            int before = GC.CollectionCount(2);
            for (int step = 0; step < 200; step++)
            {
                guard.Renew();
                GC.KeepAlive(new byte[1024]); // a step's worth of small managed garbage
            }
            Assert.Equal(before, GC.CollectionCount(2)); // 200 KB is far below the renewal threshold
            GC.KeepAlive(new byte[NoFinalizerRace.RenewAfterBytes + 1]);
            guard.Renew(); // the region is reopened here, with one collection at this safe point
            Assert.InRange(GC.CollectionCount(2), before + 1, before + 2);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void InnerGuardsShareTheOuterRegionAndOnlyTheOutermostEndsIt()
    {
        using (var outer = NoFinalizerRace.Enter())
        {
            using (var inner = NoFinalizerRace.Enter())
            {
                inner.Renew();
                Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            }
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
