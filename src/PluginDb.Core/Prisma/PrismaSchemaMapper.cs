using PluginDb.Core.Manifests;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Prisma;

/// <summary>
/// Maps a Prisma schema to the <see cref="DatabaseSchema"/> Prisma Migrate would create from it on a
/// provider, following prisma-engines' <c>sql_schema_calculator</c>: every model is a table (also
/// <c>@@ignore</c>d ones, which leave the client but not the database), views and composite types are
/// not; scalar and enum fields are columns, relation fields are foreign keys (none under
/// <c>relationMode = "prisma"</c>); implicit many-to-many relations get their <c>_AToB</c> join table.
/// The result is spelled as the introspectors spell the replayed migrations, so
/// <see cref="PrismaComparison"/> can compare the two.
/// </summary>
public static partial class PrismaSchemaMapper
{
    public static PrismaMapping ToDatabaseSchema(PrismaSchema schema, DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var context = new Context(schema, provider);
        var enums = provider == DatabaseProvider.Postgresql
            ? schema.Enums.Select(e => MapEnum(e, context)).ToList()
            : [];
        var tables = schema.Models.Select(m => MapModel(m, context)).ToList();
        tables.AddRange(JoinTables(context));
        return new PrismaMapping(new DatabaseSchema(tables, enums, [], []), context.SourceMap, context.Defaults, schema.HasPreviewFeature("partialIndexes"));
    }

    private sealed class Context(PrismaSchema schema, DatabaseProvider provider)
    {
        public PrismaSchema Schema { get; } = schema;
        public DatabaseProvider Provider { get; } = provider;
        public Dictionary<string, PrismaSourceLocation> SourceMap { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, PrismaDefault> Defaults { get; } = new(StringComparer.Ordinal);

        public void Locate(string path, PrismaSourceLocation location) => SourceMap.TryAdd(path, location);
    }

    private static EnumType MapEnum(PrismaEnum prismaEnum, Context context)
    {
        context.Locate(prismaEnum.DatabaseName, prismaEnum.Location);
        foreach (var value in prismaEnum.Values)
        {
            context.Locate(prismaEnum.DatabaseName + "." + value.DatabaseName, value.Location);
        }
        return new EnumType(prismaEnum.DatabaseName, prismaEnum.Values.Select(v => v.DatabaseName).ToList());
    }

    private static Table MapModel(PrismaModel model, Context context)
    {
        var table = model.DatabaseName;
        context.Locate(table, model.Location);
        var columns = model.Fields
            .Where(f => IsColumn(f, context.Schema))
            .Select(f => MapColumn(model, f, context))
            .ToList();

        var primaryKey = MapPrimaryKey(model, context);
        var indexes = new List<TableIndex>();
        foreach (var field in model.Fields.Where(f => f.Has("unique") && IsColumn(f, context.Schema)))
        {
            var unique = field.Attribute("unique")!;
            var keys = new[] { Key(model, field.Name, unique.Argument("sort")) };
            var name = unique.Argument("map")?.Text ?? PrismaConstraintNames.UniqueIndex(table, keys.Select(k => k.Text), context.Provider);
            indexes.Add(Located(new TableIndex(name, keys, true, null, null), table, unique.Location, context));
        }
        foreach (var attribute in model.Attributes.Where(a => a.Name is "unique" or "index"))
        {
            var keys = KeysOf(model, attribute);
            var unique = attribute.Name == "unique";
            var name = attribute.Argument("map")?.Text ??
                       (unique ? null : attribute.Argument("name")?.Text) ??
                       (unique
                           ? PrismaConstraintNames.UniqueIndex(table, keys.Select(k => k.Text), context.Provider)
                           : PrismaConstraintNames.Index(table, keys.Select(k => k.Text), context.Provider));
            var method = attribute.Argument("type")?.Text.ToLowerInvariant();
            var predicate = attribute.Argument("where") is { } where ? SchemaNormalization.Expression(where.FirstString ?? where.Text) : null;
            indexes.Add(Located(new TableIndex(name, keys, unique, predicate, method is null or "btree" ? null : method), table, attribute.Location, context));
        }

        var foreignKeys = context.Schema.UsesForeignKeys
            ? model.Fields.Where(f => f.Attribute("relation")?.Argument("fields") is not null)
                .Select(f => MapForeignKey(model, f, context))
                .OfType<ForeignKey>()
                .ToList()
            : [];
        return new Table(table, columns, primaryKey, [], indexes, foreignKeys, []);
    }

