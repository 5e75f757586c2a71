using System.Globalization;
using System.Text;
using PluginDb.Core.Datasources;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// A schema's state written as one script that makes it again, read from the catalog of a schema whose
/// history was just replayed: what a pull request's base is, so that the next check of a change on the
/// same base restores it in one round trip instead of replaying the history (the history cache keeps it
/// by the base's content address). The script makes, in this order: enum types, sequences, routines
/// (bodies unchecked, as pg_dump makes them), tables with their columns, defaults and generated columns,
/// the rows every table held (<c>_prisma_migrations</c> among them) and the sequences' positions, primary
/// key, unique, exclusion and check constraints, indexes, foreign keys, views and triggers.
/// <para>
/// Every name in it is as the server prints it for the session's <c>search_path</c> (the plugin's schema,
/// then its extensions'), so the script makes the same objects in any schema it is run in with such a
/// path, as the role that runs it, which then owns them as a replay would have made it own them. A schema
/// holding what the script does not make (an identity column, a domain, a range or standalone composite
/// type, a materialized or partitioned table, a table without columns, inheritance, row security,
/// privileges granted on a relation, rules, storage options, a disabled trigger, an
/// aggregate or a routine in another language, statistics objects, collations, operators, text search
/// objects) gets no script: its base is replayed every time.
/// </para>
/// </summary>
internal static class PostgresBaseState
{
    /// <summary>The script that makes <paramref name="schema"/> again, or null where it holds what the script does not make.</summary>
    public static async Task<string?> DumpAsync(SimpleQueryConnection session, string schema, CancellationToken cancellationToken)
    {
        var ns = $"(SELECT oid FROM pg_namespace WHERE nspname = {PostgresIdentifiers.QuoteLiteral(schema)})";
        var sets = await session.ReadAsync(Catalog.Replace("{ns}", ns, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
        if (sets[Unsupported].Count > 0)
        {
            return null;
        }
        // pg_get_functiondef, pg_get_indexdef and pg_get_triggerdef name the routine or table with its
        // schema whatever the search_path: the script names it without, so that it makes it where it runs.
        var qualifier = sets[Schema][0][0] + ".";
        var script = new StringBuilder("BEGIN;\nSET LOCAL check_function_bodies = off;\n");
        void Lines(int set, params string[] markers)
        {
            foreach (var row in sets[set])
            {
                var definition = row[0]!;
                foreach (var marker in markers)
                {
                    var at = definition.IndexOf(marker + qualifier, StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        definition = definition.Remove(at + marker.Length, qualifier.Length);
                        break;
                    }
                }
                script.Append(definition).Append(";\n");
            }
        }
        Lines(Enums);
        Lines(Sequences);
        Lines(Routines, "FUNCTION ", "PROCEDURE ");
        Lines(Tables);
        foreach (var row in sets[Rows])
        {
            // Rows as json_agg wrote them, carried through query_to_xml, which escapes them as XML text.
            var (table, columns, rows) = (row[0]!, row[1]!, UnescapeXml(row[2]!));
            script.Append(CultureInfo.InvariantCulture,
                $"INSERT INTO {table} ({columns}) SELECT {columns} FROM json_populate_recordset(NULL::{table}, {PostgresIdentifiers.QuoteLiteral(rows)});\n");
        }
        Lines(Positions);
        Lines(Owners);
        Lines(Constraints);
        Lines(Indexes, " ON ");
        Lines(ForeignKeys);
        Lines(Views);
        Lines(Triggers, " ON ");
        return script.Append("COMMIT;\n").ToString();
    }

    private const int Schema = 0, Unsupported = 1, Enums = 2, Sequences = 3, Routines = 4, Tables = 5, Rows = 6, Positions = 7, Owners = 8,
        Constraints = 9, Indexes = 10, ForeignKeys = 11, Views = 12, Triggers = 13;

    // query_to_xml escapes text as PostgreSQL's escape_xml does: &, <, > and carriage return; the
    // ampersand last, so that an escaped entity's text stays as written.
    private static string UnescapeXml(string text) =>
        text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal)
            .Replace("&#x0D;", "\r", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    /// <summary>The catalog read, one result set per part of the script (<see cref="Schema"/> … <see cref="Triggers"/>).</summary>
    private const string Catalog = """
        SELECT quote_ident(nspname) FROM pg_namespace WHERE oid = {ns};
        SELECT what FROM (
          SELECT 'relation ' || c.relname AS what FROM pg_class c WHERE c.relnamespace = {ns}
            AND (c.relkind NOT IN ('r', 'i', 'S', 'v') OR c.relispartition OR c.reloptions IS NOT NULL OR c.relrowsecurity OR c.relforcerowsecurity
                 OR c.relacl IS NOT NULL OR c.relkind = 'r' AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped))
          UNION ALL SELECT 'inheritance ' || c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relnamespace = {ns}
          UNION ALL SELECT 'identity ' || a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = {ns} AND a.attidentity <> ''
          UNION ALL SELECT 'type ' || t.typname FROM pg_type t WHERE t.typnamespace = {ns}
            AND t.typtype NOT IN ('e', 'c') AND NOT (t.typtype = 'b' AND t.typcategory = 'A' AND t.typelem <> 0)
          UNION ALL SELECT 'routine ' || p.proname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
            WHERE p.pronamespace = {ns} AND (p.prokind NOT IN ('f', 'p') OR l.lanname NOT IN ('sql', 'plpgsql'))
          UNION ALL SELECT 'rule ' || r.rulename FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE c.relnamespace = {ns} AND r.rulename <> '_RETURN'
          UNION ALL SELECT 'trigger ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = {ns} AND NOT t.tgisinternal AND t.tgenabled <> 'O'
          UNION ALL SELECT 'statistics ' || stxname FROM pg_statistic_ext WHERE stxnamespace = {ns}
          UNION ALL SELECT 'collation ' || collname FROM pg_collation WHERE collnamespace = {ns}
          UNION ALL SELECT 'operator ' || oprname FROM pg_operator WHERE oprnamespace = {ns}
          UNION ALL SELECT 'operator family ' || opfname FROM pg_opfamily WHERE opfnamespace = {ns}
          UNION ALL SELECT 'text search ' || cfgname FROM pg_ts_config WHERE cfgnamespace = {ns}
          UNION ALL SELECT 'text search ' || dictname FROM pg_ts_dict WHERE dictnamespace = {ns}
          UNION ALL SELECT 'conversion ' || conname FROM pg_conversion WHERE connamespace = {ns}
          UNION ALL SELECT 'extension member' FROM pg_depend d JOIN pg_class c ON c.oid = d.objid WHERE d.deptype = 'e' AND c.relnamespace = {ns}
        ) unsupported;
        SELECT format('CREATE TYPE %I AS ENUM (%s)', t.typname, coalesce(string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder), ''))
          FROM pg_type t LEFT JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typnamespace = {ns} AND t.typtype = 'e' GROUP BY t.oid, t.typname ORDER BY t.oid;
        SELECT format('CREATE SEQUENCE %I AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s%s', c.relname, format_type(s.seqtypid, NULL),
            s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache, CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END)
          FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid WHERE c.relnamespace = {ns} ORDER BY c.oid;
        SELECT pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.pronamespace = {ns} ORDER BY p.oid;
        SELECT format('CREATE %sTABLE %I (%s)', CASE c.relpersistence WHEN 'u' THEN 'UNLOGGED ' ELSE '' END, c.relname, coalesce((
            SELECT string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod))
                || CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                     THEN (SELECT format(' COLLATE %I.%I', cn.nspname, co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation)
                     ELSE '' END
                || CASE WHEN a.attgenerated = 's' THEN ' GENERATED ALWAYS AS (' || pg_get_expr(d.adbin, d.adrelid) || ') STORED'
                     WHEN d.adbin IS NOT NULL THEN ' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid) ELSE '' END
                || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END, ', ' ORDER BY a.attnum)
              FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), ''))
          FROM pg_class c WHERE c.relnamespace = {ns} AND c.relkind = 'r' ORDER BY c.oid;
        SELECT format('%I', c.relname),
               (SELECT string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''),
               x.rows
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          CROSS JOIN LATERAL (SELECT (xpath('/row/j/text()', query_to_xml(format('SELECT json_agg(t)::text AS j FROM %I.%I t', n.nspname, c.relname), false, true, '')))[1]::text AS rows) x
          WHERE c.relnamespace = {ns} AND c.relkind = 'r' AND x.rows IS NOT NULL ORDER BY c.oid;
        SELECT format('SELECT pg_catalog.setval(%L, %s, true)', quote_ident(s.sequencename), s.last_value)
          FROM pg_sequences s WHERE s.schemaname = (SELECT nspname FROM pg_namespace WHERE oid = {ns}) AND s.last_value IS NOT NULL
          ORDER BY s.sequencename;
        SELECT format('ALTER SEQUENCE %I OWNED BY %I.%I', s.relname, t.relname, a.attname)
          FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_class t ON t.oid = d.refobjid
          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
          WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a' AND s.relnamespace = {ns} ORDER BY s.oid;
        SELECT format('ALTER TABLE %I ADD CONSTRAINT %I %s', c.relname, con.conname, pg_get_constraintdef(con.oid))
          FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
          WHERE c.relnamespace = {ns} AND con.contype IN ('p', 'u', 'x', 'c') ORDER BY CASE con.contype WHEN 'c' THEN 1 ELSE 0 END, con.oid;
        SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
          WHERE c.relnamespace = {ns} AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
          ORDER BY i.indexrelid;
        SELECT format('ALTER TABLE %I ADD CONSTRAINT %I %s', c.relname, con.conname, pg_get_constraintdef(con.oid))
          FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid WHERE c.relnamespace = {ns} AND con.contype = 'f' ORDER BY con.oid;
        SELECT format('CREATE VIEW %I AS %s', c.relname, rtrim(pg_get_viewdef(c.oid), ';'))
          FROM pg_class c WHERE c.relnamespace = {ns} AND c.relkind = 'v' ORDER BY c.oid;
        SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          WHERE c.relnamespace = {ns} AND NOT t.tgisinternal ORDER BY t.oid;
        """;
}
