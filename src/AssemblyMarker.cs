namespace PriorClip.MLNet; internal static class AssemblyMarker { }
