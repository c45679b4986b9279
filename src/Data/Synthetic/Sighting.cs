namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>One shared thing as it shows in an image: how many (discrete things) or in which grammatical number (areas).</summary>
/// <param name="Thing">The thing.</param>
/// <param name="Count">Objects shown, for a discrete thing; 1 or 2 for an area named in the singular or plural.</param>
internal sealed record Sighting(SharedThing Thing, int Count)
{
    public bool IsPlural => Count > 1;
}
