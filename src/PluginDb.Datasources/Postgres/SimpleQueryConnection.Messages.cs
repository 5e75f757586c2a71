using System.Buffers.Binary;
using System.Text;

namespace PluginDb.Datasources.Postgres;

/// <summary>Server messages read into values: ParameterStatus, DataRow, ErrorResponse.</summary>
internal sealed partial class SimpleQueryConnection
{
    // ParameterStatus: a setting's name and value, each NUL-terminated.
    private void RecordParameter(byte[] message)
    {
        var nameEnd = Array.IndexOf(message, (byte)0);
        var valueEnd = Array.IndexOf(message, (byte)0, nameEnd + 1);
        if (nameEnd > 0 && valueEnd > nameEnd)
        {
            _serverParameters[Encoding.UTF8.GetString(message, 0, nameEnd)] = Encoding.UTF8.GetString(message, nameEnd + 1, valueEnd - nameEnd - 1);
        }
    }

    // DataRow: a column count, then each value's length (-1 for NULL) and its bytes, text format.
    private static string?[] ParseDataRow(byte[] body)
    {
        var values = new string?[BinaryPrimitives.ReadInt16BigEndian(body)];
        var offset = 2;
        for (var i = 0; i < values.Length; i++)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(offset));
            offset += 4;
            if (length >= 0)
            {
                values[i] = Encoding.UTF8.GetString(body, offset, length);
                offset += length;
            }
        }
        return values;
    }

    private static ServerError ParseError(byte[] body, int completed)
    {
        var fields = new Dictionary<char, string>();
        var i = 0;
        while (i < body.Length && body[i] != 0)
        {
            var code = (char)body[i++];
            var end = Array.IndexOf(body, (byte)0, i);
            fields[code] = Encoding.UTF8.GetString(body, i, end - i);
            i = end + 1;
        }
        return new ServerError(
            fields.GetValueOrDefault('V') ?? fields.GetValueOrDefault('S') ?? "ERROR",
            fields.GetValueOrDefault('C') ?? "XX000",
            fields.GetValueOrDefault('M') ?? "unknown error",
            fields.GetValueOrDefault('D'),
            fields.GetValueOrDefault('H'),
            int.TryParse(fields.GetValueOrDefault('P'), out var position) ? position : null,
            fields.GetValueOrDefault('W'),
            completed);
    }
}
