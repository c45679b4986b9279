namespace PriorClip.MLNet.Data.Synthetic;

/// <summary>How the salient objects of a scene are laid out.</summary>
public enum ObjectArrangement
{
    /// <summary>Irregularly placed.</summary>
    Scattered,
    /// <summary>In one or more straight, evenly spaced rows (see <see cref="SalientGroup.Rows"/>).</summary>
    Rows,
    /// <summary>In a regular grid of rows and columns.</summary>
    Grid,
    /// <summary>Along the sides of piers or roads.</summary>
    Along,
}
