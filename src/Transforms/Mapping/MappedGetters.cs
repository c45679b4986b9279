using Microsoft.ML;

namespace PriorClip.MLNet.Transforms.Mapping;

/// <summary>Getter lookup shared by <see cref="MappedRow"/> and <see cref="MappedCursor"/>.</summary>
internal static class MappedGetters
{
    internal static ValueGetter<TValue> Get<TValue>(DataViewSchema.Column column, int firstComputed, Delegate?[] getters, DataViewRow input)
    {
        if (column.Index < firstComputed)
            return input.GetGetter<TValue>(input.Schema[column.Index]);
        var getter = getters[column.Index - firstComputed]
            ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested as active when the cursor was created.");
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}; it cannot be read as {typeof(TValue).Name}.");
    }
}
