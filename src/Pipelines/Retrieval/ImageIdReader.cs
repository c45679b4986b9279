using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace PriorClip.MLNet.Pipelines.Retrieval;

/// <summary>Reads an image-id column of any supported type as a string key.</summary>
internal static class ImageIdReader
{
    public const string SupportedTypes = "Text, Int32, Int64, UInt32, UInt64, or a UInt32/UInt64 key";

    /// <summary>Throws when the column's type cannot identify an image.</summary>
    public static void RequireSupported(DataViewSchema.Column column)
    {
        if (!IsSupported(column.Type))
            throw new ArgumentOutOfRangeException("data",
                $"Column '{column.Name}' is the image id column and must be {SupportedTypes}; found {column.Type}.");
    }

    /// <summary>
    /// A reader returning the current row's id, or null for a missing key value. A key column with
    /// text key values (e.g. from <c>MapValueToKey</c>) reads as the original text.
    /// </summary>
    public static Func<string?> Create(DataViewRow row, DataViewSchema.Column column)
    {
        string[]? keyValues = TextKeyValues(column);
        return column.Type switch
        {
            TextDataViewType => Text(row, column),
            KeyDataViewType { RawType: var raw } when raw == typeof(uint) => Key<uint>(row, column, v => v == 0, v => KeyName((ulong)v, keyValues)),
            KeyDataViewType { RawType: var raw } when raw == typeof(ulong) => Key<ulong>(row, column, v => v == 0, v => KeyName(v, keyValues)),
            NumberDataViewType when column.Type.RawType == typeof(int) => Number<int>(row, column),
            NumberDataViewType when column.Type.RawType == typeof(long) => Number<long>(row, column),
            NumberDataViewType when column.Type.RawType == typeof(uint) => Number<uint>(row, column),
            NumberDataViewType when column.Type.RawType == typeof(ulong) => Number<ulong>(row, column),
            _ => throw new InvalidOperationException($"Unsupported image id type {column.Type}."),
        };
    }

    private static string KeyName(ulong key, string[]? keyValues) =>
        keyValues is not null && key <= (ulong)keyValues.Length ? keyValues[key - 1] : key.ToString(CultureInfo.InvariantCulture);

    private static string[]? TextKeyValues(DataViewSchema.Column column)
    {
        if (column.Type is not KeyDataViewType ||
            column.Annotations.Schema.GetColumnOrNull("KeyValues") is not { Type: VectorDataViewType { ItemType: TextDataViewType } })
            return null;
        VBuffer<ReadOnlyMemory<char>> values = default;
        column.GetKeyValues(ref values);
        return values.DenseValues().Select(v => v.ToString()).ToArray();
    }

    private static bool IsSupported(DataViewType type) => type switch
    {
        TextDataViewType => true,
        KeyDataViewType key => key.RawType == typeof(uint) || key.RawType == typeof(ulong),
        NumberDataViewType number => number.RawType == typeof(int) || number.RawType == typeof(long) ||
                                     number.RawType == typeof(uint) || number.RawType == typeof(ulong),
        _ => false,
    };

    private static Func<string?> Text(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> value = default;
        return () =>
        {
            getter(ref value);
            return value.ToString();
        };
    }

    private static Func<string?> Key<T>(DataViewRow row, DataViewSchema.Column column, Func<T, bool> isMissing, Func<T, string> format)
    {
        var getter = row.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return isMissing(value) ? null : format(value);
        };
    }

    private static Func<string?> Number<T>(DataViewRow row, DataViewSchema.Column column) where T : IFormattable
    {
        var getter = row.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return value.ToString(null, CultureInfo.InvariantCulture);
        };
    }
}
