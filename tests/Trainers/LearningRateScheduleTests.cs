using PriorClip.MLNet.Trainers;

namespace PriorClip.MLNet.Tests.Trainers;

public class LearningRateScheduleTests
{
    [Fact]
    public void WarmupThenLinearDecayToZero()
    {
        var s = new LearningRateSchedule(1e-3, warmupSteps: 10, totalSteps: 110, LearningRateDecay.Linear);
        Assert.Equal(1e-4, s.RateAt(0), 12);
        Assert.Equal(1e-3, s.RateAt(9), 12);
        Assert.Equal(1e-3, s.RateAt(10), 12);
        Assert.Equal(0.5e-3, s.RateAt(60), 12);
        Assert.Equal(0, s.RateAt(110), 12);
    }

    [Fact]
    public void CosineIsHalfWayAtTheMiddle()
    {
        var s = new LearningRateSchedule(2.0, 0, 100, LearningRateDecay.Cosine);
        Assert.Equal(2.0, s.RateAt(0), 12);
        Assert.Equal(1.0, s.RateAt(50), 12);
        Assert.Equal(0.0, s.RateAt(100), 12);
    }

    [Fact]
    public void WarmupLongerThanTheRunIsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LearningRateSchedule(1, 11, 10, LearningRateDecay.Linear));
        Assert.Equal("warmupSteps", error.ParamName);
    }
}
