using PluginDb.Core.Prisma;

namespace PluginDb.Fidelity;

/// <summary>One edit of a project's schema: its kind, what it did, and the schema's files afterwards.</summary>
internal sealed record SchemaEdit(string Kind, string Description, IReadOnlyList<(string Name, string Text)> Files);

/// <summary>
/// Makes, from a project's schema, edits of every kind Prisma Migrate tells apart: fields added,
/// dropped, renamed with <c>@map</c>, retyped (scalar and native type), made optional or required;
/// defaults added and dropped; <c>@unique</c>, <c>@@unique</c>, <c>@@index</c> (with a sort order, a
/// method, a name) added and dropped; referential actions changed and relations dropped; enums and
/// their values added and dropped; scalar lists; models added, dropped and renamed with <c>@@map</c>.
/// Each edit touches the first object of the project it fits (after <c>rotation</c> of them), so a
/// corpus gives each kind on many projects. Edits Prisma itself rejects are counted apart by the caller.
/// </summary>
internal static class SchemaEdits
{
    private static readonly string[] Scalars = ["String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes"];

    /// <summary>Every kind, in the order a project's edits are taken from.</summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        "add optional field", "drop field", "map field", "make optional", "make required", "change scalar type", "native type",
        "add default", "drop default", "add @unique", "drop @unique", "add @@index", "add @@index desc", "add @@unique",
        "add hash index", "drop @@index", "name an @@index", "change onDelete", "drop relation", "add enum value", "drop enum value",
        "add enum field", "add list field", "add list default", "add model", "drop model", "map model", "add required field with default",
    ];

    /// <summary>Up to <paramref name="count"/> edits of distinct kinds, starting at kind <paramref name="offset"/>.</summary>
    public static IReadOnlyList<SchemaEdit> For(IReadOnlyList<(string Name, string Text)> files, bool postgres, int count, int offset)
    {
        var schema = PrismaSchemaParser.Parse(files.Select(f => new PrismaSourceFile(f.Name, f.Text)));
        var edits = new List<SchemaEdit>();
        for (var i = 0; i < Kinds.Count && edits.Count < count; i++)
        {
            var kind = Kinds[(i + offset) % Kinds.Count];
            if (Make(kind, new Editor(files, schema, postgres)) is { } edit)
            {
                edits.Add(edit);
            }
        }
        return edits;
    }

    private static SchemaEdit? Make(string kind, Editor e) => kind switch
    {
        "add optional field" => e.FirstModel() is { } m ? e.AddLine(kind, m, "  fidelity_note String?") : null,
        "add required field with default" => e.FirstModel() is { } m ? e.AddLine(kind, m, "  fidelity_flag Boolean @default(false)") : null,
        "drop field" => e.Plain(f => !f.Has("default")) is var (m, f) && m is not null ? e.RemoveLine(kind, m, f!.Location, $"{m.Name}.{f.Name}") : null,
        "map field" => e.Plain(_ => true) is var (m, f) && m is not null ? e.AppendToLine(kind, f!.Location, $" @map(\"{ColumnName(f)}_renamed\")", $"{m.Name}.{f.Name}") : null,
        "make optional" => e.Plain(f => f.Arity == PrismaFieldArity.Required) is var (m, f) && m is not null ? e.ReplaceType(kind, f!, f!.Type + "?", m) : null,
        "make required" => e.Plain(f => f.Arity == PrismaFieldArity.Optional) is var (m, f) && m is not null ? e.ReplaceType(kind, f!, f!.Type, m) : null,
        "change scalar type" => e.Plain(f => f.Type == "String" && !f.Has("default") && !f.Attributes.Any(a => a.Name.StartsWith("db.", StringComparison.Ordinal))) is var (m, f) && m is not null
            ? e.ReplaceType(kind, f!, "Int" + (f!.Arity == PrismaFieldArity.Optional ? "?" : ""), m) : null,
        "native type" => !e.Postgres ? null : e.Plain(f => f.Type is "String" or "DateTime" && !f.Attributes.Any(a => a.Name.StartsWith("db.", StringComparison.Ordinal))) is var (m, f) && m is not null
            ? e.AppendToLine(kind, f!.Location, f.Type == "String" ? " @db.VarChar(200)" : " @db.Timestamptz(6)", $"{m.Name}.{f.Name}") : null,
        "add default" => e.Plain(f => !f.Has("default") && f.Type is "String" or "Int" or "Boolean" or "DateTime") is var (m, f) && m is not null
            ? e.AppendToLine(kind, f!.Location, f.Type switch { "String" => " @default(\"fidelity\")", "Int" => " @default(7)", "Boolean" => " @default(true)", _ => " @default(now())" }, $"{m.Name}.{f.Name}") : null,
        "drop default" => e.Field(f => f.Attribute("default") is { } d && !f.Has("id")) is var (m, f) && m is not null ? e.RemoveAttribute(kind, f!.Attribute("default")!, $"{m.Name}.{f.Name}") : null,
        "add @unique" => e.Plain(f => !f.Has("unique") && f.Type is "String" or "Int" or "DateTime") is var (m, f) && m is not null ? e.AppendToLine(kind, f!.Location, " @unique", $"{m.Name}.{f.Name}") : null,
        "drop @unique" => e.Field(f => f.Attribute("unique") is not null && !f.Has("id")) is var (m, f) && m is not null ? e.RemoveAttribute(kind, f!.Attribute("unique")!, $"{m.Name}.{f.Name}") : null,
        "add @@index" => e.Plain(_ => true) is var (m, f) && m is not null ? e.AddLine(kind, m, $"  @@index([{f!.Name}])") : null,
        "add @@index desc" => e.Plain(f => f.Type is "String" or "Int" or "DateTime") is var (m, f) && m is not null ? e.AddLine(kind, m, $"  @@index([{f!.Name}(sort: Desc)])") : null,
        "add @@unique" => e.TwoPlain() is var (m, a, b) && m is not null ? e.AddLine(kind, m, $"  @@unique([{a!.Name}, {b!.Name}])") : null,
        "add hash index" => !e.Postgres ? null : e.Plain(_ => true) is var (m, f) && m is not null ? e.AddLine(kind, m, $"  @@index([{f!.Name}], type: Hash)") : null,
        "drop @@index" => e.BlockAttribute("index") is var (m, a) && m is not null ? e.RemoveLine(kind, m, a!.Location, $"{m.Name} @@index") : null,
        "name an @@index" => e.BlockAttribute("index", a => a.Argument("map") is null && a.Argument("name") is null) is var (m, a) && m is not null
            ? e.InsertBeforeClosingParenthesis(kind, a!, ", map: \"fidelity_named_idx\"", $"{m.Name} @@index") : null,
        "change onDelete" => e.Relation() is var (m, f) && m is not null ? e.ChangeOnDelete(kind, m, f!) : null,
        "drop relation" => e.DropRelation(kind),
        "add enum value" => !e.Postgres ? null : e.FirstEnum() is { } en ? e.AddEnumValue(kind, en) : null,
        "drop enum value" => !e.Postgres ? null : e.DroppableEnumValue() is var (en, v) && en is not null ? e.RemoveLine(kind, null, v!.Location, $"{en.Name}.{v.Name}") : null,
        "add enum field" => e.FirstModel() is { } m ? e.AddEnumField(kind, m) : null,
        "add list field" => !e.Postgres ? null : e.FirstModel() is { } m ? e.AddLine(kind, m, "  fidelity_tags String[]") : null,
        "add list default" => !e.Postgres ? null : e.FirstModel() is { } m ? e.AddLine(kind, m, "  fidelity_labels String[] @default([])") : null,
        "add model" => e.Append(kind, "\nmodel FidelityAdded {\n  id   Int    @id @default(autoincrement())\n  name String @unique\n}\n"),
        "drop model" => e.LoneModel() is { } m ? e.RemoveModel(kind, m) : null,
        "map model" => e.LoneModel(withoutMap: true) is { } m ? e.AddLine(kind, m, $"  @@map(\"{m.DatabaseName}_renamed\")") : null,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an edit kind"),
    };

    private static string ColumnName(PrismaField field) => field.Attribute("map")?.Argument("name", 0)?.Text ?? field.Name;

    /// <summary>Line-level edits of one schema; each method returns the edited schema as a new edit, or null where the edit does not fit.</summary>
    private sealed class Editor(IReadOnlyList<(string Name, string Text)> files, PrismaSchema schema, bool postgres)
    {
        public bool Postgres { get; } = postgres;

        private IEnumerable<PrismaModel> Models => schema.Models.Where(m => m.Attribute("ignore") is null);

        public PrismaModel? FirstModel() => Models.FirstOrDefault();

        public PrismaEnum? FirstEnum() => schema.Enums.FirstOrDefault();

        private bool IsRelation(PrismaField field) => schema.FindModel(field.Type) is not null;

        // Scalar or enum columns that no key, index or relation names: safe to change on their own.
        private bool IsPlain(PrismaModel model, PrismaField field)
        {
            if (field.Arity == PrismaFieldArity.List || field.UnsupportedType is not null || IsRelation(field) || field.Has("id") || field.Has("updatedAt") ||
                !(Scalars.Contains(field.Type) || schema.FindEnum(field.Type) is not null))
            {
                return false;
            }
            var named = model.Attributes.SelectMany(a => a.Arguments).Select(a => a.Value.ToString())
                .Concat(model.Fields.Where(IsRelation).SelectMany(f => f.Attributes).SelectMany(a => a.Arguments).Select(a => a.Value.ToString()));
            return !named.Any(text => text.Contains(field.Name, StringComparison.Ordinal));
        }

        public (PrismaModel? Model, PrismaField? Field) Plain(Func<PrismaField, bool> fits) =>
            Models.SelectMany(m => m.Fields.Where(f => IsPlain(m, f) && fits(f)).Select(f => (m, f))).FirstOrDefault();

        public (PrismaModel? Model, PrismaField? Field) Field(Func<PrismaField, bool> fits) =>
            Models.SelectMany(m => m.Fields.Where(fits).Select(f => (m, f))).FirstOrDefault();

        public (PrismaModel? Model, PrismaField? A, PrismaField? B) TwoPlain() =>
            Models.Select(m => (m, m.Fields.Where(f => IsPlain(m, f) && f.Type is "String" or "Int" or "DateTime").Take(2).ToList()))
                .Where(p => p.Item2.Count == 2).Select(p => (p.m, p.Item2[0], p.Item2[1])).FirstOrDefault();

        public (PrismaModel? Model, PrismaAttribute? Attribute) BlockAttribute(string name, Func<PrismaAttribute, bool>? fits = null) =>
            Models.SelectMany(m => m.Attributes.Where(a => a.Name == name && (fits?.Invoke(a) ?? true)).Select(a => (m, a))).FirstOrDefault();

        public (PrismaModel? Model, PrismaField? Field) Relation() =>
            Models.SelectMany(m => m.Fields.Where(f => f.Attribute("relation")?.Argument("fields") is not null).Select(f => (m, f))).FirstOrDefault();

        public (PrismaEnum? Enum, PrismaEnumValue? Value) DroppableEnumValue() =>
            schema.Enums.Where(e => e.Values.Count > 1)
                .Select(e => (e, e.Values[^1]))
                .FirstOrDefault(p => !files.Any(f => f.Text.Contains("(" + p.Item2.Name + ")", StringComparison.Ordinal) || f.Text.Contains(" " + p.Item2.Name + "]", StringComparison.Ordinal) || f.Text.Contains("[" + p.Item2.Name, StringComparison.Ordinal)));

        // A model no relation field points at and that has none itself.
        public PrismaModel? LoneModel(bool withoutMap = false) =>
            Models.FirstOrDefault(m => !m.Fields.Any(IsRelation) && !schema.Blocks.Any(b => b.Fields.Any(f => f.Type == m.Name)) && (!withoutMap || m.Attribute("map") is null));

        public SchemaEdit AddLine(string kind, PrismaModel model, string line)
        {
            var last = model.Fields.Select(f => f.Location.Line).Concat(model.Attributes.Select(a => a.Location.Line)).DefaultIfEmpty(model.Location.Line).Max();
            // After the last member's line, past any trailing lines of a multi-line attribute.
            var lines = Lines(model.Location.File);
            var at = last;
            while (at < lines.Count && !lines[at].TrimStart().StartsWith('}') && Depth(lines, model.Location.Line - 1, at) > 1)
            {
                at++;
            }
            lines.Insert(at, line);
            return Edit(kind, $"{model.Name}: {line.Trim()}", model.Location.File, lines);
        }

        public SchemaEdit RemoveLine(string kind, PrismaModel? model, PrismaSourceLocation location, string what)
        {
            var lines = Lines(location.File);
            lines.RemoveAt(location.Line - 1);
            return Edit(kind, what, location.File, lines);
        }

        public SchemaEdit AppendToLine(string kind, PrismaSourceLocation location, string text, string what)
        {
            var lines = Lines(location.File);
            var line = lines[location.Line - 1];
            var comment = CommentStart(line);
            lines[location.Line - 1] = line[..comment].TrimEnd() + text + (comment < line.Length ? " " + line[comment..] : string.Empty);
            return Edit(kind, $"{what}:{text}", location.File, lines);
        }

        public SchemaEdit? ReplaceType(string kind, PrismaField field, string type, PrismaModel model)
        {
            var lines = Lines(field.Location.File);
            var line = lines[field.Location.Line - 1];
            var start = line.IndexOf(field.Name, field.Location.Column - 1, StringComparison.Ordinal) + field.Name.Length;
            var typeStart = start;
            while (typeStart < line.Length && char.IsWhiteSpace(line[typeStart]))
            {
                typeStart++;
            }
            var typeEnd = typeStart;
            while (typeEnd < line.Length && !char.IsWhiteSpace(line[typeEnd]) && line[typeEnd] != '@')
            {
                typeEnd++;
            }
            if (typeEnd == typeStart)
            {
                return null;
            }
            var old = line[typeStart..typeEnd];
            lines[field.Location.Line - 1] = line[..typeStart] + type + line[typeEnd..];
            // A field that becomes required keeps its default; Int loses a string default.
            return Edit(kind, $"{model.Name}.{field.Name}: {old} → {type}", field.Location.File, lines);
        }

        public SchemaEdit? RemoveAttribute(string kind, PrismaAttribute attribute, string what)
        {
            var lines = Lines(attribute.Location.File);
            var line = lines[attribute.Location.Line - 1];
            var start = attribute.Location.Column - 1;
            var end = start + 1 + attribute.Name.Length;
            if (end < line.Length && line[end] == '(')
            {
                end = Closing(line, end);
                if (end < 0)
                {
                    return null;
                }
                end++;
            }
            lines[attribute.Location.Line - 1] = (line[..start].TrimEnd() + " " + line[end..].TrimStart()).TrimEnd();
            return Edit(kind, $"{what}: {line[start..end]} removed", attribute.Location.File, lines);
        }

        public SchemaEdit? InsertBeforeClosingParenthesis(string kind, PrismaAttribute attribute, string text, string what)
        {
            var lines = Lines(attribute.Location.File);
            var line = lines[attribute.Location.Line - 1];
            var open = line.IndexOf('(', attribute.Location.Column - 1);
            var close = open < 0 ? -1 : Closing(line, open);
            if (close < 0)
            {
                return null;
            }
            lines[attribute.Location.Line - 1] = line[..close] + text + line[close..];
            return Edit(kind, $"{what}:{text}", attribute.Location.File, lines);
        }

        public SchemaEdit? ChangeOnDelete(string kind, PrismaModel model, PrismaField field)
        {
            var relation = field.Attribute("relation")!;
            var current = relation.Argument("onDelete")?.Text;
            var next = current is null or "Restrict" or "NoAction" or "SetNull" ? "Cascade" : field.Arity == PrismaFieldArity.Optional ? "SetNull" : "Restrict";
            if (current is null)
            {
                return InsertBeforeClosingParenthesis(kind, relation, $", onDelete: {next}", $"{model.Name}.{field.Name}");
            }
            var lines = Lines(relation.Location.File);
            var line = lines[relation.Location.Line - 1];
            var at = line.IndexOf("onDelete", relation.Location.Column - 1, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }
            var valueStart = line.IndexOf(current, at, StringComparison.Ordinal);
            lines[relation.Location.Line - 1] = line[..valueStart] + next + line[(valueStart + current.Length)..];
            return Edit(kind, $"{model.Name}.{field.Name}: onDelete {current} → {next}", relation.Location.File, lines);
        }

        // The first relation between two models that have no other relation between them: both sides go, the scalar column stays.
        public SchemaEdit? DropRelation(string kind)
        {
            foreach (var model in Models)
            {
                foreach (var field in model.Fields.Where(f => f.Attribute("relation")?.Argument("fields") is not null))
                {
                    var target = schema.FindModel(field.Type);
                    if (target is null || target == model || model.Fields.Count(f => f.Type == target.Name) != 1 || target.Fields.Count(f => f.Type == model.Name) != 1)
                    {
                        continue;
                    }
                    var back = target.Fields.Single(f => f.Type == model.Name);
                    var first = field.Location.File == back.Location.File && back.Location.Line > field.Location.Line ? back : field;
                    var second = first == back ? field : back;
                    var edited = files.ToDictionary(f => f.Name, f => Split(f.Text));
                    edited[first.Location.File].RemoveAt(first.Location.Line - 1);
                    edited[second.Location.File].RemoveAt(second.Location.Line - 1);
                    return new SchemaEdit(kind, $"{model.Name}.{field.Name} and {target.Name}.{back.Name} removed",
                        files.Select(f => (f.Name, string.Join('\n', edited[f.Name]))).ToList());
                }
            }
            return null;
        }

        public SchemaEdit AddEnumValue(string kind, PrismaEnum type)
        {
            var lines = Lines(type.Location.File);
            var last = type.Values.Select(v => v.Location.Line).DefaultIfEmpty(type.Location.Line).Max();
            lines.Insert(last, "  FIDELITY_ADDED");
            return Edit(kind, $"{type.Name}: FIDELITY_ADDED", type.Location.File, lines);
        }

        public SchemaEdit AddEnumField(string kind, PrismaModel model)
        {
            var edit = AddLine(kind, model, "  fidelity_state FidelityState @default(ON)");
            var text = edit.Files.Select(f => f.Name == model.Location.File ? (f.Name, f.Text + "\n\nenum FidelityState {\n  ON\n  OFF\n}\n") : f).ToList();
            return edit with { Files = text };
        }

        public SchemaEdit Append(string kind, string text) =>
            new(kind, text.Trim().Split('\n')[0], files.Select((f, i) => i == 0 ? (f.Name, f.Text + text) : f).ToList());

        public SchemaEdit? RemoveModel(string kind, PrismaModel model)
        {
            var lines = Lines(model.Location.File);
            var start = model.Location.Line - 1;
            var end = start;
            while (end < lines.Count && !lines[end].TrimStart().StartsWith('}'))
            {
                end++;
            }
            if (end >= lines.Count)
            {
                return null;
            }
            lines.RemoveRange(start, end - start + 1);
            return Edit(kind, $"model {model.Name} removed", model.Location.File, lines);
        }

        private List<string> Lines(string file) => Split(files.Single(f => f.Name == file).Text);

        private static List<string> Split(string text) => [.. text.Split('\n')];

        private SchemaEdit Edit(string kind, string description, string file, List<string> lines) =>
            new(kind, description, files.Select(f => f.Name == file ? (f.Name, string.Join('\n', lines)) : f).ToList());

        // Brace depth at the start of line `at`, counted from the block's opening line.
        private static int Depth(List<string> lines, int from, int at)
        {
            var depth = 0;
            for (var i = from; i < at && i < lines.Count; i++)
            {
                var code = lines[i][..CommentStart(lines[i])];
                depth += code.Count(c => c is '{' or '(' or '[') - code.Count(c => c is '}' or ')' or ']');
            }
            return depth;
        }

        private static int Closing(string line, int open)
        {
            var depth = 0;
            var quoted = false;
            for (var i = open; i < line.Length; i++)
            {
                if (line[i] == '"' && (i == 0 || line[i - 1] != '\\'))
                {
                    quoted = !quoted;
                }
                else if (!quoted && line[i] is '(' or '[')
                {
                    depth++;
                }
                else if (!quoted && line[i] is ')' or ']' && --depth == 0)
                {
                    return i;
                }
            }
            return -1;
        }

        private static int CommentStart(string line)
        {
            var quoted = false;
            for (var i = 0; i < line.Length - 1; i++)
            {
                if (line[i] == '"' && (i == 0 || line[i - 1] != '\\'))
                {
                    quoted = !quoted;
                }
                else if (!quoted && line[i] == '/' && line[i + 1] == '/')
                {
                    return i;
                }
            }
            return line.Length;
        }
    }
}
