namespace PriorClip.MLNet.Data;

/// <summary>Collects reported problems, or throws when the policy for a problem says so.</summary>
internal sealed class ProblemSink
{
    private readonly List<DatasetProblem> problems = [];

    public IReadOnlyList<DatasetProblem> Problems => problems;

    /// <summary>Throws for <see cref="EntryProblemPolicy.Error"/>; otherwise records the problem as skipped.</summary>
    public void Handle(EntryProblemPolicy policy, DatasetProblem problem)
    {
        if (policy == EntryProblemPolicy.Error)
        {
            throw new DatasetFormatException(problem);
        }

        problems.Add(problem with { Outcome = DatasetProblemOutcome.Skipped });
    }

    public void Add(DatasetProblem problem) => problems.Add(problem);
}