    private static TableIndex Located(TableIndex index, string table, PrismaSourceLocation location, Context context)
    {
        context.Locate(table + "." + index.Name, location);
        return index;
    }

    // Scalar, enum, Unsupported and composite-type fields are columns; fields typed by a model or view are relations.
    private static bool IsColumn(PrismaField field, PrismaSchema schema) =>
        schema.FindModel(field.Type) is null;

    private static Column MapColumn(PrismaModel model, PrismaField field, Context context)
    {
        var name = ColumnName(field);
        var table = model.DatabaseName;
        context.Locate(table + "." + name, field.Location);
        var enumType = context.Schema.FindEnum(field.Type);
        var type = ColumnType(field, enumType, context);
        var (outcome, sql, prismaDefault) = PrismaColumnDefaults.For(field, enumType, type, context.Provider);
        var identity = ColumnIdentity.None;
        if (outcome == PrismaColumnDefaults.Outcome.Autoincrement)
        {
            identity = context.Provider == DatabaseProvider.Postgresql ? ColumnIdentity.Serial : ColumnIdentity.Autoincrement;
        }
        if (prismaDefault is not null)
        {
            context.Defaults[table + "." + name] = prismaDefault;
        }
        // Prisma leaves list columns nullable: an array column has no NOT NULL (FACTS.md; prisma-engines renders ColumnArity::List so).
        return new Column(name, type, field.Arity != PrismaFieldArity.Required, sql, identity);
    }

    private static string ColumnType(PrismaField field, PrismaEnum? enumType, Context context)
    {
        var provider = context.Provider;
        string type;
        if (field.UnsupportedType is not null)
        {
            type = SchemaNormalization.Type(provider, field.UnsupportedType);
        }
        else if (enumType is not null)
        {
            type = provider == DatabaseProvider.Postgresql ? PrismaColumnTypes.QuoteIdentifier(enumType.DatabaseName) : "TEXT";
        }
        else if (PrismaColumnTypes.IsScalar(field.Type))
        {
            type = PrismaColumnTypes.For(field, provider);
        }
        else
        {
            // A composite type on a SQL provider is stored as JSON.
            type = PrismaColumnTypes.For(field with { Type = "Json", Attributes = [] }, provider);
        }
        return field.Arity == PrismaFieldArity.List && provider == DatabaseProvider.Postgresql ? type + "[]" : type;
    }

    private static PrimaryKey? MapPrimaryKey(PrismaModel model, Context context)
    {
        var table = model.DatabaseName;
        var idField = model.Fields.FirstOrDefault(f => f.Has("id"));
        PrismaAttribute? attribute;
        IReadOnlyList<string> columns;
        if (idField is not null)
        {
            attribute = idField.Attribute("id")!;
            columns = [ColumnName(idField)];
        }
        else if (model.Attribute("id") is { } compound)
        {
            attribute = compound;
            columns = KeysOf(model, compound).Select(k => k.Text).ToList();
        }
        else
        {
            return null;
        }
        // SQLite's primary key is declared inline and keeps no name.
        var name = context.Provider == DatabaseProvider.Postgresql
            ? attribute.Argument("map")?.Text ?? PrismaConstraintNames.PrimaryKey(table, context.Provider)
            : null;
        context.Locate(table + "." + (name ?? "primary key"), attribute.Location);
        return new PrimaryKey(name, columns);
    }

    // The fields of @@id / @@unique / @@index: [a, b(sort: Desc), c(ops: raw("…"))].
    private static List<IndexKey> KeysOf(PrismaModel model, PrismaAttribute attribute)
    {
        var fields = attribute.Argument("fields", 0);
        var items = fields?.Kind == PrismaExpressionKind.Array ? fields.Items : fields is null ? [] : [fields];
        var method = attribute.Argument("type")?.Text;
        return items.Select(i => Key(model, i.Text, i.Argument("sort")) with { OperatorClass = PrismaOperatorClasses.Name(i.Argument("ops"), method) }).ToList();
    }

    private static IndexKey Key(PrismaModel model, string fieldName, PrismaExpression? sort) =>
        new(model.FindField(fieldName) is { } field ? ColumnName(field) : fieldName, false, sort?.Text == "Desc");

    private static string ColumnName(PrismaField field) => field.Attribute("map")?.Argument("name", 0)?.Text ?? field.Name;
}
