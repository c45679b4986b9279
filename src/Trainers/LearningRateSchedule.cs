namespace PriorClip.MLNet.Trainers;

/// <summary>How the learning rate decays after warm-up.</summary>
public enum LearningRateDecay
{
    /// <summary>Stays at the base rate.</summary>
    Constant,
    /// <summary>Falls linearly to zero at the last step (the closed-domain recipe).</summary>
    Linear,
    /// <summary>Follows half a cosine to zero at the last step (open_clip's default).</summary>
    Cosine,
}

/// <summary>Linear warm-up from zero, then the chosen decay; a pure function of the step.</summary>
public sealed class LearningRateSchedule
{
    /// <summary>Creates a schedule over <paramref name="totalSteps"/> optimiser steps.</summary>
    public LearningRateSchedule(double baseRate, long warmupSteps, long totalSteps, LearningRateDecay decay)
    {
        if (!(baseRate > 0)) throw new ArgumentOutOfRangeException(nameof(baseRate), baseRate, "must be positive");
        if (totalSteps <= 0) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "must be positive");
        if (warmupSteps < 0 || warmupSteps > totalSteps)
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, $"must be in 0..{totalSteps} (the total step count)");
        BaseRate = baseRate;
        WarmupSteps = warmupSteps;
        TotalSteps = totalSteps;
        Decay = decay;
    }

    /// <summary>Peak learning rate, reached at the end of warm-up.</summary>
    public double BaseRate { get; }

    /// <summary>Steps of linear warm-up.</summary>
    public long WarmupSteps { get; }

    /// <summary>All optimiser steps of the run.</summary>
    public long TotalSteps { get; }

    /// <summary>Decay after warm-up.</summary>
    public LearningRateDecay Decay { get; }

    /// <summary>Learning rate for the 0-based optimiser step <paramref name="step"/>.</summary>
    public double RateAt(long step)
    {
        if (step < WarmupSteps) return BaseRate * (step + 1) / WarmupSteps;
        long decaySteps = TotalSteps - WarmupSteps;
        if (decaySteps <= 0 || Decay == LearningRateDecay.Constant) return BaseRate;
        double progress = Math.Clamp((double)(step - WarmupSteps) / decaySteps, 0, 1);
        return Decay == LearningRateDecay.Linear
            ? BaseRate * (1 - progress)
            : BaseRate * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
