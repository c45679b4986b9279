using System.Text;

namespace PriorClip.MLNet.Data;

/// <summary>
/// Splits delimited text into records (RFC 4180): fields that start with <c>"</c> are quoted,
/// may hold separators and line breaks, and write <c>"</c> as <c>""</c>. Lines end with LF, CRLF
/// or CR. Empty lines are skipped. A quote inside an unquoted field is kept as a character (as
/// pandas, which open_clip uses, does). An unterminated quote or text after a closing quote is a
/// <see cref="DatasetProblemKind.MalformedCsv"/> error with its line and column.
/// </summary>
internal static class CsvRecordReader
{
    public static IEnumerable<CsvRecord> Read(string text, char separator, string file)
    {
        var position = 0;
        long line = 1;
        var column = 1;
        while (position < text.Length)
        {
            if (IsLineBreak(text[position]))
            {
                SkipLineBreak(text, ref position, ref line, ref column);
                continue;
            }

            var recordLine = line;
            var fields = new List<string>();
            var columns = new List<int>();
            while (true)
            {
                columns.Add(column);
                fields.Add(position < text.Length && text[position] == '"'
                    ? ReadQuoted(text, separator, file, ref position, ref line, ref column)
                    : ReadUnquoted(text, separator, ref position, ref column));
                if (position < text.Length && text[position] == separator)
                {
                    position++;
                    column++;
                    continue;
                }

                break;
            }

            var endColumn = column;
            if (position < text.Length)
            {
                SkipLineBreak(text, ref position, ref line, ref column);
            }

            yield return new CsvRecord(fields, columns, recordLine, endColumn);
        }
    }

    private static string ReadUnquoted(string text, char separator, ref int position, ref int column)
    {
        var start = position;
        while (position < text.Length && text[position] != separator && !IsLineBreak(text[position]))
        {
            position++;
        }

        column += position - start;
        return text[start..position];
    }

    private static string ReadQuoted(string text, char separator, string file, ref int position, ref long line, ref int column)
    {
        var (openLine, openColumn) = (line, column);
        position++;
        column++;
        var value = new StringBuilder();
        while (true)
        {
            if (position >= text.Length)
            {
                throw Malformed(file, openLine, openColumn, "quoted field is not closed before the end of the file");
            }

            var c = text[position];
            if (c == '"')
            {
                if (position + 1 < text.Length && text[position + 1] == '"')
                {
                    value.Append('"');
                    position += 2;
                    column += 2;
                    continue;
                }

                position++;
                column++;
                break;
            }

            if (IsLineBreak(c))
            {
                var start = position;
                SkipLineBreak(text, ref position, ref line, ref column);
                value.Append(text, start, position - start);
                continue;
            }

            value.Append(c);
            position++;
            column++;
        }

        if (position < text.Length && text[position] != separator && !IsLineBreak(text[position]))
        {
            throw Malformed(file, line, column, $"unexpected character '{text[position]}' after a closing quote (write a quote inside a quoted field as \"\")");
        }

        return value.ToString();
    }

    private static bool IsLineBreak(char c) => c is '\n' or '\r';

    private static void SkipLineBreak(string text, ref int position, ref long line, ref int column)
    {
        position += text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n' ? 2 : 1;
        line++;
        column = 1;
    }

    private static DatasetFormatException Malformed(string file, long line, int column, string description) =>
        new(new SourceLocation(file, null, null, line, column).Problem(DatasetProblemKind.MalformedCsv, description));
}
