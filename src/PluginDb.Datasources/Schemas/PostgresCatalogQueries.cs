namespace PluginDb.Datasources.Schemas;

/// <summary>
/// The pg_catalog queries of <see cref="PostgresIntrospector"/>, each taking the schema name as <c>$1</c>.
/// Objects that belong to an extension (pg_depend deptype 'e') and <c>_prisma_migrations</c> are left out.
/// See https://www.postgresql.org/docs/current/catalogs.html for the columns.
/// </summary>
internal static class PostgresCatalogQueries
{
    private const string NotExtensionMember =
        "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')";

    private const string UserTables =
        "n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '_prisma_migrations' AND " + NotExtensionMember;

    public const string Columns =
        "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid), " +
        "a.attidentity::text, a.attgenerated::text " +
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
        "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped " +
        "LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum " +
        "WHERE " + UserTables + " ORDER BY c.relname, a.attnum";

    // conkey/confkey hold attribute numbers; unnest WITH ORDINALITY keeps the constraint's column order.
    public const string Constraints =
        "SELECT c.relname, con.conname, con.contype::text, " +
        "ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord), " +
        "rc.relname, rn.nspname, " +
        "ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord), " +
        "con.confdeltype::text, con.confupdtype::text, pg_get_expr(con.conbin, con.conrelid, true) " +
        "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace " +
        "LEFT JOIN pg_class rc ON rc.oid = con.confrelid LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace " +
        "WHERE " + UserTables + " AND con.contype IN ('p', 'u', 'f', 'c') ORDER BY c.relname, con.conname";

    // One row per key column; indexes behind a primary key, unique or exclusion constraint are the constraint's.
    // indoption bit 0 is DESC (https://www.postgresql.org/docs/current/catalog-pg-index.html); int2vector and oidvector
    // subscripts start at 0. The operator class is named where it is not the default for the key's type and method; the
    // default one too for other methods than B-tree and hash, whose default an extension may bring (btree_gin's uuid_ops).
    public const string Indexes =
        "SELECT c.relname, i.relname, x.indisunique, am.amname::text, pg_get_expr(x.indpred, x.indrelid, true), " +
        "a.attname, pg_get_indexdef(x.indexrelid, k.ord::int, true), x.indoption[k.ord - 1], " +
        "(SELECT oc.opcname::text FROM pg_opclass oc WHERE oc.oid = x.indclass[k.ord - 1] AND NOT oc.opcdefault), " +
        "(SELECT oc.opcname::text FROM pg_opclass oc WHERE oc.oid = x.indclass[k.ord - 1] AND oc.opcdefault AND am.amname NOT IN ('btree', 'hash')) " +
        "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid " +
        "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = i.relam " +
        "CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord) " +
        "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum AND k.attnum > 0 " +
        "WHERE " + UserTables + " AND k.ord <= x.indnkeyatts " +
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x')) " +
        "ORDER BY c.relname, i.relname, k.ord";

    public const string Enums =
        "SELECT t.typname, ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) " +
        "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace " +
        "WHERE n.nspname = $1 AND t.typtype = 'e' " +
        "AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e') " +
        "ORDER BY t.typname";

    public const string Views =
        "SELECT c.relname, pg_get_viewdef(c.oid, true) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
        "WHERE n.nspname = $1 AND c.relkind = 'v' AND " + NotExtensionMember + " ORDER BY c.relname";

    // A sequence a column owns (SERIAL: deptype 'a', identity: 'i') belongs to that column, not to the schema's list.
    public const string Sequences =
        "SELECT c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcycle " +
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid " +
        "WHERE n.nspname = $1 AND c.relkind = 'S' AND " + NotExtensionMember + " " +
        "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid " +
        "AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')) " +
        "ORDER BY c.relname";
}
