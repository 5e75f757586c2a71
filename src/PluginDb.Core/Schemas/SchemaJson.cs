using System.Text.Json;

namespace PluginDb.Core.Schemas;

/// <summary>
/// The schema model as JSON, written field by field and read back from a <see cref="JsonDocument"/>:
/// no reflection and no serializer start-up, which matters to a command that reads one cached
/// schema and exits. Reading throws <see cref="JsonException"/> on anything that is not the shape
/// written here, so a damaged file is never half-read.
/// </summary>
public static class SchemaJson
{
    public static void Write(Utf8JsonWriter writer, DatabaseSchema schema)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(schema);
        writer.WriteStartObject();
        Array(writer, "tables", schema.Tables, WriteTable);
        Array(writer, "enums", schema.Enums, (w, e) =>
        {
            w.WriteStartObject();
            w.WriteString("name", e.Name);
            Strings(w, "values", e.Values);
            w.WriteEndObject();
        });
        Array(writer, "views", schema.Views, (w, v) =>
        {
            w.WriteStartObject();
            w.WriteString("name", v.Name);
            w.WriteString("definition", v.Definition);
            w.WriteEndObject();
        });
        Array(writer, "sequences", schema.Sequences, (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("name", s.Name);
            w.WriteString("dataType", s.DataType);
            w.WriteNumber("start", s.Start);
            w.WriteNumber("increment", s.Increment);
            w.WriteNumber("minValue", s.MinValue);
            w.WriteNumber("maxValue", s.MaxValue);
            w.WriteBoolean("cycle", s.Cycle);
            w.WriteEndObject();
        });
        writer.WriteEndObject();
    }

    /// <exception cref="JsonException">The element is not a schema as <see cref="Write"/> writes it.</exception>
    public static DatabaseSchema Read(JsonElement element)
    {
        try
        {
            return new DatabaseSchema(
                List(element, "tables", ReadTable),
                List(element, "enums", e => new EnumType(Text(e, "name"), List(e, "values", v => v.GetString() ?? throw Shape("values")))),
                List(element, "views", v => new View(Text(v, "name"), Text(v, "definition"))),
                List(element, "sequences", s => new Sequence(
                    Text(s, "name"), Text(s, "dataType"), Number(s, "start"), Number(s, "increment"), Number(s, "minValue"), Number(s, "maxValue"),
                    Property(s, "cycle").GetBoolean())));
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or ArgumentException)
        {
            throw new JsonException($"Not a schema model: {exception.Message}", exception);
        }
    }

    private static void WriteTable(Utf8JsonWriter writer, Table table)
    {
        writer.WriteStartObject();
        writer.WriteString("name", table.Name);
        Array(writer, "columns", table.Columns, (w, c) =>
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("type", c.Type);
            w.WriteBoolean("nullable", c.Nullable);
            w.WriteString("default", c.Default);
            w.WriteString("identity", c.Identity.ToString());
            w.WriteEndObject();
        });
        if (table.PrimaryKey is { } key)
        {
            writer.WriteStartObject("primaryKey");
            writer.WriteString("name", key.Name);
            Strings(writer, "columns", key.Columns);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("primaryKey");
        }
        Array(writer, "uniqueConstraints", table.UniqueConstraints, (w, u) =>
        {
            w.WriteStartObject();
            w.WriteString("name", u.Name);
            Strings(w, "columns", u.Columns);
            w.WriteEndObject();
        });
        Array(writer, "indexes", table.Indexes, (w, i) =>
        {
            w.WriteStartObject();
            w.WriteString("name", i.Name);
            Array(w, "keys", i.Keys, (kw, k) =>
            {
                kw.WriteStartObject();
                kw.WriteString("text", k.Text);
                kw.WriteBoolean("isExpression", k.IsExpression);
                kw.WriteBoolean("descending", k.Descending);
                kw.WriteString("operatorClass", k.OperatorClass);
                kw.WriteString("defaultOperatorClass", k.DefaultOperatorClass);
                kw.WriteEndObject();
            });
            w.WriteBoolean("unique", i.Unique);
            w.WriteString("predicate", i.Predicate);
            w.WriteString("method", i.Method);
            w.WriteEndObject();
        });
        Array(writer, "foreignKeys", table.ForeignKeys, (w, f) =>
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            Strings(w, "columns", f.Columns);
            w.WriteString("referencedTable", f.ReferencedTable);
            Strings(w, "referencedColumns", f.ReferencedColumns);
            w.WriteString("onDelete", f.OnDelete.ToString());
            w.WriteString("onUpdate", f.OnUpdate.ToString());
            w.WriteEndObject();
        });
        Array(writer, "checks", table.Checks, (w, c) =>
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("expression", c.Expression);
            w.WriteEndObject();
        });
        writer.WriteEndObject();
    }

    private static Table ReadTable(JsonElement t)
    {
        var key = Property(t, "primaryKey");
        return new Table(
            Text(t, "name"),
            List(t, "columns", c => new Column(
                Text(c, "name"), Text(c, "type"), Property(c, "nullable").GetBoolean(), OptionalText(c, "default"), Enum<ColumnIdentity>(c, "identity"))),
            key.ValueKind == JsonValueKind.Null ? null : new PrimaryKey(OptionalText(key, "name"), Names(key, "columns")),
            List(t, "uniqueConstraints", u => new UniqueConstraint(Text(u, "name"), Names(u, "columns"))),
            List(t, "indexes", i => new TableIndex(
                Text(i, "name"),
                List(i, "keys", k => new IndexKey(Text(k, "text"), Property(k, "isExpression").GetBoolean(), Property(k, "descending").GetBoolean(), OptionalText(k, "operatorClass"), OptionalText(k, "defaultOperatorClass"))),
                Property(i, "unique").GetBoolean(),
                OptionalText(i, "predicate"),
                OptionalText(i, "method"))),
            List(t, "foreignKeys", f => new ForeignKey(
                Text(f, "name"), Names(f, "columns"), Text(f, "referencedTable"), Names(f, "referencedColumns"),
                Enum<ReferentialAction>(f, "onDelete"), Enum<ReferentialAction>(f, "onUpdate"))),
            List(t, "checks", c => new CheckConstraint(Text(c, "name"), Text(c, "expression"))));
    }

    private static void Array<T>(Utf8JsonWriter writer, string name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            write(writer, item);
        }
        writer.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values) =>
        Array(writer, name, values, (w, v) => w.WriteStringValue(v));

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : throw Shape(name);

    private static List<T> List<T>(JsonElement element, string name, Func<JsonElement, T> read)
    {
        var array = Property(element, name);
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Shape(name);
        }
        var items = new List<T>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            items.Add(read(item));
        }
        return items;
    }

    private static List<string> Names(JsonElement element, string name) => List(element, name, v => v.GetString() ?? throw Shape(name));

    private static string Text(JsonElement element, string name) => Property(element, name).GetString() ?? throw Shape(name);

    private static string? OptionalText(JsonElement element, string name) => Property(element, name).GetString();

    private static long Number(JsonElement element, string name) => Property(element, name).GetInt64();

    private static T Enum<T>(JsonElement element, string name) where T : struct, System.Enum =>
        System.Enum.TryParse<T>(Text(element, name), ignoreCase: false, out var value) && System.Enum.IsDefined(value) ? value : throw Shape(name);

    private static JsonException Shape(string name) => new($"\"{name}\" is missing or of the wrong kind.");
}
