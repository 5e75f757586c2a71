using System.Globalization;
using System.Text;
using System.Text.Json;
using PluginDb.Core.Findings;

namespace PluginDb.Core.Manifests;

/// <summary>
/// plugin.json as read: the JSON tree the schema check walks, and where each value and property
/// name stands in the file, keyed by JSON pointer (RFC 6901).
/// </summary>
internal sealed record ManifestJson(
    JsonElement Root,
    IReadOnlyDictionary<string, SourcePosition> ValuePositions,
    IReadOnlyDictionary<string, SourcePosition> NamePositions)
{
    public static string EscapeSegment(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>
    /// Parses strict JSON (RFC 8259: no comments, no trailing commas, no duplicate keys), as
    /// Prisma and the platform's own loader do; what an editor tolerates but the platform refuses
    /// is better refused here. Iterative, so nesting depth cannot overflow the stack.
    /// </summary>
    public static ManifestJsonOutcome Parse(ReadOnlyMemory<byte> utf8, int maxDepth)
    {
        var bytes = utf8.Span;
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            // A byte order mark is legal in a UTF-8 file but not in JSON text; editors hide it.
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
            bytes = utf8.Span;
        }

        if (FirstInvalidUtf8(bytes) is { } bad)
        {
            var at = new Utf8PositionCursor(utf8).At(bad);
            return ManifestJsonOutcome.Failed(FindingCodes.ManifestEncoding,
                $"Byte 0x{bytes[bad]:X2} at line {at.Line}, column {at.Column} is not valid UTF-8; save plugin.json as UTF-8.", at);
        }

        if (IsBlank(bytes))
        {
            return ManifestJsonOutcome.Failed(FindingCodes.ManifestNotJson, "plugin.json is empty.", new SourcePosition(1, 1));
        }

        try
        {
            return Build(utf8, maxDepth);
        }
        catch (JsonException e)
        {
            return ManifestJsonOutcome.Failed(FindingCodes.ManifestNotJson, DescribeReaderError(e), PositionOf(utf8, e));
        }
    }

    private static ManifestJsonOutcome Build(ReadOnlyMemory<byte> utf8, int maxDepth)
    {
        var values = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        var names = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        var cursor = new Utf8PositionCursor(utf8);
        var open = new Stack<OpenContainer>();
        string? pendingName = null;

        // The reader's own limit sits above ours, so going too deep is reported as SDB103 here
        // rather than as a parse error.
        var options = new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            MaxDepth = maxDepth + 1,
        };
        var reader = new Utf8JsonReader(utf8.Span, options);

        while (reader.Read())
        {
            var position = cursor.At(reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                {
                    var parentPointer = open.Peek().Pointer;
                    pendingName = reader.GetString()!;
                    if (names.ContainsKey(parentPointer + "/" + EscapeSegment(pendingName)))
                    {
                        return ManifestJsonOutcome.Failed(FindingCodes.ManifestNotJson,
                            $"The key \"{pendingName}\" appears twice in one object; which value counts would depend on the reader.", position);
                    }
                    names[parentPointer + "/" + EscapeSegment(pendingName)] = position;
                    continue;
                }
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    open.Pop();
                    continue;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= maxDepth)
            {
                return ManifestJsonOutcome.Failed(FindingCodes.ManifestTooLarge,
                    $"plugin.json nests objects and arrays more than {maxDepth} levels deep.", position);
            }

            string pointer;
            if (open.Count == 0)
            {
                pointer = "";
            }
            else
            {
                // Names are registered before their values, so duplicates are caught above.
                var parent = open.Peek();
                pointer = parent.Pointer + "/" + (pendingName is null ? parent.Count.ToString(CultureInfo.InvariantCulture) : EscapeSegment(pendingName));
                parent.Count++;
            }
            pendingName = null;
            values[pointer] = position;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                open.Push(new OpenContainer(pointer));
            }
        }

        // The text is known to be well-formed and within the depth now; the tree is read from it
        // once more, cloned so that it outlives the document's pooled buffers.
        using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions
        {
            CommentHandling = options.CommentHandling,
            AllowTrailingCommas = options.AllowTrailingCommas,
            MaxDepth = options.MaxDepth,
        });
        return ManifestJsonOutcome.Succeeded(new ManifestJson(document.RootElement.Clone(), values, names));
    }

    /// <summary>Whether the text is only JSON whitespace (a loop: span helpers over bytes are compiled at each start).</summary>
    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }
        return true;
    }

    private static int? FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var index = 0;
        while (index < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[index..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return index;
            }
            index += consumed;
        }
        return null;
    }

    /// <summary>The reader's message without its 0-based "LineNumber: 0 | BytePositionInLine: 4." tail.</summary>
    private static string DescribeReaderError(JsonException e)
    {
        var message = e.Message;
        var tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return "plugin.json is not valid JSON: " + (tail >= 0 ? message[..tail] : message).TrimEnd();
    }

    private static SourcePosition PositionOf(ReadOnlyMemory<byte> utf8, JsonException e)
    {
        // The reader counts lines from 0 and columns in bytes; find the byte offset and count characters.
        var bytes = utf8.Span;
        long lineStart = 0;
        for (long line = 0; line < (e.LineNumber ?? 0); line++)
        {
            var next = bytes[(int)lineStart..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }
            lineStart += next + 1;
        }
        return new Utf8PositionCursor(utf8).At(lineStart + (e.BytePositionInLine ?? 0));
    }

    /// <summary>An object or array being read: its pointer, and how many values it holds so far.</summary>
    private sealed class OpenContainer(string pointer)
    {
        public string Pointer { get; } = pointer;

        public int Count { get; set; }
    }
}
