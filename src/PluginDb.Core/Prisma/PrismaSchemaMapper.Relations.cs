using PluginDb.Core.Manifests;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Prisma;

public static partial class PrismaSchemaMapper
{
    // A relation field with fields:/references: holds the foreign key. Without onDelete, a required
    // relation restricts and an optional one sets null; without onUpdate it cascades (FACTS.md §6).
    private static ForeignKey? MapForeignKey(PrismaModel model, PrismaField field, Context context)
    {
        var relation = field.Attribute("relation")!;
        var target = context.Schema.FindModel(field.Type);
        if (target is null || target.Kind == PrismaBlockKind.View || model.Kind == PrismaBlockKind.View)
        {
            return null;
        }
        var fields = Names(relation.Argument("fields")).Select(n => model.FindField(n)).ToList();
        var columns = fields.Select((f, i) => f is null ? Names(relation.Argument("fields"))[i] : ColumnName(f)).ToList();
        var referenced = Names(relation.Argument("references")).Select(n => target.FindField(n) is { } f ? ColumnName(f) : n).ToList();
        var table = model.DatabaseName;
        var name = relation.Argument("map")?.Text ?? PrismaConstraintNames.ForeignKey(table, columns, context.Provider);
        var required = fields.Any(f => f is { Arity: PrismaFieldArity.Required });
        var onDelete = Action(relation.Argument("onDelete")) ?? (required ? ReferentialAction.Restrict : ReferentialAction.SetNull);
        var onUpdate = Action(relation.Argument("onUpdate")) ?? ReferentialAction.Cascade;
        context.Locate(table + "." + name, relation.Location);
        return new ForeignKey(name, columns, target.DatabaseName, referenced, onDelete, onUpdate);
    }

    private static ReferentialAction? Action(PrismaExpression? action) => action?.Text switch
    {
        "Cascade" => ReferentialAction.Cascade,
        "Restrict" => ReferentialAction.Restrict,
        "NoAction" => ReferentialAction.NoAction,
        "SetNull" => ReferentialAction.SetNull,
        "SetDefault" => ReferentialAction.SetDefault,
        _ => null,
    };

    private static List<string> Names(PrismaExpression? list) =>
        list is null ? [] : list.Kind == PrismaExpressionKind.Array ? list.Items.Select(i => i.Text).ToList() : [list.Text];

    // Implicit many-to-many: both sides are lists without fields:. The join table is "_" + the relation
    // name (default "{A}To{B}", model names in order); A and B take the type of each side's first id
    // column. PostgreSQL keys the pair with a primary key "_…_AB_pkey" (Prisma 6 and later), SQLite with
    // a unique index "_…_AB_unique"; B gets an index; both foreign keys cascade.
    private static IEnumerable<Table> JoinTables(Context context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var models = context.Schema.Models.ToList();
        foreach (var model in models)
        {
            foreach (var field in model.Fields.Where(f => f.Arity == PrismaFieldArity.List && f.Attribute("relation")?.Argument("fields") is null))
            {
                var other = context.Schema.FindModel(field.Type);
                if (other is null || other.Kind != PrismaBlockKind.Model)
                {
                    continue;
                }
                var relationName = RelationName(field);
                var opposite = other.Fields.FirstOrDefault(f =>
                    f != field && f.Type == model.Name && RelationName(f) == relationName);
                if (opposite is null || opposite.Arity != PrismaFieldArity.List)
                {
                    continue;
                }
                var (a, b) = string.CompareOrdinal(model.Name, other.Name) <= 0 ? (model, other) : (other, model);
                var name = relationName ?? a.Name + "To" + b.Name;
                if (seen.Add(name))
                {
                    context.Locate("_" + name, field.Location);
                    yield return JoinTable(name, a, b, context);
                }
            }
        }
    }

    private static string? RelationName(PrismaField field) =>
        field.Attribute("relation") is { } relation && relation.Argument("name", 0) is { Kind: PrismaExpressionKind.String } name ? name.Text : null;

    private static Table JoinTable(string relationName, PrismaModel a, PrismaModel b, Context context)
    {
        var limit = PrismaConstraintNames.MaxIdentifierLength(context.Provider);
        var table = PrismaConstraintNames.TakeCharacters("_" + relationName, limit);
        var (aColumn, aType) = IdColumn(a, context);
        var (bColumn, bType) = IdColumn(b, context);
        var columns = new List<Column> { new("A", aType, false, null), new("B", bType, false, null) };
        var pairName = context.Provider == DatabaseProvider.Postgresql ? "_AB_pkey" : "_AB_unique";
        var pair = PrismaConstraintNames.TakeCharacters(table, limit - pairName.Length) + pairName;
        var indexes = new List<TableIndex>();
        PrimaryKey? primaryKey = null;
        if (context.Provider == DatabaseProvider.Postgresql)
        {
            primaryKey = new PrimaryKey(pair, ["A", "B"]);
        }
        else
        {
            indexes.Add(new TableIndex(pair, [IndexKey.Column("A"), IndexKey.Column("B")], true, null, null));
        }
        indexes.Add(new TableIndex(PrismaConstraintNames.TakeCharacters(table, limit - 8) + "_B_index", [IndexKey.Column("B")], false, null, null));
        var foreignKeys = new List<ForeignKey>();
        if (context.Schema.UsesForeignKeys)
        {
            var stem = table.Length > limit - 7 ? table[..(limit - 7)] : table;
            foreignKeys.Add(new ForeignKey(stem + "_A_fkey", ["A"], a.DatabaseName, [aColumn], ReferentialAction.Cascade, ReferentialAction.Cascade));
            foreignKeys.Add(new ForeignKey(stem + "_B_fkey", ["B"], b.DatabaseName, [bColumn], ReferentialAction.Cascade, ReferentialAction.Cascade));
        }
        return new Table(table, columns, primaryKey, [], indexes, foreignKeys, []);
    }

    private static (string Column, string Type) IdColumn(PrismaModel model, Context context)
    {
        var id = model.Fields.FirstOrDefault(f => f.Has("id")) ??
                 (model.Attribute("id") is { } compound ? model.FindField(Names(compound.Argument("fields", 0)).FirstOrDefault() ?? string.Empty) : null);
        if (id is null)
        {
            return ("id", context.Provider == DatabaseProvider.Postgresql ? "integer" : "INTEGER");
        }
        return (ColumnName(id), ColumnType(id, context.Schema.FindEnum(id.Type), context));
    }
}
